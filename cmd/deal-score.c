/* deal-score — win probability of open deals from a model trained on the closed ones. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dealscore.h"

static const char usage[] =
    "usage: deal-score [-D DIR] [-f FORMAT] [--write [-n]] [--owner REP] [--team TEAM]\n"
    "                  [--segment SEGMENT] [--source SOURCE] [--stage STAGE]\n"
    "                  [--where 'FIELD OP VALUE'] ...\n"
    "       deal-score [-D DIR] [-f FORMAT] --explain ID\n"
    "       deal-score [-D DIR] [-f FORMAT] --evaluate [--holdout FRACTION]\n";
static const char help[] =
    "\nA logistic regression learnt from the closed deals (won against lost), each\n"
    "seen as of a day of its open life, scores the open deals.\n"
    "  --write             store each open deal's score (percent) in deals.csv's\n"
    "                      score column; probability is left alone\n"
    "  -n, --dry-run       with --write: do it all as for real, then write nothing\n"
    "  --explain ID        every feature of one open deal: value and log-odds term\n"
    "  --evaluate          train on all but the latest closes, and compare the model\n"
    "                      with the stage probability on those: AUC, Brier, log loss,\n"
    "                      and the model's calibration\n"
    "  --holdout FRACTION  the share of closes --evaluate holds out (default 0.2)\n"
    "  -f, --format F      table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR      the data directory\n"
    "Columns: deal,name,owner,stage,stage_probability,score,delta,top_factors;\n"
    "with --explain: feature,value,term.\n";

enum { OPT_WRITE = CLI_FIRST_PRIVATE, OPT_EXPLAIN, OPT_EVALUATE, OPT_HOLDOUT };

static void
evaluate(struct cli *c, struct dealscore *ds, double holdout)
{
    struct ds_eval ev;
    char cut[DATE_BUFSZ];
    if (dealscore_evaluate(ds, holdout, &ev, &c->err))
        cli_fail(c, &c->err);
    cli_evaluation(c, &ev.m, (const char *const[]){"deals", "closed", "won"},
                   date_format(ev.cut, cut), "the stage-probability baseline");
}

static void
explain(struct cli *c, struct dealscore *ds, const char *id)
{
    struct ds_part parts[64];
    double b0, eta;
    char t[32];
    if (dealscore_explain(ds, id, parts, &b0, &eta, &c->err))
        cli_fail(c, &c->err);
    struct out *o = cli_out(c);
    out_add_col(o, "feature", OT_TEXT);
    out_add_col(o, "value", OT_TEXT);
    out_add_col(o, "term", OT_RATIO);
    snprintf(t, sizeof t, "%+.4f", b0);
    out_row(o, (const char *[]){"intercept", "", t});
    for (int k = 0; k < ds->m.nf; k++) {
        snprintf(t, sizeof t, "%+.4f", parts[k].term + 0.0);
        out_row(o, (const char *[]){parts[k].feature, parts[k].value, t});
    }
    snprintf(t, sizeof t, "%+.4f", eta);
    out_row(o, (const char *[]){"log-odds", "", t});
    snprintf(t, sizeof t, "%.4f", 1 / (1 + exp(-eta)));
    out_row(o, (const char *[]){"score", "", t});
    cli_out_end(c, o);
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         CLI_DRY_RUN_LONGOPT,
                                         {"write", no_argument, NULL, OPT_WRITE},
                                         {"explain", required_argument, NULL, OPT_EXPLAIN},
                                         {"evaluate", no_argument, NULL, OPT_EVALUATE},
                                         {"holdout", required_argument, NULL, OPT_HOLDOUT},
                                         {"owner", required_argument, NULL, FILTER_OWNER},
                                         {"team", required_argument, NULL, FILTER_TEAM},
                                         {"segment", required_argument, NULL, FILTER_SEGMENT},
                                         {"source", required_argument, NULL, FILTER_SOURCE},
                                         {"stage", required_argument, NULL, FILTER_STAGE},
                                         {"where", required_argument, NULL, FILTER_WHERE},
                                         {NULL, 0, NULL, 0}};
    const char *explain_id = NULL;
    int ch, write = 0, eval = 0, filtered = 0;
    double holdout = DEALSCORE_HOLDOUT;
    int holdout_given = 0;
    struct dealscore ds;
    struct cli c;
    char *end;

    cli_init(&c, "deal-score", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:n", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_WRITE:
            write = 1;
            break;
        case OPT_EXPLAIN:
            explain_id = optarg;
            break;
        case OPT_EVALUATE:
            eval = 1;
            break;
        case OPT_HOLDOUT:
            holdout = strtod(optarg, &end);
            if (*end || end == optarg || !(holdout > 0 && holdout < 1))
                cli_usage(&c, "bad --holdout '%s' (expected a fraction between 0 and 1)", optarg);
            holdout_given = 1;
            break;
        default:
            filtered |= ch >= FILTER_OWNER && ch <= FILTER_WHERE;
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (write + eval + (explain_id != NULL) > 1)
        cli_usage(&c, "--write, --explain and --evaluate go alone");
    if ((eval || explain_id) && filtered)
        cli_usage(&c, "--explain and --evaluate take no filters");
    if (c.dry_run && !write)
        cli_usage(&c, "-n/--dry-run goes with --write");
    if (holdout_given && !eval)
        cli_usage(&c, "--holdout goes with --evaluate");

    struct store *s = cli_open(&c);
    if (write)
        cli_lock(&c); /* the scores written are of the deals as read */
    if (dealscore_load(&ds, s, &c.filter, &c.err))
        cli_fail(&c, &c.err);
    if (eval) {
        evaluate(&c, &ds, holdout);
        dealscore_release(&ds);
        return cli_exit(&c, 0);
    }
    if (dealscore_fit(&ds, DATE_NONE, &c.err))
        cli_fail(&c, &c.err);
    if (explain_id) {
        explain(&c, &ds, explain_id);
        dealscore_release(&ds);
        return cli_exit(&c, 0);
    }
    if (write && dealscore_write(&ds, &c.err))
        cli_fail(&c, &c.err);

    struct ds_score *v;
    size_t n = dealscore_scores(&ds, &v);
    struct out *o = cli_out(&c);
    out_add_col(o, "deal", OT_TEXT);
    out_add_col(o, "name", OT_TEXT);
    out_add_col(o, "owner", OT_TEXT);
    out_add_col(o, "stage", OT_TEXT);
    out_add_col(o, "stage_probability", OT_RATIO);
    out_add_col(o, "score", OT_RATIO);
    out_add_col(o, "delta", OT_RATIO);
    out_add_col(o, "top_factors", OT_TEXT);
    for (size_t i = 0; i < n; i++) {
        char sp[16], sc[16], dl[16];
        snprintf(sp, sizeof sp, "%.2f", v[i].stage_probability);
        snprintf(sc, sizeof sc, "%.2f", v[i].score);
        snprintf(dl, sizeof dl, "%+.2f", v[i].score - v[i].stage_probability + 0.0);
        out_row(o, (const char *[]){v[i].id, v[i].name, v[i].owner, v[i].stage, sp, sc, dl,
                                    v[i].factors});
    }
    cli_out_end(&c, o);
    free(v);
    dealscore_release(&ds);
    return cli_exit(&c, 0);
}
