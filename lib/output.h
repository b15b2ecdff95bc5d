/*
 * output.h — records out as an aligned table, CSV, TSV, JSON or NDJSON.
 *
 * Callers hand over every value as canonical text (money "12500.5", ratio
 * "0.83", "" for not set); the format decides the presentation: the table
 * groups digits, shows money with two decimals in every row, aligns
 * numbers right, measures CJK text by display width and can draw bars;
 * JSON writes money, counts and ratios as exact numbers and empty values
 * as null. CSV/TSV/JSON stream; the table is buffered to
 * measure its columns. Includes jsonio, csvio, text.
 */
#ifndef SALES_OUTPUT_H
#define SALES_OUTPUT_H

#include <stdio.h>

#include "err.h"

enum out_format { OUT_TABLE, OUT_CSV, OUT_TSV, OUT_JSON, OUT_NDJSON };

enum out_type {
    OT_TEXT,  /* string */
    OT_MONEY, /* canonical money text */
    OT_INT,   /* integer */
    OT_RATIO, /* decimal number such as 0.83 */
};

struct out;

/* out_format_parse: "table", "csv", "tsv", "json", "ndjson". 0 or -1. */
int out_format_parse(const char *s, enum out_format *f);

/* out_new: a writer to fp. color: use ANSI colour in the table (the
 * caller decides from the terminal and NO_COLOR). Free with out_free. */
struct out *out_new(FILE *fp, enum out_format fmt, int color);

/* out_add_col: declare the next column (before the first row). */
void out_add_col(struct out *o, const char *name, enum out_type type);

/* out_set_bar: in table format, draw a bar after the columns for the
 * values of column col: scale 0 sizes bars relative to the largest value;
 * scale > 0 draws scale as a full bar (attainment 1.0) and marks it. */
void out_set_bar(struct out *o, int col, double scale);

/* out_row: one record, vals[ncols] (NULL or "" is not set). */
void out_row(struct out *o, const char *const *vals);

/* out_footer: a summary row shown only in table format (a total line). */
void out_footer(struct out *o, const char *const *vals);

/* out_end: finish (table: print it; JSON: close the array) and flush.
 * Returns 0, or -1 with e set when writing failed. */
int out_end(struct out *o, struct err *e);

void out_free(struct out *o);

/* out_new_rows: a writer that keeps its records in memory for a caller
 * that reads the values back (a dashboard showing several reports): the
 * rows and the footer are kept as the report gave them, canonical text;
 * out_end prints nothing. Free with out_free. */
struct out *out_new_rows(void);
/* out_nrows: the records written so far. */
size_t out_nrows(const struct out *o);
/* out_value: record r's value in column col (borrowed; "" when not set),
 * r == out_nrows(o) the footer's ("" when there is none); NULL when
 * there is no such column or record. Only for out_new_rows writers. */
const char *out_value(const struct out *o, size_t r, const char *col);

/* out_chart: history and forecast as a bar chart of Unicode blocks for a
 * terminal, CHART_ROWS lines high: hist[0..nh) then fc[0..nf), the latest
 * history first dropped when it does not fit in width columns; a divider
 * between them, the value scale on the left, the first, split and last
 * period labels below. Negative values draw as empty columns. */
#define CHART_ROWS 8
/* out_chart_first: the first history index out_chart will show. */
int out_chart_first(int nh, int nf, int width);
void out_chart(FILE *fp, const double *hist, int nh, const double *fc, int nf, const char *first,
               const char *split, const char *last, int width, int color);

/* out_ratio: a ratio as canonical text with 2 decimals ("0.83"), "" when
 * den is 0. */
char *out_ratio(double num, double den, char *buf, size_t n);

#endif
