/*
 * err.h — the error value every libsales function fills instead of printing.
 *
 * A function that can fail returns -1 (or NULL) and writes one line into a
 * caller-owned struct err: "FILE:LINE: what is wrong", "FILE: what is wrong"
 * or just "what is wrong". Lowercase, no full stop. The command prefixes its
 * name and prints it. Includes nothing of libsales.
 */
#ifndef SALES_ERR_H
#define SALES_ERR_H

#include <stddef.h>

struct err {
    char msg[1024];
};

/* err_set: the message without a location. Returns -1 so callers can
 * "return err_set(e, ...)". A NULL e is allowed and ignored. */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* err_at: "FILE:LINE: message"; line 0 gives "FILE: message". Returns -1. */
int err_at(struct err *e, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* err_sys: err_at with ": strerror(errno)" appended. Returns -1. */
int err_sys(struct err *e, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
