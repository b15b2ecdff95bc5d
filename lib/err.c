/* err.c — formatting of struct err messages (see err.h). */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
err_set(struct err *e, const char *fmt, ...)
{
    va_list ap;
    if (!e)
        return -1;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

int
err_at(struct err *e, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (!e)
        return -1;
    if (line > 0)
        n = snprintf(e->msg, sizeof e->msg, "%s:%ld: ", file, line);
    else
        n = snprintf(e->msg, sizeof e->msg, "%s: ", file);
    if (n < 0 || (size_t)n >= sizeof e->msg)
        n = 0;
    va_start(ap, fmt);
    vsnprintf(e->msg + n, sizeof e->msg - n, fmt, ap);
    va_end(ap);
    return -1;
}

int
err_sys(struct err *e, const char *file, const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    size_t n = 0;
    if (!e)
        return -1;
    if (file) {
        int k = snprintf(e->msg, sizeof e->msg, "%s: ", file);
        n = k > 0 && (size_t)k < sizeof e->msg ? (size_t)k : 0;
    }
    va_start(ap, fmt);
    vsnprintf(e->msg + n, sizeof e->msg - n, fmt, ap);
    va_end(ap);
    n = strlen(e->msg);
    snprintf(e->msg + n, sizeof e->msg - n, ": %s", strerror(saved));
    errno = saved;
    return -1;
}
