// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the lesson loader (lesson_load_mem): any bytes
 * must be refused with a reason or loaded, never crash or leak. A lesson
 * that loads and is cheap and harmless to play (a small machine, few
 * commands, none that touches files or repeats) is then played by the
 * interactive player: every step, prev, goto, restart, with mm_check()
 * after each move, so mutated seed lessons exercise the replay too.
 *
 * Links liblesson, libcmd, libtrace, libmm (and cJSON, libm). By hand,
 * with D standing for each of src/lesson, src/cmd, src/export, src/trace
 * and src/mm:
 *   clang -g -fsanitize=fuzzer,address -D_GNU_SOURCE -Iinclude \
 *     tests/fuzz/fuzz_lesson.c D/(every .c) -lcjson -lm -o fuzz_lesson
 *   ./fuzz_lesson -max_total_time=60 CORPUS tests/fuzz/lesson_corpus
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kmemlab/cmd.h"
#include "kmemlab/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void null_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
}

/* Commands that write files, read them, or may run for long. */
static const char *const harmful[] = {"repeat", "export",      "load",
				      "source", "quit",	       "exit",
				      "undo",	"vmalloc_huge"};

/*
 * Does the command line run one of harmful[]? Whole command names, as the
 * dispatcher finds them: each ';'-separated command (up to a '#'), past a
 * "NAME =" or "NAME=" assignment, resolved by cmd_lookup so that a unique
 * prefix ("rep") counts as its command and a variable or argument that
 * merely contains a name ("loader = kmalloc 8") does not.
 */
static bool runs_harmful(const char *line)
{
	char *copy = strdup(line), *save = NULL, *c, *hash;
	bool bad = false;

	if (!copy)
		return true;
	hash = strchr(copy, '#');
	if (hash)
		*hash = '\0';
	for (c = strtok_r(copy, ";", &save); c && !bad;
	     c = strtok_r(NULL, ";", &save)) {
		char w1[64] = "", w2[64] = "", w3[64] = "";
		const char *word = w1, *eq;
		const struct command *cmd;
		bool amb = false;
		int n = sscanf(c, "%63s %63s %63s", w1, w2, w3);

		if (n < 1)
			continue;
		if ((eq = strchr(w1, '=')))
			word = eq[1] ? eq + 1 : w2; /* "a=cmd", "a= cmd" */
		else if (w2[0] == '=')
			word = w2[1] ? w2 + 1 : w3; /* "a =cmd", "a = cmd" */
		if (!strncmp(c + strspn(c, " \t"), "source", 6))
			word = "source"; /* run before the dispatcher */
		cmd = cmd_lookup(word, &amb);
		/* an ambiguous prefix: the dispatcher refuses it too */
		for (size_t w = 0;
		     cmd && w < sizeof(harmful) / sizeof(*harmful); w++)
			bad = bad || !strcmp(cmd->name, harmful[w]);
	}
	free(copy);
	return bad;
}

static bool cheap_and_harmless(const struct lesson *l)
{
	size_t nr = 0;

	if (l->cfg.mem_bytes > (256UL << 20) || l->cfg.nr_cpus > 8 ||
	    l->cfg.nr_nodes > 2 || l->nr_steps > 12)
		return false;
	for (size_t i = 0; i < l->nr_steps; i++)
		for (size_t k = 0; k < l->steps[i].nr_run; k++) {
			if (++nr > 40 || runs_harmful(l->steps[i].run[k]))
				return false;
		}
	return true;
}

static void play(const uint8_t *data, size_t size, size_t nr_steps)
{
	struct out null_out = {null_write, NULL};
	struct machine_config cfg;
	struct session *ss;
	char err[512], path[64];
	int fd = memfd_create("lesson.json", 0);

	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	machine_preset(&cfg, "default");
	ss = session_create(&cfg, &null_out, err, sizeof(err));
	if (ss && lesson_open(ss, path, err, sizeof(err)) == 0) {
		if (lesson_goto(ss, nr_steps, err, sizeof(err)) < 0)
			abort();
		if (mm_check(ss->m))
			abort();
		lesson_prev(ss, err, sizeof(err));
		if (lesson_goto(ss, nr_steps / 2, err, sizeof(err)) < 0)
			abort();
		if (lesson_restart(ss, err, sizeof(err)) < 0)
			abort();
		if (mm_check(ss->m))
			abort();
	}
	session_destroy(ss);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct lesson *l;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	l = lesson_load_mem((const char *)data, size, "fuzz.json", devnull);
	if (!l)
		return 0;
	/* every text has a fallback: never NULL */
	for (size_t i = 0; i < l->nr_steps; i++)
		if (!lesson_text(&l->steps[i].narration, LANG_ZH))
			abort();
	if (cheap_and_harmless(l))
		play(data, size, l->nr_steps);
	lesson_free(l);
	return 0;
}
