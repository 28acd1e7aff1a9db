// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace/narration pane: the last command's story in the kernel's
 * words. Each entry into a kernel function (EV_CALL) is a "→ func" line,
 * each decision or change a "· func: what" line (trace_format), kernel
 * log lines stand out; in a lesson, the step's narration (wrapped, so
 * Chinese lines break between characters) sits above the events. Before
 * the first command it is the welcome pane.
 *
 * struct trace keeps the calls apart from the events (t->path), so the
 * story in order comes from the session's trace observer as it happens:
 * view_trace_begin() before a command, view_trace_event() for each event
 * (a `repeat` may emit millions: only the first TRACE_LINES are
 * formatted, the rest counted), update() then shows them. draw() only
 * copies lines. Animation (`set animate on` / F6) shows the first n.
 * Left out: folding the call path into a tree (events have no depth).
 */
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

#define TRACE_LINES 2000

struct trace_line {
	char *s;
	enum ui_elem e;
	int indent;
};

struct trace_priv {
	char *cmd; /* the command the events belong to */
	struct trace_line *lines;
	size_t nr, nr_events; /* lines kept, events the command had */
	/* the running command's, until update() shows them */
	char *pcmd;
	struct trace_line *plines;
	size_t pnr, pnr_events;
	unsigned long dropped;
	long limit;	    /* animation: events shown; -1 all */
	char *title, *text; /* narration */
	bool welcome;
	int page;
};

static void clear_lines(struct trace_priv *p)
{
	for (size_t i = 0; i < p->nr; i++)
		free(p->lines[i].s);
	p->nr = 0;
}

static void clear_pending(struct trace_priv *p)
{
	for (size_t i = 0; i < p->pnr; i++)
		free(p->plines[i].s);
	p->pnr = p->pnr_events = 0;
	free(p->pcmd);
	p->pcmd = NULL;
}

/* One event as a line: calls "func", the rest trace_format's line. */
static bool format_line(struct trace_line *l, const struct mm_event *ev)
{
	char buf[512];

	if (ev->type == EV_CALL) {
		snprintf(buf, sizeof(buf), "%s", ev->func ? ev->func : "?");
		l->e = EL_NORMAL;
		l->indent = 0;
	} else {
		trace_format(buf, sizeof(buf), ev);
		l->e = ev->type == EV_PRINTK ? EL_WARN
		       : ev->type == EV_BUG  ? EL_ERROR
					     : EL_CHANGED;
		l->indent = 2;
	}
	l->s = strdup(buf);
	return l->s != NULL;
}

void view_trace_begin(struct view *v, const char *cmd)
{
	struct trace_priv *p = v->priv;

	clear_pending(p);
	p->pcmd = cmd ? strdup(cmd) : NULL;
}

void view_trace_event(struct view *v, const struct mm_event *ev)
{
	struct trace_priv *p = v->priv;

	p->pnr_events++;
	if (p->pnr < TRACE_LINES && format_line(&p->plines[p->pnr], ev))
		p->pnr++;
}

/*
 * After a command: the events the observer collected, if any; else (a
 * trace that arrived without a command, as after --load) the events of
 * t without the calls. A command without events leaves the last story.
 */
static unsigned int trace_update(struct view *v, const struct trace *t)
{
	struct trace_priv *p = v->priv;
	const char *cmd = v->ui && v->ui->ss ? v->ui->ss->last_cmd : NULL;
	struct trace_line *swap;

	if (p->pnr_events) {
		clear_lines(p);
		free(p->cmd);
		p->cmd = p->pcmd;
		p->pcmd = NULL;
		swap = p->lines;
		p->lines = p->plines;
		p->plines = swap;
		p->nr = p->pnr;
		p->nr_events = p->pnr_events;
		p->dropped = 0;
		p->pnr = p->pnr_events = 0;
		v->scroll = 0;
		return UI_REDRAW_VIEW;
	}
	clear_pending(p);
	if (!t || (!t->nr_ev && !t->nr_path) || p->nr)
		return 0;
	free(p->cmd);
	p->cmd = cmd ? strdup(cmd) : NULL;
	p->nr_events = t->nr_ev;
	p->dropped = t->dropped;
	v->scroll = 0;
	for (size_t i = 0; i < t->nr_ev && p->nr < TRACE_LINES; i++)
		if (format_line(&p->lines[p->nr], &t->ev[i]))
			p->nr++;
	return UI_REDRAW_VIEW;
}

void view_trace_narrate(struct view *v, const char *title, const char *text)
{
	struct trace_priv *p = v->priv;

	free(p->title);
	free(p->text);
	p->title = title ? strdup(title) : NULL;
	p->text = text ? strdup(text) : NULL;
	v->scroll = 0;
}

long view_trace_limit(struct view *v, long n)
{
	struct trace_priv *p = v->priv;

	p->limit = n;
	return (long)p->nr;
}

void view_trace_welcome(struct view *v, bool on)
{
	struct trace_priv *p = v->priv;

	p->welcome = on;
}

/* Drawing goes through a line counter so that scrolling is one rule:
 * line k of the pane's text lands at row k - scroll. */
struct pen {
	struct canvas *c;
	int row, skip;
};

static void pen_text(struct pen *pn, int x, enum ui_elem e, const char *s)
{
	if (pn->skip > 0)
		pn->skip--;
	else if (pn->row < cv_height(pn->c))
		cv_text(pn->c, pn->row++, x, e, s);
	else
		pn->row++;
}

/* The first screen line of a wrap (ui_wrap goes on; the rest is
 * ignored). */
static void first_line(void *ctx, const char *s, size_t n)
{
	struct {
		const char *s;
		size_t n;
		int nr;
	} *f = ctx;

	if (f->nr++ == 0) {
		f->s = s;
		f->n = n;
	}
}

struct wrap_ctx {
	struct pen *pn;
	enum ui_elem e;
	int x;
};

static void wrap_line(void *ctx, const char *s, size_t n)
{
	struct wrap_ctx *w = ctx;
	char buf[1024];

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	pen_text(w->pn, w->x, w->e, buf);
}

/* Wrapped, the lines after the first indented by hang more. */
static void pen_wrap_hang(struct pen *pn, int x, int hang, enum ui_elem e,
			  const char *s)
{
	struct wrap_ctx w = {pn, e, x};
	const char *rest;
	int width = cv_width(pn->c) - x;

	if (!hang) {
		ui_wrap(s, width, wrap_line, &w);
		return;
	}
	/* the first line at full width, the rest narrower */
	struct first {
		const char *s;
		size_t n;
		int nr;
	} f = {NULL, 0, 0};
	ui_wrap(s, width, first_line, &f);
	if (!f.s)
		return;
	wrap_line(&w, f.s, f.n);
	rest = f.s + f.n;
	while (*rest == ' ')
		rest++;
	w.x = x + hang;
	if (*rest)
		ui_wrap(rest, width - hang, wrap_line, &w);
}

/* An empty string is a blank line; leading spaces indent every line. */
static void pen_wrap(struct pen *pn, int x, enum ui_elem e, const char *s)
{
	if (!*s) {
		pen_text(pn, x, e, "");
		return;
	}
	while (*s == ' ') {
		s++;
		x++;
	}
	pen_wrap_hang(pn, x, 0, e, s);
}

static const char *const welcome_text[] = {
	"Welcome to kmemlab: the Linux 6.12 buddy allocator, SLUB and "
	"vmalloc, running here.",
	"",
	"Three commands to try:",
	"  p = kmalloc 64",
	"    an object of kmalloc-64; F2 shows its slab",
	"  alloc_pages 3",
	"    an order-3 block: the buddy allocator splits (F4)",
	"  vmalloc 20k",
	"    pages mapped into the vmalloc range (F5)",
	"",
	"Lessons:",
	"  lesson list",
	"    then lesson open NAME, and next for each step",
	"",
	"F1 help, Tab between panes, Ctrl-D quits.",
	NULL,
};

static void trace_draw(struct view *v, struct canvas *c)
{
	struct trace_priv *p = v->priv;
	struct pen pn = {c, 0, v->scroll};
	size_t shown = p->nr;
	char buf[600];

	p->page = cv_height(c);
	if (p->title || p->text) {
		if (p->title)
			pen_wrap(&pn, 0, EL_TITLE, p->title);
		if (p->text)
			pen_wrap(&pn, 0, EL_NARRATION, p->text);
		pen_text(&pn, 0, EL_DIM, "");
	}
	if (p->welcome) {
		for (int i = 0; welcome_text[i]; i++)
			pen_wrap(&pn, 0,
				 i == 0 ? EL_TITLE
				 : welcome_text[i][0] == ' ' &&
						 welcome_text[i][2] != ' '
					 ? EL_PROMPT
					 : EL_NORMAL,
				 welcome_text[i]);
		return;
	}
	if (!p->cmd) {
		if (!p->title && !p->text)
			pen_text(&pn, 0, EL_DIM, "(no command yet)");
		return;
	}
	snprintf(buf, sizeof(buf), "$ %s", p->cmd);
	pen_wrap(&pn, 0, EL_PROMPT, buf);
	if (!p->nr_events) {
		pen_text(&pn, 0, EL_DIM, "no kernel events");
		return;
	}
	if (p->limit >= 0 && (size_t)p->limit < shown)
		shown = (size_t)p->limit;
	for (size_t i = 0; i < shown; i++) {
		const struct trace_line *l = &p->lines[i];

		if (pn.row >= cv_height(c))
			break; /* the rest is below the pane */
		if (l->indent == 0) {
			/* consecutive calls are one chain, wrapped: the
			 * path reads in a few lines and the decisions
			 * stay in view in a small pane */
			char chain[2048];
			size_t at = 0;

			chain[0] = '\0';
			for (; i < shown && p->lines[i].indent == 0; i++) {
				int n = snprintf(chain + at, sizeof(chain) - at,
						 "%s%s %s", at ? " " : "",
						 canvas_glyph(GL_ARROW_RIGHT),
						 p->lines[i].s);

				if (n < 0 || (size_t)n >= sizeof(chain) - at)
					break;
				at += (size_t)n;
			}
			i--; /* the loop's i++ */
			pen_wrap_hang(&pn, 0, 2, l->e, chain);
		} else {
			snprintf(buf, sizeof(buf), "%s %s",
				 canvas_glyph(GL_DOT), l->s);
			pen_wrap_hang(&pn, 2, 2, l->e, buf);
		}
	}
	if (shown < p->nr) {
		snprintf(buf, sizeof(buf),
			 "[%zu of %zu: Space/Enter for the next]", shown,
			 p->nr);
		pen_text(&pn, 0, EL_WARN, buf);
	} else if (p->nr < p->nr_events || p->dropped) {
		snprintf(buf, sizeof(buf), "... %lu more events",
			 (unsigned long)(p->nr_events - p->nr) + p->dropped);
		pen_text(&pn, 0, EL_DIM, buf);
	}
}

static unsigned int trace_key(struct view *v, int key)
{
	struct trace_priv *p = v->priv;
	int page = p->page > 2 ? p->page - 1 : 1;

	switch (key) {
	case UI_KEY_UP:
	case UI_KEY_WHEEL_UP:
		v->scroll -= key == UI_KEY_UP ? 1 : 3;
		break;
	case UI_KEY_DOWN:
	case UI_KEY_WHEEL_DOWN:
		v->scroll += key == UI_KEY_DOWN ? 1 : 3;
		break;
	case UI_KEY_PGUP:
		v->scroll -= page;
		break;
	case UI_KEY_PGDN:
		v->scroll += page;
		break;
	case UI_KEY_HOME:
		v->scroll = 0;
		break;
	case UI_KEY_END:
		v->scroll = (int)p->nr;
		break;
	default:
		return 0;
	}
	if (v->scroll < 0)
		v->scroll = 0;
	if (v->scroll > (int)p->nr + 40)
		v->scroll = (int)p->nr + 40;
	return UI_REDRAW_VIEW;
}

static void trace_destroy(struct view *v)
{
	struct trace_priv *p = v->priv;

	clear_lines(p);
	clear_pending(p);
	free(p->lines);
	free(p->plines);
	free(p->cmd);
	free(p->title);
	free(p->text);
	free(p);
	free(v);
}

static const struct view_ops trace_ops = {
	.name = "trace",
	.title = "Trace",
	.update = trace_update,
	.draw = trace_draw,
	.key = trace_key,
	.destroy = trace_destroy,
};

struct view *view_trace_new(struct ui_ctx *ui)
{
	struct view *v = calloc(1, sizeof(*v));
	struct trace_priv *p = calloc(1, sizeof(*p));

	if (p) {
		p->lines = calloc(TRACE_LINES, sizeof(*p->lines));
		p->plines = calloc(TRACE_LINES, sizeof(*p->plines));
	}
	if (!v || !p || !p->lines || !p->plines) {
		if (p) {
			free(p->lines);
			free(p->plines);
		}
		free(p);
		free(v);
		return NULL;
	}
	p->limit = -1;
	v->ops = &trace_ops;
	v->ui = ui;
	v->priv = p;
	return v;
}
