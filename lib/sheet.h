/*
 * sheet.h — one sheet of a workbook (.xlsx or .ods) as rows of typed
 * cells: the only caller of minizip and expat.
 *
 * Both formats are zipped XML. The part of the zip that holds the sheet
 * is inflated in chunks and fed to expat as it comes; no part may grow
 * past SHEET_PART_MAX, nor past SHEET_RATIO times what it takes in the
 * zip once over 16 MiB (a zip bomb is refused, not inflated). Rows and
 * columns are those of the sheet (row 1 is the first; empty rows are left
 * out, so rows[i].row says which one each is), at most SHEET_MAX_ROWS by
 * SHEET_MAX_COLS. In .ods a repeated row or cell (number-rows-repeated,
 * number-columns-repeated) is written out as often as it is repeated when
 * it holds something; empty repeats, such as the million trailing empty
 * rows LibreOffice writes, only move the count on.
 *
 * Cell kinds: text (shared or inline strings, .ods text), a number as
 * written in the file ("12500.5"), a boolean ("1"/"0"), a date
 * ("2026-11-20") or a date and time ("2026-11-20T10:30:00Z"): an .xlsx
 * number whose style is a date format, or an .xlsx t="d" / .ods date
 * cell. Percent cells hold the fraction (0.35), errors their text
 * (#DIV/0!). Serial numbers become dates with the workbook's own epoch:
 * 1900 (with Excel's 1900-02-29 that never was), 1904, or the .ods
 * null-date.
 *
 * Includes err, text, value.
 */
#ifndef SALES_SHEET_H
#define SALES_SHEET_H

#include <stddef.h>

#include "err.h"
#include "text.h"
#include "value.h"

#define SHEET_MAX_ROWS 1048576L
#define SHEET_MAX_COLS 16384L
#define SHEET_PART_MAX (1024L * 1024 * 1024)
#define SHEET_RATIO 250

enum sheet_kind {
    SHEET_EMPTY,
    SHEET_TEXT,
    SHEET_NUMBER,
    SHEET_PERCENT,
    SHEET_BOOL,
    SHEET_DATE,
    SHEET_DATETIME,
    SHEET_ERROR
};

struct sheet_cell {
    enum sheet_kind kind;
    const char *v; /* "" when empty (the sheet's pool) */
};

struct sheet_row {
    long row;  /* 1-based, as the spreadsheet numbers it */
    size_t n;  /* cells c[0..n): column A on; the last one holds something */
    struct sheet_cell *c;
};

struct sheet {
    char *file;   /* the name for messages */
    char *name;   /* the sheet read */
    char **names; /* every sheet of the workbook, in order */
    size_t nnames;
    struct sheet_row *rows;
    size_t nrows;
    sdate zero;   /* the day serial 0 stands for */
    int bug1900;  /* Excel's 1900 system: serials from 61 on are one day ahead */
    struct pool pool;
    size_t rowcap;
};

/* sheet_kind_of_file: 1 for a zip that holds an .xlsx workbook, 2 for an
 * .ods spreadsheet, -1 for a zip whose directory cannot be read (cut
 * short), 0 for anything else (or a file that cannot be read). */
int sheet_kind_of_file(const char *path);

/* sheet_read: read sheet want (NULL: the first) of the workbook at path
 * into sh (release it with sheet_release, also after a failure). Returns
 * 0, or -1 with e set: "FILE:SHEET!B7: what is wrong" for a cell,
 * "FILE: what is wrong" for the workbook. */
int sheet_read(struct sheet *sh, const char *path, const char *display, const char *want,
               struct err *e);
void sheet_release(struct sheet *sh);

/* sheet_serial_date: a serial day number (with a fraction for the time
 * of day) as "YYYY-MM-DD", or with_time "YYYY-MM-DDTHH:MM:SSZ", into
 * out[32], by the workbook's epoch. Returns 0, or -1 when it is no day
 * (before the epoch, Excel's 1900-02-29, past 9999). */
int sheet_serial_date(const struct sheet *sh, double serial, int with_time, char *out);

/* sheet_cellref: "B7" for column index 1, row 7, into buf[24]. */
char *sheet_cellref(size_t col, long row, char *buf);

#endif
