/*
 * undo.c — sales-import --undo: the last import taken back, from the history
 * (it shares nothing with the input path).
 */
#include "import_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- undo ------------------------------------------------------------- */

/* A run of history rows written by one sales-import: an import (opened by
 * its "import FILE" row) or an undo (opened by "undo ..."). */
struct hblock {
    long start, end; /* rows [start, end) of history.csv */
    int is_undo, cancelled;
    char *entity, *ts, *user, *what;
};

struct undo_plan {
    struct store *s;
    const struct entity_def *ent;
    struct hmap created;  /* key -> 1 */
    struct hmap updated;  /* key -> index into fields */
    struct {
        char *key, *field, *old, *new_;
    } *fields;
    size_t nfields;
    int force;
    size_t deleted, restored;
    struct sbuf why;
};

static int
is_marker(struct table *t, int c_cmd, int c_id, int c_field, int c_new, int *is_undo)
{
    const char *cmd = table_cell(t, (size_t)c_cmd), *nw = table_cell(t, (size_t)c_new);
    if (strcmp(cmd, "sales-import") != 0 || *table_cell(t, (size_t)c_id) ||
        *table_cell(t, (size_t)c_field))
        return 0;
    if (strncmp(nw, "import ", 7) == 0) {
        *is_undo = 0;
        return 1;
    }
    if (strncmp(nw, "undo ", 5) == 0) {
        *is_undo = 1;
        return 1;
    }
    return 0;
}

static int
history_cols(struct table *t, int *c, struct err *e)
{
    static const char *const names[] = {"ts", "user", "command", "entity", "id", "field", "old", "new"};
    for (int i = 0; i < 8; i++)
        if ((c[i] = table_find(t, names[i])) < 0)
            return err_at(e, t->name, 1, "no '%s' column", names[i]);
    return 0;
}

/* What to do with one row of the entity's file. */
static int
undo_row(struct undo_plan *u, struct table *t, struct edit *ed, struct err *e)
{
    const char *key = table_key(t);
    struct hmap_entry *he;
    char ts[TS_BUFSZ];

    if (hmap_get(&u->created, key)) {
        u->deleted++;
        if (ed) {
            ed->drop = 1;
            store_history(u->s, u->ent->name, key, "", "", "deleted");
        }
        return 0;
    }
    if (!(he = hmap_get(&u->updated, key)))
        return 0;
    char *k = xstrdup(key); /* store_key's buffer is reused below */
    for (size_t i = (size_t)he->v.num; i < u->nfields && strcmp(u->fields[i].key, k) == 0; i++) {
        int j = table_find(t, u->fields[i].field);
        const char *cur = j < 0 ? "" : ed ? edit_get(ed, u->fields[i].field)
                                          : table_cell(t, (size_t)j);
        if (!u->force && strcmp(cur, u->fields[i].new_) != 0) {
            err_at(e, t->name, table_line(t),
                   "%s %s changed since the import (%s is '%s', the import made it '%s'); "
                   "--force takes it back all the same",
                   u->ent->singular, k, u->fields[i].field, cur, u->fields[i].new_);
            free(k);
            return -1;
        }
        if (ed && j >= 0 && edit_set(u->s, ed, u->fields[i].field, u->fields[i].old, e)) {
            free(k);
            return -1;
        }
    }
    free(k);
    u->restored++;
    if (ed && table_find(t, "updated") >= 0)
        return edit_set(u->s, ed, "updated", ts_format(u->s->now, ts), e);
    return 0;
}

static int
undo_edit(void *ctx, struct edit *ed, struct err *e)
{
    return ed ? undo_row(ctx, ed->t, ed, e) : 0;
}

void
import_undo_info_release(struct import_undo_info *u)
{
    free(u->what);
    u->what = NULL;
}

/* Pass 1 over history.csv: the blocks of imports and undos, each undo
 * cancelling the latest import not cancelled yet. 0, or -1 with e set. */
static int
read_blocks(struct store *s, struct hblock **blocks, size_t *nblocks, struct err *e)
{
    struct table *t;
    struct hblock *open = NULL;
    long row = 0;
    int c[8], r;

    if (!(t = store_read(s, &schema_history, e)) || history_cols(t, c, e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        int is_undo;
        if (is_marker(t, c[2], c[4], c[5], c[7], &is_undo)) {
            *blocks = xrealloc(*blocks, (*nblocks + 1) * sizeof **blocks);
            open = &(*blocks)[(*nblocks)++];
            memset(open, 0, sizeof *open);
            open->start = row;
            open->end = row + 1;
            open->is_undo = is_undo;
            open->entity = xstrdup(table_cell(t, (size_t)c[3]));
            open->ts = xstrdup(table_cell(t, (size_t)c[0]));
            open->user = xstrdup(table_cell(t, (size_t)c[1]));
            open->what = xstrdup(table_cell(t, (size_t)c[7]));
        } else if (open && open->end == row && !strcmp(table_cell(t, (size_t)c[2]), "sales-import") &&
                   !strcmp(table_cell(t, (size_t)c[0]), open->ts) &&
                   !strcmp(table_cell(t, (size_t)c[1]), open->user)) {
            open->end = row + 1;
        } else {
            open = NULL;
        }
        row++;
    }
    table_free(t);
    if (r < 0)
        return -1;
    for (size_t i = 0; i < *nblocks; i++) {
        struct hblock *b = *blocks;
        if (!b[i].is_undo)
            continue;
        for (size_t j = i; j-- > 0;)
            if (!b[j].is_undo && !b[j].cancelled) {
                b[j].cancelled = b[i].cancelled = 1;
                break;
            }
    }
    return 0;
}

/* Pass 2: the target import's rows into u (records created, fields
 * changed), and in later (entity id -> "command at ts") the records it
 * touched that a later command, outside undone imports, touched again. */
static int
read_target(struct store *s, const struct hblock *blocks, size_t nblocks,
            const struct hblock *target, struct undo_plan *u, struct hmap *later, struct err *e)
{
    struct table *t;
    long row = 0;
    size_t bi = 0;
    int c[8], r;

    if (!(t = store_read(s, &schema_history, e)) || history_cols(t, c, e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        long here = row++;
        while (bi < nblocks && blocks[bi].end <= here)
            bi++;
        int in_block = bi < nblocks && blocks[bi].start <= here && here < blocks[bi].end;
        const char *id = table_cell(t, (size_t)c[4]), *field = table_cell(t, (size_t)c[5]);
        if (here > target->start && here < target->end) {
            if (strcmp(table_cell(t, (size_t)c[3]), target->entity) != 0 || !*id)
                continue;
            if (!*field) {
                if (strcmp(table_cell(t, (size_t)c[7]), "created") == 0)
                    hmap_put(&u->created, id, NULL);
                continue;
            }
            int is_new;
            struct hmap_entry *he = hmap_put(&u->updated, id, &is_new);
            if (is_new)
                he->v.num = (int64_t)u->nfields;
            u->fields = xrealloc(u->fields, (u->nfields + 1) * sizeof *u->fields);
            u->fields[u->nfields].key = xstrdup(id);
            u->fields[u->nfields].field = xstrdup(field);
            u->fields[u->nfields].old = xstrdup(table_cell(t, (size_t)c[6]));
            u->fields[u->nfields].new_ = xstrdup(table_cell(t, (size_t)c[7]));
            u->nfields++;
        } else if (here >= target->end && !(in_block && blocks[bi].cancelled) &&
                   strcmp(table_cell(t, (size_t)c[3]), target->entity) == 0 && *id &&
                   (hmap_get(&u->created, id) || hmap_get(&u->updated, id))) {
            struct hmap_entry *he = hmap_put(later, id, NULL);
            if (!he->v.ptr) {
                struct sbuf m = {0};
                sbuf_addf(&m, "%s at %s", table_cell(t, (size_t)c[2]), table_cell(t, (size_t)c[0]));
                he->v.ptr = m.p;
            }
        }
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

int
import_undo(struct store *s, int force, struct import_undo_info *info, struct err *e)
{
    struct hblock *blocks = NULL;
    size_t nblocks = 0;
    struct undo_plan u;
    struct hmap later = {0}; /* entity/id touched after the import, outside undone imports */
    int rc = -1;
    struct hblock *target = NULL;

    memset(info, 0, sizeof *info);
    memset(&u, 0, sizeof u);
    u.s = s;
    u.force = force;
    if (store_lock(s, e) || read_blocks(s, &blocks, &nblocks, e))
        goto out;
    for (size_t i = nblocks; i-- > 0 && !target;)
        if (!blocks[i].is_undo && !blocks[i].cancelled)
            target = &blocks[i];
    if (!target) {
        err_set(e, "no import to take back (sales-history --where 'command = sales-import' "
                   "lists them)");
        goto out;
    }
    if (!(u.ent = schema_entity(target->entity)) || u.ent == &schema_history) {
        err_set(e, "the last import names an unknown entity '%s'", target->entity);
        goto out;
    }
    if (read_target(s, blocks, nblocks, target, &u, &later, e))
        goto out;
    /* (an import writes the fields of one record one after the other) */
    if (later.len && !force) {
        for (size_t i = 0; i < later.cap; i++)
            if (later.slots[i].key) {
                err_set(e,
                        "%s %s was changed after the import (by %s); taking the import back "
                        "would lose that (--force does it all the same)",
                        u.ent->singular, later.slots[i].key, (char *)later.slots[i].v.ptr);
                break;
            }
        goto out;
    }
    snprintf(info->entity, sizeof info->entity, "%s", target->entity);
    snprintf(info->ts, sizeof info->ts, "%s", target->ts);
    info->what = xstrdup(target->what);

    { /* a dry run too: store_commit then rolls it back (s->dry_run) */
        struct sbuf m = {0};
        sbuf_addf(&m, "undo %s (%s)", target->what, target->ts);
        store_history(s, target->entity, "", "", "", m.p);
        sbuf_release(&m);
        if (store_rewrite(s, u.ent, undo_edit, &u, NULL, 0, e) || store_commit(s, e))
            goto out;
    }
    info->deleted = u.deleted;
    info->restored = u.restored;
    rc = 0;
out:
    for (size_t i = 0; i < nblocks; i++) {
        free(blocks[i].entity);
        free(blocks[i].ts);
        free(blocks[i].user);
        free(blocks[i].what);
    }
    free(blocks);
    for (size_t i = 0; i < later.cap; i++)
        if (later.slots[i].key)
            free(later.slots[i].v.ptr);
    hmap_release(&later);
    hmap_release(&u.created);
    hmap_release(&u.updated);
    for (size_t i = 0; i < u.nfields; i++) {
        free(u.fields[i].key);
        free(u.fields[i].field);
        free(u.fields[i].old);
        free(u.fields[i].new_);
    }
    free(u.fields);
    if (rc)
        import_undo_info_release(info);
    return rc;
}
