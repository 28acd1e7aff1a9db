// SPDX-License-Identifier: GPL-2.0-only
/*
 * lesson, next, prev, record: the lesson player as commands, so a lesson
 * plays in the plain REPL and in batch as text (and in goldens), and the
 * TUI binds its keys to the same commands. No kernel twin. The work is in
 * src/lesson (player.c, record.c); these handlers print.
 *
 * None of them is journaled: what a step runs is journaled command by
 * command as it runs, and the lesson's own commands would replay it a
 * second time. So that a replay of the journal (undo, prev, load) gives
 * back the very same machine, they also give back the jiffy that the
 * dispatcher took for them.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_internal.h"
#include "kmemlab/lesson.h"

/* Columns of one UTF-8 character at s (CJK is 2 wide), its length. */
static int char_width(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned int cp;

	if (u[0] < 0x80) {
		*len = 1;
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0 && (u[1] & 0xc0) == 0x80) {
		*len = 2;
		return 1;
	}
	if ((u[0] & 0xf0) == 0xe0 && (u[1] & 0xc0) == 0x80 &&
	    (u[2] & 0xc0) == 0x80) {
		*len = 3;
		cp = (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 |
		     (u[2] & 0x3fu);
		return (cp >= 0x2e80 && cp <= 0xa4cf) ||
				       (cp >= 0xac00 && cp <= 0xd7a3) ||
				       (cp >= 0xf900 && cp <= 0xfaff) ||
				       (cp >= 0xfe30 && cp <= 0xfe4f) ||
				       (cp >= 0xff00 && cp <= 0xff60) ||
				       (cp >= 0xffe0 && cp <= 0xffe6)
			       ? 2
			       : 1;
	}
	if ((u[0] & 0xf8) == 0xf0 && (u[1] & 0xc0) == 0x80 &&
	    (u[2] & 0xc0) == 0x80 && (u[3] & 0xc0) == 0x80) {
		*len = 4;
		return 2;
	}
	*len = 1;
	return 1;
}

/* Chinese punctuation that may not start a line (，。：；！？、）」』】). */
static bool no_line_start(const char *p)
{
	static const char *const marks[] = {"，", "。", "：", "；", "！", "？",
					    "、", "）", "」", "』", "】"};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (!strncmp(p, marks[i], strlen(marks[i])))
			return true;
	return false;
}

/*
 * Text indented by two, wrapped at 78 columns: at a space, or beside a
 * wide character (Chinese has no spaces between words), never before a
 * closing punctuation mark.
 */
static void print_wrapped(struct session *ss, const char *text)
{
	const int width = 76;
	const char *s = text;

	while (*s) {
		const char *p = s, *brk = NULL, *next = NULL;
		int w = 0;

		while (*p && *p != '\n') {
			size_t len;
			int cw = char_width(p, &len);

			if (w + cw > width)
				break;
			if (*p == ' ') {
				brk = p;
				next = p + 1;
			} else if (cw == 2 && p > s && !no_line_start(p)) {
				brk = p;
				next = p;
			}
			w += cw;
			p += len;
		}
		if (!*p || *p == '\n') {
			out_printf(OUT(ss), "  %.*s\n", (int)(p - s), s);
			s = *p ? p + 1 : p;
			continue;
		}
		if (!brk || brk == s) {
			brk = p;
			next = p;
		}
		out_printf(OUT(ss), "  %.*s\n", (int)(brk - s), s);
		s = next;
		while (*s == ' ')
			s++;
	}
}

/* The lesson's number (NN of NN-name.json), -1 without one. */
static int lesson_number(const struct lesson *l)
{
	const char *b =
		strrchr(l->file, '/') ? strrchr(l->file, '/') + 1 : l->file;
	char *end;
	long n = strtol(b, &end, 10);

	return end != b && *end == '-' ? (int)n : -1;
}

static void print_lesson_line(struct session *ss, const struct lesson *l,
			      enum lesson_lang lang)
{
	int n = lesson_number(l);

	if (n >= 0)
		out_printf(OUT(ss), "Lesson %d: ", n);
	else
		out_printf(OUT(ss), "Lesson: ");
	out_printf(OUT(ss), "%s (%s), %zu step%s\n",
		   lesson_text(&l->title, lang), l->id, l->nr_steps,
		   l->nr_steps == 1 ? "" : "s");
}

/* Append ", TEXT" (or "TEXT" first) to buf of len. */
static void add_part(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_part(char *buf, size_t len, const char *fmt, ...)
{
	size_t off = strlen(buf);
	va_list ap;

	if (off && off + 2 < len) {
		memcpy(buf + off, ", ", 3);
		off += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + off, len - off, fmt, ap);
	va_end(ap);
}

/*
 * "numa machine (4 nodes, not hardened), seed 1": the lesson's preset and
 * whatever its machine block changes of it, so that the banner does not
 * call a machine with slab_debug or more nodes a plain preset.
 */
static void describe_machine(const struct machine_config *cfg, char *buf,
			     size_t len)
{
	struct machine_config base;
	char more[256] = "";

	if (machine_preset(&base, cfg->preset) < 0)
		memset(&base, 0, sizeof(base));
	if (cfg->mem_bytes != base.mem_bytes)
		add_part(more, sizeof(more), "%lu%s RAM",
			 cfg->mem_bytes % (1UL << 30) ? cfg->mem_bytes >> 20
						      : cfg->mem_bytes >> 30,
			 cfg->mem_bytes % (1UL << 30) ? "M" : "G");
	if (cfg->nr_cpus != base.nr_cpus)
		add_part(more, sizeof(more), "%d CPU%s", cfg->nr_cpus,
			 cfg->nr_cpus == 1 ? "" : "s");
	if (cfg->nr_nodes != base.nr_nodes)
		add_part(more, sizeof(more), "%d node%s", cfg->nr_nodes,
			 cfg->nr_nodes == 1 ? "" : "s");
	if (cfg->hardened != base.hardened)
		add_part(more, sizeof(more), "%s",
			 cfg->hardened ? "hardened" : "not hardened");
	if (strcmp(cfg->slub_debug, base.slub_debug))
		add_part(more, sizeof(more), "slab_debug=%s", cfg->slub_debug);
	snprintf(buf, len, "%s machine%s%s%s, seed %llu", cfg->preset,
		 more[0] ? " (" : "", more, more[0] ? ")" : "",
		 (unsigned long long)cfg->seed);
}

/* "Step 2/5: title" */
static void print_step_line(struct session *ss, const struct lesson_player *p,
			    size_t i)
{
	out_printf(OUT(ss), "Step %zu/%zu: %s\n", i + 1, p->lesson->nr_steps,
		   lesson_text(&p->lesson->steps[i].title, p->lang));
}

static void print_results(struct session *ss, const struct lesson_player *p)
{
	const struct lesson_step_state *st = lesson_player_state(p);

	if (!st)
		return;
	if (st->failed[0])
		out_printf(OUT(ss), "  ✗ %s\n", st->failed);
	for (size_t i = 0; i < st->nr_results; i++) {
		const struct lesson_result *r = &st->results[i];

		if (r->met)
			out_printf(OUT(ss), "  ✓ %s\n", r->what);
		else
			out_printf(OUT(ss), "  ✗ %s — found %s\n", r->what,
				   r->found);
	}
	if (p->pos == p->lesson->nr_steps)
		out_printf(OUT(ss),
			   "End of the lesson. lesson restart plays it again; "
			   "lesson close leaves it.\n");
}

/* Play one step, printing its header, narration and results. */
static int play_next(struct session *ss)
{
	const struct lesson_player *p = session_lesson(ss);
	char err[512];

	if (p && p->pos < p->lesson->nr_steps) {
		const struct lesson_step *st = lesson_player_step(p, p->pos);

		out_printf(OUT(ss), "\n");
		print_step_line(ss, p, p->pos);
		if (!p->no_narration)
			print_wrapped(ss, lesson_text(&st->narration, p->lang));
	}
	if (lesson_next(ss, err, sizeof(err)) < 0)
		return cmd_error(ss, "%s", err);
	print_results(ss, session_lesson(ss));
	return 0;
}

/* After going back: where we are now. */
static void print_position(struct session *ss)
{
	const struct lesson_player *p = session_lesson(ss);

	if (!p->pos)
		out_printf(OUT(ss), "Before step 1 (next plays it).\n");
	else
		print_step_line(ss, p, p->pos - 1);
}

/* The dispatcher's tick for this command, given back (see the top). */
static int lesson_enter(struct session *ss)
{
	const struct lesson_player *p = ss->lesson;

	if (ss->depth)
		return cmd_error(ss, "not inside repeat");
	if (p && p->busy) /* a step's `source`d file */
		return cmd_error(ss, "not while a step is playing");
	ss->m->jiffies--;
	return 0;
}

static int do_next(struct session *ss, int argc, char **argv)
{
	if (lesson_enter(ss) < 0)
		return -1;
	return play_next(ss);
}

static int play_prev(struct session *ss)
{
	const struct lesson_player *p = session_lesson(ss);
	char err[512];
	size_t from;

	from = p ? p->pos : 0;
	if (lesson_prev(ss, err, sizeof(err)) < 0)
		return cmd_error(ss, "%s", err);
	out_printf(OUT(ss), "Back to the state before step %zu.\n", from);
	print_position(ss);
	return 0;
}

static int do_prev(struct session *ss, int argc, char **argv)
{
	if (lesson_enter(ss) < 0)
		return -1;
	return play_prev(ss);
}

static void print_status(struct session *ss)
{
	const struct lesson_player *p = session_lesson(ss);
	const char *rec = lesson_recording(ss);

	if (!p) {
		out_printf(OUT(ss), "No lesson open (lesson list, lesson open "
				    "NAME).\n");
	} else {
		const struct lesson_step_state *st = lesson_player_state(p);
		const char *base = strrchr(p->lesson->file, '/');

		print_lesson_line(ss, p->lesson, p->lang);
		out_printf(OUT(ss), "File: %s\n",
			   base ? base + 1 : p->lesson->file);
		if (!st)
			out_printf(OUT(ss), "Before step 1 of %zu.\n",
				   p->lesson->nr_steps);
		else
			out_printf(OUT(ss),
				   "Step %zu/%zu: %s — %zu of %zu "
				   "expectations met%s\n",
				   p->pos, p->lesson->nr_steps,
				   lesson_player_title(p),
				   st->nr_results - st->nr_unmet,
				   st->nr_results,
				   st->failed[0] ? ", a command failed" : "");
	}
	out_printf(OUT(ss), "Language: %s\n",
		   lesson_get_lang(ss) == LANG_ZH ? "zh" : "en");
	if (rec)
		out_printf(OUT(ss), "Recording to %s\n", rec);
}

static int do_list(struct session *ss)
{
	struct lesson_entry *e;
	enum lesson_lang lang = lesson_get_lang(ss);
	char dir[4096];
	size_t n;

	if (lesson_dir(dir, sizeof(dir)) < 0)
		return cmd_error(
			ss, "no lessons directory (set KMEMLAB_LESSONS=DIR)");
	if (lesson_list(dir, &e, &n) < 0)
		return cmd_error(ss, "cannot read %s", dir);
	if (!n)
		out_printf(OUT(ss), "No lessons in %s.\n", dir);
	for (size_t i = 0; i < n; i++) {
		const char *b = strrchr(e[i].file, '/') + 1;

		if (e[i].number >= 0)
			out_printf(OUT(ss), "%3d  ", e[i].number);
		else
			out_printf(OUT(ss), "  -  ");
		if (e[i].id)
			out_printf(OUT(ss), "%-24s %s\n", e[i].id,
				   lesson_text(&e[i].title, lang));
		else
			out_printf(OUT(ss),
				   "%-24s (does not load: kmemlab --check "
				   "lessons/%s)\n",
				   b, b);
	}
	lesson_list_free(e, n);
	return 0;
}

static int do_lesson(struct session *ss, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "status";
	const struct lesson_player *p;
	char err[512], machine[400];
	unsigned long n;
	int lang;

	if (lesson_enter(ss) < 0)
		return -1;
	if (!strcmp(sub, "list") || !strcmp(sub, "status") ||
	    !strcmp(sub, "next") || !strcmp(sub, "prev") ||
	    !strcmp(sub, "restart") || !strcmp(sub, "close")) {
		if (argc > 2)
			return cmd_error(ss, "lesson %s takes no argument",
					 sub);
	} else if (strcmp(sub, "open") && strcmp(sub, "goto") &&
		   strcmp(sub, "lang")) {
		return cmd_error(ss,
				 "no subcommand '%s' (expected list, open, "
				 "next, prev, restart, goto, close, status or "
				 "lang)",
				 sub);
	}
	if (!strcmp(sub, "list"))
		return do_list(ss);
	if (!strcmp(sub, "status")) {
		print_status(ss);
		return 0;
	}
	if (!strcmp(sub, "next"))
		return play_next(ss);
	if (!strcmp(sub, "prev"))
		return play_prev(ss);
	if (!strcmp(sub, "close")) {
		p = session_lesson(ss);
		if (!p)
			return cmd_error(ss, "no lesson open");
		lesson_close(ss);
		out_printf(OUT(ss), "Lesson closed; the machine stays as it "
				    "is.\n");
		return 0;
	}
	if (!strcmp(sub, "restart")) {
		if (lesson_restart(ss, err, sizeof(err)) < 0)
			return cmd_error(ss, "%s", err);
		p = session_lesson(ss);
		describe_machine(&p->lesson->cfg, machine, sizeof(machine));
		out_printf(OUT(ss),
			   "Restarted on a fresh %s. next plays step 1.\n",
			   machine);
		return 0;
	}
	if (argc != 3)
		return cmd_error(ss, "expected lesson %s %s", sub,
				 !strcmp(sub, "open")	? "NAME|NUMBER"
				 : !strcmp(sub, "goto") ? "N"
							: "en|zh");
	if (!strcmp(sub, "lang")) {
		lang = lesson_lang_parse(argv[2]);
		if (lang < 0)
			return cmd_error(ss, "expected en or zh, not '%s'",
					 argv[2]);
		lesson_set_lang(ss, (enum lesson_lang)lang);
		return 0;
	}
	if (!strcmp(sub, "open")) {
		if (lesson_open(ss, argv[2], err, sizeof(err)) < 0)
			return cmd_error(ss, "%s", err);
		p = session_lesson(ss);
		print_lesson_line(ss, p->lesson, p->lang);
		describe_machine(&p->lesson->cfg, machine, sizeof(machine));
		out_printf(OUT(ss), "A fresh %s. next plays step 1.\n",
			   machine);
		return 0;
	}
	/* goto N */
	if (cmd_arg_ulong(ss, argv[2], "N", &n) < 0)
		return -1;
	p = session_lesson(ss);
	if (p && n < p->pos) {
		size_t from = p->pos;

		if (lesson_goto(ss, n, err, sizeof(err)) < 0)
			return cmd_error(ss, "%s", err);
		out_printf(OUT(ss), "Back to the state before step %zu.\n",
			   n + 1 < from ? n + 1 : from);
		print_position(ss);
		return 0;
	}
	if (p && n > p->lesson->nr_steps)
		return cmd_error(ss, "no step %lu (the lesson has %zu)", n,
				 p->lesson->nr_steps);
	if (!p)
		return cmd_error(ss, "no lesson open (lesson list, then "
				     "lesson open NAME)");
	if (p->pos == n) { /* already there: say where */
		print_position(ss);
		return 0;
	}
	while ((p = session_lesson(ss)) && p->pos < n)
		if (play_next(ss) < 0)
			return -1;
	return 0;
}

static int do_record(struct session *ss, int argc, char **argv)
{
	const char *rec;
	char err[512];

	if (lesson_enter(ss) < 0)
		return -1;
	rec = lesson_recording(ss);
	if (argc == 1) {
		if (rec)
			out_printf(OUT(ss), "Recording to %s\n", rec);
		else
			out_printf(OUT(ss), "Not recording.\n");
		return 0;
	}
	if (!strcmp(argv[1], "stop")) {
		char *file = rec ? strdup(rec) : NULL;
		const struct lesson_player *p = ss->lesson;
		size_t steps;

		if (lesson_record_stop(ss, err, sizeof(err)) < 0) {
			free(file);
			return cmd_error(ss, "%s", err);
		}
		steps = p ? p->record_steps : 0;
		out_printf(OUT(ss), "wrote %s (%zu step%s)\n", file ? file : "",
			   steps, steps == 1 ? "" : "s");
		free(file);
		return 0;
	}
	if (lesson_record_start(ss, argv[1], err, sizeof(err)) < 0)
		return cmd_error(ss, "%s", err);
	out_printf(OUT(ss),
		   "Recording to %s: each command becomes a step, one that "
		   "the kernel refused expecting its error (record stop "
		   "ends).\n",
		   argv[1]);
	return 0;
}

/*
 * Words to complete after "lesson": the subcommands, then for open the
 * lessons' ids and numbers (read once: the directory does not change
 * while a class runs), for lang the languages.
 */
const char *const *cmd_lesson_words(int n, const char *sub)
{
	static const char *const subs[] = {"list",    "open", "next",  "prev",
					   "restart", "goto", "close", "status",
					   "lang",    NULL};
	static const char *const langs[] = {"en", "zh", NULL};
	static char **names;

	if (n == 1)
		return subs;
	if (n == 2 && !strcmp(sub, "lang"))
		return langs;
	if (n != 2 || strcmp(sub, "open"))
		return NULL;
	if (!names) {
		struct lesson_entry *e;
		char dir[4096];
		size_t nr = 0, k = 0;

		if (lesson_dir(dir, sizeof(dir)) < 0 ||
		    lesson_list(dir, &e, &nr) < 0)
			return NULL;
		names = calloc(2 * nr + 1, sizeof(*names));
		for (size_t i = 0; names && i < nr; i++) {
			if (e[i].id)
				names[k++] = strdup(e[i].id);
			if (e[i].number >= 0 &&
			    asprintf(&names[k], "%d", e[i].number) >= 0)
				k++;
			else
				names[k] = NULL;
		}
		lesson_list_free(e, nr);
	}
	return (const char *const *)names;
}

// clang-format off
const struct command cmd_lesson_table[] = {
	{ "lesson", do_lesson, 0, 2,
	  "lesson [list|open N|next|prev|restart|goto N|close|status|lang L]",
	  "play a lesson step by step",
	  "lesson list shows the lessons (lessons/ of the source tree, or "
	  "$KMEMLAB_LESSONS); lesson open NAME|NUMBER boots the lesson's "
	  "machine in place of this one; next runs a step's commands and "
	  "checks what it expects; prev goes back to the exact state before "
	  "the step (a replay, like undo); goto N ends with N steps played; "
	  "lang en|zh picks the narration's language.",
	  "lesson open 1",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ "next", do_next, 0, 0,
	  "next",
	  "play the lesson's next step",
	  "Prints the step's title and narration, runs its commands as if "
	  "typed (they go into the history) and checks its expectations.",
	  "next",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ "prev", do_prev, 0, 0,
	  "prev",
	  "undo the lesson's current step, exactly",
	  "Boots the lesson's machine again and replays the history up to "
	  "where the step began: the same addresses, variables and lists.",
	  "prev",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ "record", do_record, 0, 1,
	  "record [FILE.json|stop]",
	  "make a lesson of the commands that follow",
	  "Each command that works becomes a step of FILE (title and "
	  "narration TODO in en and zh, no expectations), rewritten after "
	  "every command so it always loads; commands typed before form a "
	  "first step. Add the narration and expectations, then check it "
	  "with kmemlab --check FILE.",
	  "record /tmp/mine.json",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 }
};
// clang-format on
