// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the command parser and everything behind it: the
 * input's bytes are lines of commands, run one ';'-separated command at a
 * time through session_run_line() on a small machine (default preset,
 * 32 MiB, 2 CPUs) with mm_check after every command. A crash, a sanitizer
 * report, an mm_check error (unless a poke corrupted memory), or a
 * command that fails without a kernel log line and still changes the
 * state digest aborts.
 *
 * Neutralised (fuzz_guard.h: skipped, not run), so that the fuzzer
 * neither escapes nor stalls: export, load, source, lesson, record, quit
 * and exit, and repeat beyond 16 rounds (256 nested). No chdir to a
 * scratch directory instead: libFuzzer reads its corpus by relative paths
 * after the first run. An input runs at most 64 commands. The session is reset
 * every KMEMLAB_FUZZ_RESET inputs (default 1: each input starts from boot, so a
 * crash file reproduces on its own; larger values let state pile up).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmemlab/cmd.h"
#include "fuzz_guard.h"

#define MAX_COMMANDS 64

static bool saw_mm_check;
/* the session has run a poke since boot: corrupt memory is the user's
 * doing, and mm_check may rightly find it */
static bool poked;

static void sink_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	(void)ctx;
	/* run_command's report of a failed check, on stderr */
	if (st == OUT_STDERR && memmem(s, n, "mm_check found", 14))
		saw_mm_check = true;
}

static struct out sink = {sink_write, NULL};

static struct session *boot(void)
{
	struct machine_config cfg;
	struct session *ss;
	char err[256];

	machine_preset(&cfg, "default");
	cfg.mem_bytes = 32UL << 20;
	ss = session_create(&cfg, &sink, err, sizeof(err));
	if (!ss) {
		fprintf(stderr, "fuzz_cmd: cannot boot: %s\n", err);
		abort();
	}
	return ss;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct session *ss;
	static unsigned long inputs, reset_every;
	char *text, *line, *next;
	int commands = 0;

	if (!ss) {
		const char *env = getenv("KMEMLAB_FUZZ_RESET");

		reset_every = env ? strtoul(env, NULL, 0) : 1;
		if (!reset_every)
			reset_every = 1;
	}
	if (ss && inputs % reset_every == 0) {
		session_destroy(ss);
		ss = NULL;
	}
	if (!ss) {
		ss = boot();
		poked = false;
	}
	inputs++;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line && commands < MAX_COMMANDS; line = next) {
		char *seg, *semi;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if ((seg = strchr(line, '#')))
			*seg = '\0';
		for (seg = line; seg && commands < MAX_COMMANDS; seg = semi) {
			unsigned long long before = 0;
			size_t log_len = ss->m->log_len;
			struct guard g = {.host_ok = false};
			int failed;

			semi = strchr(seg, ';');
			if (semi)
				*semi++ = '\0';
			while (isspace((unsigned char)*seg))
				seg++;
			if (!*seg || !guard_allows(seg, &g))
				continue;
			commands++;
			poked |= g.pokes;
			if (g.check)
				before = session_state_digest(ss);
			ss->opt.check = true;
			saw_mm_check = false;
			failed = session_run_line(ss, seg, "fuzz",
						  (unsigned long)commands);
			if (saw_mm_check && !poked) {
				fprintf(stderr,
					"fuzz_cmd: mm_check after '%s'\n", seg);
				abort();
			}
			/* a failed command changes nothing, unless the kernel
			 * reported something (a double free taints) */
			if (failed && g.check && ss->m->log_len == log_len &&
			    session_state_digest(ss) != before) {
				fprintf(stderr,
					"fuzz_cmd: '%s' failed but changed the "
					"state\n",
					seg);
				abort();
			}
			/* settings the fuzzer may flip: back to ours */
			ss->quit = false;
			ss->opt.bail = false;
			ss->opt.trace = false;
		}
	}
	free(text);
	return 0;
}
