/* cli.c — the shared command-line glue (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

void
cli_init(struct cli *c, const char *prog, const char *usage, const char *help)
{
    const char *force = getenv("SALES_FORCE_TTY");
    memset(c, 0, sizeof *c);
    /* a file size limit (ulimit -f) is then a write error like a full
     * disk, rolled back like any other, not a kill half-way through */
    signal(SIGXFSZ, SIG_IGN);
    c->prog = prog;
    c->usage = usage;
    c->help = help;
    c->tty = (force && strcmp(force, "1") == 0) || isatty(1);
    c->fmt = c->tty ? OUT_TABLE : OUT_CSV;
    filter_init(&c->filter);
}

_Noreturn void
cli_usage(struct cli *c, const char *fmt, ...)
{
    if (fmt) {
        va_list ap;
        fprintf(stderr, "%s: ", c->prog);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    fputs(c->usage, stderr);
    exit(2);
}

_Noreturn void
cli_fail(struct cli *c, const struct err *e)
{
    fprintf(stderr, "%s: %s\n", c->prog, e->msg);
    if (c->have_store && c->store.locked)
        store_rollback(&c->store);
    exit(1);
}

_Noreturn void
cli_failf(struct cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err.msg, sizeof c->err.msg, fmt, ap);
    va_end(ap);
    cli_fail(c, &c->err);
}

void
cli_print_version(const struct cli *c)
{
    printf("%s (salesutils) %s\n", c->prog, SALES_VERSION);
}

void
cli_option(struct cli *c, int opt, const char *arg)
{
    switch (opt) {
    case 'D':
        c->data_opt = arg;
        return;
    case 'h':
        fputs(c->usage, stdout);
        if (c->help)
            fputs(c->help, stdout);
        exit(cli_exit(c, 0)); /* stdout checked: a full disk is exit 1 with a message */
    case CLI_VERSION:
        cli_print_version(c);
        exit(cli_exit(c, 0));
    case 'f':
        if (out_format_parse(arg, &c->fmt))
            cli_failf(c, "bad --format '%s' (expected table, csv, tsv, json or ndjson)", arg);
        c->fmt_given = 1;
        return;
    case 'n':
        c->dry_run = 1;
        return;
    case FILTER_OWNER:
    case FILTER_TEAM:
    case FILTER_SEGMENT:
    case FILTER_STAGE:
    case FILTER_STATUS:
    case FILTER_SOURCE:
    case FILTER_SINCE:
    case FILTER_UNTIL:
    case FILTER_PERIOD:
    case FILTER_WHERE:
        c->fopts = xrealloc(c->fopts, (c->nf + 1) * sizeof *c->fopts);
        c->fargs = xrealloc(c->fargs, (c->nf + 2) * sizeof *c->fargs);
        c->fopts[c->nf] = opt;
        c->fargs[c->nf] = xstrdup(arg);
        c->fargs[++c->nf] = NULL;
        return;
    default:
        cli_usage(c, NULL); /* getopt already said what was wrong */
    }
}

/* The operand names of the first synopsis in the usage text: its words
 * outside brackets, in capitals or a choice ("ID STAGE" of "deal-move
 * [-D DIR] ID STAGE", "won|lost"; "ID..." is ID). Up to max; how many
 * found, or -1 when the synopsis has other bare words (a literal such as
 * "export", or an option's argument). */
static int
usage_operands(const char *u, char names[][24], int max)
{
    int depth = 0, n = 0, other = 0;
    const char *p = strchr(u, ':');

    if (!p || !*++p)
        return -1;
    while (*p == ' ')
        p++;
    p += strcspn(p, " \n"); /* the program's name */
    while (*p) {
        size_t len;
        if (*p == '\n' && p[1] != ' ')
            break;
        if (*p == '\n') { /* a second synopsis, or this one continued */
            const char *w = p + strspn(p, "\n ");
            if (strncmp(w, "usage", 5) == 0 || (*w && *w != '[' && *w != '-' && *w != '{' &&
                                                 !(*w >= 'A' && *w <= 'Z')))
                break;
        }
        p += strspn(p, " \n");
        len = strcspn(p, " \n");
        if (!len)
            break;
        if (depth == 0 && *p != '[' && *p != '{' && *p != '-' &&
            !(len == 3 && strncmp(p, "...", 3) == 0)) {
            size_t i = 0, word = len >= 3 && strncmp(p + len - 3, "...", 3) == 0 ? len - 3 : len;
            while (i < word && ((p[i] >= 'A' && p[i] <= 'Z') || p[i] == '_'))
                i++;
            if (i < word && memchr(p, '|', word)) /* a choice: won|lost */
                i = word;
            if (i == word && n < max && word < sizeof names[0])
                snprintf(names[n++], sizeof names[0], "%.*s", (int)word, p);
            else
                other = 1;
        }
        for (size_t i = 0; i < len; i++)
            depth += (p[i] == '[' || p[i] == '{') - (p[i] == ']' || p[i] == '}');
        p += len;
    }
    return other ? -1 : n;
}

void
cli_operands(struct cli *c, int argc, char **argv, int min, int max)
{
    if (argc < min) {
        char names[4][24];
        if ((max == min || max < 0) && min <= 4 && usage_operands(c->usage, names, 4) == min) {
            struct sbuf b = {0};
            for (int i = argc; i < min; i++)
                sbuf_addf(&b, " %s", names[i]);
            cli_usage(c, "missing operand%s:%s", min - argc > 1 ? "s" : "", b.p);
        }
        cli_usage(c, "missing operand");
    }
    if (max >= 0 && argc > max)
        cli_usage(c, "unexpected operand '%s'", argv[max]);
}

struct store *
cli_open(struct cli *c)
{
    int needs_reps = 0;
    if (store_open(&c->store, c->data_opt, c->prog, &c->err))
        cli_fail(c, &c->err);
    c->have_store = 1;
    c->store.dry_run = c->dry_run;
    for (size_t i = 0; i < c->nf; i++) {
        if (filter_option(&c->filter, c->fopts[i], c->fargs[i], &c->store.vc, &c->err))
            cli_fail(c, &c->err);
        needs_reps |= c->fopts[i] == FILTER_TEAM || c->fopts[i] == FILTER_OWNER;
    }
    if (needs_reps) {
        struct reps r;
        if (reps_load(&c->store, &r, &c->err))
            cli_fail(c, &c->err);
        if (filter_resolve_owners(&c->filter, &r, &c->err)) {
            reps_release(&r);
            cli_fail(c, &c->err);
        }
        reps_release(&r);
    }
    for (size_t i = 0; i < c->filter.nwhere; i++)
        if (strcmp(c->filter.where[i].field, "stage") == 0) { /* --where 'stage = ...' too */
            struct stages st;
            size_t n = 0;
            if (stages_load(&c->store, &st, &c->err))
                cli_fail(c, &c->err);
            c->filter.stage_names = xcalloc(st.n + 1, sizeof *c->filter.stage_names);
            for (size_t k = 0; k < st.n; k++)
                c->filter.stage_names[n++] = xstrdup(st.v[k].name);
            stages_release(&st);
            break;
        }
    if (c->filter.stages) { /* --stage names must be stages */
        struct stages st;
        if (stages_load(&c->store, &st, &c->err))
            cli_fail(c, &c->err);
        for (char **p = c->filter.stages; *p; p++)
            if (!stages_find(&st, *p)) {
                struct sbuf names = {0};
                snprintf(c->err.msg, sizeof c->err.msg, "unknown stage '%s' (stages: %s)", *p,
                         stages_names(&st, &names));
                sbuf_release(&names);
                stages_release(&st);
                cli_fail(c, &c->err);
            }
        stages_release(&st);
    }
    return &c->store;
}

void
cli_lock(struct cli *c)
{
    if (store_lock(&c->store, &c->err))
        cli_fail(c, &c->err);
}

void
cli_commit(struct cli *c)
{
    if (store_commit(&c->store, &c->err))
        cli_fail(c, &c->err);
}

int
cli_color(const struct cli *c)
{
    const char *nc = getenv("NO_COLOR");
    return c->fmt == OUT_TABLE && c->tty && !(nc && *nc) && getenv("TERM") &&
           strcmp(getenv("TERM"), "dumb") != 0;
}

struct out *
cli_out(struct cli *c)
{
    return out_new(stdout, c->fmt, cli_color(c));
}

void
cli_out_end(struct cli *c, struct out *o)
{
    if (out_end(o, &c->err)) {
        out_free(o);
        cli_fail(c, &c->err);
    }
    out_free(o);
}

sdate
cli_parse_date(struct cli *c, const char *flag, const char *arg)
{
    sdate d;
    if (date_parse_rel(arg, c->have_store ? c->store.today : sales_today(), &d))
        cli_failf(c, "bad --%s '%s' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)", flag,
                  arg);
    return d;
}

int
cli_exit(struct cli *c, int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error: %s\n", c->prog, strerror(errno ? errno : EIO));
        rc = 1;
    }
    filter_release(&c->filter);
    if (c->have_store)
        store_close(&c->store);
    free(c->fopts);
    strv_free(c->fargs);
    return rc;
}

/* ---- a model's evaluation ------------------------------------------------ */

static void
ratio(char *buf, size_t n, const char *fmt, double v)
{
    if (isnan(v))
        buf[0] = 0;
    else
        snprintf(buf, n, fmt, v + 0.0);
}

void
cli_evaluation(struct cli *c, const struct model_eval *ev, const char *const words[3],
               const char *cut, const char *baseline)
{
    const char *what = words[0];
    char a[32], b[32], name[32], sum[2][256];
    /* json: one document, {"measures": [...], "calibration": [...],
     * "summary": [...]}; ndjson: a record a line, the summary's lines last */
    int js = c->fmt == OUT_JSON, nd = c->fmt == OUT_NDJSON;
    const char *lost[3];
    int nl = 0;
    if (!(ev->auc[0] > ev->auc[1]))
        lost[nl++] = "AUC";
    if (!(ev->brier[0] < ev->brier[1]))
        lost[nl++] = "Brier";
    if (!(ev->logloss[0] < ev->logloss[1]))
        lost[nl++] = "log loss";
    snprintf(sum[0], sizeof sum[0], "trained on %zu %s %s before %s, tested on %zu %s from then on",
             ev->ntrain, what, words[1], cut, ev->ntest, words[1]);
    if (nl == 0) {
        snprintf(sum[1], sizeof sum[1], "the model beats %s on AUC, Brier and log loss", baseline);
    } else {
        size_t len = (size_t)snprintf(sum[1], sizeof sum[1], "the model does NOT beat %s on",
                                      baseline);
        for (int i = 0; i < nl && len < sizeof sum[1]; i++)
            len += (size_t)snprintf(sum[1] + len, sizeof sum[1] - len, "%s %s",
                                    i == 0 ? "" : i == nl - 1 ? " and" : ",", lost[i]);
        if (len < sizeof sum[1])
            snprintf(sum[1] + len, sizeof sum[1] - len, ": trust the baseline over its scores");
    }

    if (js)
        fputs("{\"measures\":\n", stdout);
    struct out *o = cli_out(c);
    out_add_col(o, "measure", OT_TEXT);
    out_add_col(o, "model", OT_RATIO);
    out_add_col(o, "baseline", OT_RATIO);
    snprintf(name, sizeof name, "train_%s", what);
    snprintf(a, sizeof a, "%zu", ev->ntrain);
    out_row(o, (const char *[]){name, a, a});
    snprintf(name, sizeof name, "test_%s", what);
    snprintf(a, sizeof a, "%zu", ev->ntest);
    out_row(o, (const char *[]){name, a, a});
    snprintf(a, sizeof a, "%zu", ev->test_won);
    snprintf(name, sizeof name, "test_%s", words[2]);
    out_row(o, (const char *[]){name, a, a});
    ratio(a, sizeof a, "%.4f", ev->auc[0]);
    ratio(b, sizeof b, "%.4f", ev->auc[1]);
    out_row(o, (const char *[]){"auc", a, b});
    ratio(a, sizeof a, "%.4f", ev->brier[0]);
    ratio(b, sizeof b, "%.4f", ev->brier[1]);
    out_row(o, (const char *[]){"brier", a, b});
    ratio(a, sizeof a, "%.4f", ev->logloss[0]);
    ratio(b, sizeof b, "%.4f", ev->logloss[1]);
    out_row(o, (const char *[]){"log_loss", a, b});
    cli_out_end(c, o);

    fputs(js ? ",\"calibration\":\n" : nd ? "" : "\n", stdout);
    o = cli_out(c);
    out_add_col(o, "bin", OT_TEXT);
    out_add_col(o, what, OT_INT);
    out_add_col(o, "predicted", OT_RATIO);
    out_add_col(o, words[2], OT_RATIO);
    for (int i = 0; i < 10; i++) {
        char bin[16], n[24];
        snprintf(bin, sizeof bin, "%.1f-%.1f", ev->calib[i].lo, ev->calib[i].hi);
        snprintf(n, sizeof n, "%zu", ev->calib[i].n);
        ratio(a, sizeof a, "%.2f", ev->calib[i].mean_p);
        ratio(b, sizeof b, "%.2f", ev->calib[i].rate);
        out_row(o, (const char *[]){bin, n, a, b});
    }
    cli_out_end(c, o);

    /* the summary's text holds no '"' or '\\': fixed words, a date, counts */
    if (js)
        printf(",\"summary\":[\"%s\",\n\"%s\"]}\n", sum[0], sum[1]);
    else if (nd)
        printf("{\"summary\":\"%s\"}\n{\"summary\":\"%s\"}\n", sum[0], sum[1]);
    else
        printf("\ntrained on%s\n%s\n", sum[0] + strlen("trained on"), sum[1]);
}
