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
};

struct lesson_expect {
	enum expect_kind kind;
	char *arg;   /* function, path, relation or log text */
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

#endif /* KMEMLAB_LESSON_H */
