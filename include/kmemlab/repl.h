/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interactive front end without the TUI: a prompt, a line, a command
 * (Lua's lua.c). The line editor hides behind a seam: GNU readline with
 * history and completion, or a plain fgets reader.
 */
#ifndef KMEMLAB_REPL_H
#define KMEMLAB_REPL_H

#include <stdbool.h>

struct session;

struct line_reader {
	/* a malloc'd line without its newline, or NULL at end of input */
	char *(*read)(struct line_reader *lr, const char *prompt);
	void (*remember)(struct line_reader *lr, const char *line);
	void (*close)(struct line_reader *lr);
	struct session *ss;
};

struct line_reader *repl_readline_open(struct session *ss);
struct line_reader *repl_plain_open(struct session *ss);

/* Read and run lines until quit or end of input; returns the number of
 * failed commands. use_readline false: the fgets reader. */
unsigned long repl_run(struct session *ss, bool use_readline);

#endif /* KMEMLAB_REPL_H */
