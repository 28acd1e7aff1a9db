/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A pen: drawing through a struct canvas in content coordinates, for the
 * views that scroll (SLUB, buddy). Row y shows at y - top; rows outside
 * the canvas are skipped, and with c NULL a pen only measures. Header
 * only: a handful of small clipping helpers each view inlines.
 */
#ifndef KMEMLAB_UI_PEN_H
#define KMEMLAB_UI_PEN_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* A pen draws in content coordinates: row y shows at y - top; rows
 * outside the canvas, and everything when c is NULL (measuring), are
 * skipped. */
struct pen {
	struct canvas *c;
	int top, h, w;
	void *p; /* the view's own state */
};

static inline int pen_row(const struct pen *pn, int y)
{
	int sy = y - pn->top;

	if (!pn->c || sy < 0 || sy >= pn->h)
		return -1;
	return sy;
}

/* Columns of s; our strings are ASCII plus a few one-column glyphs. */
static inline int pen_width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* s at (y, x), cut at column xmax; returns its full width. */
static inline int p_text(struct pen *pn, int y, int x, int xmax, enum ui_elem e,
			 const char *s)
{
	int w = pen_width(s), sy = pen_row(pn, y);
	char buf[512];
	int room = xmax - x;

	if (sy < 0 || room <= 0 || x < 0)
		return w;
	if (w <= room) {
		cv_text(pn->c, sy, x, e, s);
		return w;
	}
	/* cut at room columns, whole UTF-8 characters */
	size_t i = 0;
	int cols = 0;

	while (s[i] && cols < room && i < sizeof(buf) - 4) {
		size_t n = 1;

		while (((unsigned char)s[i + n] & 0xc0) == 0x80)
			n++;
		memcpy(buf + i, s + i, n);
		i += n;
		cols++;
	}
	buf[i] = '\0';
	cv_text(pn->c, sy, x, e, buf);
	return w;
}

static inline int p_printf(struct pen *pn, int y, int x, int xmax,
			   enum ui_elem e, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static inline int p_printf(struct pen *pn, int y, int x, int xmax,
			   enum ui_elem e, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return p_text(pn, y, x, xmax, e, buf);
}

static inline void p_glyph(struct pen *pn, int y, int x, enum ui_elem e,
			   enum ui_glyph g)
{
	int sy = pen_row(pn, y);

	if (sy >= 0 && x >= 0 && x < pn->w)
		cv_glyph(pn->c, sy, x, e, g);
}

static inline void p_fill(struct pen *pn, int y, int x, int n, enum ui_elem e,
			  enum ui_glyph g)
{
	int sy = pen_row(pn, y);

	if (x + n > pn->w)
		n = pn->w - x;
	if (sy >= 0 && n > 0 && x >= 0)
		cv_fill(pn->c, sy, x, n, e, g);
}

/* A frame drawn row by row, so that a box half scrolled away still shows
 * its visible half (cv_box draws whole boxes only). */
static inline void p_box(struct pen *pn, int y, int x, int h, int w,
			 enum ui_elem e, const char *title, enum ui_elem te)
{
	if (h < 2 || w < 2)
		return;
	p_glyph(pn, y, x, e, GL_ULCORNER);
	p_fill(pn, y, x + 1, w - 2, e, GL_HLINE);
	p_glyph(pn, y, x + w - 1, e, GL_URCORNER);
	for (int i = 1; i < h - 1; i++) {
		p_glyph(pn, y + i, x, e, GL_VLINE);
		p_glyph(pn, y + i, x + w - 1, e, GL_VLINE);
	}
	p_glyph(pn, y + h - 1, x, e, GL_LLCORNER);
	p_fill(pn, y + h - 1, x + 1, w - 2, e, GL_HLINE);
	p_glyph(pn, y + h - 1, x + w - 1, e, GL_LRCORNER);
	if (title && w > 6) {
		p_text(pn, y, x + 1, x + w - 1, e, " ");
		int tw = p_text(pn, y, x + 2, x + w - 2, te, title);

		if (x + 2 + tw < x + w - 1)
			p_text(pn, y, x + 2 + tw, x + w - 1, e, " ");
	}
}

#endif /* KMEMLAB_UI_PEN_H */
