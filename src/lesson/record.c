// SPDX-License-Identifier: GPL-2.0-only
/*
 * `record FILE.json`: a teacher makes a lesson by doing it once. No kernel
 * twin. The lesson is made from the session's journal, not from a copy of
 * what was typed, so undo while recording takes the undone commands out
 * of the lesson too, and the file replays to the state the teacher saw.
 * After every command (the session's on_result hook) the whole file is
 * written again through a temporary file and rename(), so it is a valid,
 * loadable lesson at any moment: one step a command, title and narration
 * "TODO" in en and zh, no expectations, commands spelled in full (the
 * loader refuses prefixes). Commands typed before `record` form a first
 * step, so the lesson starts from the same state.
 *
 * A command that failed in the engine (a double free's kernel BUG, an
 * oops) stays, in a step that expects its error (error_contains), so
 * --check passes and the replay reaches the teacher's state. Left out:
 * commands refused before the engine (a typo, a bad argument: they
 * changed nothing), and failures before `record`, whose errors were not
 * seen. help, set and the like stay: every command moves jiffies, so
 * leaving one out would replay to a machine one tick younger than the
 * teacher's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kmemlab/cmd.h"
#include "kmemlab/lesson.h"
#include "lesson_internal.h"

/*
 * The command line as a lesson spells it: words joined by one space,
 * every command name in full ("p=kma 64" -> "p = kmalloc 64",
 * "repeat 3 kfr p" -> "repeat 3 kfree p"). NULL if a name is unknown. Words
 * never hold spaces (the dispatcher splits at them), so the line means what it
 * meant.
 */
static char *lesson_line(const char *text)
{
	char *copy = strdup(text), *tok[66], *s, *out = NULL;
	int n = 0, at = 0;
	size_t len = 0;
	bool keep = true;

	if (!copy)
		return NULL;
	for (s = copy; *s && n < 64;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		tok[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	/* "p=kmalloc", "p =kmalloc", "p= kmalloc": as cmd.c splits them */
	if (n >= 1 && strchr(tok[0], '=') && tok[0][0] != '=' && n < 64) {
		char *eq = strchr(tok[0], '=');

		*eq = '\0';
		memmove(tok + 2, tok + 1, (size_t)(n - 1) * sizeof(*tok));
		tok[1] = "=";
		n++;
		if (eq[1]) {
			memmove(tok + 3, tok + 2,
				(size_t)(n - 2) * sizeof(*tok));
			tok[2] = eq + 1;
			n++;
		}
	} else if (n >= 2 && tok[1][0] == '=' && tok[1][1] && n < 64) {
		memmove(tok + 3, tok + 2, (size_t)(n - 2) * sizeof(*tok));
		tok[2] = tok[1] + 1;
		tok[1] = "=";
		n++;
	}
	if (n >= 2 && !strcmp(tok[1], "="))
		at = 2;
	for (int depth = 0; at < n && depth < 4; depth++) {
		const struct command *c = cmd_lookup(tok[at], NULL);

		if (!c) {
			keep = false;
			break;
		}
		tok[at] = (char *)c->name;
		if (strcmp(c->name, "repeat"))
			break;
		at += 2; /* repeat N COMMAND... */
	}
	for (int i = 0; keep && i < n; i++)
		len += strlen(tok[i]) + 1;
	if (keep && n && (out = malloc(len + 1))) {
		out[0] = '\0';
		for (int i = 0; i < n; i++) {
			if (i)
				strcat(out, " ");
			strcat(out, tok[i]);
		}
	}
	free(copy);
	return out;
}

static cJSON *todo_text(const char *en)
{
	cJSON *t = cJSON_CreateObject();

	cJSON_AddStringToObject(t, "en", en);
	cJSON_AddStringToObject(t, "zh", "TODO");
	return t;
}

/*
 * The "machine" object that boots cfg: a preset and the fields that
 * differ from it, as lesson_load reads them. NULL if no preset and
 * overrides rebuild cfg exactly (a --nodes ring of another size).
 */
static cJSON *machine_json(const struct machine_config *cfg)
{
	for (int i = -1; i < 0 || machine_preset_names[i]; i++) {
		const char *name =
			i < 0 ? cfg->preset : machine_preset_names[i];
		struct machine_config b;
		cJSON *o;
		char mem[32];

		if (!name[0] || machine_preset(&b, name) < 0)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "preset", name);
		cJSON_AddNumberToObject(o, "seed", (double)cfg->seed);
		b.seed = cfg->seed;
		if (b.mem_bytes != cfg->mem_bytes) {
			if (cfg->mem_bytes % (1UL << 20))
				snprintf(mem, sizeof(mem), "%lu",
					 cfg->mem_bytes);
			else
				snprintf(mem, sizeof(mem), "%luM",
					 cfg->mem_bytes >> 20);
			cJSON_AddStringToObject(o, "mem", mem);
			b.mem_bytes = cfg->mem_bytes;
		}
		if (b.nr_cpus != cfg->nr_cpus) {
			cJSON_AddNumberToObject(o, "cpus", cfg->nr_cpus);
			b.nr_cpus = cfg->nr_cpus;
		}
		if (b.nr_nodes != cfg->nr_nodes) {
			cJSON_AddNumberToObject(o, "nodes", cfg->nr_nodes);
			b.nr_nodes = cfg->nr_nodes;
		}
		if (b.hardened != cfg->hardened) {
			cJSON_AddBoolToObject(o, "hardened", cfg->hardened);
			b.hardened = cfg->hardened;
		}
		if (strcmp(b.slub_debug, cfg->slub_debug)) {
			cJSON_AddStringToObject(o, "slub_debug",
						cfg->slub_debug);
			snprintf(b.slub_debug, sizeof(b.slub_debug), "%s",
				 cfg->slub_debug);
		}
		if (b.init_on_alloc != cfg->init_on_alloc) {
			cJSON_AddBoolToObject(o, "init_on_alloc",
					      cfg->init_on_alloc);
			b.init_on_alloc = cfg->init_on_alloc;
		}
		if (b.init_on_free != cfg->init_on_free) {
			cJSON_AddBoolToObject(o, "init_on_free",
					      cfg->init_on_free);
			b.init_on_free = cfg->init_on_free;
		}
		if (lesson_cfg_equal(&b, cfg))
			return o;
		cJSON_Delete(o);
	}
	return NULL;
}

/* One step of run; error: the error its command must fail with, or NULL */
static void add_step(cJSON *steps, const char *title, cJSON *run,
		     const char *error)
{
	cJSON *st = cJSON_CreateObject();
	cJSON *expect = cJSON_CreateArray();

	cJSON_AddItemToObject(st, "title", todo_text("TODO"));
	cJSON_AddItemToObject(st, "narration", todo_text(title));
	cJSON_AddItemToObject(st, "run", run);
	if (error) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "error_contains", error);
		cJSON_AddItemToArray(expect, e);
	}
	cJSON_AddItemToObject(st, "expect", expect);
	cJSON_AddItemToArray(steps, st);
}

/* The error recorded for a failed journal entry, or NULL. */
static const char *fail_error(const struct lesson_player *p, const char *key)
{
	for (size_t i = 0; i < p->nr_record_fail; i++)
		if (p->record_fail[i].key == key)
			return p->record_fail[i].error;
	return NULL;
}

/* Keep r's error for the journal entry it made (the last one): a later
 * entry that reuses the same text pointer overwrites it. */
static void fail_note(struct session *ss, struct lesson_player *p,
		      const struct cmd_result *r)
{
	const struct journal_entry *e;
	size_t i;
	char *copy;

	if (!ss->nr_journal)
		return;
	e = &ss->journal[ss->nr_journal - 1];
	if (e->ok || !e->mutates || !e->text || !r->error ||
	    strcmp(e->text, r->cmd))
		return;
	copy = strdup(r->error);
	if (!copy)
		return;
	for (i = 0; i < p->nr_record_fail; i++)
		if (p->record_fail[i].key == e->text)
			break;
	if (i == p->nr_record_fail) {
		if (i == p->cap_record_fail) {
			size_t cap = i ? 2 * i : 8;
			struct record_fail *f =
				realloc(p->record_fail, cap * sizeof(*f));

			if (!f) {
				free(copy);
				return;
			}
			p->record_fail = f;
			p->cap_record_fail = cap;
		}
		p->record_fail[i].error = NULL;
		p->nr_record_fail++;
	}
	free(p->record_fail[i].error);
	p->record_fail[i].key = e->text;
	p->record_fail[i].error = copy;
}

static void fail_free(struct lesson_player *p)
{
	for (size_t i = 0; i < p->nr_record_fail; i++)
		free(p->record_fail[i].error);
	free(p->record_fail);
	p->record_fail = NULL;
	p->nr_record_fail = p->cap_record_fail = 0;
}

/* The recorded lines of journal[from .. to), each through lesson_line:
 * into run, or one step each (with its expected error if it failed). */
static void add_lines(struct session *ss, size_t from, size_t to, cJSON *run,
		      cJSON *steps)
{
	for (size_t i = from; i < to && i < ss->nr_journal; i++) {
		const char *error = NULL;
		char *line;

		if (!ss->journal[i].ok) {
			error = run ? NULL
				    : fail_error(ss->lesson,
						 ss->journal[i].text);
			if (!error)
				continue;
		}
		line = lesson_line(ss->journal[i].text);
		if (!line)
			continue;
		if (run) {
			cJSON_AddItemToArray(run, cJSON_CreateString(line));
		} else {
			cJSON *one = cJSON_CreateArray();

			cJSON_AddItemToArray(one, cJSON_CreateString(line));
			add_step(steps, "TODO", one, error);
		}
		free(line);
	}
}

/* The id: the file's name without directory and .json. */
static void file_id(const char *file, char *buf, size_t len)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	size_t n;

	snprintf(buf, len, "%s", base);
	n = strlen(buf);
	if (n > 5 && !strcmp(buf + n - 5, ".json"))
		buf[n - 5] = '\0';
	if (!buf[0])
		snprintf(buf, len, "recorded");
}

/* Write the lesson so far; 0 (nothing to write counts), or -1 + err. */
static int record_write(struct session *ss, struct lesson_player *p, char *err,
			size_t errlen)
{
	cJSON *root, *steps, *setup, *machine;
	char id[128], *tmp = NULL, *text;
	FILE *f;
	int rc = -1;

	machine = machine_json(&p->record_cfg);
	if (!machine) {
		snprintf(err, errlen,
			 "this machine cannot be written as a "
			 "lesson's (a preset and overrides)");
		return -1;
	}
	root = cJSON_CreateObject();
	file_id(p->record_file, id, sizeof(id));
	cJSON_AddStringToObject(root, "id", id);
	cJSON_AddItemToObject(root, "title", todo_text("TODO"));
	cJSON_AddItemToObject(root, "machine", machine);
	steps = cJSON_AddArrayToObject(root, "steps");
	setup = cJSON_CreateArray();
	add_lines(ss, 0, p->record_mark, setup, NULL);
	if (cJSON_GetArraySize(setup))
		add_step(steps, "TODO (the commands before record)", setup,
			 NULL);
	else
		cJSON_Delete(setup);
	add_lines(ss, p->record_mark, ss->nr_journal, NULL, steps);
	p->record_steps = (size_t)cJSON_GetArraySize(steps);
	if (!p->record_steps) {
		cJSON_Delete(root);
		return 0; /* a lesson needs a step: wait for one */
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text || asprintf(&tmp, "%s.tmp", p->record_file) < 0) {
		free(text);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", tmp,
			 strerror(errno));
		if (f)
			fclose(f);
	} else if (fclose(f) != 0 || rename(tmp, p->record_file) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", p->record_file,
			 strerror(errno));
	} else {
		rc = 0;
	}
	if (rc)
		remove(tmp);
	free(tmp);
	cJSON_free(text);
	return rc;
}

static void record_off(struct session *ss, struct lesson_player *p);

/* on_result: after every command, the file again. */
static void record_on_result(void *ctx, const struct cmd_result *r)
{
	struct session *ss = ctx;
	struct lesson_player *p = ss->lesson;
	char err[256];

	if (p->record_prev_fn)
		p->record_prev_fn(p->record_prev_ctx, r);
	if (!p->record_file)
		return;
	if (!r->ok)
		fail_note(ss, p, r);
	if (!lesson_cfg_equal(&ss->cfg, &p->record_cfg) ||
	    p->record_mark > ss->nr_journal ||
	    lesson_journal_fingerprint(ss, p->record_mark) !=
		    p->record_fingerprint) {
		snprintf(p->record_error, sizeof(p->record_error),
			 "the machine was replaced or undone past the start "
			 "(load, lesson open, undo): recording stopped; %s "
			 "holds what came before",
			 p->record_file);
		out_error(ss->out, "kmemlab: record: %s", p->record_error);
		record_off(ss, p);
		return;
	}
	if (record_write(ss, p, err, sizeof(err)) < 0 &&
	    strcmp(err, p->record_error)) {
		/* say it once, not after every command */
		snprintf(p->record_error, sizeof(p->record_error), "%s", err);
		out_error(ss->out, "kmemlab: record: %s", err);
	}
}

static void record_off(struct session *ss, struct lesson_player *p)
{
	if (ss->on_result == record_on_result && ss->on_result_ctx == ss) {
		ss->on_result = p->record_prev_fn;
		ss->on_result_ctx = p->record_prev_ctx;
	}
	free(p->record_file);
	p->record_file = NULL;
	fail_free(p);
	p->record_prev_fn = NULL;
	p->record_prev_ctx = NULL;
	p->generation++;
}

int lesson_record_start(struct session *ss, const char *file, char *err,
			size_t errlen)
{
	struct lesson_player *p = lesson_player_get(ss);
	cJSON *machine;

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (p->record_file) {
		snprintf(err, errlen, "already recording to %s (record stop)",
			 p->record_file);
		return -1;
	}
	/* a lesson with narration is work: never overwrite one */
	if (access(file, F_OK) == 0) {
		snprintf(err, errlen,
			 "%s exists (remove it, or record to another name)",
			 file);
		return -1;
	}
	machine = machine_json(&ss->cfg);
	if (!machine) {
		snprintf(err, errlen,
			 "this machine cannot be written as a "
			 "lesson's (a preset and overrides)");
		return -1;
	}
	cJSON_Delete(machine);
	p->record_file = strdup(file);
	if (!p->record_file) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->record_mark = ss->nr_journal;
	p->record_fingerprint = lesson_journal_fingerprint(ss, ss->nr_journal);
	p->record_cfg = ss->cfg;
	p->record_error[0] = '\0';
	p->record_steps = 0;
	p->record_prev_fn = ss->on_result;
	p->record_prev_ctx = ss->on_result_ctx;
	ss->on_result = record_on_result;
	ss->on_result_ctx = ss;
	p->generation++;
	return 0;
}

int lesson_record_stop(struct session *ss, char *err, size_t errlen)
{
	struct lesson_player *p = ss->lesson;
	int rc;

	if (!p || !p->record_file) {
		snprintf(err, errlen, "not recording (record FILE.json)");
		return -1;
	}
	rc = record_write(ss, p, err, errlen);
	if (rc == 0 && !p->record_steps) {
		snprintf(err, errlen, "nothing was recorded; %s not written",
			 p->record_file);
		rc = -1;
	}
	record_off(ss, p);
	return rc;
}

const char *lesson_recording(struct session *ss)
{
	const struct lesson_player *p = ss->lesson;

	return p ? p->record_file : NULL;
}

void lesson_record_destroy(struct lesson_player *p)
{
	/* the file is already up to date: written after every command */
	free(p->record_file);
	p->record_file = NULL;
	fail_free(p);
}
