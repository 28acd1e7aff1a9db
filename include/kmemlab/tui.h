/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TUI front end (issue 7): the machine drawn live in ncurses panes,
 * readline in callback mode on the bottom line. main.c starts it on a
 * terminal; tests and the bench open it headless (curses on /dev/null at
 * a fixed size) and run lines through it, then dump the screen as text.
 *
 * The second half is the command layer's window on the TUI: commands of
 * src/cmd/cmd_ui.c (screendump, view, key, animate) and the lesson player
 * call cmd_ui_*(), which reach the TUI through hooks it installs while it
 * runs; without a TUI they report that they need one. No curses here.
 */
#ifndef KMEMLAB_TUI_H
#define KMEMLAB_TUI_H

#include <stdbool.h>
#include <stdio.h>

struct session;
struct tui;

struct tui_options {
	int width, height; /* headless: the screen's size */
	bool mono;	   /* no colours even if the terminal has them */
	bool ascii;	   /* ASCII glyphs even in a UTF-8 locale */
	/* tui_run: a line run first, inside the TUI ("lesson open x") */
	const char *first_line;
};

/*
 * On the terminal of stdin/stdout until quit or Ctrl-D on an empty line.
 * Returns the number of commands that failed. The terminal is left as it
 * was found (endwin).
 */
unsigned long tui_run(struct session *ss, const struct tui_options *opt);

/*
 * Headless: the same screen, drawn into curses on /dev/null at
 * opt->width x opt->height, always monochrome (stable screen dumps).
 * NULL if curses cannot start (no terminfo for xterm).
 */
struct tui *tui_open_headless(struct session *ss,
			      const struct tui_options *opt);
/* Run one line as if typed at the prompt, update the views, redraw.
 * Returns the number of commands that failed. */
int tui_run_line(struct tui *t, const char *line, const char *origin,
		 unsigned long lineno);
/* Redraw every pane (update: first call each view's update() with the
 * last command's trace, as after a command). */
void tui_redraw(struct tui *t, bool update);
/* The screen as UTF-8 text, one line per row, trailing blanks cut. */
int tui_screendump(struct tui *t, FILE *f);
void tui_close(struct tui *t);

/* --- the command layer's window on the TUI (src/cmd/cmd_ui.c) ---------- */

struct tui_hooks {
	int (*screendump)(void *ctx, FILE *f);
	/* focus a main view: slub, pages, buddy, vmalloc; cache may be
	 * NULL. -1 if there is no such view. */
	int (*view)(void *ctx, const char *name, const char *cache);
	/* a key as typed: "F1", "tab", "down", "x" ...; -1 if unknown */
	int (*key)(void *ctx, const char *name);
	void (*animate)(void *ctx, bool on);
	void (*narrate)(void *ctx, const char *title, const char *text);
};

/* The TUI installs its hooks while it runs (NULL h: none). */
void cmd_ui_set_hooks(const struct tui_hooks *h, void *ctx);
/* True while a TUI runs. */
bool cmd_ui_active(void);

/*
 * For the lesson player: show a step's title and narration in the trace
 * pane (NULL, NULL clears it), and focus the step's view and cache.
 * Both return false when no TUI runs (the caller prints instead).
 */
bool cmd_ui_narrate(const char *title, const char *text);
bool cmd_ui_focus(const char *view, const char *cache);

#endif /* KMEMLAB_TUI_H */
