/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the TUI (src/ui/canvas.c, tui.c, view_output.c): what the
 * views of ui.h do not see. struct canvas is a clipped rectangle of a
 * curses window; the theme (colour pairs, monochrome attributes, glyph
 * set) is set once per screen by canvas_setup(), since curses itself
 * has one screen.
 */
#ifndef KMEMLAB_TUI_INTERNAL_H
#define KMEMLAB_TUI_INTERNAL_H

#include <curses.h>
#include <stdio.h>

#include "ui.h"

struct canvas {
	WINDOW *win;
	int y0, x0; /* the rectangle's origin in win */
	int h, w;
};

/*
 * Choose the colour table (256, 8 or none: color false or fewer than 8
 * colours gives the monochrome scheme) and the glyph set (unicode: the
 * locale's codeset is UTF-8). After initscr()/newterm().
 */
void canvas_setup(bool color, bool unicode);
bool canvas_color(void);
bool canvas_unicode(void);
/* The curses attribute (colour pair included) of an element. */
attr_t canvas_attr(enum ui_elem e);

void canvas_init(struct canvas *c, WINDOW *win, int y, int x, int h, int w);
/* Blank the rectangle. */
void canvas_clear(struct canvas *c);
/* The glyph in the current set, UTF-8 ("─" or "-"). */
const char *canvas_glyph(enum ui_glyph g);
/* The glyph a cell filled with g by element e shows: the monochrome
 * scheme gives owners letters (S slab, V vmalloc ...) so a page map reads
 * without colour. */
const char *canvas_fill_glyph(enum ui_elem e, enum ui_glyph g);
/* One line per element that has a meaning on the map: its sample cell
 * and a name, for the help overlay's legend. NULL name ends. */
const char *canvas_elem_name(enum ui_elem e);

/* Write win's rows as UTF-8 text, trailing blanks cut, to f. */
int canvas_dump(WINDOW *win, FILE *f);

/* The output pane (view_output.c): a scrollback of command output. */
struct view *view_output_new(struct ui_ctx *ui);
void view_output_append(struct view *v, enum ui_elem e, const char *s,
			size_t n);
/* Scroll to the newest line. */
void view_output_follow(struct view *v);

/* The trace pane (view_trace.c): narration shown above the events;
 * NULL title and text remove it. */
void view_trace_narrate(struct view *v, const char *title, const char *text);
/* Animation: show only the first n events (-1: all); returns how many
 * events the last command has. */
long view_trace_limit(struct view *v, long n);
/* The running command's events as they happen (the observer), shown by
 * the next update(). */
void view_trace_begin(struct view *v, const char *cmd);
void view_trace_event(struct view *v, const struct mm_event *ev);
/* Before any command: the welcome text instead of events. */
void view_trace_welcome(struct view *v, bool on);

#endif /* KMEMLAB_TUI_INTERNAL_H */
