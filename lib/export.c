/* export.c — records for spreadsheets: CSV and .xlsx (see export.h). */
#include "export.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "conv.h"
#include "csvio.h"
#include "outfile.h"
#include "text.h"

int
export_guard_needed(const char *s, int decimal_comma)
{
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r'", s[1]))
        return 1;
    if (!s[0] || !strchr("=+-@\t\r", s[0]))
        return 0;
    return !conv_plain_number(s, decimal_comma);
}

/* Text a spreadsheet would take for a number or a date ("00123",
 * "2026-11", "+49 30 1234"): quoted, so that "quoted field as text" keeps
 * it as typed. */
static int
looks_numeric(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (!strchr(" +-.,/:()eE", *s))
            return 0;
    }
    return digits > 0;
}

/* Columns whose values are text even when they look like numbers. */
static int
text_column(const struct column_def *c)
{
    if (!c)
        return 1; /* the user's own: keep as typed */
    switch (c->type) {
    case CT_MONEY:
    case CT_INT:
    case CT_PERCENT:
    case CT_DATE:
    case CT_DATETIME:
        return 0;
    default:
        return 1;
    }
}

/* Append one non-empty cell v to b: guarded under --safe, the decimal
 * point of an amount made a comma, quoted where needed (def: the cell's
 * column, NULL for the user's own; header: v is a column name, only
 * guarded and quoted). cell is scratch space. */
static void
add_cell(struct sbuf *b, struct sbuf *cell, const char *v, const struct column_def *def, int header,
         const struct export_opts *o, char delim)
{
    sbuf_reset(cell);
    if (o->safe && export_guard_needed(v, o->decimal_comma))
        sbuf_addc(cell, '\'');
    sbuf_adds(cell, v);
    if (!header && o->decimal_comma && def && def->type == CT_MONEY) {
        char *dot = strchr(cell->p, '.');
        if (dot)
            *dot = ',';
    }
    if ((!header && text_column(def) && looks_numeric(cell->p)) ||
        csvio_needs_quotes(cell->p, cell->len, delim)) {
        sbuf_addc(b, '"');
        for (const char *p = cell->p; *p; p++) {
            if (*p == '"')
                sbuf_addc(b, '"');
            sbuf_addc(b, *p);
        }
        sbuf_addc(b, '"');
    } else {
        sbuf_add(b, cell->p, cell->len);
    }
}

int
export_csv(struct store *s, struct table *t, const struct filter *f, const struct export_opts *o,
           FILE *fp, struct err *e)
{
    const struct column_def **defs = xcalloc(t->nhead + 1, sizeof *defs);
    struct sbuf b = {0}, cell = {0};
    char delim = o->delim ? o->delim : o->decimal_comma ? ';' : ',';
    int rc;

    (void)s;
    for (size_t j = 0; j < t->nhead; j++) {
        int i = t->ent ? schema_col(t->ent, t->head[j]) : -1;
        defs[j] = i >= 0 ? &t->ent->cols[i] : NULL;
    }
    if (o->bom)
        sbuf_adds(&b, "\xEF\xBB\xBF");
    for (size_t j = 0; j < t->nhead; j++) { /* a user's own column name is a cell too */
        if (j)
            sbuf_addc(&b, delim);
        if (*t->head[j])
            add_cell(&b, &cell, t->head[j], NULL, 1, o, delim);
    }
    sbuf_adds(&b, o->crlf ? "\r\n" : "\n");
    while ((rc = table_next(t, e)) == 1) {
        if (f && !filter_match(f, t))
            continue;
        for (size_t j = 0; j < t->nhead; j++) {
            const char *v = table_cell(t, j);
            if (j)
                sbuf_addc(&b, delim);
            if (*v)
                add_cell(&b, &cell, v, defs[j], 0, o, delim);
        }
        sbuf_adds(&b, o->crlf ? "\r\n" : "\n");
        if (b.len >= 65536) {
            fwrite(b.p, 1, b.len, fp);
            sbuf_reset(&b);
        }
    }
    if (b.len)
        fwrite(b.p, 1, b.len, fp);
    sbuf_release(&b);
    sbuf_release(&cell);
    free(defs);
    return rc < 0 ? -1 : 0;
}

/* ---- xlsx ------------------------------------------------------------- */

struct money_fmt {
    char code[8];
    lxw_format *fmt;
};

struct xl {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *date, *ts, *integer, *wrap;
    struct money_fmt money[64];
    int nmoney;
};

/* Currencies with a sign spreadsheets show before the amount. */
static const char *
currency_sign(const char *code)
{
    static const struct {
        const char *code, *sign;
    } v[] = {{"USD", "$"}, {"EUR", "\xE2\x82\xAC"}, {"GBP", "\xC2\xA3"}, {"JPY", "\xC2\xA5"},
             {"CNY", "\xC2\xA5"}, {"INR", "\xE2\x82\xB9"}, {"KRW", "\xE2\x82\xA9"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcmp(v[i].code, code) == 0)
            return v[i].sign;
    return NULL;
}

static lxw_format *
money_format_for(struct xl *x, const char *code)
{
    char num[64];
    const char *sign;
    for (int i = 0; i < x->nmoney; i++)
        if (strcmp(x->money[i].code, code) == 0)
            return x->money[i].fmt;
    if (x->nmoney == 64)
        return x->money[63].fmt;
    sign = currency_sign(code);
    if (sign)
        snprintf(num, sizeof num, "\"%s\"#,##0.00", sign);
    else
        snprintf(num, sizeof num, "#,##0.00 \"%s\"", code);
    lxw_format *f = workbook_add_format(x->wb);
    format_set_num_format(f, num);
    snprintf(x->money[x->nmoney].code, sizeof x->money[x->nmoney].code, "%s", code);
    x->money[x->nmoney].fmt = f;
    x->nmoney++;
    return f;
}

static int
xl_failed(lxw_error rc, const char *path, long line, const char *col, struct err *e)
{
    if (rc == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return err_at(e, path, line,
                      "%s: longer than the 32767 characters an .xlsx cell holds (export it as CSV)",
                      col);
    return err_at(e, path, line, "%s: %s", col, lxw_strerror(rc));
}

long
export_xlsx(struct store *s, struct table *t, const struct filter *f, const char *path,
            struct err *e)
{
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
    struct xl x;
    const struct column_def **defs = xcalloc(t->nhead + 1, sizeof *defs);
    double *width = xcalloc(t->nhead + 1, sizeof *width);
    int c_currency = table_find(t, "currency");
    long row = 0;
    int rc;
    lxw_error lrc;
    struct outfile of = {0};

    memset(&x, 0, sizeof x);
    if (t->nhead > LXW_COL_MAX) {
        err_at(e, t->name, 1, "more than %d columns: too many for a worksheet", LXW_COL_MAX);
        goto fail;
    }
    if (outfile_open_path(&of, path, e))
        goto fail;
    if (!of.name) {
        err_set(e, "--xlsx -: a workbook cannot go to standard output; give a file name");
        goto fail;
    }
    x.wb = workbook_new_opt(of.name, &wo);
    if (!x.wb) {
        err_sys(e, path, "cannot create");
        goto fail;
    }
    x.ws = workbook_add_worksheet(x.wb, t->ent ? t->ent->name : NULL);
    x.bold = workbook_add_format(x.wb);
    format_set_bold(x.bold);
    x.date = workbook_add_format(x.wb);
    format_set_num_format(x.date, "yyyy-mm-dd");
    x.ts = workbook_add_format(x.wb);
    format_set_num_format(x.ts, "yyyy-mm-dd\"T\"hh:mm:ss\"Z\"");
    x.integer = workbook_add_format(x.wb);
    format_set_num_format(x.integer, "0");
    x.wrap = workbook_add_format(x.wb);
    format_set_text_wrap(x.wrap);
    format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);

    for (size_t j = 0; j < t->nhead; j++) {
        int i = t->ent ? schema_col(t->ent, t->head[j]) : -1;
        defs[j] = i >= 0 ? &t->ent->cols[i] : NULL;
        width[j] = (double)text_width(t->head[j]) + 3; /* room for the filter button */
        if ((lrc = worksheet_write_string(x.ws, 0, (lxw_col_t)j, t->head[j], x.bold)))
            goto lfail_head;
    }
    while ((rc = table_next(t, e)) == 1) {
        if (f && !filter_match(f, t))
            continue;
        if (row + 1 >= LXW_ROW_MAX) {
            err_at(e, t->name, table_line(t), "more than %d rows: too many for a worksheet",
                   LXW_ROW_MAX - 1);
            goto fail;
        }
        row++;
        for (size_t j = 0; j < t->nhead; j++) {
            const char *v = table_cell(t, j);
            const struct column_def *c = defs[j];
            double w = 0;
            char buf[64];
            if (!*v)
                continue;
            lrc = LXW_NO_ERROR;
            enum col_type ty = c ? c->type : CT_TEXT;
            money_t m;
            sdate d;
            int secs;
            char *end;
            long n;
            if (ty == CT_MONEY && money_parse(v, &m) == 0 && m < INT64_C(1000000000000000) &&
                m > -INT64_C(1000000000000000)) {
                /* exact in a double to the cent below 10^13 */
                const char *code = c_currency >= 0 && *table_cell(t, (size_t)c_currency)
                                       ? table_cell(t, (size_t)c_currency)
                                       : s->currency;
                lrc = worksheet_write_number(x.ws, (lxw_row_t)row, (lxw_col_t)j,
                                             (double)m / 100.0, money_format_for(&x, code));
                w = (double)strlen(money_format_table(m, 2, buf)) + 3;
            } else if ((ty == CT_INT || ty == CT_PERCENT) && (n = strtol(v, &end, 10), !*end) &&
                       end != v) {
                lrc = worksheet_write_number(x.ws, (lxw_row_t)row, (lxw_col_t)j, (double)n,
                                             x.integer);
                w = (double)strlen(v);
            } else if ((ty == CT_DATE || ty == CT_DATETIME) && conv_date_iso(v, &d, &secs) == 0) {
                int y, mo, dd;
                date_to_ymd(d, &y, &mo, &dd);
                if (y < 1900) /* before the spreadsheet epoch: keep it as text */
                    goto as_text;
                lxw_datetime dt = {y, mo, dd, secs >= 0 ? secs / 3600 : 0,
                                   secs >= 0 ? secs / 60 % 60 : 0, secs >= 0 ? secs % 60 : 0};
                lrc = worksheet_write_datetime(x.ws, (lxw_row_t)row, (lxw_col_t)j, &dt,
                                               secs >= 0 ? x.ts : x.date);
                w = secs >= 0 ? 20 : 10;
            } else {
            as_text:
                lrc = worksheet_write_string(x.ws, (lxw_row_t)row, (lxw_col_t)j, v,
                                             strchr(v, '\n') ? x.wrap : NULL);
                /* the widest line, for the column width */
                const char *p = v;
                while (*p) {
                    size_t k = strcspn(p, "\n");
                    char *one = xstrndup(p, k);
                    double lw = (double)text_width(one);
                    free(one);
                    if (lw > w)
                        w = lw;
                    p += k + (p[k] == '\n');
                }
            }
            if (lrc) {
                xl_failed(lrc, t->name, table_line(t), t->head[j], e);
                goto fail;
            }
            if (w > width[j])
                width[j] = w;
        }
    }
    if (rc < 0)
        goto fail;
    for (size_t j = 0; j < t->nhead; j++)
        worksheet_set_column(x.ws, (lxw_col_t)j, (lxw_col_t)j,
                             width[j] < 8 ? 8 : width[j] > 60 ? 60 : width[j] + 1, NULL);
    worksheet_freeze_panes(x.ws, 1, 0);
    if (t->nhead)
        worksheet_autofilter(x.ws, 0, 0, (lxw_row_t)row, (lxw_col_t)(t->nhead - 1));
    lrc = workbook_close(x.wb);
    x.wb = NULL;
    if (lrc) {
        err_at(e, path, 0, "cannot write the workbook: %s", lxw_strerror(lrc));
        goto fail;
    }
    if (outfile_commit(&of, e))
        goto fail;
    free(defs);
    free(width);
    return row;
lfail_head:
    xl_failed(lrc, t->name, 1, "header", e);
fail:
    if (x.wb)
        workbook_close(x.wb);
    outfile_discard(&of);
    free(defs);
    free(width);
    return -1;
}
