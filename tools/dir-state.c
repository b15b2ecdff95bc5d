/*
 * dir-state — one line per file of a directory: its name, mode, size and
 * a 64-bit FNV-1a hash of its bytes, sorted by name; files named in
 * further arguments are left out. The fault-injection sweep
 * (tests/fault/sweep.sh) compares a data directory's state before and
 * after thousands of commands: one process instead of a pipeline each.
 *
 *   dir-state DIR [NAME ...]
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0;
    int dfd, rc = 0;

    if (argc < 2) {
        fputs("usage: dir-state DIR [NAME ...]\n", stderr);
        return 2;
    }
    if (!(d = opendir(argv[1]))) {
        perror(argv[1]);
        return 1;
    }
    dfd = dirfd(d);
    while ((de = readdir(d)) != NULL) {
        int skip = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
        for (int i = 2; i < argc && !skip; i++)
            skip = strcmp(de->d_name, argv[i]) == 0;
        if (skip)
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        if (!names || !(names[n++] = strdup(de->d_name))) {
            perror("dir-state");
            return 1;
        }
    }
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        uint64_t h = UINT64_C(14695981039346656037);
        unsigned char buf[65536];
        ssize_t k;
        int fd = openat(dfd, names[i], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &st) != 0) {
            printf("%s unreadable\n", names[i]);
            rc = 1;
            if (fd >= 0)
                close(fd);
            continue;
        }
        while ((k = read(fd, buf, sizeof buf)) > 0)
            for (ssize_t j = 0; j < k; j++)
                h = (h ^ buf[j]) * UINT64_C(1099511628211);
        close(fd);
        printf("%s %o %lld %016llx\n", names[i], (unsigned)(st.st_mode & 07777),
               (long long)st.st_size, (unsigned long long)h);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}
