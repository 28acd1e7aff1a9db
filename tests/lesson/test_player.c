// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lesson player and recorder, in process (suite lesson):
 *  - prev, goto and restart give back exactly the state before a step:
 *    the whole snapshot text (snapshot_print: every free block, slab,
 *    freelist, variable) and session_state_digest are compared, not a
 *    sample of /proc;
 *  - a command typed between steps survives prev past the next step;
 *  - undo that rewrites the history before a step makes prev refuse;
 *  - after a walk, export + load (a replay of the journal checked against
 *    the saved state) succeeds: the lesson commands leave no trace that a
 *    replay would miss (the jiffy they give back);
 *  - record: a session recorded with abbreviated commands loads, passes
 *    lesson_check, and replays to the recorded session's state;
 *  - lesson_load_mem agrees with lesson_load;
 *  - every shipped lesson: prev after each step gives back the state
 *    that was there before it.
 * Usage: test_player PLAY_DIR [LESSONS_DIR] (fixtures, shipped lessons).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmemlab/cmd.h"
#include "kmemlab/export.h"
#include "kmemlab/lesson.h"

static int failures;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__,       \
				__LINE__, #cond);                              \
			failures++;                                            \
		}                                                              \
	} while (0)

static void quiet(void *ctx, enum out_stream st, const char *s, size_t n)
{
}

static struct out sink = {quiet, NULL};

static struct session *new_session(void)
{
	struct machine_config cfg;
	char err[256];
	struct session *ss;

	machine_preset(&cfg, "default");
	ss = session_create(&cfg, &sink, err, sizeof(err));
	if (!ss) {
		fprintf(stderr, "cannot boot: %s\n", err);
		exit(1);
	}
	ss->opt.check = true;
	return ss;
}

/* The state, as exactly as the snapshot can say it. */
struct state {
	char *snap;
	unsigned long long digest;
};

static struct state state_of(struct session *ss)
{
	struct state s = {snapshot_print(ss), session_state_digest(ss)};

	return s;
}

/* The snapshot also holds the journal: compare "state" only. */
static const char *state_part(const char *snap)
{
	const char *s = snap ? strstr(snap, "\"state\"") : NULL;

	return s ? s : "";
}

static bool same(const struct state *a, const struct state *b)
{
	const char *sa = state_part(a->snap), *sb = state_part(b->snap);
	const char *ja = strstr(sa, "\"journal\""),
		   *jb = strstr(sb, "\"journal\"");
	size_t la = ja ? (size_t)(ja - sa) : strlen(sa);
	size_t lb = jb ? (size_t)(jb - sb) : strlen(sb);

	return a->digest == b->digest && la == lb && la > 0 &&
	       !memcmp(sa, sb, la);
}

static void state_free(struct state *s)
{
	free(s->snap);
	s->snap = NULL;
}

static int run(struct session *ss, const char *line)
{
	return session_run_line(ss, line, "test", 1);
}

static void test_walk(const char *dir)
{
	struct session *ss = new_session();
	struct state s0, s1, s1x, s2, now;
	const struct lesson_player *p;
	char path[4096], err[512];

	snprintf(path, sizeof(path), "%s/01-walk.json", dir);
	CHECK(lesson_open(ss, path, err, sizeof(err)) == 0);
	p = session_lesson(ss);
	CHECK(p && p->pos == 0 && p->lesson->nr_steps == 4);
	CHECK(!strcmp(lesson_player_title(p), "A walk for the player's tests"));
	s0 = state_of(ss);
	CHECK(lesson_next(ss, err, sizeof(err)) == 0);
	s1 = state_of(ss);
	CHECK(lesson_player_state(p)->nr_unmet == 0);
	CHECK(!strcmp(lesson_player_step(p, 0)->focus_view, "slub"));
	/* the user's own command between steps 1 and 2 */
	CHECK(run(ss, "x = kmalloc 128") == 0);
	s1x = state_of(ss);
	CHECK(!same(&s1, &s1x));
	CHECK(lesson_next(ss, err, sizeof(err)) == 0);
	s2 = state_of(ss);
	CHECK(p->pos == 2 && lesson_player_state(p)->nr_results == 2);
	CHECK(lesson_player_state(p)->nr_unmet == 0);

	/* prev: the state before step 2, the user's x included */
	CHECK(lesson_prev(ss, err, sizeof(err)) == 0);
	now = state_of(ss);
	CHECK(p->pos == 1 && same(&now, &s1x));
	state_free(&now);
	CHECK(lesson_prev(ss, err, sizeof(err)) == 0);
	now = state_of(ss);
	CHECK(p->pos == 0 && same(&now, &s0));
	state_free(&now);
	CHECK(lesson_prev(ss, err, sizeof(err)) == -1);

	/* forward again without x: after step 1 is s1, not s1x */
	CHECK(lesson_goto(ss, 1, err, sizeof(err)) == 0);
	now = state_of(ss);
	CHECK(same(&now, &s1));
	state_free(&now);
	CHECK(lesson_goto(ss, 4, err, sizeof(err)) == 0);
	CHECK(p->pos == 4);
	CHECK(lesson_next(ss, err, sizeof(err)) == -1);
	CHECK(lesson_goto(ss, 5, err, sizeof(err)) == -1);
	CHECK(lesson_goto(ss, 1, err, sizeof(err)) == 0);
	now = state_of(ss);
	CHECK(same(&now, &s1));
	state_free(&now);
	CHECK(lesson_restart(ss, err, sizeof(err)) == 0);
	now = state_of(ss);
	CHECK(p->pos == 0 && same(&now, &s0));
	state_free(&now);

	/* the commands: the same walk through session_run_line */
	CHECK(run(ss, "next; x = kmalloc 128; next; prev") == 0);
	now = state_of(ss);
	CHECK(same(&now, &s1x));
	state_free(&now);
	CHECK(run(ss, "lesson next") == 0);
	now = state_of(ss);
	CHECK(same(&now, &s2));
	state_free(&now);
	CHECK(run(ss, "lesson goto 0") == 0);
	now = state_of(ss);
	CHECK(same(&now, &s0));
	state_free(&now);
	/* a front end with its own narration pane */
	{
		struct out_buffer b;
		struct out *was = ss->out;

		out_buffer_init(&b);
		ss->out = &b.out;
		lesson_set_narration(ss, false);
		CHECK(run(ss, "lesson goto 1") == 0);
		CHECK(b.so.buf &&
		      strstr(b.so.buf, "Step 1/4: A first kmalloc"));
		CHECK(b.so.buf && !strstr(b.so.buf, "finds kmalloc-64 empty"));
		lesson_set_narration(ss, true);
		CHECK(run(ss, "lesson restart; next") == 0);
		CHECK(strstr(b.so.buf, "finds kmalloc-64 empty") != NULL);
		ss->out = was;
		out_buffer_free(&b);
	}
	CHECK(run(ss, "lesson goto 2; lesson restart") == 0);
	now = state_of(ss);
	CHECK(same(&now, &s0));
	state_free(&now);
	/* errors leave the state alone */
	CHECK(run(ss, "prev") == 1);
	CHECK(run(ss, "lesson goto 9") == 1);
	CHECK(run(ss, "lesson open no-such-lesson") == 1);
	CHECK(run(ss, "repeat 2 next") == 1);
	now = state_of(ss);
	CHECK(same(&now, &s0) && p->pos == 0);
	state_free(&now);

	/* undo into step 2's commands: prev still works (its start is
	 * intact); undo past step 2's start: prev refuses, state kept */
	CHECK(run(ss, "next; next; undo") == 0);
	CHECK(lesson_prev(ss, err, sizeof(err)) == 0);
	now = state_of(ss);
	CHECK(same(&now, &s1));
	state_free(&now);
	CHECK(run(ss, "next; undo 3") == 0);
	now = state_of(ss);
	CHECK(lesson_prev(ss, err, sizeof(err)) == -1);
	CHECK(strstr(err, "changed") != NULL);
	{
		struct state after = state_of(ss);

		CHECK(same(&now, &after));
		state_free(&after);
	}
	state_free(&now);
	CHECK(lesson_restart(ss, err, sizeof(err)) == 0);

	/* export + load after a walk: the replay rebuilds the same state */
	{
		char snap[] = "/tmp/kmemlab-player-XXXXXX";
		int fd = mkstemp(snap);
		char line[128];

		CHECK(fd >= 0);
		close(fd);
		CHECK(run(ss, "lesson goto 4; lesson status; prev; next") == 0);
		snprintf(line, sizeof(line), "export %s; load %s", snap, snap);
		CHECK(run(ss, line) == 0);
		unlink(snap);
	}
	lesson_close(ss);
	CHECK(session_lesson(ss) == NULL);
	CHECK(mm_check(ss->m) == 0);
	state_free(&s0);
	state_free(&s1);
	state_free(&s1x);
	state_free(&s2);
	session_destroy(ss);
}

static void test_record(void)
{
	struct session *ss = new_session(), *play;
	char file[] = "/tmp/kmemlab-record-XXXXXX.json";
	char line[256], err[512];
	struct state rec, played;
	struct lesson *l;
	FILE *devnull = fopen("/dev/null", "w");
	int fd = mkstemps(file, 5);

	CHECK(fd >= 0);
	close(fd);
	unlink(file);
	/* before record: a first step; failures are left out */
	CHECK(run(ss, "p = kmalloc 100") == 0);
	snprintf(line, sizeof(line), "record %s", file);
	CHECK(run(ss, line) == 0);
	CHECK(!strcmp(lesson_recording(ss), file));
	CHECK(run(ss, "q=kzal 64; kfr p") == 0);
	CHECK(run(ss, "help; set trace off; nosuchcmd 1") == 1);
	CHECK(run(ss, "repeat 3 kcal 2 16; pg = alloc_pages 1; cpu 1") == 0);
	CHECK(run(ss, "v = vmalloc 8k; vfree v; v2 =vzalloc 4k") == 0);
	CHECK(run(ss, "undo") == 0); /* v2 is not in the lesson */
	/* the file is written after every command, already loadable */
	l = lesson_load(file, stderr);
	CHECK(l != NULL);
	if (l) {
		CHECK(l->nr_steps == 10);
		CHECK(!strcmp(l->steps[0].run[0], "p = kmalloc 100"));
		CHECK(!strcmp(l->steps[1].run[0], "q = kzalloc 64"));
		CHECK(!strcmp(l->steps[2].run[0], "kfree p"));
		CHECK(!strcmp(l->steps[3].run[0], "help"));
		CHECK(!strcmp(l->steps[5].run[0], "repeat 3 kcalloc 2 16"));
		CHECK(!strcmp(l->steps[6].run[0], "pg = alloc_pages 1"));
		CHECK(!strcmp(l->steps[9].run[0], "vfree v"));
		CHECK(!strcmp(l->steps[1].narration.s[LANG_ZH], "TODO"));
		lesson_free(l);
	}
	CHECK(run(ss, "record stop") == 0);
	CHECK(lesson_recording(ss) == NULL);
	CHECK(run(ss, "record stop") == 1);
	CHECK(run(ss, line) == 1); /* the file exists: not overwritten */
	rec = state_of(ss);
	CHECK(lesson_check(file, LANG_EN, devnull) == 0);

	/* played back, the lesson ends in the recorded state */
	play = new_session();
	CHECK(lesson_open(play, file, err, sizeof(err)) == 0);
	CHECK(lesson_goto(play, 10, err, sizeof(err)) == 0);
	played = state_of(play);
	/* the variables are the same, the journal's origins differ */
	CHECK(rec.digest == played.digest);
	session_destroy(play);
	state_free(&played);
	state_free(&rec);
	unlink(file);

	/* nothing recorded: nothing written, an error */
	snprintf(line, sizeof(line), "record %s", file);
	{
		struct session *s2 = new_session();

		CHECK(run(s2, line) == 0);
		CHECK(run(s2, "nosuchcmd") == 1);
		CHECK(run(s2, "record stop") == 1);
		CHECK(access(file, F_OK) != 0);
		/* quitting while recording keeps what was written */
		CHECK(run(s2, line) == 0);
		CHECK(run(s2, "kmalloc 8") == 0);
		session_destroy(s2);
		CHECK(access(file, F_OK) == 0);
		CHECK(lesson_check(file, LANG_EN, devnull) == 0);
		unlink(file);
	}
	fclose(devnull);
	session_destroy(ss);
}

static void test_load_mem(const char *dir)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	struct lesson *a, *b;
	FILE *f;

	snprintf(path, sizeof(path), "%s/01-walk.json", dir);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	buf = malloc(1 << 20);
	len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	a = lesson_load(path, stderr);
	b = lesson_load_mem(buf, len, path, stderr);
	CHECK(a && b && a->nr_steps == b->nr_steps && !strcmp(a->id, b->id));
	lesson_free(a);
	lesson_free(b);
	/* a truncated buffer is an error, not a crash */
	f = fopen("/dev/null", "w");
	CHECK(lesson_load_mem(buf, len / 2, "half", f) == NULL);
	CHECK(lesson_load_mem(buf, 0, "empty", f) == NULL);
	fclose(f);
	free(buf);
}

/* A step whose `source`d file holds lesson commands: each is refused
 * (the step is not freed under its own feet), the rest of it runs. */
static void test_busy(void)
{
	char src[] = "/tmp/kmemlab-src-XXXXXX";
	char les[] = "/tmp/kmemlab-les-XXXXXX.json";
	struct session *ss = new_session();
	const struct lesson_player *p;
	char err[512];
	int fd1 = mkstemp(src), fd2 = mkstemps(les, 5);
	FILE *f;

	CHECK(fd1 >= 0 && fd2 >= 0);
	close(fd1);
	close(fd2);
	f = fopen(src, "w");
	fputs("next\nprev\nlesson close\nlesson open 1\n"
	      "record /tmp/kmemlab-never.json\nx = kmalloc 8\n",
	      f);
	fclose(f);
	f = fopen(les, "w");
	fprintf(f,
		"{\"id\": \"busy\", \"title\": {\"en\": \"b\", \"zh\": \"b\"},"
		" \"machine\": {\"preset\": \"default\", \"seed\": 1},"
		" \"steps\": [{\"title\": {\"en\": \"s\", \"zh\": \"s\"},"
		" \"narration\": {\"en\": \"n\", \"zh\": \"n\"},"
		" \"run\": [\"source %s\"],"
		" \"expect\": [{\"var\": \"x != 0\", \"equals\": true}]},"
		" {\"title\": {\"en\": \"t\", \"zh\": \"t\"},"
		" \"narration\": {\"en\": \"n\", \"zh\": \"n\"},"
		" \"run\": [\"y = kmalloc 8\"], \"expect\": []}]}\n",
		src);
	fclose(f);
	CHECK(lesson_open(ss, les, err, sizeof(err)) == 0);
	p = session_lesson(ss);
	CHECK(run(ss, "next") == 5);
	CHECK(p == session_lesson(ss) && p->pos == 1 && !p->busy);
	CHECK(lesson_player_state(p)->nr_unmet == 0);
	CHECK(access("/tmp/kmemlab-never.json", F_OK) != 0);
	CHECK(run(ss, "next; prev") == 0);
	CHECK(p->pos == 1 && session_var(ss, "x") && !session_var(ss, "y"));
	CHECK(mm_check(ss->m) == 0);
	session_destroy(ss);
	unlink(src);
	unlink(les);
}

/*
 * Every lesson of dir (the shipped ones): the state before each step is
 * kept, the lesson played to its end, then prev step by step must give
 * each back exactly. Whether the expectations hold is --check's test.
 */
static void test_all_lessons(const char *dir)
{
	struct lesson_entry *e;
	size_t n;

	CHECK(lesson_list(dir, &e, &n) == 0);
	for (size_t i = 0; i < n; i++) {
		struct session *ss;
		const struct lesson_player *p;
		struct state *before;
		char err[512];
		size_t steps;

		if (!e[i].id)
			continue; /* --check reports it */
		ss = new_session();
		if (lesson_open(ss, e[i].file, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s: %s\n", e[i].file, err);
			failures++;
			session_destroy(ss);
			continue;
		}
		p = session_lesson(ss);
		steps = p->lesson->nr_steps;
		before = calloc(steps, sizeof(*before));
		for (size_t k = 0; k < steps; k++) {
			before[k] = state_of(ss);
			CHECK(lesson_next(ss, err, sizeof(err)) == 0);
		}
		for (size_t k = steps; k-- > 0;) {
			struct state now;

			CHECK(lesson_prev(ss, err, sizeof(err)) == 0);
			now = state_of(ss);
			if (!same(&now, &before[k])) {
				fprintf(stderr,
					"%s: prev to before step %zu "
					"is not the state that was "
					"there\n",
					e[i].file, k + 1);
				failures++;
			}
			state_free(&now);
		}
		for (size_t k = 0; k < steps; k++)
			state_free(&before[k]);
		free(before);
		CHECK(mm_check(ss->m) == 0);
		session_destroy(ss);
	}
	lesson_list_free(e, n);
}

struct words {
	char buf[512];
};

static void add_word(void *ctx, const char *w)
{
	struct words *ws = ctx;

	snprintf(ws->buf + strlen(ws->buf), sizeof(ws->buf) - strlen(ws->buf),
		 "%s ", w);
}

/* Tab completion after "lesson": subcommands, lesson ids and numbers. */
static void test_complete(const char *dir)
{
	struct session *ss = new_session();
	struct words w;
	static const char *const cases[][2] = {
		{"lesson o", "open "},
		{"lesson lang ", "en zh "},
		{"lesson open ", "walk 1 no-zh 2 "},
		{"lesson open w", "walk "},
	};

	setenv("KMEMLAB_LESSONS", dir, 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t end = strlen(cases[i][0]);
		size_t start = end;

		while (start && cases[i][0][start - 1] != ' ')
			start--;
		w.buf[0] = '\0';
		cmd_complete(ss, cases[i][0], start, end, add_word, &w);
		if (strcmp(w.buf, cases[i][1])) {
			fprintf(stderr, "complete '%s': '%s', expected '%s'\n",
				cases[i][0], w.buf, cases[i][1]);
			failures++;
		}
	}
	unsetenv("KMEMLAB_LESSONS");
	session_destroy(ss);
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: test_player PLAY_DIR [LESSONS_DIR]\n");
		return 2;
	}
	if (argc == 3)
		test_all_lessons(argv[2]);
	test_walk(argv[1]);
	test_record();
	test_busy();
	test_complete(argv[1]);
	test_load_mem(argv[1]);
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures ? 1 : 0;
}
