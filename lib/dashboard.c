/* dashboard.c — the morning view, for a terminal or as one HTML page (see dashboard.h). */
#include "dashboard.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "metrics.h"
#include "nps.h"
#include "outfile.h"
#include "perf.h"
#include "reports.h"
#include "retention.h"
#include "series.h"
#include "svg.h"
#include "text.h"

/* One headline figure: now, the period before, the change, and one value
 * per period of the sparkline (NAN where there is none). */
enum kpi_kind { KPI_MONEY, KPI_SHARE, KPI_DAYS, KPI_SCORE };

struct kpi {
    const char *name;
    enum kpi_kind kind;
    int lower_better; /* cycle days: a drop is good */
    double now, before;
    double spark[DASH_PERIODS];
    int has_spark;
    char note[160]; /* a line of context below it, or "" */
};

#define MAX_KPIS 8

struct dashboard {
    struct store *s;
    struct period p, prev, first;
    enum period_kind kind;
    char label[DASH_PERIODS][PERIOD_BUFSZ]; /* oldest first; the last is p */
    sdate until;                            /* the last day shown: p's end or today */
    struct out *perf, *quota, *pipeline, *risk, *nps, *mrr, *trailing, *channels, *fc;
    long nrisk;
    struct series bk; /* bookings before p, for the forecast chart */
    int have_bk, have_fc;
    char fc_note[200]; /* why there is no forecast */
    struct kpi kpi[MAX_KPIS];
    int nkpi;
};

/* ---- reading the reports' rows back ------------------------------------ */

static double
val_num(const struct out *o, size_t r, const char *col)
{
    const char *v = o ? out_value(o, r, col) : NULL;
    char *end;
    if (!v || !*v)
        return NAN;
    double x = strtod(v, &end);
    return *end ? NAN : x;
}

/* An amount as a double of major units, for display and drawing only. */
static double
val_money(const struct out *o, size_t r, const char *col)
{
    const char *v = o ? out_value(o, r, col) : NULL;
    money_t m;
    if (!v || !*v || money_parse(v, &m))
        return NAN;
    return (double)m / 100;
}

static const char *
val_text(const struct out *o, size_t r, const char *col)
{
    const char *v = out_value(o, r, col);
    return v ? v : "";
}

/* The row of o whose column col holds key, or -1. */
static long
row_of(const struct out *o, const char *col, const char *key)
{
    if (!o)
        return -1;
    for (size_t r = 0; r < out_nrows(o); r++)
        if (strcmp(val_text(o, r, col), key) == 0)
            return (long)r;
    return -1;
}

/* ---- running the reports ------------------------------------------------ */

static void
window_range(struct filter *f, sdate from, sdate to)
{
    f->since = from;
    f->until = to;
    f->has_period = 0;
    f->active = 1;
}

static void
window_period(struct filter *f, const struct period *p)
{
    f->since = f->until = DATE_NONE;
    f->has_period = 1;
    f->period = *p;
    f->active = 1;
}

static void
window_none(struct filter *f)
{
    f->since = f->until = DATE_NONE;
    f->has_period = 0;
}

static const char *
kind_name(enum period_kind k)
{
    return k == PERIOD_MONTH ? "month" : "quarter";
}

/* The bookings forecast of the forecast command (its default method and
 * levels), from the complete periods before p: the series read in the
 * deals pass (run_reports). A series that could not be read or is too
 * short to fit leaves a note instead of a forecast. */
static void
collect_forecast(struct dashboard *d, int have_series, const struct err *se)
{
    struct fc_options o = {FC_ENSEMBLE, 0, 1, 2, {80, 95, 0, 0}};
    struct fc_result res = {0};
    struct err fe = {0};

    /* deals.csv has been read whole by the reports (a bad record failed
     * there): what fails here is a series with no bookings yet */
    if (!have_series) {
        snprintf(d->fc_note, sizeof d->fc_note, "no forecast: %.180s", se->msg);
        return;
    }
    d->have_bk = 1;
    o.m = series_season(d->kind);
    o.horizon = d->kind == PERIOD_MONTH ? 6 : 4;
    d->fc = out_new_rows();
    if (report_series_forecast(&d->bk, &o, &d->s->cal, d->fc, &res, &fe) == 0) {
        d->have_fc = 1;
    } else {
        snprintf(d->fc_note, sizeof d->fc_note, "no forecast: %.180s", fe.msg);
        out_free(d->fc);
        d->fc = NULL;
    }
    fc_result_release(&res);
}

/* quota-report's rows of p summed over the owners no other row rolls up
 * (a team and its reps count once): quota, won and pipeline. */
static int
quota_totals(struct dashboard *d, money_t *quota, money_t *won, money_t *pipeline, int *rows,
             struct err *e)
{
    struct reps reps = {0};
    size_t n = out_nrows(d->quota);
    char ***members = xcalloc(n + 1, sizeof *members);
    int rc = -1;

    *quota = *won = *pipeline = 0;
    *rows = 0;
    if (reps_load(d->s, &reps, e))
        goto out;
    /* a team's quota rolled up from its reps' (quota_from "reps") is
     * those quotas again: left out, its reps' own rows count */
    for (size_t i = 0; i < n; i++)
        if (strcmp(val_text(d->quota, i, "quota_from"), "reps") != 0)
            members[i] = reps_members(&reps, val_text(d->quota, i, "owner"));
    for (size_t i = 0; i < n; i++) {
        const char *owner = val_text(d->quota, i, "owner");
        int inside = strcmp(val_text(d->quota, i, "quota_from"), "reps") == 0;
        for (size_t j = 0; j < n && !inside; j++)
            if (j != i && strcmp(val_text(d->quota, j, "owner"), owner) != 0 && members[j])
                for (char **m = members[j]; *m && !inside; m++)
                    inside = strcmp(*m, owner) == 0;
        if (inside)
            continue;
        money_t q, w, pl;
        if (money_parse(val_text(d->quota, i, "quota"), &q) ||
            money_parse(val_text(d->quota, i, "won"), &w) ||
            money_parse(val_text(d->quota, i, "pipeline"), &pl) || money_add(quota, q) ||
            money_add(won, w) || money_add(pipeline, pl)) {
            err_set(e, "quota total too large");
            goto out;
        }
        ++*rows;
    }
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        strv_free(members[i]);
    free(members);
    reps_release(&reps);
    return rc;
}

static struct kpi *
kpi_add(struct dashboard *d, const char *name, enum kpi_kind kind)
{
    struct kpi *k = &d->kpi[d->nkpi++];
    k->name = name;
    k->kind = kind;
    k->now = k->before = NAN;
    for (int i = 0; i < DASH_PERIODS; i++)
        k->spark[i] = NAN;
    return k;
}

/* A KPI from one column of a report with a row per period (key column
 * kcol holding the period labels). */
static void
kpi_from_periods(struct dashboard *d, struct kpi *k, const struct out *o, const char *kcol,
                 const char *col, int money)
{
    for (int i = 0; i < DASH_PERIODS; i++) {
        long r = row_of(o, kcol, d->label[i]);
        if (r >= 0)
            k->spark[i] = money ? val_money(o, (size_t)r, col) : val_num(o, (size_t)r, col);
    }
    k->now = k->spark[DASH_PERIODS - 1];
    k->before = k->spark[DASH_PERIODS - 2];
    k->has_spark = 1;
}

static int
build_kpis(struct dashboard *d, struct err *e)
{
    char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], buf[16];
    struct kpi *k;

    k = kpi_add(d, "Bookings", KPI_MONEY);
    kpi_from_periods(d, k, d->perf, kind_name(d->kind), "won_amount", 1);

    money_t quota, won, pipeline;
    int rows;
    if (quota_totals(d, &quota, &won, &pipeline, &rows, e))
        return -1;
    if (rows) {
        k = kpi_add(d, "Attainment", KPI_SHARE);
        k->now = metric_attainment(won, quota);
        snprintf(k->note, sizeof k->note, "won %s of quota %s, gap %s",
                 money_format_table(won, 0, a), money_format_table(quota, 0, b),
                 money_format_table(metric_gap(quota, won), 0, c));
    }
    size_t np = out_nrows(d->pipeline);
    k = kpi_add(d, "Pipeline", KPI_MONEY);
    k->now = val_money(d->pipeline, np, "amount");
    double cov = rows ? metric_coverage(pipeline, quota, won) : NAN;
    snprintf(
        k->note, sizeof k->note, "%s open deals, weighted %s%s%s%s",
        val_text(d->pipeline, np, "deals"),
        money_format_table((money_t)llround(val_money(d->pipeline, np, "weighted") * 100), 0, a),
        isnan(cov) ? "" : ", coverage ", isnan(cov) ? "" : metric_fmt(cov, buf, 1),
        isnan(cov) ? "" : "x");

    k = kpi_add(d, "Win rate", KPI_SHARE);
    kpi_from_periods(d, k, d->perf, kind_name(d->kind), "win_rate", 0);
    k = kpi_add(d, "Cycle days", KPI_DAYS);
    kpi_from_periods(d, k, d->perf, kind_name(d->kind), "cycle_days", 0);
    k->lower_better = 1;
    if (out_nrows(d->nps)) {
        k = kpi_add(d, "NPS", KPI_SCORE);
        kpi_from_periods(d, k, d->nps, kind_name(d->kind), "nps", 0);
    }
    if (out_nrows(d->mrr)) {
        /* the MRR at the end of each period: its last month shown */
        k = kpi_add(d, "MRR", KPI_MONEY);
        for (int i = 0; i < DASH_PERIODS; i++) {
            struct period p = d->first, m;
            period_step(&p, i, &d->s->cal);
            sdate last = p.end - 1 < d->until ? p.end - 1 : d->until;
            char ml[PERIOD_BUFSZ];
            period_of(last, PERIOD_MONTH, &d->s->cal, &m);
            long r = row_of(d->mrr, "period", period_format(&m, ml));
            if (r >= 0)
                k->spark[i] = val_money(d->mrr, (size_t)r, "mrr");
        }
        k->now = k->spark[DASH_PERIODS - 1];
        k->before = k->spark[DASH_PERIODS - 2];
        k->has_spark = 1;
        if (out_nrows(d->trailing)) {
            k = kpi_add(d, "NRR", KPI_SHARE);
            k->now = val_num(d->trailing, 0, "nrr");
            const char *grr = val_text(d->trailing, 0, "grr");
            snprintf(k->note, sizeof k->note, "trailing 12 months to %s, GRR %s",
                     val_text(d->trailing, 0, "period"), *grr ? grr : "-");
        }
    }
    return 0;
}

/* ---- one read of each big file for every report ------------------------
 *
 * The reports are run in parts (perf.h, reports.h, activity.h): deals.csv
 * is read once for perf-report, quota-report, pipeline-show and the deals
 * at risk, activities.csv once for perf-report and activity-report. The
 * activities (after activity-report's accounts of contacts and deals, and
 * before perf-report's lead response times, leads.csv) are read on a
 * second thread while this one reads the deals (with --html, the
 * forecast's bookings too), then the NPS and MRR. Each report has a
 * filter of its own (a copy of the command's, with its window), and what
 * the threads touch is their own: perf-report's deals and activities
 * parts keep separate groups. */

struct dash_run {
    struct dashboard *d;
    struct store *s;
    int html;
    struct filter fperf, fquota, fpipe, frisk, fact, fbook;
    struct perf_run *perf;
    struct quota_run *quota;
    struct pipeline_run *pipe;
    struct risk_run *risk;
    struct act_run *act;
    struct series_run *book; /* --html: the bookings to forecast */
    int book_rc;             /* their read failed (be): a note, not an error */
    struct err be;
    int arc;       /* the activities thread's result */
    struct err ae; /* and its error */
};

/* A copy of f for one report: its own bound columns and --where terms. */
static void
filter_copy(struct filter *to, const struct filter *f)
{
    *to = *f;
    if (f->nwhere) {
        to->where = xcalloc(f->nwhere, sizeof *to->where);
        memcpy(to->where, f->where, f->nwhere * sizeof *f->where);
    }
}

static void
filter_copy_release(struct filter *c, const struct filter *f)
{
    if (c->where != f->where)
        free(c->where);
}

/* activities.csv for perf-report and (--html) activity-report, then the
 * lead response times of perf-report. */
static int
pass_activities(struct dash_run *run, struct err *e)
{
    struct store *s = run->s;
    struct table *t;
    int r, to_perf = perf_reads_activities(run->perf) && store_has(s, &schema_activities);

    /* activity-report's own reads (contacts' and deals' accounts) on this thread too */
    if (run->html && !(run->act = activity_begin(s, &run->fact, ACT_BY_CHANNEL, e)))
        return -1;
    if (!to_perf && !run->act)
        return 0;
    if (!(t = acts_open(s, e)) || (run->act && activity_bind(run->act, t, e))) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        struct act a;
        int open, touch;
        if (act_read(t, s->now, &a, &open, &touch, e)) {
            r = -1;
            break;
        }
        if (to_perf)
            perf_act(run->perf, &a, touch);
        if (run->act)
            activity_act(run->act, t, &a, open, touch);
    }
    table_free(t);
    if (r < 0)
        return -1;
    return perf_leads(run->perf, e);
}

static void *
activities_thread(void *arg)
{
    struct dash_run *run = arg;
    run->arc = pass_activities(run, &run->ae);
    return NULL;
}

/* deals.csv for perf-report, quota-report, pipeline-show, the deals at
 * risk and (--html) the bookings to forecast. */
static int
pass_deals(struct dash_run *run, struct err *e)
{
    struct store *s = run->s;
    struct table *t;
    int r, quota = quota_reads_deals(run->quota), perf = store_has(s, &schema_deals);

    if (perf && perf_deals_init(run->perf, e))
        return -1;
    if (!(t = deals_open(s, e)))
        return -1;
    if ((perf && filter_bind(&run->fperf, t, e)) || (quota && filter_bind(&run->fquota, t, e)) ||
        filter_bind(&run->fpipe, t, e) || filter_bind(&run->frisk, t, e)) {
        table_free(t);
        return -1;
    }
    if (run->book && filter_bind(&run->fbook, t, &run->be))
        run->book_rc = -1;
    table_readahead(t);
    while ((r = table_next(t, e)) == 1) {
        if ((perf && perf_deal(run->perf, t, e)) || (quota && quota_deal(run->quota, t, e)) ||
            pipeline_deal(run->pipe, t, e) || risk_deal(run->risk, t, e)) {
            r = -1;
            break;
        }
        if (run->book && !run->book_rc && series_deal(run->book, t, &run->be))
            run->book_rc = -1;
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

static int
run_reports(struct dashboard *d, struct filter *f, int html, struct err *e)
{
    struct store *s = d->s;
    struct dash_run run = {.d = d, .s = s, .html = html};
    struct perf_opts po = {d->kind == PERIOD_MONTH ? PERF_BY_MONTH : PERF_BY_QUARTER, 0};
    struct filter fo;
    pthread_t th;
    int rc = -1, started = 0;

    filter_copy(&run.fperf, f);
    filter_copy(&run.fquota, f);
    filter_copy(&run.fpipe, f);
    filter_copy(&run.frisk, f);
    filter_copy(&run.fact, f);
    filter_copy(&run.fbook, f);
    filter_copy(&fo, f);
    window_range(&run.fperf, d->first.start, d->p.end - 1);
    window_period(&run.fquota, &d->p);
    window_none(&run.fpipe);
    window_none(&run.frisk);
    window_period(&run.fact, &d->p);
    window_none(&run.fbook);
    if (!(run.perf = perf_begin(s, &run.fperf, &po, e)) ||
        !(run.quota = quota_begin(s, &run.fquota, e)) ||
        !(run.pipe = pipeline_begin(s, &run.fpipe, BY_STAGE, e)) ||
        !(run.risk = risk_begin(s, &run.frisk, DASH_AT_RISK, e)))
        goto out;
    if (html && !(run.book = series_begin(s, &run.fbook, d->kind, &run.be)))
        run.book_rc = -1;
    if (pthread_create(&th, NULL, activities_thread, &run) == 0)
        started = 1;
    else if (pass_activities(&run, e)) /* no thread to be had: one after the other */
        goto out;
    if (pass_deals(&run, e))
        goto join;
    window_range(&fo, d->first.start, d->p.end - 1);
    if (report_nps(s, &fo, d->kind == PERIOD_MONTH ? NPS_BY_MONTH : NPS_BY_QUARTER,
                   d->nps = out_new_rows(), e))
        goto join;
    window_range(&fo, d->first.start, d->until);
    if (report_mrr(s, &fo, d->mrr = out_new_rows(), d->trailing = out_new_rows(), e))
        goto join;
    if (html) {
        int have = run.book && !run.book_rc && series_end(run.book, &d->bk, &run.be) == 0;
        collect_forecast(d, have, &run.be);
    }
    rc = 0;
join:
    if (started)
        pthread_join(th, NULL);
    if (rc == 0 && run.arc) { /* this thread's error first, as the reports read in turn */
        *e = run.ae;
        rc = -1;
    }
    if (rc == 0) {
        perf_end(run.perf, d->perf = out_new_rows());
        quota_end(run.quota, d->quota = out_new_rows());
        pipeline_end(run.pipe, d->pipeline = out_new_rows());
        risk_end(run.risk, &d->nrisk, d->risk = out_new_rows());
        if (html && activity_end(run.act, d->channels = out_new_rows(), e))
            rc = -1;
    }
out:
    perf_free(run.perf);
    quota_free(run.quota);
    pipeline_free(run.pipe);
    risk_free(run.risk);
    activity_free(run.act);
    series_free(run.book);
    filter_copy_release(&run.fperf, f);
    filter_copy_release(&run.fquota, f);
    filter_copy_release(&run.fpipe, f);
    filter_copy_release(&run.frisk, f);
    filter_copy_release(&run.fact, f);
    filter_copy_release(&run.fbook, f);
    filter_copy_release(&fo, f);
    return rc;
}

struct dashboard *
dashboard_new(struct store *s, struct filter *f, int html, struct err *e)
{
    struct dashboard *d = xcalloc(1, sizeof *d);
    struct filter_dates saved;
    int saved_active = f->active;
    sdate from, to;
    int rc = -1;

    d->s = s;
    if (f->has_period) {
        d->p = f->period;
        if (d->p.kind != PERIOD_MONTH && d->p.kind != PERIOD_QUARTER) {
            err_set(e,
                    "bad --period '%s' (expected a month or a quarter: 2026-11, 2026-Q4, "
                    "this-month, last-quarter, ...)",
                    f->period_text ? f->period_text : "");
            free(d);
            return NULL;
        }
    } else {
        period_of(s->today, PERIOD_QUARTER, &s->cal, &d->p);
    }
    d->kind = d->p.kind;
    d->prev = d->first = d->p;
    period_step(&d->prev, -1, &s->cal);
    period_step(&d->first, 1 - DASH_PERIODS, &s->cal);
    for (int i = 0; i < DASH_PERIODS; i++) {
        struct period q = d->first;
        period_step(&q, i, &s->cal);
        period_format(&q, d->label[i]);
    }
    d->until = d->p.end - 1 < s->today ? d->p.end - 1 : s->today;

    filter_take_dates(f, &saved, &from, &to);
    if (run_reports(d, f, html, e))
        goto out;
    if (build_kpis(d, e))
        goto out;
    rc = 0;
out:
    filter_put_dates(f, &saved);
    f->active = saved_active;
    if (rc) {
        dashboard_free(d);
        return NULL;
    }
    return d;
}

void
dashboard_free(struct dashboard *d)
{
    if (!d)
        return;
    out_free(d->perf);
    out_free(d->quota);
    out_free(d->pipeline);
    out_free(d->risk);
    out_free(d->nps);
    out_free(d->mrr);
    out_free(d->trailing);
    out_free(d->channels);
    out_free(d->fc);
    if (d->have_bk)
        series_release(&d->bk);
    free(d);
}

/* ---- figures as text ----------------------------------------------------- */

static char *
fmt_money(double v, char *buf)
{
    if (isnan(v))
        return strcpy(buf, "");
    return money_format_table((money_t)llround(v * 100), 0, buf);
}

static char *
kpi_value(const struct kpi *k, double v, char *buf, size_t n)
{
    if (isnan(v)) {
        snprintf(buf, n, "-");
        return buf;
    }
    switch (k->kind) {
    case KPI_MONEY:
        return fmt_money(v, buf);
    case KPI_SHARE:
        snprintf(buf, n, "%.0f%%", v * 100);
        break;
    case KPI_DAYS:
    case KPI_SCORE:
        snprintf(buf, n, "%.1f", v);
        break;
    }
    return buf;
}

/* The change from before to now: a percentage for money
 * (metric_variance_pct), points for a share, units otherwise. *sign gets
 * 1 better, -1 worse, 0 same or unknown. "" when either is missing. */
static char *
kpi_change(const struct kpi *k, char *buf, size_t n, int *sign)
{
    double diff = k->now - k->before;
    *sign = 0;
    buf[0] = '\0';
    if (isnan(k->now) || isnan(k->before))
        return buf;
    switch (k->kind) {
    case KPI_MONEY: {
        double pct =
            metric_variance_pct((money_t)llround(k->before * 100), (money_t)llround(k->now * 100));
        if (isnan(pct))
            return buf;
        snprintf(buf, n, "%+.1f%%", pct * 100);
        break;
    }
    case KPI_SHARE:
        snprintf(buf, n, "%+.0f pts", diff * 100);
        break;
    case KPI_DAYS:
    case KPI_SCORE:
        snprintf(buf, n, "%+.1f", diff);
        break;
    }
    if (diff != 0)
        *sign = (diff > 0) != k->lower_better ? 1 : -1;
    return buf;
}

static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

/* A sparkline of v[0..n): eight levels from min(0, smallest) to the
 * largest; a gap where a value is missing. */
static void
sparkline(struct sbuf *b, const double *v, int n)
{
    double lo = 0, hi = 0;
    int any = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i])) {
            if (!any || v[i] > hi)
                hi = v[i];
            if (v[i] < lo)
                lo = v[i];
            any = 1;
        }
    for (int i = 0; i < n; i++) {
        if (isnan(v[i])) {
            sbuf_addc(b, ' ');
            continue;
        }
        int level = hi > lo ? (int)lround((v[i] - lo) / (hi - lo) * 7) : 0;
        sbuf_adds(b, blocks[level < 0 ? 0 : level > 7 ? 7 : level]);
    }
}

/* s cut to width display columns (an ellipsis marks the cut) and padded. */
static void
put_cell(struct sbuf *b, const char *s, size_t width, int right)
{
    size_t w = text_width(s);
    if (w > width) {
        size_t len = text_fit(s, width - 1);
        sbuf_add(b, s, len);
        sbuf_adds(b, "…");
        w = text_width(s) - text_width(s + len) + 1;
        for (; w < width; w++)
            sbuf_addc(b, ' ');
        return;
    }
    if (!right)
        sbuf_adds(b, s);
    for (; w < width; w++)
        sbuf_addc(b, ' ');
    if (right)
        sbuf_adds(b, s);
}

/* ---- the terminal -------------------------------------------------------- */

#define BAR_COLS 36

static void
print_kpis(const struct dashboard *d, struct sbuf *b, int color)
{
    char head[64], now[48], before[48], change[32];
    snprintf(head, sizeof head, "last %d %ss", DASH_PERIODS, kind_name(d->kind));
    put_cell(b, "", 12, 0);
    put_cell(b, d->label[DASH_PERIODS - 1], 14, 1);
    put_cell(b, d->label[DASH_PERIODS - 2], 14, 1);
    put_cell(b, "change", 10, 1);
    sbuf_adds(b, "  ");
    sbuf_adds(b, head);
    sbuf_addc(b, '\n');
    for (int i = 0; i < d->nkpi; i++) {
        const struct kpi *k = &d->kpi[i];
        int sign;
        put_cell(b, k->name, 12, 0);
        put_cell(b, kpi_value(k, k->now, now, sizeof now), 14, 1);
        put_cell(b, k->has_spark ? kpi_value(k, k->before, before, sizeof before) : "", 14, 1);
        kpi_change(k, change, sizeof change, &sign);
        if (color && sign)
            sbuf_adds(b, sign > 0 ? "\033[32m" : "\033[31m");
        put_cell(b, change, 10, 1);
        if (color && sign)
            sbuf_adds(b, "\033[0m");
        if (k->has_spark) {
            sbuf_adds(b, "  ");
            sparkline(b, k->spark, DASH_PERIODS);
        }
        while (b->len && b->p[b->len - 1] == ' ')
            b->len--;
        sbuf_addc(b, '\n');
        if (k->note[0]) {
            sbuf_adds(b, "  ");
            sbuf_adds(b, k->note);
            sbuf_addc(b, '\n');
        }
    }
}

static void
print_funnel(const struct dashboard *d, struct sbuf *b, int color)
{
    size_t n = out_nrows(d->pipeline);
    double max = 0;
    char amount[MONEY_BUFSZ];
    for (size_t r = 0; r < n; r++)
        if (val_money(d->pipeline, r, "amount") > max)
            max = val_money(d->pipeline, r, "amount");
    sbuf_adds(b, "\nFunnel: open deals by stage\n");
    for (size_t r = 0; r < n; r++) {
        double v = val_money(d->pipeline, r, "amount");
        put_cell(b, val_text(d->pipeline, r, "stage"), 16, 0);
        put_cell(b, val_text(d->pipeline, r, "deals"), 6, 1);
        put_cell(b, fmt_money(v, amount), 14, 1);
        sbuf_adds(b, "  ");
        int eighths = max > 0 ? (int)lround(v / max * BAR_COLS * 8) : 0;
        if (color)
            sbuf_adds(b, "\033[36m");
        for (int i = 0; i < eighths / 8; i++)
            sbuf_adds(b, "█");
        static const char *const part[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
        sbuf_adds(b, part[eighths % 8]);
        if (color)
            sbuf_adds(b, "\033[0m");
        while (b->len && b->p[b->len - 1] == ' ')
            b->len--;
        sbuf_addc(b, '\n');
    }
}

static void
print_risk(const struct dashboard *d, struct sbuf *b)
{
    size_t n = out_nrows(d->risk);
    char amount[MONEY_BUFSZ], why[48];
    if (!d->nrisk) {
        sbuf_adds(b, "\nDeals at risk: none\n");
        return;
    }
    sbuf_addf(b, "\nDeals at risk: %ld open deal%s stale or past the close date, largest first\n",
              d->nrisk, d->nrisk == 1 ? "" : "s");
    for (size_t r = 0; r < n; r++) {
        const char *over = val_text(d->risk, r, "overdue_days");
        int stale = strcmp(val_text(d->risk, r, "stale"), "yes") == 0;
        if (*over)
            snprintf(why, sizeof why, "late %sd%s", over, stale ? ", stale" : "");
        else
            snprintf(why, sizeof why, "stale %sd", val_text(d->risk, r, "days_in_stage"));
        put_cell(b, val_text(d->risk, r, "deal"), 7, 0);
        put_cell(b, val_text(d->risk, r, "name"), 17, 0);
        sbuf_addc(b, ' ');
        put_cell(b, val_text(d->risk, r, "owner"), 12, 0);
        sbuf_addc(b, ' ');
        put_cell(b, val_text(d->risk, r, "stage"), 13, 0);
        put_cell(b, fmt_money(val_money(d->risk, r, "amount"), amount), 11, 1);
        sbuf_adds(b, "  ");
        sbuf_adds(b, why);
        sbuf_addc(b, '\n');
    }
}

int
dashboard_print(const struct dashboard *d, FILE *fp, int color, struct err *e)
{
    struct sbuf b = {0};
    char today[DATE_BUFSZ];
    sbuf_addf(&b, "Sales dashboard %s, to %s, against %s\n\n", d->label[DASH_PERIODS - 1],
              date_format(d->until, today), d->label[DASH_PERIODS - 2]);
    print_kpis(d, &b, color);
    print_funnel(d, &b, color);
    print_risk(d, &b);
    fwrite(b.p, 1, b.len, fp);
    sbuf_release(&b);
    if (fflush(fp) != 0 || ferror(fp))
        return err_sys(e, NULL, "write error");
    return 0;
}

/* ---- the page ------------------------------------------------------------ */

/* Chart geometry, in viewBox units: a plot area inside margins. */
#define CW 640
#define CH 280
#define ML 70
#define MR 16
#define MT 16
#define MB 40
#define FC_POINTS 8 /* the forecast horizon at most (6 months, 4 quarters) */

static const char style[] =
    "<style>\n"
    ":root{--ink:#1d2430;--muted:#5b6472;--line:#d5d9e0;--bar:#3b6fb6;--fc:#d9822b;"
    "--up:#2e8b57;--down:#c0392b;}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;padding:16px;max-width:1200px;font:15px/1.4 system-ui,-apple-system,"
    "'Segoe UI',sans-serif;color:var(--ink);background:#fff}\n"
    "h1{font-size:1.5em;margin:0}header p{color:var(--muted);margin:4px 0 16px}\n"
    ".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;"
    "margin-bottom:16px}\n"
    ".kpi{border:1px solid var(--line);border-radius:8px;padding:10px 12px}\n"
    ".kpi h2{font-size:.85em;font-weight:600;color:var(--muted);margin:0}\n"
    ".kpi .v{font-size:1.5em;font-weight:600;margin:2px 0}.kpi p{margin:0;font-size:.85em}\n"
    ".kpi .better{color:var(--up)}.kpi .worse{color:var(--down)}\n"
    ".kpi svg{width:100%;height:28px}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px}\n"
    "figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px}\n"
    "figcaption{font-weight:600;margin-bottom:6px}\n"
    "figure svg{display:block;width:100%;height:auto;max-width:100%}\n"
    "svg text{font-size:12px;fill:var(--muted)}\n"
    ".axis,.grid{stroke:var(--line);stroke-width:1}.target{stroke:var(--down);"
    "stroke-dasharray:4 3}\n"
    ".bar,.stage,.channel{fill:var(--bar)}.quota{fill:var(--bar)}.quota.met{fill:var(--up)}\n"
    ".band95{fill:var(--fc);opacity:.15}.band80{fill:var(--fc);opacity:.3}\n"
    ".fc{fill:none;stroke:var(--fc);stroke-width:2}.fcpt{fill:var(--fc)}\n"
    ".mrr.new{fill:#3b6fb6}.mrr.expansion{fill:#2e8b57}.mrr.reactivation{fill:#8e6bbf}"
    ".mrr.contraction{fill:#d9822b}.mrr.churn{fill:#c0392b}\n"
    ".npsline{fill:none;stroke:var(--bar);stroke-width:2}.nps{fill:var(--bar)}\n"
    ".spark{fill:none;stroke:var(--bar);stroke-width:1.5}\n"
    ".note{color:var(--muted);font-size:.85em}\n"
    "footer{color:var(--muted);font-size:.8em;margin-top:16px}\n"
    "@media (max-width:600px){body{padding:8px;font-size:14px}"
    ".charts{grid-template-columns:1fr}.kpis{grid-template-columns:repeat(2,1fr)}}\n"
    "@media print{body{max-width:none;padding:0;color:#000}.charts{display:block}"
    "figure,.kpi{break-inside:avoid;page-break-inside:avoid;margin-bottom:12px}"
    ".kpis{grid-template-columns:repeat(4,1fr)}}\n"
    "</style>\n";

static void
compact(double v, char *buf, size_t n)
{
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, n, "%.1fB", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, n, "%.1fM", v / 1e6);
    else if (a >= 1e3)
        snprintf(buf, n, "%.0fk", v / 1e3);
    else
        snprintf(buf, n, "%.0f", v);
}

static void
fig_begin(struct sbuf *b, const char *id, const char *caption)
{
    sbuf_addf(b, "<figure class=\"chart\" id=\"%s\">\n<figcaption>", id);
    html_escape(b, caption);
    sbuf_adds(b, "</figcaption>\n");
}

static void
fig_note(struct sbuf *b, const char *note)
{
    sbuf_adds(b, "<p class=\"note\">");
    html_escape(b, note);
    sbuf_adds(b, "</p>\n");
}

/* A value axis from lo to hi (lo <= 0 <= hi) on the left: its ends, and 0. */
static double
yscale(double v, double lo, double hi)
{
    return MT + (hi - v) / (hi - lo) * (CH - MT - MB);
}

static void
y_axis(struct sbuf *b, double lo, double hi)
{
    char t[32];
    double vals[3] = {lo, 0, hi};
    for (int i = 0; i < 3; i++) {
        if (i == 1 && (lo == 0 || hi == 0))
            continue;
        double y = yscale(vals[i], lo, hi);
        svg_line(b, "grid", ML, y, CW - MR, y);
        compact(vals[i], t, sizeof t);
        svg_text(b, "tick", ML - 6, y + 4, "end", t);
    }
}

static void
chart_bookings(const struct dashboard *d, struct sbuf *b)
{
    char cap[128], t[256], v1[MONEY_BUFSZ], v2[MONEY_BUFSZ], v3[MONEY_BUFSZ], v4[MONEY_BUFSZ],
        v5[MONEY_BUFSZ], pl[PERIOD_BUFSZ];
    snprintf(cap, sizeof cap, "Bookings per %s, with the forecast and its 80%% and 95%% intervals",
             kind_name(d->kind));
    fig_begin(b, "bookings", cap);
    int nb = d->have_bk ? d->bk.n : 0;
    int nh = nb < DASH_PERIODS ? nb : DASH_PERIODS, off = nb - nh;
    int nf = d->have_fc ? (int)out_nrows(d->fc) : 0, n = nh + nf;
    if (!n) {
        fig_note(b, d->fc_note);
        sbuf_adds(b, "</figure>\n");
        return;
    }
    double hi = 0;
    for (int i = 0; i < nh; i++)
        hi = fmax(hi, d->bk.y[off + i]);
    for (int i = 0; i < nf; i++)
        hi = fmax(hi, val_money(d->fc, (size_t)i, "hi95"));
    if (hi <= 0)
        hi = 1;
    svg_begin(b, CW, CH, cap);
    y_axis(b, 0, hi);
    double slot = (double)(CW - ML - MR) / n;
    for (int i = 0; i < nh; i++) {
        struct period p = d->bk.first;
        period_step(&p, off + i, &d->s->cal);
        double y = yscale(d->bk.y[off + i], 0, hi);
        snprintf(t, sizeof t, "%s: bookings %s", period_format(&p, pl),
                 fmt_money(d->bk.y[off + i], v1));
        svg_rect(b, "bar", ML + i * slot + slot * 0.15, y, slot * 0.7, yscale(0, 0, hi) - y, t);
        if (i == 0 || i == nh - 1)
            svg_text(b, "tick", ML + (i + 0.5) * slot, CH - MB + 16, "middle", pl);
    }
    if (nf) {
        double x[2 * FC_POINTS], y[2 * FC_POINTS];
        for (int band = 95; band >= 80; band -= 15) {
            char lo[8], hic[8];
            snprintf(lo, sizeof lo, "lo%d", band);
            snprintf(hic, sizeof hic, "hi%d", band);
            for (int i = 0; i < nf; i++) {
                x[i] = x[2 * nf - 1 - i] = ML + (nh + i + 0.5) * slot;
                y[i] = yscale(val_money(d->fc, (size_t)i, hic), 0, hi);
                y[2 * nf - 1 - i] = yscale(val_money(d->fc, (size_t)i, lo), 0, hi);
            }
            snprintf(t, sizeof t, "%d%% prediction interval", band);
            svg_path(b, band == 95 ? "band95" : "band80", x, y, 2 * nf, 1, t);
        }
        for (int i = 0; i < nf; i++)
            y[i] = yscale(val_money(d->fc, (size_t)i, "forecast"), 0, hi);
        snprintf(t, sizeof t, "forecast (%s)", val_text(d->fc, 0, "method"));
        svg_path(b, "fc", x, y, nf, 0, t);
        for (int i = 0; i < nf; i++) {
            const struct out *o = d->fc;
            snprintf(t, sizeof t, "%s: forecast %s (80%%: %s to %s; 95%%: %s to %s)",
                     val_text(o, (size_t)i, "period"),
                     fmt_money(val_money(o, (size_t)i, "forecast"), v1),
                     fmt_money(val_money(o, (size_t)i, "lo80"), v2),
                     fmt_money(val_money(o, (size_t)i, "hi80"), v3),
                     fmt_money(val_money(o, (size_t)i, "lo95"), v4),
                     fmt_money(val_money(o, (size_t)i, "hi95"), v5));
            svg_circle(b, "fcpt", x[i], y[i], 4, t);
        }
        svg_text(b, "tick", x[nf - 1], CH - MB + 16, "middle",
                 val_text(d->fc, (size_t)nf - 1, "period"));
    }
    svg_line(b, "axis", ML, yscale(0, 0, hi), CW - MR, yscale(0, 0, hi));
    svg_end(b);
    if (!d->have_fc)
        fig_note(b, d->fc_note);
    sbuf_adds(b, "</figure>\n");
}

/* Horizontal bars, one per row of o: label column lcol, length from value
 * (vals[i]; scale: the value of a full bar), titles[i]; classes cls[i]. */
static void
hbars(struct sbuf *b, const char *label, int n, char *const *labels, const double *vals,
      double scale, char *const *titles, char *const *cls, int centred, double target)
{
    int rowh = 26, h = MT + n * rowh + 8;
    double x0 = 130, wmax = CW - x0 - MR;
    svg_begin(b, CW, h, label);
    for (int i = 0; i < n; i++) {
        double w = scale > 0 && vals[i] > 0 ? vals[i] / scale * wmax : 0;
        double x = centred ? x0 + (wmax - w) / 2 : x0, y = MT + i * rowh;
        svg_rect(b, cls[i], x, y, w, rowh - 6, titles[i]);
        svg_text(b, "tick", x0 - 8, y + rowh / 2 + 1, "end", labels[i]);
    }
    if (target > 0)
        svg_line(b, "target", x0 + target / scale * wmax, MT - 4, x0 + target / scale * wmax,
                 h - 8);
    svg_end(b);
}

/* Owned label, title and class strings for hbars. */
struct bars {
    int n;
    char **labels, **titles, **cls;
    double *vals;
};

static void
bars_init(struct bars *x, int n)
{
    x->n = n;
    x->labels = xcalloc((size_t)n + 1, sizeof *x->labels);
    x->titles = xcalloc((size_t)n + 1, sizeof *x->titles);
    x->cls = xcalloc((size_t)n + 1, sizeof *x->cls);
    x->vals = xcalloc((size_t)n + 1, sizeof *x->vals);
}

static void
bars_release(struct bars *x)
{
    strv_free(x->labels);
    strv_free(x->titles);
    strv_free(x->cls);
    free(x->vals);
}

static double
bars_max(const struct bars *x)
{
    double m = 0;
    for (int i = 0; i < x->n; i++)
        m = fmax(m, x->vals[i]);
    return m;
}

static void
chart_funnel(const struct dashboard *d, struct sbuf *b)
{
    struct bars x;
    char t[256], a[MONEY_BUFSZ], w[MONEY_BUFSZ];
    int n = (int)out_nrows(d->pipeline);
    fig_begin(b, "funnel", "Funnel: open pipeline by stage");
    bars_init(&x, n);
    for (int i = 0; i < n; i++) {
        x.labels[i] = xstrdup(val_text(d->pipeline, (size_t)i, "stage"));
        x.vals[i] = val_money(d->pipeline, (size_t)i, "amount");
        snprintf(t, sizeof t, "%s: %s deals, %s (weighted %s)", x.labels[i],
                 val_text(d->pipeline, (size_t)i, "deals"), fmt_money(x.vals[i], a),
                 fmt_money(val_money(d->pipeline, (size_t)i, "weighted"), w));
        x.titles[i] = xstrdup(t);
        x.cls[i] = xstrdup("stage");
    }
    hbars(b, "Funnel: open pipeline by stage", n, x.labels, x.vals, bars_max(&x), x.titles, x.cls,
          1, 0);
    bars_release(&x);
    sbuf_adds(b, "</figure>\n");
}

static void
chart_quota(const struct dashboard *d, struct sbuf *b)
{
    struct bars x;
    char cap[96], t[256], w[MONEY_BUFSZ], q[MONEY_BUFSZ];
    int n = (int)out_nrows(d->quota);
    snprintf(cap, sizeof cap, "Quota attainment, %s", d->label[DASH_PERIODS - 1]);
    fig_begin(b, "quota", cap);
    if (!n) {
        fig_note(b, "no quotas for this period");
        sbuf_adds(b, "</figure>\n");
        return;
    }
    bars_init(&x, n);
    for (int i = 0; i < n; i++) {
        double att = val_num(d->quota, (size_t)i, "attainment");
        x.labels[i] = xstrdup(val_text(d->quota, (size_t)i, "owner"));
        x.vals[i] = isnan(att) ? 0 : att;
        snprintf(t, sizeof t, "%s: won %s of %s (%s)", x.labels[i],
                 fmt_money(val_money(d->quota, (size_t)i, "won"), w),
                 fmt_money(val_money(d->quota, (size_t)i, "quota"), q),
                 isnan(att) ? "no quota" : (snprintf(cap, sizeof cap, "%.0f%%", att * 100), cap));
        x.titles[i] = xstrdup(t);
        x.cls[i] = xstrdup(att >= 1 ? "quota met" : "quota");
    }
    hbars(b, "Quota attainment", n, x.labels, x.vals, fmax(1.2, bars_max(&x)), x.titles, x.cls, 0,
          1.0);
    bars_release(&x);
    sbuf_adds(b, "</figure>\n");
}

static void
chart_channels(const struct dashboard *d, struct sbuf *b)
{
    struct bars x;
    char cap[96], t[256];
    int n = (int)out_nrows(d->channels);
    snprintf(cap, sizeof cap, "Activity mix per channel, %s", d->label[DASH_PERIODS - 1]);
    fig_begin(b, "channels", cap);
    if (!n) {
        fig_note(b, "no activities in this period");
        sbuf_adds(b, "</figure>\n");
        return;
    }
    bars_init(&x, n);
    for (int i = 0; i < n; i++) {
        const char *ch = val_text(d->channels, (size_t)i, "channel");
        double share = val_num(d->channels, (size_t)i, "share");
        x.labels[i] = xstrdup(*ch ? ch : "(none)");
        x.vals[i] = val_num(d->channels, (size_t)i, "activities");
        snprintf(t, sizeof t, "%s: %s activities (%.0f%%)", x.labels[i],
                 val_text(d->channels, (size_t)i, "activities"), isnan(share) ? 0 : share * 100);
        x.titles[i] = xstrdup(t);
        x.cls[i] = xstrdup("channel");
    }
    hbars(b, cap, n, x.labels, x.vals, bars_max(&x), x.titles, x.cls, 0, 0);
    bars_release(&x);
    sbuf_adds(b, "</figure>\n");
}

static void
chart_mrr(const struct dashboard *d, struct sbuf *b)
{
    static const char *const up[] = {"new", "expansion", "reactivation"};
    static const char *const down[] = {"contraction", "churn"};
    char t[256], v[MONEY_BUFSZ], cls[32];
    int n = (int)out_nrows(d->mrr), off = n > 12 ? n - 12 : 0;
    const char *cap = "MRR movements per month";
    fig_begin(b, "mrr", cap);
    double hi = 0, lo = 0;
    for (int i = off; i < n; i++) {
        double u = 0, w = 0;
        for (int k = 0; k < 3; k++)
            u += val_money(d->mrr, (size_t)i, up[k]);
        for (int k = 0; k < 2; k++)
            w += val_money(d->mrr, (size_t)i, down[k]);
        hi = fmax(hi, u);
        lo = fmin(lo, -w);
    }
    if (hi == lo)
        hi = 1;
    svg_begin(b, CW, CH, cap);
    y_axis(b, lo, hi);
    double slot = (double)(CW - ML - MR) / (n - off);
    for (int i = off; i < n; i++) {
        const char *per = val_text(d->mrr, (size_t)i, "period");
        double x = ML + (i - off) * slot + slot * 0.15, top = 0, bot = 0;
        for (int k = 0; k < 5; k++) {
            const char *kind = k < 3 ? up[k] : down[k - 3];
            double m = val_money(d->mrr, (size_t)i, kind);
            if (!(m > 0))
                continue;
            double *edge = k < 3 ? &top : &bot, from = *edge;
            *edge += k < 3 ? m : -m;
            snprintf(t, sizeof t, "%s: %s %s (MRR %s)", per, kind, fmt_money(m, v),
                     val_text(d->mrr, (size_t)i, "mrr"));
            snprintf(cls, sizeof cls, "mrr %s", kind);
            svg_rect(b, cls, x, yscale(from, lo, hi), slot * 0.7,
                     yscale(*edge, lo, hi) - yscale(from, lo, hi), t);
        }
        if (i == off || i == n - 1)
            svg_text(b, "tick", x + slot * 0.35, CH - MB + 16, "middle", per);
    }
    svg_line(b, "axis", ML, yscale(0, lo, hi), CW - MR, yscale(0, lo, hi));
    svg_end(b);
    fig_note(b, "up: new, expansion, reactivation; down: contraction, churn");
    sbuf_adds(b, "</figure>\n");
}

static void
chart_nps(const struct dashboard *d, struct sbuf *b)
{
    char cap[96], t[160];
    double x[DASH_PERIODS], y[DASH_PERIODS];
    int n = 0;
    snprintf(cap, sizeof cap, "NPS per %s", kind_name(d->kind));
    fig_begin(b, "nps", cap);
    svg_begin(b, CW, CH, cap);
    y_axis(b, -100, 100);
    double slot = (double)(CW - ML - MR) / DASH_PERIODS;
    for (int i = 0; i < DASH_PERIODS; i++) {
        long r = row_of(d->nps, kind_name(d->kind), d->label[i]);
        double v = r >= 0 ? val_num(d->nps, (size_t)r, "nps") : NAN;
        if (i == 0 || i == DASH_PERIODS - 1)
            svg_text(b, "tick", ML + (i + 0.5) * slot, CH - MB + 16, "middle", d->label[i]);
        if (isnan(v))
            continue;
        x[n] = ML + (i + 0.5) * slot;
        y[n++] = yscale(v, -100, 100);
    }
    if (n > 1)
        svg_path(b, "npsline", x, y, n, 0, "NPS");
    for (int i = 0, k = 0; i < DASH_PERIODS; i++) {
        long r = row_of(d->nps, kind_name(d->kind), d->label[i]);
        double v = r >= 0 ? val_num(d->nps, (size_t)r, "nps") : NAN;
        if (isnan(v))
            continue;
        snprintf(t, sizeof t, "%s: NPS %.1f (%s responses)", d->label[i], v,
                 val_text(d->nps, (size_t)r, "responses"));
        svg_circle(b, "nps", x[k], y[k], 4, t);
        k++;
    }
    svg_end(b);
    sbuf_adds(b, "</figure>\n");
}

static void
html_kpis(const struct dashboard *d, struct sbuf *b)
{
    char now[48], before[48], change[32], t[200];
    sbuf_adds(b, "<section class=\"kpis\">\n");
    for (int i = 0; i < d->nkpi; i++) {
        const struct kpi *k = &d->kpi[i];
        int sign;
        sbuf_adds(b, "<div class=\"kpi\"><h2>");
        html_escape(b, k->name);
        sbuf_adds(b, "</h2><p class=\"v\">");
        html_escape(b, kpi_value(k, k->now, now, sizeof now));
        sbuf_adds(b, "</p>");
        kpi_change(k, change, sizeof change, &sign);
        if (*change) {
            sbuf_addf(b, "<p class=\"%s\">", sign > 0 ? "better" : sign < 0 ? "worse" : "same");
            html_escape(b, change);
            sbuf_adds(b, " against ");
            html_escape(b, d->label[DASH_PERIODS - 2]);
            sbuf_adds(b, " (");
            html_escape(b, kpi_value(k, k->before, before, sizeof before));
            sbuf_adds(b, ")</p>");
        }
        if (k->note[0]) {
            sbuf_adds(b, "<p class=\"note\">");
            html_escape(b, k->note);
            sbuf_adds(b, "</p>");
        }
        if (k->has_spark) {
            double x[DASH_PERIODS], y[DASH_PERIODS], lo = 0, hi = 0;
            int n = 0;
            for (int j = 0; j < DASH_PERIODS; j++)
                if (!isnan(k->spark[j]))
                    lo = fmin(lo, k->spark[j]), hi = fmax(hi, k->spark[j]);
            if (hi == lo)
                hi = lo + 1;
            for (int j = 0; j < DASH_PERIODS; j++)
                if (!isnan(k->spark[j])) {
                    x[n] = 2 + j * (116.0 / (DASH_PERIODS - 1));
                    y[n++] = 26 - (k->spark[j] - lo) / (hi - lo) * 24;
                }
            snprintf(t, sizeof t, "%s, last %d %ss", k->name, DASH_PERIODS, kind_name(d->kind));
            sbuf_adds(b, "\n");
            svg_begin(b, 120, 28, t);
            svg_path(b, "spark", x, y, n, 0, t);
            svg_end(b);
        }
        sbuf_adds(b, "</div>\n");
    }
    sbuf_adds(b, "</section>\n");
}

int
dashboard_html(const struct dashboard *d, const char *path, struct err *e)
{
    struct sbuf b = {0};
    struct outfile of = {0};
    char today[DATE_BUFSZ];
    int rc = -1;

    date_format(d->until, today);
    sbuf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sbuf_addf(&b, "<title>Sales dashboard %s</title>\n", d->label[DASH_PERIODS - 1]);
    sbuf_adds(&b, style);
    sbuf_addf(&b,
              "</head>\n<body>\n<header><h1>Sales dashboard %s</h1><p>to %s, against %s</p>"
              "</header>\n",
              d->label[DASH_PERIODS - 1], today, d->label[DASH_PERIODS - 2]);
    html_kpis(d, &b);
    sbuf_adds(&b, "<section class=\"charts\">\n");
    chart_bookings(d, &b);
    chart_funnel(d, &b);
    chart_quota(d, &b);
    chart_channels(d, &b);
    if (out_nrows(d->mrr))
        chart_mrr(d, &b);
    if (out_nrows(d->nps))
        chart_nps(d, &b);
    sbuf_adds(&b, "</section>\n");
    sbuf_addf(&b,
              "<footer>sales-dashboard, %s. Every figure is the one the reports print "
              "(perf-report, quota-report, pipeline-show, forecast, activity-report, "
              "retention-report --mrr, nps-report).</footer>\n</body>\n</html>\n",
              today);
    if (outfile_open(&of, path, e))
        goto out;
    if (fwrite(b.p, 1, b.len, of.fp) != b.len) {
        err_sys(e, path, "write error");
        outfile_discard(&of);
        goto out;
    }
    if (outfile_commit(&of, e))
        goto out;
    rc = 0;
out:
    sbuf_release(&b);
    return rc;
}
