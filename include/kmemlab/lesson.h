/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lessons (DESIGN.md §5): a JSON file of steps, each a few commands, a
 * narration in English and Chinese and the expectations that make the
 * lesson check itself. The format is documented by
 * assets/lesson.schema.json. No kernel twin: this is the teaching layer
 * above the command table.
 *
 * lesson_load() validates everything it can before a machine boots (keys,
 * types, command names, regexes); lesson_check() plays a lesson headless
 * on a fresh machine and reports each unmet expectation.
 */
#ifndef KMEMLAB_LESSON_H
#define KMEMLAB_LESSON_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd.h"
#include "machine.h"

enum lesson_lang { LANG_EN, LANG_ZH, NR_LANGS };

/* "en" is required; "zh" may be missing (English is shown, a warning). */
struct lesson_text {
	char *s[NR_LANGS];
};

enum expect_kind {
	EXPECT_PATH_CONTAINS,
	EXPECT_PATH_EXCLUDES,
	EXPECT_CAT_EQUALS,
	EXPECT_CAT_MATCHES,
	EXPECT_VAR,
	EXPECT_REPORT_CONTAINS,
	EXPECT_STATE, /* a JSON pointer into the snapshot */
	/* a command of the step failed with this in its error: the failure
	 * is expected (a refused free, an oops, a kernel BUG) */
	EXPECT_ERROR_CONTAINS,
};

struct lesson_expect {
	enum expect_kind kind;
	char *arg;   /* function, path, relation, log or error text */
	char *value; /* cat: the text or the regex; state: the JSON */
	bool want;   /* var: the relation's expected truth */
	void *regex; /* regex_t of a cat/matches, compiled at load */
};

struct lesson_step {
	struct lesson_text title, narration;
	char **run;
	size_t nr_run;
	char focus_view[16]; /* "" if none: slub, buddy, pages, vmalloc */
	char *focus_cache, *focus_addr;
	struct lesson_expect *expect;
	size_t nr_expect;
};

struct lesson {
	char *file;
	char *id;
	struct lesson_text title;
	struct machine_config cfg;
	struct lesson_step *steps;
	size_t nr_steps;
	/* missing translations, one line each ("step 3: narration.zh") */
	char **warnings;
	size_t nr_warnings;
};

/*
 * Read and validate a lesson. NULL on error, with every problem found
 * written to err, one line each, "FILE: step N: FIELD: what" (or
 * "FILE:LINE:COL: ..." for bad JSON).
 */
struct lesson *lesson_load(const char *file, FILE *err);
void lesson_free(struct lesson *l);

/* The text in lang, English if that translation is missing. */
const char *lesson_text(const struct lesson_text *t, enum lesson_lang lang);

/* LANG_ZH if LC_ALL, LC_MESSAGES or LANG (the first set) starts "zh". */
enum lesson_lang lesson_lang_from_env(void);
/* "en" or "zh"; -1 otherwise. */
int lesson_lang_parse(const char *s);

/*
 * Load file, play it headless step by step and print each unmet
 * expectation, the warnings and a summary line to out. Returns 0 if the
 * lesson loaded and every expectation held, 1 otherwise.
 */
int lesson_check(const char *file, enum lesson_lang lang, FILE *out);

/*
 * The same from a buffer (the fuzzer's entry): name stands for the file
 * in errors. buf need not be NUL-terminated.
 */
struct lesson *lesson_load_mem(const char *buf, size_t len, const char *name,
			       FILE *err);

/* ---- finding lessons -------------------------------------------------- */

/*
 * The lessons directory, into buf: $KMEMLAB_LESSONS if set, else
 * lessons/ beside or above the executable (build/kmemlab finds the
 * source tree's), else the source tree's (compiled in), else the
 * installed share/kmemlab/lessons. 0, or -1 if none is a directory.
 */
int lesson_dir(char *buf, size_t len);

/* One lesson of the directory, for `lesson list` and the TUI's menu. */
struct lesson_entry {
	char *file;		  /* the full path */
	int number;		  /* NN of NN-name.json; -1 without one */
	char *id;		  /* NULL if the lesson does not load */
	struct lesson_text title; /* empty if it does not load */
};

/* The *.json of dir, sorted by name. 0, or -1 (errno) if unreadable. */
int lesson_list(const char *dir, struct lesson_entry **out, size_t *n);
void lesson_list_free(struct lesson_entry *e, size_t n);

/*
 * NAME of `lesson open NAME`: a path to a .json file, a number (3), an id
 * (fast-path), a file name without .json (03-fast-path) or a unique part
 * of one. The malloc'ed path, or NULL with a one-line reason in err.
 */
char *lesson_find(const char *name, char *err, size_t errlen);

/* ---- the player --------------------------------------------------------
 *
 * One per session (ss->lesson), driven by the `lesson` commands or by a
 * front end calling these functions. A step's commands run through
 * session_run_line, so the journal, undo, export and --json see them as
 * typed; `prev` replays the journal up to where the step began on a fresh
 * machine (as undo does), so the state is exactly the one before it.
 * Front ends read the player through session_lesson() and never change it
 * directly.
 */
struct session;

/* One expectation of a played step. */
struct lesson_result {
	bool met;
	char what[256];	 /* "cat /sys/kernel/slab/kmalloc-64/objects ..." */
	char found[512]; /* what was there: "path kmalloc → ..." */
};

/* What playing step i did; valid for the steps before pos. */
struct lesson_step_state {
	size_t mark; /* the journal's length when the step began */
	unsigned long long fingerprint; /* of journal[0 .. mark) */
	struct lesson_result *results;	/* one per expect */
	size_t nr_results, nr_unmet;
	char failed[600]; /* the first unexpected failed command, or "" */
};

struct lesson_player {
	struct lesson *lesson; /* NULL: no lesson open */
	enum lesson_lang lang; /* from --lang, the locale, `lesson lang` */
	/* steps played: 0 = before step 1 (the lesson's title shows),
	 * nr_steps = the end; the current step is pos - 1 */
	size_t pos;
	struct lesson_step_state *steps; /* [nr_steps] */
	unsigned long generation; /* +1 on every change: redraw when moved */
	bool busy; /* a step's commands are running: no lesson commands */
	/* the commands print no narration: the front end shows it (TUI) */
	bool no_narration;
	/* the recorder (record FILE.json), NULL when off */
	char *record_file;
	size_t record_mark; /* the journal's length when it began */
	unsigned long long record_fingerprint; /* of journal[0 .. mark) */
	size_t record_steps;		       /* steps in the file so far */
	struct machine_config record_cfg;
	char record_error[256]; /* the last write's failure, or "" */
	/* the previous on_result hook, called after the recorder's */
	void (*record_prev_fn)(void *ctx, const struct cmd_result *r);
	void *record_prev_ctx;
	/* the errors of commands that failed in the engine while recording,
	 * by their journal entry's text: their steps expect them */
	struct record_fail {
		const char *key; /* journal[i].text */
		char *error;
	} * record_fail;
	size_t nr_record_fail, cap_record_fail;
};

/* The session's player if a lesson is open, else NULL. */
const struct lesson_player *session_lesson(struct session *ss);
/* The step at index i (0-based), NULL past the end. */
const struct lesson_step *lesson_player_step(const struct lesson_player *p,
					     size_t i);
/* The current step's title and narration in p->lang; at pos 0 the
 * lesson's title and "". */
const char *lesson_player_title(const struct lesson_player *p);
const char *lesson_player_narration(const struct lesson_player *p);
/* The current step's results and failed command; NULL at pos 0. */
const struct lesson_step_state *
lesson_player_state(const struct lesson_player *p);

/* on = `next` and `lesson goto` print the step's narration (default);
 * a front end with a narration pane turns it off. */
void lesson_set_narration(struct session *ss, bool on);

/* Language of the narration for this session (default: the locale). */
void lesson_set_lang(struct session *ss, enum lesson_lang lang);
enum lesson_lang lesson_get_lang(struct session *ss);

/*
 * Each returns 0, or -1 with a one-line reason in err and the session
 * unchanged. lesson_open boots the lesson's machine in place of the
 * session's (variables and journal start empty, as after `load`).
 * lesson_next plays step pos + 1: its commands (echoed on ss->out as
 * "» CMD" unless --json), then its expectations. A command that fails
 * (and that no error_contains of the step expects) or an unmet
 * expectation is recorded in the step's state, not an error.
 * lesson_goto(n) ends with n steps played: back by replay, forward by
 * playing; lesson_restart is lesson_goto(0).
 */
int lesson_open(struct session *ss, const char *name, char *err, size_t errlen);
int lesson_next(struct session *ss, char *err, size_t errlen);
int lesson_prev(struct session *ss, char *err, size_t errlen);
int lesson_goto(struct session *ss, size_t n, char *err, size_t errlen);
int lesson_restart(struct session *ss, char *err, size_t errlen);
void lesson_close(struct session *ss);

/*
 * The recorder: from lesson_record_start on, every journaled command
 * that succeeds is a step of FILE ({"run": [CMD]}, title and narration "TODO"
 * in en and zh, no expectations), rewritten after each command so the file is
 * always a valid lesson. Commands typed before it form a first "setup" step.
 * An existing FILE is refused, never overwritten. lesson_recording() is
 * the file, or NULL.
 */
int lesson_record_start(struct session *ss, const char *file, char *err,
			size_t errlen);
int lesson_record_stop(struct session *ss, char *err, size_t errlen);
const char *lesson_recording(struct session *ss);

#endif /* KMEMLAB_LESSON_H */
