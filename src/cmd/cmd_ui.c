// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands of the TUI (CMD_TUI_ONLY): screendump, view, key, animate.
 * The command layer sits below src/ui, so it reaches the TUI only through
 * the hooks the TUI installs while it runs (include/kmemlab/tui.h); in
 * the plain REPL and batch mode these commands fail with one line saying
 * they need the TUI. None of them changes the machine: they stay out of
 * the journal and leave `explain`'s last command alone.
 *
 * The lesson player's entry points (cmd_ui_narrate, cmd_ui_focus) live
 * here too, for the same reason.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd_internal.h"
#include "kmemlab/tui.h"

static const struct tui_hooks *ui_hooks;
static void *ui_ctx;

void cmd_ui_set_hooks(const struct tui_hooks *h, void *ctx)
{
	ui_hooks = h;
	ui_ctx = ctx;
}

bool cmd_ui_active(void)
{
	return ui_hooks != NULL;
}

bool cmd_ui_narrate(const char *title, const char *text)
{
	if (!ui_hooks || !ui_hooks->narrate)
		return false;
	ui_hooks->narrate(ui_ctx, title, text);
	return true;
}

bool cmd_ui_focus(const char *view, const char *cache)
{
	if (!ui_hooks || !ui_hooks->view)
		return false;
	return ui_hooks->view(ui_ctx, view, cache) == 0;
}

static int need_tui(struct session *ss)
{
	return cmd_error(ss, "needs the TUI (kmemlab on a terminal, without "
			     "--plain)");
}

static int do_screendump(struct session *ss, int argc, char **argv)
{
	FILE *f;
	int rc;

	(void)argc;
	if (!ui_hooks)
		return need_tui(ss);
	f = fopen(argv[1], "w");
	if (!f)
		return cmd_error(ss, "cannot write %s: %s", argv[1],
				 strerror(errno));
	rc = ui_hooks->screendump(ui_ctx, f);
	if (fclose(f) != 0 || rc < 0)
		return cmd_error(ss, "cannot write %s", argv[1]);
	return 0;
}

static int do_view(struct session *ss, int argc, char **argv)
{
	if (!ui_hooks)
		return need_tui(ss);
	if (ui_hooks->view(ui_ctx, argv[1], argc > 2 ? argv[2] : NULL) < 0)
		return cmd_error(ss,
				 "no view '%s' (expected slub, pages, buddy "
				 "or vmalloc)",
				 argv[1]);
	return 0;
}

static int do_key(struct session *ss, int argc, char **argv)
{
	if (!ui_hooks)
		return need_tui(ss);
	for (int i = 1; i < argc; i++)
		if (ui_hooks->key(ui_ctx, argv[i]) < 0)
			return cmd_error(ss,
					 "no key '%s' (expected F1..F12, tab, "
					 "btab, esc, enter, space, up, down, "
					 "left, right, pgup, pgdn, home, end "
					 "or one character)",
					 argv[i]);
	return 0;
}

static int do_animate(struct session *ss, int argc, char **argv)
{
	bool on;

	if (!ui_hooks)
		return need_tui(ss);
	if (argc < 2 || !strcmp(argv[1], "on"))
		on = true;
	else if (!strcmp(argv[1], "off"))
		on = false;
	else
		return cmd_error(ss, "expected on or off, not '%s'", argv[1]);
	ui_hooks->animate(ui_ctx, on);
	return 0;
}

#define UI_FLAGS (CMD_TUI_ONLY | CMD_NO_JOURNAL | CMD_NO_EXPLAIN)

// clang-format off
const struct command cmd_ui_table[] = {
	{ "view", do_view, 1, 2,
	  "view slub|pages|buddy|vmalloc [CACHE]",
	  "TUI: show a view in the main pane (F2..F5)",
	  "The SLUB view follows CACHE when one is given.",
	  "view slub kmalloc-64",
	  GRP_SESSION, UI_FLAGS },
	{ "animate", do_animate, 0, 1,
	  "animate [on|off]",
	  "TUI: play each command's events one by one in the trace pane",
	  "The same as set animate on|off. Space or Enter shows the next "
	  "event at once; any other key shows them all.",
	  "animate on",
	  GRP_SESSION, UI_FLAGS },
	{ "screendump", do_screendump, 1, 1,
	  "screendump FILE",
	  "TUI: write the screen as text to FILE",
	  "One line per row, UTF-8, trailing blanks cut; the tests diff it.",
	  "screendump /tmp/screen.txt",
	  GRP_SESSION, UI_FLAGS },
	{ "key", do_key, 1, 32,
	  "key KEY...",
	  "TUI: press keys as if typed (F1, tab, down, q ...)",
	  "For scripts and tests: the keys go where typed keys go.",
	  "key F1",
	  GRP_SESSION, UI_FLAGS },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 },
};
// clang-format on
