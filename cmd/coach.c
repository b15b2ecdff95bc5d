/* coach — ranked recommendations per rep, with the numbers behind them. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "coach.h"

static const char usage[] =
    "usage: coach [-D DIR] [-f FORMAT | --text] [--rep REP] [--team TEAM]\n"
    "             [--period PERIOD | --since DATE [--until DATE]]\n";
static const char help[] =
    "\nPer rep, ranked: stalled deals, overdue close dates, thin coverage, deals\n"
    "with a high score and no next step, the weakest stage conversion against the\n"
    "team's, slow lead response, low activity. Thresholds: config.json coach_*.\n"
    "  --rep REP        this rep only (repeatable)\n"
    "  --team TEAM      the active reps of a team\n"
    "  --period P       the window of conversion and response (default: the\n"
    "                   current fiscal quarter)\n"
    "  --text           the readable form, grouped per rep (default on a terminal)\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Columns: rep,priority,topic,finding,evidence,records.\n";

enum { OPT_TEXT = CLI_FIRST_PRIVATE };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"rep", required_argument, NULL, FILTER_OWNER},
                                         {"team", required_argument, NULL, FILTER_TEAM},
                                         {"since", required_argument, NULL, FILTER_SINCE},
                                         {"until", required_argument, NULL, FILTER_UNTIL},
                                         {"period", required_argument, NULL, FILTER_PERIOD},
                                         {"text", no_argument, NULL, OPT_TEXT},
                                         {NULL, 0, NULL, 0}};
    struct coach co;
    struct cli c;
    int ch, text = 0;

    cli_init(&c, "coach", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        if (ch == OPT_TEXT)
            text = 1;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (text && c.fmt_given)
        cli_usage(&c, "--text and -f go alone");
    text |= c.tty && !c.fmt_given;
    struct store *s = cli_open(&c);
    if (coach_run(s, &c.filter, &co, &c.err)) {
        coach_release(&co);
        cli_fail(&c, &c.err);
    }
    if (co.note[0])
        fprintf(stderr, "coach: %s\n", co.note);
    if (text) {
        if (coach_text(&co, stdout, &c.err)) {
            coach_release(&co);
            cli_fail(&c, &c.err);
        }
    } else {
        struct out *o = cli_out(&c);
        coach_write(&co, o);
        cli_out_end(&c, o);
    }
    coach_release(&co);
    return cli_exit(&c, 0);
}
