/*
 * csv-floor — the benchmark floor: a bare libcsv parse of a file, with
 * callbacks that only count, in the same parser mode csvio uses (strict,
 * spaces kept). Nothing built on libcsv can read the file faster, so
 * `make bench` prints every report's time next to this one.
 *
 * This is the one program outside lib/csvio.c that calls libcsv: it
 * measures libcsv itself, not salesutils.
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct counts {
    unsigned long long fields, rows, bytes;
};

static void
on_field(void *s, size_t n, void *data)
{
    struct counts *c = data;
    (void)s;
    c->fields++;
    c->bytes += n;
}

static void
on_row(int ch, void *data)
{
    (void)ch;
    ((struct counts *)data)->rows++;
}

static int
keep_spaces(unsigned char ch)
{
    (void)ch;
    return 0;
}

int
main(int argc, char **argv)
{
    static char buf[1 << 18];
    struct csv_parser p;
    struct counts c = {0, 0, 0};
    ssize_t n;
    int fd;

    if (argc != 2) {
        fputs("usage: csv-floor FILE\n", stderr);
        return 2;
    }
    if ((fd = open(argv[1], O_RDONLY)) < 0) {
        perror(argv[1]);
        return 1;
    }
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return 1;
    csv_set_space_func(&p, keep_spaces);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (csv_parse(&p, buf, (size_t)n, on_field, on_row, &c) != (size_t)n) {
            fprintf(stderr, "csv-floor: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 1;
        }
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    printf("%llu rows, %llu fields, %llu bytes of data\n", c.rows, c.fields, c.bytes);
    return 0;
}
