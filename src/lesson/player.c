// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interactive lesson player (DESIGN.md §5), and finding lessons on
 * disk. No kernel twin. The player hangs off the session (ss->lesson);
 * front ends read it through session_lesson() and move it only through
 * the functions here, which the `lesson` commands (src/cmd/cmd_lesson.c)
 * and the TUI's keys both call.
 *
 * Invariant: steps[i].mark is the journal's length when step i + 1 began
 * and steps[i].fingerprint the hash of journal[0 .. mark). Going back is
 * a replay of that prefix on a fresh machine of the lesson's config, as
 * undo does; the engine is deterministic, so the state (addresses,
 * variables, jiffies, the log) is exactly the one before the step. When
 * undo or load changed that prefix the fingerprint says so and the
 * player refuses rather than show a different state.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmemlab/cmd.h"
#include "kmemlab/lesson.h"
#include "lesson_internal.h"

/* ---- finding lessons --------------------------------------------------- */

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* buf = realpath(path) if path is a directory. */
static bool try_dir(char *buf, size_t len, const char *path)
{
	char real[PATH_MAX];

	if (!is_dir(path) || !realpath(path, real))
		return false;
	snprintf(buf, len, "%s", real);
	return true;
}

int lesson_dir(char *buf, size_t len)
{
	static const char *const rel[] = {"/../lessons", "/lessons",
					  "/../share/kmemlab/lessons"};
	const char *env = getenv("KMEMLAB_LESSONS");
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n;

	if (env && *env)
		return try_dir(buf, len, env) ? 0 : -1;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(path, sizeof(path), "%s%s", exe, rel[i]);
			if (try_dir(buf, len, path))
				return 0;
		}
	}
#ifdef KMEMLAB_LESSONS_DIR
	if (try_dir(buf, len, KMEMLAB_LESSONS_DIR))
		return 0;
#endif
#ifdef KMEMLAB_LESSONS_INSTALL_DIR
	if (try_dir(buf, len, KMEMLAB_LESSONS_INSTALL_DIR))
		return 0;
#endif
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

int lesson_list(const char *dir, struct lesson_entry **out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, cap = 0;
	struct lesson_entry *e;
	FILE *devnull;

	*out = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".json"))
			continue;
		if (nr == cap) {
			char **nn = realloc(names, (cap = cap ? 2 * cap : 16) *
							   sizeof(*nn));

			if (!nn)
				break;
			names = nn;
		}
		names[nr] = strdup(de->d_name);
		if (names[nr])
			nr++;
	}
	closedir(d);
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_str);
	e = calloc(nr ? nr : 1, sizeof(*e));
	devnull = fopen("/dev/null", "w");
	for (size_t i = 0; e && devnull && i < nr; i++) {
		struct lesson *l;

		if (asprintf(&e[i].file, "%s/%s", dir, names[i]) < 0) {
			e[i].file = NULL;
			continue;
		}
		e[i].number = -1;
		if (isdigit((unsigned char)names[i][0])) {
			char *end;
			long v = strtol(names[i], &end, 10);

			if (*end == '-' && v < INT_MAX)
				e[i].number = (int)v;
		}
		l = lesson_load(e[i].file, devnull);
		if (!l)
			continue;
		e[i].id = l->id;
		l->id = NULL;
		e[i].title = l->title;
		memset(&l->title, 0, sizeof(l->title));
		lesson_free(l);
	}
	if (devnull)
		fclose(devnull);
	for (size_t i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	if (!e)
		return -1;
	*out = e;
	*n = nr;
	return 0;
}

void lesson_list_free(struct lesson_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++) {
		free(e[i].file);
		free(e[i].id);
		for (int k = 0; k < NR_LANGS; k++)
			free(e[i].title.s[k]);
	}
	free(e);
}

/* "03-fast-path" of ".../03-fast-path.json", into buf. */
static void stem(const char *file, char *buf, size_t len)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;

	snprintf(buf, len, "%s", base);
	if (ends_with(buf, ".json"))
		buf[strlen(buf) - 5] = '\0';
}

char *lesson_find(const char *name, char *err, size_t errlen)
{
	struct lesson_entry *e;
	size_t n, hits = 0, hit = 0;
	char dir[PATH_MAX], s[256], *path = NULL;
	bool number = *name != '\0';

	if (strchr(name, '/') || ends_with(name, ".json")) {
		if (access(name, R_OK) == 0)
			return strdup(name);
		snprintf(err, errlen, "cannot open %s: %s", name,
			 strerror(errno));
		return NULL;
	}
	if (lesson_dir(dir, sizeof(dir)) < 0) {
		snprintf(err, errlen,
			 "no lessons directory (set KMEMLAB_LESSONS=DIR)");
		return NULL;
	}
	if (lesson_list(dir, &e, &n) < 0) {
		snprintf(err, errlen, "cannot read %s: %s", dir,
			 strerror(errno));
		return NULL;
	}
	for (const char *p = name; *p; p++)
		number = number && isdigit((unsigned char)*p);
	/* exact: the number, the id or the file name; else a unique part */
	for (size_t i = 0; i < n && !path; i++) {
		stem(e[i].file, s, sizeof(s));
		if ((number && e[i].number == atoi(name)) ||
		    (e[i].id && !strcmp(e[i].id, name)) || !strcmp(s, name))
			path = strdup(e[i].file);
	}
	for (size_t i = 0; i < n && !path && !number; i++) {
		stem(e[i].file, s, sizeof(s));
		if (strstr(s, name) || (e[i].id && strstr(e[i].id, name))) {
			hits++;
			hit = i;
		}
	}
	if (!path && hits == 1)
		path = strdup(e[hit].file);
	else if (!path && hits > 1)
		snprintf(err, errlen,
			 "'%s' names %zu lessons (a number or more of the "
			 "name; lesson list shows them)",
			 name, hits);
	else if (!path)
		snprintf(err, errlen,
			 "no lesson '%s' in %s (lesson list shows them)", name,
			 dir);
	lesson_list_free(e, n);
	return path;
}

/* ---- the player -------------------------------------------------------- */

static void clear_state(struct lesson_step_state *st)
{
	free(st->results);
	memset(st, 0, sizeof(*st));
}

/* Close the lesson; the language and the recorder stay. */
static void player_clear(struct lesson_player *p)
{
	for (size_t i = 0; p->lesson && p->steps && i < p->lesson->nr_steps;
	     i++)
		clear_state(&p->steps[i]);
	free(p->steps);
	lesson_free(p->lesson);
	p->steps = NULL;
	p->lesson = NULL;
	p->pos = 0;
	p->generation++;
}

static void player_destroy(void *v)
{
	struct lesson_player *p = v;

	if (!p)
		return;
	lesson_record_destroy(p);
	player_clear(p);
	free(p);
}

struct lesson_player *lesson_player_get(struct session *ss)
{
	struct lesson_player *p = ss->lesson;

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->lang = lesson_lang_from_env();
	ss->lesson = p;
	ss->lesson_destroy = player_destroy;
	return p;
}

const struct lesson_player *session_lesson(struct session *ss)
{
	const struct lesson_player *p = ss->lesson;

	return p && p->lesson ? p : NULL;
}

const struct lesson_step *lesson_player_step(const struct lesson_player *p,
					     size_t i)
{
	return p && p->lesson && i < p->lesson->nr_steps ? &p->lesson->steps[i]
							 : NULL;
}

const char *lesson_player_title(const struct lesson_player *p)
{
	if (!p || !p->lesson)
		return "";
	if (!p->pos)
		return lesson_text(&p->lesson->title, p->lang);
	return lesson_text(&p->lesson->steps[p->pos - 1].title, p->lang);
}

const char *lesson_player_narration(const struct lesson_player *p)
{
	if (!p || !p->lesson || !p->pos)
		return "";
	return lesson_text(&p->lesson->steps[p->pos - 1].narration, p->lang);
}

const struct lesson_step_state *
lesson_player_state(const struct lesson_player *p)
{
	return p && p->lesson && p->pos ? &p->steps[p->pos - 1] : NULL;
}

void lesson_set_lang(struct session *ss, enum lesson_lang lang)
{
	struct lesson_player *p = lesson_player_get(ss);

	if (p && p->lang != lang) {
		p->lang = lang;
		p->generation++;
	}
}

void lesson_set_narration(struct session *ss, bool on)
{
	struct lesson_player *p = lesson_player_get(ss);

	if (p)
		p->no_narration = !on;
}

enum lesson_lang lesson_get_lang(struct session *ss)
{
	const struct lesson_player *p = ss->lesson;

	return p ? p->lang : lesson_lang_from_env();
}

unsigned long long lesson_journal_fingerprint(const struct session *ss,
					      size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n && i < ss->nr_journal; i++) {
		const struct journal_entry *e = &ss->journal[i];
		const unsigned char flags[2] = {e->ok, e->mutates};

		for (const char *c = e->text; *c; c++)
			h = (h ^ (unsigned char)*c) * 0x100000001b3ULL;
		h = (h ^ 0x100) * 0x100000001b3ULL; /* the end of a text */
		for (int k = 0; k < 2; k++)
			h = (h ^ flags[k]) * 0x100000001b3ULL;
	}
	return h;
}

bool lesson_cfg_equal(const struct machine_config *a,
		      const struct machine_config *b)
{
	return a->mem_bytes == b->mem_bytes && a->nr_nodes == b->nr_nodes &&
	       a->nr_cpus == b->nr_cpus && a->seed == b->seed &&
	       a->dma32 == b->dma32 && a->hardened == b->hardened &&
	       !strcmp(a->slub_debug, b->slub_debug) &&
	       a->vmalloc_size == b->vmalloc_size &&
	       a->init_on_alloc == b->init_on_alloc &&
	       a->init_on_free == b->init_on_free &&
	       !memcmp(a->distance, b->distance, sizeof(a->distance));
}

static void null_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
}

/*
 * The session takes a machine of cfg with journal[0 .. n) replayed on it
 * (n = 0: freshly booted), with its variables and journal; the old
 * machine goes. Like undo and load, in place, so front ends keep their
 * session pointer.
 */
static int replay_to(struct session *ss, const struct machine_config *cfg,
		     size_t n, char *err, size_t errlen)
{
	struct out null_out = {null_write, NULL};
	struct session *tmp;
	char why[256];

	for (size_t i = 0; i < n && i < ss->nr_journal; i++)
		if (ss->journal[i].interrupted) {
			snprintf(err, errlen,
				 "'%s' was interrupted and cannot be replayed",
				 ss->journal[i].text);
			return -1;
		}
	tmp = session_create(cfg, &null_out, why, sizeof(why));
	if (!tmp) {
		snprintf(err, errlen, "cannot boot the lesson's machine: %s",
			 why);
		return -1;
	}
	tmp->opt.check = false;
	for (size_t i = 0; i < n && i < ss->nr_journal; i++)
		session_run_line(tmp, ss->journal[i].text,
				 ss->journal[i].origin, ss->journal[i].lineno);
	session_swap_state(ss, tmp);
	trace_reset(&ss->last);
	free(ss->last_cmd);
	ss->last_cmd = NULL;
	session_destroy(tmp);
	return 0;
}

static struct lesson_player *open_player(struct session *ss, char *err,
					 size_t errlen)
{
	struct lesson_player *p = ss->lesson;

	if (!p || !p->lesson) {
		snprintf(err, errlen,
			 "no lesson open (lesson list, then lesson open NAME)");
		return NULL;
	}
	if (p->busy) {
		snprintf(err, errlen, "not while a step is playing");
		return NULL;
	}
	if (!lesson_cfg_equal(&ss->cfg, &p->lesson->cfg)) {
		snprintf(err, errlen,
			 "the machine is no longer the lesson's (load?): "
			 "lesson restart boots it again");
		return NULL;
	}
	return p;
}

int lesson_open(struct session *ss, const char *name, char *err, size_t errlen)
{
	struct lesson_player *p = lesson_player_get(ss);
	struct lesson_step_state *steps;
	char *path, *errs = NULL;
	size_t errs_len = 0;
	struct lesson *l;
	FILE *f;

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (p->busy) {
		snprintf(err, errlen, "not while a step is playing");
		return -1;
	}
	path = lesson_find(name, err, errlen);
	if (!path)
		return -1;
	f = open_memstream(&errs, &errs_len);
	if (!f) {
		free(path);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	l = lesson_load(path, f);
	fclose(f);
	free(path);
	if (!l) {
		size_t lines = 0;

		for (size_t i = 0; i < errs_len; i++)
			lines += errs[i] == '\n';
		snprintf(err, errlen, "%.*s%s",
			 (int)strcspn(errs ? errs : "", "\n"),
			 errs ? errs : "cannot load",
			 lines > 1 ? " (and more: "
				     "kmemlab --check "
				     "FILE lists them)"
				   : "");
		free(errs);
		return -1;
	}
	free(errs);
	steps = calloc(l->nr_steps, sizeof(*steps));
	if (!steps || replay_to(ss, &l->cfg, 0, err, errlen) < 0) {
		if (!steps)
			snprintf(err, errlen, "out of memory");
		free(steps);
		lesson_free(l);
		return -1;
	}
	player_clear(p);
	p->lesson = l;
	p->steps = steps;
	return 0;
}

/* The step's commands see a fresh run_command each; these are the
 * fields of the command that called us (`lesson next`) they overwrite. */
struct saved_cmd {
	const char *origin;
	unsigned long lineno;
	const struct command *cur_cmd;
	const char *cur_name;
	struct seq_buf capture;
	cmd_result_fn on_result;
	void *on_result_ctx;
};

struct play_ctx {
	struct step_record rec;
	cmd_result_fn prev;
	void *prev_ctx;
};

/* Record what the step did, and tell the front end's hook (--json). */
static void play_on_result(void *ctx, const struct cmd_result *r)
{
	struct play_ctx *c = ctx;

	lesson_step_record_result(&c->rec, r);
	if (c->prev)
		c->prev(c->prev_ctx, r);
}

int lesson_next(struct session *ss, char *err, size_t errlen)
{
	struct lesson_player *p = open_player(ss, err, errlen);
	const struct lesson_step *st;
	struct lesson_step_state *state;
	struct play_ctx pc = {0};
	struct saved_cmd sv;
	size_t unexpected;
	bool bail;

	if (!p)
		return -1;
	if (p->pos >= p->lesson->nr_steps) {
		snprintf(err, errlen,
			 "the lesson is over: step %zu was the last (lesson "
			 "restart, lesson close)",
			 p->lesson->nr_steps);
		return -1;
	}
	st = &p->lesson->steps[p->pos];
	state = &p->steps[p->pos];
	clear_state(state);
	state->mark = ss->nr_journal;
	state->fingerprint = lesson_journal_fingerprint(ss, state->mark);
	state->results = calloc(st->nr_expect + 1, sizeof(*state->results));
	if (!state->results) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}

	sv.origin = ss->origin;
	sv.lineno = ss->lineno;
	sv.cur_cmd = ss->cur_cmd;
	sv.cur_name = ss->cur_name;
	sv.capture = ss->capture;
	sv.on_result = ss->on_result;
	sv.on_result_ctx = ss->on_result_ctx;
	seq_init(&ss->capture);
	pc.prev = ss->on_result;
	pc.prev_ctx = ss->on_result_ctx;
	ss->on_result = play_on_result;
	ss->on_result_ctx = &pc;
	/* origin "lesson", line k: as --check runs them, so the kernel
	 * log's caller and the journal are the same in both */
	/* a `source`d file may hold lesson commands: they must not free
	 * the step that runs them */
	/* bail waits for the step's end: its failures may be expected */
	bail = ss->opt.bail;
	ss->opt.bail = false;
	p->busy = true;
	for (size_t k = 0; k < st->nr_run && !ss->quit; k++) {
		if (!ss->opt.json)
			out_printf(ss->out, "» %s\n", st->run[k]);
		session_run_line(ss, st->run[k], "lesson", k + 1);
	}
	p->busy = false;
	seq_free(&ss->capture);
	ss->capture = sv.capture;
	ss->on_result = sv.on_result;
	ss->on_result_ctx = sv.on_result_ctx;
	ss->origin = sv.origin;
	ss->lineno = sv.lineno;
	ss->cur_cmd = sv.cur_cmd;
	ss->cur_name = sv.cur_name;
	ss->error[0] = '\0'; /* a step's failure is not the caller's */
	ss->has_result = false;

	unexpected = lesson_unexpected_failure(st, &pc.rec, state->failed,
					       sizeof(state->failed));
	/* a failure the step expects is not the session's (exit status) */
	if (ss->nr_failed >= pc.rec.nr_fail - unexpected)
		ss->nr_failed -= pc.rec.nr_fail - unexpected;
	ss->opt.bail = bail;
	if (bail && unexpected)
		ss->quit = true;
	for (size_t k = 0; k < st->nr_expect; k++) {
		struct lesson_result *r = &state->results[k];

		r->met = lesson_check_expect(ss, &pc.rec, &st->expect[k],
					     r->found, sizeof(r->found));
		lesson_describe_expect(&st->expect[k], r->what,
				       sizeof(r->what));
		state->nr_unmet += !r->met;
		state->nr_results++;
	}
	lesson_step_record_free(&pc.rec);
	p->pos++;
	p->generation++;
	return 0;
}

/* Back to the state before step i + 1: journal[0 .. steps[i].mark). */
static int rewind_to(struct session *ss, struct lesson_player *p, size_t i,
		     char *err, size_t errlen)
{
	const struct lesson_step_state *st = &p->steps[i];

	if (st->mark > ss->nr_journal ||
	    lesson_journal_fingerprint(ss, st->mark) != st->fingerprint) {
		snprintf(err, errlen,
			 "the history before step %zu changed (undo, load): "
			 "lesson restart plays from the start",
			 i + 1);
		return -1;
	}
	if (replay_to(ss, &p->lesson->cfg, st->mark, err, errlen) < 0)
		return -1;
	while (p->pos > i)
		clear_state(&p->steps[--p->pos]);
	p->generation++;
	return 0;
}

int lesson_prev(struct session *ss, char *err, size_t errlen)
{
	struct lesson_player *p = open_player(ss, err, errlen);

	if (!p)
		return -1;
	if (!p->pos) {
		snprintf(err, errlen,
			 "already before step 1 (lesson next plays it)");
		return -1;
	}
	return rewind_to(ss, p, p->pos - 1, err, errlen);
}

int lesson_goto(struct session *ss, size_t n, char *err, size_t errlen)
{
	struct lesson_player *p = open_player(ss, err, errlen);

	if (!p)
		return -1;
	if (n > p->lesson->nr_steps) {
		snprintf(err, errlen, "no step %zu (the lesson has %zu)", n,
			 p->lesson->nr_steps);
		return -1;
	}
	if (n < p->pos)
		return rewind_to(ss, p, n, err, errlen);
	while (p->pos < n)
		if (lesson_next(ss, err, errlen) < 0)
			return -1;
	return 0;
}

int lesson_restart(struct session *ss, char *err, size_t errlen)
{
	struct lesson_player *p = ss->lesson;

	/* not open_player(): restart is the way out of a foreign machine */
	if (!p || !p->lesson) {
		snprintf(err, errlen,
			 "no lesson open (lesson list, then lesson open NAME)");
		return -1;
	}
	if (p->busy) {
		snprintf(err, errlen, "not while a step is playing");
		return -1;
	}
	if (replay_to(ss, &p->lesson->cfg, 0, err, errlen) < 0)
		return -1;
	while (p->pos > 0)
		clear_state(&p->steps[--p->pos]);
	p->generation++;
	return 0;
}

void lesson_close(struct session *ss)
{
	struct lesson_player *p = ss->lesson;

	if (p && !p->busy)
		player_clear(p);
}
