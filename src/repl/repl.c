// SPDX-License-Identifier: GPL-2.0-only
/*
 * The plain REPL (include/kmemlab/repl.h). The loop is a few lines; the
 * rest is the two line readers behind the seam.
 *
 * readline runs in its callback mode over select(), as it will inside the
 * TUI: Ctrl-C interrupts select() and clears the line being typed (or
 * stops a running `repeat`, through ss->interrupted), Ctrl-D on an empty
 * line quits. readline's own state is global, so this file keeps the one
 * session it serves in a static: there is only one terminal.
 *
 * History persists in $XDG_STATE_HOME/kmemlab/history (default
 * ~/.local/state/kmemlab/history), the last 1000 lines.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "kmemlab/cmd.h"
#include "kmemlab/repl.h"

#define HISTORY_LINES 1000

static struct session *repl_ss;
static volatile sig_atomic_t repl_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	repl_sigint = 1;
	if (repl_ss)
		repl_ss->interrupted = 1;
}

static void install_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: select() must see EINTR */
	sigaction(SIGINT, &sa, NULL);
}

/* --- the loop ----------------------------------------------------------- */

unsigned long repl_run(struct session *ss, bool use_readline)
{
	struct line_reader *lr = NULL;
	unsigned long lineno = 0, before = ss->nr_failed;
	char prompt[64], *line;

	repl_ss = ss;
	install_sigint();
	if (use_readline)
		lr = repl_readline_open(ss);
	if (!lr)
		lr = repl_plain_open(ss);
	if (!lr)
		return 1;
	printf("kmemlab %s: machine '%s', %lu MiB, %d node%s, %d CPU%s, seed "
	       "%llu. help lists the commands.\n",
	       kmemlab_version(), ss->cfg.preset, ss->m->cfg.mem_bytes >> 20,
	       ss->m->nr_nodes, ss->m->nr_nodes == 1 ? "" : "s", ss->m->nr_cpus,
	       ss->m->nr_cpus == 1 ? "" : "s",
	       (unsigned long long)ss->m->cfg.seed);
	while (!ss->quit) {
		snprintf(prompt, sizeof(prompt), "kmemlab[cpu%d]> ",
			 ss->m->cur_cpu);
		line = lr->read(lr, prompt);
		if (!line)
			break;
		if (*line)
			lr->remember(lr, line);
		session_run_line(ss, line, "repl", ++lineno);
		free(line);
	}
	lr->close(lr);
	repl_ss = NULL;
	return ss->nr_failed - before;
}

/* --- plain reader --------------------------------------------------------- */

static char *plain_read(struct line_reader *lr, const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	(void)lr;
	for (;;) {
		fputs(prompt, stdout);
		fflush(stdout);
		errno = 0;
		repl_sigint = 0;
		n = getline(&line, &cap, stdin);
		if (n >= 0)
			break;
		if (errno == EINTR && repl_sigint) {
			clearerr(stdin);
			fputs("\n", stdout);
			continue;
		}
		free(line);
		fputs("\n", stdout);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static void plain_remember(struct line_reader *lr, const char *line)
{
	(void)lr;
	(void)line;
}

static void plain_close(struct line_reader *lr)
{
	free(lr);
}

struct line_reader *repl_plain_open(struct session *ss)
{
	struct line_reader *lr = calloc(1, sizeof(*lr));

	if (!lr)
		return NULL;
	lr->read = plain_read;
	lr->remember = plain_remember;
	lr->close = plain_close;
	lr->ss = ss;
	return lr;
}

/* --- readline reader --------------------------------------------------------
 */

struct rl_reader {
	struct line_reader lr;
	char history[4096];
	int added;
};

static char *repl_rl_line;
static int repl_rl_done;

static void rl_on_line(char *line)
{
	repl_rl_line = line;
	repl_rl_done = 1;
	rl_callback_handler_remove();
}

static char *rl_read(struct line_reader *lr, const char *prompt)
{
	(void)lr;
	repl_rl_done = 0;
	repl_rl_line = NULL;
	rl_callback_handler_install(prompt, rl_on_line);
	while (!repl_rl_done) {
		fd_set fds;
		int r;

		FD_ZERO(&fds);
		FD_SET(fileno(rl_instream), &fds);
		repl_sigint = 0;
		r = select(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL);
		if (r < 0) {
			if (errno != EINTR)
				break;
			if (repl_sigint) {
				/* Ctrl-C: drop what was typed, new prompt */
				rl_free_line_state();
				rl_replace_line("", 0);
				rl_crlf();
				rl_on_new_line();
				rl_redisplay();
			}
			continue;
		}
		rl_callback_read_char();
	}
	if (!repl_rl_done) {
		rl_callback_handler_remove();
		return NULL;
	}
	if (!repl_rl_line)
		fputs("\n", stdout); /* Ctrl-D: end the prompt's line */
	return repl_rl_line;
}

static void rl_remember(struct line_reader *lr, const char *line)
{
	struct rl_reader *r = (struct rl_reader *)lr;
	HIST_ENTRY *last =
		history_length ? history_get(history_base + history_length - 1)
			       : NULL;

	if (last && !strcmp(last->line, line))
		return;
	add_history(line);
	r->added++;
}

static void rl_close(struct line_reader *lr)
{
	struct rl_reader *r = (struct rl_reader *)lr;

	if (r->history[0] && r->added) {
		write_history(r->history);
		history_truncate_file(r->history, HISTORY_LINES);
	}
	rl_attempted_completion_function = NULL;
	free(r);
}

/* --- completion --- */

struct cands {
	char **v;
	size_t n, cap, next;
};

static struct cands comp;

static void comp_add(void *ctx, const char *word)
{
	struct cands *c = ctx;

	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], word))
			return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char **v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return;
		c->v = v;
		c->cap = cap;
	}
	char *copy = strdup(word);

	if (copy)
		c->v[c->n++] = copy;
}

static char *comp_next(const char *text, int state)
{
	(void)text;
	if (state == 0)
		comp.next = 0;
	if (comp.next < comp.n)
		return strdup(comp.v[comp.next++]);
	return NULL;
}

static char **repl_complete(const char *text, int start, int end)
{
	const char *cmd = rl_line_buffer, *semi;

	for (size_t i = 0; i < comp.n; i++)
		free(comp.v[i]);
	comp.n = 0;
	/* source FILE is the one place for host file names */
	while ((semi = strchr(cmd, ';')) && semi < rl_line_buffer + start)
		cmd = semi + 1;
	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	if (!strncmp(cmd, "source ", 7) && rl_line_buffer + start > cmd + 6) {
		rl_attempted_completion_over = 0;
		return NULL;
	}
	rl_attempted_completion_over = 1; /* never complete host files */
	cmd_complete(repl_ss, rl_line_buffer, (size_t)start, (size_t)end,
		     comp_add, &comp);
	return rl_completion_matches(text, comp_next);
}

static void history_path(char *buf, size_t len)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char dir[3072];

	buf[0] = '\0';
	if (state && *state)
		snprintf(dir, sizeof(dir), "%s/kmemlab", state);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.local/state/kmemlab", home);
	else
		return;
	/* mkdir -p, one level at a time; failure means no history */
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return;
	snprintf(buf, len, "%s/history", dir);
}

struct line_reader *repl_readline_open(struct session *ss)
{
	struct rl_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->lr.read = rl_read;
	r->lr.remember = rl_remember;
	r->lr.close = rl_close;
	r->lr.ss = ss;
	repl_ss = ss; /* completion's session, also inside the TUI */
	rl_readline_name = "kmemlab";
	rl_catch_signals = 0;
	rl_attempted_completion_function = repl_complete;
	rl_basic_word_break_characters = " \t\n;=|>";
	using_history();
	history_path(r->history, sizeof(r->history));
	if (r->history[0])
		read_history(r->history);
	return &r->lr;
}
