// SPDX-License-Identifier: GPL-2.0-only
/*
 * The smallest view: a template for view_*.c, NOT built (src/meson.build
 * builds only the view files that exist, listed by name there, and
 * defines HAVE_VIEW_<NAME> for each so tui.c knows which panes it has).
 * It shows the contract of src/ui/ui.h: no curses, draw through the
 * canvas with semantic elements, return UI_REDRAW_* flags from update(),
 * key() and click(), keys are enum ui_key or plain characters.
 */
#include <stdlib.h>

#include "../ui/ui.h"

struct stub_priv {
	unsigned long nr_events; /* events of the last command */
};

static unsigned int stub_update(struct view *v, const struct trace *t)
{
	struct stub_priv *p = v->priv;

	p->nr_events = t ? t->nr_ev : 0;
	return UI_REDRAW_VIEW;
}

static void stub_draw(struct view *v, struct canvas *c)
{
	struct stub_priv *p = v->priv;

	cv_printf(c, 0, 0, EL_NORMAL, "%lu events", p->nr_events);
	for (int y = 1; y < cv_height(c); y++)
		cv_text(c, y, 0, EL_DIM, "~");
}

static unsigned int stub_key(struct view *v, int key)
{
	switch (key) {
	case UI_KEY_UP:
		if (v->scroll > 0)
			v->scroll--;
		return UI_REDRAW_VIEW;
	case UI_KEY_DOWN:
		v->scroll++;
		return UI_REDRAW_VIEW;
	}
	return 0;
}

static unsigned int stub_click(struct view *v, int y, int x)
{
	return 0;
}

static void stub_destroy(struct view *v)
{
	free(v->priv);
	free(v);
}

static const struct view_ops stub_ops = {
	.name = "stub",
	.title = "Stub",
	.update = stub_update,
	.draw = stub_draw,
	.key = stub_key,
	.click = stub_click,
	.destroy = stub_destroy,
};

struct view *view_stub_new(struct ui_ctx *ui);

struct view *view_stub_new(struct ui_ctx *ui)
{
	struct view *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->priv = calloc(1, sizeof(struct stub_priv));
	if (!v->priv) {
		free(v);
		return NULL;
	}
	v->ops = &stub_ops;
	v->ui = ui;
	return v;
}
