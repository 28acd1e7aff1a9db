// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lesson loader and the headless player behind `kmemlab --check`
 * (DESIGN.md §5). No kernel twin. Loading is strict: an unknown key, a
 * wrong type, a missing field or a command the table does not know is an
 * error naming the file, the step and the field, so a lesson is wrong at
 * load time rather than half-way through a class. Playing boots a fresh
 * machine of the lesson's config, runs each step's commands through the
 * session (the same path the REPL takes) and checks the expectations
 * against what the step's last command did, the kernel log lines of the
 * step, /proc and /sys files, and the variables. A command that fails is
 * an unmet expectation unless an error_contains of its step names its
 * error: a lesson shows a refused free or a kernel BUG on purpose.
 *
 * `state` compares a JSON pointer (RFC 6901) into the snapshot of
 * src/export (snapshot_print) with a JSON value.
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kmemlab/cmd.h"
#include "kmemlab/export.h"
#include "kmemlab/lesson.h"
#include "kmemlab/slab.h"
#include "lesson_internal.h"

static const char *const lang_names[NR_LANGS] = {"en", "zh"};

/* The loader's context: where errors go and how many there were. */
struct loader {
	const char *file;
	FILE *err;
	int errors;
	struct lesson *l;
};

static void load_error(struct loader *ld, long step, const char *field,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void load_error(struct loader *ld, long step, const char *field,
		       const char *fmt, ...)
{
	va_list ap;

	fprintf(ld->err, "%s: ", ld->file);
	if (step > 0)
		fprintf(ld->err, "step %ld: ", step);
	if (field)
		fprintf(ld->err, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(ld->err, fmt, ap);
	va_end(ap);
	fputc('\n', ld->err);
	ld->errors++;
}

static void add_warning(struct lesson *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_warning(struct lesson *l, const char *fmt, ...)
{
	char buf[256], **w;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	w = realloc(l->warnings, (l->nr_warnings + 1) * sizeof(*w));
	if (!w)
		return;
	l->warnings = w;
	w[l->nr_warnings] = strdup(buf);
	if (w[l->nr_warnings])
		l->nr_warnings++;
}

static const char *json_type(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsObject(j))
		return "an object";
	return "null";
}

/* Every key of o must be in allowed (NULL-terminated). */
static void check_keys(struct loader *ld, long step, const char *where,
		       const cJSON *o, const char *const *allowed)
{
	const cJSON *k;

	cJSON_ArrayForEach(k, o)
	{
		bool ok = false;
		char field[128];

		for (int i = 0; allowed[i] && !ok; i++)
			ok = !strcmp(k->string, allowed[i]);
		if (ok)
			continue;
		snprintf(field, sizeof(field), "%s%s%s", where,
			 where[0] ? "." : "", k->string);
		fprintf(ld->err, "%s: ", ld->file);
		if (step > 0)
			fprintf(ld->err, "step %ld: ", step);
		fprintf(ld->err, "%s: unknown key (expected one of", field);
		for (int i = 0; allowed[i]; i++)
			fprintf(ld->err, "%s %s", i ? "," : "", allowed[i]);
		fprintf(ld->err, ")\n");
		ld->errors++;
	}
}

/* A required (or optional) string member; NULL if absent or wrong. */
static const char *get_string(struct loader *ld, long step, const cJSON *o,
			      const char *key, const char *field, bool required)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!j) {
		if (required)
			load_error(ld, step, field, "missing");
		return NULL;
	}
	if (!cJSON_IsString(j)) {
		load_error(ld, step, field, "expected a string, found %s",
			   json_type(j));
		return NULL;
	}
	return j->valuestring;
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* {"en": ..., "zh": ...}: en required, zh a warning when missing. */
static void load_text(struct loader *ld, long step, const cJSON *o,
		      const char *key, struct lesson_text *t)
{
	static const char *const keys[] = {"en", "zh", NULL};
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
	char field[64];

	if (!j) {
		load_error(ld, step, key, "missing");
		return;
	}
	if (!cJSON_IsObject(j)) {
		load_error(ld, step, key,
			   "expected an object {\"en\": ..., \"zh\": ...}, "
			   "found %s",
			   json_type(j));
		return;
	}
	check_keys(ld, step, key, j, keys);
	for (int i = 0; i < NR_LANGS; i++) {
		snprintf(field, sizeof(field), "%s.%s", key, lang_names[i]);
		t->s[i] = xstrdup(
			get_string(ld, step, j, lang_names[i], field, i == 0));
		if (t->s[i] && !t->s[i][0]) {
			load_error(ld, step, field, "empty text");
		}
	}
	if (!t->s[LANG_ZH] && !cJSON_GetObjectItemCaseSensitive(j, "zh")) {
		if (step > 0)
			add_warning(ld->l,
				    "step %ld: %s.zh missing, English shown",
				    step, key);
		else
			add_warning(ld->l, "%s.zh missing, English shown", key);
	}
}

/* machine.init_on_alloc / init_on_free: the boot options, off if absent */
static void load_machine_bool(struct loader *ld, const cJSON *o,
			      const char *key, bool *v)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
	char field[48];

	if (!j)
		return;
	snprintf(field, sizeof(field), "machine.%s", key);
	if (!cJSON_IsBool(j))
		load_error(ld, 0, field, "expected a boolean, found %s",
			   json_type(j));
	else
		*v = cJSON_IsTrue(j);
}

static void load_machine(struct loader *ld, const cJSON *root)
{
	static const char *const keys[] = {
		"preset",	"seed",	    "mem",	  "cpus",
		"nodes",	"hardened", "slub_debug", "init_on_alloc",
		"init_on_free", NULL};
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "machine");
	const cJSON *j;
	const char *preset;
	struct machine_config *cfg = &ld->l->cfg;

	if (!o) {
		load_error(ld, 0, "machine", "missing");
		return;
	}
	if (!cJSON_IsObject(o)) {
		load_error(ld, 0, "machine", "expected an object, found %s",
			   json_type(o));
		return;
	}
	check_keys(ld, 0, "machine", o, keys);
	preset = get_string(ld, 0, o, "preset", "machine.preset", true);
	if (preset && machine_preset(cfg, preset) < 0)
		load_error(ld, 0, "machine.preset", "no preset '%s'", preset);
	else if (!preset)
		machine_preset(cfg, "default");

	j = cJSON_GetObjectItemCaseSensitive(o, "seed");
	if (!j)
		load_error(ld, 0, "machine.seed", "missing");
	else if (!cJSON_IsNumber(j) || j->valuedouble < 0 ||
		 j->valuedouble != (double)(long long)j->valuedouble)
		load_error(ld, 0, "machine.seed",
			   "expected a non-negative integer");
	else
		cfg->seed = (uint64_t)j->valuedouble;

	j = cJSON_GetObjectItemCaseSensitive(o, "mem");
	if (j) {
		unsigned long v;

		if (!cJSON_IsString(j) || cmd_parse_size(j->valuestring, &v))
			load_error(ld, 0, "machine.mem",
				   "expected a size string such as \"128M\"");
		else
			cfg->mem_bytes = v;
	}
	j = cJSON_GetObjectItemCaseSensitive(o, "cpus");
	if (j) {
		if (!cJSON_IsNumber(j) || j->valueint < 1 ||
		    j->valueint > KM_NR_CPUS)
			load_error(ld, 0, "machine.cpus",
				   "expected an integer 1..%d", KM_NR_CPUS);
		else
			cfg->nr_cpus = j->valueint;
	}
	j = cJSON_GetObjectItemCaseSensitive(o, "nodes");
	if (j) {
		if (!cJSON_IsNumber(j) || j->valueint < 1 ||
		    j->valueint > KM_MAX_NUMNODES)
			load_error(ld, 0, "machine.nodes",
				   "expected an integer 1..%d",
				   KM_MAX_NUMNODES);
		else {
			cfg->nr_nodes = j->valueint;
			machine_ring_distances(cfg);
		}
	}
	j = cJSON_GetObjectItemCaseSensitive(o, "hardened");
	if (j) {
		if (!cJSON_IsBool(j))
			load_error(ld, 0, "machine.hardened",
				   "expected a boolean, found %s",
				   json_type(j));
		else
			cfg->hardened = cJSON_IsTrue(j);
	}
	j = cJSON_GetObjectItemCaseSensitive(o, "slub_debug");
	if (j) {
		if (!cJSON_IsString(j) ||
		    strlen(j->valuestring) >= sizeof(cfg->slub_debug))
			load_error(ld, 0, "machine.slub_debug",
				   "expected a short string (\"FZPU\")");
		else
			snprintf(cfg->slub_debug, sizeof(cfg->slub_debug), "%s",
				 j->valuestring);
	}
	load_machine_bool(ld, o, "init_on_alloc", &cfg->init_on_alloc);
	load_machine_bool(ld, o, "init_on_free", &cfg->init_on_free);
}

/* Each ';'-separated command of a run line names a known command. */
static void check_run_line(struct loader *ld, long step, const char *field,
			   const char *line)
{
	char *copy = strdup(line), *save = NULL, *c;

	if (!copy)
		return;
	c = strchr(copy, '#');
	if (c)
		*c = '\0';
	for (c = strtok_r(copy, ";", &save); c;
	     c = strtok_r(NULL, ";", &save)) {
		char word[64], word2[8];
		const struct command *cmd;
		bool amb = false;
		int n;

		word[0] = word2[0] = '\0';
		n = sscanf(c, "%63s %7s", word, word2);
		if (n < 1)
			continue;
		if (n == 2 && !strcmp(word2, "=")) {
			const char *eq = strchr(c, '=');

			if (sscanf(eq + 1, "%63s", word) != 1) {
				load_error(ld, step, field,
					   "'%s': nothing after '='", line);
				continue;
			}
		}
		/* repeat N COMMAND...: the repeated command counts */
		if (!strcmp(word, "repeat")) {
			const char *p = strstr(c, "repeat") + 6;
			char num[32];

			if (sscanf(p, "%31s %63s", num, word) != 2)
				continue; /* the dispatcher reports arity */
		}
		cmd = cmd_lookup(word, &amb);
		if (!cmd || strcmp(cmd->name, word))
			load_error(ld, step, field,
				   "unknown command '%s' in '%s'%s", word, line,
				   cmd ? " (lessons spell commands in full)"
				       : "");
		else if (!strcmp(word, "lesson") || !strcmp(word, "next") ||
			 !strcmp(word, "prev") || !strcmp(word, "record"))
			/* the player is playing this very step */
			load_error(ld, step, field,
				   "'%s' in '%s': a lesson cannot drive the "
				   "lesson player",
				   word, line);
	}
	free(copy);
}

static void load_expect(struct loader *ld, long step, int idx, const cJSON *e,
			struct lesson_expect *x)
{
	static const char *const path_keys[] = {"path_contains",
						"path_excludes", NULL};
	static const char *const cat_keys[] = {"cat", "equals", "matches",
					       NULL};
	static const char *const var_keys[] = {"var", "equals", NULL};
	static const char *const report_keys[] = {"report_contains", NULL};
	static const char *const error_keys[] = {"error_contains", NULL};
	char field[64];
	const cJSON *j;

	snprintf(field, sizeof(field), "expect[%d]", idx);
	if (!cJSON_IsObject(e)) {
		load_error(ld, step, field, "expected an object, found %s",
			   json_type(e));
		return;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(e, "state"))) {
		static const char *const state_keys[] = {"state", "equals",
							 NULL};
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "equals");
		char f2[64];

		x->kind = EXPECT_STATE;
		check_keys(ld, step, field, e, state_keys);
		snprintf(f2, sizeof(f2), "expect[%d].state", idx);
		x->arg = xstrdup(get_string(ld, step, e, "state", f2, true));
		if (x->arg && x->arg[0] && x->arg[0] != '/')
			load_error(
				ld, step, f2,
				"'%s' is not a JSON pointer (\"/state/...\")",
				x->arg);
		snprintf(f2, sizeof(f2), "expect[%d].equals", idx);
		if (!v)
			load_error(ld, step, f2, "missing");
		else
			x->value = cJSON_PrintUnformatted(v);
		return;
	}
	if ((j = cJSON_GetObjectItemCaseSensitive(e, "path_contains")) ||
	    (j = cJSON_GetObjectItemCaseSensitive(e, "path_excludes"))) {
		x->kind = !strcmp(j->string, "path_contains")
				  ? EXPECT_PATH_CONTAINS
				  : EXPECT_PATH_EXCLUDES;
		check_keys(ld, step, field, e, path_keys);
		if (cJSON_GetArraySize(e) != 1)
			load_error(ld, step, field,
				   "one of path_contains, path_excludes");
		snprintf(field, sizeof(field), "expect[%d].%s", idx, j->string);
		x->arg = xstrdup(
			get_string(ld, step, e, j->string, field, true));
	} else if ((j = cJSON_GetObjectItemCaseSensitive(e, "cat"))) {
		const char *eq, *re;
		char f2[64];

		check_keys(ld, step, field, e, cat_keys);
		snprintf(f2, sizeof(f2), "expect[%d].cat", idx);
		x->arg = xstrdup(get_string(ld, step, e, "cat", f2, true));
		snprintf(f2, sizeof(f2), "expect[%d].equals", idx);
		eq = get_string(ld, step, e, "equals", f2, false);
		snprintf(f2, sizeof(f2), "expect[%d].matches", idx);
		re = get_string(ld, step, e, "matches", f2, false);
		if (!!eq == !!re &&
		    !!cJSON_GetObjectItemCaseSensitive(e, "equals") ==
			    !!cJSON_GetObjectItemCaseSensitive(e, "matches")) {
			load_error(ld, step, field,
				   "a cat needs exactly one of equals, "
				   "matches");
		} else if (eq) {
			x->kind = EXPECT_CAT_EQUALS;
			x->value = strdup(eq);
		} else if (re) {
			regex_t *r = calloc(1, sizeof(*r));
			char msg[128];
			int rc;

			x->kind = EXPECT_CAT_MATCHES;
			x->value = strdup(re);
			if (r &&
			    (rc = regcomp(r, re, REG_EXTENDED | REG_NOSUB))) {
				regerror(rc, r, msg, sizeof(msg));
				load_error(ld, step, f2, "bad regex '%s': %s",
					   re, msg);
				free(r);
			} else {
				x->regex = r;
			}
		}
		if (x->arg && x->arg[0] != '/')
			load_error(ld, step, field,
				   "'%s' is not an absolute /proc or /sys "
				   "path",
				   x->arg);
	} else if ((j = cJSON_GetObjectItemCaseSensitive(e, "var"))) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "equals");
		char f2[64];

		x->kind = EXPECT_VAR;
		check_keys(ld, step, field, e, var_keys);
		snprintf(f2, sizeof(f2), "expect[%d].var", idx);
		x->arg = xstrdup(get_string(ld, step, e, "var", f2, true));
		snprintf(f2, sizeof(f2), "expect[%d].equals", idx);
		if (!v)
			load_error(ld, step, f2, "missing (true or false)");
		else if (!cJSON_IsBool(v))
			load_error(ld, step, f2, "expected a boolean, found %s",
				   json_type(v));
		else
			x->want = cJSON_IsTrue(v);
		if (x->arg && !strstr(x->arg, "==") && !strstr(x->arg, "!=") &&
		    strncmp(x->arg, "same_slab(", 10))
			load_error(ld, step, f2 /* var */,
				   "'%s': expected 'A == B', 'A != B' or "
				   "'same_slab(A, B)'",
				   x->arg);
	} else if ((j = cJSON_GetObjectItemCaseSensitive(e,
							 "report_contains"))) {
		char f2[64];

		x->kind = EXPECT_REPORT_CONTAINS;
		check_keys(ld, step, field, e, report_keys);
		snprintf(f2, sizeof(f2), "expect[%d].report_contains", idx);
		x->arg = xstrdup(
			get_string(ld, step, e, "report_contains", f2, true));
	} else if ((j = cJSON_GetObjectItemCaseSensitive(e,
							 "error_contains"))) {
		char f2[64];

		x->kind = EXPECT_ERROR_CONTAINS;
		check_keys(ld, step, field, e, error_keys);
		snprintf(f2, sizeof(f2), "expect[%d].error_contains", idx);
		x->arg = xstrdup(
			get_string(ld, step, e, "error_contains", f2, true));
		if (x->arg && !x->arg[0])
			load_error(ld, step, f2,
				   "empty text (it would expect any failure)");
	} else {
		const cJSON *k = e->child;

		load_error(ld, step, field,
			   "unknown kind%s%s%s (expected path_contains, "
			   "path_excludes, cat, var, report_contains, "
			   "error_contains or state)",
			   k ? " '" : "", k ? k->string : "", k ? "'" : "");
	}
}

static void load_step(struct loader *ld, long step, const cJSON *s,
		      struct lesson_step *st)
{
	static const char *const keys[] = {"title", "narration", "run",
					   "focus", "expect",	 NULL};
	static const char *const focus_keys[] = {"view", "cache", "addr", NULL};
	static const char *const views[] = {"slub", "buddy", "pages", "vmalloc",
					    NULL};
	const cJSON *j, *k;
	int i;

	if (!cJSON_IsObject(s)) {
		load_error(ld, step, NULL, "expected an object, found %s",
			   json_type(s));
		return;
	}
	check_keys(ld, step, "", s, keys);
	load_text(ld, step, s, "title", &st->title);
	load_text(ld, step, s, "narration", &st->narration);

	j = cJSON_GetObjectItemCaseSensitive(s, "run");
	if (!j) {
		load_error(ld, step, "run", "missing");
	} else if (!cJSON_IsArray(j)) {
		load_error(ld, step, "run",
			   "expected an array of commands, found %s",
			   json_type(j));
	} else {
		st->run = calloc((size_t)cJSON_GetArraySize(j) + 1,
				 sizeof(*st->run));
		i = 0;
		cJSON_ArrayForEach(k, j)
		{
			char field[32];

			snprintf(field, sizeof(field), "run[%d]", i++);
			if (!cJSON_IsString(k)) {
				load_error(ld, step, field,
					   "expected a string, found %s",
					   json_type(k));
				continue;
			}
			check_run_line(ld, step, field, k->valuestring);
			if (st->run)
				st->run[st->nr_run++] = strdup(k->valuestring);
		}
	}

	j = cJSON_GetObjectItemCaseSensitive(s, "focus");
	if (j && !cJSON_IsObject(j)) {
		load_error(ld, step, "focus", "expected an object, found %s",
			   json_type(j));
	} else if (j) {
		const char *v;

		check_keys(ld, step, "focus", j, focus_keys);
		v = get_string(ld, step, j, "view", "focus.view", true);
		if (v) {
			for (i = 0; views[i] && strcmp(views[i], v); i++)
				;
			if (!views[i])
				load_error(ld, step, "focus.view",
					   "'%s' is not one of slub, buddy, "
					   "pages, vmalloc",
					   v);
			else
				snprintf(st->focus_view, sizeof(st->focus_view),
					 "%s", v);
		}
		st->focus_cache = xstrdup(
			get_string(ld, step, j, "cache", "focus.cache", false));
		st->focus_addr = xstrdup(
			get_string(ld, step, j, "addr", "focus.addr", false));
	}

	j = cJSON_GetObjectItemCaseSensitive(s, "expect");
	if (!j) {
		load_error(ld, step, "expect", "missing");
	} else if (!cJSON_IsArray(j)) {
		load_error(ld, step, "expect", "expected an array, found %s",
			   json_type(j));
	} else {
		st->expect = calloc((size_t)cJSON_GetArraySize(j) + 1,
				    sizeof(*st->expect));
		i = 0;
		cJSON_ArrayForEach(k, j)
		{
			if (!st->expect)
				break;
			load_expect(ld, step, i++, k,
				    &st->expect[st->nr_expect++]);
		}
	}
}

static char *read_file(const char *file, FILE *err)
{
	FILE *f = fopen(file, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(err, "%s: cannot open: %s\n", file, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = 2 * cap + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
		if (n < 4096)
			break;
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Parse and validate text (NUL-terminated, freed here). */
static struct lesson *load_text_buf(char *text, const char *file, FILE *err)
{
	static const char *const keys[] = {"$schema", "id",    "title",
					   "machine", "steps", NULL};
	struct loader ld = {.file = file, .err = err};
	const char *end = NULL;
	cJSON *root, *j, *s;
	long i;

	if (!text)
		return NULL;
	root = cJSON_ParseWithOpts(text, &end, 1);
	if (!root) {
		const char *at = end ? end : text;
		int line = 1, col = 1;

		/* cJSON points at where it gave up: count lines to it */
		for (const char *p = text; *p && p < at; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		fprintf(err, "%s:%d:%d: bad JSON near '%.*s'\n", file, line,
			col,
			(int)strcspn(at, "\n") < 20 ? (int)strcspn(at, "\n")
						    : 20,
			at);
		free(text);
		return NULL;
	}
	free(text);
	ld.l = calloc(1, sizeof(*ld.l));
	if (!ld.l) {
		cJSON_Delete(root);
		return NULL;
	}
	ld.l->file = strdup(file);
	machine_preset(&ld.l->cfg, "default");
	if (!cJSON_IsObject(root)) {
		load_error(&ld, 0, NULL, "expected an object, found %s",
			   json_type(root));
		goto done;
	}
	check_keys(&ld, 0, "", root, keys);
	ld.l->id = xstrdup(get_string(&ld, 0, root, "id", "id", true));
	load_text(&ld, 0, root, "title", &ld.l->title);
	load_machine(&ld, root);
	j = cJSON_GetObjectItemCaseSensitive(root, "steps");
	if (!j) {
		load_error(&ld, 0, "steps", "missing");
	} else if (!cJSON_IsArray(j) || !cJSON_GetArraySize(j)) {
		load_error(&ld, 0, "steps",
			   "expected a non-empty array, found %s",
			   json_type(j));
	} else {
		ld.l->steps = calloc((size_t)cJSON_GetArraySize(j),
				     sizeof(*ld.l->steps));
		i = 0;
		cJSON_ArrayForEach(s, j)
		{
			if (!ld.l->steps)
				break;
			load_step(&ld, ++i, s, &ld.l->steps[ld.l->nr_steps++]);
		}
	}
done:
	cJSON_Delete(root);
	if (ld.errors) {
		lesson_free(ld.l);
		return NULL;
	}
	return ld.l;
}

struct lesson *lesson_load(const char *file, FILE *err)
{
	return load_text_buf(read_file(file, err), file, err);
}

struct lesson *lesson_load_mem(const char *buf, size_t len, const char *name,
			       FILE *err)
{
	char *text = malloc(len + 1);

	if (!text) {
		fprintf(err, "%s: out of memory\n", name);
		return NULL;
	}
	memcpy(text, buf, len);
	text[len] = '\0';
	return load_text_buf(text, name, err);
}

static void free_text(struct lesson_text *t)
{
	for (int i = 0; i < NR_LANGS; i++)
		free(t->s[i]);
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nr_steps; i++) {
		struct lesson_step *st = &l->steps[i];

		free_text(&st->title);
		free_text(&st->narration);
		for (size_t k = 0; k < st->nr_run; k++)
			free(st->run[k]);
		free(st->run);
		free(st->focus_cache);
		free(st->focus_addr);
		for (size_t k = 0; k < st->nr_expect; k++) {
			free(st->expect[k].arg);
			if (st->expect[k].kind == EXPECT_STATE)
				cJSON_free(st->expect[k].value);
			else
				free(st->expect[k].value);
			if (st->expect[k].regex)
				regfree(st->expect[k].regex);
			free(st->expect[k].regex);
		}
		free(st->expect);
	}
	free(l->steps);
	for (size_t i = 0; i < l->nr_warnings; i++)
		free(l->warnings[i]);
	free(l->warnings);
	free_text(&l->title);
	free(l->id);
	free(l->file);
	free(l);
}

const char *lesson_text(const struct lesson_text *t, enum lesson_lang lang)
{
	return t->s[lang] ? t->s[lang] : t->s[LANG_EN] ? t->s[LANG_EN] : "";
}

int lesson_lang_parse(const char *s)
{
	for (int i = 0; i < NR_LANGS; i++)
		if (!strcmp(s, lang_names[i]))
			return i;
	return -1;
}

enum lesson_lang lesson_lang_from_env(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && v[0])
			return strncmp(v, "zh", 2) ? LANG_EN : LANG_ZH;
	}
	return LANG_EN;
}

/* ---- playing ----------------------------------------------------------- */

static void record_reset_path(struct step_record *r)
{
	for (size_t i = 0; i < r->nr_path; i++)
		free(r->path[i]);
	free(r->path);
	r->path = NULL;
	r->nr_path = 0;
}

void lesson_step_record_free(struct step_record *r)
{
	record_reset_path(r);
	for (size_t i = 0; i < r->nr_log; i++)
		free(r->log[i]);
	free(r->log);
	for (size_t i = 0; i < r->nr_fail; i++) {
		free(r->fail_cmd[i]);
		free(r->fail_error[i]);
	}
	free(r->fail_cmd);
	free(r->fail_error);
	memset(r, 0, sizeof(*r));
}

/* A failed command of the step, kept for error_contains. */
static void record_failure(struct step_record *r, const struct cmd_result *res)
{
	if (r->nr_fail == r->cap_fail) {
		size_t cap = r->cap_fail ? 2 * r->cap_fail : 4;
		char **c = realloc(r->fail_cmd, cap * sizeof(*c));

		if (!c)
			return;
		r->fail_cmd = c;
		c = realloc(r->fail_error, cap * sizeof(*c));
		if (!c)
			return;
		r->fail_error = c;
		r->cap_fail = cap;
	}
	r->fail_cmd[r->nr_fail] = strdup(res->cmd ? res->cmd : "");
	r->fail_error[r->nr_fail] = strdup(res->error ? res->error : "");
	if (!r->fail_cmd[r->nr_fail] || !r->fail_error[r->nr_fail]) {
		free(r->fail_cmd[r->nr_fail]);
		free(r->fail_error[r->nr_fail]);
		return;
	}
	r->nr_fail++;
}

void lesson_step_record_result(void *ctx, const struct cmd_result *res)
{
	struct step_record *r = ctx;
	const struct trace *t = res->trace;

	if (!res->ok)
		record_failure(r, res);
	record_reset_path(r);
	r->path = calloc(t->nr_path + 1, sizeof(*r->path));
	for (size_t i = 0; r->path && i < t->nr_path; i++)
		r->path[r->nr_path++] = strdup(t->path[i]);
	for (size_t i = 0; i < t->nr_ev; i++) {
		if (t->ev[i].type != EV_PRINTK)
			continue;
		if (r->nr_log == r->cap_log) {
			size_t cap = r->cap_log ? 2 * r->cap_log : 16;
			char **nl = realloc(r->log, cap * sizeof(*nl));

			if (!nl)
				return;
			r->log = nl;
			r->cap_log = cap;
		}
		r->log[r->nr_log++] =
			strdup(t->ev[i].text ? t->ev[i].text : "");
	}
}

/* A relation's operand: a variable or a number. */
static int operand(struct session *ss, const char *s, unsigned long *v,
		   char *found, size_t len)
{
	char name[64];
	const struct var *var;
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	snprintf(name, sizeof(name), "%s", s);
	n = strlen(name);
	while (n && isspace((unsigned char)name[n - 1]))
		name[--n] = '\0';
	var = session_var(ss, name);
	if (var) {
		*v = var->val;
		snprintf(found + strlen(found), len - strlen(found),
			 "%s%s=0x%lx", found[0] ? ", " : "", name, *v);
		return 0;
	}
	/* numbers and sums of variables ("a+64"), as commands take them */
	if (cmd_parse_size(name, v) == 0 ||
	    cmd_arg_ulong(ss, name, "var", v) == 0)
		return 0;
	snprintf(found, len, "no variable '%s'", name);
	return -1;
}

/* The slab page holding a direct-map address, or NULL. */
static struct page *slab_of(struct machine *m, unsigned long a)
{
	struct page *p;

	if (!virt_addr_valid(m, a))
		return NULL;
	p = compound_head(virt_to_page(m, a));
	return PageSlab(p) ? p : NULL;
}

/* Evaluate "A == B", "A != B", "same_slab(A, B)". */
static int eval_var(struct session *ss, const char *expr, bool *res,
		    char *found, size_t len)
{
	char a[64] = "", b[64] = "";
	unsigned long va, vb;
	const char *op;

	found[0] = '\0';
	if (!strncmp(expr, "same_slab(", 10)) {
		const char *comma = strchr(expr, ','),
			   *close = strrchr(expr, ')');
		struct page *pa, *pb;

		if (!comma || !close || close < comma) {
			snprintf(found, len, "a malformed relation");
			return -1;
		}
		snprintf(a, sizeof(a), "%.*s", (int)(comma - expr - 10),
			 expr + 10);
		snprintf(b, sizeof(b), "%.*s", (int)(close - comma - 1),
			 comma + 1);
		if (operand(ss, a, &va, found, len) ||
		    operand(ss, b, &vb, found, len))
			return -1;
		pa = slab_of(ss->m, va);
		pb = slab_of(ss->m, vb);
		*res = pa && pa == pb;
		return 0;
	}
	op = strstr(expr, "==");
	if (!op)
		op = strstr(expr, "!=");
	if (!op) {
		snprintf(found, len, "a malformed relation");
		return -1;
	}
	snprintf(a, sizeof(a), "%.*s", (int)(op - expr), expr);
	snprintf(b, sizeof(b), "%s", op + 2);
	if (operand(ss, a, &va, found, len) || operand(ss, b, &vb, found, len))
		return -1;
	*res = (va == vb) == (op[0] == '=');
	return 0;
}

void lesson_describe_expect(const struct lesson_expect *x, char *buf,
			    size_t len)
{
	switch (x->kind) {
	case EXPECT_PATH_CONTAINS:
		snprintf(buf, len, "path_contains %s", x->arg);
		break;
	case EXPECT_PATH_EXCLUDES:
		snprintf(buf, len, "path_excludes %s", x->arg);
		break;
	case EXPECT_CAT_EQUALS:
		snprintf(buf, len, "cat %s equals \"%s\"", x->arg, x->value);
		break;
	case EXPECT_CAT_MATCHES:
		snprintf(buf, len, "cat %s matches /%s/", x->arg, x->value);
		break;
	case EXPECT_VAR:
		snprintf(buf, len, "var %s is %s", x->arg,
			 x->want ? "true" : "false");
		break;
	case EXPECT_REPORT_CONTAINS:
		snprintf(buf, len, "report_contains \"%s\"", x->arg);
		break;
	case EXPECT_STATE:
		snprintf(buf, len, "state %s equals %s", x->arg, x->value);
		break;
	case EXPECT_ERROR_CONTAINS:
		snprintf(buf, len, "error_contains \"%s\"", x->arg);
		break;
	}
}

static void join_path(const struct step_record *r, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (!r->nr_path) {
		snprintf(buf, len, "an empty path");
		return;
	}
	off = (size_t)snprintf(buf, len, "path ");
	for (size_t i = 0; i < r->nr_path && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					i ? " → " : "", r->path[i]);
}

/* RFC 6901: "/a/0/b", "~1" is '/', "~0" is '~'. NULL if absent. */
static const cJSON *json_pointer(const cJSON *j, const char *ptr)
{
	char tok[256];

	while (j && *ptr == '/') {
		size_t n = 0;

		for (ptr++; *ptr && *ptr != '/' && n < sizeof(tok) - 1; ptr++) {
			if (ptr[0] == '~' && (ptr[1] == '0' || ptr[1] == '1')) {
				tok[n++] = ptr[1] == '0' ? '~' : '/';
				ptr++;
			} else {
				tok[n++] = *ptr;
			}
		}
		tok[n] = '\0';
		if (cJSON_IsArray(j)) {
			char *end;
			long i = strtol(tok, &end, 10);

			j = *tok && !*end && i >= 0
				    ? cJSON_GetArrayItem(j, (int)i)
				    : NULL;
		} else {
			j = cJSON_GetObjectItemCaseSensitive(j, tok);
		}
	}
	return j;
}

static int check_state(struct session *ss, const struct lesson_expect *x,
		       char *found, size_t len)
{
	char *text = snapshot_print(ss);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	cJSON *want = cJSON_Parse(x->value);
	const cJSON *got = root ? json_pointer(root, x->arg) : NULL;
	int ok = got && want && cJSON_Compare(got, want, 1);

	if (!root) {
		snprintf(found, len, "no snapshot");
	} else if (!got) {
		snprintf(found, len, "nothing at %s", x->arg);
	} else {
		char *g = cJSON_PrintUnformatted(got);

		snprintf(found, len, "%.300s", g ? g : "?");
		free(g);
	}
	free(text);
	cJSON_Delete(root);
	cJSON_Delete(want);
	return ok;
}

int lesson_check_expect(struct session *ss, const struct step_record *r,
			const struct lesson_expect *x, char *found, size_t len)
{
	struct seq_buf s;
	bool in = false, res = false;
	int rc, ok = 0;

	found[0] = '\0';
	switch (x->kind) {
	case EXPECT_PATH_CONTAINS:
	case EXPECT_PATH_EXCLUDES:
		for (size_t i = 0; i < r->nr_path && !in; i++)
			in = !strcmp(r->path[i], x->arg);
		ok = in == (x->kind == EXPECT_PATH_CONTAINS);
		join_path(r, found, len);
		return ok;
	case EXPECT_CAT_EQUALS:
	case EXPECT_CAT_MATCHES:
		seq_init(&s);
		rc = procfs_read(ss->m, x->arg, &s);
		if (rc) {
			snprintf(found, len, "cannot read %s: %s", x->arg,
				 strerror(-rc));
			seq_free(&s);
			return 0;
		}
		/* the trailing newline is not part of the value */
		while (s.len && s.buf[s.len - 1] == '\n')
			s.buf[--s.len] = '\0';
		if (x->kind == EXPECT_CAT_EQUALS)
			ok = !strcmp(s.buf ? s.buf : "", x->value);
		else
			ok = regexec(x->regex, s.buf ? s.buf : "", 0, NULL,
				     0) == 0;
		snprintf(found, len, "\"%.300s%s\"", s.buf ? s.buf : "",
			 s.len > 300 ? "..." : "");
		seq_free(&s);
		return ok;
	case EXPECT_VAR:
		if (eval_var(ss, x->arg, &res, found, len) < 0)
			return 0;
		snprintf(found + strlen(found), len - strlen(found), "%s(%s)",
			 found[0] ? " " : "", res ? "true" : "false");
		return res == x->want;
	case EXPECT_REPORT_CONTAINS:
		for (size_t i = 0; i < r->nr_log; i++)
			if (strstr(r->log[i], x->arg))
				return 1;
		if (!r->nr_log)
			snprintf(found, len, "no kernel log line");
		else
			snprintf(found, len, "%zu log line%s, the last \"%s\"",
				 r->nr_log, r->nr_log == 1 ? "" : "s",
				 r->log[r->nr_log - 1]);
		return 0;
	case EXPECT_STATE:
		return check_state(ss, x, found, len);
	case EXPECT_ERROR_CONTAINS:
		for (size_t i = 0; i < r->nr_fail; i++)
			if (strstr(r->fail_error[i], x->arg))
				return 1;
		if (!r->nr_fail)
			snprintf(found, len, "no command failed");
		else
			snprintf(found, len, "'%s' failed: %s",
				 r->fail_cmd[r->nr_fail - 1],
				 r->fail_error[r->nr_fail - 1]);
		return 0;
	}
	return 0;
}

size_t lesson_unexpected_failure(const struct lesson_step *st,
				 const struct step_record *r, char *buf,
				 size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nr_fail; i++) {
		bool expected = false;

		for (size_t k = 0; k < st->nr_expect && !expected; k++)
			expected =
				st->expect[k].kind == EXPECT_ERROR_CONTAINS &&
				strstr(r->fail_error[i], st->expect[k].arg);
		if (!expected && !n++)
			snprintf(buf, len, "'%s' failed: %s", r->fail_cmd[i],
				 r->fail_error[i]);
	}
	return n;
}

/* Kernel log lines and errors go nowhere: --check prints only results. */
static void discard(void *ctx, enum out_stream st, const char *s, size_t n)
{
}

int lesson_check(const char *file, enum lesson_lang lang, FILE *out)
{
	struct lesson *l = lesson_load(file, out);
	struct out sink = {.write = discard};
	struct step_record rec = {0};
	struct session *ss;
	size_t nr_expect = 0, unmet = 0;
	char err[256];

	if (!l) {
		fprintf(out, "%s: FAILED to load\n", file);
		return 1;
	}
	for (size_t i = 0; i < l->nr_warnings; i++)
		fprintf(out, "%s: warning: %s\n", file, l->warnings[i]);
	ss = session_create(&l->cfg, &sink, err, sizeof(err));
	if (!ss) {
		fprintf(out, "%s: cannot boot the machine: %s\n", file, err);
		lesson_free(l);
		return 1;
	}
	ss->opt.check = true;
	ss->on_result = lesson_step_record_result;
	ss->on_result_ctx = &rec;
	for (size_t i = 0; i < l->nr_steps; i++) {
		const struct lesson_step *st = &l->steps[i];
		const char *title = lesson_text(&st->title, lang);
		char what[512], found[1024], failed[600];

		lesson_step_record_free(&rec);
		for (size_t k = 0; k < st->nr_run; k++)
			session_run_line(ss, st->run[k], "lesson", k + 1);
		if (lesson_unexpected_failure(st, &rec, failed,
					      sizeof(failed))) {
			fprintf(out, "%s: step %zu (%s): %s\n", file, i + 1,
				title, failed);
			unmet++;
		}
		for (size_t k = 0; k < st->nr_expect; k++) {
			nr_expect++;
			if (lesson_check_expect(ss, &rec, &st->expect[k], found,
						sizeof(found)))
				continue;
			lesson_describe_expect(&st->expect[k], what,
					       sizeof(what));
			fprintf(out, "%s: step %zu (%s): %s — found %s\n", file,
				i + 1, title, what, found);
			unmet++;
		}
	}
	lesson_step_record_free(&rec);
	session_destroy(ss);
	if (unmet)
		fprintf(out,
			"%s: FAILED: %zu unmet of %zu expectations in %zu "
			"steps\n",
			file, unmet, nr_expect, l->nr_steps);
	else
		fprintf(out, "%s: ok: %zu expectations in %zu steps\n", file,
			nr_expect, l->nr_steps);
	lesson_free(l);
	return unmet ? 1 : 0;
}
