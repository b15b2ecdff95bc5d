/* lead-score — score leads from a rules file plus engagement; --explain shows the points. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "leadlearn.h"
#include "score.h"

static const char usage[] =
    "usage: lead-score [-D DIR] [-f FORMAT] [--rules FILE] [--days N] [--half-life N] [-n]\n"
    "                  [--owner REP] [--team TEAM] [--segment SEGMENT] [--status STATUS]\n"
    "                  [--source SOURCE] [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                  [--where 'FIELD OP VALUE'] ...\n"
    "       lead-score [-D DIR] [-f FORMAT] [--rules FILE] [--days N] [--half-life N]\n"
    "                  --explain ID\n"
    "       lead-score [-D DIR] [-f FORMAT] --evaluate [--holdout FRACTION]\n";
static const char help[] =
    "\n  --rules FILE     the rules: 'FIELD OP VALUE POINTS' and 'activity TYPE POINTS'\n"
    "                   (default DIR/lead-score.rules when it exists; without rules,\n"
    "                   a model learnt from converted against disqualified leads\n"
    "                   scores the open leads in percent)\n"
    "  --evaluate       the model on the latest decided leads against the conversion\n"
    "                   rate of their status: AUC, Brier, log loss, calibration\n"
    "  --holdout F      the share of decisions --evaluate holds out (default 0.2)\n"
    "  --days N         engagement counts activities of the last N days (default 90)\n"
    "  --half-life N    an activity N days old is worth half its points (default 14)\n"
    "  -n, --dry-run    do it all as for real, then write nothing\n"
    "  --explain ID     show the points behind one lead's score, write nothing\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Columns: lead,name,score,previous; with --explain: rule,value,points (the\n"
    "model: feature,value,term).\n";

enum { OPT_RULES = CLI_FIRST_PRIVATE, OPT_DAYS, OPT_HALF, OPT_EXPLAIN, OPT_EVALUATE, OPT_HOLDOUT };

/* Without rules: the learnt model. */
static int
learnt(struct cli *c, const char *explain, int eval, double holdout)
{
    struct leadlearn ll;
    struct store *s = &c->store;
    char buf[64];
    if (!explain && !eval)
        cli_lock(c);
    if (leadlearn_load(&ll, s, &c->filter, &c->err))
        cli_fail(c, &c->err);
    if (eval) {
        struct model_eval ev;
        sdate cut;
        if (leadlearn_evaluate(&ll, holdout, &ev, &cut, &c->err))
            cli_fail(c, &c->err);
        cli_evaluation(c, &ev, (const char *const[]){"leads", "decided", "converted"},
                       date_format(cut, buf), "the status conversion rate");
        leadlearn_release(&ll);
        return cli_exit(c, 0);
    }
    if (leadlearn_fit(&ll, DATE_NONE, &c->err))
        cli_fail(c, &c->err);
    struct out *o = cli_out(c);
    if (explain) {
        struct ll_part parts[64];
        double b0, eta;
        if (leadlearn_explain(&ll, explain, parts, &b0, &eta, &c->err))
            cli_fail(c, &c->err);
        out_add_col(o, "feature", OT_TEXT);
        out_add_col(o, "value", OT_TEXT);
        out_add_col(o, "term", OT_RATIO);
        snprintf(buf, sizeof buf, "%+.4f", b0);
        out_row(o, (const char *[]){"intercept", "", buf});
        for (int k = 0; k < ll.m.nf; k++) {
            snprintf(buf, sizeof buf, "%+.4f", parts[k].term + 0.0);
            out_row(o, (const char *[]){parts[k].feature, parts[k].value, buf});
        }
        snprintf(buf, sizeof buf, "%+.4f", eta);
        out_row(o, (const char *[]){"log-odds", "", buf});
        snprintf(buf, sizeof buf, "%.4f", 1 / (1 + exp(-eta)));
        out_row(o, (const char *[]){"score", "", buf});
    } else {
        if (leadlearn_write(&ll, &c->err))
            cli_fail(c, &c->err);
        struct ll_score *v;
        size_t n = leadlearn_scores(&ll, &v);
        out_add_col(o, "lead", OT_TEXT);
        out_add_col(o, "name", OT_TEXT);
        out_add_col(o, "score", OT_INT);
        out_add_col(o, "previous", OT_INT);
        for (size_t i = 0; i < n; i++) {
            snprintf(buf, sizeof buf, "%ld", v[i].score);
            out_row(o, (const char *[]){v[i].id, v[i].name, buf, v[i].old});
        }
        free(v);
    }
    cli_out_end(c, o);
    leadlearn_release(&ll);
    return cli_exit(c, 0);
}

static long
number(struct cli *c, const char *flag, const char *arg, long max)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || end == arg || n < 1 || n > max)
        cli_failf(c, "bad --%s '%s' (expected a whole number from 1 to %ld)", flag, arg, max);
    return n;
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         FILTER_LONGOPTS,
                                         {"rules", required_argument, NULL, OPT_RULES},
                                         {"days", required_argument, NULL, OPT_DAYS},
                                         {"half-life", required_argument, NULL, OPT_HALF},
                                         {"explain", required_argument, NULL, OPT_EXPLAIN},
                                         CLI_DRY_RUN_LONGOPT,
                                         {"evaluate", no_argument, NULL, OPT_EVALUATE},
                                         {"holdout", required_argument, NULL, OPT_HOLDOUT},
                                         {NULL, 0, NULL, 0}};
    struct score_model m = {NULL, 0, 90, 14, NULL};
    const char *rules = NULL, *explain = NULL;
    int dry = 0, filtered = 0, ch, eval = 0, tuned = 0;
    double holdout = 0.2;
    const char *holdout_arg = NULL;
    char *end;
    struct cli c;

    cli_init(&c, "lead-score", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:n", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_RULES:
            rules = optarg;
            break;
        case OPT_DAYS:
            m.days = (int)number(&c, "days", optarg, 100000);
            tuned = 1;
            break;
        case OPT_HALF:
            m.half_life = (double)number(&c, "half-life", optarg, 100000);
            tuned = 1;
            break;
        case OPT_EVALUATE:
            eval = 1;
            break;
        case OPT_HOLDOUT:
            holdout_arg = optarg;
            holdout = strtod(optarg, &end);
            if (*end || end == optarg || !(holdout > 0 && holdout < 1))
                cli_usage(&c, "bad --holdout '%s' (expected a fraction between 0 and 1)", optarg);
            break;
        case OPT_EXPLAIN:
            explain = optarg;
            break;
        case FILTER_STAGE:
            cli_usage(&c, "--stage does not apply to leads");
        default:
            filtered |= ch >= FILTER_OWNER && ch <= FILTER_WHERE;
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    dry = c.dry_run;
    if (explain && (filtered || dry))
        cli_usage(&c, "--explain takes no filters or --dry-run");
    if (eval && (explain || filtered || dry))
        cli_usage(&c, "--evaluate takes no --explain, filters or --dry-run");
    if (holdout_arg && !eval)
        cli_usage(&c, "--holdout goes with --evaluate");
    if (eval && rules)
        cli_usage(&c, "--evaluate is for the learnt model: no --rules");
    struct store *s = cli_open(&c);
    char *dflt = NULL;
    if (!rules && !eval) {
        dflt = store_path(s, "lead-score.rules");
        if (access(dflt, F_OK) == 0)
            rules = dflt;
    }
    if (!rules) {
        if (tuned)
            cli_usage(&c, "--days and --half-life go with a rules file");
        free(dflt);
        return learnt(&c, explain, eval, holdout);
    }
    if (score_model_load(rules, &m, &c.err))
        cli_fail(&c, &c.err);
    struct score_result *v;
    struct score_part *parts = NULL;
    size_t nparts = 0;
    long n = lead_score(s, &m, &c.filter, explain, &v, &parts, &nparts, &c.err);
    if (n < 0)
        cli_fail(&c, &c.err);
    struct out *o = cli_out(&c);
    char buf[64];
    if (explain) {
        out_add_col(o, "rule", OT_TEXT);
        out_add_col(o, "value", OT_TEXT);
        out_add_col(o, "points", OT_RATIO);
        for (size_t i = 0; i < nparts; i++) {
            if (parts[i].points == (double)(long)parts[i].points)
                snprintf(buf, sizeof buf, "%ld", (long)parts[i].points);
            else
                snprintf(buf, sizeof buf, "%.2f", parts[i].points + 0.0);
            const char *vals[] = {parts[i].what, parts[i].detail, buf};
            out_row(o, vals);
        }
        snprintf(buf, sizeof buf, "%ld", v[0].score);
        const char *vals[] = {"total", "", buf};
        out_row(o, vals);
    } else {
        out_add_col(o, "lead", OT_TEXT);
        out_add_col(o, "name", OT_TEXT);
        out_add_col(o, "score", OT_INT);
        out_add_col(o, "previous", OT_INT);
        for (long i = 0; i < n; i++) {
            snprintf(buf, sizeof buf, "%ld", v[i].score);
            const char *vals[] = {v[i].lead, v[i].name, buf, v[i].old};
            out_row(o, vals);
        }
    }
    cli_out_end(&c, o);
    score_results_free(v, n);
    score_parts_free(parts, nparts);
    score_model_release(&m);
    free(dflt);
    return cli_exit(&c, 0);
}
