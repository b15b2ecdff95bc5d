/*
 * m3-bench — accuracy and speed of the forecasting methods on the M3
 * competition data (yearly, quarterly and monthly series, one origin per
 * series), next to the published figures.
 *
 *   m3-bench [-iVv] [-m METHODS] [-s SUBSETS] DIR
 *
 * DIR holds m3-series.csv, m3-train.csv and m3-test.csv (see its
 * README.md). METHODS is a comma list of forecast method names (default
 * naive2,ses,holt,damped,theta,auto,comb); SUBSETS of yearly, quarterly,
 * monthly, all (default all four). -i also computes 80% and 95% intervals
 * (timed) and reports how often they covered the test values. -v prints
 * one line per series and method. -V evaluates on the last h points of
 * each training series instead of the test set (for design choices that
 * must not see the test data). A development tool: it prints and exits.
 *
 * sMAPE and MASE follow the README: per series the mean over the horizon
 * of 200|y-f|/(y+f), and the mean |y-f| over the in-sample mean absolute
 * seasonal difference (lag 12, 4, 1); a subset's figure is the mean over
 * all its series and horizons ("all" pools every point of the three).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csvio.h"
#include "err.h"
#include "forecast.h"
#include "text.h"

enum { YEARLY, QUARTERLY, MONTHLY, NSUB, ALL = NSUB };

static const char *const sub_names[] = {"yearly", "quarterly", "monthly", "all"};
static const int sub_m[] = {1, 4, 12};

struct series {
    char *name;
    int sub;
    int n, h; /* as m3-series.csv says */
    double *train, *test;
    int ntrain, ntest; /* as read */
    int cap_train, cap_test;
};

/* Published sMAPE (yearly, quarterly, monthly, all 3,003) and monthly MASE
 * from the data's README: Makridakis & Hibon (2000), recomputed figures
 * for SES/Holt/Damped, and R forecast 8.20 ets() for auto. 0 = none. */
struct published {
    const char *method, *source;
    double smape[4], mase_monthly;
};
static const struct published published[] = {
    {"naive2", "Naive2 (M3)", {17.88, 9.95, 16.91, 15.47}, 1.037},
    {"ses", "SES (M3 submission)", {17.82, 9.72, 15.30, 0}, 0.97},
    {"holt", "Holt (M3 submission)", {20.02, 10.94, 15.79, 0}, 0},
    {"damped", "Dampen (M3 submission)", {17.36, 9.36, 14.58, 0}, 0.908},
    {"theta", "Theta (M3 winner)", {16.90, 8.96, 13.85, 13.01}, 0.858},
    {"auto", "R forecast ets()", {17.36, 9.68, 14.14, 0}, 0.865},
    {"comb", "Comb S-H-D (M3)", {17.07, 9.22, 14.48, 13.52}, 0},
};
static const struct published forecastpro = {
    "", "ForecastPro (M3)", {17.14, 9.77, 13.86, 13.19}, 0.848};

static const char *progname = "m3-bench";

static void
die(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static void
usage(FILE *fp, int status)
{
    fprintf(fp, "usage: %s [-iVv] [-m METHODS] [-s SUBSETS] DIR\n", progname);
    exit(status);
}

static int
cmp_series(const void *a, const void *b)
{
    return strcmp(((const struct series *)a)->name, ((const struct series *)b)->name);
}

static struct series *
find_series(struct series *v, int n, const char *name)
{
    struct series key = {.name = (char *)name};
    return bsearch(&key, v, n, sizeof *v, cmp_series);
}

/* Column index of name in the header row, or die. */
static int
column(struct csvio_row *row, const char *name, const char *file)
{
    for (size_t i = 0; i < row->n; i++)
        if (strcmp(row->f[i], name) == 0)
            return (int)i;
    fprintf(stderr, "%s: %s: no column %s\n", progname, file, name);
    exit(1);
}

static struct csvio_reader *
open_csv(const char *dir, const char *file, struct csvio_row **hdr)
{
    struct sbuf path = {0};
    struct csvio_reader *r;
    struct err e;

    sbuf_addf(&path, "%s/%s", dir, file);
    r = csvio_open(path.p, &e);
    if (!r)
        die("%s", e.msg);
    if (csvio_next(r, hdr, &e) != 1)
        die("%s", csvio_name(r));
    sbuf_release(&path);
    return r;
}

static void
push(double **v, int *len, int *cap, double x)
{
    if (*len == *cap) {
        *cap = *cap ? 2 * *cap : 32;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*len)++] = x;
}

static double
parse_num(const char *s, const char *file, long line)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v)) {
        fprintf(stderr, "%s: %s:%ld: not a number: %s\n", progname, file, line, s);
        exit(1);
    }
    return v;
}

static struct series *
load(const char *dir, int *count)
{
    struct csvio_reader *r;
    struct csvio_row *row;
    struct series *v = NULL;
    struct err e;
    int n = 0, cap = 0, cs, cp, cn, ch, rc;

    r = open_csv(dir, "m3-series.csv", &row);
    cs = column(row, "series", "m3-series.csv");
    cp = column(row, "period", "m3-series.csv");
    cn = column(row, "n", "m3-series.csv");
    ch = column(row, "h", "m3-series.csv");
    while ((rc = csvio_next(r, &row, &e)) == 1) {
        struct series *s;
        int sub = -1;
        for (int k = 0; k < NSUB; k++)
            if (strcmp(row->f[cp], sub_names[k]) == 0)
                sub = k;
        if (sub < 0)
            continue; /* only yearly, quarterly, monthly are in this data */
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            v = xrealloc(v, cap * sizeof *v);
        }
        s = &v[n++];
        memset(s, 0, sizeof *s);
        s->name = xstrdup(row->f[cs]);
        s->sub = sub;
        s->n = (int)parse_num(row->f[cn], "m3-series.csv", row->line);
        s->h = (int)parse_num(row->f[ch], "m3-series.csv", row->line);
    }
    if (rc < 0)
        die("%s", e.msg);
    csvio_free(r);
    qsort(v, n, sizeof *v, cmp_series);

    for (int pass = 0; pass < 2; pass++) {
        const char *file = pass ? "m3-test.csv" : "m3-train.csv";
        int cv;
        r = open_csv(dir, file, &row);
        cs = column(row, "series", file);
        cv = column(row, "value", file);
        while ((rc = csvio_next(r, &row, &e)) == 1) {
            struct series *s = find_series(v, n, row->f[cs]);
            double x;
            if (!s)
                continue;
            x = parse_num(row->f[cv], file, row->line);
            if (pass)
                push(&s->test, &s->ntest, &s->cap_test, x);
            else
                push(&s->train, &s->ntrain, &s->cap_train, x);
        }
        if (rc < 0)
            die("%s", e.msg);
        csvio_free(r);
    }
    for (int i = 0; i < n; i++)
        if (v[i].ntrain != v[i].n || v[i].ntest != v[i].h)
            die("series %s: lengths disagree with m3-series.csv", v[i].name);
    *count = n;
    return v;
}

/* CPU time of this thread: on a shared machine wall time measures the
 * neighbours as much as the code. */
static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct acc {
    double smape, mase; /* sums over points */
    long points;
    int series, failed;
    double secs;
    long cover[2], cover_n;
};

static const struct published *
find_published(const char *method)
{
    for (size_t i = 0; i < sizeof published / sizeof published[0]; i++)
        if (strcmp(published[i].method, method) == 0)
            return &published[i];
    return NULL;
}

int
main(int argc, char **argv)
{
    const char *methods_arg = "naive2,ses,holt,damped,theta,auto,comb";
    const char *subsets_arg = "yearly,quarterly,monthly,all";
    enum fc_method methods[FC_NMETHODS * 2];
    int nmeth = 0, want[NSUB + 1] = {0}, intervals = 0, verbose = 0, validate = 0, nser, c;
    struct series *ser;
    struct acc(*acc)[NSUB + 1];
    char **items;

    while ((c = getopt(argc, argv, "hiVvm:s:")) != -1) {
        switch (c) {
        case 'V':
            validate = 1;
            break;
        case 'i':
            intervals = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case 'm':
            methods_arg = optarg;
            break;
        case 's':
            subsets_arg = optarg;
            break;
        case 'h':
            usage(stdout, 0);
            break;
        default:
            usage(stderr, 2);
        }
    }
    argc -= optind;
    argv += optind;
    if (argc != 1)
        usage(stderr, 2);

    items = str_split(methods_arg, ',');
    for (char **p = items; *p; p++) {
        if (nmeth == FC_NMETHODS * 2 || fc_method_parse(*p, &methods[nmeth]) < 0)
            die("unknown method: %s", *p);
        nmeth++;
    }
    strv_free(items);
    items = str_split(subsets_arg, ',');
    for (char **p = items; *p; p++) {
        int k;
        for (k = 0; k <= NSUB; k++)
            if (strcmp(*p, sub_names[k]) == 0)
                break;
        if (k > NSUB)
            die("unknown subset: %s", *p);
        if (k == ALL)
            want[YEARLY] = want[QUARTERLY] = want[MONTHLY] = 1;
        want[k] = 1;
    }
    strv_free(items);

    ser = load(argv[0], &nser);
    if (validate) {
        /* hold out the end of each training series instead of the test
         * set, so choices made here never see the test values */
        for (int i = 0; i < nser; i++) {
            struct series *s = &ser[i];
            memcpy(s->test, s->train + s->n - s->h, s->h * sizeof *s->test);
            s->n -= s->h;
        }
        printf("VALIDATION: last h points of each training series held out\n");
    }
    acc = xcalloc(nmeth, sizeof *acc);

    for (int k = 0; k < nmeth; k++) {
        for (int i = 0; i < nser; i++) {
            struct series *s = &ser[i];
            struct fc_options o = {.method = methods[k], .horizon = s->h, .m = sub_m[s->sub]};
            struct fc_result r;
            struct err e;
            struct acc *a = &acc[k][s->sub];
            double t0, t1, sm = 0, ms;
            int rc, bad = 0;

            if (!want[s->sub])
                continue;
            if (intervals) {
                o.nlevels = 2;
                o.levels[0] = 80;
                o.levels[1] = 95;
            }
            t0 = now();
            rc = fc_forecast(s->train, s->n, &o, &r, &e);
            t1 = now();
            a->secs += t1 - t0;
            a->series++;
            if (rc < 0) {
                a->failed++;
                if (verbose)
                    printf("%s %s failed: %s\n", s->name, fc_method_name(methods[k]), e.msg);
                continue;
            }
            for (int j = 0; j < s->h; j++)
                if (!isfinite(r.mean[j]))
                    bad = 1;
            if (bad) {
                a->failed++;
                fc_result_release(&r);
                continue;
            }
            sm = fc_smape(s->test, r.mean, s->h);
            ms = fc_mase(s->train, s->n, sub_m[s->sub], s->test, r.mean, s->h);
            a->smape += sm * s->h;
            a->mase += ms * s->h;
            a->points += s->h;
            if (intervals) {
                for (int j = 0; j < s->h; j++) {
                    for (int q = 0; q < 2; q++)
                        if (s->test[j] >= r.lo[q][j] && s->test[j] <= r.hi[q][j])
                            a->cover[q]++;
                    a->cover_n++;
                }
            }
            if (verbose)
                printf("%s %s %s smape=%.3f mase=%.3f ms=%.3f\n", s->name,
                       fc_method_name(methods[k]), r.model, sm, ms, (t1 - t0) * 1e3);
            fc_result_release(&r);
        }
        for (int sub = 0; sub < NSUB; sub++) {
            struct acc *a = &acc[k][sub], *t = &acc[k][ALL];
            t->smape += a->smape;
            t->mase += a->mase;
            t->points += a->points;
            t->series += a->series;
            t->failed += a->failed;
            t->secs += a->secs;
            t->cover[0] += a->cover[0];
            t->cover[1] += a->cover[1];
            t->cover_n += a->cover_n;
        }
    }

    for (int sub = 0; sub <= NSUB; sub++) {
        int nseries = 0;
        if (!want[sub])
            continue;
        for (int i = 0; i < nser; i++)
            if (sub == ALL || ser[i].sub == sub)
                nseries++;
        printf("\nM3 %s: %d series%s\n", sub_names[sub], nseries,
               sub == ALL ? " (published 'all' averages include the 174 'other' series)" : "");
        printf("%-8s %7s %6s %9s %8s %6s  %-22s %6s%s\n", "method", "sMAPE", "MASE", "ms/series",
               "cpu s", "failed", "published", "sMAPE", sub == MONTHLY ? "   MASE" : "");
        for (int k = 0; k < nmeth; k++) {
            struct acc *a = &acc[k][sub];
            /* published figures are for the test set */
            const struct published *p =
                validate ? NULL : find_published(fc_method_name(methods[k]));
            printf("%-8s %7.2f %6.3f %9.3f %8.2f %6d", fc_method_name(methods[k]),
                   a->points ? a->smape / a->points : 0, a->points ? a->mase / a->points : 0,
                   a->series ? a->secs * 1e3 / a->series : 0, a->secs, a->failed);
            if (p && p->smape[sub] > 0) {
                printf("  %-22s %6.2f", p->source, p->smape[sub]);
                if (sub == MONTHLY && p->mase_monthly > 0)
                    printf(" %6.3f", p->mase_monthly);
            }
            if (intervals && a->cover_n)
                printf("  cover80 %.1f%% cover95 %.1f%%", 100.0 * a->cover[0] / a->cover_n,
                       100.0 * a->cover[1] / a->cover_n);
            putchar('\n');
        }
        if (!validate && forecastpro.smape[sub] > 0) {
            printf("%-8s %7s %6s %9s %8s %6s  %-22s %6.2f", "", "", "", "", "", "",
                   forecastpro.source, forecastpro.smape[sub]);
            if (sub == MONTHLY)
                printf(" %6.3f", forecastpro.mase_monthly);
            putchar('\n');
        }
    }
    if (fflush(stdout) == EOF)
        die("%s", "write error");
    for (int i = 0; i < nser; i++) {
        free(ser[i].name);
        free(ser[i].train);
        free(ser[i].test);
    }
    free(ser);
    free(acc);
    return 0;
}
