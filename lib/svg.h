/*
 * svg.h — inline SVG and the HTML around it, as text appended to a
 * buffer: marks (bars, points, lines) that each carry a class and a
 * <title> (a browser shows it on hover), text labels, and HTML escaping of
 * every string that comes from the data. No scripts, no external
 * references: what is drawn here reads offline and prints.
 *
 * Coordinates are user units of the chart's viewBox; numbers are written
 * with one decimal. Includes text.
 */
#ifndef SALES_SVG_H
#define SALES_SVG_H

#include "text.h"

/* html_escape: s with & < > " ' as character references (safe both as
 * element text and inside a double-quoted attribute). */
void html_escape(struct sbuf *b, const char *s);

/* svg_begin: an <svg> of width x height user units that scales to its
 * container (viewBox, no fixed size), with an accessible label. */
void svg_begin(struct sbuf *b, int width, int height, const char *label);
void svg_end(struct sbuf *b);

/* The marks. cls is the class (a plain word, not escaped); title the
 * hover text (escaped). A negative width or height is drawn from the
 * other edge. */
void svg_rect(struct sbuf *b, const char *cls, double x, double y, double w, double h,
              const char *title);
void svg_circle(struct sbuf *b, const char *cls, double cx, double cy, double r, const char *title);
/* svg_path: a path through n points (x[i], y[i]) as a polyline; closed
 * (back to the first point) when closed is set, for an area. */
void svg_path(struct sbuf *b, const char *cls, const double *x, const double *y, int n, int closed,
              const char *title);
/* svg_line: a plain line (an axis, a grid line, the 100% mark), no title. */
void svg_line(struct sbuf *b, const char *cls, double x1, double y1, double x2, double y2);
/* svg_text: a label at (x, y); anchor "start", "middle" or "end". */
void svg_text(struct sbuf *b, const char *cls, double x, double y, const char *anchor,
              const char *text);

#endif
