// SPDX-License-Identifier: GPL-2.0-only
/*
 * The TUI (include/kmemlab/tui.h): the layout of the panes, the keys,
 * readline on the bottom line, and the loop. NeoMutt's order: a command
 * or a key only marks things (views' update(), the dirty flag); one
 * repaint then draws every pane into stdscr and curses sends the
 * difference.
 *
 * Layouts: >= 80x24 the main view above, trace and output side by side
 * below; >= 120x40 the trace pane to the right of the main view, output
 * below; >= 200x60 a second view under the main one (the page map, or
 * the buddy view when the page map is the main one). Smaller: a centred
 * "terminal too small" until resized.
 *
 * readline runs in callback mode: bytes of typed keys go in through
 * rl_getc_function, rl_redisplay_function only marks the command line
 * dirty, completion lists go to a pane (rl_completion_display_matches_hook)
 * and readline never touches the terminal (prep/deprep are no-ops, its
 * output stream is /dev/null). Its state is global, so is the one TUI.
 *
 * Left out: a configurable key map, split panes chosen by the user.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "kmemlab/cmd.h"
#include "kmemlab/lesson.h"
#include "kmemlab/repl.h"
#include "kmemlab/tui.h"
#include "tui_internal.h"

#define MIN_W 80
#define MIN_H 24

enum { V_SLUB, V_PAGES, V_BUDDY, V_VMALLOC, NR_MAIN_VIEWS };
static const char *const main_names[NR_MAIN_VIEWS] = {"slub", "pages", "buddy",
						      "vmalloc"};
static const char *const main_titles[NR_MAIN_VIEWS] = {"SLUB", "Page map",
						       "Buddy", "vmalloc"};

enum { P_MAIN, P_SECOND, P_TRACE, P_OUTPUT, NR_PANES, P_CMDLINE = -1 };

struct pane {
	struct view *v;
	const char *title;
	int y, x, h, w; /* the frame; the view draws inside it */
	bool shown;
};

struct tui {
	struct session *ss;
	struct ui_ctx ui;
	struct out out, *saved_out;
	bool saved_progress;
	bool headless;
	SCREEN *scr;
	FILE *null_out, *null_in;

	struct view *views[NR_MAIN_VIEWS]; /* NULL: not in this build */
	struct view *trace, *output;
	int main, second; /* views[] shown; second -1 when none */
	struct pane panes[NR_PANES];
	int focus; /* P_* or P_CMDLINE */
	bool too_small, help, welcome;
	int help_scroll, help_lines, help_h; /* the overlay's scroll */
	unsigned long lesson_gen; /* the lesson player's, last shown */
	bool lesson_shown;
	int rows, cols;

	/* a command changed ss->last when events arrived during it */
	unsigned long events_seen;
	struct trace empty;

	/* animation (set animate on / animate on: ss->opt.animate): events
	 * shown in the trace pane, -1 all */
	long anim_pos, anim_total;

	/* readline */
	struct line_reader *lr;
	unsigned char rl_queue[64];
	int rl_head, rl_tail;
	bool eof;
	char **matches; /* completion candidates shown, NULL-terminated */
	int nr_matches, match_width;
	FILE *rl_null;
	unsigned long lineno;
};

/* readline and the signal handler reach the one TUI through this */
static struct tui *the_tui;
static volatile sig_atomic_t tui_sigint;

/* --- output sink --------------------------------------------------------- */

static void tui_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	struct tui *t = ctx;

	view_output_append(t->output, st == OUT_STDERR ? EL_ERROR : EL_NORMAL,
			   s, n);
	if (t->headless && st == OUT_STDERR)
		fwrite(s, 1, n, stderr); /* a failing test shows why */
}

static void count_event(void *ctx, const struct mm_event *ev)
{
	struct tui *t = ctx;

	t->events_seen++;
	view_trace_event(t->trace, ev);
}

/* --- layout ----------------------------------------------------------------
 */

static void set_pane(struct pane *p, int y, int x, int h, int w)
{
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
	p->shown = h >= 3 && w >= 8;
}

static void layout(struct tui *t)
{
	int H = t->rows, W = t->cols, body = H - 2; /* status, cmdline */

	for (int i = 0; i < NR_PANES; i++)
		t->panes[i].shown = false;
	t->too_small = W < MIN_W || H < MIN_H;
	if (t->too_small)
		return;
	t->second = -1;
	if (W >= 200 && H >= 60) {
		int right = 72, top = body * 11 / 20;

		t->second = t->main == V_PAGES ? V_BUDDY : V_PAGES;
		set_pane(&t->panes[P_MAIN], 0, 0, top, W - right);
		set_pane(&t->panes[P_SECOND], top, 0, body - top, W - right);
		set_pane(&t->panes[P_TRACE], 0, W - right, body / 2, right);
		set_pane(&t->panes[P_OUTPUT], body / 2, W - right,
			 body - body / 2, right);
	} else if (W >= 120 && H >= 40) {
		int right = W >= 150 ? 56 : 46, bottom = body / 3;

		set_pane(&t->panes[P_MAIN], 0, 0, body - bottom, W - right);
		set_pane(&t->panes[P_TRACE], 0, W - right, body - bottom,
			 right);
		set_pane(&t->panes[P_OUTPUT], body - bottom, 0, bottom, W);
	} else {
		int bottom = body * 2 / 5;

		set_pane(&t->panes[P_MAIN], 0, 0, body - bottom, W);
		set_pane(&t->panes[P_TRACE], body - bottom, W / 2, bottom,
			 W - W / 2);
		set_pane(&t->panes[P_OUTPUT], body - bottom, 0, bottom, W / 2);
	}
	t->panes[P_MAIN].v = t->views[t->main];
	t->panes[P_MAIN].title = main_titles[t->main];
	t->panes[P_SECOND].v = t->second >= 0 ? t->views[t->second] : NULL;
	t->panes[P_SECOND].title = t->second >= 0 ? main_titles[t->second] : "";
	t->panes[P_TRACE].v = t->trace;
	t->panes[P_TRACE].title = t->welcome ? "Welcome" : "Trace";
	t->panes[P_OUTPUT].v = t->output;
	t->panes[P_OUTPUT].title = "Output";
	if (t->focus >= 0 && !t->panes[t->focus].shown)
		t->focus = P_CMDLINE;
}

/* --- drawing ------------------------------------------------------------- */

static void draw_pane(struct tui *t, int i)
{
	struct pane *p = &t->panes[i];
	struct canvas c;
	char title[96];

	if (!p->shown)
		return;
	canvas_init(&c, stdscr, p->y, p->x, p->h, p->w);
	if (i == P_MAIN || i == P_SECOND) {
		int k = i == P_MAIN ? t->main : t->second;

		snprintf(title, sizeof(title), "F%d %s", k + 2, p->title);
	} else {
		snprintf(title, sizeof(title), "%s", p->title);
	}
	cv_box(&c, 0, 0, p->h, p->w, t->focus == i ? EL_FOCUS : EL_BORDER,
	       title);
	canvas_init(&c, stdscr, p->y + 1, p->x + 1, p->h - 2, p->w - 2);
	if (p->v && p->v->ops->draw) {
		p->v->ops->draw(p->v, &c);
	} else if (i == P_MAIN || i == P_SECOND) {
		int k = i == P_MAIN ? t->main : t->second;

		cv_printf(&c, 0, 1, EL_DIM,
			  "(the %s view is not in this build yet)",
			  main_names[k]);
	}
}

static void draw_status(struct tui *t)
{
	struct canvas c;
	int x = 0;

	canvas_init(&c, stdscr, t->rows - 2, 0, 1, t->cols);
	x += cv_text(&c, 0, x, EL_DIM, " F1 ");
	x += cv_text(&c, 0, x, EL_NORMAL, "help ");
	for (int k = 0; k < NR_MAIN_VIEWS; k++) {
		char name[32];

		x += cv_printf(&c, 0, x, EL_DIM, " F%d ", k + 2);
		snprintf(name, sizeof(name), "%s", main_names[k]);
		x += cv_text(&c, 0, x, k == t->main ? EL_SELECTED : EL_NORMAL,
			     name);
	}
	x += cv_text(&c, 0, x, EL_DIM, "  Tab ");
	x += cv_text(&c, 0, x, EL_NORMAL, "panes");
	x += cv_text(&c, 0, x, EL_DIM, "  Ctrl-D ");
	x += cv_text(&c, 0, x, EL_NORMAL, "quit");
	if (t->ss->opt.animate)
		x += cv_text(&c, 0, x, EL_WARN, "  [animate]");
	if (t->ss && t->ss->m) {
		char right[96];
		int w;

		snprintf(right, sizeof(right), "%s, %lu MiB, cpu%d ",
			 t->ss->cfg.preset, t->ss->m->cfg.mem_bytes >> 20,
			 t->ss->m->cur_cpu);
		w = ui_strwidth(right);
		if (t->cols - w > x + 1)
			cv_text(&c, 0, t->cols - w, EL_DIM, right);
	}
}

static void prompt_text(struct tui *t, char *buf, size_t len)
{
	snprintf(buf, len, "kmemlab[cpu%d]> ", t->ss->m->cur_cpu);
}

/* The command line; returns the cursor's column. */
static int draw_cmdline(struct tui *t)
{
	struct canvas c;
	char prompt[64];
	const char *line = t->lr && rl_line_buffer ? rl_line_buffer : "";
	int point = t->lr ? rl_point : 0, pw, cw, off;
	char *before = strndup(line, (size_t)point);

	prompt_text(t, prompt, sizeof(prompt));
	canvas_init(&c, stdscr, t->rows - 1, 0, 1, t->cols);
	pw = ui_strwidth(prompt);
	cw = before ? ui_strwidth(before) : 0;
	free(before);
	/* scroll sideways so the cursor stays on screen */
	off = pw + cw > t->cols - 2 ? pw + cw - (t->cols - 2) : 0;
	cv_text(&c, 0, -off, t->focus == P_CMDLINE ? EL_PROMPT : EL_DIM,
		prompt);
	cv_text(&c, 0, pw - off, EL_NORMAL, line);
	return pw + cw - off;
}

/* Completion candidates in a box above the status line. */
static void draw_matches(struct tui *t)
{
	int colw = t->match_width + 2, ncols, nrows, h, y;
	struct canvas c;

	if (!t->matches || t->too_small)
		return;
	ncols = (t->cols - 4) / colw;
	if (ncols < 1)
		ncols = 1;
	nrows = (t->nr_matches + ncols - 1) / ncols;
	h = nrows + 2;
	if (h > t->rows / 2)
		h = t->rows / 2;
	y = t->rows - 2 - h;
	canvas_init(&c, stdscr, y, 0, h, t->cols);
	canvas_clear(&c);
	{
		char title[64];

		snprintf(title, sizeof(title), "%d completions", t->nr_matches);
		cv_box(&c, 0, 0, h, t->cols, EL_FOCUS, title);
	}
	canvas_init(&c, stdscr, y + 1, 2, h - 2, t->cols - 4);
	for (int i = 0; i < t->nr_matches; i++) {
		int r = i % nrows, k = i / nrows;

		if (r >= h - 2)
			continue;
		cv_text(&c, r, k * colw, EL_NORMAL, t->matches[i]);
	}
}

struct key_help {
	const char *keys, *what;
};

static const struct key_help key_help[] = {
	{"F1  ?", "this help (? on an empty command line)"},
	{"F2 F3 F4 F5", "SLUB, page map, buddy, vmalloc view"},
	{"Tab  Shift-Tab", "next/previous pane (Tab completes a command)"},
	{"arrows PgUp PgDn", "move or scroll in the focused pane"},
	{"Home End", "top / bottom of the focused pane"},
	{"Esc", "back to the command line"},
	{"mouse", "click selects, the wheel scrolls"},
	{"Up Down", "history on the command line"},
	{"PgUp PgDn", "scroll the output from the command line"},
	{"Space Enter", "next event (after set animate on)"},
	{"n p", "lesson: next / previous step (narration pane)"},
	{"Ctrl-C", "clear the line, or stop a long repeat"},
	{"Ctrl-D", "quit (on an empty command line)"},
	{NULL, NULL},
};

/* The overlay scrolls when the terminal is shorter than the help
 * (80x24): rows are drawn at y - help_scroll, the canvas clips. */
static void draw_help(struct tui *t)
{
	int w = t->cols > 100 ? 96 : t->cols - 4, h = t->rows - 4, x;
	int legend_col, y;
	struct canvas c;

	if (t->help_lines && t->help_lines + 2 < h)
		h = t->help_lines + 2;
	t->help_h = h - 2;
	if (t->help_scroll > t->help_lines - t->help_h)
		t->help_scroll = t->help_lines - t->help_h;
	if (t->help_scroll < 0)
		t->help_scroll = 0;
	y = -t->help_scroll;
	canvas_init(&c, stdscr, 2, (t->cols - w) / 2, h, w);
	canvas_clear(&c);
	cv_box(&c, 0, 0, h, w, EL_FOCUS,
	       t->help_lines > t->help_h
		       ? "Help: Up/Down scroll, any other key "
			 "closes"
		       : "Help: any key closes");
	canvas_init(&c, stdscr, 3, (t->cols - w) / 2 + 2, h - 2, w - 4);
	cv_text(&c, y++, 0, EL_TITLE, "Keys");
	for (int i = 0; key_help[i].keys; i++, y++) {
		cv_text(&c, y, 1, EL_PROMPT, key_help[i].keys);
		cv_text(&c, y, 19, EL_NORMAL, key_help[i].what);
	}
	y++;
	cv_text(&c, y++, 0, EL_TITLE, "Colours and glyphs");
	legend_col = (w - 4) / 2;
	x = 0;
	for (int e = 0; e < NR_UI_ELEMS; e++) {
		const char *name = canvas_elem_name((enum ui_elem)e);

		if (!name)
			continue;
		if (e == EL_CHANGED) {
			cv_text(&c, y, x + 1, EL_CHANGED, "text");
		} else {
			cv_fill(&c, y, x + 1, 2, (enum ui_elem)e,
				GL_BLOCK_FULL);
		}
		cv_text(&c, y, x + 6, EL_NORMAL, name);
		if (x == 0 && legend_col >= 40) {
			x = legend_col;
		} else {
			x = 0;
			y++;
		}
	}
	if (x)
		y++;
	y++;
	cv_text(&c, y, 0, EL_DIM,
		"Free objects: " /* the cells the SLUB view draws */);
	cv_glyph(&c, y, 14, EL_FREE, GL_CELL_FREE);
	cv_text(&c, y, 17, EL_DIM, "allocated:");
	cv_glyph(&c, y, 28, EL_INUSE, GL_CELL_USED);
	cv_text(&c, y, 31, EL_DIM, "freelist:");
	cv_glyph(&c, y, 41, EL_DIM, GL_ARROW_RIGHT);
	y++;
	t->help_lines = y + t->help_scroll;
}

static void draw_too_small(struct tui *t)
{
	char msg[128];
	struct canvas c;
	int w;

	snprintf(msg, sizeof(msg),
		 "terminal too small: need %d%s%d, have %d%s%d", MIN_W,
		 canvas_unicode() ? "×" : "x", MIN_H, t->cols,
		 canvas_unicode() ? "×" : "x", t->rows);
	canvas_init(&c, stdscr, 0, 0, t->rows, t->cols);
	w = ui_strwidth(msg);
	if (w > t->cols) {
		/* narrower than the sentence: two lines */
		cv_text(&c, t->rows / 2 - 1, 0, EL_ERROR,
			"terminal too small:");
		cv_printf(&c, t->rows / 2, 0, EL_ERROR,
			  "need %dx%d, have %dx%d", MIN_W, MIN_H, t->cols,
			  t->rows);
		return;
	}
	cv_text(&c, t->rows / 2, (t->cols - w) / 2, EL_ERROR, msg);
}

static void repaint(struct tui *t)
{
	int cx;

	getmaxyx(stdscr, t->rows, t->cols);
	layout(t);
	werase(stdscr);
	if (t->too_small) {
		draw_too_small(t);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	for (int i = 0; i < NR_PANES; i++)
		draw_pane(t, i);
	draw_status(t);
	cx = draw_cmdline(t);
	draw_matches(t);
	if (t->help)
		draw_help(t);
	if (t->focus == P_CMDLINE && !t->help) {
		wmove(stdscr, t->rows - 1, cx < t->cols ? cx : t->cols - 1);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* --- commands ------------------------------------------------------------ */

static void update_views(struct tui *t, const struct trace *tr)
{
	t->ui.last = tr;
	for (int k = 0; k < NR_MAIN_VIEWS; k++)
		if (t->views[k] && t->views[k]->ops->update)
			t->views[k]->ops->update(t->views[k], tr);
	t->trace->ops->update(t->trace, &t->ss->last);
}

static void animate_start(struct tui *t)
{
	t->anim_total = view_trace_limit(t->trace, -1);
	if (!t->ss->opt.animate || t->anim_total == 0) {
		t->anim_pos = -1;
		return;
	}
	t->anim_pos = 0;
	view_trace_limit(t->trace, 0);
}

static void animate_step(struct tui *t, bool all)
{
	if (t->anim_pos < 0)
		return;
	t->anim_pos = all ? t->anim_total : t->anim_pos + 1;
	if (t->anim_pos >= t->anim_total) {
		t->anim_pos = -1;
		view_trace_limit(t->trace, -1);
	} else {
		view_trace_limit(t->trace, t->anim_pos);
	}
}

/*
 * The lesson player moved (lesson open, next, prev ...): its step's title
 * and narration go to the trace pane, its view and cache to the main
 * pane. Polled after every command through the player's generation.
 */
static void follow_lesson(struct tui *t)
{
	const struct lesson_player *lp = session_lesson(t->ss);
	const struct lesson_step *st;
	char title[256];

	if (!lp || !lp->lesson) {
		if (t->lesson_shown)
			view_trace_narrate(t->trace, NULL, NULL);
		t->lesson_shown = false;
		return;
	}
	if (t->lesson_shown && lp->generation == t->lesson_gen)
		return;
	t->lesson_shown = true;
	t->lesson_gen = lp->generation;
	if (lp->pos == 0)
		snprintf(title, sizeof(title), "%s",
			 lesson_player_title(lp) ? lesson_player_title(lp)
						 : "");
	else
		snprintf(title, sizeof(title), "[%zu/%zu] %s", lp->pos,
			 lp->lesson->nr_steps,
			 lesson_player_title(lp) ? lesson_player_title(lp)
						 : "");
	view_trace_narrate(t->trace, title, lesson_player_narration(lp));
	if (t->welcome) {
		t->welcome = false;
		view_trace_welcome(t->trace, false);
	}
	st = lp->pos ? lesson_player_step(lp, lp->pos - 1) : NULL;
	if (st && st->focus_view[0]) {
		for (int k = 0; k < NR_MAIN_VIEWS; k++)
			if (!strcmp(st->focus_view, main_names[k]))
				t->main = k;
	}
	if (st && st->focus_cache)
		snprintf(t->ui.focus.cache, sizeof(t->ui.focus.cache), "%s",
			 st->focus_cache);
}

int tui_run_line(struct tui *t, const char *line, const char *origin,
		 unsigned long lineno)
{
	struct session *ss = t->ss;
	char prompt[64];
	int failed;

	prompt_text(t, prompt, sizeof(prompt));
	/* the echo of what ran; a script's comments are not worth a line */
	if (line[strspn(line, " \t")] != '#') {
		view_output_append(t->output, EL_PROMPT, prompt,
				   strlen(prompt));
		view_output_append(t->output, EL_PROMPT, line, strlen(line));
		view_output_append(t->output, EL_PROMPT, "\n", 1);
	}
	view_output_follow(t->output);
	if (t->welcome && *line) {
		t->welcome = false;
		view_trace_welcome(t->trace, false);
	}
	t->events_seen = 0;
	view_trace_begin(t->trace, line);
	failed = session_run_line(ss, line, origin, lineno);
	/* views see what changed only when something did: a `help` leaves
	 * the last command's highlights, an empty trace clears them */
	update_views(t, t->events_seen ? &ss->last : &t->empty);
	if (t->events_seen)
		animate_start(t);
	follow_lesson(t);
	if (!t->headless || !ss->quit)
		repaint(t);
	return failed;
}

void tui_redraw(struct tui *t, bool update)
{
	if (update)
		update_views(t, &t->ss->last);
	repaint(t);
}

int tui_screendump(struct tui *t, FILE *f)
{
	return canvas_dump(stdscr, f);
}

/* --- keys ------------------------------------------------------------------
 */

static int ui_key_of(int ch)
{
	switch (ch) {
	case KEY_UP:
		return UI_KEY_UP;
	case KEY_DOWN:
		return UI_KEY_DOWN;
	case KEY_LEFT:
		return UI_KEY_LEFT;
	case KEY_RIGHT:
		return UI_KEY_RIGHT;
	case KEY_PPAGE:
		return UI_KEY_PGUP;
	case KEY_NPAGE:
		return UI_KEY_PGDN;
	case KEY_HOME:
		return UI_KEY_HOME;
	case KEY_END:
		return UI_KEY_END;
	case KEY_ENTER:
	case '\n':
	case '\r':
		return UI_KEY_ENTER;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		return UI_KEY_BACKSPACE;
	case KEY_DC:
		return UI_KEY_DELETE;
	}
	return -1;
}

static void focus_step(struct tui *t, int dir)
{
	/* cmdline, main, second, trace, output, cmdline ... */
	int order[NR_PANES + 1] = {P_CMDLINE, P_MAIN, P_SECOND, P_TRACE,
				   P_OUTPUT};
	int n = NR_PANES + 1, at = 0;

	for (int i = 0; i < n; i++)
		if (order[i] == t->focus)
			at = i;
	for (int i = 1; i < n; i++) {
		int f = order[(at + dir * i + n * 2) % n];

		if (f == P_CMDLINE || t->panes[f].shown) {
			t->focus = f;
			return;
		}
	}
}

static void rl_feed(struct tui *t, const char *s, size_t n);

static void clear_matches(struct tui *t)
{
	if (!t->matches)
		return;
	for (int i = 0; i < t->nr_matches; i++)
		free(t->matches[i]);
	free(t->matches);
	t->matches = NULL;
	t->nr_matches = 0;
}

static void set_main(struct tui *t, int k)
{
	t->main = k;
	layout(t);
}

/* A key to the focused view; false if it did not take it. */
static bool view_key(struct tui *t, int pane, int key)
{
	struct view *v = t->panes[pane].v;
	unsigned int r;

	if (!v || !v->ops->key)
		return false;
	r = v->ops->key(v, key);
	if (r & UI_FOCUS_CMDLINE)
		t->focus = P_CMDLINE;
	return r != 0;
}

static void cmdline_key(struct tui *t, int ch)
{
	switch (ch) {
	case KEY_UP:
		rl_get_previous_history(1, 0);
		break;
	case KEY_DOWN:
		rl_get_next_history(1, 0);
		break;
	case KEY_LEFT:
		rl_backward_char(1, 0);
		break;
	case KEY_RIGHT:
		rl_forward_char(1, 0);
		break;
	case KEY_HOME:
		rl_beg_of_line(1, 0);
		break;
	case KEY_END:
		rl_end_of_line(1, 0);
		break;
	case KEY_DC:
		rl_delete(1, 0);
		break;
	case KEY_BACKSPACE:
		rl_rubout(1, 0);
		break;
	case KEY_PPAGE:
		view_key(t, P_OUTPUT, UI_KEY_PGUP);
		break;
	case KEY_NPAGE:
		view_key(t, P_OUTPUT, UI_KEY_PGDN);
		break;
	case KEY_ENTER:
		rl_feed(t, "\r", 1);
		break;
	}
}

static void mouse_event(struct tui *t)
{
	MEVENT me;

	if (getmouse(&me) != OK)
		return;
	for (int i = 0; i < NR_PANES; i++) {
		struct pane *p = &t->panes[i];
		int y = me.y - p->y - 1, x = me.x - p->x - 1;

		if (!p->shown || me.y < p->y || me.y >= p->y + p->h ||
		    me.x < p->x || me.x >= p->x + p->w)
			continue;
		t->focus = i;
		if (me.bstate & BUTTON4_PRESSED)
			view_key(t, i, UI_KEY_WHEEL_UP);
#ifdef BUTTON5_PRESSED
		else if (me.bstate & BUTTON5_PRESSED)
			view_key(t, i, UI_KEY_WHEEL_DOWN);
#endif
		else if (p->v && p->v->ops->click && y >= 0 && x >= 0 &&
			 y < p->h - 2 && x < p->w - 2) {
			unsigned int r = p->v->ops->click(p->v, y, x);

			if (r & UI_FOCUS_CMDLINE)
				t->focus = P_CMDLINE;
		}
		return;
	}
	t->focus = P_CMDLINE;
}

/*
 * One key: fn is true for curses' KEY_* codes (wget_wch's KEY_CODE_YES),
 * false for a character. Order matters: overlays take the key first,
 * then the global keys, then the focused pane, then readline.
 */
static void handle_key(struct tui *t, bool fn, wint_t wch)
{
	int ch = (int)wch;
	bool line_empty = !t->lr || rl_end == 0;

	if (fn && ch == KEY_RESIZE) {
		return; /* repaint() reads the new size */
	}
	if (t->help) {
		int step = fn && (ch == KEY_PPAGE || ch == KEY_NPAGE)
				   ? t->help_h - 1
				   : 1;

		if (fn && (ch == KEY_UP || ch == KEY_PPAGE))
			t->help_scroll -= step;
		else if (fn && (ch == KEY_DOWN || ch == KEY_NPAGE))
			t->help_scroll += step;
		else
			t->help = false;
		return;
	}
	if (t->matches)
		clear_matches(t);
	if (t->anim_pos >= 0) {
		if (!fn && (ch == ' ' || ch == '\n' || ch == '\r') &&
		    line_empty) {
			animate_step(t, false);
			return;
		}
		animate_step(t, true);
	}
	if (fn && ch == KEY_MOUSE) {
		mouse_event(t);
		return;
	}
	if ((fn && ch == KEY_F(1)) ||
	    (!fn && ch == '?' && (t->focus != P_CMDLINE || line_empty))) {
		t->help = true;
		t->help_scroll = 0;
		return;
	}
	if (fn && ch >= KEY_F(2) && ch <= KEY_F(5)) {
		set_main(t, ch - KEY_F(2));
		return;
	}
	if (fn && ch == KEY_BTAB) {
		focus_step(t, -1);
		return;
	}
	if (!fn && ch == '\t' && (t->focus != P_CMDLINE || line_empty)) {
		focus_step(t, 1);
		return;
	}
	if (!fn && ch == 27 && t->focus != P_CMDLINE) {
		t->focus = P_CMDLINE;
		return;
	}
	/* n / p / Space in the narration pane of an open lesson: the next
	 * or previous step, as the commands next and prev */
	if (!fn && t->focus == P_TRACE && (ch == 'n' || ch == 'p') &&
	    session_lesson(t->ss) && session_lesson(t->ss)->lesson) {
		tui_run_line(t, ch == 'n' ? "next" : "prev", "key",
			     ++t->lineno);
		return;
	}
	if (t->focus != P_CMDLINE) {
		int k = fn			   ? ui_key_of(ch)
			: ch == '\n' || ch == '\r' ? UI_KEY_ENTER
						   : ch;

		if (k >= 0 && view_key(t, t->focus, k))
			return;
		if (fn || ch < ' ')
			return;
		/* typing goes to the command line */
		t->focus = P_CMDLINE;
	}
	if (!t->lr)
		return; /* headless: no line editor */
	if (fn) {
		cmdline_key(t, ch);
	} else {
		char mb[8];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof(st));
		n = wcrtomb(mb, (wchar_t)wch, &st);
		if (n != (size_t)-1)
			rl_feed(t, mb, n);
	}
}

/* `key NAME` (cmd_ui.c): the names of keys a script may press. */
static int key_by_name(const char *s, bool *fn, wint_t *ch)
{
	static const struct {
		const char *name;
		bool fn;
		int ch;
	} names[] = {
		{"tab", false, '\t'},	    {"btab", true, KEY_BTAB},
		{"esc", false, 27},	    {"enter", false, '\r'},
		{"space", false, ' '},	    {"up", true, KEY_UP},
		{"down", true, KEY_DOWN},   {"left", true, KEY_LEFT},
		{"right", true, KEY_RIGHT}, {"pgup", true, KEY_PPAGE},
		{"pgdn", true, KEY_NPAGE},  {"home", true, KEY_HOME},
		{"end", true, KEY_END},
	};
	mbstate_t st;
	wchar_t wc;
	size_t n;

	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
		int k = atoi(s + 1);

		if (k >= 1 && k <= 12) {
			*fn = true;
			*ch = (wint_t)KEY_F(k);
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(s, names[i].name)) {
			*fn = names[i].fn;
			*ch = (wint_t)names[i].ch;
			return 0;
		}
	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, strlen(s), &st);
	if (n == 0 || n == (size_t)-1 || n == (size_t)-2 || s[n])
		return -1;
	*fn = false;
	*ch = (wint_t)wc;
	return 0;
}

/* --- hooks for cmd_ui.c ------------------------------------------------- */

static int hook_screendump(void *ctx, FILE *f)
{
	return tui_screendump(ctx, f);
}

static int hook_view(void *ctx, const char *name, const char *cache)
{
	struct tui *t = ctx;

	for (int k = 0; k < NR_MAIN_VIEWS; k++)
		if (!strcmp(name, main_names[k])) {
			if (cache)
				snprintf(t->ui.focus.cache,
					 sizeof(t->ui.focus.cache), "%s",
					 cache);
			set_main(t, k);
			return 0;
		}
	return -1;
}

static int hook_key(void *ctx, const char *name)
{
	struct tui *t = ctx;
	bool fn;
	wint_t ch;

	if (key_by_name(name, &fn, &ch) < 0)
		return -1;
	handle_key(t, fn, ch);
	/* the key's effect is on screen before the next command */
	repaint(t);
	return 0;
}

static void hook_animate(void *ctx, bool on)
{
	struct tui *t = ctx;

	t->ss->opt.animate = on;
	if (!on)
		animate_step(t, true);
}

static void hook_narrate(void *ctx, const char *title, const char *text)
{
	struct tui *t = ctx;

	view_trace_narrate(t->trace, title, text);
	if (t->welcome && (title || text)) {
		t->welcome = false;
		view_trace_welcome(t->trace, false);
	}
}

static const struct tui_hooks hooks = {
	.screendump = hook_screendump,
	.view = hook_view,
	.key = hook_key,
	.animate = hook_animate,
	.narrate = hook_narrate,
};

/* --- opening and closing ---------------------------------------------------
 */

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

static struct tui *tui_new(struct session *ss)
{
	struct tui *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->ss = ss;
	t->ui.ss = ss;
	t->ui.focus.cpu = -1;
	t->ui.last = &ss->last;
	t->focus = P_CMDLINE;
	t->main = V_SLUB;
	t->second = -1;
	/* the narration pane shows a lesson's text: not the output too */
	lesson_set_narration(ss, false);
	t->anim_pos = -1;
	t->welcome = true;
	trace_init(&t->empty);
	return t;
}

/* After curses started: views, the sink, the hooks. */
static int tui_start(struct tui *t, const struct tui_options *opt, bool color)
{
	struct session *ss = t->ss;

	canvas_setup(color && !(opt && opt->mono) && !getenv("NO_COLOR"),
		     locale_is_utf8() && !(opt && opt->ascii));
	t->ui.unicode = canvas_unicode();
	t->ui.color = canvas_color();
#ifdef HAVE_VIEW_SLUB
	t->views[V_SLUB] = view_slub_new(&t->ui);
#endif
#ifdef HAVE_VIEW_PAGES
	t->views[V_PAGES] = view_pages_new(&t->ui);
#endif
#ifdef HAVE_VIEW_BUDDY
	t->views[V_BUDDY] = view_buddy_new(&t->ui);
#endif
#ifdef HAVE_VIEW_VMALLOC
	t->views[V_VMALLOC] = view_vmalloc_new(&t->ui);
#endif
	t->trace = view_trace_new(&t->ui);
	t->output = view_output_new(&t->ui);
	if (!t->trace || !t->output)
		return -1;
	view_trace_welcome(t->trace, true);
	{
		char banner[256];
		int n = snprintf(banner, sizeof(banner),
				 "kmemlab %s: machine '%s', %lu MiB, %d "
				 "node%s, %d CPU%s. help lists the "
				 "commands.\n",
				 kmemlab_version(), ss->cfg.preset,
				 ss->m->cfg.mem_bytes >> 20, ss->m->nr_nodes,
				 ss->m->nr_nodes == 1 ? "" : "s",
				 ss->m->nr_cpus,
				 ss->m->nr_cpus == 1 ? "" : "s");

		view_output_append(t->output, EL_DIM, banner, (size_t)n);
	}
	t->out.write = tui_write;
	t->out.ctx = t;
	t->saved_out = ss->out;
	t->saved_progress = ss->opt.progress;
	ss->out = &t->out;
	ss->opt.progress = false; /* stderr is the screen */
	trace_add_observer(&ss->trace, count_event, t);
	cmd_ui_set_hooks(&hooks, t);
	the_tui = t;
	update_views(t, &t->empty);
	return 0;
}

static void tui_free(struct tui *t)
{
	struct session *ss = t->ss;

	cmd_ui_set_hooks(NULL, NULL);
	if (the_tui == t)
		the_tui = NULL;
	if (t->saved_out)
		ss->out = t->saved_out;
	ss->opt.progress = t->saved_progress;
	/* the observer cannot be removed: make it harmless */
	for (int i = 0; i < ss->trace.nr_obs; i++)
		if (ss->trace.obs[i].fn == count_event &&
		    ss->trace.obs[i].ctx == t) {
			ss->trace.obs[i] = ss->trace.obs[--ss->trace.nr_obs];
			break;
		}
	for (int k = 0; k < NR_MAIN_VIEWS; k++)
		if (t->views[k] && t->views[k]->ops->destroy)
			t->views[k]->ops->destroy(t->views[k]);
	if (t->trace)
		t->trace->ops->destroy(t->trace);
	if (t->output)
		t->output->ops->destroy(t->output);
	clear_matches(t);
	trace_free(&t->empty);
	free(t);
}

struct tui *tui_open_headless(struct session *ss, const struct tui_options *opt)
{
	struct tui *t = tui_new(ss);
	int w = opt && opt->width ? opt->width : 120;
	int h = opt && opt->height ? opt->height : 40;

	if (!t)
		return NULL;
	t->headless = true;
	t->null_out = fopen("/dev/null", "w");
	t->null_in = fopen("/dev/null", "r");
	if (t->null_out && t->null_in)
		t->scr = newterm("xterm", t->null_out, t->null_in);
	if (!t->scr) {
		if (t->null_out)
			fclose(t->null_out);
		if (t->null_in)
			fclose(t->null_in);
		tui_free(t);
		return NULL;
	}
	set_term(t->scr);
	resizeterm(h, w);
	if (tui_start(t, opt, false) < 0) {
		tui_close(t);
		return NULL;
	}
	repaint(t);
	return t;
}

void tui_close(struct tui *t)
{
	SCREEN *scr;
	FILE *o, *i;

	if (!t)
		return;
	scr = t->scr;
	o = t->null_out;
	i = t->null_in;
	tui_free(t);
	if (scr) {
		endwin();
		delscreen(scr);
	}
	if (o)
		fclose(o);
	if (i)
		fclose(i);
}

/* --- readline in callback mode ---------------------------------------------
 */

static int rl_getc_hook(FILE *f)
{
	struct tui *t = the_tui;

	(void)f;
	if (!t || t->rl_head == t->rl_tail)
		return 0; /* never EOF: that would end the session */
	return t->rl_queue[t->rl_head++ % sizeof(t->rl_queue)];
}

static int rl_input_hook(void)
{
	return the_tui && the_tui->rl_head != the_tui->rl_tail;
}

static void rl_redisplay_hook(void)
{
	/* the loop repaints after every key */
}

static void rl_prep_noop(int meta)
{
	(void)meta;
}

static void rl_deprep_noop(void)
{
}

static void rl_feed(struct tui *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t->rl_tail - t->rl_head >= (int)sizeof(t->rl_queue))
			break;
		t->rl_queue[t->rl_tail++ % sizeof(t->rl_queue)] =
			(unsigned char)s[i];
	}
	while (t->rl_head != t->rl_tail && !t->eof)
		rl_callback_read_char();
	t->rl_head = t->rl_tail = 0;
}

static void rl_show_matches(char **matches, int num, int max)
{
	struct tui *t = the_tui;

	if (!t)
		return;
	clear_matches(t);
	t->matches = calloc((size_t)num + 1, sizeof(char *));
	if (!t->matches)
		return;
	for (int i = 0; i < num; i++) {
		t->matches[i] = strdup(matches[i + 1]);
		if (!t->matches[i])
			break;
		t->nr_matches++;
	}
	t->match_width = max;
}

static void rl_on_line(char *line)
{
	struct tui *t = the_tui;

	if (!t)
		return;
	if (!line) {
		t->eof = true; /* Ctrl-D on an empty line */
		return;
	}
	if (*line)
		t->lr->remember(t->lr, line);
	tui_run_line(t, line, "repl", ++t->lineno);
	free(line);
}

static void on_sigint(int sig)
{
	(void)sig;
	tui_sigint = 1;
	if (the_tui)
		the_tui->ss->interrupted = 1;
}

static int rl_start(struct tui *t)
{
	t->lr = repl_readline_open(t->ss);
	if (!t->lr)
		return -1;
	t->rl_null = fopen("/dev/null", "w");
	rl_instream = stdin;
	rl_outstream = t->rl_null ? t->rl_null : stdout;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0; /* no LINES/COLUMNS for curses to trust */
	rl_prep_term_function = rl_prep_noop;
	rl_deprep_term_function = rl_deprep_noop;
	rl_getc_function = rl_getc_hook;
	rl_input_available_hook = rl_input_hook;
	rl_redisplay_function = rl_redisplay_hook;
	rl_completion_display_matches_hook = rl_show_matches;
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_variable_bind("bell-style", "none");
	rl_callback_handler_install("", rl_on_line);
	return 0;
}

static void rl_stop(struct tui *t)
{
	rl_callback_handler_remove();
	rl_getc_function = rl_getc;
	rl_redisplay_function = rl_redisplay;
	rl_prep_term_function = rl_prep_terminal;
	rl_deprep_term_function = rl_deprep_terminal;
	rl_input_available_hook = NULL;
	rl_completion_display_matches_hook = NULL;
	rl_outstream = stdout;
	if (t->lr)
		t->lr->close(t->lr);
	t->lr = NULL;
	if (t->rl_null)
		fclose(t->rl_null);
	t->rl_null = NULL;
}

static void clear_line(struct tui *t)
{
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	clear_matches(t);
	t->help = false;
}

unsigned long tui_run(struct session *ss, const struct tui_options *opt)
{
	unsigned long before = ss->nr_failed;
	struct sigaction sa, old_sa;
	struct tui *t = tui_new(ss);

	if (!t)
		return 1;
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C"); /* the output stays as in batch mode */
	if (!initscr()) {
		tui_free(t);
		return 1;
	}
	cbreak(); /* not raw: Ctrl-C still stops a long repeat */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			  | BUTTON5_PRESSED
#endif
		  ,
		  NULL);
	mouseinterval(0);
	if (tui_start(t, opt, true) < 0 || rl_start(t) < 0) {
		endwin();
		tui_free(t);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa); /* no SA_RESTART: select sees it */
	if (opt && opt->first_line)
		tui_run_line(t, opt->first_line, "--lesson", 1);

	while (!ss->quit && !t->eof) {
		unsigned int ms = ss->opt.animate_ms;
		struct timeval tv = {ms / 1000, (ms % 1000) * 1000L};
		fd_set fds;
		wint_t wch;
		int r;

		repaint(t);
		FD_ZERO(&fds);
		FD_SET(0, &fds);
		r = select(1, &fds, NULL, NULL,
			   t->anim_pos >= 0 && ms ? &tv : NULL);
		if (r < 0 && errno != EINTR)
			break;
		if (tui_sigint) {
			tui_sigint = 0;
			ss->interrupted = 0;
			clear_line(t);
		}
		if (r == 0) {
			animate_step(t, false);
			continue;
		}
		/* curses may hold more than select saw (escape sequences):
		 * drain it; KEY_RESIZE comes from its SIGWINCH handler */
		while (!ss->quit && !t->eof &&
		       (r = wget_wch(stdscr, &wch)) != ERR)
			handle_key(t, r == KEY_CODE_YES, wch);
	}

	sigaction(SIGINT, &old_sa, NULL);
	rl_stop(t);
	tui_free(t);
	endwin();
	return ss->nr_failed - before;
}
