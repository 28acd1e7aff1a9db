// SPDX-License-Identifier: GPL-2.0-only
/*
 * The output pane: what commands print (the session's struct out goes
 * here instead of stdout), as a scrollback of the last OUTPUT_LINES
 * lines, wrapped to the pane's width when drawn and kept to the newest
 * line unless the user scrolled back (PgUp/PgDn, arrows, wheel). The
 * command line's echo and errors carry their element (prompt, error).
 *
 * Left out: search in the scrollback, copying (the terminal's own
 * selection works once the mouse is released: shift-drag in xterm).
 */
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

#define OUTPUT_LINES 4000

struct out_line {
	char *s;
	enum ui_elem e;
};

struct output_priv {
	struct out_line *ring; /* OUTPUT_LINES slots; head is the oldest */
	size_t head, nr;
	char *partial; /* the line being written, no '\n' yet */
	size_t plen;
	enum ui_elem pe;
	int page; /* the last drawn height: a PgUp's step */
};

static struct out_line *line_at(struct output_priv *p, size_t i)
{
	return &p->ring[(p->head + i) % OUTPUT_LINES];
}

static void push_line(struct output_priv *p, const char *s, size_t n,
		      enum ui_elem e)
{
	struct out_line *l;

	if (p->nr == OUTPUT_LINES) {
		l = line_at(p, 0);
		free(l->s);
		p->head = (p->head + 1) % OUTPUT_LINES;
		p->nr--;
	}
	l = line_at(p, p->nr++);
	l->s = strndup(s, n);
	l->e = e;
}

void view_output_append(struct view *v, enum ui_elem e, const char *s, size_t n)
{
	struct output_priv *p = v->priv;

	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;
		char *np = realloc(p->partial, p->plen + k + 1);

		if (!np)
			return;
		p->partial = np;
		memcpy(p->partial + p->plen, s, k);
		p->plen += k;
		p->partial[p->plen] = '\0';
		if (!p->plen || e == EL_ERROR)
			p->pe = e;
		if (!nl)
			return;
		push_line(p, p->partial, p->plen, p->pe);
		p->plen = 0;
		p->pe = EL_NORMAL;
		s += k + 1;
		n -= k + 1;
	}
}

void view_output_follow(struct view *v)
{
	v->scroll = 0;
}

/* Collect one wrapped line's screen lines. */
struct wrapped {
	const char *s[256];
	size_t n[256];
	int nr;
};

static void collect(void *ctx, const char *s, size_t n)
{
	struct wrapped *w = ctx;

	if (w->nr < 256) {
		w->s[w->nr] = s;
		w->n[w->nr] = n;
		w->nr++;
	}
}

static void output_draw(struct view *v, struct canvas *c)
{
	struct output_priv *p = v->priv;
	int h = cv_height(c), w = cv_width(c);
	int y = h - 1, skip = v->scroll;
	size_t total = p->nr + (p->plen ? 1 : 0);

	p->page = h;
	/* newest at the bottom; skip the screen lines scrolled back */
	for (size_t i = total; i-- > 0 && y >= 0;) {
		bool part = i == p->nr;
		const char *s = part ? p->partial : line_at(p, i)->s;
		enum ui_elem e = part ? p->pe : line_at(p, i)->e;
		struct wrapped wr = {.nr = 0};
		char buf[1024];

		if (!*s)
			collect(&wr, s, 0);
		else
			ui_wrap(s, w, collect, &wr);
		for (int k = wr.nr - 1; k >= 0 && y >= 0; k--) {
			size_t n = wr.n[k] < sizeof(buf) - 1 ? wr.n[k]
							     : sizeof(buf) - 1;

			if (skip > 0) {
				skip--;
				continue;
			}
			memcpy(buf, wr.s[k], n);
			buf[n] = '\0';
			cv_text(c, y--, 0, e, buf);
		}
	}
	if (skip > 0) { /* scrolled past the oldest line: show the top */
		v->scroll -= skip;
		canvas_clear(c);
		output_draw(v, c);
		return;
	}
	if (v->scroll > 0 && w > 12)
		cv_printf(c, 0, w - 12, EL_WARN, "[+%d lines]", v->scroll);
}

static unsigned int output_key(struct view *v, int key)
{
	struct output_priv *p = v->priv;
	int page = p->page > 2 ? p->page - 1 : 1;

	switch (key) {
	case UI_KEY_UP:
	case UI_KEY_WHEEL_UP:
		v->scroll += key == UI_KEY_UP ? 1 : 3;
		break;
	case UI_KEY_DOWN:
	case UI_KEY_WHEEL_DOWN:
		v->scroll -= key == UI_KEY_DOWN ? 1 : 3;
		break;
	case UI_KEY_PGUP:
		v->scroll += page;
		break;
	case UI_KEY_PGDN:
		v->scroll -= page;
		break;
	case UI_KEY_HOME:
		v->scroll = 1 << 30; /* draw() brings it back to the top */
		break;
	case UI_KEY_END:
		v->scroll = 0;
		break;
	default:
		return 0;
	}
	if (v->scroll < 0)
		v->scroll = 0;
	return UI_REDRAW_VIEW;
}

static void output_destroy(struct view *v)
{
	struct output_priv *p = v->priv;

	for (size_t i = 0; i < p->nr; i++)
		free(line_at(p, i)->s);
	free(p->ring);
	free(p->partial);
	free(p);
	free(v);
}

static const struct view_ops output_ops = {
	.name = "output",
	.title = "Output",
	.draw = output_draw,
	.key = output_key,
	.destroy = output_destroy,
};

struct view *view_output_new(struct ui_ctx *ui)
{
	struct view *v = calloc(1, sizeof(*v));
	struct output_priv *p = calloc(1, sizeof(*p));

	if (p)
		p->ring = calloc(OUTPUT_LINES, sizeof(*p->ring));
	if (!v || !p || !p->ring) {
		if (p)
			free(p->ring);
		free(p);
		free(v);
		return NULL;
	}
	v->ops = &output_ops;
	v->ui = ui;
	v->priv = p;
	return v;
}
