/* lead-score — score leads from a rules file plus engagement; --explain shows the points. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "score.h"

static const char usage[] =
    "usage: lead-score [-D DIR] [-f FORMAT] --rules FILE [--days N] [--half-life N] [-n]\n"
    "                  [--owner REP] [--team TEAM] [--segment SEGMENT] [--status STATUS]\n"
    "                  [--source SOURCE] [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                  [--where 'FIELD OP VALUE'] ...\n"
    "       lead-score [-D DIR] [-f FORMAT] --rules FILE [--days N] [--half-life N]\n"
    "                  --explain ID\n";
static const char help[] =
    "\n  --rules FILE     the rules: 'FIELD OP VALUE POINTS' and 'activity TYPE POINTS'\n"
    "  --days N         engagement counts activities of the last N days (default 90)\n"
    "  --half-life N    an activity N days old is worth half its points (default 14)\n"
    "  -n, --dry-run    show the scores, write nothing\n"
    "  --explain ID     show the points behind one lead's score, write nothing\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Columns: lead,name,score,previous; with --explain: rule,value,points.\n";

enum { OPT_RULES = CLI_FIRST_PRIVATE, OPT_DAYS, OPT_HALF, OPT_EXPLAIN };

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
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    struct score_model m = {NULL, 0, 90, 14, NULL};
    const char *rules = NULL, *explain = NULL;
    int dry = 0, filtered = 0, ch;
    struct cli c;

    cli_init(&c, "lead-score", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:n", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_RULES:
            rules = optarg;
            break;
        case OPT_DAYS:
            m.days = (int)number(&c, "days", optarg, 100000);
            break;
        case OPT_HALF:
            m.half_life = (double)number(&c, "half-life", optarg, 100000);
            break;
        case OPT_EXPLAIN:
            explain = optarg;
            break;
        case 'n':
            dry = 1;
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
    if (!rules)
        cli_usage(&c, "--rules FILE is required");
    if (explain && (filtered || dry))
        cli_usage(&c, "--explain takes no filters or --dry-run");
    struct store *s = cli_open(&c);
    if (score_model_load(rules, &m, &c.err))
        cli_fail(&c, &c.err);
    struct score_result *v;
    struct score_part *parts = NULL;
    size_t nparts = 0;
    long n = lead_score(s, &m, &c.filter, dry, explain, &v, &parts, &nparts, &c.err);
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
    return cli_exit(&c, 0);
}
