/* svg.c — inline SVG marks and HTML escaping (see svg.h). */
#include "svg.h"

#include <math.h>

void
html_escape(struct sbuf *b, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '&':
            sbuf_adds(b, "&amp;");
            break;
        case '<':
            sbuf_adds(b, "&lt;");
            break;
        case '>':
            sbuf_adds(b, "&gt;");
            break;
        case '"':
            sbuf_adds(b, "&quot;");
            break;
        case '\'':
            sbuf_adds(b, "&#39;");
            break;
        default:
            sbuf_addc(b, *s);
        }
}

/* A coordinate with one decimal, never "-0.0" or "nan". */
static void
num(struct sbuf *b, double v)
{
    if (!isfinite(v))
        v = 0;
    v = round(v * 10) / 10;
    if (v == 0)
        v = 0;
    sbuf_addf(b, "%.1f", v);
}

static void
title(struct sbuf *b, const char *t)
{
    sbuf_adds(b, "<title>");
    html_escape(b, t);
    sbuf_adds(b, "</title>");
}

void
svg_begin(struct sbuf *b, int width, int height, const char *label)
{
    sbuf_addf(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
              "aria-label=\"",
              width, height);
    html_escape(b, label);
    sbuf_adds(b, "\">\n");
}

void
svg_end(struct sbuf *b)
{
    sbuf_adds(b, "</svg>\n");
}

void
svg_rect(struct sbuf *b, const char *cls, double x, double y, double w, double h, const char *t)
{
    if (w < 0)
        x += w, w = -w;
    if (h < 0)
        y += h, h = -h;
    sbuf_addf(b, "<rect class=\"%s\" x=\"", cls);
    num(b, x);
    sbuf_adds(b, "\" y=\"");
    num(b, y);
    sbuf_adds(b, "\" width=\"");
    num(b, w);
    sbuf_adds(b, "\" height=\"");
    num(b, h);
    sbuf_adds(b, "\">");
    title(b, t);
    sbuf_adds(b, "</rect>\n");
}

void
svg_circle(struct sbuf *b, const char *cls, double cx, double cy, double r, const char *t)
{
    sbuf_addf(b, "<circle class=\"%s\" cx=\"", cls);
    num(b, cx);
    sbuf_adds(b, "\" cy=\"");
    num(b, cy);
    sbuf_adds(b, "\" r=\"");
    num(b, r);
    sbuf_adds(b, "\">");
    title(b, t);
    sbuf_adds(b, "</circle>\n");
}

void
svg_path(struct sbuf *b, const char *cls, const double *x, const double *y, int n, int closed,
         const char *t)
{
    sbuf_addf(b, "<path class=\"%s\" d=\"", cls);
    for (int i = 0; i < n; i++) {
        sbuf_addc(b, i ? 'L' : 'M');
        num(b, x[i]);
        sbuf_addc(b, ',');
        num(b, y[i]);
    }
    if (closed)
        sbuf_addc(b, 'Z');
    sbuf_adds(b, "\">");
    title(b, t);
    sbuf_adds(b, "</path>\n");
}

void
svg_line(struct sbuf *b, const char *cls, double x1, double y1, double x2, double y2)
{
    sbuf_addf(b, "<line class=\"%s\" x1=\"", cls);
    num(b, x1);
    sbuf_adds(b, "\" y1=\"");
    num(b, y1);
    sbuf_adds(b, "\" x2=\"");
    num(b, x2);
    sbuf_adds(b, "\" y2=\"");
    num(b, y2);
    sbuf_adds(b, "\"/>\n");
}

void
svg_text(struct sbuf *b, const char *cls, double x, double y, const char *anchor, const char *text)
{
    sbuf_addf(b, "<text class=\"%s\" x=\"", cls);
    num(b, x);
    sbuf_adds(b, "\" y=\"");
    num(b, y);
    sbuf_addf(b, "\" text-anchor=\"%s\">", anchor);
    html_escape(b, text);
    sbuf_adds(b, "</text>\n");
}
