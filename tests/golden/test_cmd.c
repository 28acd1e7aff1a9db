// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command layer beyond its error lines (test_bad_inputs.c has those):
 * line syntax (';', '#', assignments with and without spaces, $_ and
 * address arithmetic, unique prefixes), results and the JSON hook's
 * struct cmd_result, explain's choice of command, jiffies and caller,
 * completion candidates, and the state digest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/cmd.h"

static int failures;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                            \
		}                                                              \
	} while (0)

static struct out_buffer ob;

static struct session *boot(void)
{
	struct machine_config cfg;
	char err[256];
	struct session *ss;

	machine_preset(&cfg, "default");
	ss = session_create(&cfg, &ob.out, err, sizeof(err));
	if (!ss) {
		printf("boot: %s\n", err);
		exit(1);
	}
	ss->opt.check = true;
	return ss;
}

static int run(struct session *ss, const char *line)
{
	out_buffer_reset(&ob);
	return session_run_line(ss, line, "test", 1);
}

static const char *out(void)
{
	return ob.so.buf ? ob.so.buf : "";
}

/* --- results ------------------------------------------------------------ */

struct seen {
	int n;
	bool ok[8];
	unsigned long addr[8];
	char cache[8][64];
	char cmd[8][64];
	size_t path_len[8];
	char first_call[8][64];
};

static void on_result(void *ctx, const struct cmd_result *r)
{
	struct seen *s = ctx;

	if (s->n >= 8)
		return;
	s->ok[s->n] = r->ok;
	s->addr[s->n] = r->has_addr ? r->addr : 1;
	snprintf(s->cache[s->n], 64, "%s", r->cache ? r->cache : "");
	snprintf(s->cmd[s->n], 64, "%s", r->cmd);
	s->path_len[s->n] = r->trace->nr_path;
	snprintf(s->first_call[s->n], 64, "%s",
		 r->trace->nr_path ? r->trace->path[0] : "");
	s->n++;
}

static void test_syntax(void)
{
	struct session *ss = boot();
	const struct var *p, *q;
	unsigned long j0 = ss->m->jiffies;

	/* two commands, a comment, assignments with and without spaces */
	CHECK(run(ss, "p = kmalloc 64 ; q=kmalloc 64 # a comment; kfree p") ==
	      0);
	p = session_var(ss, "p");
	q = session_var(ss, "q");
	CHECK(p && q && p->val != q->val);
	CHECK(ss->m->jiffies == j0 + 2);
	CHECK(!strcmp(ss->m->caller, "test:1"));
	/* $_ is the last result, arithmetic on variables */
	CHECK(ss->have_last_result && ss->last_result == q->val);
	CHECK(run(ss, "r =kmalloc 8; s= kmalloc 8") == 0);
	CHECK(session_var(ss, "r") && session_var(ss, "s"));
	CHECK(run(ss, "show object p+8") == 0);
	CHECK(strstr(out(), "cache kmalloc-64") != NULL);
	/* unique prefix: kmem_cache_cr is kmem_cache_create */
	CHECK(run(ss, "c = kmem_cache_cr foo 100") == 0);
	CHECK(strstr(out(), " foo ") != NULL);
	/* cache by variable */
	CHECK(run(ss, "o = kmem_cache_alloc c; kmem_cache_free foo o") == 0);
	/* a failed command restores jiffies */
	j0 = ss->m->jiffies;
	CHECK(run(ss, "kmalloc nope") == 1);
	CHECK(ss->m->jiffies == j0);
	/* repeat, with the last result assigned */
	CHECK(run(ss, "t = repeat 3 kmalloc 32") == 0);
	CHECK(session_var(ss, "t") &&
	      session_var(ss, "t")->val == ss->last_result);
	/* NULL and ZERO_SIZE_PTR */
	CHECK(run(ss, "z = kmalloc 0") == 0);
	CHECK(!strcmp(out(), "0x10 ZERO_SIZE_PTR\n"));
	CHECK(run(ss, "kfree z; kfree NULL") == 0);
	/* quit stops the rest of the line */
	CHECK(run(ss, "quit; kmalloc 8") == 0);
	CHECK(ss->quit && out()[0] == '\0');
	CHECK(mm_check(ss->m) == 0);
	session_destroy(ss);
}

static void test_results(void)
{
	struct session *ss = boot();
	struct seen seen = {0};

	ss->on_result = on_result;
	ss->on_result_ctx = &seen;
	ss->opt.json = true;
	CHECK(run(ss, "p = kmalloc 100; cat /proc/buddyinfo; kfree p; "
		      "pg = alloc_pages 2; frobnicate") == 1);
	CHECK(seen.n == 5);
	CHECK(seen.ok[0] && !strcmp(seen.cache[0], "kmalloc-128"));
	CHECK(!strcmp(seen.cmd[0], "p = kmalloc 100"));
	CHECK(!strcmp(seen.first_call[0], "kmalloc"));
	CHECK(seen.ok[1] && seen.addr[1] == 1 && seen.path_len[1] == 0);
	CHECK(seen.ok[2] && !strcmp(seen.first_call[2], "kfree"));
	CHECK(seen.ok[3] && seen.cache[3][0] == '\0' &&
	      seen.addr[3] == session_var(ss, "pg")->val);
	CHECK(!seen.ok[4]);
	/* json mode: nothing printed through the sink */
	CHECK(ob.so.len == 0);
	CHECK(mm_check(ss->m) == 0);
	session_destroy(ss);
}

static void test_explain(void)
{
	struct session *ss = boot();

	CHECK(run(ss, "explain") == 0);
	CHECK(strstr(out(), "nothing to explain") != NULL);
	/* explain describes the last allocation, not the cat after it */
	CHECK(run(ss, "pg = alloc_pages 3; cat /proc/buddyinfo; explain") == 0);
	CHECK(strstr(out(), "pg = alloc_pages 3\n  path: alloc_pages → "
			    "__alloc_pages → ") != NULL);
	CHECK(run(ss, "__free_pages pg 3; help; explain") == 0);
	CHECK(strstr(out(), "__free_pages pg 3\n  path: __free_pages") != NULL);
	/* set trace on prints events as they happen */
	CHECK(run(ss, "set trace on; pg = alloc_pages 0") == 0);
	CHECK(strstr(out(), "  → alloc_pages") != NULL);
	CHECK(run(ss, "set trace off; __free_pages pg 0") == 0);
	CHECK(strstr(out(), "→") == NULL);
	session_destroy(ss);
}

/* --- completion ------------------------------------------------------------
 */

struct words {
	char v[512][96];
	int n;
};

static void add_word(void *ctx, const char *w)
{
	struct words *ws = ctx;

	for (int i = 0; i < ws->n; i++)
		if (!strcmp(ws->v[i], w))
			return; /* a cache and its alias directory */
	if (ws->n < 512)
		snprintf(ws->v[ws->n++], 96, "%s", w);
}

static bool has(struct words *ws, const char *w)
{
	for (int i = 0; i < ws->n; i++)
		if (!strcmp(ws->v[i], w))
			return true;
	return false;
}

static struct words *complete(struct session *ss, const char *line)
{
	static struct words ws;
	size_t end = strlen(line), start = end;

	while (start > 0 && !strchr(" \t;=|>", line[start - 1]))
		start--;
	ws.n = 0;
	cmd_complete(ss, line, start, end, add_word, &ws);
	return &ws;
}

static void test_complete(void)
{
	struct session *ss = boot();
	struct words *ws;

	CHECK(run(ss, "ptr = kmalloc 64; c = kmem_cache_create dentry 192") ==
	      0);
	ws = complete(ss, "kmem_cache_a");
	CHECK(ws->n == 2 && has(ws, "kmem_cache_alloc") &&
	      has(ws, "kmem_cache_alloc_node"));
	ws = complete(ss, "x = kma");
	CHECK(has(ws, "kmalloc") && has(ws, "kmalloc_node") &&
	      has(ws, "kmalloc_size_roundup") && ws->n == 3);
	ws = complete(ss, "kfree p");
	CHECK(ws->n == 1 && has(ws, "ptr"));
	ws = complete(ss, "kmalloc 64 GFP_KERNEL|__GFP_Z");
	CHECK(ws->n == 2 && has(ws, "__GFP_ZERO") && has(ws, "__GFP_ZEROTAGS"));
	ws = complete(ss, "kmalloc 64 GFP_KERNEL|__GFP_NOW");
	CHECK(ws->n == 1 && has(ws, "__GFP_NOWARN"));
	ws = complete(ss, "cat /proc/bu");
	CHECK(ws->n == 1 && has(ws, "/proc/buddyinfo"));
	ws = complete(ss, "cat /sys/kernel/slab/dentry/obj");
	CHECK(has(ws, "/sys/kernel/slab/dentry/objects") &&
	      has(ws, "/sys/kernel/slab/dentry/objs_per_slab"));
	ws = complete(ss, "echo 1 > /sys/kernel/slab/kmalloc-64/shr");
	CHECK(ws->n == 1 && has(ws, "/sys/kernel/slab/kmalloc-64/shrink"));
	ws = complete(ss, "kmem_cache_alloc den");
	CHECK(ws->n == 1 && has(ws, "dentry"));
	ws = complete(ss, "show ");
	CHECK(ws->n == 5 && has(ws, "vmalloc"));
	ws = complete(ss, "show cache kmalloc-1");
	CHECK(has(ws, "kmalloc-128") && has(ws, "kmalloc-1k"));
	ws = complete(ss, "set trace o");
	CHECK(ws->n == 2 && has(ws, "on") && has(ws, "off"));
	ws = complete(ss, "kmem_cache_create foo 64 flags=SLAB_HW");
	CHECK(ws->n == 1 && has(ws, "SLAB_HWCACHE_ALIGN"));
	ws = complete(
		ss,
		"kmem_cache_create foo 64 flags=SLAB_HWCACHE_ALIGN|SLAB_ACC");
	CHECK(ws->n == 1 && has(ws, "SLAB_ACCOUNT"));
	ws = complete(ss, "kmem_cache_create foo 64 fl");
	CHECK(ws->n == 1 && has(ws, "flags="));
	ws = complete(ss, "help vf");
	CHECK(ws->n == 1 && has(ws, "vfree"));
	session_destroy(ss);
}

static void test_digest(void)
{
	struct session *ss = boot();
	unsigned long long d0 = session_state_digest(ss);

	CHECK(session_state_digest(ss) == d0);
	CHECK(run(ss, "cat /proc/meminfo") == 0);
	CHECK(session_state_digest(ss) != d0); /* jiffies moved */
	d0 = session_state_digest(ss);
	CHECK(run(ss, "p = kmalloc 64") == 0);
	CHECK(session_state_digest(ss) != d0);
	session_destroy(ss);
}

static void test_undo(void)
{
	struct session *ss = boot();
	unsigned long long d0, d1;

	CHECK(run(ss, "undo") == 1);
	CHECK(strstr(ob.se.buf, "only 0 commands") != NULL);
	CHECK(run(ss, "p = kmalloc 64") == 0);
	d0 = session_state_digest(ss);
	/* undo of one and of two commands, a failed one in between */
	CHECK(run(ss, "q = alloc_pages 3; kmalloc nope; undo") == 1);
	CHECK(session_state_digest(ss) == d0);
	CHECK(!session_var(ss, "q") && session_var(ss, "p"));
	CHECK(run(ss, "cpu 1; r = kmalloc 100; set trace off") == 0);
	d1 = session_state_digest(ss);
	CHECK(run(ss, "s = vmalloc 8k; t = kmem_cache_create foo 64; undo 2") ==
	      0);
	CHECK(session_state_digest(ss) == d1);
	CHECK(ss->m->cur_cpu == 1);
	/* the same commands again give the same addresses */
	CHECK(run(ss, "s2 = vmalloc 8k") == 0);
	CHECK(mm_check(ss->m) == 0);
	session_destroy(ss);
}

int main(void)
{
	out_buffer_init(&ob);
	test_syntax();
	test_results();
	test_explain();
	test_complete();
	test_digest();
	test_undo();
	out_buffer_free(&ob);
	printf("test_cmd: %d failure%s\n", failures, failures == 1 ? "" : "s");
	return failures ? 1 : 0;
}
