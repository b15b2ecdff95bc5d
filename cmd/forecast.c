/* forecast — what will we book (a time-series forecast of bookings) and what is in the pipeline. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "blend.h"
#include "dealscore.h"
#include "reports.h"
#include "series.h"
#include "text.h"

static const char usage[] =
    "usage: forecast [-D DIR] [-f FORMAT] [--by month|quarter|year] [--horizon N]\n"
    "                [--method METHOD] [--level L,...] [--verbose] [--owner REP] [--team TEAM]\n"
    "                [--segment SEGMENT] [--source SOURCE] [--where 'FIELD OP VALUE'] ... [-]\n"
    "       forecast [-D DIR] [-f FORMAT] --backtest[=N] [--by month|quarter|year]\n"
    "                [--horizon N] [filters] [-]\n"
    "       forecast [-D DIR] [-f FORMAT] --by owner|team|segment [--reconcile[=bu|wls|mint]]\n"
    "                [--backtest[=N]] [--by month|quarter|year] [--horizon N] [--method METHOD]\n"
    "                [--level L,...] [filters]\n"
    "       forecast [-D DIR] [-f FORMAT] --pipeline [--by month|quarter|year] [--horizon N]\n"
    "                [--probability stage|model] [--owner REP] [--team TEAM]\n"
    "                [--segment SEGMENT] [--source SOURCE] [--where 'FIELD OP VALUE'] ...\n"
    "       forecast [-D DIR] [-f FORMAT] --blend pipeline [--backtest] [--by month|quarter]\n"
    "                [--horizon N] [--method METHOD] [--level L,...] [filters]\n";
static const char help[] =
    "\nWhat will we book: bookings (won amounts by closed date) per period, or the\n"
    "series on standard input (-: CSV or JSON with period,value), forecast with\n"
    "prediction intervals. Columns: period,forecast,lo80,hi80,lo95,hi95,method.\n"
    "  --by KIND         month (default), quarter or year (with -: from the periods)\n"
    "  --horizon N       periods ahead (default 12 months, 4 quarters, 3 years)\n"
    "  --method M        ensemble (default: the mean of auto, arima and theta), auto\n"
    "                    (ETS chosen by AICc), arima, select, comb, naive, snaive, ses,\n"
    "                    holt, damped, hw, hw-add, hw-mult, theta, naive2\n"
    "  --level L,...     prediction interval levels in percent (default 80,95)\n"
    "  --backtest[=N]    rolling-origin sMAPE and MASE of every method over the last\n"
    "                    N origins (default 6); columns method,smape,mase,origins\n"
    "  -v, --verbose     say on stderr which model was fitted to which periods\n"
    "Per owner, team or segment (--by owner|team|segment, besides --by month...):\n"
    "a forecast for each rep, team and the total (or each segment and the total);\n"
    "columns level,KEY,period,booked,forecast,...; --reconcile makes every level add up to\n"
    "the cent (wls: weighted least squares by structural scaling, the default; bu:\n"
    "bottom-up; mint: MinT with the shrunk covariance of the one-step errors); with\n"
    "--backtest, columns level,reconcile,smape,mase,series,origins.\n"
    "What is in the pipeline (--pipeline): per period of expected close, columns\n"
    "period,closed,commit,best_case,pipeline,weighted,lo80,hi80; commit and best_case\n"
    "include closed, best_case includes commit; rows \"overdue\" and \"undated\" hold\n"
    "open deals whose close date is before the current period, or not set. lo80,hi80:\n"
    "weighted -/+ 1.28 sd, sd^2 = sum amount^2 p (1 - p). --by defaults to quarter and\n"
    "--horizon to 4 (6 for months) here.\n"
    "  --probability P   stage (default: the deal's probability) or model (deal-score's)\n"
    "The forecast blended with the pipeline (--blend pipeline): a ts + b pipeline, the\n"
    "pipeline as it stood at the start of the current period, a and b learnt from the\n"
    "pipelines at the start of past periods (history.csv); columns period,booked,ts,\n"
    "pipeline,forecast,lo80,hi80,lo95,hi95,method. --backtest: per past period actual,\n"
    "ts, pipeline, blend and their errors in percent, then rows MAE and MAPE. --by\n"
    "defaults to quarter and --horizon to 4 (6 for months) here.\n"
    "  -f, --format F    table (with a chart on a terminal), csv, tsv, json, ndjson\n";

enum {
    OPT_PIPELINE = CLI_FIRST_PRIVATE,
    OPT_HORIZON,
    OPT_METHOD,
    OPT_LEVEL,
    OPT_BACKTEST,
    OPT_RECONCILE,
    OPT_PROB,
    OPT_BLEND
};

static int
terminal_width(void)
{
    struct winsize ws;
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) > 20)
        return atoi(c);
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 80;
}

/* The levels list: 1 to 4 percentages, each in (0, 100). */
static void
parse_levels(struct cli *c, const char *arg, struct fc_options *o)
{
    char **v = str_split(arg, ',');
    o->nlevels = 0;
    for (char **p = v; *p; p++) {
        char *end;
        double l = strtod(*p, &end);
        if (o->nlevels == 4 || *end || end == *p || !(l > 0 && l < 100))
            cli_failf(c, "bad --level '%s' (expected up to four percentages such as 80,95)", arg);
        o->levels[o->nlevels++] = l;
    }
    strv_free(v);
}

/* History and forecast as a chart under the table, on a terminal. */
static void
chart(const struct series *s, const struct fc_result *r, const struct calendar *cal, int color)
{
    char first[PERIOD_BUFSZ], split[PERIOD_BUFSZ], last[PERIOD_BUFSZ];
    int width = terminal_width();
    struct period p = s->first;
    period_step(&p, out_chart_first(s->n, r->h, width), cal);
    period_format(&p, first);
    p = s->first;
    period_step(&p, s->n, cal);
    period_format(&p, split);
    period_step(&p, r->h - 1, cal);
    period_format(&p, last);
    putchar('\n');
    out_chart(stdout, s->y, s->n, r->mean, r->h, first, split, last, width, color);
}

/* What the command line asked for. */
struct args {
    struct fc_options o;
    enum period_kind by;
    int by_given, horizon, pipeline, model, backtest, verbose, filters, reconcile;
    int blend, backtest_n; /* --blend pipeline; --backtest=N given */
    enum series_key key;
    enum fc_rec_method rec;
    int from_stdin; /* the operand - */
};

static void
parse_options(struct cli *c, int argc, char **argv, struct args *a)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"pipeline", no_argument, NULL, OPT_PIPELINE},
                                         {"probability", required_argument, NULL, OPT_PROB},
                                         {"blend", required_argument, NULL, OPT_BLEND},
                                         {"by", required_argument, NULL, 'b'},
                                         {"horizon", required_argument, NULL, OPT_HORIZON},
                                         {"method", required_argument, NULL, OPT_METHOD},
                                         {"level", required_argument, NULL, OPT_LEVEL},
                                         {"backtest", optional_argument, NULL, OPT_BACKTEST},
                                         {"reconcile", optional_argument, NULL, OPT_RECONCILE},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"owner", required_argument, NULL, FILTER_OWNER},
                                         {"team", required_argument, NULL, FILTER_TEAM},
                                         {"segment", required_argument, NULL, FILTER_SEGMENT},
                                         {"source", required_argument, NULL, FILTER_SOURCE},
                                         {"where", required_argument, NULL, FILTER_WHERE},
                                         {NULL, 0, NULL, 0}};
    int ch;
    char *end;

    while ((ch = getopt_long(argc, argv, "D:hf:v", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_PIPELINE:
            a->pipeline = 1;
            break;
        case OPT_BLEND:
            if (strcmp(optarg, "pipeline") != 0)
                cli_usage(c, "bad --blend '%s' (expected pipeline)", optarg);
            a->blend = 1;
            break;
        case 'b': /* a period kind, or (given again) the key of a hierarchy */
            if (series_key_parse(optarg, &a->key) == 0)
                break;
            /* the message predates the keys: kept as it was (--help has them) */
            if (period_kind_parse(optarg, &a->by) || a->by == PERIOD_WEEK)
                cli_failf(c, "bad --by '%s' (expected month, quarter or year)", optarg);
            a->by_given = 1;
            break;
        case OPT_RECONCILE:
            a->reconcile = 1;
            if (optarg && (fc_rec_method_parse(optarg, &a->rec) || a->rec == FC_REC_BASE))
                cli_failf(c, "bad --reconcile '%s' (expected bu, wls or mint)", optarg);
            break;
        case OPT_HORIZON:
            a->horizon = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || a->horizon < 1 || a->horizon > 120)
                cli_failf(c, "bad --horizon '%s' (expected 1 to 120)", optarg);
            break;
        case OPT_METHOD:
            if (fc_method_parse(optarg, &a->o.method))
                cli_failf(c,
                          "bad --method '%s' (expected auto, comb, naive, snaive, ses, holt, "
                          "damped, hw, hw-add, hw-mult, theta, naive2, arima, select or ensemble)",
                          optarg);
            break;
        case OPT_LEVEL:
            parse_levels(c, optarg, &a->o);
            break;
        case OPT_BACKTEST:
            a->backtest = 6;
            if (optarg) {
                a->backtest_n = 1;
                a->backtest = (int)strtol(optarg, &end, 10);
                if (*end || end == optarg || a->backtest < 1 || a->backtest > 1000)
                    cli_failf(c, "bad --backtest '%s' (expected 1 to 1000 origins)", optarg);
            }
            break;
        case OPT_PROB:
            if (strcmp(optarg, "stage") != 0 && strcmp(optarg, "model") != 0)
                cli_usage(c, "bad --probability '%s' (expected stage or model)", optarg);
            a->model = strcmp(optarg, "model") == 0;
            break;
        case 'v':
            a->verbose = 1;
            break;
        default:
            a->filters |= ch >= FILTER_OWNER && ch <= FILTER_WHERE;
            cli_option(c, ch, optarg);
        }
    }
}

/* The operand (- or none) and the combinations of options that do not go together. */
static void
check_usage(struct cli *c, int argc, char **argv, struct args *a)
{
    cli_operands(c, argc, argv, 0, 1);
    if (argc == 1 && strcmp(argv[0], "-") != 0)
        cli_usage(c, "unexpected operand '%s' (- reads a series from standard input)", argv[0]);
    a->from_stdin = argc == 1;
    if (a->pipeline && (argc || a->backtest || a->verbose))
        cli_usage(c, "--pipeline reads deals: no -, --backtest or --verbose");
    if (!a->pipeline && a->model >= 0)
        cli_usage(c, "--probability goes with --pipeline (--blend learns from the stages' "
                     "probabilities of past pipelines)");
    if (a->blend && (argc || a->pipeline || a->key || a->verbose || a->backtest_n ||
                     (a->by_given && a->by == PERIOD_YEAR)))
        cli_usage(c, "--blend pipeline reads deals by month or quarter: no -, --pipeline, --by "
                     "owner|team|segment|year, --verbose or --backtest=N");
    if (argc && (a->filters || c->data_opt))
        cli_usage(c, "a series on standard input takes no filters and no data directory");
    if (a->reconcile && !a->key)
        cli_usage(c, "--reconcile needs --by owner, team or segment");
    if (a->key && (argc || a->pipeline || a->verbose))
        cli_usage(c, "--by %s reads deals: no -, --pipeline or --verbose",
                  a->key == SERIES_KEY_OWNER  ? "owner"
                  : a->key == SERIES_KEY_TEAM ? "team"
                                              : "segment");
}

/* The open deals' scores from deal-score's model (--probability model). */
static void
load_scores(struct cli *c, struct store *st, struct hmap *scores)
{
    struct dealscore ds;
    if (dealscore_load(&ds, st, NULL, &c->err) || dealscore_fit(&ds, DATE_NONE, &c->err))
        cli_fail(c, &c->err);
    dealscore_probabilities(&ds, scores);
    dealscore_release(&ds);
}

/* --pipeline: what the open deals expect to close per period. */
static void
run_pipeline(struct cli *c, struct args *a)
{
    if (!a->by_given)
        a->by = PERIOD_QUARTER;
    if (!a->horizon)
        a->horizon = a->by == PERIOD_MONTH ? 6 : 4;
    struct store *st = cli_open(c);
    struct hmap scores = {0};
    if (a->model == 1)
        load_scores(c, st, &scores);
    struct out *out = cli_out(c);
    if (report_forecast_pipeline(st, &c->filter, a->by, a->horizon, a->model == 1 ? &scores : NULL,
                                 out, &c->err))
        cli_fail(c, &c->err);
    cli_out_end(c, out);
    hmap_release(&scores);
}

/* --blend pipeline: the bookings forecast blended with the pipeline, or its backtest. */
static void
run_blend(struct cli *c, struct args *a)
{
    struct store *st = cli_open(c);
    if (!a->by_given)
        a->by = PERIOD_QUARTER;
    a->o.m = series_season(a->by);
    a->o.horizon = a->horizon ? a->horizon : a->by == PERIOD_MONTH ? 6 : 4;
    struct out *out = cli_out(c);
    if (a->backtest ? report_blend_backtest(st, &c->filter, a->by, &a->o, out, &c->err)
                    : report_blend_forecast(st, &c->filter, a->by, &a->o, out, &c->err))
        cli_fail(c, &c->err);
    cli_out_end(c, out);
}

/* --by owner|team|segment: the hierarchy's forecasts or their backtest. */
static void
run_hierarchy(struct cli *c, struct args *a)
{
    struct store *st = cli_open(c);
    struct out *out;
    a->o.m = series_season(a->by);
    a->o.horizon = a->horizon                ? a->horizon
                   : a->by == PERIOD_MONTH   ? 12
                   : a->by == PERIOD_QUARTER ? 4
                                             : 3;
    out = cli_out(c);
    if (a->backtest ? report_hierarchy_backtest(st, &c->filter, a->by, a->key, &a->o, a->backtest,
                                                out, &c->err)
                    : report_hierarchy_forecast(st, &c->filter, a->by, a->key, &a->o, a->reconcile,
                                                a->rec, out, &c->err))
        cli_fail(c, &c->err);
    cli_out_end(c, out);
}

/* The series: from standard input, or bookings from deals.csv. */
static void
load_series(struct cli *c, const struct args *a, struct series *s, struct calendar *cal)
{
    if (a->from_stdin) {
        if (series_read("-", cal, s, &c->err))
            cli_fail(c, &c->err);
        if (a->by_given && a->by != s->kind)
            cli_failf(c, "--by %s, but the series is %s",
                      a->by == PERIOD_MONTH     ? "month"
                      : a->by == PERIOD_QUARTER ? "quarter"
                                                : "year",
                      s->kind == PERIOD_MONTH     ? "monthly"
                      : s->kind == PERIOD_QUARTER ? "quarterly"
                                                  : "yearly");
    } else {
        struct store *st = cli_open(c);
        *cal = st->cal;
        if (series_bookings(st, &c->filter, a->by, s, &c->err))
            cli_fail(c, &c->err);
    }
}

/* What --verbose says on stderr: the model and the periods it was fitted to. */
static void
say_fit(const struct series *s, const struct fc_result *r, const struct args *a,
        const struct calendar *cal)
{
    char from[PERIOD_BUFSZ], to[PERIOD_BUFSZ];
    struct period p = s->first;
    period_format(&p, from);
    period_step(&p, s->n - 1, cal);
    period_format(&p, to);
    fprintf(stderr, "forecast: %s (--method %s) fitted to %d periods, %s to %s", r->model,
            fc_method_name(a->o.method), s->n, from, to);
    if (r->aicc != 0)
        fprintf(stderr, ", AICc %.1f", r->aicc);
    fprintf(stderr, ", residual sd %.2f\n", r->sigma);
    if (s->partial) {
        period_step(&p, 1, cal);
        period_format(&p, from);
        fprintf(stderr,
                "forecast: %s is under way: %.2f booked so far, and %.1f%% of a period's "
                "bookings came after this point of it in the past periods\n",
                from, s->booked, 100 * s->share_left);
    }
}

/* One series: its forecast (with a chart on a terminal) or its backtest. */
static void
run_series(struct cli *c, struct args *a)
{
    struct calendar cal = {1, 0};
    struct series s;

    load_series(c, a, &s, &cal);
    a->o.m = series_season(s.kind);
    a->o.horizon = a->horizon                 ? a->horizon
                   : s.kind == PERIOD_MONTH   ? 12
                   : s.kind == PERIOD_QUARTER ? 4
                                              : 3;
    struct out *out = cli_out(c);
    if (a->backtest) {
        if (report_series_backtest(&s, a->o.horizon, a->backtest, out, &c->err))
            cli_fail(c, &c->err);
        cli_out_end(c, out);
    } else {
        struct fc_result r;
        if (report_series_forecast(&s, &a->o, &cal, out, &r, &c->err))
            cli_fail(c, &c->err);
        cli_out_end(c, out);
        if (c->fmt == OUT_TABLE)
            chart(&s, &r, &cal, cli_color(c));
        if (a->verbose)
            say_fit(&s, &r, a, &cal);
        fc_result_release(&r);
    }
    series_release(&s);
}

int
main(int argc, char **argv)
{
    struct args a = {.o = {FC_ENSEMBLE, 0, 1, 2, {80, 95, 0, 0}},
                     .by = PERIOD_MONTH,
                     .model = -1,
                     .key = SERIES_KEY_NONE,
                     .rec = FC_REC_WLS};
    struct cli c;

    cli_init(&c, "forecast", usage, help);
    parse_options(&c, argc, argv, &a);
    argc -= optind;
    argv += optind;
    check_usage(&c, argc, argv, &a);
    if (a.pipeline)
        run_pipeline(&c, &a);
    else if (a.blend)
        run_blend(&c, &a);
    else if (a.key)
        run_hierarchy(&c, &a);
    else
        run_series(&c, &a);
    return cli_exit(&c, 0);
}
