/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command layer: one table of commands shared by the REPL, the batch
 * mode, the TUI, the lesson player and the tests (STYLE.md §5), and the
 * session that runs them (the machine, variables, the journal, options,
 * the output sink). redis-style: the dispatcher checks arity from the
 * table; help, completion and the README's list come from the table.
 *
 * Line syntax:  cmd ; cmd   # comment      NAME = cmd ...     $_ last result
 * Numbers: 64, 0x40, 4k, 2M, 1G, variables and sums/differences (p+64).
 */
#ifndef KMEMLAB_CMD_H
#define KMEMLAB_CMD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "machine.h"
#include "out.h"
#include "procfs.h"
#include "trace.h"

struct session;

enum cmd_group {
	GRP_KMALLOC,
	GRP_CACHES,
	GRP_PAGES,
	GRP_VMALLOC,
	GRP_INSPECT,
	GRP_SESSION,
	NR_CMD_GROUPS
};
extern const char *const cmd_group_names[NR_CMD_GROUPS];

#define CMD_MUTATES (1u << 0)	 /* may change the machine; journaled */
#define CMD_RESULT (1u << 1)	 /* yields an address: NAME = CMD works */
#define CMD_TUI_ONLY (1u << 2)	 /* needs the TUI */
#define CMD_NO_EXPLAIN (1u << 3) /* leave `explain`'s last command alone */
#define CMD_NO_JOURNAL (1u << 4) /* not in the journal (undo) */

struct command {
	const char *name; /* the kernel's name where there is one */
	/* argv[0] is the command's name; argc counts it */
	int (*fn)(struct session *ss, int argc, char **argv);
	int min_args, max_args; /* after the name; checked by the dispatcher */
	const char *usage;	/* "kmalloc SIZE [GFP]" */
	const char *help;	/* one line */
	const char *long_help;	/* what the kernel function does */
	const char *example;	/* a line that works on the default machine */
	enum cmd_group group;
	unsigned int flags;
};

/* All commands, in help order: cmd_at(0 .. cmd_count() - 1). */
size_t cmd_count(void);
const struct command *cmd_at(size_t i);
/* Exact name, else a unique prefix; NULL otherwise. *ambiguous is set
 * when more than one command starts with name. */
const struct command *cmd_lookup(const char *name, bool *ambiguous);
/* The commands one line (no ';') runs, as the dispatcher finds them:
 * past a "NAME =" assignment in any spacing, then through each "repeat N"
 * into the command it repeats. cmds[0 .. return) holds repeats, then the
 * command, or NULL where a word names no command (the walk stops). */
int cmd_line_commands(const char *text, const struct command **cmds, int max);

struct session_options {
	bool json;     /* one JSON object per command (on_result), no text */
	bool trace;    /* print every event as it happens */
	bool check;    /* mm_check() after every command */
	bool progress; /* long repeats report progress on stderr */
	bool bail;     /* the first failed command ends the session */
	bool animate;  /* the TUI plays each command's events one by one */
	unsigned int animate_ms; /* between two animated events; 0: keys only */
};

struct var {
	char name[32];
	unsigned long val;
};

/* What one command did: for --json and the lesson player. */
struct cmd_result {
	const char *cmd; /* its text, assignment included */
	bool ok;
	bool has_addr;	    /* an allocation: addr is its result */
	unsigned long addr; /* 0 = NULL */
	const char *cache;  /* the serving slab cache, or NULL */
	const char *error;  /* when !ok: the message, no prefix */
	const char *output; /* what it printed, kernel log excluded */
	size_t output_len;
	const struct trace *trace; /* path, events, kernel log lines */
};

typedef void (*cmd_result_fn)(void *ctx, const struct cmd_result *r);

/* One command as it ran: replaying the entries in order from boot gives
 * the same machine (the engine is deterministic). */
struct journal_entry {
	char *text;
	char origin[64]; /* with lineno, m->caller and error lines */
	unsigned long lineno;
	bool ok;
	bool mutates;	  /* CMD_MUTATES */
	bool interrupted; /* Ctrl-C stopped it: not replayable */
};

struct session {
	struct machine *m;
	struct session_options opt;
	struct out *out;    /* the front end's sink */
	struct out cmd_out; /* handlers write here: captured and forwarded */

	struct trace trace; /* the running command's events */
	struct trace last;  /* the last command explain describes */
	char *last_cmd;

	struct var *vars;
	size_t nr_vars, cap_vars;
	unsigned long last_result; /* $_ */
	bool have_last_result;

	/* every command run, in order: history, undo's replay, later the
	 * snapshot's journal */
	struct journal_entry *journal;
	size_t nr_journal, cap_journal;
	struct machine_config cfg; /* what the machine was booted with */

	/* the running command */
	const char *origin; /* "repl", "batch", "-c" */
	unsigned long lineno;
	bool has_result;
	unsigned long result;
	char result_cache[64]; /* the serving cache, when the handler knows */
	char error[512];
	struct seq_buf capture;
	int depth;	      /* repeat nesting */
	bool quiet;	      /* drop handler output (the rounds of a repeat) */
	int source_depth;     /* nested `source FILE` */
	const char *cur_name; /* prefix of handler errors */
	const struct command *cur_cmd; /* the outermost command */

	unsigned long nr_failed; /* commands that failed so far */
	bool quit;
	/* set by a SIGINT handler: a long `repeat` stops */
	volatile sig_atomic_t interrupted;

	cmd_result_fn on_result; /* called after each command if set */
	void *on_result_ctx;

	/* the lesson player and recorder (src/lesson, session_lesson()),
	 * NULL until used; session_destroy calls lesson_destroy on it */
	void *lesson;
	void (*lesson_destroy)(void *lesson);
};

/*
 * Boot a machine and wrap it in a session writing to out. NULL on failure
 * with the reason in err. opt.check defaults to on in debug builds and
 * when KMEMLAB_CHECK=1 is in the environment.
 */
struct session *session_create(const struct machine_config *cfg,
			       struct out *out, char *err, size_t errlen);
void session_destroy(struct session *ss);

/*
 * Run one line of input: ';'-separated commands, '#' comments. origin and
 * lineno name the line in errors ("kmemlab: line 3: ...") and in
 * m->caller ("batch:3"). Returns the number of commands that failed.
 */
int session_run_line(struct session *ss, const char *line, const char *origin,
		     unsigned long lineno);

/* Handlers: report an error (one line, no prefix); returns -1. */
int cmd_error(struct session *ss, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Handlers: the command's result (an address, 0 for NULL), and the name
 * of the slab cache that served it (--json "cache"). */
void cmd_set_result(struct session *ss, unsigned long addr);
void cmd_set_result_cache(struct session *ss, const char *name);

/*
 * Argument parsers for handlers: each reports its own error ("SIZE: ...")
 * through cmd_error and returns -1, or 0 with *out set.
 */
int cmd_arg_ulong(struct session *ss, const char *s, const char *what,
		  unsigned long *out);
int cmd_arg_uint(struct session *ss, const char *s, const char *what,
		 unsigned long max, unsigned int *out);
int cmd_arg_gfp(struct session *ss, const char *s, gfp_t *out);
/* A node id: -1 (NUMA_NO_NODE) or 0 .. nr_nodes - 1. */
int cmd_arg_nid(struct session *ss, const char *s, int *out);

/* Numbers without a session (main.c's --mem): 0 or -1. */
int cmd_parse_size(const char *s, unsigned long *out);

/* Swap the machines, variables, journal and config of a and b: how load
 * and the lesson player put a machine rebuilt aside into a session. */
void session_swap_state(struct session *a, struct session *b);

/* Variables. */
const struct var *session_var(const struct session *ss, const char *name);
int session_set_var(struct session *ss, const char *name, unsigned long v);

/*
 * Completion candidates for the word line[start..end) of an input line
 * (REPL and TUI): command names, variables, paths, GFP flags, show
 * subjects, set options. Calls add() for each one that starts with the
 * word.
 */
void cmd_complete(struct session *ss, const char *line, size_t start,
		  size_t end, void (*add)(void *ctx, const char *word),
		  void *ctx);

/*
 * A digest of the machine's observable state (/proc files, the memmap,
 * the pageblock types, the log length, the variables): equal before and
 * after any failed command.
 */
unsigned long long session_state_digest(struct session *ss);

/* Suggest the nearest of names (edit distance); NULL if none is near. */
const char *cmd_nearest(const char *word, const char *const *names, size_t n);

const char *kmemlab_version(void);

#endif /* KMEMLAB_CMD_H */
