// SPDX-License-Identifier: GPL-2.0-only
/*
 * Graphviz pictures of the allocators' state (DESIGN.md §6). No kernel
 * twin; the shapes follow the kernel's structures: a kmem_cache with each
 * CPU's kmem_cache_cpu (the lockless freelist threaded through the
 * objects, the cpu slab, the cpu partial slabs) and each node's
 * kmem_cache_node (partial and full lists), objects coloured by state
 * (green free, grey allocated); the buddy free areas by order and
 * migrate type; the vmalloc areas with their guard pages and the pfns
 * behind them. Left out: object contents and per-object debug metadata.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kmemlab/export.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"

struct dot_ctx {
	struct machine *m;
	struct seq_buf *s;
	int n; /* slabs drawn */
};

static void dot_slab(void *ctx, struct kmem_cache *s, struct page *slab,
		     enum slab_where where, int cpu_or_node)
{
	struct dot_ctx *c = ctx;
	struct machine *m = c->m;
	unsigned long base = slab_address(m, slab);
	unsigned int n = slab->objects, shown = n > 64 ? 64 : n;
	char *isfree = calloc(n + 1, 1);
	unsigned int steps = 0;

	for (unsigned long x = slab->freelist; x && steps < n; steps++) {
		unsigned long idx = (x - base) / s->size;

		if (x < base || idx >= n)
			break;
		isfree[idx] = 1;
		x = get_freepointer(m, s, x);
	}
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		steps = 0;
		for (unsigned long x = s->cpu_slab[cpu].freelist;
		     x && steps < n; steps++) {
			unsigned long idx = (x - base) / s->size;

			if (x < base || idx >= n)
				break;
			isfree[idx] = 2;
			x = get_freepointer(m, s, x);
		}
	}
	seq_printf(c->s,
		   "  slab_%lx [shape=none, label=<<table border=\"0\" "
		   "cellborder=\"1\" cellspacing=\"0\"><tr><td colspan=\"%u\">"
		   "slab 0x%lx (%s %d) inuse %u/%u</td></tr><tr>",
		   base, shown, base, slab_where_names[where], cpu_or_node,
		   slab->inuse, n);
	for (unsigned int i = 0; i < shown; i++)
		seq_printf(c->s, "<td port=\"o%u\" bgcolor=\"%s\">%u</td>", i,
			   isfree[i] == 2   ? "lightblue"
			   : isfree[i] == 1 ? "palegreen"
					    : "grey80",
			   i);
	seq_printf(c->s, "</tr></table>>];\n");
	if (where == SLAB_CPU || where == SLAB_CPU_PARTIAL)
		seq_printf(c->s, "  cpu%d -> slab_%lx [label=\"%s\"];\n",
			   cpu_or_node, base,
			   where == SLAB_CPU ? "slab" : "partial");
	else
		seq_printf(c->s, "  node%d -> slab_%lx [label=\"%s\"];\n",
			   cpu_or_node, base,
			   where == SLAB_NODE_FULL ? "full" : "partial");
	free(isfree);
	c->n++;
}

static int dot_cache(struct machine *m, struct kmem_cache *s,
		     struct seq_buf *sb)
{
	struct dot_ctx c = {m, sb, 0};
	int nid;

	seq_printf(sb, "digraph kmem_cache {\n  rankdir=LR;\n"
		       "  node [fontname=\"monospace\"];\n");
	seq_printf(sb,
		   "  kmem_cache [shape=box, label=\"kmem_cache %s\\nsize %u "
		   "object_size %u\\norder %u objects %u\"];\n",
		   s->name, s->size, s->object_size, oo_order(s->oo),
		   oo_objects(s->oo));
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		struct kmem_cache_cpu *cc = &s->cpu_slab[cpu];
		unsigned long x = cc->freelist, prev = 0;
		unsigned int steps = 0;

		seq_printf(sb,
			   "  cpu%d [shape=box, label=\"kmem_cache_cpu %d\\n"
			   "freelist 0x%lx\"];\n  kmem_cache -> cpu%d;\n",
			   cpu, cpu, cc->freelist, cpu);
		/* the lockless freelist, object by object */
		for (; x && steps < 32; steps++) {
			seq_printf(sb,
				   "  fl%d_%lx [shape=ellipse, style=filled, "
				   "fillcolor=lightblue, label=\"0x%lx\"];\n",
				   cpu, x, x);
			if (prev)
				seq_printf(sb, "  fl%d_%lx -> fl%d_%lx;\n", cpu,
					   prev, cpu, x);
			else
				seq_printf(sb,
					   "  cpu%d -> fl%d_%lx "
					   "[label=\"freelist\"];\n",
					   cpu, cpu, x);
			prev = x;
			x = get_freepointer(m, s, x);
		}
	}
	for_each_node (m, nid) {
		struct kmem_cache_node *n = s->node[nid];

		if (!n)
			continue;
		seq_printf(sb,
			   "  node%d [shape=box, label=\"kmem_cache_node %d\\n"
			   "nr_partial %lu nr_slabs %ld\"];\n"
			   "  kmem_cache -> node%d;\n",
			   nid, nid, n->nr_partial, n->nr_slabs, nid);
	}
	slub_for_each_slab(m, s, dot_slab, &c);
	seq_printf(sb, "}\n");
	return 0;
}

static int dot_buddy(struct machine *m, struct seq_buf *sb)
{
	struct zone *z;
	struct page *p;

	seq_printf(sb, "digraph buddy {\n  rankdir=LR;\n"
		       "  node [fontname=\"monospace\", shape=box];\n");
	for_each_populated_zone (m, z) {
		int nid = z->zone_pgdat->node_id;

		seq_printf(sb,
			   "  zone_%d_%s [label=\"Node %d zone %s\\nfree "
			   "%lu pages\"];\n",
			   nid, z->name, nid, z->name, z->nr_free_pages);
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *fa = &z->free_area[order];

			seq_printf(sb,
				   "  fa_%d_%s_%d [label=\"free_area[%d]\\n"
				   "nr_free %lu\"];\n  zone_%d_%s -> "
				   "fa_%d_%s_%d;\n",
				   nid, z->name, order, order, fa->nr_free, nid,
				   z->name, nid, z->name, order);
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				int k = 0;

				if (list_empty(&fa->free_list[mt]))
					continue;
				seq_printf(sb,
					   "  fl_%d_%s_%d_%d [shape=record, "
					   "label=\"%s",
					   nid, z->name, order, mt,
					   migratetype_names[mt]);
				list_for_each_entry (p, &fa->free_list[mt],
						     buddy_list) {
					if (k++ == 16) {
						seq_printf(sb, "|...");
						break;
					}
					seq_printf(sb, "|pfn 0x%lx",
						   page_to_pfn(m, p));
				}
				seq_printf(sb,
					   "\"];\n  fa_%d_%s_%d -> "
					   "fl_%d_%s_%d_%d;\n",
					   nid, z->name, order, nid, z->name,
					   order, mt);
			}
		}
	}
	seq_printf(sb, "}\n");
	return 0;
}

static void dot_va(void *ctx, const struct vmap_area *va)
{
	struct dot_ctx *c = ctx;
	const struct vm_struct *vm = va->where == VA_BUSY ? va->vm : NULL;
	static const char *const where[] = {"none", "free", "busy", "lazy",
					    "pool"};

	if (va->where == VA_FREE)
		return;
	seq_printf(c->s,
		   "  va_%lx [label=\"vmap_area %s\\n0x%lx-0x%lx\"];\n"
		   "  vmalloc -> va_%lx;\n",
		   va->va_start, where[va->where % 5], va->va_start, va->va_end,
		   va->va_start);
	if (!vm)
		return;
	for (unsigned int i = 0; vm->pages && i < vm->nr_pages && i < 16; i++)
		seq_printf(c->s,
			   "  va_%lx_p%u [label=\"page %u\\npfn 0x%lx\", "
			   "style=filled, fillcolor=lightyellow];\n"
			   "  va_%lx -> va_%lx_p%u;\n",
			   va->va_start, i, i,
			   vm->pages[i] ? page_to_pfn(c->m, vm->pages[i]) : 0,
			   va->va_start, va->va_start, i);
	if (!(vm->flags & VM_NO_GUARD))
		seq_printf(c->s,
			   "  va_%lx_guard [label=\"guard page\\n0x%lx\", "
			   "style=dashed];\n  va_%lx -> va_%lx_guard;\n",
			   va->va_start, vm->addr + vm->size - KM_PAGE_SIZE,
			   va->va_start, va->va_start);
}

static int dot_vmalloc(struct machine *m, struct seq_buf *sb)
{
	struct dot_ctx c = {m, sb, 0};

	seq_printf(sb, "digraph vmalloc {\n  rankdir=LR;\n"
		       "  node [fontname=\"monospace\", shape=box];\n"
		       "  vmalloc [label=\"vmap_area_root\"];\n");
	vmalloc_for_each_area(m, dot_va, &c);
	seq_printf(sb, "}\n");
	return 0;
}

/* dot -Tsvg -o file, fed the text on stdin */
static int run_dot(const char *text, size_t len, const char *file, char *err,
		   size_t errlen)
{
	char cmd[4200];
	FILE *p;
	int st;

	if (system("command -v dot >/dev/null 2>&1") != 0) {
		snprintf(err, errlen,
			 "Graphviz 'dot' is not installed; "
			 "expected it on PATH for --svg (use "
			 "--dot FILE.dot instead)");
		return -1;
	}
	if (strchr(file, '\'')) {
		snprintf(err, errlen,
			 "%s: expected a file name without a "
			 "quote",
			 file);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "dot -Tsvg -o '%s'", file);
	p = popen(cmd, "w");
	if (!p) {
		snprintf(err, errlen, "cannot run dot: %s", strerror(errno));
		return -1;
	}
	fwrite(text, 1, len, p);
	st = pclose(p);
	if (st != 0) {
		snprintf(err, errlen, "dot -Tsvg failed writing %s (status %d)",
			 file, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return 0;
}

int dot_export(struct session *ss, const char *what, const char *name,
	       const char *file, bool svg, char *err, size_t errlen)
{
	struct machine *m = ss->m;
	struct seq_buf sb = {0};
	int rc = 0;

	if (!strcmp(what, "buddy")) {
		dot_buddy(m, &sb);
	} else if (!strcmp(what, "vmalloc")) {
		dot_vmalloc(m, &sb);
	} else {
		struct kmem_cache *s;

		if (name)
			s = kmem_cache_find_by_name(m, name);
		else if (!(s = slub_last_cache(m)))
			s = kmem_cache_find_by_name(m, "kmalloc-64");
		if (!s) {
			snprintf(err, errlen,
				 "%s: no such cache, expected a name from "
				 "/proc/slabinfo",
				 name ? name : "kmalloc-64");
			return -1;
		}
		dot_cache(m, s, &sb);
	}
	if (svg) {
		rc = run_dot(sb.buf, sb.len, file, err, errlen);
	} else {
		FILE *f = fopen(file, "w");

		if (!f || fwrite(sb.buf, 1, sb.len, f) != sb.len) {
			snprintf(err, errlen, "%s: cannot write: %s", file,
				 strerror(errno));
			rc = -1;
		}
		if (f && fclose(f) != 0 && !rc) {
			snprintf(err, errlen, "%s: cannot write: %s", file,
				 strerror(errno));
			rc = -1;
		}
	}
	seq_free(&sb);
	return rc;
}
