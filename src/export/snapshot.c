// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshots (DESIGN.md §6). No kernel twin: the kernel has no way to save
 * its allocators. The state section is a readable dump (free areas, pcp
 * lists, the page map run-length encoded, every cache's slabs with their
 * objects' states, vmalloc areas, variables); the journal is what makes a
 * snapshot loadable: the engine is deterministic, so booting the same
 * config and replaying the journal rebuilds the exact machine, and the
 * state section then serves as a check of that replay.
 *
 * Every list is in a stable order (pfn, list, address) and keys are added
 * in a fixed order, so two snapshots diff cleanly. Left out: the kernel
 * log and the trace of the last command.
 *
 * Loading never touches a host file beyond the snapshot itself: journal
 * entries that would (export, load, source, lesson, record) are kept in
 * the journal but not run, since none of them changes the machine.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kmemlab/export.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"

static void add_hex(cJSON *o, const char *key, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%lx", v);
	cJSON_AddStringToObject(o, key, buf);
}

static void arr_hex(cJSON *a, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%lx", v);
	cJSON_AddItemToArray(a, cJSON_CreateString(buf));
}

static cJSON *config_json(const struct machine_config *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "preset", c->preset);
	add_hex(o, "mem", c->mem_bytes);
	cJSON_AddNumberToObject(o, "nodes", c->nr_nodes);
	cJSON_AddNumberToObject(o, "cpus", c->nr_cpus);
	add_hex(o, "seed", (unsigned long)c->seed);
	cJSON_AddBoolToObject(o, "dma32", c->dma32);
	cJSON_AddBoolToObject(o, "hardened", c->hardened);
	cJSON_AddStringToObject(o, "slub_debug", c->slub_debug);
	add_hex(o, "vmalloc_size", c->vmalloc_size);
	cJSON_AddBoolToObject(o, "init_on_alloc", c->init_on_alloc);
	cJSON_AddBoolToObject(o, "init_on_free", c->init_on_free);
	return o;
}

static cJSON *zone_json(struct machine *m, struct zone *z)
{
	cJSON *o = cJSON_CreateObject(), *wm, *fa, *pcp;
	struct page *p;

	cJSON_AddNumberToObject(o, "node", z->zone_pgdat->node_id);
	cJSON_AddStringToObject(o, "name", z->name);
	cJSON_AddNumberToObject(o, "start_pfn", (double)z->zone_start_pfn);
	cJSON_AddNumberToObject(o, "spanned", (double)z->spanned_pages);
	cJSON_AddNumberToObject(o, "present", (double)z->present_pages);
	cJSON_AddNumberToObject(o, "managed", (double)z->managed_pages);
	cJSON_AddNumberToObject(o, "nr_free", (double)z->nr_free_pages);
	wm = cJSON_AddArrayToObject(o, "watermarks");
	for (int i = 0; i < NR_WMARK; i++)
		cJSON_AddItemToArray(
			wm, cJSON_CreateNumber((double)z->_watermark[i]));
	cJSON_AddNumberToObject(o, "watermark_boost",
				(double)z->watermark_boost);
	/* free blocks by order and type, in list order (the order the
	 * allocator takes them in matters, so it is kept) */
	fa = cJSON_AddArrayToObject(o, "free_area");
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		cJSON *ao = cJSON_CreateObject();

		cJSON_AddNumberToObject(ao, "order", order);
		cJSON_AddNumberToObject(ao, "nr_free",
					(double)z->free_area[order].nr_free);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			cJSON *l = cJSON_AddArrayToObject(
				ao, migratetype_names[mt]);

			list_for_each_entry (p,
					     &z->free_area[order].free_list[mt],
					     buddy_list)
				cJSON_AddItemToArray(
					l, cJSON_CreateNumber(
						   (double)page_to_pfn(m, p)));
		}
		cJSON_AddItemToArray(fa, ao);
	}
	pcp = cJSON_AddArrayToObject(o, "pcp");
	for (int cpu = 0; z->per_cpu_pageset && cpu < m->nr_cpus; cpu++) {
		struct per_cpu_pages *pc = &z->per_cpu_pageset[cpu];
		cJSON *co = cJSON_CreateObject(), *lists;

		cJSON_AddNumberToObject(co, "cpu", cpu);
		cJSON_AddNumberToObject(co, "count", pc->count);
		cJSON_AddNumberToObject(co, "high", pc->high);
		cJSON_AddNumberToObject(co, "batch", pc->batch);
		cJSON_AddNumberToObject(co, "free_count", pc->free_count);
		lists = cJSON_AddArrayToObject(co, "lists");
		for (int i = 0; i < NR_PCP_LISTS; i++) {
			cJSON *l = cJSON_CreateArray();

			list_for_each_entry (p, &pc->lists[i], buddy_list)
				cJSON_AddItemToArray(
					l, cJSON_CreateNumber(
						   (double)page_to_pfn(m, p)));
			cJSON_AddItemToArray(lists, l);
		}
		cJSON_AddItemToArray(pcp, co);
	}
	return o;
}

/* [start_pfn, count, flags, owner, order] for each run of equal pages */
static cJSON *pagemap_json(struct machine *m)
{
	cJSON *a = cJSON_CreateArray();
	unsigned long start = 0;

	for (unsigned long pfn = 1; pfn <= m->nr_pages; pfn++) {
		const struct page *p = &m->memmap[start];
		const struct page *q =
			pfn < m->nr_pages ? &m->memmap[pfn] : NULL;
		cJSON *run;

		if (q && q->flags == p->flags && q->owner == p->owner &&
		    q->_refcount == p->_refcount)
			continue;
		run = cJSON_CreateArray();
		cJSON_AddItemToArray(run, cJSON_CreateNumber((double)start));
		cJSON_AddItemToArray(run,
				     cJSON_CreateNumber((double)(pfn - start)));
		arr_hex(run, p->flags);
		cJSON_AddItemToArray(run, cJSON_CreateNumber(p->owner));
		cJSON_AddItemToArray(run, cJSON_CreateNumber(p->_refcount));
		cJSON_AddItemToArray(a, run);
		start = pfn;
	}
	return a;
}

struct slab_ctx {
	struct machine *m;
	cJSON *arr;
};

static void slab_visit(void *ctx, struct kmem_cache *s, struct page *slab,
		       enum slab_where where, int cpu_or_node)
{
	struct slab_ctx *c = ctx;
	struct machine *m = c->m;
	cJSON *o = cJSON_CreateObject();
	unsigned long base = slab_address(m, slab), x;
	unsigned int n = slab->objects, steps = 0;
	char *st = calloc(n + 1, 1);

	cJSON_AddStringToObject(o, "where", slab_where_names[where]);
	cJSON_AddNumberToObject(o, "cpu_or_node", cpu_or_node);
	add_hex(o, "addr", base);
	cJSON_AddNumberToObject(o, "inuse", slab->inuse);
	cJSON_AddNumberToObject(o, "objects", slab->objects);
	cJSON_AddBoolToObject(o, "frozen", slab->frozen);
	add_hex(o, "freelist", slab->freelist);
	/* each object: 'a' allocated (or on a cpu freelist), 'f' on the
	 * slab's own freelist */
	memset(st, 'a', n);
	/* bounded, and checked: a learner may have corrupted the chain */
	for (x = slab->freelist; x && steps < n; steps++) {
		unsigned long idx = (x - base) / s->size;

		if (x < base || idx >= n)
			break;
		st[idx] = 'f';
		if (!slab_chain_next(m, slab, x, &x))
			break;
	}
	cJSON_AddStringToObject(o, "objects_state", st);
	free(st);
	cJSON_AddItemToArray(c->arr, o);
}

static cJSON *cache_json(struct machine *m, struct kmem_cache *s)
{
	cJSON *o = cJSON_CreateObject(), *cpus, *fl;
	struct slab_ctx c = {m, NULL};

	cJSON_AddStringToObject(o, "name", s->name);
	add_hex(o, "addr", s->addr);
	cJSON_AddNumberToObject(o, "size", s->size);
	cJSON_AddNumberToObject(o, "object_size", s->object_size);
	cJSON_AddNumberToObject(o, "offset", s->offset);
	cJSON_AddNumberToObject(o, "align", s->align);
	cJSON_AddNumberToObject(o, "order", oo_order(s->oo));
	cJSON_AddNumberToObject(o, "objects_per_slab", oo_objects(s->oo));
	cJSON_AddNumberToObject(o, "refcount", s->refcount);
	add_hex(o, "flags", (unsigned long)s->flags);
	cpus = cJSON_AddArrayToObject(o, "cpus");
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		struct kmem_cache_cpu *cc = &s->cpu_slab[cpu];
		cJSON *co = cJSON_CreateObject();
		unsigned int steps = 0;

		add_hex(co, "freelist", cc->freelist);
		add_hex(co, "tid", cc->tid);
		add_hex(co, "slab", cc->slab ? slab_address(m, cc->slab) : 0);
		fl = cJSON_AddArrayToObject(co, "freelist_chain");
		/* at most the slab's objects: a double free may have made
		 * the chain a cycle, a poke may point it anywhere */
		for (unsigned long x = cc->freelist;
		     x && cc->slab && steps < cc->slab->objects; steps++) {
			arr_hex(fl, x);
			if (!slab_chain_next(m, cc->slab, x, &x))
				break;
		}
		cJSON_AddItemToArray(cpus, co);
	}
	c.arr = cJSON_AddArrayToObject(o, "slabs");
	slub_for_each_slab(m, s, slab_visit, &c);
	return o;
}

static void va_visit(void *ctx, const struct vmap_area *va)
{
	struct slab_ctx *c = ctx;
	cJSON *o = cJSON_CreateObject(), *pages;

	add_hex(o, "start", va->va_start);
	add_hex(o, "end", va->va_end);
	cJSON_AddNumberToObject(o, "where", va->where);
	add_hex(o, "flags", va->flags);
	if (va->where == VA_BUSY && va->vm) {
		const struct vm_struct *vm = va->vm;

		add_hex(o, "vm_addr", vm->addr);
		add_hex(o, "vm_size", vm->size);
		add_hex(o, "vm_flags", vm->flags);
		/* the pfns behind the area, in page order */
		pages = cJSON_AddArrayToObject(o, "pages");
		for (unsigned int i = 0; vm->pages && i < vm->nr_pages; i++)
			cJSON_AddItemToArray(
				pages,
				cJSON_CreateNumber(
					vm->pages[i]
						? (double)page_to_pfn(
							  c->m, vm->pages[i])
						: -1));
	}
	cJSON_AddItemToArray(c->arr, o);
}

static cJSON *state_json(struct session *ss)
{
	struct machine *m = ss->m;
	cJSON *o = cJSON_CreateObject(), *a;
	struct slab_ctx c = {m, NULL};
	struct kmem_cache *s;
	struct zone *z;

	a = cJSON_AddArrayToObject(o, "zones");
	for_each_populated_zone (m, z)
		cJSON_AddItemToArray(a, zone_json(m, z));
	cJSON_AddItemToObject(o, "pagemap", pagemap_json(m));
	a = cJSON_AddArrayToObject(o, "pageblocks");
	for (unsigned long i = 0; i < (m->nr_pages >> pageblock_order); i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(m->pageblock_mt[i]));
	/* caches oldest first (the list is newest first) */
	a = cJSON_AddArrayToObject(o, "caches");
	list_for_each_entry (s, &m->slub->slab_caches, list)
		cJSON_InsertItemInArray(a, 0, cache_json(m, s));
	c.arr = cJSON_AddArrayToObject(o, "vmalloc");
	vmalloc_for_each_area(m, va_visit, &c);
	a = cJSON_AddArrayToObject(o, "variables");
	for (size_t i = 0; i < ss->nr_vars; i++) {
		cJSON *v = cJSON_CreateObject();

		cJSON_AddStringToObject(v, "name", ss->vars[i].name);
		add_hex(v, "value", ss->vars[i].val);
		cJSON_AddItemToArray(a, v);
	}
	/* the random state: later commands draw from it (jiffies is left
	 * out: it counts every command, export and load included) */
	a = cJSON_AddArrayToObject(o, "rng");
	for (int i = 0; i < 4; i++)
		arr_hex(a, (unsigned long)m->rng[i]);
	return o;
}

static cJSON *snapshot_json(struct session *ss)
{
	cJSON *o = cJSON_CreateObject(), *j;

	cJSON_AddStringToObject(o, "format", SNAPSHOT_FORMAT);
	cJSON_AddNumberToObject(o, "version", SNAPSHOT_VERSION);
	cJSON_AddStringToObject(o, "kmemlab", kmemlab_version());
	cJSON_AddItemToObject(o, "config", config_json(&ss->cfg));
	cJSON_AddItemToObject(o, "state", state_json(ss));
	j = cJSON_AddArrayToObject(o, "journal");
	for (size_t i = 0; i < ss->nr_journal; i++) {
		const struct journal_entry *e = &ss->journal[i];
		cJSON *eo = cJSON_CreateObject();

		cJSON_AddStringToObject(eo, "cmd", e->text);
		cJSON_AddStringToObject(eo, "origin", e->origin);
		cJSON_AddNumberToObject(eo, "line", (double)e->lineno);
		cJSON_AddBoolToObject(eo, "ok", e->ok);
		cJSON_AddBoolToObject(eo, "mutates", e->mutates);
		cJSON_AddBoolToObject(eo, "interrupted", e->interrupted);
		cJSON_AddItemToArray(j, eo);
	}
	return o;
}

char *snapshot_print(struct session *ss)
{
	cJSON *o = snapshot_json(ss);
	char *txt = cJSON_Print(o);

	cJSON_Delete(o);
	return txt;
}

int snapshot_export(struct session *ss, const char *path, char *err,
		    size_t errlen)
{
	char *txt = snapshot_print(ss);
	FILE *f;
	int rc = 0;

	if (!txt) {
		snprintf(err, errlen, "out of memory building the snapshot");
		return -1;
	}
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "%s: cannot write: %s", path,
			 strerror(errno));
		free(txt);
		return -1;
	}
	if (fputs(txt, f) == EOF || fputc('\n', f) == EOF)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc)
		snprintf(err, errlen, "%s: write failed: %s", path,
			 strerror(errno));
	free(txt);
	return rc;
}

/* The first difference between two trees as a JSON pointer, or 0. */
static int json_diff(const cJSON *a, const cJSON *b, char *path, size_t len)
{
	size_t at = strlen(path);

	if (!cJSON_Compare(a, b, true)) {
		if (a && b && (a->type & 0xff) == (b->type & 0xff) &&
		    (cJSON_IsArray(a) || cJSON_IsObject(a))) {
			const cJSON *x = a->child, *y = b->child;

			for (int i = 0; x || y; i++) {
				if (cJSON_IsObject(a))
					snprintf(path + at, len - at, "/%s",
						 x ? x->string : y->string);
				else
					snprintf(path + at, len - at, "/%d", i);
				if (json_diff(x, y, path, len))
					return 1;
				path[at] = '\0';
				x = x ? x->next : NULL;
				y = y ? y->next : NULL;
			}
		}
		return 1;
	}
	return 0;
}

static void null_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	(void)ctx;
	(void)st;
	(void)s;
	(void)n;
}

/* line and column (from 1) of p inside buf */
static void line_col(const char *buf, const char *p, unsigned long *line,
		     unsigned long *col)
{
	*line = 1;
	*col = 1;
	for (const char *c = buf; c < p && *c; c++) {
		if (*c == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* brackets (outside strings) still open, or a string, at the end */
static bool unclosed(const char *b)
{
	long depth = 0;
	bool str = false;

	for (; *b; b++) {
		if (str) {
			if (*b == '\\' && b[1])
				b++;
			else if (*b == '"')
				str = false;
		} else if (*b == '"') {
			str = true;
		} else if (*b == '{' || *b == '[') {
			depth++;
		} else if (*b == '}' || *b == ']') {
			depth--;
		}
	}
	return str || depth > 0;
}

static const char *get_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int get_ulong(const cJSON *o, const char *k, unsigned long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (cJSON_IsNumber(v) && v->valuedouble >= 0) {
		*out = (unsigned long)v->valuedouble;
		return 0;
	}
	if (cJSON_IsString(v)) {
		char *end;

		errno = 0;
		*out = strtoul(v->valuestring, &end, 0);
		if (!errno && end != v->valuestring && !*end)
			return 0;
	}
	return -1;
}

static int parse_config(const cJSON *c, struct machine_config *cfg,
			const char **bad)
{
	unsigned long v;
	const char *s;
	const cJSON *b;

	memset(cfg, 0, sizeof(*cfg));
	if (!cJSON_IsObject(c))
		return *bad = "/config: expected an object", -1;
	if (!(s = get_str(c, "preset")) || strlen(s) >= sizeof(cfg->preset))
		return *bad = "/config/preset: expected a preset name", -1;
	strcpy(cfg->preset, s);
	if (get_ulong(c, "mem", &v))
		return *bad = "/config/mem: expected a size", -1;
	cfg->mem_bytes = v;
	if (get_ulong(c, "nodes", &v) || v < 1 || v > KM_MAX_NUMNODES)
		return *bad = "/config/nodes: expected 1..KM_MAX_NUMNODES", -1;
	cfg->nr_nodes = (int)v;
	if (get_ulong(c, "cpus", &v) || v < 1 || v > KM_NR_CPUS)
		return *bad = "/config/cpus: expected 1..KM_NR_CPUS", -1;
	cfg->nr_cpus = (int)v;
	if (get_ulong(c, "seed", &v))
		return *bad = "/config/seed: expected a number", -1;
	cfg->seed = v;
	b = cJSON_GetObjectItemCaseSensitive(c, "dma32");
	if (!cJSON_IsBool(b))
		return *bad = "/config/dma32: expected true or false", -1;
	cfg->dma32 = cJSON_IsTrue(b);
	b = cJSON_GetObjectItemCaseSensitive(c, "hardened");
	if (!cJSON_IsBool(b))
		return *bad = "/config/hardened: expected true or false", -1;
	cfg->hardened = cJSON_IsTrue(b);
	if (!(s = get_str(c, "slub_debug")) ||
	    strlen(s) >= sizeof(cfg->slub_debug))
		return *bad = "/config/slub_debug: expected a string", -1;
	strcpy(cfg->slub_debug, s);
	if (get_ulong(c, "vmalloc_size", &v))
		return *bad = "/config/vmalloc_size: expected a size", -1;
	cfg->vmalloc_size = v;
	/* the boot options came later: a snapshot without them had both
	 * off */
	b = cJSON_GetObjectItemCaseSensitive(c, "init_on_alloc");
	if (b && !cJSON_IsBool(b))
		return *bad = "/config/init_on_alloc: expected true or false",
		       -1;
	cfg->init_on_alloc = cJSON_IsTrue(b);
	b = cJSON_GetObjectItemCaseSensitive(c, "init_on_free");
	if (b && !cJSON_IsBool(b))
		return *bad = "/config/init_on_free: expected true or false",
		       -1;
	cfg->init_on_free = cJSON_IsTrue(b);
	return 0;
}

/*
 * Does this journal entry read or write a host file? Its command word is
 * found as the dispatcher finds it: after "NAME =" and inside "repeat N",
 * unique prefixes included ("expo" is export).
 */
static bool host_command(const char *text)
{
	static const char *const host[] = {"export", "load", "source", "lesson",
					   "record"};
	const struct command *cmds[8], *c;
	size_t sp = strspn(text, " \t");
	int n;

	/* session_run_line takes "source" before the dispatcher */
	if (!strncmp(text + sp, "source", 6) &&
	    (!text[sp + 6] || isspace((unsigned char)text[sp + 6]) ||
	     text[sp + 6] == '>'))
		return true;
	n = cmd_line_commands(text, cmds, 8);
	c = n ? cmds[n - 1] : NULL;
	for (size_t k = 0; c && k < sizeof(host) / sizeof(host[0]); k++)
		if (!strcmp(c->name, host[k]))
			return true;
	return false;
}

/*
 * Replay one journal entry on tmp. A host command is not run: a stand-in
 * that succeeds or fails as it did (`set` lists the settings; `set -`
 * is refused before the machine is touched) takes its place, so time
 * moves as it did, and the entry then gets its own text back.
 */
static int replay_entry(struct session *tmp, const char *cmd,
			const char *origin, unsigned long line, bool ok,
			bool interrupted)
{
	struct journal_entry *e;
	char *text;

	if (!host_command(cmd)) {
		session_run_line(tmp, cmd, origin, line);
		return 0;
	}
	text = strdup(cmd);
	if (!text)
		return -1;
	session_run_line(tmp, ok ? "set" : "set -", origin, line);
	e = &tmp->journal[tmp->nr_journal - 1];
	free(e->text);
	e->text = text;
	e->interrupted = interrupted;
	return 0;
}

int snapshot_load(struct session *ss, const char *path, char *err,
		  size_t errlen)
{
	struct out null_out = {null_write, NULL};
	struct machine_config cfg;
	const char *bad = NULL, *fmt;
	const cJSON *ver, *journal, *e;
	struct session *tmp = NULL;
	cJSON *root = NULL, *state = NULL;
	char *buf = NULL, dpath[256] = "";
	unsigned long line, col, v;
	size_t n;
	long size;
	int rc = -1;
	FILE *f = fopen(path, "rb");

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(errno));
		fclose(f);
		return -1;
	}
	if ((unsigned long)size > SNAPSHOT_MAX_BYTES) {
		snprintf(err, errlen,
			 "%s:1:1: snapshot is %ld bytes, expected at most "
			 "64 MiB",
			 path, size);
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		snprintf(err, errlen, "%s: cannot read", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	buf[size] = '\0';
	if (strlen(buf) != (size_t)size) {
		line_col(buf, buf + strlen(buf), &line, &col);
		snprintf(err, errlen,
			 "%s:%lu:%lu: NUL byte, expected JSON text", path, line,
			 col);
		goto out;
	}
	root = cJSON_ParseWithLengthOpts(buf, (size_t)size + 1, NULL, true);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();

		bool cut;

		if (!at || at < buf || at > buf + size)
			at = buf + size;
		/* a file cut short fails near its end with brackets still
		 * open: point at the end rather than at the cut value */
		cut = unclosed(buf) && buf + size - at < 256;
		if (cut)
			at = buf + size;
		line_col(buf, at, &line, &col);
		snprintf(err, errlen, "%s:%lu:%lu: %s", path, line, col,
			 cut || !*at ? "truncated JSON, expected more input"
				     : "malformed JSON, expected a snapshot "
				       "object");
		goto out;
	}
	fmt = get_str(root, "format");
	ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	journal = cJSON_GetObjectItemCaseSensitive(root, "journal");
	state = cJSON_GetObjectItemCaseSensitive(root, "state");
	if (!fmt || strcmp(fmt, SNAPSHOT_FORMAT))
		bad = "/format: expected \"" SNAPSHOT_FORMAT "\"";
	else if (!cJSON_IsNumber(ver) || ver->valuedouble != SNAPSHOT_VERSION)
		bad = "/version: expected 1 (this kmemlab's snapshot version)";
	else if (!cJSON_IsArray(journal))
		bad = "/journal: expected an array of commands";
	else if (!cJSON_IsObject(state))
		bad = "/state: expected an object";
	else
		parse_config(cJSON_GetObjectItemCaseSensitive(root, "config"),
			     &cfg, &bad);
	if (bad) {
		snprintf(err, errlen, "%s:1:1: %s", path, bad);
		goto out;
	}
	tmp = session_create(&cfg, &null_out, dpath, sizeof(dpath));
	if (!tmp) {
		snprintf(err, errlen,
			 "%s: cannot boot the snapshot's machine: %s", path,
			 dpath);
		goto out;
	}
	tmp->opt.check = false;
	n = 0;
	cJSON_ArrayForEach(e, journal)
	{
		const char *cmd = get_str(e, "cmd"),
			   *origin = get_str(e, "origin");
		const cJSON *ok = cJSON_GetObjectItemCaseSensitive(e, "ok");
		const cJSON *intr =
			cJSON_GetObjectItemCaseSensitive(e, "interrupted");

		if (!cmd || !origin || get_ulong(e, "line", &v)) {
			snprintf(err, errlen,
				 "%s:1:1: /journal/%zu: expected "
				 "{cmd, origin, line}",
				 path, n);
			goto out;
		}
		/* the journal holds single commands, split and stripped */
		if (strpbrk(cmd, ";#\n")) {
			snprintf(err, errlen,
				 "%s:1:1: /journal/%zu/cmd: expected one "
				 "command (no ';', '#' or newline)",
				 path, n);
			goto out;
		}
		if (replay_entry(tmp, cmd, origin, v, !cJSON_IsFalse(ok),
				 cJSON_IsTrue(intr)) < 0) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto out;
		}
		n++;
	}
	/* the replay must rebuild what was saved */
	{
		cJSON *mine = snapshot_json(tmp);
		cJSON *again = cJSON_GetObjectItemCaseSensitive(mine, "state");

		dpath[0] = '\0';
		if (json_diff(state, again, dpath, sizeof(dpath))) {
			snprintf(err, errlen,
				 "%s: snapshot state does not match its "
				 "journal at /state%s",
				 path, dpath);
			cJSON_Delete(mine);
			goto out;
		}
		cJSON_Delete(mine);
	}
	session_swap_state(ss, tmp);
	rc = 0;
out:
	if (tmp)
		session_destroy(tmp);
	cJSON_Delete(root);
	free(buf);
	return rc;
}
