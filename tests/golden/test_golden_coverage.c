// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every command of the table appears in at least one golden transcript
 * (tests/golden/NAME.cmds): fails listing the ones that do not. A command
 * counts wherever the dispatcher would find it: after "NAME =", inside
 * "repeat N", as a unique prefix, after ';'.
 *
 * Left out, covered elsewhere: CMD_TUI_ONLY commands (the TUI's screen
 * tests, tests/tui) and the lesson player's lesson, next, prev and record
 * (tests/lesson), which need a lesson file or the player's state.
 *
 *   test_golden_coverage GOLDEN_DIR
 */
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/cmd.h"

static const char *const elsewhere[] = {"lesson", "next", "prev", "record"};

static bool *seen;

static void mark(const struct command *c)
{
	for (size_t i = 0; i < cmd_count(); i++)
		if (cmd_at(i) == c)
			seen[i] = true;
}

/* One command: mark what it runs. */
static void scan_command(char *s)
{
	const struct command *cmds[16];
	int n;

	while (isspace((unsigned char)*s))
		s++;
	if (!strncmp(s, "source", 6) && (!s[6] || isspace((unsigned char)s[6])))
		s = "source";
	n = cmd_line_commands(s, cmds, 16);
	for (int i = 0; i < n && cmds[i]; i++)
		mark(cmds[i]);
}

static int scan_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#'), *p = line, *semi;

		if (hash)
			*hash = '\0';
		for (; p; p = semi) {
			semi = strchr(p, ';');
			if (semi)
				*semi++ = '\0';
			scan_command(p);
		}
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = cmd_count(), missing = 0, files = 0;
	struct dirent *e;
	DIR *d;

	if (argc != 2) {
		fprintf(stderr, "usage: test_golden_coverage GOLDEN_DIR\n");
		return 2;
	}
	seen = calloc(n, sizeof(*seen));
	d = opendir(argv[1]);
	if (!seen || !d) {
		perror(argv[1]);
		return 2;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char path[4096];

		if (len < 6 || strcmp(e->d_name + len - 5, ".cmds"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		if (scan_file(path) < 0)
			return 2;
		files++;
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		const struct command *c = cmd_at(i);
		bool skip = (c->flags & CMD_TUI_ONLY) != 0;

		for (size_t k = 0; k < sizeof(elsewhere) / sizeof(*elsewhere);
		     k++)
			skip |= !strcmp(c->name, elsewhere[k]);
		if (skip || seen[i])
			continue;
		if (!missing++)
			printf("commands in no golden transcript "
			       "(%s/*.cmds):\n",
			       argv[1]);
		printf("  %s\n", c->name);
	}
	printf("%zu commands, %zu transcripts, %zu uncovered\n", n, files,
	       missing);
	free(seen);
	return missing != 0;
}
