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

static void
big(void)
{
    struct spool sp;
    struct sbuf want = {0};
    struct err e = {0};
    size_t len;
    char *got;
    int fd;

    spool_init(&sp, dir);
    fill(&sp, &want, 100000); /* about 5.5 MB */
    ok(sp.fd >= 0 && sp.written > 0, "past a megabyte, lines go to a scratch file");
    ok(sp.b.len < (1u << 20), "and memory holds less than a megabyte");
    is_int(sp.written > 0 ? want.p[sp.written - 1] : 0, '\n', "the file holds whole lines");
    is_int(spool_size(&sp), want.len, "spool_size counts both parts");
    is_int(entries(), 0, "the scratch file has no name in the directory");

    fd = out_file("plain", 0);
    write_full(fd, "head\n", 5);
    is_int(spool_copy(&sp, fd, "plain", &e), 0, "copy to a file at its offset");
    got = slurp(fd, &len);
    ok(len == want.len + 5 && memcmp(got, "head\n", 5) == 0 &&
           memcmp(got + 5, want.p, want.len) == 0,
       "after what was there, every line in order");
    free(got);
    close(fd);

    fd = out_file("append", O_APPEND);
    write_full(fd, "head\n", 5);
    lseek(fd, 0, SEEK_SET); /* O_APPEND writes at the end all the same */
    is_int(spool_copy(&sp, fd, "append", &e), 0, "copy to an O_APPEND file");
    got = slurp(fd, &len);
    ok(len == want.len + 5 && memcmp(got + 5, want.p, want.len) == 0, "at its end");
    ok(fcntl(fd, F_GETFL) & O_APPEND, "which is still O_APPEND afterwards");
    free(got);
    close(fd);

    /* a pipe: copy_file_range will not, so it goes by hand */
    int pfd[2];
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
    is_int(spool_copy(&sp, pfd[1], "pipe", &e), 0, "copy to a pipe");
    close(pfd[1]);
    waitpid(pid, NULL, 0);
    {
        char path[256];
        snprintf(path, sizeof path, "%s/piped", dir);
        fd = open(path, O_RDONLY);
        got = slurp(fd, &len);
        ok(len == want.len && memcmp(got, want.p, len) == 0, "by hand: every line in order");
        free(got);
        close(fd);
    }

    got = spool_text(&sp, "x", &e);
    ok(got && strlen(got) == want.len && memcmp(got, want.p, want.len) == 0,
       "spool_text: all of it, one string");
    free(got);

    is_int(spool_size(&sp), want.len, "copying leaves the spool as it was");
    spool_release(&sp);
    sbuf_release(&want);
}

static void
memory_only(void)
{
    struct spool sp;
    struct sbuf want = {0};
    struct err e = {0};
    size_t len;
    char *got;
    int fd;

    spool_init(&sp, NULL);
    fill(&sp, &want, 40000);
    ok(sp.fd < 0 && sp.b.len == want.len, "with no directory: all in memory");
    fd = out_file("mem", 0);
    is_int(spool_copy(&sp, fd, "mem", &e), 0, "copied all the same");
    got = slurp(fd, &len);
    ok(len == want.len && memcmp(got, want.p, len) == 0, "every line");
    free(got);
    close(fd);
    spool_release(&sp);
    sbuf_release(&want);

    sbuf_reset(&want);
    spool_init(&sp, "/nonexistent/dir");
    fill(&sp, &want, 40000);
    ok(sp.fd < 0 && sp.memory && sp.b.len == want.len,
       "a directory where no file can be made: memory");
    got = spool_text(&sp, "x", &e);
    ok(got && strcmp(got, want.p) == 0, "and its text is whole");
    free(got);
    spool_release(&sp);

    spool_init(&sp, dir);
    got = spool_text(&sp, "x", &e);
    ok(got && !*got && spool_size(&sp) == 0, "an empty spool: empty text");
    free(got);
    fd = out_file("empty", 0);
    is_int(spool_copy(&sp, fd, "empty", &e), 0, "and copies nothing");
    got = slurp(fd, &len);
    is_int(len, 0, "nothing at all");
    free(got);
    close(fd);
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
    struct err e = {0};
    struct rlimit old, lim;
    size_t len;
    char *got;
    int fd;

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
    fd = out_file("full", 0);
    is_int(spool_copy(&sp, fd, "full", &e), 0, "copied");
    got = slurp(fd, &len);
    ok(len == want.len && memcmp(got, want.p, len) == 0, "every line, once, in order");
    free(got);
    close(fd);
    spool_release(&sp);
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
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return done_testing();
}
