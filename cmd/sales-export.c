/* sales-export — an entity's records as CSV for spreadsheets, or as an .xlsx workbook. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "export.h"
#include "import.h"
#include "outfile.h"
#include "text.h"

static const char usage[] =
    "usage: sales-export [-D DIR] [--bom] [--crlf] [--safe] [--delimiter C] [--decimal-comma]\n"
    "                    [-o FILE | --xlsx FILE] [--owner REP] [--team TEAM]\n"
    "                    [--segment SEGMENT] [--stage STAGE] [--status STATUS]\n"
    "                    [--source SOURCE] [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                    [--where 'FIELD OP VALUE'] ... ENTITY\n";
static const char help[] =
    "\n  ENTITY            leads, accounts, contacts, deals, activities, reps, quotas, ...\n"
    "  --bom             start with a UTF-8 byte order mark (Excel then reads UTF-8)\n"
    "  --crlf            CR LF line ends\n"
    "  --safe            a cell starting with = + - @ tab or CR gets a leading ' so that\n"
    "                    spreadsheets do not run it (plain numbers such as -12.5 stay)\n"
    "  --delimiter C     , ; tab or | (default , and ; with --decimal-comma)\n"
    "  --decimal-comma   amounts as 1234,5\n"
    "  -o FILE           write the CSV to FILE instead of standard output\n"
    "  --xlsx FILE       write an .xlsx workbook: amounts, dates and numbers typed, ids\n"
    "                    and phones as text, bold frozen header, autofilter\n"
    "filters: --owner --team --segment --stage --status --source --since --until\n"
    "         --period --where 'FIELD OP VALUE' (where they apply)\n";

enum { OPT_BOM = CLI_FIRST_PRIVATE, OPT_CRLF, OPT_SAFE, OPT_DELIM, OPT_DC, OPT_XLSX };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         FILTER_LONGOPTS,
                                         {"bom", no_argument, NULL, OPT_BOM},
                                         {"crlf", no_argument, NULL, OPT_CRLF},
                                         {"safe", no_argument, NULL, OPT_SAFE},
                                         {"delimiter", required_argument, NULL, OPT_DELIM},
                                         {"decimal-comma", no_argument, NULL, OPT_DC},
                                         {"output", required_argument, NULL, 'o'},
                                         {"xlsx", required_argument, NULL, OPT_XLSX},
                                         {NULL, 0, NULL, 0}};
    struct export_opts eo = {0};
    const char *out = NULL, *xlsx = NULL;
    int fopt[16], nfopt = 0, ch;
    struct cli c;

    cli_init(&c, "sales-export", usage, help);
    while ((ch = getopt_long(argc, argv, "D:ho:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_BOM:
            eo.bom = 1;
            break;
        case OPT_CRLF:
            eo.crlf = 1;
            break;
        case OPT_SAFE:
            eo.safe = 1;
            break;
        case OPT_DELIM:
            if (import_parse_delim(optarg, &eo.delim))
                cli_failf(&c, "bad --delimiter '%s' (expected , ; tab or |)", optarg);
            break;
        case OPT_DC:
            eo.decimal_comma = 1;
            break;
        case 'o':
            out = optarg;
            break;
        case OPT_XLSX:
            xlsx = optarg;
            break;
        default:
            if (ch >= FILTER_OWNER && ch <= FILTER_WHERE && nfopt < 16)
                fopt[nfopt++] = ch;
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 1, 1);
    const struct entity_def *ent = schema_entity(argv[0]);
    if (!ent)
        cli_failf(&c, "unknown entity '%s' (leads, accounts, contacts, deals, activities, reps, "
                      "quotas, subscriptions, budget, feedback, stages, history)",
                  argv[0]);
    for (int i = 0; i < nfopt; i++)
        if (!filter_applies(ent, fopt[i]))
            cli_usage(&c, "a filter option does not apply to %s", ent->name);
    if (out && xlsx)
        cli_usage(&c, "-o and --xlsx: choose one");
    if (eo.decimal_comma && eo.delim == ',')
        cli_usage(&c, "--decimal-comma with a ',' delimiter");
    if (xlsx && (eo.bom || eo.crlf || eo.safe || eo.delim || eo.decimal_comma))
        cli_usage(&c, "--xlsx writes a workbook: --bom, --crlf, --safe, --delimiter and "
                      "--decimal-comma are for CSV");

    struct store *s = cli_open(&c);
    struct table *t = store_read(s, ent, &c.err);
    if (!t)
        cli_fail(&c, &c.err);
    if (filter_bind(&c.filter, t, &c.err))
        cli_fail(&c, &c.err);
    if (xlsx) {
        if (export_xlsx(s, t, &c.filter, xlsx, &c.err) < 0)
            cli_fail(&c, &c.err);
    } else {
        struct outfile of; /* -o FILE: all of it or none of it */
        if (outfile_open(&of, out ? out : "-", &c.err))
            cli_fail(&c, &c.err);
        if (export_csv(s, t, &c.filter, &eo, of.fp, &c.err)) {
            outfile_discard(&of);
            cli_fail(&c, &c.err);
        }
        if (outfile_commit(&of, &c.err))
            cli_fail(&c, &c.err);
    }
    table_free(t);
    return cli_exit(&c, 0);
}
