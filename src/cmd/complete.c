// SPDX-License-Identifier: GPL-2.0-only
/*
 * Completion candidates for a partly typed line, from the same tables the
 * dispatcher uses (commands, variables, procfs paths, GFP names), so the
 * readline REPL and the TUI complete alike. No kernel twin.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/slab.h"
#include "cmd_internal.h"

struct comp {
	const char *word; /* the part after the last '|' */
	size_t len;
	const char *base; /* what precedes it in the word ("GFP_KERNEL|") */
	size_t baselen;
	void (*add)(void *ctx, const char *word);
	void *ctx;
};

static void offer(struct comp *c, const char *cand)
{
	char buf[512];

	if (strncmp(cand, c->word, c->len))
		return;
	if (!c->baselen) {
		c->add(c->ctx, cand);
		return;
	}
	snprintf(buf, sizeof(buf), "%.*s%s", (int)c->baselen, c->base, cand);
	c->add(c->ctx, buf);
}

static void offer_path(void *ctx, const char *path)
{
	struct comp *c = ctx;
	char dir[512];
	const char *slash;

	offer(c, path);
	/* the cache directories too: /sys/kernel/slab/kmalloc-64 once */
	if (!strncmp(path, "/sys/kernel/slab/", 17)) {
		slash = strchr(path + 17, '/');
		if (slash && !strncmp(slash, "/aliases", 8)) {
			snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path),
				 path);
			offer(c, dir);
		}
	}
}

static void offer_paths(struct session *ss, struct comp *c)
{
	offer(c, "/proc");
	offer(c, "/sys/kernel/slab");
	procfs_for_each_path(ss->m, offer_path, c);
}

static void offer_gfp(struct comp *c)
{
	for (size_t i = 0; gfp_names[i]; i++)
		offer(c, gfp_names[i]);
}

static void offer_vars(struct session *ss, struct comp *c)
{
	for (size_t i = 0; i < ss->nr_vars; i++)
		offer(c, ss->vars[i].name);
	offer(c, "$_");
	offer(c, "NULL");
}

static void offer_caches(struct session *ss, struct comp *c)
{
	struct kmem_cache *s;

	for_each_kmem_cache (ss->m, s)
		offer(c, s->name);
	for (int i = 0; i < ss->m->slub->nr_aliases; i++)
		offer(c, ss->m->slub->aliases[i].name);
}

void cmd_complete(struct session *ss, const char *line, size_t start,
		  size_t end, void (*add)(void *ctx, const char *word),
		  void *ctx)
{
	struct comp c = {.add = add, .ctx = ctx};
	char seg[1024], *tok[65];
	const char *semi = NULL, *bar, *head = "";
	int n = 0;

	/* the command being typed: after the last ';' before the word */
	for (size_t i = 0; i < start; i++)
		if (line[i] == ';')
			semi = line + i;
	const char *from = semi ? semi + 1 : line, *p;

	/* "p = cmd ...": the assignment is not a word of the command */
	p = from;
	while (isspace((unsigned char)*p))
		p++;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '=' && p < line + start)
		from = p + 1;

	size_t seglen = (size_t)(line + start - from);

	if (seglen >= sizeof(seg))
		return;
	memcpy(seg, from, seglen);
	seg[seglen] = '\0';
	for (char *s = seg; *s && n < 64;) {
		while (isspace((unsigned char)*s))
			*s++ = '\0';
		if (!*s)
			break;
		tok[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
	}
	/* '>' glued to a path: echo 1 >/sys/... */
	if (start > 0 && line[start - 1] == '>' && n && strcmp(tok[n - 1], ">"))
		tok[n++] = ">";

	c.word = line + start;
	c.len = end - start;
	/*
	 * A front end that breaks words at '|' and '=' (readline) hands us
	 * "SLAB_HW" of "flags=SLAB_HW": the start of the argument is then
	 * the last token before the word, glued to it.
	 */
	if (n > 0 && start > 0 && !isspace((unsigned char)line[start - 1]) &&
	    line[start - 1] != ';') {
		head = tok[n - 1];
		n--;
	}
	/* within the word itself, complete after its last '|' or '=' */
	for (bar = c.word + c.len; bar > c.word; bar--)
		if (bar[-1] == '|' || bar[-1] == '=')
			break;
	if (bar > c.word) {
		c.base = c.word;
		c.baselen = (size_t)(bar - c.word);
		c.word = bar;
		c.len = (size_t)(line + end - bar);
	}
	if (!strncmp(head, "flags=", 6) ||
	    (c.baselen >= 6 && !strncmp(c.base, "flags=", 6))) {
		for (size_t i = 0; slab_flag_names[i]; i++)
			offer(&c, slab_flag_names[i]);
		return;
	}
	if (strchr(head, '|') || memchr(c.base ? c.base : "", '|', c.baselen)) {
		offer_gfp(&c);
		return;
	}

	if (n == 0) {
		for (size_t i = 0; i < cmd_count(); i++)
			offer(&c, cmd_at(i)->name);
		return;
	}
	const struct command *cmd = cmd_lookup(tok[0], NULL);
	const char *name = cmd ? cmd->name : "";

	if (c.len && c.word[0] == '/') {
		offer_paths(ss, &c);
		return;
	}
	if (!strcmp(name, "help") && n == 1) {
		for (size_t i = 0; i < cmd_count(); i++)
			offer(&c, cmd_at(i)->name);
		return;
	}
	if (!strcmp(name, "cat") || !strcmp(name, "ls") ||
	    (!strcmp(name, "echo") && !strcmp(tok[n - 1], ">"))) {
		offer_paths(ss, &c);
		return;
	}
	if (!strcmp(name, "set")) {
		if (n == 1) {
			for (size_t i = 0; cmd_settings[i]; i++)
				offer(&c, cmd_settings[i]);
		} else if (n == 2) {
			offer(&c, "on");
			offer(&c, "off");
		}
		return;
	}
	if (!strcmp(name, "show")) {
		static const char *const subjects[] = {
			"cache", "slab", "object", "page", "vmalloc",
		};

		if (n == 1)
			for (size_t i = 0; i < 5; i++)
				offer(&c, subjects[i]);
		else if (n == 2 && !strcmp(tok[1], "cache"))
			offer_caches(ss, &c);
		else
			offer_vars(ss, &c);
		return;
	}
	if (!strncmp(name, "kmem_cache_", 11) &&
	    strcmp(name, "kmem_cache_create") && n == 1) {
		offer_caches(ss, &c);
		offer_vars(ss, &c);
		return;
	}
	if (!strcmp(name, "kmem_cache_create") && n >= 3) {
		offer(&c, "align=");
		offer(&c, "flags=");
		offer(&c, "ctor");
		offer(&c, "useroffset=");
		offer(&c, "usersize=");
		return;
	}
	if (!strcmp(name, "lesson")) {
		const char *const *w = cmd_lesson_words(n, n > 1 ? tok[1] : "");

		for (size_t i = 0; w && w[i]; i++)
			offer(&c, w[i]);
		return;
	}
	if (!strcmp(name, "repeat") && n == 2) {
		for (size_t i = 0; i < cmd_count(); i++)
			offer(&c, cmd_at(i)->name);
		return;
	}
	offer_vars(ss, &c);
	if (c.len && (c.word[0] == 'G' || c.word[0] == '_'))
		offer_gfp(&c);
}
