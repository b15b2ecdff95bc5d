/* segment — RFM segmentation of the accounts with won deals; --write keeps it in accounts.csv. */
#include <getopt.h>

#include "cli.h"
#include "rfm.h"

static const char usage[] =
    "usage: segment [-D DIR] [-f FORMAT] [--summary] [--segments FILE] [--write [-n]]\n"
    "               [--owner REP] [--team TEAM] [--segment SEGMENT] [--source SOURCE]\n"
    "               [--since DATE] [--until DATE] [--period PERIOD]\n"
    "               [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --summary        per segment: segment,accounts,share,monetary\n"
    "  --segments FILE  the segment table (CSV: segment,r,f) instead of the default\n"
    "  --write          store each account's segment in accounts.csv column rfm\n"
    "  -n, --dry-run    do it all as for real, then write nothing\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Columns: account,name,recency_days,frequency,monetary,r,f,m,segment. Won deals\n"
    "closed in --since/--until/--period count; recency runs to the window's end or today.\n";

enum { OPT_SUMMARY = CLI_FIRST_PRIVATE, OPT_SEGMENTS, OPT_WRITE };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         CLI_FORMAT_LONGOPT,
                                         FILTER_LONGOPTS,
                                         {"summary", no_argument, NULL, OPT_SUMMARY},
                                         {"segments", required_argument, NULL, OPT_SEGMENTS},
                                         {"write", no_argument, NULL, OPT_WRITE},
                                         {NULL, 0, NULL, 0}};
    const char *segments = NULL;
    int summary = 0, write = 0, ch;
    struct rfm_segments sg;
    struct cli c;

    cli_init(&c, "segment", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:n", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_SUMMARY:
            summary = 1;
            break;
        case OPT_SEGMENTS:
            segments = optarg;
            break;
        case OPT_WRITE:
            write = 1;
            break;
        case FILTER_STAGE:
        case FILTER_STATUS:
            cli_usage(&c, "%s does not apply to segment (it reads won deals)", argv[optind - 1]);
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (c.dry_run && !write)
        cli_usage(&c, "-n/--dry-run goes with --write");
    struct store *s = cli_open(&c);
    if (segments ? rfm_segments_load(segments, &sg, &c.err) : (rfm_segments_default(&sg), 0))
        cli_fail(&c, &c.err);
    struct out *o = cli_out(&c);
    if (report_segment(s, &c.filter, &sg, summary, write, o, &c.err)) {
        out_free(o);
        rfm_segments_release(&sg);
        cli_fail(&c, &c.err);
    }
    rfm_segments_release(&sg);
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
