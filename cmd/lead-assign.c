/* lead-assign — give unowned leads to active reps: round-robin, by territory, or by load. */
#include <getopt.h>
#include <string.h>

#include "assign.h"
#include "cli.h"
#include "text.h"

static const char usage[] =
    "usage: lead-assign [-D DIR] [-f FORMAT] [--by round-robin|territory|load] [--reps LIST]\n"
    "                   [--team TEAM] [--field FIELD] [--include-managers] [-n]\n"
    "                   [--segment SEGMENT]\n"
    "                   [--source SOURCE] [--status STATUS] [--since DATE] [--until DATE]\n"
    "                   [--period PERIOD] [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --by METHOD      round-robin (default), territory or load\n"
    "  --reps LIST      assign only to these reps (a comma list)\n"
    "  --team TEAM      assign only to the active reps of this team\n"
    "  --field FIELD    territory: the lead column to match (default: territory,\n"
    "                   region or country, the first leads.csv has)\n"
    "  --include-managers  reps whose role is manager get leads too\n"
    "  -n, --dry-run    do it all as for real, then write nothing\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Leads with no owner that are not converted or disqualified, and pass the\n"
    "filters, get one. Columns: lead,name,rep,reason (rep empty: left unowned).\n"
    "Round-robin goes on after the rep who got the last lead of the previous run\n"
    "(kept in DIR/.lead-assign).\n";

enum { OPT_BY = CLI_FIRST_PRIVATE, OPT_REPS, OPT_TEAM, OPT_FIELD, OPT_MANAGERS };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         FILTER_LONGOPTS,
                                         {"by", required_argument, NULL, OPT_BY},
                                         {"reps", required_argument, NULL, OPT_REPS},
                                         {"field", required_argument, NULL, OPT_FIELD},
                                         CLI_DRY_RUN_LONGOPT,
                                         {"include-managers", no_argument, NULL, OPT_MANAGERS},
                                         {NULL, 0, NULL, 0}};
    struct assign_opts ao = {ASSIGN_ROUND_ROBIN, NULL, NULL, NULL, 0, NULL};
    struct cli c;
    int ch;

    cli_init(&c, "lead-assign", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:n", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_BY:
            if (assign_by_parse(optarg, &ao.by))
                cli_failf(&c, "bad --by '%s' (expected round-robin, territory or load)", optarg);
            break;
        case OPT_REPS:
            strv_free(ao.reps);
            ao.reps = str_split(optarg, ',');
            break;
        case FILTER_TEAM:
            ao.team = optarg;
            break;
        case OPT_FIELD:
            ao.field = optarg;
            break;
        case OPT_MANAGERS:
            ao.include_managers = 1;
            break;
        case FILTER_OWNER:
            cli_usage(&c, "--owner does not apply (the leads have none; use --reps)");
        case FILTER_STAGE:
            cli_usage(&c, "--stage does not apply to leads");
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (ao.field && ao.by != ASSIGN_TERRITORY)
        cli_usage(&c, "--field goes with --by territory");
    struct store *s = cli_open(&c);
    struct assignment *v;
    ao.f = &c.filter;
    long n = lead_assign(s, &ao, &v, &c.err);
    if (n < 0)
        cli_fail(&c, &c.err);
    struct out *o = cli_out(&c);
    out_add_col(o, "lead", OT_TEXT);
    out_add_col(o, "name", OT_TEXT);
    out_add_col(o, "rep", OT_TEXT);
    out_add_col(o, "reason", OT_TEXT);
    for (long i = 0; i < n; i++) {
        const char *vals[] = {v[i].lead, v[i].name, v[i].rep, v[i].reason};
        out_row(o, vals);
    }
    cli_out_end(&c, o);
    assignments_free(v, n);
    strv_free(ao.reps);
    return cli_exit(&c, 0);
}
