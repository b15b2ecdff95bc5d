/* jsonio.c — jansson behind a small record interface (see jsonio.h). */
#include "jsonio.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct jsonio_reader {
    char *name;
    int fd;
    int is_array;
    json_t *array; /* array mode: the whole document */
    size_t index;
    /* NDJSON mode: pending bytes */
    char *buf;
    size_t len, pos, cap;
    int eof, failed;
    long lineno;
    struct err saved;
    /* the record handed out */
    struct jsonio_record rec;
    size_t reccap;
    struct sbuf text;
};

static int
fail(struct jsonio_reader *r, struct err *e, long line, const char *fmt, const char *arg)
{
    r->failed = 1;
    if (line)
        err_at(&r->saved, r->name, line, fmt, arg);
    else
        err_at(&r->saved, r->name, 0, fmt, arg);
    if (e)
        *e = r->saved;
    return -1;
}

/* Read the whole rest of the fd into buf. */
static int
slurp(struct jsonio_reader *r, struct err *e)
{
    if (r->fd < 0) { /* reading from memory: all of it came as pre */
        r->eof = 1;
        return 0;
    }
    for (;;) {
        ssize_t k;
        if (r->len == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 65536;
            r->buf = xrealloc(r->buf, r->cap + 1);
        }
        k = read(r->fd, r->buf + r->len, r->cap - r->len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return err_sys(e, r->name, "read error");
        if (k == 0)
            break;
        r->len += (size_t)k;
    }
    r->eof = 1;
    return 0;
}

struct jsonio_reader *
jsonio_open_fd(int fd, const char *name, const char *pre, size_t prelen, struct err *e)
{
    struct jsonio_reader *r = xcalloc(1, sizeof *r);
    size_t i = 0;

    r->name = xstrdup(name ? name : "<stdin>");
    r->fd = fd;
    r->cap = prelen > 65536 ? prelen : 65536;
    r->buf = xmalloc(r->cap + 1);
    memcpy(r->buf, pre, prelen);
    r->len = prelen;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    for (i = r->pos; i < r->len && strchr(" \t\r\n", r->buf[i]); i++)
        ;
    if (i < r->len && r->buf[i] == '[') {
        json_error_t je;
        r->is_array = 1;
        if (slurp(r, e) < 0)
            goto fail;
        r->array = json_loadb(r->buf + r->pos, r->len - r->pos, 0, &je);
        if (!r->array) {
            err_at(e, r->name, je.line, "invalid JSON: %s", je.text);
            goto fail;
        }
        if (!json_is_array(r->array)) {
            err_at(e, r->name, 0, "expected a JSON array of objects");
            goto fail;
        }
    }
    return r;
fail:
    jsonio_free(r);
    return NULL;
}

int
jsonio_is_array(const struct jsonio_reader *r)
{
    return r->is_array;
}

/* Scalar JSON value as text into r->text; returns offset or -1 for
 * objects/arrays, -2 for null. */
static long
scalar_text(struct jsonio_reader *r, json_t *v)
{
    size_t off = r->text.len;
    switch (json_typeof(v)) {
    case JSON_STRING:
        sbuf_add(&r->text, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        sbuf_addf(&r->text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        /* 15 significant digits give back the decimal that was written */
        sbuf_addf(&r->text, "%.15g", json_real_value(v));
        break;
    case JSON_TRUE:
        sbuf_adds(&r->text, "true");
        break;
    case JSON_FALSE:
        sbuf_adds(&r->text, "false");
        break;
    case JSON_NULL:
        return -2;
    default:
        return -1;
    }
    sbuf_addc(&r->text, '\0');
    return (long)off;
}

/* Turn one JSON object into r->rec. */
static int
take_object(struct jsonio_reader *r, json_t *obj, long line, struct err *e)
{
    const char *key;
    json_t *v;
    size_t n = 0, i = 0;
    long *offs;

    if (!json_is_object(obj))
        return fail(r, e, line, "expected a JSON object%s", "");
    n = json_object_size(obj);
    if (n > r->reccap) {
        r->reccap = n * 2;
        r->rec.keys = xrealloc(r->rec.keys, r->reccap * sizeof(char *));
        r->rec.values = xrealloc(r->rec.values, r->reccap * sizeof(char *));
    }
    offs = xmalloc((n ? n : 1) * 2 * sizeof *offs);
    sbuf_reset(&r->text);
    json_object_foreach(obj, key, v) {
        offs[2 * i] = (long)r->text.len;
        sbuf_adds(&r->text, key);
        sbuf_addc(&r->text, '\0');
        offs[2 * i + 1] = scalar_text(r, v);
        if (offs[2 * i + 1] == -1) {
            free(offs);
            return fail(r, e, line, "field \"%s\": nested objects and arrays are not supported", key);
        }
        i++;
    }
    /* the text buffer is complete: now pointers into it are stable */
    for (i = 0; i < n; i++) {
        r->rec.keys[i] = r->text.p + offs[2 * i];
        r->rec.values[i] = offs[2 * i + 1] < 0 ? NULL : r->text.p + offs[2 * i + 1];
    }
    free(offs);
    r->rec.n = n;
    r->rec.line = line;
    return 1;
}

int
jsonio_next(struct jsonio_reader *r, struct jsonio_record **rec, struct err *e)
{
    if (r->failed) {
        if (e)
            *e = r->saved;
        return -1;
    }
    if (r->is_array) {
        if (r->index >= json_array_size(r->array))
            return 0;
        r->index++;
        if (take_object(r, json_array_get(r->array, r->index - 1), (long)r->index, e) < 0)
            return -1;
        *rec = &r->rec;
        return 1;
    }
    /* NDJSON: one object per line; blank lines are skipped */
    for (;;) {
        char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
        size_t end;
        if (!nl && !r->eof) {
            ssize_t k;
            if (r->pos > 0) {
                memmove(r->buf, r->buf + r->pos, r->len - r->pos);
                r->len -= r->pos;
                r->pos = 0;
            }
            if (r->len == r->cap) {
                r->cap *= 2;
                r->buf = xrealloc(r->buf, r->cap + 1);
            }
            if (r->fd < 0) {
                r->eof = 1;
                continue;
            }
            k = read(r->fd, r->buf + r->len, r->cap - r->len);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                struct err tmp;
                err_sys(&tmp, NULL, "read error");
                return fail(r, e, 0, "%s", tmp.msg);
            }
            if (k == 0)
                r->eof = 1;
            r->len += (size_t)k;
            continue;
        }
        end = nl ? (size_t)(nl - r->buf) : r->len;
        if (end == r->pos && !nl)
            return 0; /* end of input */
        r->lineno++;
        size_t start = r->pos;
        r->pos = nl ? end + 1 : end;
        while (start < end && strchr(" \t\r", r->buf[start]))
            start++;
        if (start == end)
            continue;
        json_error_t je;
        json_t *obj = json_loadb(r->buf + start, end - start, 0, &je);
        if (!obj)
            return fail(r, e, r->lineno, "invalid JSON: %s", je.text);
        int rc = take_object(r, obj, r->lineno, e);
        json_decref(obj);
        if (rc < 0)
            return -1;
        *rec = &r->rec;
        return 1;
    }
}

void
jsonio_free(struct jsonio_reader *r)
{
    if (!r)
        return;
    if (r->array)
        json_decref(r->array);
    free(r->name);
    free(r->buf);
    free(r->rec.keys);
    free(r->rec.values);
    sbuf_release(&r->text);
    free(r);
}

/* ---- documents -------------------------------------------------------- */

struct jsonio_doc {
    json_t *root;
    struct sbuf text;
};

struct jsonio_doc *
jsonio_load(const char *path, struct err *e)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    struct jsonio_doc *d;

    if (!root) {
        if (je.line < 0 || je.position == 0) /* could not open or empty */
            return err_at(e, path, 0, "%s", je.text), NULL;
        return err_at(e, path, je.line, "invalid JSON: %s", je.text), NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return err_at(e, path, 0, "expected a JSON object"), NULL;
    }
    d = xcalloc(1, sizeof *d);
    d->root = root;
    return d;
}

const char *
jsonio_get(struct jsonio_doc *d, const char *key, int *is_bad)
{
    json_t *v = json_object_get(d->root, key);
    *is_bad = 0;
    if (!v || json_is_null(v))
        return NULL;
    sbuf_reset(&d->text);
    switch (json_typeof(v)) {
    case JSON_STRING:
        sbuf_adds(&d->text, json_string_value(v));
        break;
    case JSON_INTEGER:
        sbuf_addf(&d->text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        sbuf_addf(&d->text, "%.15g", json_real_value(v));
        break;
    case JSON_TRUE:
        sbuf_adds(&d->text, "true");
        break;
    case JSON_FALSE:
        sbuf_adds(&d->text, "false");
        break;
    default:
        *is_bad = 1;
        return NULL;
    }
    return d->text.p;
}

int
jsonio_get_pairs(struct jsonio_doc *d, const char *key, char ***keys, char ***values)
{
    json_t *obj = json_object_get(d->root, key), *v;
    const char *k;
    size_t n, i = 0;

    *keys = *values = NULL;
    if (!obj || json_is_null(obj))
        return 0;
    if (!json_is_object(obj))
        return -1;
    n = json_object_size(obj);
    *keys = xcalloc(n + 1, sizeof **keys);
    *values = xcalloc(n + 1, sizeof **values);
    json_object_foreach(obj, k, v) {
        char buf[64];
        const char *text;
        if (json_is_string(v))
            text = json_string_value(v);
        else if (json_is_integer(v))
            snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v)), text = buf;
        else if (json_is_real(v))
            snprintf(buf, sizeof buf, "%.15g", json_real_value(v)), text = buf;
        else {
            strv_free(*keys);
            strv_free(*values);
            *keys = *values = NULL;
            return -1;
        }
        (*keys)[i] = xstrdup(k);
        (*values)[i] = xstrdup(text);
        i++;
    }
    return (int)n;
}

void
jsonio_doc_free(struct jsonio_doc *d)
{
    if (!d)
        return;
    json_decref(d->root);
    sbuf_release(&d->text);
    free(d);
}

/* ---- writing ---------------------------------------------------------- */

void
jsonio_add_string(struct sbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sbuf_addc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const unsigned char *q = p;
        while (*q >= 0x20 && *q != '"' && *q != '\\' && *q != 0x7f)
            q++;
        if (q > p) {
            sbuf_add(b, (const char *)p, (size_t)(q - p));
            p = q;
            if (!*p)
                break;
        }
        switch (*p) {
        case '"':
            sbuf_add(b, "\\\"", 2);
            break;
        case '\\':
            sbuf_add(b, "\\\\", 2);
            break;
        case '\n':
            sbuf_add(b, "\\n", 2);
            break;
        case '\r':
            sbuf_add(b, "\\r", 2);
            break;
        case '\t':
            sbuf_add(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            sbuf_add(b, u, 6);
        }
        }
    }
    sbuf_addc(b, '"');
}
