// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab: the options, the machine, then one front end: the -c strings,
 * a --batch file, commands piped on stdin, the TUI (stdin and stdout are
 * terminals, TERM is not dumb) or the plain REPL (--plain). The hidden
 * --screen WxH runs the TUI headless for the tests: the commands (-c,
 * stdin) go through it and `screendump FILE` writes the screen. The
 * output contracts are DESIGN.md §4: allocation commands print the
 * address first, errors are "kmemlab: line N: ..." on stderr, the exit
 * status is 1 if any command failed; --json prints one object a command.
 *
 * The only place that calls exit(): everything else returns errors.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmemlab/cmd.h"
#include "kmemlab/json_out.h"
#include "kmemlab/lesson.h"
#include "kmemlab/repl.h"
#include "kmemlab/tui.h"

static void usage(FILE *f)
{
	fputs("usage: kmemlab [OPTIONS]\n"
	      "\n"
	      "A terminal laboratory for the Linux kernel's memory "
	      "allocators.\n"
	      "\n"
	      "Front ends:\n"
	      "  -c 'CMD; CMD'       run commands and exit (may repeat)\n"
	      "  --batch FILE|-      run the commands of FILE (- is stdin) "
	      "and exit\n"
	      "  (none)              the REPL on a terminal; commands from "
	      "stdin otherwise\n"
	      "  --plain             the plain REPL, not the TUI\n"
	      "  --lesson NAME       start with lesson open NAME\n"
	      "  --json              one JSON object per command on stdout\n"
	      "  --bail              stop at the first command that fails\n"
	      "  --load FILE.json    start from a snapshot (export FILE.json)\n"
	      "  --export FILE.json  save a snapshot after the commands\n"
	      "\n"
	      "Machine (a preset, then any field overridden):\n"
	      "  --machine NAME      default, numa, x86_64 or big\n"
	      "  --mem SIZE          RAM of all nodes together (128M, 2G)\n"
	      "  --cpus N            CPUs\n"
	      "  --nodes N           NUMA nodes\n"
	      "  --seed N            seed of the machine's randomness\n"
	      "  --no-hardened       no freelist randomisation or hardened "
	      "pointers\n"
	      "  --slub-debug=FLAGS  the kernel's slab_debug= string (FZPU)\n"
	      "  --init-on-alloc[=1|0]  init_on_alloc=: zero pages and "
	      "objects when allocated\n"
	      "  --init-on-free[=1|0]   init_on_free=: zero pages and "
	      "objects when freed\n"
	      "\n"
	      "Lessons:\n"
	      "  --check FILE...     play lessons headless; exit 1 on an "
	      "unmet expect\n"
	      "  --lang en|zh        narration language (default from "
	      "LANG)\n"
	      "\n"
	      "  --help              this text\n"
	      "  --help-commands     the command list in Markdown\n"
	      "  --version           the version\n"
	      "\n"
	      "Inside, 'help' lists the commands.\n",
	      f);
}

/* The README's list, from the table. */
static void help_commands(void)
{
	int g = -1;

	for (size_t i = 0; i < cmd_count(); i++) {
		const struct command *c = cmd_at(i);

		if ((int)c->group != g) {
			g = (int)c->group;
			printf("%s**%s**\n\n", i ? "\n" : "",
			       cmd_group_names[g]);
		}
		printf("- `%s` — %s\n", c->usage, c->help);
	}
}

/* Node distances for --nodes: a ring, like the presets (10 local, 20
 * next, 30 beyond). */
static int number_opt(const char *opt, const char *s, unsigned long max,
		      unsigned long *v)
{
	if (cmd_parse_size(s, v) < 0 || *v > max) {
		fprintf(stderr,
			"kmemlab: %s: expected a number up to %lu, not '%s'\n",
			opt, max, s);
		return -1;
	}
	return 0;
}

/*
 * --init-on-alloc[=VALUE], --init-on-free[=VALUE]: the kernel's
 * init_on_alloc= / init_on_free= read VALUE with kstrtobool() (1/0, y/n,
 * t/f, on/off by the first letters); no VALUE means on.
 */
static int bool_opt(const char *opt, const char *s, bool *v)
{
	if (!s) {
		*v = true;
		return 0;
	}
	switch (s[0]) {
	case '1':
	case 'y':
	case 'Y':
	case 't':
	case 'T':
		*v = true;
		return 0;
	case '0':
	case 'n':
	case 'N':
	case 'f':
	case 'F':
		*v = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*v = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*v = false;
			return 0;
		}
		break;
	}
	fprintf(stderr,
		"kmemlab: %s: expected 1 or 0 (y/n, on/off), not '%s'\n", opt,
		s);
	return -1;
}

/* One line, through the headless TUI when there is one. */
static unsigned long run_line(struct session *ss, struct tui *t,
			      const char *line, const char *origin,
			      unsigned long lineno)
{
	if (t)
		return (unsigned long)tui_run_line(t, line, origin, lineno);
	return (unsigned long)session_run_line(ss, line, origin, lineno);
}

static unsigned long run_file(struct session *ss, struct tui *t, FILE *f,
			      const char *origin)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0, failed = 0;

	while (!ss->quit && (n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		failed += run_line(ss, t, line, origin, ++lineno);
	}
	free(line);
	return failed;
}

enum {
	OPT_MACHINE = 256,
	OPT_MEM,
	OPT_CPUS,
	OPT_NODES,
	OPT_SEED,
	OPT_NO_HARDENED,
	OPT_SLUB_DEBUG,
	OPT_INIT_ON_ALLOC,
	OPT_INIT_ON_FREE,
	OPT_BATCH,
	OPT_JSON,
	OPT_PLAIN,
	OPT_BAIL,
	OPT_HELP_COMMANDS,
	OPT_CHECK,
	OPT_LANG,
	OPT_LOAD,
	OPT_EXPORT,
	OPT_LESSON,
	OPT_SCREEN,
};

/* --screen WxH: 0 or -1 with the message printed. */
static int screen_opt(const char *s, struct tui_options *to)
{
	char x;

	if (sscanf(s, "%d%c%d", &to->width, &x, &to->height) != 3 || x != 'x' ||
	    to->width < 1 || to->height < 1 || to->width > 1000 ||
	    to->height > 1000) {
		fprintf(stderr,
			"kmemlab: --screen: expected WIDTHxHEIGHT, not '%s'\n",
			s);
		return -1;
	}
	return 0;
}

/* The TUI when a person is at a terminal and did not ask otherwise. */
static bool want_tui(bool plain)
{
	const char *term = getenv("TERM");

	return !plain && isatty(0) && isatty(1) && term && *term &&
	       strcmp(term, "dumb") != 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"machine", required_argument, NULL, OPT_MACHINE},
		{"mem", required_argument, NULL, OPT_MEM},
		{"cpus", required_argument, NULL, OPT_CPUS},
		{"nodes", required_argument, NULL, OPT_NODES},
		{"seed", required_argument, NULL, OPT_SEED},
		{"no-hardened", no_argument, NULL, OPT_NO_HARDENED},
		{"slub-debug", required_argument, NULL, OPT_SLUB_DEBUG},
		{"init-on-alloc", optional_argument, NULL, OPT_INIT_ON_ALLOC},
		{"init-on-free", optional_argument, NULL, OPT_INIT_ON_FREE},
		{"batch", required_argument, NULL, OPT_BATCH},
		{"json", no_argument, NULL, OPT_JSON},
		{"plain", no_argument, NULL, OPT_PLAIN},
		{"bail", no_argument, NULL, OPT_BAIL},
		{"help", no_argument, NULL, 'h'},
		{"help-commands", no_argument, NULL, OPT_HELP_COMMANDS},
		{"version", no_argument, NULL, 'V'},
		{"check", no_argument, NULL, OPT_CHECK},
		{"lang", required_argument, NULL, OPT_LANG},
		{"load", required_argument, NULL, OPT_LOAD},
		{"export", required_argument, NULL, OPT_EXPORT},
		{"lesson", required_argument, NULL, OPT_LESSON},
		{"screen", required_argument, NULL, OPT_SCREEN},
		{NULL, 0, NULL, 0},
	};
	const char *preset = "default", *batch = NULL, *slub_debug = NULL;
	const char **cmds = calloc((size_t)argc, sizeof(*cmds));
	unsigned long mem = 0, cpus = 0, nodes = 0, seed = 0, v;
	bool have_seed = false, no_hardened = false, json = false;
	bool bail = false, check = false, plain = false, screen = false;
	bool init_on_alloc = false, init_on_free = false;
	bool have_init_on_alloc = false, have_init_on_free = false;
	const char *lesson = NULL;
	char *lesson_line = NULL;
	struct tui_options tui_opt = {0};
	struct tui *tui = NULL;
	const char *load = NULL, *export_to = NULL; /* --load, --export */
	int lang = lesson_lang_from_env();
	int ncmds = 0, c, status = 0;
	struct machine_config cfg;
	struct session *ss;
	struct out out;
	char err[256];
	unsigned long failed = 0;

	if (!cmds)
		return 1;
	/* every way out goes through "out:", which frees cmds */
	while ((c = getopt_long(argc, argv, "c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cmds[ncmds++] = optarg;
			break;
		case OPT_MACHINE:
			preset = optarg;
			break;
		case OPT_MEM:
			if (number_opt("--mem", optarg, 1UL << 46, &mem) < 0)
				goto bad_option;
			break;
		case OPT_CPUS:
			if (number_opt("--cpus", optarg, KM_NR_CPUS, &cpus) < 0)
				goto bad_option;
			break;
		case OPT_NODES:
			if (number_opt("--nodes", optarg, KM_MAX_NUMNODES,
				       &nodes) < 0)
				goto bad_option;
			break;
		case OPT_SEED:
			if (number_opt("--seed", optarg, ~0UL, &v) < 0)
				goto bad_option;
			seed = v;
			have_seed = true;
			break;
		case OPT_NO_HARDENED:
			no_hardened = true;
			break;
		case OPT_SLUB_DEBUG:
			slub_debug = optarg;
			break;
		case OPT_INIT_ON_ALLOC:
			if (bool_opt("--init-on-alloc", optarg,
				     &init_on_alloc) < 0)
				goto bad_option;
			have_init_on_alloc = true;
			break;
		case OPT_INIT_ON_FREE:
			if (bool_opt("--init-on-free", optarg, &init_on_free) <
			    0)
				goto bad_option;
			have_init_on_free = true;
			break;
		case OPT_BATCH:
			batch = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_BAIL:
			bail = true;
			break;
		case OPT_CHECK:
			check = true;
			break;
		case OPT_LANG:
			lang = lesson_lang_parse(optarg);
			if (lang < 0) {
				fprintf(stderr,
					"kmemlab: --lang: expected en or zh, "
					"not '%s'\n",
					optarg);
				goto bad_option;
			}
			break;
		case OPT_LOAD:
			load = optarg;
			break;
		case OPT_EXPORT:
			export_to = optarg;
			break;
		case OPT_PLAIN:
			plain = true;
			break;
		case OPT_LESSON:
			lesson = optarg;
			break;
		case OPT_SCREEN:
			if (screen_opt(optarg, &tui_opt) < 0)
				goto bad_option;
			screen = true;
			break;
		case 'h':
			usage(stdout);
			status = 0;
			goto out;
		case OPT_HELP_COMMANDS:
			help_commands();
			status = 0;
			goto out;
		case 'V':
			printf("kmemlab %s\n", kmemlab_version());
			status = 0;
			goto out;
		default:
			usage(stderr);
			goto bad_option;
		}
	}
	if (check) {
		/* kmemlab --check LESSON.json...: each on its own machine */
		if (optind == argc) {
			fprintf(stderr, "kmemlab: --check: no lesson files\n");
			status = 2;
			goto out;
		}
		for (int i = optind; i < argc; i++)
			status |= lesson_check(argv[i], (enum lesson_lang)lang,
					       stdout);
		goto out;
	}
	if (optind < argc) {
		fprintf(stderr,
			"kmemlab: unexpected argument '%s' (commands go in -c "
			"'...' or --batch FILE)\n",
			argv[optind]);
		status = 2;
		goto out;
	}

	if (machine_preset(&cfg, preset) < 0) {
		fprintf(stderr, "kmemlab: --machine: no preset '%s' (expected",
			preset);
		for (int i = 0; machine_preset_names[i]; i++)
			fprintf(stderr, "%s %s", i ? "," : "",
				machine_preset_names[i]);
		fprintf(stderr, ")\n");
		status = 2;
		goto out;
	}
	if (mem)
		cfg.mem_bytes = mem;
	if (cpus)
		cfg.nr_cpus = (int)cpus;
	if (nodes) {
		cfg.nr_nodes = (int)nodes;
		machine_ring_distances(&cfg);
	}
	if (have_seed)
		cfg.seed = seed;
	if (no_hardened)
		cfg.hardened = false;
	if (slub_debug)
		snprintf(cfg.slub_debug, sizeof(cfg.slub_debug), "%s",
			 slub_debug);
	if (have_init_on_alloc)
		cfg.init_on_alloc = init_on_alloc;
	if (have_init_on_free)
		cfg.init_on_free = init_on_free;

	out_init_stdio(&out);
	ss = session_create(&cfg, &out, err, sizeof(err));
	if (!ss) {
		fprintf(stderr, "kmemlab: %s\n", err);
		status = 1;
		goto out;
	}
	ss->opt.json = json;
	ss->opt.bail = bail;
	ss->opt.progress = isatty(2);
	lesson_set_lang(ss, (enum lesson_lang)lang); /* the narration's */
	if (json) {
		ss->on_result = json_out_result;
		ss->on_result_ctx = &out;
	}

	if (load) {
		/* the snapshot's machine replaces the one just booted */
		char *line = NULL;

		if (asprintf(&line, "load %s", load) < 0 ||
		    session_run_line(ss, line, "--load", 1))
			ss->quit = true, failed++;
		free(line);
	}
	if (lesson && asprintf(&lesson_line, "lesson open %s", lesson) < 0)
		lesson_line = NULL;
	if (screen) {
		/* headless TUI: the lines below go through it */
		setlocale(LC_ALL, "");
		setlocale(LC_NUMERIC, "C");
		tui = tui_open_headless(ss, &tui_opt);
		if (!tui) {
			fprintf(stderr, "kmemlab: --screen: curses did not "
					"start (no terminfo for xterm?)\n");
			failed++;
			ss->quit = true;
		}
	}
	/* in the TUI the lesson opens inside it, so its narration shows */
	if (lesson_line && !ss->quit &&
	    (screen || ncmds || batch || export_to || !want_tui(plain)))
		failed += run_line(ss, tui, lesson_line, "--lesson", 1);
	for (int i = 0; i < ncmds && !ss->quit; i++)
		failed +=
			run_line(ss, tui, cmds[i], "-c", (unsigned long)i + 1);
	if (batch && !ss->quit) {
		FILE *f = strcmp(batch, "-") ? fopen(batch, "r") : stdin;

		if (!f) {
			fprintf(stderr,
				"kmemlab: --batch: cannot open %s: %m\n",
				batch);
			failed++;
		} else {
			failed += run_file(ss, tui, f, "batch");
			if (f != stdin)
				fclose(f);
		}
	}
	if (!ncmds && !batch && !export_to && !ss->quit) {
		if (tui)
			failed += run_file(ss, tui, stdin, "batch");
		else if (want_tui(plain)) {
			tui_opt.first_line = lesson_line;
			failed += tui_run(ss, &tui_opt);
		} else if (isatty(0))
			failed += repl_run(
				ss, getenv("TERM") &&
					    strcmp(getenv("TERM"), "dumb"));
		else
			failed += run_file(ss, NULL, stdin, "batch");
	}
	tui_close(tui);
	if (export_to) {
		char *line = NULL;

		if (asprintf(&line, "export %s", export_to) < 0 ||
		    session_run_line(ss, line, "--export", 1))
			failed++;
		free(line);
	}
	fflush(stdout);
	session_destroy(ss);
	status = failed ? 1 : 0;
out:
	free(lesson_line);
	free(cmds);
	return status;
bad_option:
	free(cmds);
	return 2;
}
