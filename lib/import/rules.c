/*
 * rules.c — the options an import takes, and the --rules file that sets them.
 */
#include "import_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ---------------------------------------------------------- */

void
import_opts_init(struct import_opts *o)
{
    memset(o, 0, sizeof *o);
    o->mode = IMPORT_CREATE;
}

static void
pairs_free(struct import_pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].a);
        free(p[i].b);
    }
    free(p);
}

void
import_opts_release(struct import_opts *o)
{
    free(o->encoding);
    free(o->sheet);
    free(o->date_format);
    free(o->match);
    pairs_free(o->maps, o->nmaps);
    pairs_free(o->defaults, o->ndefaults);
    for (size_t i = 0; i < o->nxlats; i++) {
        free(o->xlats[i].col);
        free(o->xlats[i].from);
        free(o->xlats[i].to);
    }
    free(o->xlats);
    memset(o, 0, sizeof *o);
}

static void
add_pair(struct import_pair **v, size_t *n, const char *a, const char *b)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n].a = xstrdup(a);
    (*v)[*n].b = xstrdup(b);
    (*n)++;
}

void
import_opts_add_map(struct import_opts *o, const char *src, const char *dst)
{
    add_pair(&o->maps, &o->nmaps, src, dst);
}

void
import_opts_add_default(struct import_opts *o, const char *col, const char *value)
{
    add_pair(&o->defaults, &o->ndefaults, col, value);
}

void
import_opts_add_xlat(struct import_opts *o, const char *col, const char *from, const char *to)
{
    o->xlats = xrealloc(o->xlats, (o->nxlats + 1) * sizeof *o->xlats);
    o->xlats[o->nxlats].col = xstrdup(col);
    o->xlats[o->nxlats].from = xstrdup(from);
    o->xlats[o->nxlats].to = xstrdup(to);
    o->nxlats++;
}

int
import_mode_parse(const char *s, enum import_mode *m)
{
    if (strcmp(s, "create") == 0)
        *m = IMPORT_CREATE;
    else if (strcmp(s, "upsert") == 0)
        *m = IMPORT_UPSERT;
    else if (strcmp(s, "update") == 0)
        *m = IMPORT_UPDATE;
    else
        return -1;
    return 0;
}

/* ---- the rules file ---------------------------------------------------- */

static char *
rules_text(char *s)
{
    size_t n;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    s[n] = '\0';
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') { /* quoted: kept as is, "" is a quote */
        char *w = s;
        s[n - 1] = '\0';
        for (char *r = s + 1; *r; r++) {
            if (r[0] == '"' && r[1] == '"')
                r++;
            *w++ = *r;
        }
        *w = '\0';
    }
    return s;
}

/* Split "KEY = VALUE" at the first '=' outside double quotes. */
static int
rules_split(char *line, char **key, char **val)
{
    int q = 0;
    for (char *p = line; *p; p++) {
        if (*p == '"')
            q = !q;
        else if (*p == '=' && !q) {
            *p = '\0';
            *key = rules_text(line);
            *val = rules_text(p + 1);
            return **key ? 0 : -1;
        }
    }
    return -1;
}

static int
yes_no(const char *v, int *out)
{
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
        *out = 1;
    else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0"))
        *out = 0;
    else
        return -1;
    return 0;
}

/* delimiter names: "," ";" "tab" "\t" "|" */
static int
parse_delim(const char *v, char *out)
{
    if (!strcasecmp(v, "tab") || !strcmp(v, "\\t") || !strcmp(v, "\t"))
        *out = '\t';
    else if (!strcasecmp(v, "comma"))
        *out = ',';
    else if (!strcasecmp(v, "semicolon"))
        *out = ';';
    else if (strlen(v) == 1 && strchr(",;|", v[0]))
        *out = v[0];
    else
        return -1;
    return 0;
}

int
import_parse_delim(const char *v, char *out)
{
    return parse_delim(v, out);
}

int
import_rules_load(struct import_opts *o, const char *path, struct err *e)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL, *section = NULL, *key, *val;
    size_t cap = 0;
    long lineno = 0;
    int rc = -1;

    if (!fp)
        return err_sys(e, path, "cannot open");
    section = xstrdup("");
    while (getline(&line, &cap, fp) > 0) {
        char *s = line;
        lineno++;
        if (lineno == 1 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#' || *s == ';' || *s == '\n' || *s == '\r' || !*s)
            continue;
        if (!utf8_valid(s, strlen(s))) {
            err_at(e, path, lineno, "invalid UTF-8");
            goto out;
        }
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end) {
                err_at(e, path, lineno, "unterminated section name");
                goto out;
            }
            *end = '\0';
            free(section);
            section = xstrdup(rules_text(s + 1));
            if (strcmp(section, "import") && strcmp(section, "map") &&
                strcmp(section, "defaults") && strncmp(section, "values ", 7)) {
                err_at(e, path, lineno,
                       "unknown section [%s] (expected [import], [map], [defaults] or "
                       "[values COLUMN])",
                       section);
                goto out;
            }
            continue;
        }
        if (rules_split(s, &key, &val)) {
            err_at(e, path, lineno, "expected NAME = VALUE");
            goto out;
        }
        if (!*section) {
            err_at(e, path, lineno, "'%s' outside a section (start with [import] or [map])", key);
            goto out;
        }
        if (strcmp(section, "map") == 0) {
            import_opts_add_map(o, key, val);
        } else if (strcmp(section, "defaults") == 0) {
            import_opts_add_default(o, key, val);
        } else if (strncmp(section, "values ", 7) == 0) {
            import_opts_add_xlat(o, rules_text(section + 7), key, val);
        } else if (!strcmp(key, "delimiter")) {
            if (parse_delim(val, &o->delim)) {
                err_at(e, path, lineno, "bad delimiter '%s' (expected , ; tab or |)", val);
                goto out;
            }
        } else if (!strcmp(key, "encoding")) {
            free(o->encoding);
            o->encoding = xstrdup(val);
        } else if (!strcmp(key, "sheet")) {
            free(o->sheet);
            o->sheet = xstrdup(val);
        } else if (!strcmp(key, "decimal-comma")) {
            if (yes_no(val, &o->decimal_comma)) {
                err_at(e, path, lineno, "decimal-comma: expected yes or no");
                goto out;
            }
        } else if (!strcmp(key, "date-format")) {
            free(o->date_format);
            o->date_format = xstrdup(val);
        } else if (!strcmp(key, "mode")) {
            if (import_mode_parse(val, &o->mode)) {
                err_at(e, path, lineno, "bad mode '%s' (expected create, upsert or update)", val);
                goto out;
            }
        } else if (!strcmp(key, "match")) {
            free(o->match);
            o->match = xstrdup(val);
        } else if (!strcmp(key, "partial") || !strcmp(key, "ignore-empty")) {
            if (yes_no(val, !strcmp(key, "partial") ? &o->partial : &o->ignore_empty)) {
                err_at(e, path, lineno, "%s: expected yes or no", key);
                goto out;
            }
        } else {
            err_at(e, path, lineno,
                   "unknown option '%s' (expected delimiter, encoding, sheet, decimal-comma, "
                   "date-format, mode, match, partial or ignore-empty)",
                   key);
            goto out;
        }
    }
    if (ferror(fp)) {
        err_sys(e, path, "read error");
        goto out;
    }
    rc = 0;
out:
    free(line);
    free(section);
    fclose(fp);
    return rc;
}
