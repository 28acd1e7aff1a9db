/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the fuzz targets let run (fuzz_cmd's lines, fuzz_snapshot's
 * journals): a command is found as the dispatcher finds it (after
 * "NAME =", inside "repeat N", unique prefixes included: "expo" is
 * export), then
 *   - export, load, source, lesson, record, quit, exit are refused (they
 *     read or write host files at paths the fuzzer chose, or end the
 *     session), unless host_ok;
 *   - repeat needs a literal N of at most GUARD_MAX_REPEAT, and nested
 *     repeats at most GUARD_MAX_ROUNDS rounds together: no input stalls.
 */
#ifndef KMEMLAB_FUZZ_GUARD_H
#define KMEMLAB_FUZZ_GUARD_H

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "kmemlab/cmd.h"

#define GUARD_MAX_REPEAT 16
#define GUARD_MAX_ROUNDS 256
#define GUARD_MAX_WORDS 80

/* Split at whitespace, '>' a word of its own (as the dispatcher does). */
static int words(char *s, char **w, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (*s == '>') {
			w[n++] = ">";
			s++;
			continue;
		}
		w[n++] = s;
		while (*s && !isspace((unsigned char)*s) && *s != '>')
			s++;
		if (*s == '>') {
			/* keep the '>' for the next word: copy it out */
			memmove(s + 1, s, strlen(s) + 1);
			*s++ = '\0';
		} else if (*s) {
			*s++ = '\0';
		}
	}
	return n;
}

/* Commands that read or write host files, or end the session. */
static bool guard_host(const char *name)
{
	static const char *const host[] = {"export", "load", "source", "lesson",
					   "record", "quit", "exit"};

	for (size_t i = 0; i < sizeof(host) / sizeof(host[0]); i++)
		if (!strcmp(name, host[i]))
			return true;
	return false;
}

struct guard {
	bool host_ok; /* in: let host commands through (the loader's job) */
	bool check;   /* out: a failure must leave the state digest alone */
	bool pokes;   /* out: it writes memory (poke): mm_check may object */
};

/*
 * May this one command (no ';', no '#') run? g->check is set for a
 * command that may change the machine (the others are left out for
 * speed) and is not a repeat, whose failure leaves earlier rounds done.
 */
static bool guard_allows(const char *text, struct guard *g)
{
	char buf[1200], *w[GUARD_MAX_WORDS], *eq;
	unsigned long rounds = 1, n;
	bool in_repeat = false;
	int nw, i = 0;

	g->check = g->pokes = false;
	if (strlen(text) >= sizeof(buf) / 2)
		return false;
	/* session_run_line takes "source" before anything else */
	if (!strncmp(text, "source", 6) &&
	    (!text[6] || isspace((unsigned char)text[6])))
		return g->host_ok;
	strcpy(buf, text);
	nw = words(buf, w, GUARD_MAX_WORDS);
	if (nw == 0)
		return true;
	/* NAME = CMD, NAME=CMD, NAME =CMD */
	if ((eq = strchr(w[0], '=')) && eq != w[0]) {
		if (eq[1]) {
			w[0] = eq + 1;
		} else {
			i = 1;
		}
	} else if (nw >= 2 && w[1][0] == '=') {
		if (w[1][1])
			w[1]++, i = 1;
		else
			i = 2;
	}
	while (i < nw) {
		const struct command *c = cmd_lookup(w[i], NULL);

		if (!c)
			return true; /* fails as an unknown command */
		if (guard_host(c->name))
			return g->host_ok;
		if (strcmp(c->name, "repeat")) {
			g->check = !in_repeat && (c->flags & CMD_MUTATES);
			g->pokes = !strcmp(c->name, "poke");
			return true;
		}
		in_repeat = true;
		if (i + 1 >= nw || cmd_parse_size(w[i + 1], &n) < 0 ||
		    n > GUARD_MAX_REPEAT)
			return false;
		rounds *= n ? n : 1;
		if (rounds > GUARD_MAX_ROUNDS)
			return false;
		i += 2;
	}
	return true;
}

#endif /* KMEMLAB_FUZZ_GUARD_H */
