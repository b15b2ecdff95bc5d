/* Unit tests for the spool: lines that go to a scratch file a megabyte at
 * a time come back whole, in order, through copy_file_range or by hand;
 * a spool with no file to be had, or whose file fills up, keeps the rest
 * in memory and loses nothing. */
#include "tap.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spool.h"

static char dir[] = "/tmp/spooltest.XXXXXX";

/* n lines "line I of N" into sp; the same text into want. */
static void
fill(struct spool *sp, struct sbuf *want, int n)
{
    for (int i = 0; i < n; i++) {
        size_t at = sp->b.len;
        sbuf_addf(&sp->b, "line %d of %d,with some text to make it longer\n", i, n);
        sbuf_add(want, sp->b.p + at, sp->b.len - at);
        spool_line(sp);
    }
}

/* What fd holds from the start. */
static char *
slurp(int fd, size_t *len)
{
    struct stat st;
    char *p;
    fstat(fd, &st);
    p = xmalloc((size_t)st.st_size + 1);
    *len = (size_t)pread(fd, p, (size_t)st.st_size, 0);
    p[*len] = '\0';
    return p;
}

static int
out_file(const char *name, int flags)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return open(path, O_RDWR | O_CREAT | O_TRUNC | flags, 0600);
}

static int
entries(void)
{
    char cmd[300], buf[64] = "";
    FILE *p;
    snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
    p = popen(cmd, "r");
    if (!p || !fgets(buf, sizeof buf, p))
        buf[0] = '\0';
    if (p)
        pclose(p);
    return atoi(buf);
}

/* A new file NAME (opened with flags) holding prefix, then sp copied to
 * it: 1 when it then holds prefix and want exactly (and, opened O_APPEND,
 * is so still). */
static int
copied(struct spool *sp, const char *name, int flags, const char *prefix, const struct sbuf *want)
{
    struct err e = {0};
    size_t len, np = strlen(prefix);
    int fd = out_file(name, flags), good;
    char *got;

    write_full(fd, prefix, np);
    if (flags & O_APPEND)
        lseek(fd, 0, SEEK_SET); /* O_APPEND writes at the end all the same */
    good = spool_copy(sp, fd, name, &e) == 0;
    got = slurp(fd, &len);
    good = good && len == np + want->len && memcmp(got, prefix, np) == 0 &&
           memcmp(got + np, want->p ? want->p : "", want->len) == 0 &&
           (!(flags & O_APPEND) || (fcntl(fd, F_GETFL) & O_APPEND));
    free(got);
    close(fd);
    return good;
}

/* sp copied to a pipe, which copy_file_range will not take: by hand. */
static int
piped(struct spool *sp, const struct sbuf *want)
{
    struct err e = {0};
    char path[256];
    size_t len;
    char *got;
    int pfd[2], fd, good;
    pid_t pid = -1;

    if (pipe(pfd) == 0 && (pid = fork()) == 0) {
        char buf[65536];
        ssize_t k;
        int to = out_file("piped", 0);
        close(pfd[1]);
        while ((k = read(pfd[0], buf, sizeof buf)) > 0)
            write_full(to, buf, (size_t)k);
        _exit(0);
    }
    close(pfd[0]);
    good = spool_copy(sp, pfd[1], "pipe", &e) == 0;
    close(pfd[1]);
    waitpid(pid, NULL, 0);
    snprintf(path, sizeof path, "%s/piped", dir);
    fd = open(path, O_RDONLY);
    got = slurp(fd, &len);
    good = good && len == want->len && memcmp(got, want->p, len) == 0;
    free(got);
    close(fd);
    return good;
}

/* spool_text gives want. */
static int
text_is(struct spool *sp, const struct sbuf *want)
{
    struct err e = {0};
    char *got = spool_text(sp, "x", &e);
    int good = got && strlen(got) == want->len && memcmp(got, want->p ? want->p : "", want->len) == 0;
    free(got);
    return good;
}

static void
big(void)
{
    struct spool sp;
    struct sbuf want = {0};

    spool_init(&sp, dir);
    fill(&sp, &want, 100000); /* about 5.5 MB */
    ok(sp.fd >= 0 && sp.written > 0, "past a megabyte, lines go to a scratch file");
    ok(sp.b.len < (1u << 20), "and memory holds less than a megabyte");
    is_int(sp.written > 0 ? want.p[sp.written - 1] : 0, '\n', "the file holds whole lines");
    is_int(spool_size(&sp), want.len, "spool_size counts both parts");
    is_int(entries(), 0, "the scratch file has no name in the directory");
    ok(copied(&sp, "plain", 0, "head\n", &want), "copied to a file: after what was there, in order");
    ok(copied(&sp, "append", O_APPEND, "head\n", &want), "to an O_APPEND file: at its end, still O_APPEND");
    ok(piped(&sp, &want), "to a pipe, by hand: every line in order");
    ok(text_is(&sp, &want), "spool_text: all of it, one string");
    is_int(spool_size(&sp), want.len, "copying leaves the spool as it was");
    spool_release(&sp);
    sbuf_release(&want);
}

static void
memory_only(void)
{
    struct spool sp;
    struct sbuf want = {0};

    spool_init(&sp, NULL);
    fill(&sp, &want, 40000);
    ok(sp.fd < 0 && sp.b.len == want.len, "with no directory: all in memory");
    ok(copied(&sp, "mem", 0, "", &want), "copied all the same");
    spool_release(&sp);

    sbuf_reset(&want);
    spool_init(&sp, "/nonexistent/dir");
    fill(&sp, &want, 40000);
    ok(sp.fd < 0 && sp.memory && sp.b.len == want.len,
       "a directory where no file can be made: memory");
    ok(text_is(&sp, &want), "and its text is whole");
    spool_release(&sp);

    sbuf_reset(&want);
    spool_init(&sp, dir);
    ok(text_is(&sp, &want) && spool_size(&sp) == 0, "an empty spool: empty text");
    ok(copied(&sp, "empty", 0, "", &want), "and copies nothing");
    spool_release(&sp);
    sbuf_release(&want);
}

/* The scratch file hits the file size limit: what it holds stays, the
 * rest stays in memory. */
static void
full(void)
{
    struct spool sp;
    struct sbuf want = {0};
    struct rlimit old, lim;

    signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = (3u << 20) + 12345; /* mid-line, mid-megabyte */
    setrlimit(RLIMIT_FSIZE, &lim);
    spool_init(&sp, dir);
    fill(&sp, &want, 100000);
    setrlimit(RLIMIT_FSIZE, &old);
    ok(sp.fd >= 0 && sp.written > 0 && sp.written <= (int64_t)lim.rlim_cur,
       "the scratch file kept what it took before the limit");
    ok(sp.memory && sp.err == 0, "then memory took over");
    is_int(spool_size(&sp), want.len, "nothing lost");
    ok(copied(&sp, "full", 0, "", &want), "copied: every line, once, in order");
    spool_release(&sp);
    sbuf_release(&want);
}

/* A staged spool: lines after the rows the file had, the file sent to the
 * disk as it grows; spool_copy and spool_text give only the lines. */
static void
adopted(void)
{
    struct spool sp;
    struct sbuf want = {0};
    int fd = out_file("staged", 0);
    char *got;
    size_t len;

    write_full(fd, "id,name\nL1,old\n", 15);
    spool_init(&sp, NULL);
    spool_adopt(&sp, fd, 15);
    fill(&sp, &want, 200000); /* past the 8 MB after which writing out starts */
    ok(sp.written > 15 && sp.synced > 15, "an adopted file takes the lines, sent to the disk");
    is_int(spool_flush(&sp), 0, "flushed");
    got = slurp(fd, &len);
    ok(len == 15 + want.len && memcmp(got, "id,name\nL1,old\n", 15) == 0 &&
           memcmp(got + 15, want.p, want.len) == 0,
       "the file: its rows, then every line");
    free(got);
    is_int(spool_size(&sp), want.len, "spool_size counts the lines only");
    ok(copied(&sp, "from-staged", 0, "", &want), "spool_copy: the lines only");
    ok(text_is(&sp, &want), "spool_text: the lines only");
    spool_release(&sp);
    ok(fcntl(fd, F_GETFD) != -1, "the adopted file stays open: the caller's");
    close(fd);
    sbuf_release(&want);
}

/* A staged spool whose file fills up half-way, flushed once there is room
 * again: the file then holds every line once, with no hole where the
 * failed write was. */
static void
adopted_full(void)
{
    struct spool sp;
    struct sbuf want = {0};
    struct rlimit old, lim;
    int fd = out_file("staged-full", 0);
    char *got;
    size_t len;

    write_full(fd, "id\n", 3);
    signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = (2u << 20) + 777; /* mid-line, mid-megabyte */
    setrlimit(RLIMIT_FSIZE, &lim);
    spool_init(&sp, NULL);
    spool_adopt(&sp, fd, 3);
    fill(&sp, &want, 100000);
    setrlimit(RLIMIT_FSIZE, &old);
    ok(sp.memory && sp.err == 0 && sp.written <= (int64_t)lim.rlim_cur,
       "a staged file that fills: cut back, memory takes the rest");
    is_int(spool_flush(&sp), 0, "flushed once there is room");
    got = slurp(fd, &len);
    ok(len == 3 + want.len && memcmp(got, "id\n", 3) == 0 && memcmp(got + 3, want.p, want.len) == 0,
       "every line once, no hole");
    free(got);
    spool_release(&sp);
    close(fd);
    sbuf_release(&want);
}

int
main(void)
{
    char cmd[300];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    big();
    memory_only();
    full();
    adopted();
    adopted_full();
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return done_testing();
}
