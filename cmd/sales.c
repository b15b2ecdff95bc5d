/* sales — the umbrella: lists the commands, or runs one ("sales pipeline-show"). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] = "usage: sales [-D DIR] [COMMAND [ARG ...]]\n"
                            "       sales help COMMAND\n";

static const struct {
    const char *name, *what;
} commands[] = {
    {"sales-init", "create a data directory"},
    {"sales-history", "the audit log of every change"},
    {"sales-check", "validate the whole data directory; --fix normalises"},
    {"sales-import", "import a spreadsheet or CRM export (--undo takes it back)"},
    {"sales-export", "records as spreadsheet-safe CSV or an .xlsx workbook"},
    {"sales-privacy", "a person's data for privacy requests: export or erase"},
    {"lead-add", "add leads (flags, or CSV/JSON on stdin)"},
    {"lead-list", "list leads"},
    {"lead-update", "change leads"},
    {"lead-convert", "turn a lead into an account, a contact and a deal"},
    {"lead-assign", "give unowned leads to reps: round-robin, territory, load"},
    {"lead-score", "score leads from rules and engagement (--explain)"},
    {"lead-dedupe", "likely duplicate leads, contacts, accounts; --merge"},
    {"account-add", "add accounts"},
    {"account-list", "list accounts"},
    {"account-update", "change accounts"},
    {"contact-add", "add contacts"},
    {"contact-list", "list contacts"},
    {"contact-update", "change contacts"},
    {"deal-add", "add deals"},
    {"deal-list", "list deals"},
    {"deal-update", "change deals"},
    {"deal-move", "move a deal to a stage"},
    {"deal-close", "close a deal as won or lost"},
    {"subscription-add", "add SaaS subscriptions (account, plan, mrr, start, end)"},
    {"subscription-list", "list subscriptions; --active on a day"},
    {"subscription-end", "end a running subscription"},
    {"budget-set", "set or replace a budget line (period, category, channel)"},
    {"budget-list", "list budget lines"},
    {"feedback-add", "record customer feedback: score 0-10 (flags or stdin)"},
    {"feedback-list", "list customer feedback"},
    {"deal-score", "win chance of open deals, learnt from closed ones"},
    {"coach", "ranked advice per rep, with the numbers and records"},
    {"rep-add", "add reps to the sales team"},
    {"rep-list", "list the sales team"},
    {"rep-update", "change reps: team, manager, role; --active no deactivates"},
    {"quota-set", "set a quota for a rep or a team"},
    {"quota-report", "quota attainment, coverage and pace"},
    {"pipeline-show", "open pipeline per stage, owner, segment, source or month"},
    {"forecast", "bookings forecast with intervals; --pipeline: open deals"},
    {"activity-log", "record calls, emails, meetings, tasks (flags or stdin)"},
    {"activity-list", "list activities"},
    {"activity-done", "mark tasks and follow-ups done"},
    {"activity-report", "activities per rep/type/channel, touches, stale list"},
    {"followup", "open tasks, due follow-ups, deals with no next step (--ics)"},
    {"perf-report", "per rep: win rate, velocity, attainment; --funnel"},
    {"budget-report", "budget plan vs. actual; --roi: spend, revenue per channel"},
    {"nps-report", "net promoter score from customer feedback; --comments"},
    {"sales-dashboard", "the morning view: KPIs, sparklines, funnel, risks; --html"},
    {"retention-report", "cohorts and churn; --mrr: MRR movements, NRR, GRR, LTV, CAC"},
    {"segment", "RFM segments of accounts with won deals; --write"},
};

/* Run name: from the directory sales itself is in, else from PATH. */
static void
run(const char *name, char **argv)
{
    char self[PATH_MAX], path[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = '\0';
            snprintf(path, sizeof path, "%s/%s", self, name);
            if (access(path, X_OK) == 0)
                execv(path, argv);
        }
    }
    execvp(name, argv);
    fprintf(stderr, "sales: %s: %s\n", name, strerror(errno));
    exit(errno == ENOENT ? 2 : 1);
}

static int
known(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return 1;
    return 0;
}

/* The command a mistyped name most likely meant, or NULL. */
static const char *
nearest(const char *name)
{
    enum { N = sizeof commands / sizeof commands[0] };
    char *names[N + 1];
    for (size_t i = 0; i < N; i++)
        names[i] = (char *)commands[i].name;
    names[N] = NULL;
    return text_closest(name, names);
}

/* Exit 2 for a name that is no command, with the nearest one when near. */
static void
check_known(struct cli *c, const char *name)
{
    const char *near;
    if (known(name))
        return;
    if ((near = nearest(name)))
        cli_usage(c, "unknown command '%s' (did you mean '%s'?)", name, near);
    cli_usage(c, "unknown command '%s' (sales lists them)", name);
}

int
main(int argc, char **argv)
{
    struct cli c;
    cli_init(&c, "sales", usage, NULL);
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        argc = 1;
    else if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        cli_print_version(&c);
        return cli_exit(&c, 0);
    }
    if (argc == 1) {
        fputs(usage, stdout);
        fputs("\ncommands:\n", stdout);
        int w = 0; /* the longest name's width */
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if ((int)strlen(commands[i].name) > w)
                w = (int)strlen(commands[i].name);
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            printf("  %-*s  %s\n", w, commands[i].name, commands[i].what);
        fputs("\nEach command has --help and a manual page (man COMMAND).\n", stdout);
        return cli_exit(&c, 0);
    }
    /* -D DIR before the command: the command's data directory (as
     * $SALES_DATA, so that a -D of the command's own still wins) */
    const char *a = argv[1], *dir = NULL;
    int used = 0;
    if (strcmp(a, "-D") == 0 || strcmp(a, "--data") == 0) {
        dir = argc > 2 ? argv[2] : "";
        used = 2;
    } else if (strncmp(a, "--data=", 7) == 0) {
        dir = a + 7;
        used = 1;
    } else if (strncmp(a, "-D", 2) == 0) {
        dir = a + 2;
        used = 1;
    }
    if (dir) {
        if (!*dir)
            cli_usage(&c, "option '%s' needs a directory", a);
        if (setenv("SALES_DATA", dir, 1) != 0)
            cli_usage(&c, "cannot set SALES_DATA: %s", strerror(errno));
        if (argc - used < 2)
            cli_usage(&c, "a command must follow the data directory");
        argv += used;
        argc -= used;
    }
    if (argv[1][0] == '-')
        cli_usage(&c, "unknown option '%s'", argv[1]);
    if (strcmp(argv[1], "help") == 0) {
        if (argc != 3)
            cli_usage(&c, "help needs a command");
        check_known(&c, argv[2]);
        char *args[] = {argv[2], "--help", NULL};
        run(argv[2], args);
    }
    check_known(&c, argv[1]);
    run(argv[1], argv + 1);
    return 1;
}
