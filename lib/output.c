/* output.c — the five output formats (see output.h). */
#include "output.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "jsonio.h"
#include "text.h"
#include "value.h"

#define MAX_TEXT_WIDTH 40 /* table cells of free text are cut here */
#define BAR_WIDTH 24

struct out {
    FILE *fp;
    enum out_format fmt;
    int color;
    size_t ncols;
    char **names;
    enum out_type *types;
    int begun;
    size_t nrows;
    struct sbuf line;
    /* table: buffered cells */
    char ***rows;
    size_t rcap;
    char **footer;
    int bar_col;
    double bar_scale;
    int keep; /* out_new_rows: rows kept for out_value, never printed */
};

int
out_format_parse(const char *s, enum out_format *f)
{
    static const char *const names[] = {"table", "csv", "tsv", "json", "ndjson"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return *f = (enum out_format)i, 0;
    return -1;
}

struct out *
out_new(FILE *fp, enum out_format fmt, int color)
{
    struct out *o = xcalloc(1, sizeof *o);
    o->fp = fp;
    o->fmt = fmt;
    o->color = color;
    o->bar_col = -1;
    return o;
}

struct out *
out_new_rows(void)
{
    struct out *o = out_new(NULL, OUT_TABLE, 0);
    o->keep = 1;
    return o;
}

size_t
out_nrows(const struct out *o)
{
    return o->nrows;
}

const char *
out_value(const struct out *o, size_t r, const char *col)
{
    assert(o->keep);
    for (size_t i = 0; i < o->ncols; i++)
        if (strcmp(o->names[i], col) == 0) {
            if (r < o->nrows)
                return o->rows[r][i];
            if (r == o->nrows)
                return o->footer ? o->footer[i] : "";
            return NULL;
        }
    return NULL;
}

void
out_add_col(struct out *o, const char *name, enum out_type type)
{
    o->names = xrealloc(o->names, (o->ncols + 1) * sizeof *o->names);
    o->types = xrealloc(o->types, (o->ncols + 1) * sizeof *o->types);
    o->names[o->ncols] = xstrdup(name);
    o->types[o->ncols] = type;
    o->ncols++;
}

void
out_set_bar(struct out *o, int col, double scale)
{
    o->bar_col = col;
    o->bar_scale = scale;
}

static void
emit(struct out *o)
{
    fwrite(o->line.p, 1, o->line.len, o->fp);
    sbuf_reset(&o->line);
}

static void
tsv_field(struct sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\t':
            sbuf_add(b, "\\t", 2);
            break;
        case '\n':
            sbuf_add(b, "\\n", 2);
            break;
        case '\r':
            sbuf_add(b, "\\r", 2);
            break;
        case '\\':
            sbuf_add(b, "\\\\", 2);
            break;
        default:
            sbuf_addc(b, *s);
        }
    }
}

static void
begin(struct out *o)
{
    if (o->begun)
        return;
    o->begun = 1;
    switch (o->fmt) {
    case OUT_CSV:
        csvio_add_row(&o->line, (const char *const *)o->names, o->ncols, ',', 0);
        emit(o);
        break;
    case OUT_TSV:
        for (size_t i = 0; i < o->ncols; i++) {
            if (i)
                sbuf_addc(&o->line, '\t');
            tsv_field(&o->line, o->names[i]);
        }
        sbuf_addc(&o->line, '\n');
        emit(o);
        break;
    case OUT_JSON:
        fputs("[", o->fp);
        break;
    default:
        break;
    }
}

static void
json_object(struct out *o, const char *const *vals)
{
    sbuf_addc(&o->line, '{');
    for (size_t i = 0; i < o->ncols; i++) {
        const char *v = vals[i];
        if (i)
            sbuf_addc(&o->line, ',');
        jsonio_add_string(&o->line, o->names[i]);
        sbuf_addc(&o->line, ':');
        if (!v || !*v)
            sbuf_adds(&o->line, "null");
        else if (o->types[i] == OT_TEXT)
            jsonio_add_string(&o->line, v);
        else
            sbuf_adds(&o->line, v); /* canonical numbers are valid JSON numbers */
    }
    sbuf_addc(&o->line, '}');
}

void
out_row(struct out *o, const char *const *vals)
{
    begin(o);
    switch (o->fmt) {
    case OUT_CSV:
        csvio_add_row(&o->line, vals, o->ncols, ',', 0);
        break;
    case OUT_TSV:
        for (size_t i = 0; i < o->ncols; i++) {
            if (i)
                sbuf_addc(&o->line, '\t');
            if (vals[i])
                tsv_field(&o->line, vals[i]);
        }
        sbuf_addc(&o->line, '\n');
        break;
    case OUT_JSON:
        sbuf_adds(&o->line, o->nrows ? ",\n" : "\n");
        json_object(o, vals);
        break;
    case OUT_NDJSON:
        json_object(o, vals);
        sbuf_addc(&o->line, '\n');
        break;
    case OUT_TABLE: {
        char **cells = xcalloc(o->ncols, sizeof *cells);
        for (size_t i = 0; i < o->ncols; i++)
            cells[i] = xstrdup(vals[i] ? vals[i] : "");
        if (o->nrows == o->rcap) {
            o->rcap = o->rcap ? o->rcap * 2 : 32;
            o->rows = xrealloc(o->rows, o->rcap * sizeof *o->rows);
        }
        o->rows[o->nrows] = cells;
        break;
    }
    }
    o->nrows++;
    if (o->line.len)
        emit(o);
}

void
out_footer(struct out *o, const char *const *vals)
{
    if (o->fmt != OUT_TABLE)
        return;
    o->footer = xcalloc(o->ncols, sizeof *o->footer);
    for (size_t i = 0; i < o->ncols; i++)
        o->footer[i] = xstrdup(vals[i] ? vals[i] : "");
}

/* ---- the table --------------------------------------------------------- */

/* Table text of one cell: money grouped with two decimals in every row of
 * every report ("36,000.00" above "0.00", never "36,000" above "0"),
 * control characters made visible, long free text cut with an ellipsis.
 * Writes into b. */
static void
cell_text(struct out *o, size_t col, const char *v, struct sbuf *b)
{
    sbuf_reset(b);
    if (o->types[col] == OT_MONEY && *v) {
        char buf[MONEY_BUFSZ * 2];
        money_t m;
        if (money_parse(v, &m) == 0) {
            sbuf_adds(b, money_format_table(m, 2, buf));
            return;
        }
    }
    for (const char *p = v; *p; p++) {
        if (*p == '\n')
            sbuf_adds(b, "\xe2\x86\xb5"); /* ↵ */
        else if ((unsigned char)*p < 0x20 || *p == 0x7f)
            sbuf_addc(b, ' ');
        else
            sbuf_addc(b, *p);
    }
    if (o->types[col] == OT_TEXT && text_width(b->p) > MAX_TEXT_WIDTH) {
        size_t keep = text_fit(b->p, MAX_TEXT_WIDTH - 1);
        b->len = keep;
        b->p[keep] = '\0';
        sbuf_adds(b, "\xe2\x80\xa6"); /* … */
    }
}

static void
put_padded(struct out *o, const char *s, size_t width, int right)
{
    size_t w = text_width(s);
    if (right)
        for (size_t i = w; i < width; i++)
            sbuf_addc(&o->line, ' ');
    sbuf_adds(&o->line, s);
    if (!right)
        for (size_t i = w; i < width; i++)
            sbuf_addc(&o->line, ' ');
}

static void
put_bar(struct out *o, const char *v, double max)
{
    static const char *const eighths[] = {"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
                                          "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
                                          "\xe2\x96\x89"};
    double x = v && *v ? strtod(v, NULL) : 0, full = o->bar_scale > 0 ? o->bar_scale : max;
    int cells, frac;
    if (!(full > 0) || !(x > 0))
        return;
    x = x / full * (o->bar_scale > 0 ? BAR_WIDTH * 2 / 3 : BAR_WIDTH);
    if (x > BAR_WIDTH)
        x = BAR_WIDTH;
    cells = (int)x;
    frac = (int)((x - cells) * 8);
    sbuf_adds(&o->line, "  ");
    if (o->color)
        sbuf_adds(&o->line, o->bar_scale > 0 && strtod(v, NULL) >= o->bar_scale ? "\033[32m"
                                                                                 : "\033[36m");
    for (int i = 0; i < cells; i++)
        sbuf_adds(&o->line, "\xe2\x96\x88"); /* █ */
    sbuf_adds(&o->line, eighths[frac]);
    if (o->color)
        sbuf_adds(&o->line, "\033[0m");
}

static void
print_table(struct out *o)
{
    size_t *width = xcalloc(o->ncols, sizeof *width);
    struct sbuf cell = {0};
    double max = 0;
    size_t total = o->nrows + (o->footer != NULL);

    for (size_t r = 0; r < total; r++) {
        char **row = r < o->nrows ? o->rows[r] : o->footer;
        if (o->bar_col >= 0 && r < o->nrows) {
            double x = strtod(row[o->bar_col], NULL);
            if (x > max)
                max = x;
        }
    }
    for (size_t i = 0; i < o->ncols; i++)
        width[i] = text_width(o->names[i]);
    for (size_t r = 0; r < total; r++) {
        char **row = r < o->nrows ? o->rows[r] : o->footer;
        for (size_t i = 0; i < o->ncols; i++) {
            cell_text(o, i, row[i], &cell);
            size_t w = text_width(cell.p);
            if (w > width[i])
                width[i] = w;
        }
    }
    /* header */
    if (o->color)
        sbuf_adds(&o->line, "\033[1m");
    for (size_t i = 0; i < o->ncols; i++) {
        if (i)
            sbuf_adds(&o->line, "  ");
        put_padded(o, o->names[i], i + 1 < o->ncols || o->types[i] != OT_TEXT ? width[i] : 0,
                   o->types[i] != OT_TEXT);
    }
    if (o->color)
        sbuf_adds(&o->line, "\033[0m");
    sbuf_addc(&o->line, '\n');
    emit(o);
    for (size_t r = 0; r < total; r++) {
        char **row = r < o->nrows ? o->rows[r] : o->footer;
        if (r == o->nrows && o->color)
            sbuf_adds(&o->line, "\033[1m");
        for (size_t i = 0; i < o->ncols; i++) {
            if (i)
                sbuf_adds(&o->line, "  ");
            cell_text(o, i, row[i], &cell);
            int last_text = i + 1 == o->ncols && o->types[i] == OT_TEXT && o->bar_col < 0;
            put_padded(o, cell.p, last_text ? 0 : width[i], o->types[i] != OT_TEXT);
        }
        if (o->bar_col >= 0 && r < o->nrows)
            put_bar(o, row[o->bar_col], max);
        if (r == o->nrows && o->color)
            sbuf_adds(&o->line, "\033[0m");
        /* no trailing blanks */
        while (o->line.len && o->line.p[o->line.len - 1] == ' ')
            o->line.len--;
        sbuf_addc(&o->line, '\n');
        emit(o);
    }
    sbuf_release(&cell);
    free(width);
}

int
out_end(struct out *o, struct err *e)
{
    if (o->keep)
        return 0;
    begin(o);
    if (o->fmt == OUT_TABLE)
        print_table(o);
    else if (o->fmt == OUT_JSON)
        fputs(o->nrows ? "\n]\n" : "]\n", o->fp);
    if (fflush(o->fp) != 0 || ferror(o->fp))
        return err_sys(e, NULL, "write error");
    return 0;
}

void
out_free(struct out *o)
{
    if (!o)
        return;
    for (size_t r = 0; r < o->nrows && o->rows; r++) {
        for (size_t i = 0; i < o->ncols; i++)
            free(o->rows[r][i]);
        free(o->rows[r]);
    }
    if (o->footer)
        for (size_t i = 0; i < o->ncols; i++)
            free(o->footer[i]);
    free(o->footer);
    free(o->rows);
    for (size_t i = 0; i < o->ncols; i++)
        free(o->names[i]);
    free(o->names);
    free(o->types);
    sbuf_release(&o->line);
    free(o);
}

char *
out_ratio(double num, double den, char *buf, size_t n)
{
    if (den == 0 || !isfinite(num / den)) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, n, "%.2f", num / den + 0.0);
    if (strcmp(buf, "-0.00") == 0)
        snprintf(buf, n, "0.00");
    return buf;
}

/* 1234567 -> "1.2M", 34500 -> "34.5k": the chart's scale labels. */
static void
compact_number(double v, char *buf, size_t n)
{
    static const char *const units[] = {"", "k", "M", "G", "T"};
    int u = 0;
    while (fabs(v) >= 1000 && u < 4) {
        v /= 1000;
        u++;
    }
    snprintf(buf, n, fabs(v) < 10 && u ? "%.1f%s" : "%.0f%s", v, units[u]);
}

int
out_chart_first(int nh, int nf, int width)
{
    int skip;
    if (width < nf + 12)
        width = nf + 12;
    skip = nh + nf + 1 > width - 8 ? nh + nf + 1 - (width - 8) : 0;
    return skip > nh ? nh : skip;
}

void
out_chart(FILE *fp, const double *hist, int nh, const double *fc, int nf, const char *first,
          const char *split, const char *last, int width, int color)
{
    static const char *const eighth[] = {" ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                         "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                         "\xe2\x96\x87", "\xe2\x96\x88"};
    char top[32], zero[32];
    double max = 0;
    int skip, axis;
    struct sbuf b = {0};

    skip = out_chart_first(nh, nf, width); /* the oldest history is dropped first */
    for (int i = skip; i < nh; i++)
        max = hist[i] > max ? hist[i] : max;
    for (int i = 0; i < nf; i++)
        max = fc[i] > max ? fc[i] : max;
    if (!(max > 0))
        max = 1;
    compact_number(max, top, sizeof top);
    compact_number(0, zero, sizeof zero);
    axis = (int)(strlen(top) > strlen(zero) ? strlen(top) : strlen(zero));
    for (int r = CHART_ROWS - 1; r >= 0; r--) {
        sbuf_reset(&b);
        sbuf_addf(&b, "%*s \xe2\x94\xa4", axis, r == CHART_ROWS - 1 ? top : r == 0 ? zero : "");
        for (int i = skip; i < nh + nf + 1; i++) {
            double v;
            int level, k;
            if (i == nh) { /* the divider */
                sbuf_adds(&b, "\xe2\x94\x82");
                continue;
            }
            v = i < nh ? hist[i] : fc[i - nh - 1];
            level = v > 0 ? (int)lround(v / max * CHART_ROWS * 8) : 0;
            k = level - r * 8;
            k = k < 0 ? 0 : k > 8 ? 8 : k;
            if (color && k)
                sbuf_adds(&b, i < nh ? "\033[36m" : "\033[33m");
            sbuf_adds(&b, eighth[k]);
            if (color && k)
                sbuf_adds(&b, "\033[0m");
        }
        while (b.len && b.p[b.len - 1] == ' ')
            b.len--;
        sbuf_addc(&b, '\n');
        fwrite(b.p, 1, b.len, fp);
    }
    /* labels: first under the first column, split after the divider, last at the end */
    sbuf_reset(&b);
    int col0 = axis + 2, hcols = nh - skip;
    sbuf_addf(&b, "%*s%s", col0, "", first);
    int pos = col0 + (int)text_width(first);
    int want = col0 + hcols + 1;
    if (pos < want)
        sbuf_addf(&b, "%*s", want - pos, ""), pos = want;
    else
        sbuf_addc(&b, ' '), pos++;
    sbuf_adds(&b, split);
    pos += (int)text_width(split);
    if (nf > 1) {
        int end = col0 + hcols + 1 + nf - (int)text_width(last);
        sbuf_addf(&b, "%*s%s", end > pos ? end - pos : 1, "", last);
    }
    sbuf_addc(&b, '\n');
    fwrite(b.p, 1, b.len, fp);
    sbuf_release(&b);
}
