// SPDX-License-Identifier: GPL-2.0-only
/*
 * The session and the dispatcher: split a line into commands, tokens and
 * an optional assignment, find the command in the table (exact name, else
 * a unique prefix, else "did you mean"), check its arity, run it with the
 * trace collector as the machine's sink, then report: the error line, the
 * kernel log lines, the --json result, the journal.
 *
 * Invariant: a command that fails leaves the machine as it found it.
 * Handlers validate every argument before they call the engine, and the
 * jiffies and caller set here are restored on failure.
 *
 * No kernel twin; the shape is redis's (arity from the table) and the
 * sqlite3 shell's (unique prefixes, one output sink).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/buddy.h"
#include "kmemlab/cmd.h"
#include "cmd_internal.h"

#ifndef KMEMLAB_VERSION
#define KMEMLAB_VERSION "0.0"
#endif

const char *kmemlab_version(void)
{
	return KMEMLAB_VERSION;
}

const char *const cmd_group_names[NR_CMD_GROUPS] = {
	[GRP_KMALLOC] = "kmalloc", [GRP_CACHES] = "caches",
	[GRP_PAGES] = "pages",	   [GRP_VMALLOC] = "vmalloc",
	[GRP_INSPECT] = "inspect", [GRP_SESSION] = "session",
};

/* --- the table: one array per area, in help order ---------------------- */

static const struct command *const tables[] = {
	cmd_slab_table,	   cmd_pages_table,   cmd_vmalloc_table,
	cmd_inspect_table, cmd_session_table, cmd_export_table,
	cmd_ui_table,	   cmd_lesson_table,
};

size_t cmd_count(void)
{
	size_t n = 0;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct command *c = tables[t]; c->name; c++)
			n++;
	return n;
}

const struct command *cmd_at(size_t i)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct command *c = tables[t]; c->name; c++)
			if (i-- == 0)
				return c;
	return NULL;
}

#define for_each_command(c)                                                    \
	for (size_t __t = 0; __t < sizeof(tables) / sizeof(tables[0]); __t++)  \
		for (c = tables[__t]; c->name; c++)

const struct command *cmd_lookup(const char *name, bool *ambiguous)
{
	const struct command *c, *found = NULL;
	size_t len = strlen(name), matches = 0;

	if (ambiguous)
		*ambiguous = false;
	for_each_command(c) if (!strcmp(c->name, name)) return c;
	if (!len)
		return NULL;
	for_each_command(c) if (!strncmp(c->name, name, len))
	{
		found = c;
		matches++;
	}
	if (matches > 1 && ambiguous)
		*ambiguous = true;
	return matches == 1 ? found : NULL;
}

/* --- suggestions: optimal string alignment distance -------------------- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[48][48];

	if (la >= 48 || lb >= 48)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/* How far a word may be from a name to be suggested. */
static size_t near_enough(const char *word)
{
	size_t n = strlen(word);

	/* one letter is one edit from every other: suggest nothing */
	return n <= 1 ? 0 : n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

const char *cmd_nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = near_enough(word) + 1;

	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, names[i]);

		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

/*
 * " (did you mean a or b?)" for every name at the smallest distance (at
 * most three), or "" when none is near.
 */
void cmd_suggest(char *buf, size_t len, const char *word,
		 const char *const *names, size_t n)
{
	size_t bestd = near_enough(word) + 1, at = 0, shown = 0;
	size_t len_word = strlen(word);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t ln = strlen(names[i]), d;

		/* the distance is at least the difference in length: most
		 * of the thousands of sysfs paths cost one strlen */
		if ((ln > len_word ? ln - len_word : len_word - ln) >= bestd)
			continue;
		d = edit_distance(word, names[i]);
		if (d < bestd)
			bestd = d;
	}
	if (bestd > near_enough(word))
		return;
	for (size_t i = 0; i < n && shown < 3; i++) {
		size_t ln = strlen(names[i]);

		if ((ln > len_word ? ln - len_word : len_word - ln) > bestd ||
		    edit_distance(word, names[i]) != bestd)
			continue;
		/* the same name twice in a table (aliases) is shown once */
		bool dup = false;

		for (size_t j = 0; j < i; j++)
			if (!strcmp(names[j], names[i]))
				dup = true;
		if (dup)
			continue;
		int w = snprintf(buf + at, len - at, "%s%s",
				 shown ? " or " : " (did you mean ", names[i]);
		if (w < 0 || (size_t)w >= len - at)
			break;
		at += (size_t)w;
		shown++;
	}
	if (shown && at + 3 < len)
		snprintf(buf + at, len - at, "?)");
}

static void suggest_command(char *buf, size_t len, const char *word)
{
	size_t n = cmd_count();
	const char **names = malloc(n * sizeof(*names));

	buf[0] = '\0';
	if (!names)
		return;
	for (size_t i = 0; i < n; i++)
		names[i] = cmd_at(i)->name;
	cmd_suggest(buf, len, word, names, n);
	free(names);
}

/* --- errors and results ------------------------------------------------ */

int cmd_error(struct session *ss, const char *fmt, ...)
{
	va_list ap;
	size_t at = 0;

	if (ss->error[0]) /* the first error of a command is the one shown */
		return -1;
	if (ss->cur_name)
		at = (size_t)snprintf(ss->error, sizeof(ss->error),
				      "%s: ", ss->cur_name);
	va_start(ap, fmt);
	vsnprintf(ss->error + at, sizeof(ss->error) - at, fmt, ap);
	va_end(ap);
	return -1;
}

void cmd_set_result(struct session *ss, unsigned long addr)
{
	ss->has_result = true;
	ss->result = addr;
	ss->result_cache[0] = '\0';
}

void cmd_set_result_cache(struct session *ss, const char *name)
{
	snprintf(ss->result_cache, sizeof(ss->result_cache), "%s", name);
}

const char *cmd_serving_cache(struct session *ss, unsigned long addr)
{
	return trace_alloc_cache(&ss->trace, addr);
}

/* --- variables --------------------------------------------------------- */

/* load, lesson prev/goto: one session takes another's machine (see cmd.h). */
void session_swap_state(struct session *a, struct session *b)
{
#define SWAP(f)                                                                \
	do {                                                                   \
		__typeof__(a->f) t_ = a->f;                                    \
		a->f = b->f;                                                   \
		b->f = t_;                                                     \
	} while (0)
	/* a machine leaving a session that traces it: its calls first */
	trace_detach(&a->trace);
	trace_detach(&b->trace);
	SWAP(m);
	SWAP(vars);
	SWAP(nr_vars);
	SWAP(cap_vars);
	SWAP(last_result);
	SWAP(have_last_result);
	SWAP(journal);
	SWAP(nr_journal);
	SWAP(cap_journal);
	SWAP(cfg);
#undef SWAP
}

const struct var *session_var(const struct session *ss, const char *name)
{
	for (size_t i = 0; i < ss->nr_vars; i++)
		if (!strcmp(ss->vars[i].name, name))
			return &ss->vars[i];
	return NULL;
}

bool cmd_valid_var_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= sizeof(((struct var *)0)->name))
		return false;
	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	/* NULL is a value, not a name */
	return strcmp(s, "NULL") != 0 && strcmp(s, "_") != 0;
}

int session_set_var(struct session *ss, const char *name, unsigned long v)
{
	struct var *var = (struct var *)session_var(ss, name);

	if (!cmd_valid_var_name(name))
		return -1;
	if (!var) {
		if (ss->nr_vars == ss->cap_vars) {
			size_t cap = ss->cap_vars ? ss->cap_vars * 2 : 16;
			struct var *p = realloc(ss->vars, cap * sizeof(*p));

			if (!p)
				return -1;
			ss->vars = p;
			ss->cap_vars = cap;
		}
		var = &ss->vars[ss->nr_vars++];
		snprintf(var->name, sizeof(var->name), "%s", name);
	}
	var->val = v;
	return 0;
}

/* --- numbers ----------------------------------------------------------- */

/* One number: 64, 0x40, 4k, 2M, 1G. 0, or -1 (1 = overflow). */
static int parse_number(const char *s, size_t n, unsigned long *out)
{
	unsigned long v = 0, base = 10, mult = 1;
	size_t i = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (n && strchr("kKmMgG", s[n - 1]) && base == 10) {
		mult = s[n - 1] == 'k' || s[n - 1] == 'K'   ? 1UL << 10
		       : s[n - 1] == 'm' || s[n - 1] == 'M' ? 1UL << 20
							    : 1UL << 30;
		n--;
	}
	if (i >= n)
		return -1;
	for (; i < n; i++) {
		unsigned int d;

		if (isdigit((unsigned char)s[i]))
			d = (unsigned int)(s[i] - '0');
		else if (base == 16 && isxdigit((unsigned char)s[i]))
			d = (unsigned int)(tolower((unsigned char)s[i]) - 'a' +
					   10);
		else
			return -1;
		if (v > (~0UL - d) / base)
			return 1;
		v = v * base + d;
	}
	if (v > ~0UL / mult)
		return 1;
	*out = v * mult;
	return 0;
}

int cmd_parse_size(const char *s, unsigned long *out)
{
	return parse_number(s, strlen(s), out) == 0 ? 0 : -1;
}

static void suggest_var(struct session *ss, char *buf, size_t len,
			const char *word)
{
	const char **names = malloc((ss->nr_vars + 1) * sizeof(*names));

	buf[0] = '\0';
	if (!names)
		return;
	for (size_t i = 0; i < ss->nr_vars; i++)
		names[i] = ss->vars[i].name;
	cmd_suggest(buf, len, word, names, ss->nr_vars);
	free(names);
}

/* A term of an expression: number, NULL, $_, variable or $variable. */
static int parse_term(struct session *ss, const char *s, size_t n,
		      const char *what, const char *whole, unsigned long *out)
{
	char name[64], hint[160];
	const struct var *var;
	int rc;

	if (n == 0)
		return cmd_error(ss,
				 "%s: '%s' is incomplete (expected a number "
				 "or a variable after + or -)",
				 what, whole);
	if (isdigit((unsigned char)s[0])) {
		rc = parse_number(s, n, out);
		if (rc > 0)
			return cmd_error(ss,
					 "%s: '%.*s' does not fit in 64 bits",
					 what, (int)n, s);
		if (rc < 0)
			return cmd_error(ss,
					 "%s: '%.*s' is not a number (expected "
					 "64, 0x40, 4k, 2M or a variable)",
					 what, (int)n, s);
		return 0;
	}
	if (n == 2 && !strncmp(s, "$_", 2)) {
		if (!ss->have_last_result)
			return cmd_error(ss,
					 "%s: $_ has no value yet (it holds "
					 "the result of the last allocation)",
					 what);
		*out = ss->last_result;
		return 0;
	}
	if (n == 4 && !strncmp(s, "NULL", 4)) {
		*out = 0;
		return 0;
	}
	if (s[0] == '$') {
		s++;
		n--;
	}
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, s, n);
	name[n] = '\0';
	for (size_t i = 0; gfp_names[i]; i++)
		if (!strcmp(gfp_names[i], name))
			return cmd_error(ss,
					 "%s: '%s' is a GFP flag, not a number",
					 what, name);
	if (!cmd_valid_var_name(name))
		return cmd_error(ss,
				 "%s: '%s' is not a number or a variable "
				 "(expected 64, 0x40, 4k, 2M or a name like p)",
				 what, whole);
	var = session_var(ss, name);
	if (!var) {
		suggest_var(ss, hint, sizeof(hint), name);
		if (hint[0])
			return cmd_error(ss, "%s: no variable named '%s'%s",
					 what, name, hint);
		return cmd_error(ss,
				 "%s: '%s' is neither a number nor a variable "
				 "(expected 64, 0x40, 4k, 2M or a name set by "
				 "NAME = COMMAND)",
				 what, name);
	}
	*out = var->val;
	return 0;
}

int cmd_arg_ulong(struct session *ss, const char *s, const char *what,
		  unsigned long *out)
{
	unsigned long acc = 0, v;
	int sign = 1;
	const char *p = s;

	if (!*s)
		return cmd_error(ss, "%s: empty value", what);
	if (strchr("+-", s[strlen(s) - 1]))
		return cmd_error(ss,
				 "%s: '%s' is incomplete (expected a number "
				 "or a variable after %c)",
				 what, s, s[strlen(s) - 1]);
	if (*s == '-' || *s == '+')
		return cmd_error(ss,
				 "%s: '%s' is not a number (expected 64, "
				 "0x40, 4k, 2M or a variable; no sign)",
				 what, s);
	for (;;) {
		size_t n = strcspn(p, "+-");

		if (parse_term(ss, p, n, what, s, &v) < 0)
			return -1;
		if (sign > 0) {
			if (acc + v < acc)
				return cmd_error(ss,
						 "%s: '%s' overflows 64 bits",
						 what, s);
			acc += v;
		} else {
			if (v > acc)
				return cmd_error(ss, "%s: '%s' is below zero",
						 what, s);
			acc -= v;
		}
		if (!p[n])
			break;
		sign = p[n] == '+' ? 1 : -1;
		p += n + 1;
	}
	/* An allocation size whose page rounding wraps past 2^64 is a
	 * calculation gone wrong in the caller, not a request: refuse it
	 * here, before the allocator sees it (kmalloc, vmalloc, kvmalloc). */
	if (!strcmp(what, "SIZE") && acc > -4096UL)
		return cmd_error(ss,
				 "%s: '%s' overflows when rounded up to whole "
				 "pages (expected a size below 2^64 - 4096)",
				 what, s);
	*out = acc;
	return 0;
}

int cmd_arg_uint(struct session *ss, const char *s, const char *what,
		 unsigned long max, unsigned int *out)
{
	unsigned long v;

	if (cmd_arg_ulong(ss, s, what, &v) < 0)
		return -1;
	if (v > max)
		return cmd_error(ss, "%s must be 0..%lu, not %lu", what, max,
				 v);
	*out = (unsigned int)v;
	return 0;
}

int cmd_arg_nid(struct session *ss, const char *s, int *out)
{
	unsigned int v;

	if (!strcmp(s, "-1") || !strcmp(s, "NUMA_NO_NODE")) {
		*out = NUMA_NO_NODE;
		return 0;
	}
	if (cmd_arg_uint(ss, s, "NID", 1UL << 30, &v) < 0)
		return -1;
	if ((int)v >= ss->m->nr_nodes && ss->m->nr_nodes == 1)
		return cmd_error(ss,
				 "NID must be -1 (NUMA_NO_NODE) or 0, not %u "
				 "(the machine has one node)",
				 v);
	if ((int)v >= ss->m->nr_nodes)
		return cmd_error(ss,
				 "NID must be -1 (NUMA_NO_NODE) or 0..%d, not "
				 "%u (the machine has %d node%s)",
				 ss->m->nr_nodes - 1, v, ss->m->nr_nodes,
				 ss->m->nr_nodes == 1 ? "" : "s");
	*out = (int)v;
	return 0;
}

int cmd_arg_gfp(struct session *ss, const char *s, gfp_t *out)
{
	const char *bad = NULL;
	size_t badlen = 0, n = 0;
	char word[64], hint[160];

	if (gfp_parse(s, out, &bad, &badlen) == 0)
		return 0;
	if (!bad) {
		bad = s;
		badlen = strlen(s);
	}
	if (badlen >= sizeof(word))
		badlen = sizeof(word) - 1;
	memcpy(word, bad, badlen);
	word[badlen] = '\0';
	if (!badlen)
		return cmd_error(ss,
				 "GFP flags '%s' have an empty name (expected "
				 "FLAG|FLAG, e.g. GFP_KERNEL|__GFP_ZERO)",
				 s);
	while (gfp_names[n])
		n++;
	cmd_suggest(hint, sizeof(hint), word, gfp_names, n);
	if (hint[0])
		return cmd_error(ss, "unknown GFP flag '%s'%s", word, hint);
	return cmd_error(ss,
			 "unknown GFP flag '%s' (expected names like "
			 "GFP_KERNEL|__GFP_ZERO, or a number)",
			 word);
}

/* --- output capture ---------------------------------------------------- */

/* Handlers write to ss->cmd_out: stdout is kept for --json ("output") and
 * passed on in text mode; stderr (progress) always goes through. */
static void capture_write(void *ctx, enum out_stream st, const char *s,
			  size_t n)
{
	struct session *ss = ctx;

	if (st == OUT_STDOUT && ss->quiet)
		return;
	if (st == OUT_STDOUT) {
		if (ss->opt.json) {
			char *tmp = malloc(n + 1);

			if (!tmp)
				return;
			memcpy(tmp, s, n);
			tmp[n] = '\0';
			seq_puts(&ss->capture, tmp);
			free(tmp);
			return;
		}
	}
	out_write(ss->out, st, s, n);
}

/* Kernel log lines as they happen; with `set trace on`, every event. */
static void session_observe(void *ctx, const struct mm_event *ev)
{
	struct session *ss = ctx;
	char line[512];

	if (ss->opt.json)
		return;
	if (ev->type == EV_PRINTK) {
		out_puts(ss->out, ev->text ? ev->text : "");
		out_puts(ss->out, "\n");
		return;
	}
	if (!ss->opt.trace)
		return;
	if (ev->type == EV_CALL) {
		out_printf(ss->out, "  → %s\n", ev->func);
		return;
	}
	trace_format(line, sizeof(line), ev);
	out_printf(ss->out, "  · %s\n", line);
}

/* --- the session ------------------------------------------------------- */

struct session *session_create(const struct machine_config *cfg,
			       struct out *out, char *err, size_t errlen)
{
	struct session *ss = calloc(1, sizeof(*ss));
	const char *env = getenv("KMEMLAB_CHECK");

	if (!ss) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ss->cfg = *cfg;
	ss->m = machine_create(cfg, err, errlen);
	if (!ss->m) {
		free(ss);
		return NULL;
	}
	ss->out = out;
	ss->cmd_out.write = capture_write;
	ss->cmd_out.ctx = ss;
	trace_init(&ss->trace);
	trace_init(&ss->last);
	trace_add_observer(&ss->trace, session_observe, ss);
	seq_init(&ss->capture);
	ss->opt.animate_ms = 300;
#ifdef KMEMLAB_DEBUG
	ss->opt.check = true;
#endif
	if (env && *env)
		ss->opt.check = strcmp(env, "0") != 0;
	ss->origin = "start";
	return ss;
}

void session_destroy(struct session *ss)
{
	if (!ss)
		return;
	if (ss->lesson_destroy)
		ss->lesson_destroy(ss->lesson);
	machine_destroy(ss->m);
	trace_free(&ss->trace);
	trace_free(&ss->last);
	free(ss->last_cmd);
	free(ss->vars);
	for (size_t i = 0; i < ss->nr_journal; i++)
		free(ss->journal[i].text);
	free(ss->journal);
	seq_free(&ss->capture);
	free(ss);
}

static void journal_add(struct session *ss, const char *text, bool ok,
			bool mutates, bool interrupted)
{
	struct journal_entry *e;

	if (ss->nr_journal == ss->cap_journal) {
		size_t cap = ss->cap_journal ? ss->cap_journal * 2 : 64;
		struct journal_entry *j =
			realloc(ss->journal, cap * sizeof(*j));

		if (!j)
			return;
		ss->journal = j;
		ss->cap_journal = cap;
	}
	e = &ss->journal[ss->nr_journal];
	e->text = strdup(text);
	if (!e->text)
		return;
	snprintf(e->origin, sizeof(e->origin), "%s", ss->origin);
	e->lineno = ss->lineno;
	e->ok = ok;
	e->mutates = mutates;
	e->interrupted = interrupted;
	ss->nr_journal++;
}

/*
 * Split a command into tokens in place at whitespace. An assignment
 * written without spaces is split at the '=' of the first two tokens
 * only, so "align=8" later on the line is left alone.
 */
#define MAX_TOKENS 64

static int tokenize(char *s, char **tok, int max)
{
	int n = 0;

	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (n == max)
			return -1;
		tok[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	/* assignment written without spaces: "p=kmalloc", "p =kmalloc" */
	if (n >= 1 && n < max - 1) {
		char *eq = strchr(tok[0], '=');

		if (eq && eq != tok[0]) {
			memmove(tok + 3, tok + 1,
				(size_t)(n - 1) * sizeof(*tok));
			*eq = '\0';
			tok[1] = "=";
			tok[2] = eq + 1;
			n += 2;
			if (!*tok[2]) {
				memmove(tok + 2, tok + 3,
					(size_t)(n - 3) * sizeof(*tok));
				n--;
			}
		} else if (n >= 2 && tok[1][0] == '=' && tok[1][1]) {
			memmove(tok + 3, tok + 2,
				(size_t)(n - 2) * sizeof(*tok));
			tok[2] = tok[1] + 1;
			tok[1] = "=";
			n++;
		}
	}
	return n;
}

int cmd_line_commands(const char *text, const struct command **cmds, int max)
{
	char *copy = strdup(text), *tok[MAX_TOKENS];
	int n, i = 0, k = 0;

	if (!copy)
		return 0;
	/* '>' is a word of its own to the dispatcher: "export>f" */
	for (char *c = copy; *c; c++)
		if (*c == '>')
			*c = ' ';
	n = tokenize(copy, tok, MAX_TOKENS);
	if (n >= 2 && !strcmp(tok[1], "="))
		i = 2;
	for (; i < n && k < max; i += 2) {
		const struct command *c = cmd_lookup(tok[i], NULL);

		cmds[k++] = c;
		if (!c || strcmp(c->name, "repeat"))
			break;
	}
	free(copy);
	return k;
}

/* A copy of text with '>' set apart by spaces (echo 1 >/sys/...). */
static char *spaced_copy(const char *text)
{
	size_t n = strlen(text), gt = 0;
	char *out, *o;

	for (size_t i = 0; i < n; i++)
		gt += text[i] == '>';
	out = malloc(n + 2 * gt + 1);
	if (!out)
		return NULL;
	o = out;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '>') {
			*o++ = ' ';
			*o++ = '>';
			*o++ = ' ';
		} else {
			*o++ = text[i];
		}
	}
	*o = '\0';
	return out;
}

int cmd_exec(struct session *ss, int argc, char **argv)
{
	const char *assign = NULL;
	const struct command *c;
	bool ambiguous;
	char hint[256];
	int rc;

	ss->cur_name = NULL;
	/* session_observe() acts on kernel log lines only, on every event
	 * after `set trace on`, on none with --json: the events it would
	 * ignore cost no call (recomputed per command: set may change it) */
	trace_observer_types(&ss->trace, session_observe, ss,
			     ss->opt.json    ? 0
			     : ss->opt.trace ? TRACE_ALL_TYPES
					     : TRACE_TYPE(EV_PRINTK));
	if (argc >= 2 && !strcmp(argv[1], "=")) {
		assign = argv[0];
		argv += 2;
		argc -= 2;
		if (strlen(assign) >= sizeof(((struct var *)0)->name))
			return cmd_error(ss,
					 "variable name '%.12s...' is longer "
					 "than %zu characters",
					 assign,
					 sizeof(((struct var *)0)->name) - 1);
		if (!cmd_valid_var_name(assign))
			return cmd_error(ss,
					 "'%s' cannot be a variable name "
					 "(letters, digits and _, not starting "
					 "with a digit)",
					 assign);
		if (argc == 0)
			return cmd_error(ss,
					 "nothing to assign to '%s' (expected "
					 "%s = COMMAND ARGS, e.g. %s = kmalloc "
					 "64)",
					 assign, assign, assign);
	}
	c = cmd_lookup(argv[0], &ambiguous);
	if (!c && ambiguous) {
		size_t at = 0, n = cmd_count();

		hint[0] = '\0';
		for (size_t i = 0; i < n && at + 40 < sizeof(hint); i++)
			if (!strncmp(cmd_at(i)->name, argv[0], strlen(argv[0])))
				at += (size_t)snprintf(
					hint + at, sizeof(hint) - at, "%s%s",
					at ? ", " : "", cmd_at(i)->name);
		return cmd_error(ss, "ambiguous command '%s' (could be %s)",
				 argv[0], hint);
	}
	if (!c) {
		suggest_command(hint, sizeof(hint), argv[0]);
		return cmd_error(ss, "unknown command '%s'%s", argv[0],
				 hint[0] ? hint : " (try help)");
	}
	if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
		if (c->min_args == c->max_args)
			return cmd_error(ss,
					 "%s takes %d argument%s, not %d "
					 "(usage: %s)",
					 c->name, c->min_args,
					 c->min_args == 1 ? "" : "s", argc - 1,
					 c->usage);
		if (argc - 1 < c->min_args)
			return cmd_error(ss,
					 "%s needs at least %d argument%s, "
					 "got %d (usage: %s)",
					 c->name, c->min_args,
					 c->min_args == 1 ? "" : "s", argc - 1,
					 c->usage);
		return cmd_error(ss,
				 "%s takes at most %d argument%s, got %d "
				 "(usage: %s)",
				 c->name, c->max_args,
				 c->max_args == 1 ? "" : "s", argc - 1,
				 c->usage);
	}
	if (assign && !(c->flags & CMD_RESULT))
		return cmd_error(ss,
				 "%s returns no address to assign to '%s' "
				 "(only allocation commands do)",
				 c->name, assign);
	ss->cur_name = c->name;
	if (!ss->depth)
		ss->cur_cmd = c;
	argv[0] = (char *)c->name; /* a prefix becomes the full name */
	ss->has_result = false;
	rc = c->fn(ss, argc, argv);
	ss->cur_name = NULL;
	if (rc < 0) {
		if (!ss->error[0])
			cmd_error(ss, "%s failed", c->name);
		return -1;
	}
	if (ss->has_result) {
		ss->last_result = ss->result;
		ss->have_last_result = true;
		if (assign && session_set_var(ss, assign, ss->result) < 0)
			return cmd_error(ss, "out of memory for variables");
	}
	return 0;
}

/* Trim spaces at both ends, in place. */
static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void run_command(struct session *ss, char *text)
{
	struct machine *m = ss->m;
	char *copy = spaced_copy(text), *argv[MAX_TOKENS];
	unsigned long saved_jiffies = m->jiffies;
	char saved_caller[sizeof(m->caller)];
	struct cmd_result r;
	int argc, rc;

	if (!copy) {
		out_error(ss->out, "kmemlab: out of memory");
		ss->nr_failed++;
		return;
	}
	memcpy(saved_caller, m->caller, sizeof(saved_caller));
	trace_reset(&ss->trace);
	seq_free(&ss->capture);
	ss->error[0] = '\0';
	ss->has_result = false;
	ss->result_cache[0] = '\0';
	ss->cur_cmd = NULL;
	ss->interrupted = 0;

	/* before it runs: time moves, and the log says who called */
	m->jiffies++;
	snprintf(m->caller, sizeof(m->caller), "%s:%lu", ss->origin,
		 ss->lineno);
	trace_attach(&ss->trace, m);
	mm_command_begin(m);

	argc = tokenize(copy, argv, MAX_TOKENS);
	if (argc < 0)
		rc = cmd_error(ss, "too many words (at most %d)",
			       MAX_TOKENS - 1);
	else
		rc = cmd_exec(ss, argc, argv);

	/* undo replaces the machine: the old one is gone */
	if (m != ss->m) {
		m = ss->m;
		saved_jiffies = m->jiffies;
		memcpy(saved_caller, m->caller, sizeof(saved_caller));
	}
	trace_detach(&ss->trace);
	m->sink = NULL;
	m->sink_ctx = NULL;
	if (rc == 0 && ss->opt.check) {
		char why[256];
		int errors = mm_check_report(m, why, sizeof(why));

		if (errors)
			rc = cmd_error(ss,
				       "mm_check found %d error%s after this "
				       "command: %s",
				       errors, errors == 1 ? "" : "s", why);
	}
	if (rc < 0) {
		m->jiffies = saved_jiffies;
		memcpy(m->caller, saved_caller, sizeof(saved_caller));
		if (ss->source_depth)
			out_error(ss->out, "kmemlab: %s: line %lu: %s",
				  ss->origin, ss->lineno, ss->error);
		else
			out_error(ss->out, "kmemlab: line %lu: %s", ss->lineno,
				  ss->error);
		ss->nr_failed++;
		if (ss->opt.bail)
			ss->quit = true;
	}
	if (!ss->cur_cmd || !(ss->cur_cmd->flags & CMD_NO_JOURNAL))
		/* a command that failed before reaching the engine changed
		 * nothing: undo does not count it */
		journal_add(ss, text, rc == 0,
			    ss->cur_cmd && (ss->cur_cmd->flags & CMD_MUTATES) &&
				    (rc == 0 || ss->trace.nr_path ||
				     ss->trace.nr_ev),
			    ss->interrupted != 0);

	memset(&r, 0, sizeof(r));
	r.cmd = text;
	r.ok = rc == 0;
	r.error = rc ? ss->error : NULL;
	r.has_addr = rc == 0 && ss->has_result;
	r.addr = ss->result;
	if (r.has_addr && r.addr)
		r.cache = ss->result_cache[0] ? ss->result_cache
					      : cmd_serving_cache(ss, r.addr);
	r.output = ss->capture.buf ? ss->capture.buf : "";
	r.output_len = ss->capture.len;
	r.trace = &ss->trace;
	if (ss->on_result)
		ss->on_result(ss->on_result_ctx, &r);

	/* explain describes the last command that went into the engine */
	if (ss->cur_cmd && (ss->cur_cmd->flags & CMD_MUTATES) &&
	    !(ss->cur_cmd->flags & CMD_NO_EXPLAIN) &&
	    (ss->trace.nr_path || ss->trace.nr_ev)) {
		trace_move(&ss->last, &ss->trace);
		free(ss->last_cmd);
		ss->last_cmd = strdup(text);
	}
	free(copy);
}

/*
 * source FILE: the file's lines run as if typed here, each a command of
 * its own (the journal keeps them, not the source line, so undo replays
 * them even if the file changes). Errors name the file's line:
 * "kmemlab: line 3: ..." with the caller "FILE:3".
 */
#define SOURCE_DEPTH 8

static void run_source(struct session *ss, const char *path, const char *origin,
		       unsigned long lineno)
{
	char *line = NULL, name[64];
	const char *base;
	size_t cap = 0;
	ssize_t n;
	unsigned long no = 0;
	FILE *f;

	if (!*path || strpbrk(path, " \t")) {
		out_error(ss->out,
			  "kmemlab: line %lu: source takes 1 argument "
			  "(usage: source FILE)",
			  lineno);
		ss->nr_failed++;
		return;
	}
	if (ss->source_depth >= SOURCE_DEPTH) {
		out_error(ss->out,
			  "kmemlab: line %lu: source: %s: nested "
			  "more than %d deep",
			  lineno, path, SOURCE_DEPTH);
		ss->nr_failed++;
		return;
	}
	f = fopen(path, "r");
	if (!f) {
		out_error(ss->out, "kmemlab: line %lu: source: %s: %s", lineno,
			  path, strerror(errno));
		ss->nr_failed++;
		return;
	}
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(name, sizeof(name), "%s", base);
	ss->source_depth++;
	while (!ss->quit && (n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		session_run_line(ss, line, name, ++no);
	}
	ss->source_depth--;
	free(line);
	fclose(f);
	ss->origin = origin;
	ss->lineno = lineno;
}

int session_run_line(struct session *ss, const char *line, const char *origin,
		     unsigned long lineno)
{
	unsigned long before = ss->nr_failed;
	char *buf = strdup(line), *p, *hash;

	if (!buf) {
		out_error(ss->out, "kmemlab: line %lu: out of memory", lineno);
		ss->nr_failed++;
		return 1;
	}
	ss->origin = origin;
	ss->lineno = lineno;
	hash = strchr(buf, '#');
	if (hash)
		*hash = '\0';
	p = buf;
	while (p && !ss->quit) {
		char *semi = strchr(p, ';');

		if (semi)
			*semi = '\0';
		char *cmd = trim(p);

		if (!strncmp(cmd, "source", 6) &&
		    (cmd[6] == ' ' || cmd[6] == '\t' || !cmd[6]))
			run_source(ss, trim(cmd + 6), origin, lineno);
		else if (*cmd)
			run_command(ss, cmd);
		p = semi ? semi + 1 : NULL;
	}
	free(buf);
	return (int)(ss->nr_failed - before);
}

/* --- state digest ------------------------------------------------------ */

/* FNV-1a's multiply a word at a time, with a shift so that high bits
 * reach the low ones: the memmap loop is most of a digest's cost. */
static unsigned long long mix_words(unsigned long long h,
				    const unsigned long *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= w[i];
		h *= 0x100000001b3ULL;
		h ^= h >> 29;
	}
	return h;
}

static unsigned long long fnv(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void digest_block(void *ctx, const struct zone *zone, unsigned int order,
			 int mt, unsigned long pfn)
{
	unsigned long v[3] = {order, (unsigned long)mt, pfn};

	(void)zone;
	*(unsigned long long *)ctx =
		fnv(*(unsigned long long *)ctx, v, sizeof(v));
}

unsigned long long session_state_digest(struct session *ss)
{
	static const char *const files[] = {
		"/proc/buddyinfo", "/proc/meminfo",  "/proc/pagetypeinfo",
		"/proc/slabinfo",  "/proc/zoneinfo", "/proc/vmallocinfo",
	};
	struct machine *m = ss->m;
	unsigned long long h = 0xcbf29ce484222325ULL;
	mm_event_fn sink = m->sink;

	m->sink = NULL;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct seq_buf s;

		seq_init(&s);
		if (procfs_read(m, files[i], &s) == 0 && s.buf)
			h = fnv(h, s.buf, s.len);
		seq_free(&s);
	}
	m->sink = sink;
	/* the memmap without its host pointers, so that two machines in
	 * the same state digest alike (undo's replay) */
	for (unsigned long pfn = 0; pfn < m->nr_pages; pfn++) {
		const struct page *pg = &m->memmap[pfn];
		unsigned long v[6] = {
			pg->flags,	    (unsigned long)pg->_refcount,
			pg->compound_order, pg->owner,
			pg->alloc_order,    0};

		if (PageBuddy(pg) || PageFlag(pg, PG_pcp))
			v[5] = pg->private;
		else if (PageSlab(pg))
			v[5] = pg->freelist ^ ((unsigned long)pg->inuse << 48) ^
			       ((unsigned long)pg->objects << 32) ^ pg->frozen;
		h = mix_words(h, v, 6);
	}
	/* and the order of every free list */
	struct zone *zone;

	for_each_populated_zone (m, zone)
		buddy_for_each_free(m, zone, digest_block, &h);
	h = fnv(h, m->pageblock_mt, m->nr_pages >> pageblock_order);
	h = fnv(h, &m->log_len, sizeof(m->log_len));
	h = fnv(h, &m->taint_flags, sizeof(m->taint_flags));
	h = fnv(h, &m->cur_cpu, sizeof(m->cur_cpu));
	h = fnv(h, m->rng, sizeof(m->rng));
	h = fnv(h, &m->jiffies, sizeof(m->jiffies));
	h = fnv(h, &ss->nr_vars, sizeof(ss->nr_vars));
	for (size_t i = 0; i < ss->nr_vars; i++) {
		/* the name up to its NUL: the bytes after it are noise */
		h = fnv(h, ss->vars[i].name, strlen(ss->vars[i].name) + 1);
		h = fnv(h, &ss->vars[i].val, sizeof(ss->vars[i].val));
	}
	h = fnv(h, &ss->have_last_result, sizeof(ss->have_last_result));
	h = fnv(h, &ss->last_result, sizeof(ss->last_result));
	return h;
}
