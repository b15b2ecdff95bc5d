/*
 * export.h — an entity's records for spreadsheets: CSV that Excel and
 * LibreOffice read as meant (optional BOM, CRLF, ';' and decimal commas,
 * text that looks like a number quoted, formula-like cells guarded), and
 * real .xlsx workbooks through libxlsxwriter (typed cells: amounts as
 * numbers in the currency's format, dates as dates, ids and phones as
 * text; bold frozen header, autofilter, column widths).
 *
 * The only module that includes <xlsxwriter.h>. Includes store,
 * filter.
 */
#ifndef SALES_EXPORT_H
#define SALES_EXPORT_H

#include <stdio.h>

#include "filter.h"
#include "store.h"

struct export_opts {
    int bom;           /* start with a UTF-8 byte order mark (Excel then reads UTF-8) */
    int crlf;          /* CR LF line ends */
    int safe;          /* guard cells a spreadsheet would run as formulas */
    int decimal_comma; /* amounts as 1234,5 */
    char delim;        /* ',' (';' with decimal_comma unless given) */
};

/* export_guard_needed: 1 when a cell must get a leading ' under --safe:
 * it starts with = + - @ tab or CR and is not a plain number, or it
 * starts with ' followed by one of those (so an import, which drops one
 * such ', gets the value back). */
int export_guard_needed(const char *s, int decimal_comma);

/* export_csv: write the header and every row of t that passes f (bound
 * to t; NULL: all) to fp. Returns 0, or -1 with e set. */
int export_csv(struct store *s, struct table *t, const struct filter *f,
               const struct export_opts *o, FILE *fp, struct err *e);

/* export_xlsx: the same rows as a workbook at path. Returns the number of
 * rows written, or -1 with e set (a value a cell cannot hold, too many
 * rows, a write error). */
long export_xlsx(struct store *s, struct table *t, const struct filter *f, const char *path,
                 struct err *e);

#endif
