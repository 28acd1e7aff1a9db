/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the src/cmd files: the per-area tables and the helpers the
 * handlers use beside the public ones of include/kmemlab/cmd.h.
 */
#ifndef KMEMLAB_CMD_INTERNAL_H
#define KMEMLAB_CMD_INTERNAL_H

#include "kmemlab/cmd.h"

/* Each area's commands, terminated by an entry with a NULL name. */
extern const struct command cmd_pages_table[];
extern const struct command cmd_inspect_table[];
extern const struct command cmd_session_table[];
extern const struct command cmd_slab_table[];
extern const struct command cmd_vmalloc_table[];
extern const struct command cmd_export_table[];
extern const struct command cmd_ui_table[];
extern const struct command cmd_lesson_table[];

struct kmem_cache;
/* CACHE arguments: a name, an alias or a cache's address. */
int cmd_arg_cache(struct session *ss, const char *arg, struct kmem_cache **out);
/* show cache|slab|object ARG (cmd_slab.c) */
int cmd_show_slab_subject(struct session *ss, const char *what,
			  const char *arg);
/* Print an object's address and what served it; it is the result. */
int cmd_print_object(struct session *ss, unsigned long x);
/* The cache that served the command's allocation of addr, or NULL. */
const char *cmd_serving_cache(struct session *ss, unsigned long addr);

/* Completion after "lesson" with n words typed (sub is the second):
 * subcommands, lesson ids, languages; NULL-terminated (cmd_lesson.c). */
const char *const *cmd_lesson_words(int n, const char *sub);

/* The names `set` takes, NULL-terminated. */
extern const char *const cmd_settings[];

/* Run one tokenized command (assignment included): 0 or -1. */
int cmd_exec(struct session *ss, int argc, char **argv);

bool cmd_valid_var_name(const char *s);
void cmd_suggest(char *buf, size_t len, const char *word,
		 const char *const *names, size_t n);

#define OUT(ss) (&(ss)->cmd_out)

#endif /* KMEMLAB_CMD_INTERNAL_H */
