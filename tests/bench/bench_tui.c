// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench tui: the time to redraw every pane after a command
 * (issue 7: under 5 ms median, 16 ms worst on big). The TUI opens
 * headless at 200x60, then draws into a second curses screen on a
 * pseudo-terminal (openpty + newterm, made current with set_term), so
 * doupdate() really writes escape sequences to a tty whose other end a
 * thread drains. Each round runs one command outside the TUI (not
 * timed), then times tui_redraw(t, true): every view's update() with
 * the command's trace, every pane's draw, doupdate. A second series
 * times a repaint without a command, the baseline. Never fails on time.
 */
#include <curses.h>
#include <errno.h>
#include <pthread.h>
#include <pty.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "kmemlab/cmd.h"
#include "kmemlab/out.h"
#include "kmemlab/tui.h"

#define BT_ROUNDS 1000
#define BT_W 200
#define BT_H 60

/* The tty's other end: read and dropped, so that doupdate never blocks
 * on a full pty buffer. Ends when the slave side is closed. */
static void *drain(void *arg)
{
	int fd = *(int *)arg;
	char buf[65536];
	unsigned long long total = 0;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n > 0) {
			total += (unsigned long long)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	return (void *)(uintptr_t)(total >> 10);
}

static void discard(void *ctx, enum out_stream st, const char *s, size_t n)
{
}

/* Commands cycled through: the page map, the buddy and vmalloc views
 * and the SLUB view all see something change each round. */
static const char *const cmds[] = {
	"p = kmalloc 64",   "q = alloc_pages 2", "v = vmalloc 16k",
	"kfree p",	    "__free_pages q 2",	 "vfree v",
	"r = kmalloc 8192", "kfree r",		 "s = kmalloc 100000",
	"kfree s",
};
#define NR_CMDS ((int)(sizeof(cmds) / sizeof(cmds[0])))

static const char *const layouts[] = {NULL, "view buddy", "view vmalloc"};

struct series {
	double ms[BT_ROUNDS];  /* wall clock */
	double cpu[BT_ROUNDS]; /* this thread's CPU time */
};

/* CPU time of the calling thread: what a redraw costs when the machine
 * is shared (the wall clock's worst case also counts preemption). */
static uint64_t cpu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double worst_of(const double *v)
{
	double w = 0;

	for (int i = 0; i < BT_ROUNDS; i++)
		if (v[i] > w)
			w = v[i];
	return w;
}

static void report(const char *preset, const char *what, struct series *s)
{
	double worst = worst_of(s->ms), cworst = worst_of(s->cpu);
	double median = bench_median(s->ms, BT_ROUNDS); /* sorts */
	double p99 = s->ms[BT_ROUNDS * 99 / 100];
	double cmedian = bench_median(s->cpu, BT_ROUNDS);

	printf("  %-8s %-34s wall: median %6.3f ms  p99 %6.3f ms  worst "
	       "%6.3f ms\n",
	       preset, what, median, p99, worst);
	printf("  %-8s %-34s cpu:  median %6.3f ms  worst %6.3f ms  "
	       "(worst/median %.1f)\n",
	       preset, "", cmedian, cworst, cmedian > 0 ? cworst / cmedian : 0);
}

static int bench_preset(const char *preset)
{
	struct machine_config cfg;
	struct tui_options opt = {.width = BT_W, .height = BT_H};
	struct winsize ws = {.ws_row = BT_H, .ws_col = BT_W};
	struct out out = {.write = discard};
	struct series *after = calloc(1, sizeof(*after));
	struct series *repaint = calloc(1, sizeof(*repaint));
	char err[256];
	struct session *ss;
	struct tui *t;
	SCREEN *scr;
	FILE *fo, *fi;
	int master, slave;
	pthread_t th;
	void *kib;
	uint64_t t0;

	if (!after || !repaint || machine_preset(&cfg, preset)) {
		fprintf(stderr, "bench tui: no preset %s\n", preset);
		return 1;
	}
	t0 = bench_now_ns();
	ss = session_create(&cfg, &out, err, sizeof(err));
	if (!ss) {
		fprintf(stderr, "bench tui: %s: %s\n", preset, err);
		return 1;
	}
	t = tui_open_headless(ss, &opt);
	if (!t) {
		fprintf(stderr, "bench tui: curses cannot start (terminfo "
				"for xterm?)\n");
		session_destroy(ss);
		return 1;
	}
	if (openpty(&master, &slave, NULL, NULL, &ws) < 0) {
		perror("bench tui: openpty");
		tui_close(t);
		session_destroy(ss);
		return 1;
	}
	fo = fdopen(slave, "w");
	fi = fdopen(dup(slave), "r");
	scr = fo && fi ? newterm("xterm", fo, fi) : NULL;
	if (!scr) {
		fprintf(stderr, "bench tui: newterm on the pty failed\n");
		return 1;
	}
	/* the TUI draws on stdscr: from now on the pty's */
	set_term(scr);
	resizeterm(BT_H, BT_W);
	pthread_create(&th, NULL, drain, &master);
	tui_redraw(t, false);
	printf("  %-8s booted and first full paint in %.1f ms\n", preset,
	       (double)(bench_now_ns() - t0) / 1e6);

	for (int i = 0; i < 20; i++) /* warm up: slabs, pcp lists */
		session_run_line(ss, cmds[i % NR_CMDS], "bench", 0);
	/* the panes at start (SLUB and page map at 200x60), then with the
	 * buddy and vmalloc views brought to the main pane */
	for (size_t l = 0; l < sizeof(layouts) / sizeof(layouts[0]); l++) {
		char what[64];

		if (layouts[l])
			tui_run_line(t, layouts[l], "bench", 0);
		tui_redraw(t, true);
		for (int i = 0; i < BT_ROUNDS; i++) {
			uint64_t a, c;

			session_run_line(ss, cmds[i % NR_CMDS], "bench",
					 (unsigned long)i);
			a = bench_now_ns();
			c = cpu_now_ns();
			tui_redraw(t, true);
			after->cpu[i] = (double)(cpu_now_ns() - c) / 1e6;
			after->ms[i] = (double)(bench_now_ns() - a) / 1e6;
		}
		snprintf(what, sizeof(what), "after a command (%s)",
			 layouts[l] ? layouts[l] : "start");
		report(preset, what, after);
	}
	for (int i = 0; i < BT_ROUNDS; i++) {
		uint64_t a = bench_now_ns(), c = cpu_now_ns();

		tui_redraw(t, false);
		repaint->cpu[i] = (double)(cpu_now_ns() - c) / 1e6;
		repaint->ms[i] = (double)(bench_now_ns() - a) / 1e6;
	}
	report(preset, "repaint, nothing changed", repaint);

	endwin();
	delscreen(scr);
	fclose(fo); /* the slave closes: the drain thread sees EOF */
	fclose(fi);
	pthread_join(th, &kib);
	close(master);
	printf("  %-8s %lu KiB written to the pty\n", preset,
	       (unsigned long)(uintptr_t)kib);
	tui_close(t);
	session_destroy(ss);
	free(after);
	free(repaint);
	return 0;
}

int bench_tui(int argc, char **argv)
{
	int rc = 0;

	printf("tui: redraw of all panes at %dx%d into a pty, %d rounds "
	       "(targets on big: median < 5 ms, worst < 16 ms)\n",
	       BT_W, BT_H, BT_ROUNDS);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			rc |= bench_preset(argv[i]);
		return rc;
	}
	rc |= bench_preset("default");
	rc |= bench_preset("big");
	return rc;
}
