/*
 * tap.h — a minimal Test Anything Protocol producer for the C unit tests.
 * Each test binary prints "1..N" at the end (done_testing) so counts never
 * go stale; prove reads the plan from either end.
 */
#ifndef SALES_TAP_H
#define SALES_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), unused));

#include <stdarg.h>
static int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    printf("%sok %d - ", cond ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    if (!cond) {
        tap_failed++;
        printf("#   failed at %s:%d\n", file, line);
    }
    return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* is_str: exact string comparison; NULL compares as "(null)". */
#define is_str(got, want, ...)                                                                     \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!ok(g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_, __VA_ARGS__))                           \
            printf("#          got: '%s'\n#     expected: '%s'\n", g_ ? g_ : "(null)",             \
                   w_ ? w_ : "(null)");                                                            \
    } while (0)

#define is_int(got, want, ...)                                                                     \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (!ok(g_ == w_, __VA_ARGS__))                                                            \
            printf("#          got: %lld\n#     expected: %lld\n", g_, w_);                        \
    } while (0)

#define is_num(got, want, tol, ...)                                                                \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (!ok(g_ - w_ <= (tol) && w_ - g_ <= (tol), __VA_ARGS__))                                \
            printf("#          got: %.10g\n#     expected: %.10g (tolerance %g)\n", g_, w_,        \
                   (double)(tol));                                                                 \
    } while (0)

static int __attribute__((unused))
done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
