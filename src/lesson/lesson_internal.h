/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the src/lesson files: what a step did (gathered from the
 * session's on_result hook while its commands run) and the expectation
 * checks that lesson_check (--check) and the interactive player both use,
 * so a lesson passes --check exactly when it plays clean in the REPL.
 */
#ifndef KMEMLAB_LESSON_INTERNAL_H
#define KMEMLAB_LESSON_INTERNAL_H

#include "kmemlab/cmd.h"
#include "kmemlab/lesson.h"

struct step_record {
	char **path; /* the last command's path */
	size_t nr_path;
	char **log; /* every kernel log line of the step */
	size_t nr_log, cap_log;
	/* every command of the step that failed: its text and error */
	char **fail_cmd, **fail_error;
	size_t nr_fail, cap_fail;
};

/* An on_result hook: ctx is a struct step_record. */
void lesson_step_record_result(void *ctx, const struct cmd_result *res);
void lesson_step_record_free(struct step_record *r);

/*
 * The failed commands of step st that none of its error_contains
 * expects: how many, and the first as "'CMD' failed: ERROR" into buf
 * ("" if every failure was expected, or none happened).
 */
size_t lesson_unexpected_failure(const struct lesson_step *st,
				 const struct step_record *r, char *buf,
				 size_t len);

/* 1 if x held, 0 if not (found says what was there instead). */
int lesson_check_expect(struct session *ss, const struct step_record *r,
			const struct lesson_expect *x, char *found, size_t len);
/* "cat /proc/... equals \"...\"": the expectation in words. */
void lesson_describe_expect(const struct lesson_expect *x, char *buf,
			    size_t len);

/* The session's player, made on first use (NULL if out of memory). */
struct lesson_player *lesson_player_get(struct session *ss);
/* FNV-1a of journal[0 .. n): text, ok, mutates. Equal fingerprints mean
 * a replay of those entries rebuilds the same machine. */
unsigned long long lesson_journal_fingerprint(const struct session *ss,
					      size_t n);
/* Field by field (padding differs between copies). */
bool lesson_cfg_equal(const struct machine_config *a,
		      const struct machine_config *b);
/* record.c: the recorder's part of the player's teardown. */
void lesson_record_destroy(struct lesson_player *p);

#endif /* KMEMLAB_LESSON_INTERNAL_H */
