// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fake canvas of the view tests: a grid of cells with their semantic
 * element that implements the cv_* seam of ui.h (no curses), and a
 * fixture with a real session and two views updated as the TUI updates
 * them after each command. Included by exactly one test file per binary
 * (it defines the cv_* functions).
 */
#ifndef KMEMLAB_TESTS_FAKE_CANVAS_H
#define KMEMLAB_TESTS_FAKE_CANVAS_H

/* --- the fake canvas ----------------------------------------------------- */

#define CELL 8 /* bytes of one UTF-8 character and its NUL */

struct canvas {
	int w, h;
	char (*ch)[CELL];
	unsigned char *el;
	int outside;  /* writes that missed the canvas */
	int nonascii; /* UTF-8 text (not glyphs): wrong when !unicode */
};

static const char *const glyph_utf8[NR_UI_GLYPHS] = {
	"\u2500", "\u2502", "\u250c", "\u2510", "\u2514", "\u2518",
	"\u251c", "\u2524", "\u2192", "\u2193", "\u2588", "\u258c",
	"\u2591", "\u00b7", "\u25cb", "\u25cf",
};

static inline struct canvas *canvas_new(int w, int h)
{
	struct canvas *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->w = w;
	c->h = h;
	c->ch = calloc((size_t)w * (size_t)h, CELL);
	c->el = calloc((size_t)w * (size_t)h, 1);
	assert_non_null(c->ch);
	assert_non_null(c->el);
	for (int i = 0; i < w * h; i++)
		strcpy(c->ch[i], " ");
	return c;
}

static inline void canvas_free(struct canvas *c)
{
	free(c->ch);
	free(c->el);
	free(c);
}

int cv_width(const struct canvas *c)
{
	return c->w;
}

int cv_height(const struct canvas *c)
{
	return c->h;
}

static inline void put(struct canvas *c, int y, int x, enum ui_elem e,
		       const char *u, size_t n)
{
	if (y < 0 || y >= c->h || x < 0 || x >= c->w || n >= CELL) {
		c->outside++;
		return;
	}
	memcpy(c->ch[y * c->w + x], u, n);
	c->ch[y * c->w + x][n] = '\0';
	c->el[y * c->w + x] = (unsigned char)e;
}

int cv_text(struct canvas *c, int y, int x, enum ui_elem e, const char *s)
{
	int cols = 0;

	for (const char *p = s; *p; p++)
		c->nonascii += (unsigned char)*p >= 0x80;
	while (*s) {
		size_t n = 1;

		while (((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
		if (x + cols >= c->w) /* clipped at the right edge */
			break;
		put(c, y, x + cols, e, s, n);
		s += n;
		cols++;
	}
	return cols;
}

int cv_printf(struct canvas *c, int y, int x, enum ui_elem e, const char *fmt,
	      ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return cv_text(c, y, x, e, buf);
}

void cv_glyph(struct canvas *c, int y, int x, enum ui_elem e, enum ui_glyph g)
{
	put(c, y, x, e, glyph_utf8[g], strlen(glyph_utf8[g]));
}

void cv_box(struct canvas *c, int y, int x, int h, int w, enum ui_elem e,
	    const char *title)
{
	(void)c, (void)y, (void)x, (void)h, (void)w, (void)e, (void)title;
}

void cv_fill(struct canvas *c, int y, int x, int n, enum ui_elem e,
	     enum ui_glyph g)
{
	for (int i = 0; i < n; i++)
		cv_glyph(c, y, x + i, e, g);
}

int ui_strwidth(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Row y as one UTF-8 string. */
static const char *row(const struct canvas *c, int y)
{
	static char buf[4096];
	size_t len = 0;

	for (int x = 0; x < c->w; x++) {
		size_t n = strlen(c->ch[y * c->w + x]);

		memcpy(buf + len, c->ch[y * c->w + x], n);
		len += n;
	}
	buf[len] = '\0';
	return buf;
}

/* The row holding s (-1 if none), its column in *col. */
static inline int find(const struct canvas *c, const char *s, int *col)
{
	if (col)
		*col = 0;
	for (int y = 0; y < c->h; y++) {
		const char *r = row(c, y), *p = strstr(r, s);

		if (p) {
			if (col) /* columns, not bytes */
				for (*col = 0; r < p; r++)
					*col += ((unsigned char)*r & 0xc0) !=
						0x80;
			return y;
		}
	}
	return -1;
}

static inline int count_elem(const struct canvas *c, enum ui_elem e)
{
	int n = 0;

	for (int i = 0; i < c->w * c->h; i++)
		n += c->el[i] == e;
	return n;
}

static inline void dump(const struct canvas *c)
{
	for (int y = 0; y < c->h; y++)
		print_message("|%s|\n", row(c, y));
}

/* --- a session and the views --------------------------------------------- */

struct fixture {
	struct out_buffer ob;
	struct session *ss;
	struct trace empty; /* what a command without events changed */
	unsigned long events;
	struct ui_ctx ui;
	struct view *view[2]; /* the two views a test file draws */
};

static inline void count_event(void *ctx, const struct mm_event *ev)
{
	struct fixture *f = ctx;

	(void)ev;
	f->events++;
}

static inline struct fixture *
fixture_setup(const char *preset, struct view *(*new0)(struct ui_ctx *),
	      struct view *(*new1)(struct ui_ctx *))
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct machine_config cfg;
	char err[256];

	assert_non_null(f);
	assert_int_equal(machine_preset(&cfg, preset), 0);
	out_buffer_init(&f->ob);
	f->ss = session_create(&cfg, &f->ob.out, err, sizeof(err));
	assert_non_null(f->ss);
	trace_init(&f->empty);
	assert_int_equal(trace_add_observer(&f->ss->trace, count_event, f), 0);
	f->ui.ss = f->ss;
	f->ui.focus.cpu = -1;
	f->ui.unicode = true;
	f->view[0] = new0(&f->ui);
	f->view[1] = new1(&f->ui);
	assert_non_null(f->view[0]);
	assert_non_null(f->view[1]);
	return f;
}

static inline void teardown(struct fixture *f)
{
	for (int i = 0; i < 2; i++)
		f->view[i]->ops->destroy(f->view[i]);
	session_destroy(f->ss);
	trace_free(&f->empty);
	out_buffer_free(&f->ob);
	free(f);
}

/* Run a line as the TUI does: the command, then every view's update
 * with its trace, or an empty one when it had no events (ss->last then
 * still holds an older command's). */
static inline void run(struct fixture *f, const char *line)
{
	const struct trace *t;

	f->events = 0;
	assert_int_equal(session_run_line(f->ss, line, "test", 1), 0);
	t = f->events ? &f->ss->last : &f->empty;
	f->ui.last = t;
	for (int i = 0; i < 2; i++)
		f->view[i]->ops->update(f->view[i], t);
}

static inline struct canvas *draw(struct view *v, int w, int h)
{
	struct canvas *c = canvas_new(w, h);

	v->ops->draw(v, c);
	assert_int_equal(c->outside, 0);
	return c;
}

static inline unsigned long var(struct fixture *f, const char *name)
{
	const struct var *v = session_var(f->ss, name);

	assert_non_null(v);
	return v->val;
}

static inline void expect(const struct canvas *c, const char *s)
{
	if (find(c, s, NULL) < 0) {
		dump(c);
		fail_msg("not on the screen: '%s'", s);
	}
}

#endif
