// SPDX-License-Identifier: GPL-2.0-only
/*
 * Session commands: help, history, set, cpu, repeat, quit. `help` is made
 * from the command table, like every other list of commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_internal.h"
#include "kmemlab/lesson.h"

/* Print text indented by two, wrapped at 78 columns. */
static void wrap(struct session *ss, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n = strlen(p);

		if (n > 76) {
			n = 76;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = strcspn(p, " ");
		}
		out_printf(OUT(ss), "  %.*s\n", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

/* "  usage   help", the help on a line of its own under a long usage */
static void print_entry(struct session *ss, const struct command *c)
{
	if (strlen(c->usage) > 34)
		out_printf(OUT(ss), "  %s\n  %-34s %s\n", c->usage, "",
			   c->help);
	else
		out_printf(OUT(ss), "  %-34s %s\n", c->usage, c->help);
}

static int do_help(struct session *ss, int argc, char **argv)
{
	size_t n = cmd_count();

	/* help GROUP: that group's commands (a command of the same name,
	 * kmalloc, wins) */
	for (int g = 0; argc > 1 && g < NR_CMD_GROUPS; g++) {
		if (strcmp(argv[1], cmd_group_names[g]) ||
		    (cmd_lookup(argv[1], NULL) &&
		     !strcmp(cmd_lookup(argv[1], NULL)->name, argv[1])))
			continue;
		for (size_t i = 0; i < n; i++)
			if (cmd_at(i)->group == (enum cmd_group)g)
				print_entry(ss, cmd_at(i));
		return 0;
	}
	if (argc > 1) {
		bool ambiguous;
		const struct command *c = cmd_lookup(argv[1], &ambiguous);
		char hint[160];

		if (!c) {
			const char **names = malloc(n * sizeof(*names));

			hint[0] = '\0';
			if (names) {
				for (size_t i = 0; i < n; i++)
					names[i] = cmd_at(i)->name;
				cmd_suggest(hint, sizeof(hint), argv[1], names,
					    n);
				free(names);
			}
			return cmd_error(ss, "%s command '%s'%s",
					 ambiguous ? "ambiguous" : "no",
					 argv[1], hint);
		}
		out_printf(OUT(ss), "usage: %s\n  %s\n", c->usage, c->help);
		if (c->long_help)
			wrap(ss, c->long_help);
		if (c->example)
			out_printf(OUT(ss), "  example: %s\n", c->example);
		return 0;
	}
	bool first = true;

	for (int g = 0; g < NR_CMD_GROUPS; g++) {
		bool head = false;

		for (size_t i = 0; i < n; i++) {
			const struct command *c = cmd_at(i);

			if (c->group != (enum cmd_group)g)
				continue;
			if (!head)
				out_printf(OUT(ss), "%s%s:\n",
					   first ? "" : "\n",
					   cmd_group_names[g]);
			head = true;
			first = false;
			print_entry(ss, c);
		}
	}
	out_puts(OUT(ss),
		 "\nNumbers: 64, 0x40, 4k, 2M, variables and sums (p+64). "
		 "NAME = COMMAND keeps\nan allocation's address; $_ is the "
		 "last one. ';' separates commands, '#'\nstarts a comment. "
		 "help COMMAND or help GROUP tells more.\n");
	return 0;
}

static int do_history(struct session *ss, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < ss->nr_journal; i++)
		out_printf(OUT(ss), "%5zu  %s\n", i + 1, ss->journal[i].text);
	return 0;
}

static int on_off(struct session *ss, const char *s, bool *v)
{
	if (!strcmp(s, "on") || !strcmp(s, "1")) {
		*v = true;
		return 0;
	}
	if (!strcmp(s, "off") || !strcmp(s, "0")) {
		*v = false;
		return 0;
	}
	return cmd_error(ss, "expected on or off, not '%s'", s);
}

/* The session's switches, for set (and its completion: cmd_settings). */
static bool *setting(struct session *ss, const char *name)
{
	if (!strcmp(name, "trace"))
		return &ss->opt.trace;
	if (!strcmp(name, "check"))
		return &ss->opt.check;
	if (!strcmp(name, "bail"))
		return &ss->opt.bail;
	if (!strcmp(name, "animate"))
		return &ss->opt.animate;
	return NULL;
}

const char *const cmd_settings[] = {"trace", "check", "bail", "animate", NULL};

/* set lang en|zh: the lessons' narration language (lesson lang too) */
static int set_lang(struct session *ss, int argc, char **argv)
{
	int lang;

	if (argc < 3)
		return cmd_error(ss, "expected set lang en|zh");
	lang = lesson_lang_parse(argv[2]);
	if (lang < 0)
		return cmd_error(ss, "expected en or zh, not '%s'", argv[2]);
	lesson_set_lang(ss, (enum lesson_lang)lang);
	return 0;
}

/* set speed MS: the pause between two animated events in the TUI */
static int set_speed(struct session *ss, int argc, char **argv)
{
	if (argc < 3)
		return cmd_error(ss, "expected set speed MS (0..10000; 0: a "
				     "key for each event)");
	return cmd_arg_uint(ss, argv[2], "MS", 10000, &ss->opt.animate_ms);
}

static int do_set(struct session *ss, int argc, char **argv)
{
	bool *v;

	if (argc == 1) {
		for (int i = 0; cmd_settings[i]; i++)
			out_printf(OUT(ss), "%s %s\n", cmd_settings[i],
				   *setting(ss, cmd_settings[i]) ? "on"
								 : "off");
		out_printf(OUT(ss), "speed %u\n", ss->opt.animate_ms);
		out_printf(OUT(ss), "lang %s\n",
			   lesson_get_lang(ss) == LANG_ZH ? "zh" : "en");
		return 0;
	}
	if (!strcmp(argv[1], "lang"))
		return set_lang(ss, argc, argv);
	if (!strcmp(argv[1], "speed"))
		return set_speed(ss, argc, argv);
	v = setting(ss, argv[1]);
	if (!v) {
		char hint[160];
		size_t n = 0;

		while (cmd_settings[n])
			n++;
		cmd_suggest(hint, sizeof(hint), argv[1], cmd_settings, n);
		if (hint[0])
			return cmd_error(ss, "no setting '%s'%s", argv[1],
					 hint);
		return cmd_error(ss,
				 "no setting '%s' (expected trace, check, "
				 "bail, animate, speed or lang)",
				 argv[1]);
	}
	if (argc < 3)
		return cmd_error(ss, "expected set %s on|off", argv[1]);
	return on_off(ss, argv[2], v);
}

static int do_cpu(struct session *ss, int argc, char **argv)
{
	unsigned int cpu;

	(void)argc;
	if (cmd_arg_uint(ss, argv[1], "CPU", 1u << 30, &cpu) < 0)
		return -1;
	if ((int)cpu >= ss->m->nr_cpus)
		return cmd_error(ss,
				 "CPU must be 0..%d, not %u (the machine has "
				 "%d CPU%s)",
				 ss->m->nr_cpus - 1, cpu, ss->m->nr_cpus,
				 ss->m->nr_cpus == 1 ? "" : "s");
	ss->m->cur_cpu = (int)cpu;
	return 0;
}

/*
 * repeat N COMMAND...: the command N times, stopping at the first failure
 * or at Ctrl-C. Progress goes to stderr every 1/10 of a long run.
 */
static int do_repeat(struct session *ss, int argc, char **argv)
{
	unsigned long n, step;
	int rc = 0;

	if (cmd_arg_ulong(ss, argv[1], "N", &n) < 0)
		return -1;
	if (ss->depth >= 4)
		return cmd_error(ss, "repeat is nested too deep");
	step = n >= 10000 ? n / 10 : 0;
	bool was_quiet = ss->quiet;

	ss->depth++;
	for (unsigned long i = 0; i < n; i++) {
		char *sub[64];
		int subc = argc - 2;

		if (ss->interrupted) {
			ss->depth--;
			ss->cur_name = "repeat";
			return cmd_error(ss, "interrupted after %lu of %lu", i,
					 n);
		}
		/* handlers may rewrite argv[0]: give each round a copy */
		memcpy(sub, argv + 2, (size_t)subc * sizeof(*sub));
		/* only the last round prints (the kernel log always does) */
		ss->quiet = was_quiet || i + 1 < n;
		rc = cmd_exec(ss, subc, sub);
		ss->quiet = was_quiet;
		if (rc < 0)
			break;
		if (step && ss->opt.progress && (i + 1) % step == 0) {
			char msg[64];
			int len = snprintf(msg, sizeof(msg),
					   "repeat: %lu/%lu\n", i + 1, n);

			out_write(OUT(ss), OUT_STDERR, msg, (size_t)len);
		}
	}
	ss->depth--;
	return rc;
}

static void null_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	(void)ctx;
	(void)st;
	(void)s;
	(void)n;
}

/*
 * undo [N]: forget the last N commands that changed the machine. There is
 * no reverse of an allocation in the kernel, so the journal is replayed
 * from boot without them on a fresh machine (the engine is
 * deterministic: same config, same commands, same state and addresses),
 * which then replaces this one, variables and all.
 */
static int do_undo(struct session *ss, int argc, char **argv)
{
	unsigned long n = 1, found = 0;
	struct out null_out = {null_write, NULL};
	struct session *tmp;
	size_t cut = ss->nr_journal;
	char err[256];

	if (argc > 1 && cmd_arg_ulong(ss, argv[1], "N", &n) < 0)
		return -1;
	if (n == 0)
		return 0;
	while (cut > 0 && found < n)
		if (ss->journal[--cut].mutates)
			found++;
	if (found < n)
		return cmd_error(ss,
				 "only %lu command%s changed the machine so "
				 "far",
				 found, found == 1 ? "" : "s");
	for (size_t i = 0; i < ss->nr_journal; i++)
		if (ss->journal[i].interrupted && i < cut)
			return cmd_error(ss,
					 "'%s' was interrupted and cannot be "
					 "replayed; undo cannot go back past "
					 "it",
					 ss->journal[i].text);
	tmp = session_create(&ss->cfg, &null_out, err, sizeof(err));
	if (!tmp)
		return cmd_error(ss, "cannot boot a machine to replay on: %s",
				 err);
	/* replay everything but the undone commands, as it ran */
	for (size_t i = 0, left = n; i < ss->nr_journal; i++) {
		const struct journal_entry *e = &ss->journal[i];

		if (i >= cut && e->mutates && left) {
			left--;
			continue;
		}
		session_run_line(tmp, e->text, e->origin, e->lineno);
	}
	/* swap: this session takes the replayed machine and variables (the
	 * old one is destroyed with tmp: its calls are taken first) */
	trace_detach(&ss->trace);
	struct machine *m = ss->m;
	struct var *vars = ss->vars;
	size_t nr_vars = ss->nr_vars, cap_vars = ss->cap_vars;
	struct journal_entry *journal = ss->journal;
	size_t nr_journal = ss->nr_journal, cap_journal = ss->cap_journal;

	ss->m = tmp->m;
	ss->vars = tmp->vars;
	ss->nr_vars = tmp->nr_vars;
	ss->cap_vars = tmp->cap_vars;
	ss->last_result = tmp->last_result;
	ss->have_last_result = tmp->have_last_result;
	ss->journal = tmp->journal;
	ss->nr_journal = tmp->nr_journal;
	ss->cap_journal = tmp->cap_journal;
	tmp->m = m;
	tmp->vars = vars;
	tmp->nr_vars = nr_vars;
	tmp->cap_vars = cap_vars;
	tmp->journal = journal;
	tmp->nr_journal = nr_journal;
	tmp->cap_journal = cap_journal;
	trace_reset(&ss->last);
	free(ss->last_cmd);
	ss->last_cmd = NULL;
	session_destroy(tmp);
	out_printf(OUT(ss), "undone: %lu command%s; %zu replayed\n", n,
		   n == 1 ? "" : "s", ss->nr_journal);
	return 0;
}

/* `source` runs in session_run_line; here only when misplaced. */
static int do_source(struct session *ss, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cmd_error(ss, "it must start a command (not in repeat or "
			     "NAME = ...)");
}

static int do_quit(struct session *ss, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ss->quit = true;
	return 0;
}

// clang-format off
const struct command cmd_session_table[] = {
	{ "help", do_help, 0, 1,
	  "help [COMMAND]",
	  "list the commands, or tell more about one",
	  "Every command, its arguments and a line on what the kernel "
	  "function does; help COMMAND adds an example.",
	  "help kmalloc",
	  GRP_SESSION, 0 },
	{ "history", do_history, 0, 0,
	  "history",
	  "list the commands run so far",
	  "The session's journal, numbered, failed commands included.",
	  "history",
	  GRP_SESSION, 0 },
	{ "set", do_set, 0, 2,
	  "set [trace|check|bail|animate on|off] [speed MS] [lang en|zh]",
	  "show or change a session setting",
	  "trace on prints every event as it happens; check on runs mm_check "
	  "after every command; bail on stops at the first failed command "
	  "(--bail); animate on plays each command's events one by one in "
	  "the TUI, speed MS apart (300; 0 waits for a key each); lang zh "
	  "narrates lessons in Chinese (--lang).",
	  "set trace on",
	  GRP_SESSION, 0 },
	{ "cpu", do_cpu, 1, 1,
	  "cpu N",
	  "run the next commands on CPU N",
	  "smp_processor_id() becomes N: allocations use CPU N's pcp lists "
	  "and kmem_cache_cpu, and its node is the local node.",
	  "cpu 1",
	  GRP_SESSION, CMD_MUTATES },
	{ "repeat", do_repeat, 2, 63,
	  "repeat N COMMAND...",
	  "run a command N times; only the last round prints (Ctrl-C stops)",
	  "Stops at the first failure, with the rounds before it done; the "
	  "kernel log is printed as it comes. NAME = repeat N COMMAND keeps "
	  "the last result.",
	  "repeat 8 alloc_pages 0",
	  GRP_SESSION, CMD_MUTATES | CMD_RESULT },
	{ "undo", do_undo, 0, 1,
	  "undo [N]",
	  "forget the last N commands that changed the machine (1)",
	  "The kernel cannot un-allocate, so kmemlab replays the session "
	  "from boot without those commands on a fresh machine: the same "
	  "state and addresses as if they had never run. Variables follow.",
	  "p = kmalloc 64; undo; cat /proc/slabinfo",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ "source", do_source, 1, 1,
	  "source FILE",
	  "run the commands of a file here, line by line",
	  "Each line of FILE runs as if typed, with errors naming the file's "
	  "line; the commands, not the source line, go into the history.",
	  "source lesson1.cmds",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ "quit", do_quit, 0, 0,
	  "quit",
	  "leave kmemlab",
	  "Ends the session; Ctrl-D does the same at the prompt.",
	  "quit",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ "exit", do_quit, 0, 0,
	  "exit",
	  "leave kmemlab",
	  "The same as quit.",
	  "exit",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 },
};
// clang-format on
