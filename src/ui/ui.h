/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TUI's inner seam (tig's view_ops, htop's colour table, NeoMutt's
 * dirty flags). Views never call curses: they draw through a struct
 * canvas with semantic elements (enum ui_elem) and glyphs (enum
 * ui_glyph); the canvas maps them to colour pairs or, on a monochrome
 * terminal, to attributes and distinct glyphs, and to ASCII when the
 * locale is not UTF-8. Only src/ui/canvas.c and src/ui/tui.c include
 * <curses.h>.
 *
 * After every command the TUI calls each view's update() with the trace
 * of that command (what changed), then draw() for the visible ones. Key
 * handlers return UI_REDRAW_* flags instead of drawing.
 */
#ifndef KMEMLAB_UI_H
#define KMEMLAB_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "kmemlab/cmd.h"
#include "kmemlab/trace.h"

/* What a cell means, never what colour it is (assets of the colour
 * table in canvas.c; one monochrome attribute + glyph per element). */
enum ui_elem {
	EL_NORMAL,
	EL_DIM,	      /* secondary text: addresses, units */
	EL_TITLE,     /* pane titles */
	EL_BORDER,    /* pane frames */
	EL_FOCUS,     /* the focused pane's frame and title */
	EL_SELECTED,  /* the cursor inside a pane */
	EL_CHANGED,   /* changed by the last command */
	EL_ERROR,     /* errors, oops, BUG reports */
	EL_WARN,      /* warnings, taint */
	EL_PROMPT,    /* the command line's prompt */
	EL_NARRATION, /* lesson text */
	EL_FREE,      /* a free object / a free page in the buddy allocator */
	EL_INUSE,     /* an allocated object */
	EL_REDZONE,   /* slub_debug red zone */
	EL_POISON,    /* poisoned (freed) object bytes */
	EL_SLAB,      /* a page owned by a slab */
	EL_LARGE,     /* kmalloc_large / plain alloc_pages */
	EL_VMALLOC,   /* a page behind a vmalloc area */
	EL_PGTABLE,   /* a page-table page */
	EL_RESERVED,  /* memmap, kernel image, holes */
	EL_GUARD,     /* a vmalloc guard page */
	EL_PCP,	      /* a page on a per-CPU list */
	EL_MT_UNMOVABLE, /* migrate types in the buddy view */
	EL_MT_MOVABLE,
	EL_MT_RECLAIMABLE,
	EL_MT_OTHER,
	NR_UI_ELEMS
};

/* Glyphs with a UTF-8 form and an ASCII fallback. */
enum ui_glyph {
	GL_HLINE,
	GL_VLINE,
	GL_ULCORNER,
	GL_URCORNER,
	GL_LLCORNER,
	GL_LRCORNER,
	GL_TEE_LEFT,
	GL_TEE_RIGHT,
	GL_ARROW_RIGHT, /* → / > : the freelist chain */
	GL_ARROW_DOWN,
	GL_BLOCK_FULL,	/* █ / # */
	GL_BLOCK_HALF,	/* ▌ / = */
	GL_BLOCK_LIGHT, /* ░ / . */
	GL_DOT,		/* · / . */
	GL_CELL_FREE,	/* a free cell: ○ / o (distinct without colour) */
	GL_CELL_USED,	/* a used cell: ● / * */
	NR_UI_GLYPHS
};

/* A rectangle of the screen that one view draws into (clipped). */
struct canvas;

int cv_width(const struct canvas *c);
int cv_height(const struct canvas *c);
/* Text at (y, x), clipped at the right edge; UTF-8 and double-width
 * characters are measured in columns. Returns the columns written. */
int cv_text(struct canvas *c, int y, int x, enum ui_elem e, const char *s);
int cv_printf(struct canvas *c, int y, int x, enum ui_elem e, const char *fmt,
	      ...) __attribute__((format(printf, 5, 6)));
void cv_glyph(struct canvas *c, int y, int x, enum ui_elem e, enum ui_glyph g);
/* A frame around (y, x, h, w) with a title in it. */
void cv_box(struct canvas *c, int y, int x, int h, int w, enum ui_elem e,
	    const char *title);
/* Fill a row segment with the element's background (bars). */
void cv_fill(struct canvas *c, int y, int x, int n, enum ui_elem e,
	     enum ui_glyph g);
/* Columns that s takes on screen (wcwidth). */
int ui_strwidth(const char *s);

/*
 * Keys as views see them (views never include curses). A printable
 * character arrives as itself (its byte, < 0x100: 'j', '+', ...); tui.c
 * translates curses' KEY_* to these before calling a view's key().
 */
enum ui_key {
	UI_KEY_UP = 0x1000,
	UI_KEY_DOWN,
	UI_KEY_LEFT,
	UI_KEY_RIGHT,
	UI_KEY_PGUP,
	UI_KEY_PGDN,
	UI_KEY_HOME,
	UI_KEY_END,
	UI_KEY_ENTER, /* Enter / Return */
	UI_KEY_BACKSPACE,
	UI_KEY_DELETE,
	UI_KEY_WHEEL_UP, /* mouse wheel over the pane */
	UI_KEY_WHEEL_DOWN,
};

/*
 * Word-wrap s (UTF-8) to width columns: line(ctx, start, len) for each
 * screen line, in order. Breaks after a space, or before/after any
 * double-width character (Chinese has no spaces: any CJK character may
 * end a line, but no line starts with a closing mark like ，。）); a
 * word wider than width is cut; '\n' ends a line. Returns the lines.
 */
int ui_wrap(const char *s, int width,
	    void (*line)(void *ctx, const char *s, size_t n), void *ctx);

/* Flags that key handlers and update() return: what needs redrawing. */
#define UI_REDRAW_VIEW (1u << 0)   /* this view */
#define UI_REDRAW_ALL (1u << 1)	   /* every pane */
#define UI_FOCUS_CMDLINE (1u << 2) /* give the keyboard back */

/* What the user has selected, shared by the views (a click in one view
 * may move the focus of another). 0 / "" = nothing. */
struct ui_focus {
	char cache[64];	      /* the SLUB view's cache */
	unsigned long slab;   /* a slab's page address (struct page kva) */
	unsigned long object; /* an object address */
	unsigned long pfn;    /* the page map's cursor */
	bool have_pfn;
	unsigned long vm_addr; /* the vmalloc view's area */
	int cpu;	       /* shown CPU box first; -1 = all */
};

struct ui_ctx {
	struct session *ss; /* read the machine through ss->m; never mutate */
	struct ui_focus focus;
	const struct trace *last; /* the last command's events (ss->last) */
	bool unicode, color;
};

struct view;

struct view_ops {
	const char *name;  /* "slub", "pages", "buddy", "vmalloc", "trace" */
	const char *title; /* frame title */
	/* after every command: note what changed (from t); may be NULL */
	unsigned int (*update)(struct view *v, const struct trace *t);
	void (*draw)(struct view *v, struct canvas *c);
	/* a key while the pane has the focus: enum ui_key or a character */
	unsigned int (*key)(struct view *v, int key);
	/* a click at (y, x) inside the pane's canvas */
	unsigned int (*click)(struct view *v, int y, int x);
	void (*destroy)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct ui_ctx *ui;
	void *priv; /* the view's own state */
	int scroll; /* first line shown */
};

/* The views (src/ui/view_*.c): each returns a view with ops set. */
struct view *view_slub_new(struct ui_ctx *ui);
struct view *view_pages_new(struct ui_ctx *ui);
struct view *view_buddy_new(struct ui_ctx *ui);
struct view *view_vmalloc_new(struct ui_ctx *ui);
struct view *view_trace_new(struct ui_ctx *ui);

#endif /* KMEMLAB_UI_H */
