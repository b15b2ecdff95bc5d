/* Unit tests for store: directory resolution, ids, appends, rewrites, rollback, the lock. */
#include "tap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

static char dir[256];

static char *
slurp(const char *name)
{
    static char buf[65536];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    buf[n] = '\0';
    if (fp)
        fclose(fp);
    return buf;
}

static void
put(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
}

static int
add_lead(struct store *s, const char *name, char *id)
{
    struct fieldset fs = {0};
    long long first;
    struct err e;
    int rc = -1;
    if (store_alloc_ids(s, &schema_leads, 1, &first, &e) == 0) {
        sprintf(id, "L%lld", first);
        fieldset_set(&fs, "id", id);
        fieldset_set(&fs, "name", name);
        rc = store_append(s, &schema_leads, &fs, 1, &e);
    }
    if (rc)
        printf("# %s\n", e.msg);
    fieldset_release(&fs);
    return rc;
}

static int
rename_x(void *ctx, struct edit *ed, struct err *e)
{
    (void)ctx;
    if (ed && strcmp(edit_get(ed, "id"), "L2") == 0)
        return edit_set(ctx, ed, "name", "Renamed", e);
    return 0;
}

static int
refuse(void *ctx, struct edit *ed, struct err *e)
{
    (void)ctx;
    return ed ? 0 : err_set(e, "refused at the end");
}

int
main(void)
{
    struct store s;
    struct err e;
    char id[32], *p;

    setenv("SALES_NOW", "2026-11-27T09:30:00Z", 1);
    setenv("SALES_USER", "unit", 1);
    snprintf(dir, sizeof dir, "/tmp/sales-unit-store.XXXXXX");
    if (!mkdtemp(dir))
        return 1;

    /* resolution order */
    unsetenv("SALES_DATA");
    setenv("XDG_DATA_HOME", "/x/data", 1);
    p = store_resolve_dir(NULL);
    is_str(p, "/x/data/salesutils", "XDG_DATA_HOME");
    free(p);
    setenv("SALES_DATA", "/y", 1);
    p = store_resolve_dir(NULL);
    is_str(p, "/y", "$SALES_DATA before XDG");
    free(p);
    p = store_resolve_dir("/z");
    is_str(p, "/z", "-D before $SALES_DATA");
    free(p);
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/u", 1);
    unsetenv("SALES_DATA");
    p = store_resolve_dir(NULL);
    is_str(p, "/home/u/.local/share/salesutils", "HOME default");
    free(p);

    ok(store_open(&s, "/nonexistent/dir", "unit", &e) == -1, "missing directory refused");
    is_str(e.msg, "/nonexistent/dir: no such data directory (create one with sales-init)",
           "... with a message");

    ok(store_open(&s, dir, "unit", &e) == 0, "open");
    for (size_t i = 0; i < schema_nentities; i++)
        store_create_file(&s, schema_entities[i], &e);
    ok(store_append(&s, &schema_leads, NULL, 0, &e) == -1, "append without the lock refused");
    ok(store_lock(&s, &e) == 0, "lock");

    /* ids and appends */
    ok(add_lead(&s, "One", id) == 0 && strcmp(id, "L1") == 0, "first id L1");
    ok(add_lead(&s, "Two", id) == 0 && strcmp(id, "L2") == 0, "then L2");
    ok(store_commit(&s, &e) == 0, "commit history");
    is_str(slurp("leads.csv"),
           "id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes\n"
           "L1,,One,,,,,,,,,,\nL2,,Two,,,,,,,,,,\n",
           "appended in the file's column order");
    is_str(slurp("history.csv"),
           "ts,user,command,entity,id,field,old,new\n"
           "2026-11-27T09:30:00Z,unit,unit,leads,L1,,,created\n"
           "2026-11-27T09:30:00Z,unit,unit,leads,L2,,,created\n",
           "history rows");

    /* a hand edit: reordered columns, a column of the user's own, no final newline,
     * and a higher id typed in */
    put("leads.csv", "name,id,mine\nOne,L1,x\nTwo,L2,y\nNine,L9,z");
    ok(add_lead(&s, "Ten", id) == 0 && strcmp(id, "L10") == 0, "the scan finds L9: next is L10");
    is_str(slurp("leads.csv"), "name,id,mine\nOne,L1,x\nTwo,L2,y\nNine,L9,z\nTen,L10,\n",
           "own order kept, final newline added first");
    put("leads.csv", "name,id,mine\nOne,L1,x\n");
    ok(add_lead(&s, "Eleven", id) == 0 && strcmp(id, "L11") == 0,
       "rows deleted by hand: ids are still not reused");
    ok(store_commit(&s, &e) == 0, "commit");
    {
        char path[512];
        snprintf(path, sizeof path, "%s/.ids", dir);
        unlink(path);
        put("leads.csv", "name,id,mine\nOne,L1,x\n");
        ok(add_lead(&s, "Twelve", id) == 0 && strcmp(id, "L12") == 0,
           ".ids lost and rows deleted: history.csv still knows L11");
    }

    /* a field the file has no column for */
    {
        struct fieldset fs = {0};
        fieldset_set(&fs, "id", "L99");
        fieldset_set(&fs, "nosuch", "v");
        ok(store_append(&s, &schema_leads, &fs, 1, &e) == -1, "unknown column refused");
        p = strstr(e.msg, "leads.csv");
        is_str(p, "leads.csv:1: no 'nosuch' column", "... with a message");
        fieldset_release(&fs);
    }

    /* rewrite keeps unknown columns and the mode */
    put("leads.csv", "name,id,mine\nOne,L1,x\nTwo,L2,\"a,b\"\n");
    {
        char path[512];
        struct stat st;
        snprintf(path, sizeof path, "%s/leads.csv", dir);
        chmod(path, 0640);
        ok(store_rewrite(&s, &schema_leads, rename_x, &s, NULL, 0, &e) == 0, "rewrite");
        is_str(slurp("leads.csv"), "name,id,mine\nOne,L1,x\nRenamed,L2,\"a,b\"\n",
               "unknown column kept, value changed");
        stat(path, &st);
        is_int(st.st_mode & 0777, 0640, "mode kept");
        ok(store_rewrite(&s, &schema_leads, refuse, NULL, NULL, 0, &e) == -1,
           "a callback refusing at the end abandons the rewrite");
        is_str(slurp("leads.csv"), "name,id,mine\nOne,L1,x\nRenamed,L2,\"a,b\"\n",
               "... and the file is untouched");
        ok(store_commit(&s, &e) == 0, "commit");
        p = slurp("history.csv");
        ok(strstr(p, "leads,L2,name,Two,Renamed\n") != NULL, "rewrite history row");
    }

    /* bulk history rows: rendered once, placed by column in a history.csv
     * of another order */
    {
        char *h;
        put("history.csv", "new,mine,id,ts,user,command,entity,field,old\n");
        store_history_bulk(&s, "leads", "L1", "notes", "a,b", "say \"hi\"");
        store_history_bulk(&s, "leads", "L2", "", "", "created");
        ok(store_commit(&s, &e) == 0, "commit bulk history rows");
        h = slurp("history.csv");
        is_str(h,
               "new,mine,id,ts,user,command,entity,field,old\n"
               "\"say \"\"hi\"\"\",,L1,2026-11-27T09:30:00Z,unit,unit,leads,notes,\"a,b\"\n"
               "created,,L2,2026-11-27T09:30:00Z,unit,unit,leads,,\n",
               "bulk rows in the file's column order");
        put("history.csv", "ts,user,command,entity,id,field,old,new\n");
        store_history_bulk(&s, "leads", "L3", "name", "", "x\ny");
        ok(store_commit(&s, &e) == 0, "commit a bulk row");
        is_str(slurp("history.csv"),
               "ts,user,command,entity,id,field,old,new\n"
               "2026-11-27T09:30:00Z,unit,unit,leads,L3,name,,\"x\ny\"\n",
               "... and in the usual order");
    }

    /* rollback cuts appends back */
    {
        char before[65536];
        strcpy(before, slurp("leads.csv"));
        ok(store_commit(&s, &e) == 0, "earlier appends committed");
        ok(add_lead(&s, "Gone", id) == 0, "append");
        store_rollback(&s);
        is_str(slurp("leads.csv"), before, "rollback restores the file");
    }

    /* the lock: a second holder waits, then gives up */
    {
        struct store s2;
        char path[512];
        ok(store_open(&s2, dir, "unit2", &e) == 0, "second store");
        s2.lock_timeout = 1;
        ok(store_lock(&s2, &e) == -1, "lock held elsewhere: timeout");
        ok(strstr(e.msg, "could not get the lock within 1 s") != NULL, "... with a message");
        store_unlock(&s);
        ok(store_lock(&s2, &e) == 0, "free again: taken");
        store_close(&s2);
        snprintf(path, sizeof path, "%s", dir); /* the lock is on the directory itself */
        int fd = open(path, O_RDONLY | O_DIRECTORY);
        ok(flock(fd, LOCK_EX | LOCK_NB) == 0, "closing the store released it");
        close(fd);
    }
    store_close(&s);

    /* config.json */
    put("config.json", "{\"currency\": \"EUR\", \"fiscal_year_start\": 4, \"stale_days\": 10, "
                       "\"rates\": {\"USD\": \"0.92\"}}");
    ok(store_open(&s, dir, "unit", &e) == 0, "config read");
    is_str(s.currency, "EUR", "currency");
    is_int(s.cal.fy_start, 4, "fiscal_year_start");
    is_int(s.stale_days, 10, "stale_days");
    is_str(store_rate(&s, "usd"), "0.92", "rates");
    store_close(&s);
    put("config.json", "{\"fiscal_year_start\": 13}");
    ok(store_open(&s, dir, "unit", &e) == -1, "bad fiscal_year_start refused");
    ok(strstr(e.msg, "config.json: fiscal_year_start must be a month number 1-12") != NULL,
       "... with a message");
    put("config.json", "{\"currency\": \"EUR\",}");
    ok(store_open(&s, dir, "unit", &e) == -1, "invalid JSON refused");
    ok(strstr(e.msg, "config.json:1: invalid JSON") != NULL, "... with FILE:LINE");

    /* ids: the prefix and a number with no leading zero, nothing else */
    is_int(schema_id_number("D12", 'D'), 12, "id number: D12");
    is_int(schema_id_number("D0", 'D'), 0, "id number: D0");
    is_int(schema_id_number("D012", 'D'), -1, "id number: a leading zero is not the usual form");
    is_int(schema_id_number("L12", 'D'), -1, "id number: another prefix");
    is_int(schema_id_number("D", 'D'), -1, "id number: no digits");
    is_int(schema_id_number("D1x", 'D'), -1, "id number: not all digits");
    is_int(schema_id_number("D99999999999999999999", 'D'), -1, "id number: too big");
    is_int(schema_id_number_n("D123,x", 4, 'D'), 123, "id number of n bytes: D123 of D123,x");
    is_int(schema_id_number_n("D123", 2, 'D'), 1, "id number of n bytes: D1 of D123");
    is_int(schema_id_number_n("D123", 1, 'D'), -1, "id number of n bytes: D alone");

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return done_testing();
}
