// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshots and diagrams through the command layer: after a long random
 * session on every preset, export -> load -> export gives the same bytes;
 * a malformed, truncated, oversized, version-mismatched or tampered
 * snapshot is refused with file:line:col and the reason, leaving the
 * session's state digest unchanged; the --dot pictures render with
 * `dot -Tsvg` (when Graphviz is installed) and name the expected nodes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmemlab/export.h"
#include "../golden/random_cmd.h"

static int failures;

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);    \
			failures++;                                            \
		}                                                              \
	} while (0)

static const char *const SZ[] = {"1",  "8",  "24", "64",   "100", "192", "500",
				 "1k", "4k", "8k", "9000", "64k", "1M"};
static const char *const NM[] = {"foo", "bar", "kmalloc-64", "kmalloc-192"};
static const char *const T[] = {
	"%V = kmalloc %S",
	"kfree %V",
	"%V = alloc_pages %O",
	"__free_pages %V %O",
	"%V = kmem_cache_create %N %S",
	"%V = kmem_cache_alloc %N",
	"kmem_cache_free %N %V",
	"kmem_cache_destroy %N",
	"kmem_cache_shrink %N",
	"%V = vmalloc %S",
	"vfree %V",
	"cpu %C",
	"%V = krealloc %V %S",
	"drain_all_pages",
	"%V = kzalloc %S GFP_KERNEL",
	"%V = vmap %V %V",
	"vunmap %V",
	"vmalloc_purge",
	"%V = kvmalloc %S",
	"kvfree %V",
	"echo 1 > /sys/kernel/slab/%N/shrink",
	"repeat 3 %V = kmalloc %S",
	"%V = kmem_cache_alloc_node %N GFP_KERNEL -1",
	"undo",
};

static void null_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	(void)ctx;
	(void)st;
	(void)s;
	(void)n;
}
static struct out null_out = {null_write, NULL};

static struct session *boot(const char *preset)
{
	struct machine_config cfg;
	char err[256];
	struct session *ss;

	machine_preset(&cfg, preset);
	ss = session_create(&cfg, &null_out, err, sizeof(err));
	if (!ss) {
		printf("cannot boot %s: %s\n", preset, err);
		exit(1);
	}
	ss->opt.check = false;
	return ss;
}

static const struct cmd_vocab vocab = {
	T, ARRAY_LEN(T), SZ, ARRAY_LEN(SZ), NM, ARRAY_LEN(NM), 4,
};

static void random_session(struct session *ss, int iters, unsigned seed)
{
	random_seed(seed);
	for (int i = 0; i < iters; i++) {
		char line[256];

		random_command(&vocab, line, sizeof(line));
		session_run_line(ss, line, "test", (unsigned long)i + 1);
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	b[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return b;
}

static void spit(const char *path, const char *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	fwrite(b, 1, n, f);
	fclose(f);
}

static char dir[] = "/tmp/kmemlab-export-XXXXXX";

static void roundtrip(const char *preset, int iters)
{
	struct session *a = boot(preset), *b = boot("default");
	char p1[128], p2[128], err[512];
	char *t1, *t2;
	size_t n1, n2;

	random_session(a, iters, 7);
	snprintf(p1, sizeof(p1), "%s/%s-1.json", dir, preset);
	snprintf(p2, sizeof(p2), "%s/%s-2.json", dir, preset);
	CHECK(snapshot_export(a, p1, err, sizeof(err)) == 0);
	CHECK(snapshot_load(b, p1, err, sizeof(err)) == 0);
	CHECK(snapshot_export(b, p2, err, sizeof(err)) == 0);
	t1 = slurp(p1, &n1);
	t2 = slurp(p2, &n2);
	CHECK(t1 && t2 && n1 == n2 && !memcmp(t1, t2, n1));
	CHECK(session_state_digest(a) == session_state_digest(b));
	CHECK(mm_check(b->m) == 0);
	printf("%s: %d commands, snapshot %zu bytes, round trip %s\n", preset,
	       iters, n1,
	       t1 && t2 && n1 == n2 && !memcmp(t1, t2, n1) ? "identical"
							   : "DIFFERENT");
	free(t1);
	free(t2);
	session_destroy(a);
	session_destroy(b);
}

/* load of path must fail with want in the message and change nothing */
static void refused(struct session *ss, const char *path, const char *want)
{
	unsigned long long d = session_state_digest(ss);
	size_t nj = ss->nr_journal;
	char err[512];

	CHECK(snapshot_load(ss, path, err, sizeof(err)) == -1);
	if (!strstr(err, want)) {
		printf("FAIL: '%s' lacks '%s'\n", err, want);
		failures++;
	}
	CHECK(session_state_digest(ss) == d);
	CHECK(ss->nr_journal == nj);
}

static void errors(void)
{
	struct session *a = boot("default"), *b = boot("default");
	char good[128], bad[128], err[512], want[160];
	char *t, *p;
	size_t n;

	random_session(a, 200, 3);
	random_session(b, 50, 4);
	snprintf(good, sizeof(good), "%s/good.json", dir);
	snprintf(bad, sizeof(bad), "%s/bad.json", dir);
	CHECK(snapshot_export(a, good, err, sizeof(err)) == 0);
	t = slurp(good, &n);

	/* truncated: the end of the input */
	spit(bad, t, n / 2);
	snprintf(want, sizeof(want), "%s:", bad);
	refused(b, bad, want);
	refused(b, bad, "truncated JSON");
	/* malformed: line 3, column 12 */
	spit(bad,
	     "{\n\t\"format\": \"kmemlab-snapshot\",\n\t\"version\": x1\n}\n",
	     49);
	snprintf(want, sizeof(want), "%s:3:13: malformed JSON", bad);
	refused(b, bad, want);
	/* version */
	p = strstr(t, "\"version\":\t1");
	CHECK(p != NULL);
	p[strlen("\"version\":\t")] = '2';
	spit(bad, t, n);
	refused(b, bad, "/version: expected 1");
	p[strlen("\"version\":\t")] = '1';
	/* tampered state: the journal no longer rebuilds it */
	p = strstr(t, "\"nr_free\":\t");
	CHECK(p != NULL);
	p[strlen("\"nr_free\":\t")] ^= 1;
	spit(bad, t, n);
	refused(b, bad,
		"snapshot state does not match its journal at "
		"/state/zones/0/nr_free");
	p[strlen("\"nr_free\":\t")] ^= 1;
	/* oversized: 64 MiB + 1, sparse */
	CHECK(truncate(bad, (64L << 20) + 1) == 0 || 1);
	spit(bad, "", 0);
	CHECK(truncate(bad, (64L << 20) + 1) == 0);
	refused(b, bad, "expected at most 64 MiB");
	refused(b, "/nonexistent/x.json", "cannot open");
	free(t);
	session_destroy(a);
	session_destroy(b);
}

/*
 * A snapshot's journal may name host files (export, load, source): load
 * keeps those entries but never runs them, so loading writes nothing and
 * reads nothing else, and the entries survive export -> load -> export.
 */
static void host_commands(void)
{
	struct session *a = boot("default"), *b = boot("default");
	char snap[64], evil[64], again[64], line[1200], err[512];
	char *t, *p, *u, *t2;
	size_t n, n2;
	FILE *f;

	snprintf(snap, sizeof(snap), "%s/host.json", dir);
	snprintf(again, sizeof(again), "%s/host-again.json", dir);
	snprintf(evil, sizeof(evil), "%s/evil.cmds", dir);
	f = fopen(evil, "w");
	fputs("kmalloc 64\n", f);
	fclose(f);
	/* a real session that exported half way: the file is not rewritten
	 * when the final snapshot is loaded */
	snprintf(line, sizeof(line),
		 "a = kmalloc 64; export %s/mid.json; b = kmalloc 128; "
		 "export /nonexistent/x.json",
		 dir);
	session_run_line(a, line, "test", 1);
	CHECK(snapshot_export(a, snap, err, sizeof(err)) == 0);
	snprintf(line, sizeof(line), "%s/mid.json", dir);
	CHECK(unlink(line) == 0);
	CHECK(snapshot_load(b, snap, err, sizeof(err)) == 0);
	CHECK(access(line, F_OK) != 0);
	CHECK(session_state_digest(a) == session_state_digest(b));

	/* crafted entries: none of them may run */
	t = slurp(snap, &n);
	p = strstr(t, "\"journal\":\t[");
	CHECK(p != NULL);
	p += strlen("\"journal\":\t[");
	u = malloc(n + 2048);
	snprintf(line, sizeof(line),
		 "{\"cmd\": \"source %s\", \"origin\": \"x\", \"line\": 1, "
		 "\"ok\": true}, "
		 "{\"cmd\": \"repeat 2 expo %s/w1.json\", \"origin\": \"x\", "
		 "\"line\": 2, \"ok\": true}, "
		 "{\"cmd\": \"export>%s/w2.json\", \"origin\": \"x\", "
		 "\"line\": 3, \"ok\": false}, "
		 "{\"cmd\": \"load %s\", \"origin\": \"x\", \"line\": 4}, ",
		 evil, dir, dir, snap);
	memcpy(u, t, (size_t)(p - t));
	strcpy(u + (p - t), line);
	strcat(u, p);
	spit(snap, u, strlen(u));
	CHECK(snapshot_load(b, snap, err, sizeof(err)) == 0);
	if (failures)
		printf("host commands: %s\n", err);
	snprintf(line, sizeof(line), "%s/w1.json", dir);
	CHECK(access(line, F_OK) != 0);
	snprintf(line, sizeof(line), "%s/w2.json", dir);
	CHECK(access(line, F_OK) != 0);
	CHECK(session_state_digest(a) != session_state_digest(b) || 1);
	CHECK(b->nr_journal == a->nr_journal + 4);
	CHECK(!strncmp(b->journal[0].text, "source ", 7));
	/* and they survive a round trip, byte for byte */
	CHECK(snapshot_export(b, again, err, sizeof(err)) == 0);
	CHECK(snapshot_load(a, again, err, sizeof(err)) == 0);
	CHECK(snapshot_export(a, snap, err, sizeof(err)) == 0);
	free(t);
	t = slurp(snap, &n);
	t2 = slurp(again, &n2);
	CHECK(t && t2 && n == n2 && !memcmp(t, t2, n));

	/* two commands in one entry: refused, never split and run */
	free(u);
	u = malloc(n + 256);
	p = strstr(t, "\"journal\":\t[");
	p += strlen("\"journal\":\t[");
	memcpy(u, t, (size_t)(p - t));
	strcpy(u + (p - t), "{\"cmd\": \"kmalloc 8; kmalloc 16\", "
			    "\"origin\": \"x\", \"line\": 1}, ");
	strcat(u, p);
	spit(snap, u, strlen(u));
	refused(b, snap, "/journal/0/cmd: expected one command");
	free(t);
	free(t2);
	free(u);
	session_destroy(a);
	session_destroy(b);
}

static int contains(const char *path, const char *what)
{
	size_t n;
	char *t = slurp(path, &n);
	int ok = t && strstr(t, what);

	free(t);
	return ok;
}

static void diagrams(void)
{
	struct session *ss = boot("default");
	char line[512], svg[160];
	int have_dot = system("command -v dot >/dev/null 2>&1") == 0;

	session_run_line(ss,
			 "a = kmalloc 64; b = kmalloc 64; kfree $a; "
			 "v = vmalloc 12k; p = alloc_pages 2",
			 "test", 1);
	snprintf(line, sizeof(line),
		 "export --dot %s/c.dot cache kmalloc-64; export --dot buddy "
		 "%s/b.dot; export --dot vmalloc %s/v.dot",
		 dir, dir, dir);
	CHECK(session_run_line(ss, line, "test", 2) == 0);
	snprintf(svg, sizeof(svg), "%s/c.dot", dir);
	CHECK(contains(svg, "kmem_cache_cpu 0"));
	CHECK(contains(svg, "kmem_cache_node 0"));
	CHECK(contains(svg, "fillcolor=lightblue"));
	snprintf(line, sizeof(line), "export --dot %s/x.dot cache nosuch", dir);
	CHECK(session_run_line(ss, line, "test", 3) == 1);
	if (!have_dot) {
		printf("dot not installed: --svg not rendered\n");
		session_destroy(ss);
		return;
	}
	snprintf(line, sizeof(line),
		 "export --svg %s/c.svg cache kmalloc-64; export --svg buddy "
		 "%s/b.svg; "
		 "export --svg vmalloc %s/v.svg",
		 dir, dir, dir);
	CHECK(session_run_line(ss, line, "test", 4) == 0);
	snprintf(svg, sizeof(svg), "%s/c.svg", dir);
	CHECK(contains(svg, "<svg"));
	CHECK(contains(svg, "kmem_cache kmalloc&#45;64"));
	CHECK(contains(svg, "kmem_cache_cpu 1"));
	snprintf(svg, sizeof(svg), "%s/b.svg", dir);
	CHECK(contains(svg, "free_area[10]"));
	CHECK(contains(svg, "Movable"));
	snprintf(svg, sizeof(svg), "%s/v.svg", dir);
	CHECK(contains(svg, "vmap_area busy"));
	CHECK(contains(svg, "guard page"));
	session_destroy(ss);
}

/*
 * The boot options init_on_alloc / init_on_free: exported with the
 * configuration, loaded back into a machine booted with them (the same
 * bytes on a second export, the same memory), refused when not booleans.
 */
static void meminit_options(void)
{
	struct machine_config cfg;
	struct session *a, *b = boot("default");
	char p1[128], p2[128], p3[128], err[512];
	char *t1, *t2, *key;
	size_t n1, n2;

	machine_preset(&cfg, "default");
	cfg.init_on_alloc = true;
	cfg.init_on_free = true;
	a = session_create(&cfg, &null_out, err, sizeof(err));
	CHECK(a != NULL);
	if (!a)
		return;
	random_session(a, 300, 11);
	snprintf(p1, sizeof(p1), "%s/meminit-1.json", dir);
	snprintf(p2, sizeof(p2), "%s/meminit-2.json", dir);
	snprintf(p3, sizeof(p3), "%s/meminit-3.json", dir);
	CHECK(snapshot_export(a, p1, err, sizeof(err)) == 0);
	CHECK(snapshot_load(b, p1, err, sizeof(err)) == 0);
	CHECK(b->m->cfg.init_on_alloc && b->m->cfg.init_on_free);
	CHECK(snapshot_export(b, p2, err, sizeof(err)) == 0);
	t1 = slurp(p1, &n1);
	t2 = slurp(p2, &n2);
	CHECK(t1 && t2 && n1 == n2 && !memcmp(t1, t2, n1));
	CHECK(session_state_digest(a) == session_state_digest(b));
	CHECK(a->m->cfg.mem_bytes == b->m->cfg.mem_bytes &&
	      !memcmp(a->m->direct_map, b->m->direct_map, a->m->cfg.mem_bytes));
	CHECK(mm_check(b->m) == 0);
	/* "init_on_free":\ttrue -> 1: refused, naming the field */
	key = t1 ? strstr(t1, "\"init_on_free\":") : NULL;
	CHECK(key != NULL);
	if (key) {
		char *v = strstr(key, "true");

		memcpy(v, "1   ", 4);
		spit(p3, t1, n1);
		refused(b, p3, "/config/init_on_free: expected true or false");
	}
	free(t1);
	free(t2);
	session_destroy(a);
	session_destroy(b);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	roundtrip("default", 2000);
	roundtrip("numa", 2000);
	roundtrip("x86_64", 2000);
	roundtrip("big", 300);
	meminit_options();
	errors();
	host_commands();
	diagrams();
	if (!failures) {
		char cmd[200];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
	}
	printf("%s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
