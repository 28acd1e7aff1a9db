// SPDX-License-Identifier: GPL-2.0-only
/*
 * The canvas of src/ui/ui.h: semantic elements to curses attributes
 * (htop's colour table: a 256-colour scheme, an 8-colour scheme and a
 * monochrome one made of attributes and distinct glyphs, so nothing is
 * told by colour alone), UTF-8 glyphs with an ASCII fallback, text
 * measured in columns (wcwidth: a Chinese character takes two), and the
 * word wrap the narration uses.
 *
 * The theme is one static: curses has one screen and this file is its
 * painter. Left out: user colour themes (assets/), 88-colour terminals
 * (they get the 8-colour scheme).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui_internal.h"

/* --- the colour table ------------------------------------------------- */

struct elem_style {
	short fg, bg; /* -1: the terminal's default */
	attr_t attr;
};

/* 256 colours (xterm indices). */
static const struct elem_style style256[NR_UI_ELEMS] = {
	[EL_NORMAL] = {-1, -1, 0},	   [EL_DIM] = {244, -1, 0},
	[EL_TITLE] = {-1, -1, A_BOLD},	   [EL_BORDER] = {240, -1, 0},
	[EL_FOCUS] = {214, -1, A_BOLD},	   [EL_SELECTED] = {-1, 238, A_BOLD},
	[EL_CHANGED] = {226, -1, A_BOLD},  [EL_ERROR] = {196, -1, A_BOLD},
	[EL_WARN] = {208, -1, 0},	   [EL_PROMPT] = {81, -1, A_BOLD},
	[EL_NARRATION] = {230, -1, 0},	   [EL_FREE] = {71, -1, 0},
	[EL_INUSE] = {75, -1, 0},	   [EL_REDZONE] = {160, -1, 0},
	[EL_POISON] = {133, -1, 0},	   [EL_SLAB] = {33, -1, 0},
	[EL_LARGE] = {172, -1, 0},	   [EL_VMALLOC] = {141, -1, 0},
	[EL_PGTABLE] = {178, -1, 0},	   [EL_RESERVED] = {242, -1, 0},
	[EL_GUARD] = {203, -1, 0},	   [EL_PCP] = {44, -1, 0},
	[EL_MT_UNMOVABLE] = {167, -1, 0},  [EL_MT_MOVABLE] = {71, -1, 0},
	[EL_MT_RECLAIMABLE] = {68, -1, 0}, [EL_MT_OTHER] = {246, -1, 0},
};

/* 8 colours: the same meanings with fewer shades (bold brightens). */
static const struct elem_style style8[NR_UI_ELEMS] = {
	[EL_NORMAL] = {-1, -1, 0},
	[EL_DIM] = {COLOR_WHITE, -1, A_DIM},
	[EL_TITLE] = {-1, -1, A_BOLD},
	[EL_BORDER] = {COLOR_BLUE, -1, 0},
	[EL_FOCUS] = {COLOR_YELLOW, -1, A_BOLD},
	[EL_SELECTED] = {-1, -1, A_REVERSE},
	[EL_CHANGED] = {COLOR_YELLOW, -1, A_BOLD},
	[EL_ERROR] = {COLOR_RED, -1, A_BOLD},
	[EL_WARN] = {COLOR_YELLOW, -1, 0},
	[EL_PROMPT] = {COLOR_CYAN, -1, A_BOLD},
	[EL_NARRATION] = {-1, -1, 0},
	[EL_FREE] = {COLOR_GREEN, -1, 0},
	[EL_INUSE] = {COLOR_BLUE, -1, A_BOLD},
	[EL_REDZONE] = {COLOR_RED, -1, 0},
	[EL_POISON] = {COLOR_MAGENTA, -1, 0},
	[EL_SLAB] = {COLOR_BLUE, -1, 0},
	[EL_LARGE] = {COLOR_YELLOW, -1, 0},
	[EL_VMALLOC] = {COLOR_MAGENTA, -1, 0},
	[EL_PGTABLE] = {COLOR_CYAN, -1, 0},
	[EL_RESERVED] = {COLOR_WHITE, -1, A_DIM},
	[EL_GUARD] = {COLOR_RED, -1, A_BOLD},
	[EL_PCP] = {COLOR_CYAN, -1, A_BOLD},
	[EL_MT_UNMOVABLE] = {COLOR_RED, -1, 0},
	[EL_MT_MOVABLE] = {COLOR_GREEN, -1, 0},
	[EL_MT_RECLAIMABLE] = {COLOR_BLUE, -1, 0},
	[EL_MT_OTHER] = {COLOR_WHITE, -1, 0},
};

/* Monochrome: attributes only; the map elements also get letters
 * (mono_letter) so a projector or a colour-blind eye loses nothing. */
static const attr_t mono_attr[NR_UI_ELEMS] = {
	[EL_DIM] = A_DIM,
	[EL_TITLE] = A_BOLD,
	[EL_FOCUS] = A_BOLD | A_REVERSE,
	[EL_SELECTED] = A_REVERSE,
	[EL_CHANGED] = A_BOLD | A_UNDERLINE,
	[EL_ERROR] = A_BOLD,
	[EL_WARN] = A_UNDERLINE,
	[EL_PROMPT] = A_BOLD,
	[EL_INUSE] = A_BOLD,
	[EL_REDZONE] = A_UNDERLINE,
	[EL_POISON] = A_DIM,
	[EL_GUARD] = A_BOLD,
	[EL_RESERVED] = A_DIM,
};

/* A filled cell of these elements, without colour. POISON shows 'k':
 * the kernel's POISON_FREE byte 0x6b. */
static const char *const mono_letter[NR_UI_ELEMS] = {
	[EL_INUSE] = "#",	   [EL_REDZONE] = "r",
	[EL_POISON] = "k",	   [EL_SLAB] = "S",
	[EL_LARGE] = "L",	   [EL_VMALLOC] = "V",
	[EL_PGTABLE] = "T",	   [EL_RESERVED] = "R",
	[EL_GUARD] = "G",	   [EL_PCP] = "p",
	[EL_MT_UNMOVABLE] = "U",   [EL_MT_MOVABLE] = "M",
	[EL_MT_RECLAIMABLE] = "E", [EL_MT_OTHER] = "O",
};

static const char *const elem_names[NR_UI_ELEMS] = {
	[EL_CHANGED] = "changed by the last command",
	[EL_FREE] = "free (buddy allocator / free object)",
	[EL_INUSE] = "allocated object",
	[EL_REDZONE] = "red zone (slub_debug Z)",
	[EL_POISON] = "poisoned free object (slub_debug P)",
	[EL_SLAB] = "slab page",
	[EL_LARGE] = "large kmalloc / alloc_pages",
	[EL_VMALLOC] = "vmalloc page",
	[EL_PGTABLE] = "page table",
	[EL_RESERVED] = "reserved (memmap, kernel, holes)",
	[EL_GUARD] = "vmalloc guard page",
	[EL_PCP] = "on a per-CPU (pcp) list",
	[EL_MT_UNMOVABLE] = "MIGRATE_UNMOVABLE",
	[EL_MT_MOVABLE] = "MIGRATE_MOVABLE",
	[EL_MT_RECLAIMABLE] = "MIGRATE_RECLAIMABLE",
	[EL_MT_OTHER] = "other migrate types",
};

/* UTF-8 and ASCII forms of each glyph. The focused pane's frame uses
 * the heavy forms (canvas_glyph_focus) so focus shows without colour. */
static const char *const glyph_utf8[NR_UI_GLYPHS] = {
	[GL_HLINE] = "─",	[GL_VLINE] = "│",      [GL_ULCORNER] = "┌",
	[GL_URCORNER] = "┐",	[GL_LLCORNER] = "└",   [GL_LRCORNER] = "┘",
	[GL_TEE_LEFT] = "├",	[GL_TEE_RIGHT] = "┤",  [GL_ARROW_RIGHT] = "→",
	[GL_ARROW_DOWN] = "↓",	[GL_BLOCK_FULL] = "█", [GL_BLOCK_HALF] = "▌",
	[GL_BLOCK_LIGHT] = "░", [GL_DOT] = "·",	       [GL_CELL_FREE] = "○",
	[GL_CELL_USED] = "●",
};
static const char *const glyph_ascii[NR_UI_GLYPHS] = {
	[GL_HLINE] = "-",	[GL_VLINE] = "|",      [GL_ULCORNER] = "+",
	[GL_URCORNER] = "+",	[GL_LLCORNER] = "+",   [GL_LRCORNER] = "+",
	[GL_TEE_LEFT] = "+",	[GL_TEE_RIGHT] = "+",  [GL_ARROW_RIGHT] = ">",
	[GL_ARROW_DOWN] = "v",	[GL_BLOCK_FULL] = "#", [GL_BLOCK_HALF] = "=",
	[GL_BLOCK_LIGHT] = ".", [GL_DOT] = ".",	       [GL_CELL_FREE] = "o",
	[GL_CELL_USED] = "*",
};
static const char *const heavy_utf8[NR_UI_GLYPHS] = {
	[GL_HLINE] = "━",    [GL_VLINE] = "┃",	  [GL_ULCORNER] = "┏",
	[GL_URCORNER] = "┓", [GL_LLCORNER] = "┗", [GL_LRCORNER] = "┛",
};
static const char *const heavy_ascii[NR_UI_GLYPHS] = {
	[GL_HLINE] = "=",    [GL_VLINE] = "#",	  [GL_ULCORNER] = "#",
	[GL_URCORNER] = "#", [GL_LLCORNER] = "#", [GL_LRCORNER] = "#",
};

static struct {
	bool color, unicode;
	attr_t attr[NR_UI_ELEMS];
} theme;

void canvas_setup(bool color, bool unicode)
{
	const struct elem_style *st = NULL;

	theme.unicode = unicode;
	theme.color = color && has_colors() && start_color() == OK &&
		      COLORS >= 8 && COLOR_PAIRS > NR_UI_ELEMS;
	if (theme.color) {
		use_default_colors();
		st = COLORS >= 256 ? style256 : style8;
	}
	for (int e = 0; e < NR_UI_ELEMS; e++) {
		if (!st) {
			theme.attr[e] = mono_attr[e];
			continue;
		}
		init_pair((short)(e + 1), st[e].fg, st[e].bg);
		theme.attr[e] = st[e].attr | COLOR_PAIR(e + 1);
	}
}

bool canvas_color(void)
{
	return theme.color;
}

bool canvas_unicode(void)
{
	return theme.unicode;
}

attr_t canvas_attr(enum ui_elem e)
{
	return (unsigned)e < NR_UI_ELEMS ? theme.attr[e] : 0;
}

const char *canvas_glyph(enum ui_glyph g)
{
	if ((unsigned)g >= NR_UI_GLYPHS)
		return "?";
	return theme.unicode ? glyph_utf8[g] : glyph_ascii[g];
}

static bool is_block(enum ui_glyph g)
{
	return g == GL_BLOCK_FULL || g == GL_BLOCK_HALF || g == GL_BLOCK_LIGHT;
}

const char *canvas_fill_glyph(enum ui_elem e, enum ui_glyph g)
{
	if (!theme.color && is_block(g) && (unsigned)e < NR_UI_ELEMS &&
	    mono_letter[e])
		return mono_letter[e];
	if (!theme.color && is_block(g) && e == EL_FREE)
		return canvas_glyph(GL_DOT);
	return canvas_glyph(g);
}

const char *canvas_elem_name(enum ui_elem e)
{
	return (unsigned)e < NR_UI_ELEMS ? elem_names[e] : NULL;
}

/* --- text ------------------------------------------------------------- */

/* One code point from s (at least one byte is consumed); U+FFFD for a
 * malformed sequence. */
static int u8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int n;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] < 0xe0)
		n = 2, *cp = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] < 0xf0)
		n = 3, *cp = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] < 0xf5)
		n = 4, *cp = u[0] & 0x07;
	else {
		*cp = 0xfffd;
		return 1;
	}
	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return i;
		}
		*cp = (*cp << 6) | (u[i] & 0x3f);
	}
	return n;
}

/* Columns of one code point as cv_text draws it: a control character or
 * anything the locale cannot show is a one-column '?'; combining marks
 * (width 0) are dropped. */
static int cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 1;
	if (cp < 0x80)
		return 1;
	if (!theme.unicode)
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static uint32_t cp_shown(uint32_t cp)
{
	if (cp == '\t')
		return ' ';
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && !theme.unicode))
		return '?';
	if (cp >= 0x80 && wcwidth((wchar_t)cp) < 0)
		return '?';
	return cp;
}

int ui_strwidth(const char *s)
{
	int w = 0;
	uint32_t cp;

	while (*s) {
		s += u8_decode(s, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* --- the canvas ------------------------------------------------------- */

void canvas_init(struct canvas *c, WINDOW *win, int y, int x, int h, int w)
{
	c->win = win;
	c->y0 = y;
	c->x0 = x;
	c->h = h > 0 ? h : 0;
	c->w = w > 0 ? w : 0;
}

void canvas_clear(struct canvas *c)
{
	for (int y = 0; y < c->h; y++) {
		wattrset(c->win, A_NORMAL);
		wmove(c->win, c->y0 + y, c->x0);
		for (int x = 0; x < c->w; x++)
			waddch(c->win, ' ');
	}
}

int cv_width(const struct canvas *c)
{
	return c->w;
}

int cv_height(const struct canvas *c)
{
	return c->h;
}

static void put_cp(struct canvas *c, int y, int x, attr_t a, uint32_t cp)
{
	wchar_t wc[2] = {(wchar_t)cp, 0};
	cchar_t cc;

	setcchar(&cc, wc, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
	mvwadd_wch(c->win, c->y0 + y, c->x0 + x, &cc);
}

/* Text at (y, x) of attribute a; x may be negative (scrolled). */
static int put_text(struct canvas *c, int y, int x, attr_t a, const char *s)
{
	int col = x;
	uint32_t cp;

	if (y < 0 || y >= c->h)
		return 0;
	while (*s && col < c->w) {
		int w;

		s += u8_decode(s, &cp);
		w = cp_width(cp);
		if (w == 0)
			continue;
		if (col + w > c->w)
			break; /* a wide character the edge would cut */
		if (col >= 0)
			put_cp(c, y, col, a, cp_shown(cp));
		else if (col + w > 0)
			put_cp(c, y, 0, a, ' '); /* its right half */
		col += w;
	}
	return col > x ? col - x : 0;
}

int cv_text(struct canvas *c, int y, int x, enum ui_elem e, const char *s)
{
	return put_text(c, y, x, canvas_attr(e), s);
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
	if (y < 0 || y >= c->h || x < 0 || x >= c->w)
		return;
	put_text(c, y, x, canvas_attr(e), canvas_fill_glyph(e, g));
}

void cv_fill(struct canvas *c, int y, int x, int n, enum ui_elem e,
	     enum ui_glyph g)
{
	const char *s = canvas_fill_glyph(e, g);
	attr_t a = canvas_attr(e);

	for (int i = 0; i < n; i++)
		if (x + i >= 0 && x + i < c->w)
			put_text(c, y, x + i, a, s);
}

void cv_box(struct canvas *c, int y, int x, int h, int w, enum ui_elem e,
	    const char *title)
{
	const char *const *g = theme.unicode ? glyph_utf8 : glyph_ascii;
	attr_t a = canvas_attr(e);

	if (e == EL_FOCUS)
		g = theme.unicode ? heavy_utf8 : heavy_ascii;
	if (h < 2 || w < 2)
		return;
	for (int i = 1; i < w - 1; i++) {
		put_text(c, y, x + i, a, g[GL_HLINE]);
		put_text(c, y + h - 1, x + i, a, g[GL_HLINE]);
	}
	for (int i = 1; i < h - 1; i++) {
		put_text(c, y + i, x, a, g[GL_VLINE]);
		put_text(c, y + i, x + w - 1, a, g[GL_VLINE]);
	}
	put_text(c, y, x, a, g[GL_ULCORNER]);
	put_text(c, y, x + w - 1, a, g[GL_URCORNER]);
	put_text(c, y + h - 1, x, a, g[GL_LLCORNER]);
	put_text(c, y + h - 1, x + w - 1, a, g[GL_LRCORNER]);
	if (title && *title && w > 6) {
		struct canvas t;

		/* clip the title inside the corners: " title " */
		canvas_init(&t, c->win, c->y0 + y, c->x0 + x + 2, 1, w - 4);
		if (c->x0 + x + 2 + t.w > c->x0 + c->w)
			t.w = c->w - x - 2;
		put_text(&t, 0, 0, a, " ");
		put_text(&t, 0, 1,
			 e == EL_FOCUS ? canvas_attr(EL_FOCUS)
				       : canvas_attr(EL_TITLE),
			 title);
		put_text(&t, 0, 1 + ui_strwidth(title), a, " ");
	}
}

/* --- word wrap -------------------------------------------------------- */

/* Closing marks a line must not start with (Chinese line breaking). */
static bool is_closing(uint32_t cp)
{
	static const uint32_t marks[] = {
		0xff0c,
		/* ， */ 0x3002,
		/* 。 */ 0x3001, /* 、 */
		0xff1b,
		/* ； */ 0xff1a,
		/* ： */ 0xff1f, /* ？ */
		0xff01,
		/* ！ */ 0xff09,
		/* ） */ 0x300d, /* 」 */
		0x300f,
		/* 』 */ 0x300b,
		/* 》 */ 0x201d, /* ” */
		0x2019,
		/* ’ */ ',',	 '.', ')', ';', ':', '!', '?',
	};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (marks[i] == cp)
			return true;
	return false;
}

int ui_wrap(const char *s, int width,
	    void (*line)(void *ctx, const char *s, size_t n), void *ctx)
{
	int lines = 0;

	if (width < 2)
		width = 2;
	while (*s) {
		const char *p = s, *brk = NULL, *brk_next = NULL;
		bool prev_wide = false;
		int col = 0;
		uint32_t cp;

		while (*p && *p != '\n') {
			int len = u8_decode(p, &cp), w = cp_width(cp);
			bool wide = w == 2;

			if (p > s && (wide || prev_wide) && !is_closing(cp))
				brk = brk_next = p;
			if (col + w > width)
				break;
			if (cp == ' ' && p > s) {
				brk = p;
				brk_next = p + 1;
			}
			col += w;
			p += len;
			prev_wide = wide;
		}
		if (*p && *p != '\n') {
			/* overflow: at the last chance to break, else cut */
			if (brk && brk > s) {
				line(ctx, s, (size_t)(brk - s));
				s = brk_next;
			} else {
				if (p == s) /* wider than the line */
					p += u8_decode(p, &cp);
				line(ctx, s, (size_t)(p - s));
				s = p;
			}
			while (*s == ' ')
				s++;
		} else {
			line(ctx, s, (size_t)(p - s));
			s = *p ? p + 1 : p;
		}
		lines++;
	}
	return lines;
}

/* --- the screen as text ------------------------------------------------ */

static void put_utf8(FILE *f, uint32_t cp)
{
	if (cp < 0x80) {
		fputc((int)cp, f);
	} else if (cp < 0x800) {
		fputc(0xc0 | (int)(cp >> 6), f);
		fputc(0x80 | (int)(cp & 0x3f), f);
	} else if (cp < 0x10000) {
		fputc(0xe0 | (int)(cp >> 12), f);
		fputc(0x80 | (int)((cp >> 6) & 0x3f), f);
		fputc(0x80 | (int)(cp & 0x3f), f);
	} else {
		fputc(0xf0 | (int)(cp >> 18), f);
		fputc(0x80 | (int)((cp >> 12) & 0x3f), f);
		fputc(0x80 | (int)((cp >> 6) & 0x3f), f);
		fputc(0x80 | (int)(cp & 0x3f), f);
	}
}

/* The character of a cell (the first of a cell's code points). */
static wchar_t cell_char(WINDOW *win, int y, int x)
{
	wchar_t wc[CCHARW_MAX + 1] = {0};
	attr_t a;
	short pair;
	cchar_t cc;

	if (mvwin_wch(win, y, x, &cc) == ERR)
		return L' ';
	if (getcchar(&cc, wc, &a, &pair, NULL) == ERR || !wc[0])
		return L' ';
	return wc[0];
}

/*
 * Cell by cell: a double-width character fills two cells that both hold
 * it. When an overlay (help, completions) wrote over one half, curses
 * keeps the other half: the terminal shows a blank there, so does the
 * dump (winnwstr would drop a column instead).
 */
int canvas_dump(WINDOW *win, FILE *f)
{
	int h = getmaxy(win), w = getmaxx(win);
	wchar_t *row = calloc((size_t)w + 1, sizeof(*row));

	if (!row)
		return -1;
	for (int y = 0; y < h; y++) {
		int n = 0;

		for (int x = 0; x < w; x++) {
			wchar_t c = cell_char(win, y, x);

			if (c >= 0x80 && wcwidth(c) == 2) {
				if (x + 1 < w &&
				    cell_char(win, y, x + 1) == c) {
					row[n++] = c;
					x++;
					continue;
				}
				c = L' '; /* a lone half */
			}
			row[n++] = c;
		}
		while (n > 0 && row[n - 1] == L' ')
			n--;
		for (int i = 0; i < n; i++)
			put_utf8(f, (uint32_t)row[i]);
		fputc('\n', f);
	}
	free(row);
	return ferror(f) ? -1 : 0;
}
