// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc, vmap, kvmalloc and the vmap_area trees (twins: mm/vmalloc.c and
 * mm/util.c of 6.12). State map: the vmalloc range is covered exactly by
 * the free tree (red-black, augmented with subtree_max_size, always merged)
 * and, per vmap node, the busy tree, the lazy tree ("unpurged vm_area":
 * PTEs cleared, host pages possibly still mapped until the purge as stale
 * TLB entries would be, not yet reusable) and the size pools of purged
 * areas of <= 256 pages. nr_vmap_nodes = clamp(nr_cpus, 1, 128) as in the
 * kernel, so vmallocinfo lists node by node. The lazy drain (a work item) runs
 * at the vfree that crosses lazy_max_pages(). vm_struct (kmalloc-96) and page
 * arrays (kmalloc, or vmalloc above 4 KiB: "vpages") are real objects; the
 * vmallocinfo caller is m->caller as given. Left out: huge vmap (order-0
 * pages instead), vm_map_ram, ioremap, KASAN, vfree_atomic; vmap_area
 * objects live on the host, not in a kmem_cache; the free tree spans the
 * vmalloc range only, not [1, ULONG_MAX).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kmemlab/buddy.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"
#include "internal.h"

#define VMAP_ZONE_PAGES 16 /* vmap_zone_size: a node owns 16-page slices */
#define VM_STRUCT_SIZE 72  /* sizeof(struct vm_struct), 6.12.y x86-64 */

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

static inline struct vmap_area *rb_va(struct km_rb_node *n)
{
	return n ? container_of(n, struct vmap_area, rb_node) : NULL;
}

/* --- the red-black tree ------------------------------------------------ */

static inline unsigned long get_subtree_max_size(struct km_rb_node *n)
{
	return n ? rb_va(n)->subtree_max_size : 0;
}

/* mm/vmalloc.c: compute_subtree_max_size() */
static unsigned long compute_subtree_max_size(struct vmap_area *va)
{
	unsigned long v = va_size(va);
	unsigned long l = get_subtree_max_size(va->rb_node.left);
	unsigned long r = get_subtree_max_size(va->rb_node.right);

	return max(v, max(l, r));
}

static inline void augment_one(struct rb_list *t, struct km_rb_node *n)
{
	if (t->augmented)
		rb_va(n)->subtree_max_size = compute_subtree_max_size(rb_va(n));
}

/*
 * mm/vmalloc.c: augment_tree_propagate_from(). A node's value depends
 * only on its children, so once a recomputed value is unchanged nothing
 * above it changes either.
 */
static void augment_tree_propagate_from(struct rb_list *t, struct km_rb_node *n)
{
	if (!t->augmented)
		return;
	for (; n; n = n->parent) {
		struct vmap_area *va = rb_va(n);
		unsigned long v = compute_subtree_max_size(va);

		if (va->subtree_max_size == v)
			break;
		va->subtree_max_size = v;
	}
}

/* After a structural change nodes can be stale in any order: recompute
 * everything up to the root. */
static void augment_full_from(struct rb_list *t, struct km_rb_node *n)
{
	if (!t->augmented)
		return;
	for (; n; n = n->parent)
		augment_one(t, n);
}

static void set_child(struct rb_list *t, struct km_rb_node *parent,
		      struct km_rb_node *old, struct km_rb_node *new)
{
	if (!parent)
		t->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/* Rotations keep the set of nodes below the top, so only the two rotated
 * nodes need their maxima recomputed, the lower one first. */
static void rotate_left(struct rb_list *t, struct km_rb_node *x)
{
	struct km_rb_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	set_child(t, x->parent, x, y);
	y->left = x;
	x->parent = y;
	augment_one(t, x);
	augment_one(t, y);
}

static void rotate_right(struct rb_list *t, struct km_rb_node *x)
{
	struct km_rb_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	set_child(t, x->parent, x, y);
	y->right = x;
	x->parent = y;
	augment_one(t, x);
	augment_one(t, y);
}

static inline bool is_red(struct km_rb_node *n)
{
	return n && n->red;
}

static void insert_fixup(struct rb_list *t, struct km_rb_node *z)
{
	while (is_red(z->parent)) {
		struct km_rb_node *p = z->parent, *g = p->parent, *u;

		if (p == g->left) {
			u = g->right;
			if (is_red(u)) {
				p->red = u->red = 0;
				g->red = 1;
				z = g;
				continue;
			}
			if (z == p->right) {
				rotate_left(t, p);
				z = p;
				p = z->parent;
			}
			p->red = 0;
			g->red = 1;
			rotate_right(t, g);
		} else {
			u = g->left;
			if (is_red(u)) {
				p->red = u->red = 0;
				g->red = 1;
				z = g;
				continue;
			}
			if (z == p->left) {
				rotate_right(t, p);
				z = p;
				p = z->parent;
			}
			p->red = 0;
			g->red = 1;
			rotate_left(t, g);
		}
	}
	t->root->red = 0;
}

static void erase_fixup(struct rb_list *t, struct km_rb_node *x,
			struct km_rb_node *xp)
{
	while (x != t->root && !is_red(x)) {
		struct km_rb_node *w;

		if (x == xp->left) {
			w = xp->right;
			if (is_red(w)) {
				w->red = 0;
				xp->red = 1;
				rotate_left(t, xp);
				w = xp->right;
			}
			if (!is_red(w->left) && !is_red(w->right)) {
				w->red = 1;
				x = xp;
				xp = x->parent;
				continue;
			}
			if (!is_red(w->right)) {
				w->left->red = 0;
				w->red = 1;
				rotate_right(t, w);
				w = xp->right;
			}
			w->red = xp->red;
			xp->red = 0;
			w->right->red = 0;
			rotate_left(t, xp);
		} else {
			w = xp->left;
			if (is_red(w)) {
				w->red = 0;
				xp->red = 1;
				rotate_right(t, xp);
				w = xp->left;
			}
			if (!is_red(w->left) && !is_red(w->right)) {
				w->red = 1;
				x = xp;
				xp = x->parent;
				continue;
			}
			if (!is_red(w->left)) {
				w->right->red = 0;
				w->red = 1;
				rotate_left(t, w);
				w = xp->left;
			}
			w->red = xp->red;
			xp->red = 0;
			w->left->red = 0;
			rotate_right(t, xp);
		}
		x = t->root;
		break;
	}
	if (x)
		x->red = 0;
}

/* Put node under parent (NULL: as the root) on the given side. */
static void rb_link(struct rb_list *t, struct km_rb_node *node,
		    struct km_rb_node *parent, bool left)
{
	node->parent = parent;
	node->left = node->right = NULL;
	node->red = 1;
	if (!parent)
		t->root = node;
	else if (left)
		parent->left = node;
	else
		parent->right = node;
	augment_one(t, node);
	augment_tree_propagate_from(t, parent);
	insert_fixup(t, node);
}

static void rb_erase(struct rb_list *t, struct km_rb_node *z)
{
	struct km_rb_node *x, *xp;

	if (z->left && z->right) {
		/* swap z with its successor y, which has no left child */
		struct km_rb_node *y = z->right;

		while (y->left)
			y = y->left;
		struct km_rb_node *zp = z->parent, *yp = y->parent,
				  *yr = y->right;
		int zc = z->red;

		set_child(t, zp, z, y);
		y->parent = zp;
		y->left = z->left;
		y->left->parent = y;
		if (yp == z) {
			y->right = z;
			z->parent = y;
		} else {
			y->right = z->right;
			y->right->parent = y;
			yp->left = z;
			z->parent = yp;
		}
		z->left = NULL;
		z->right = yr;
		if (yr)
			yr->parent = z;
		z->red = y->red;
		y->red = zc;
	}
	x = z->left ? z->left : z->right;
	xp = z->parent;
	if (x)
		x->parent = xp;
	set_child(t, xp, z, x);
	augment_full_from(t, xp);
	if (!z->red)
		erase_fixup(t, x, xp);
	z->parent = z->left = z->right = NULL;
}

/* --- address-ordered trees with their lists ---------------------------- */

static void rb_list_init(struct rb_list *t, int augmented)
{
	t->root = NULL;
	INIT_LIST_HEAD(&t->head);
	t->nr = 0;
	t->augmented = augmented;
}

/* mm/vmalloc.c: insert_vmap_area() (and _augment for the free tree). A
 * new leaf's list neighbour is its parent: left child -> just before it. */
static void insert_vmap_area(struct rb_list *t, struct vmap_area *va, int where)
{
	struct km_rb_node *n = t->root, *parent = NULL;
	bool left = false;

	while (n) {
		struct vmap_area *tva = rb_va(n);

		parent = n;
		if (va->va_end <= tva->va_start) {
			n = n->left;
			left = true;
		} else {
			KM_BUG_ON(va->va_start < tva->va_end);
			n = n->right;
			left = false;
		}
	}
	if (!parent)
		list_add(&va->list, &t->head);
	else if (left)
		list_add_tail(&va->list, &rb_va(parent)->list);
	else
		list_add(&va->list, &rb_va(parent)->list);
	if (t->augmented)
		va->subtree_max_size = va_size(va);
	rb_link(t, &va->rb_node, parent, left);
	t->nr++;
	va->where = where;
}

/* mm/vmalloc.c: unlink_va() / unlink_va_augment() */
static void unlink_va(struct rb_list *t, struct vmap_area *va)
{
	rb_erase(t, &va->rb_node);
	list_del(&va->list);
	t->nr--;
	va->where = VA_NONE;
}

/* mm/vmalloc.c: __find_vmap_area(): the area containing addr */
static struct vmap_area *__find_vmap_area(struct rb_list *t, unsigned long addr)
{
	struct km_rb_node *n = t->root;

	while (n) {
		struct vmap_area *va = rb_va(n);

		if (addr < va->va_start)
			n = n->left;
		else if (addr >= va->va_end)
			n = n->right;
		else
			return va;
	}
	return NULL;
}

/* --- the free tree ----------------------------------------------------- */

/* mm/vmalloc.c: is_within_this_va() */
static bool is_within_this_va(struct vmap_area *va, unsigned long size,
			      unsigned long align, unsigned long vstart)
{
	unsigned long nva_start;

	nva_start = ALIGN(va->va_start > vstart ? va->va_start : vstart, align);
	if (nva_start + size < nva_start || nva_start < vstart)
		return false;
	return nva_start + size <= va->va_end;
}

/*
 * mm/vmalloc.c: find_vmap_lowest_match(). Descend left while the left
 * subtree could hold the request and lies above vstart; else take this
 * node if it fits; else go right if the right subtree could; else climb
 * until a parent fits or has a promising right subtree not yet searched
 * (vstart moves past the parent so that the climb never re-enters it).
 */
static struct vmap_area *
find_vmap_lowest_match(struct machine *m, struct rb_list *t, unsigned long size,
		       unsigned long align, unsigned long vstart,
		       bool adjust_search_size)
{
	unsigned long length = adjust_search_size ? size + align - 1 : size;
	struct km_rb_node *node = t->root;

	mm_call(m, "find_vmap_lowest_match");
	while (node) {
		struct vmap_area *va = rb_va(node);

		if (get_subtree_max_size(node->left) >= length &&
		    vstart < va->va_start) {
			node = node->left;
			continue;
		}
		if (is_within_this_va(va, size, align, vstart))
			return va;
		if (get_subtree_max_size(node->right) >= length) {
			node = node->right;
			continue;
		}
		while ((node = node->parent)) {
			va = rb_va(node);
			if (is_within_this_va(va, size, align, vstart))
				return va;
			if (get_subtree_max_size(node->right) >= length &&
			    vstart <= va->va_start) {
				vstart = va->va_start + 1;
				node = node->right;
				break;
			}
		}
	}
	return NULL;
}

enum fit_type {
	NOTHING_FIT,
	FL_FIT_TYPE,
	LE_FIT_TYPE,
	RE_FIT_TYPE,
	NE_FIT_TYPE
};

/* mm/vmalloc.c: classify_va_fit_type() */
static enum fit_type classify_va_fit_type(struct vmap_area *va,
					  unsigned long nva_start,
					  unsigned long size)
{
	if (nva_start < va->va_start || nva_start + size > va->va_end)
		return NOTHING_FIT;
	if (va->va_start == nva_start)
		return va->va_end == nva_start + size ? FL_FIT_TYPE
						      : LE_FIT_TYPE;
	if (va->va_end == nva_start + size)
		return RE_FIT_TYPE;
	return NE_FIT_TYPE;
}

/*
 * mm/vmalloc.c: va_clip(). Cut [nva_start, +size) out of the free area:
 *   FL  |<--- va --->|  taken whole: the area leaves the tree
 *   LE  |<-nva->|....|  va_start moves up
 *   RE  |....|<-nva->|  va_end moves down
 *   NE  |..|<-nva->|..| split: the left part becomes a new area
 */
static int va_clip(struct machine *m, struct rb_list *t, struct vmap_area *va,
		   unsigned long nva_start, unsigned long size)
{
	enum fit_type type = classify_va_fit_type(va, nva_start, size);
	struct vmap_area *lva;

	switch (type) {
	case NOTHING_FIT:
		return -1;
	case FL_FIT_TYPE:
		unlink_va(t, va);
		free(va);
		return 0;
	case LE_FIT_TYPE:
		va->va_start += size;
		break;
	case RE_FIT_TYPE:
		va->va_end = nva_start;
		break;
	case NE_FIT_TYPE:
		/* the kernel takes this one from a per-CPU preload */
		lva = calloc(1, sizeof(*lva));
		if (!lva)
			return -1;
		lva->va_start = va->va_start;
		lva->va_end = nva_start;
		va->va_start = nva_start + size;
		augment_tree_propagate_from(t, &va->rb_node);
		insert_vmap_area(t, lva, VA_FREE);
		return 0;
	}
	augment_tree_propagate_from(t, &va->rb_node);
	return 0;
}

/* mm/vmalloc.c: __alloc_vmap_area(); vend on failure. */
static unsigned long __alloc_vmap_area(struct machine *m, unsigned long size,
				       unsigned long align,
				       unsigned long vstart, unsigned long vend)
{
	struct rb_list *t = &m->vmalloc->free;
	bool adjust = !(align <= KM_PAGE_SIZE || vend - vstart == size);
	struct vmap_area *va;
	unsigned long nva_start;

	mm_call(m, "__alloc_vmap_area");
	va = find_vmap_lowest_match(m, t, size, align, vstart, adjust);
	if (!va)
		return vend;
	nva_start = ALIGN(va->va_start > vstart ? va->va_start : vstart, align);
	if (nva_start + size > vend)
		return vend;
	if (va_clip(m, t, va, nva_start, size))
		return vend;
	return nva_start;
}

/*
 * mm/vmalloc.c: merge_or_add_vmap_area_augment(). The list neighbours of
 * the insertion point are the candidates: the next area if it starts where
 * va ends, the previous one if it ends where va starts.
 */
static struct vmap_area *merge_or_add_vmap_area(struct machine *m,
						struct vmap_area *va)
{
	struct rb_list *t = &m->vmalloc->free;
	struct km_rb_node *n = t->root, *parent = NULL;
	struct vmap_area *next = NULL, *prev = NULL;
	struct list_head *pos;
	bool left = false, merged = false;

	while (n) {
		struct vmap_area *tva = rb_va(n);

		parent = n;
		if (va->va_end <= tva->va_start) {
			n = n->left;
			left = true;
		} else {
			/* overlapping free areas: an engine bug */
			KM_BUG_ON(va->va_start < tva->va_end);
			n = n->right;
			left = false;
		}
	}
	if (parent) {
		pos = left ? &rb_va(parent)->list : rb_va(parent)->list.next;
		if (pos != &t->head)
			next = list_entry(pos, struct vmap_area, list);
		if (pos->prev != &t->head)
			prev = list_entry(pos->prev, struct vmap_area, list);
	}
	if (next && next->va_start == va->va_end) {
		next->va_start = va->va_start;
		free(va);
		va = next;
		merged = true;
	}
	if (prev && prev->va_end == va->va_start) {
		prev->va_end = va->va_end;
		/* va is released either way: it was merged into next (and
		 * next now leaves the tree) or it was never in the tree */
		if (merged)
			unlink_va(t, va);
		free(va);
		va = prev;
		merged = true;
	}
	if (!merged) {
		insert_vmap_area(t, va, VA_FREE);
		return va;
	}
	/*
	 * All the way up: after a merge on both sides the rotations of the
	 * unlink may already have recomputed va itself with its new size,
	 * so "unchanged here" no longer means "unchanged above".
	 */
	augment_full_from(t, &va->rb_node);
	return va;
}

/* --- vmap nodes and their pools ----------------------------------------- */

static inline unsigned int addr_to_node_id(struct machine *m,
					   unsigned long addr)
{
	struct vmalloc_state *vs = m->vmalloc;

	return (unsigned int)((addr / vs->vmap_zone_size) % vs->nr_vmap_nodes);
}

static inline struct vmap_node *id_to_node(struct machine *m, unsigned int id)
{
	return &m->vmalloc->nodes[id % m->vmalloc->nr_vmap_nodes];
}

static unsigned long encode_vn_id(struct machine *m, unsigned int id)
{
	return id < m->vmalloc->nr_vmap_nodes ? (unsigned long)(id + 1) << 8
					      : 0;
}

/* nr_vmap_nodes when no (valid) node is encoded */
static unsigned int decode_vn_id(struct machine *m, unsigned long flags)
{
	unsigned int id = (unsigned int)(flags >> 8) - 1;

	return id < m->vmalloc->nr_vmap_nodes ? id : m->vmalloc->nr_vmap_nodes;
}

static struct vmap_pool *size_to_va_pool(struct vmap_node *vn,
					 unsigned long size)
{
	unsigned long idx = (size - 1) / KM_PAGE_SIZE;

	return idx < MAX_VA_SIZE_PAGES ? &vn->pool[idx] : NULL;
}

/* mm/vmalloc.c: node_pool_add_va(); newest first */
static bool node_pool_add_va(struct vmap_node *vn, struct vmap_area *va)
{
	struct vmap_pool *vp = size_to_va_pool(vn, va_size(va));

	if (!vp)
		return false;
	list_add(&va->list, &vp->head);
	vp->len++;
	va->where = VA_POOL;
	return true;
}

/* mm/vmalloc.c: node_pool_del_va(): the first pooled area of exactly this
 * size; a misaligned one is rotated to the tail and nothing is returned. */
static struct vmap_area *
node_pool_del_va(struct machine *m, struct vmap_node *vn, unsigned long size,
		 unsigned long align, unsigned long vstart, unsigned long vend)
{
	struct vmap_pool *vp = size_to_va_pool(vn, size);
	struct vmap_area *va;

	mm_call(m, "node_pool_del_va");
	if (!vp || list_empty(&vp->head))
		return NULL;
	va = list_first_entry(&vp->head, struct vmap_area, list);
	if (!IS_ALIGNED(va->va_start, align)) {
		list_move_tail(&va->list, &vp->head);
		return NULL;
	}
	KM_BUG_ON(va_size(va) != size || va->va_start < vstart ||
		  va->va_end > vend);
	list_del(&va->list);
	vp->len--;
	va->where = VA_NONE;
	return va;
}

/* mm/vmalloc.c: node_alloc(): the pool of this CPU's vmap node, only for
 * the whole vmalloc range and only with several nodes. */
static struct vmap_area *node_alloc(struct machine *m, unsigned long size,
				    unsigned long align, unsigned long vstart,
				    unsigned long vend, unsigned long *addr,
				    unsigned long *vn_id)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vmap_area *va;
	unsigned int id;

	mm_call(m, "node_alloc");
	*vn_id = 0;
	*addr = vend;
	if (vstart != KM_VMALLOC_START || vend != vmalloc_end(m) ||
	    vs->nr_vmap_nodes == 1)
		return NULL;
	id = (unsigned int)smp_processor_id(m) % vs->nr_vmap_nodes;
	va = node_pool_del_va(m, &vs->nodes[id], size, align, vstart, vend);
	*vn_id = encode_vn_id(m, id);
	if (va)
		*addr = va->va_start;
	return va;
}

static void reclaim_list_global(struct machine *m, struct list_head *head)
{
	struct vmap_area *va, *n;

	list_for_each_entry_safe (va, n, head, list) {
		list_del(&va->list);
		merge_or_add_vmap_area(m, va);
	}
}

/*
 * mm/vmalloc.c: decay_va_pool_node(). Each pool gives back a quarter of
 * its areas, or all of them with full_decay. As in the kernel, a pool of
 * fewer than 4 areas starts its countdown at 0, which wraps: it is emptied.
 */
static void decay_va_pool_node(struct machine *m, struct vmap_node *vn,
			       bool full_decay)
{
	struct list_head decay = LIST_HEAD_INIT(decay);

	for (int i = 0; i < MAX_VA_SIZE_PAGES; i++) {
		struct vmap_pool *vp = &vn->pool[i];
		struct vmap_area *va, *nva;
		unsigned long n_decay;
		struct list_head tmp = LIST_HEAD_INIT(tmp);

		if (list_empty(&vp->head))
			continue;
		list_splice_init(&vp->head, &tmp);
		if (full_decay)
			vp->len = 0;
		n_decay = vp->len >> 2;
		list_for_each_entry_safe (va, nva, &tmp, list) {
			list_move_tail(&va->list, &decay);
			va->where = VA_NONE;
			if (!full_decay) {
				vp->len--;
				if (!--n_decay)
					break;
			}
		}
		if (!full_decay && !list_empty(&tmp))
			list_splice_init(&tmp, &vp->head);
	}
	reclaim_list_global(m, &decay);
}

/* --- reserve and release ----------------------------------------------- */

static void purge_vmap_node(struct machine *m, struct vmap_node *vn)
{
	struct vmap_area *va, *n;
	unsigned long nr_purged_pages = 0;
	struct list_head local = LIST_HEAD_INIT(local);

	mm_call(m, "purge_vmap_node");
	vn->nr_purged = 0;
	list_for_each_entry_safe (va, n, &vn->purge_list, list) {
		unsigned int vn_id = decode_vn_id(m, va->flags);

		list_del(&va->list);
		nr_purged_pages += va_size(va) >> KM_PAGE_SHIFT;
		vn->nr_purged++;
		if (vn_id < m->vmalloc->nr_vmap_nodes && !vn->skip_populate &&
		    node_pool_add_va(vn, va))
			continue;
		list_add(&va->list, &local);
	}
	m->vmalloc->vmap_lazy_nr -= nr_purged_pages;
	reclaim_list_global(m, &local);
}

/* mm/vmalloc.c: __purge_vmap_area_lazy(); one TLB flush for the union of
 * the lazy ranges (on the host: vmalloc_host_flush), then each node's
 * purge. */
static bool __purge_vmap_area_lazy(struct machine *m, unsigned long start,
				   unsigned long end, bool full_pool_decay)
{
	struct vmalloc_state *vs = m->vmalloc;
	unsigned long nr_purged_areas = 0;
	bool any = false;

	mm_call(m, "__purge_vmap_area_lazy");
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vs->nodes[i];
		struct vmap_area *va;

		INIT_LIST_HEAD(&vn->purge_list);
		vn->skip_populate = full_pool_decay;
		decay_va_pool_node(m, vn, full_pool_decay);
		if (list_empty(&vn->lazy.head))
			continue;
		list_for_each_entry (va, &vn->lazy.head, list)
			va->where = VA_NONE;
		vn->lazy.root = NULL;
		vn->lazy.nr = 0;
		list_splice_init(&vn->lazy.head, &vn->purge_list);
		start = min(start, list_first_entry(&vn->purge_list,
						    struct vmap_area, list)
					   ->va_start);
		end = max(end, list_last_entry(&vn->purge_list,
					       struct vmap_area, list)
				       ->va_end);
		any = true;
	}
	if (any) {
		mm_call(m, "flush_tlb_kernel_range");
		vmalloc_host_flush(m);
		for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
			struct vmap_node *vn = &vs->nodes[i];

			if (list_empty(&vn->purge_list))
				continue;
			purge_vmap_node(m, vn);
			nr_purged_areas += vn->nr_purged;
		}
		vs->nr_purges++;
		MM_EVENT(m, .type = EV_VMAP_PURGE,
			 .func = "__purge_vmap_area_lazy", .addr = start,
			 .addr2 = end, .n = (long)nr_purged_areas);
	}
	return nr_purged_areas > 0;
}

/* mm/vmalloc.c: reclaim_and_purge_vmap_areas(), on an allocation miss */
static void reclaim_and_purge_vmap_areas(struct machine *m)
{
	mm_call(m, "reclaim_and_purge_vmap_areas");
	__purge_vmap_area_lazy(m, ~0UL, 0, true);
}

void vmalloc_purge(struct machine *m)
{
	mm_call(m, "purge_vmap_area_lazy");
	__purge_vmap_area_lazy(m, ~0UL, 0, false);
}

unsigned long lazy_max_pages(const struct machine *m)
{
	return (unsigned long)fls((unsigned int)m->nr_cpus) *
	       (32UL * 1024 * 1024 / KM_PAGE_SIZE);
}

unsigned long vmap_lazy_nr(const struct machine *m)
{
	return m->vmalloc->vmap_lazy_nr;
}

struct vmap_area *alloc_vmap_area(struct machine *m, unsigned long size,
				  unsigned long align, unsigned long vstart,
				  unsigned long vend, int node, gfp_t gfp,
				  unsigned long va_flags, struct vm_struct *vm)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vmap_area *va;
	unsigned long addr, vn_id;
	bool purged = false;

	(void)node;
	mm_call(m, "alloc_vmap_area");
	if (!size || (size & ~KM_PAGE_MASK) || !align || (align & (align - 1)))
		return NULL;
	gfp &= GFP_RECLAIM_MASK;
	va = node_alloc(m, size, align, vstart, vend, &addr, &vn_id);
	if (!va) {
		va = calloc(1, sizeof(*va));
		if (!va)
			return NULL;
	}
	for (;;) {
		if (addr == vend)
			addr = __alloc_vmap_area(m, size, align, vstart, vend);
		if (addr != vend)
			break;
		if (purged) {
			if (!(gfp & __GFP_NOWARN))
				mm_printk(m, LOGLEVEL_WARNING,
					  "vmalloc_node_range for size %lu "
					  "failed: Address range restricted "
					  "to %#lx - %#lx",
					  size, vstart, vend);
			free(va);
			return NULL;
		}
		reclaim_and_purge_vmap_areas(m);
		purged = true;
	}
	va->va_start = addr;
	va->va_end = addr + size;
	va->vm = vm;
	va->flags = va_flags | vn_id;
	if (vm) {
		vm->addr = va->va_start;
		vm->size = va_size(va);
	}
	insert_vmap_area(&vs->nodes[addr_to_node_id(m, addr)].busy, va,
			 VA_BUSY);
	MM_EVENT(m, .type = EV_VMAP_AREA, .func = "alloc_vmap_area",
		 .addr = va->va_start, .addr2 = va->va_end,
		 .n = (long)(size >> KM_PAGE_SHIFT));
	return va;
}

/* The busy tree that holds va (by its start address). */
static struct rb_list *busy_of(struct machine *m, struct vmap_area *va)
{
	return &m->vmalloc->nodes[addr_to_node_id(m, va->va_start)].busy;
}

/* mm/vmalloc.c: free_vmap_area(): straight back to the free tree */
void free_vmap_area(struct machine *m, struct vmap_area *va)
{
	mm_call(m, "free_vmap_area");
	KM_BUG_ON(va->where != VA_BUSY);
	unlink_va(busy_of(m, va), va);
	merge_or_add_vmap_area(m, va);
}

/* mm/vmalloc.c: free_vmap_area_noflush(): onto the lazy list */
static void free_vmap_area_noflush(struct machine *m, struct vmap_area *va)
{
	struct vmalloc_state *vs = m->vmalloc;
	unsigned int vn_id = decode_vn_id(m, va->flags);
	struct vmap_node *vn;

	mm_call(m, "free_vmap_area_noflush");
	vs->vmap_lazy_nr += va_size(va) >> KM_PAGE_SHIFT;
	vn = vn_id < vs->nr_vmap_nodes
		     ? id_to_node(m, vn_id)
		     : &vs->nodes[addr_to_node_id(m, va->va_start)];
	va->vm = NULL;
	insert_vmap_area(&vn->lazy, va, VA_LAZY);
	MM_EVENT(m, .type = EV_VMAP_FREE, .func = "free_vmap_area_noflush",
		 .addr = va->va_start, .addr2 = va->va_end,
		 .n = (long)vs->vmap_lazy_nr);
	if (vs->vmap_lazy_nr > lazy_max_pages(m)) {
		/* schedule_work(&drain_vmap_work), run at once here */
		mm_call(m, "drain_vmap_area_work");
		__purge_vmap_area_lazy(m, ~0UL, 0, false);
	}
}

/* mm/vmalloc.c: free_unmap_vmap_area() */
static void free_unmap_vmap_area(struct machine *m, struct vmap_area *va)
{
	mm_call(m, "free_unmap_vmap_area");
	vunmap_range_noflush(m, va->va_start, va->va_end);
	free_vmap_area_noflush(m, va);
}

struct vmap_area *find_vmap_area(struct machine *m, unsigned long addr)
{
	struct vmalloc_state *vs = m->vmalloc;
	unsigned int i, j;

	if (!vs || !is_vmalloc_addr(m, addr))
		return NULL;
	i = j = addr_to_node_id(m, addr);
	do {
		struct vmap_area *va =
			__find_vmap_area(&vs->nodes[i].busy, addr);

		if (va)
			return va;
		i = (i + 1) % vs->nr_vmap_nodes;
	} while (i != j);
	return NULL;
}

struct vm_struct *find_vm_area(struct machine *m, unsigned long addr)
{
	struct vmap_area *va = find_vmap_area(m, addr);

	return va ? va->vm : NULL;
}

struct vmap_area *vmalloc_area_at(struct machine *m, unsigned long addr)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vmap_area *va = find_vmap_area(m, addr);

	if (va || !vs || !is_vmalloc_addr(m, addr))
		return va;
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
		va = __find_vmap_area(&vs->nodes[i].lazy, addr);
		if (va)
			return va;
	}
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++)
		for (int p = 0; p < MAX_VA_SIZE_PAGES; p++)
			list_for_each_entry (va, &vs->nodes[i].pool[p].head,
					     list)
				if (addr >= va->va_start && addr < va->va_end)
					return va;
	return __find_vmap_area(&vs->free, addr);
}

/* --- kernel log helpers ------------------------------------------------ */

/* %p: the kernel hashes pointers with a boot-time key (siphash); we mix
 * with a key from the seed. 32 bits, printed as 16 hex digits. */
static unsigned long ptr_hash(struct machine *m, unsigned long p)
{
	uint64_t z = p ^ (m->cfg.seed * 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (unsigned long)((z ^ (z >> 31)) & 0xffffffffUL);
}

/* WARN(): the cut-here block, short of registers and call trace. The
 * line numbers are those of mm/vmalloc.c in 6.12. */
static void vm_warn(struct machine *m, const char *where, const char *func,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void vm_warn(struct machine *m, const char *where, const char *func,
		    const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mm_printk(m, LOGLEVEL_WARNING, "------------[ cut here ]------------");
	/* WARN_ON_ONCE() has no message of its own: " " */
	if (strcmp(msg, " "))
		mm_printk(m, LOGLEVEL_WARNING, "%s", msg);
	mm_printk(m, LOGLEVEL_WARNING, "WARNING: CPU: %d PID: 1 at %s %s",
		  m->cur_cpu, where, func);
	mm_printk(m, LOGLEVEL_WARNING, "---[ end trace 0000000000000000 ]---");
	mm_add_taint(m, TAINT_WARN);
	MM_EVENT(m, .type = EV_BUG, .func = func, .text = msg);
}

/* mm/page_alloc.c: warn_alloc(), as buddy.c prints it, without show_mem. */
static void warn_alloc(struct machine *m, gfp_t gfp, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn_alloc(struct machine *m, gfp_t gfp, const char *fmt, ...)
{
	char msg[256], flags[256], taint[64];
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	gfp_format(flags, sizeof(flags), gfp);
	mm_printk(m, LOGLEVEL_WARNING,
		  "kmemlab: %s, mode:%#x(%s), nodemask=(null)", msg, gfp,
		  flags);
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	mm_printk(m, LOGLEVEL_WARNING,
		  "Call Trace:\n <TASK>\n dump_stack_lvl\n warn_alloc\n"
		  " __vmalloc_node_range_noprof\n __vmalloc_node_noprof\n"
		  " </TASK>");
}

/* --- vm_struct ---------------------------------------------------------- */

static inline unsigned long get_vm_area_size(const struct vm_struct *vm)
{
	return vm->flags & VM_NO_GUARD ? vm->size : vm->size - KM_PAGE_SIZE;
}

/*
 * The vm_struct object in kernel memory, laid out as 6.12.y's: next 0,
 * addr 8, size 16, flags 24, pages 32, page_order 40, nr_pages 44,
 * phys_addr 48, caller 56 (no kernel text here: 0), requested_size 64.
 */
static void vm_struct_sync(struct machine *m, const struct vm_struct *vm)
{
	unsigned char *p = km_ptr(m, vm->kaddr);
	uint64_t q[9] = {0,
			 vm->addr,
			 vm->size,
			 vm->flags,
			 vm->pages_va ? vm->pages_va : vm->pages_ka,
			 0,
			 vm->phys_addr,
			 0,
			 vm->requested_size};
	uint32_t order = vm->page_order, nr = vm->nr_pages;

	memcpy(p, q, sizeof(q));
	memcpy(p + 40, &order, 4);
	memcpy(p + 44, &nr, 4);
}

/* mm/vmalloc.c: __get_vm_area_node() */
static struct vm_struct *
__get_vm_area_node(struct machine *m, unsigned long size, unsigned long align,
		   unsigned int shift, unsigned long flags, unsigned long start,
		   unsigned long end, int node, gfp_t gfp, const char *caller)
{
	struct vm_struct *area;
	struct vmap_area *va;
	unsigned long requested = size;

	mm_call(m, "__get_vm_area_node");
	size = ALIGN(size, 1UL << shift);
	if (!size)
		return NULL;
	if (flags & VM_IOREMAP) {
		int order = fls64(size - 1);

		align = 1UL << clamp(order, KM_PAGE_SHIFT, 7 + KM_PAGE_SHIFT);
	}
	area = calloc(1, sizeof(*area));
	if (!area)
		return NULL;
	/* kzalloc_node(sizeof(struct vm_struct) = 72): kmalloc-96 */
	area->kaddr = kmalloc_node(m, VM_STRUCT_SIZE,
				   (gfp & GFP_RECLAIM_MASK) | __GFP_ZERO, node);
	if (!area->kaddr) {
		free(area);
		return NULL;
	}
	if (!(flags & VM_NO_GUARD))
		size += KM_PAGE_SIZE;
	va = alloc_vmap_area(m, size, align, start, end, node, gfp, 0, area);
	if (!va) {
		kfree(m, area->kaddr);
		free(area);
		return NULL;
	}
	/* setup_vmalloc_vm() */
	area->flags = flags;
	area->requested_size = requested;
	/* as snprintf "%s" would, without formatting: area is zeroed */
	memcpy(area->caller, caller, strnlen(caller, sizeof(area->caller) - 1));
	va->vm = area;
	vm_struct_sync(m, area);
	return area;
}

/* kvfree(vm->pages) */
static void free_pages_array(struct machine *m, struct vm_struct *vm)
{
	if (vm->pages_va)
		vfree(m, vm->pages_va);
	if (vm->pages_ka)
		kfree(m, vm->pages_ka);
	vm->pages_va = vm->pages_ka = 0;
	free(vm->pages);
	vm->pages = NULL;
}

/* kfree(vm) */
static void free_vm_struct(struct machine *m, struct vm_struct *vm)
{
	if (vm->kaddr)
		kfree(m, vm->kaddr);
	free(vm);
}

/* mm/vmalloc.c: remove_vm_area(): unmap, onto the lazy list; the
 * vm_struct is returned to the caller to free. NULL for a bad address. */
static struct vm_struct *remove_vm_area(struct machine *m, unsigned long addr)
{
	struct vmap_area *va;
	struct vm_struct *vm;

	mm_call(m, "remove_vm_area");
	if (addr & ~KM_PAGE_MASK) {
		vm_warn(m, "mm/vmalloc.c:3291", "remove_vm_area",
			"Trying to vfree() bad address (%016lx)",
			ptr_hash(m, addr));
		return NULL;
	}
	va = find_vmap_area(m, addr);
	if (!va || !va->vm)
		return NULL;
	vm = va->vm;
	unlink_va(busy_of(m, va), va);
	free_unmap_vmap_area(m, va);
	return vm;
}

/* page is still index i of vm's pages: not freed under it since */
static bool vm_owns_page(const struct vm_struct *vm, const struct page *page,
			 unsigned int i)
{
	return page->owner == OWNER_VMALLOC && PageFlag(page, PG_vmalloc) &&
	       page->vm_area == vm && page->vm_index == i;
}

/* Put a vmalloc page back in the state alloc_pages() gave it. */
static void vm_page_release(struct page *page)
{
	ClearPageFlag(page, PG_vmalloc);
	page->vm_area = NULL;
	page->vm_index = 0;
	page->owner = OWNER_NONE;
}

int vfree(struct machine *m, unsigned long addr)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vm_struct *vm;

	mm_call(m, "vfree");
	if (!addr)
		return 0;
	/* an unaligned address gets both WARNs, as in the kernel */
	vm = remove_vm_area(m, addr);
	if (!vm) {
		vm_warn(m, "mm/vmalloc.c:3426", "vfree",
			"Trying to vfree() nonexistent vm area (%016lx)",
			ptr_hash(m, addr));
		return -EINVAL;
	}
	for (unsigned int i = 0; i < vm->nr_pages; i++) {
		struct page *page = vm->pages[i];
		int nid = page_to_nid(m, page);

		KM_BUG_ON(!page);
		/* a page freed under the area (VM_KM_PAGE_FREED) is someone
		 * else's now, or free: the kernel's __free_page() below hits
		 * it all the same; only the area's own pages are released */
		if (vm_owns_page(vm, page, i))
			vm_page_release(page);
		if (!(vm->flags & VM_MAP_PUT_PAGES) &&
		    m->node_data[nid].nr_vmalloc_pages)
			m->node_data[nid].nr_vmalloc_pages--;
		__free_pages(m, page, 0);
	}
	if (!(vm->flags & VM_MAP_PUT_PAGES))
		vs->nr_vmalloc_pages -= vm->nr_pages;
	free_pages_array(m, vm);
	free_vm_struct(m, vm);
	return 0;
}

int vunmap(struct machine *m, unsigned long addr)
{
	struct vm_struct *vm;

	mm_call(m, "vunmap");
	if (!addr)
		return 0;
	vm = remove_vm_area(m, addr);
	if (!vm) {
		vm_warn(m, "mm/vmalloc.c:3473", "vunmap",
			"Trying to vunmap() nonexistent vm area (%016lx)",
			ptr_hash(m, addr));
		return -EINVAL;
	}
	/*
	 * The kernel frees only the vm_struct: the pages of a vmalloc area
	 * unmapped with vunmap() leak. They stay PG_vmalloc, with no area.
	 */
	for (unsigned int i = 0; i < vm->nr_pages; i++) {
		if (vm_owns_page(vm, vm->pages[i], i))
			vm->pages[i]->vm_area = NULL;
		m->vmalloc->nr_leaked_pages++;
	}
	free_pages_array(m, vm);
	free_vm_struct(m, vm);
	return 0;
}

unsigned long vmap(struct machine *m, struct page **pages, unsigned int count,
		   unsigned long flags)
{
	struct vm_struct *area;
	unsigned long size;

	mm_call(m, "vmap");
	if (!count || count > m->totalram_pages)
		return 0;
	if (flags & VM_NO_GUARD) {
		if (!(m->vmalloc->warned_once & 4)) {
			m->vmalloc->warned_once |= 4;
			vm_warn(m, "mm/vmalloc.c:3512", "vmap", " ");
		}
		flags &= ~VM_NO_GUARD;
	}
	size = (unsigned long)count << KM_PAGE_SHIFT;
	area = __get_vm_area_node(m, size, 1, KM_PAGE_SHIFT, flags,
				  KM_VMALLOC_START, vmalloc_end(m),
				  NUMA_NO_NODE, GFP_KERNEL, m->caller);
	if (!area)
		return 0;
	/* our record of the mapping; the kernel keeps none (nr_pages 0) */
	area->pages = malloc(count * sizeof(*area->pages));
	if (!area->pages) {
		vunmap(m, area->addr);
		return 0;
	}
	memcpy(area->pages, pages, count * sizeof(*pages));
	if (vmap_pages_range(m, area->addr, area->addr + size,
			     PAGE_KERNEL | _PAGE_NX, pages,
			     KM_PAGE_SHIFT) < 0) {
		vunmap(m, area->addr);
		return 0;
	}
	if (flags & VM_MAP_PUT_PAGES)
		area->nr_pages = count;
	vm_struct_sync(m, area);
	return area->addr;
}

/* mm/vmalloc.c: vm_area_alloc_pages(). The kernel asks the bulk allocator
 * for chunks of <= 100 pages from the pcp lists, then falls back to one
 * alloc_pages() at a time; page after page from alloc_pages gives the
 * same pages in the same order when the lists are not empty. */
static unsigned int vm_area_alloc_pages(struct machine *m, gfp_t gfp, int nid,
					unsigned int nr_pages,
					struct page **pages)
{
	unsigned int nr = 0;

	mm_call(m, "vm_area_alloc_pages");
	while (nr < nr_pages) {
		struct page *page = nid == NUMA_NO_NODE
					    ? alloc_pages(m, gfp, 0)
					    : alloc_pages_node(m, nid, gfp, 0);

		if (!page)
			break;
		pages[nr++] = page;
	}
	return nr;
}

static unsigned long __vmalloc_node_range_caller(
	struct machine *m, unsigned long size, unsigned long align,
	unsigned long start, unsigned long end, gfp_t gfp,
	unsigned long vm_flags, int node, const char *caller);

/* Store the page array the kernel's way: struct page pointers (vmemmap
 * addresses) in the vmalloc'd array's memory. */
static void write_pages_array(struct machine *m, struct vm_struct *area)
{
	unsigned long n = get_vm_area_size(area) >> KM_PAGE_SHIFT;

	for (unsigned long i = 0; i < n; i++) {
		uint64_t v = page_vmemmap_addr(m, area->pages[i]);
		unsigned char *p =
			area->pages_va
				? vmalloc_host_ptr(m, area->pages_va + i * 8)
				: km_ptr(m, area->pages_ka + i * 8);

		KM_BUG_ON(!p);
		memcpy(p, &v, sizeof(v));
	}
}

/* mm/vmalloc.c: __vmalloc_area_node() */
static unsigned long __vmalloc_area_node(struct machine *m,
					 struct vm_struct *area, gfp_t gfp,
					 unsigned long prot,
					 unsigned int page_shift, int node)
{
	struct vmalloc_state *vs = m->vmalloc;
	const gfp_t nested_gfp = (gfp & GFP_RECLAIM_MASK) | __GFP_ZERO;
	unsigned long addr = area->addr;
	unsigned long size = get_vm_area_size(area);
	unsigned int nr_small_pages = (unsigned int)(size >> KM_PAGE_SHIFT);
	unsigned long array_size = (unsigned long)nr_small_pages * 8;

	mm_call(m, "__vmalloc_area_node");
	if (!(gfp & (GFP_DMA | GFP_DMA32)))
		gfp |= __GFP_HIGHMEM;
	/* strictly bounded recursion: an array > 4 KiB is vmalloc'd */
	if (array_size > KM_PAGE_SIZE)
		area->pages_va = __vmalloc_node_range_caller(
			m, array_size, 1, KM_VMALLOC_START, vmalloc_end(m),
			nested_gfp, 0, node, area->caller);
	else
		area->pages_ka = kmalloc_node(m, array_size, nested_gfp, node);
	area->pages = calloc(nr_small_pages, sizeof(*area->pages));
	if (!area->pages || (!area->pages_va && !area->pages_ka)) {
		warn_alloc(m, gfp,
			   "vmalloc error: size %lu, failed to allocated page "
			   "array size %lu",
			   (unsigned long)nr_small_pages * KM_PAGE_SIZE,
			   array_size);
		/* free_vm_area(): the area goes, the lazy way */
		free_pages_array(m, area);
		vfree(m, addr);
		return 0;
	}
	area->nr_pages = vm_area_alloc_pages(m, gfp | __GFP_NOWARN, node,
					     nr_small_pages, area->pages);
	vs->nr_vmalloc_pages += area->nr_pages;
	for (unsigned int i = 0; i < area->nr_pages; i++) {
		struct page *page = area->pages[i];

		SetPageFlag(page, PG_vmalloc);
		page->owner = OWNER_VMALLOC;
		page->vm_area = area;
		page->vm_index = i;
		m->node_data[page_to_nid(m, page)].nr_vmalloc_pages++;
	}
	if (area->nr_pages != nr_small_pages) {
		warn_alloc(m, gfp,
			   "vmalloc error: size %lu, failed to allocate pages",
			   (unsigned long)area->nr_pages * KM_PAGE_SIZE);
		goto fail;
	}
	if (vmap_pages_range(m, addr, addr + size, prot, area->pages,
			     page_shift) < 0) {
		warn_alloc(m, gfp,
			   "vmalloc error: size %lu, failed to map pages",
			   (unsigned long)area->nr_pages * KM_PAGE_SIZE);
		goto fail;
	}
	write_pages_array(m, area);
	return addr;
fail:
	vfree(m, addr);
	return 0;
}

static unsigned long __vmalloc_node_range_caller(
	struct machine *m, unsigned long size, unsigned long align,
	unsigned long start, unsigned long end, gfp_t gfp,
	unsigned long vm_flags, int node, const char *caller)
{
	struct vm_struct *area;
	unsigned long addr;

	mm_call(m, "__vmalloc_node_range");
	if (!size) {
		if (!(m->vmalloc->warned_once & 1)) {
			m->vmalloc->warned_once |= 1;
			vm_warn(m, "mm/vmalloc.c:3838",
				"__vmalloc_node_range_noprof", " ");
		}
		return 0;
	}
	if ((size >> KM_PAGE_SHIFT) > m->totalram_pages) {
		warn_alloc(m, gfp,
			   "vmalloc error: size %lu, exceeds total pages",
			   size);
		return 0;
	}
	/* VM_ALLOW_HUGE_VMAP: huge mappings are not modelled, order 0 */
	area = __get_vm_area_node(m, size, align, KM_PAGE_SHIFT,
				  VM_ALLOC | VM_UNINITIALIZED | vm_flags, start,
				  end, node, gfp, caller);
	if (!area) {
		/* __GFP_NOFAIL would retry forever: fail instead */
		warn_alloc(m, gfp,
			   "vmalloc error: size %lu, vm_struct allocation "
			   "failed%s",
			   size, gfp & __GFP_NOFAIL ? ". Retrying." : "");
		return 0;
	}
	addr = __vmalloc_area_node(m, area, gfp, PAGE_KERNEL, KM_PAGE_SHIFT,
				   node);
	if (!addr)
		return 0;
	/* clear_vm_uninitialized_flag(): now it shows in vmallocinfo */
	area->flags &= ~VM_UNINITIALIZED;
	vm_struct_sync(m, area);
	return addr;
}

unsigned long __vmalloc_node_range(struct machine *m, unsigned long size,
				   unsigned long align, unsigned long start,
				   unsigned long end, gfp_t gfp,
				   unsigned long vm_flags, int node)
{
	return __vmalloc_node_range_caller(m, size, align, start, end, gfp,
					   vm_flags, node, m->caller);
}

unsigned long __vmalloc_node(struct machine *m, unsigned long size,
			     unsigned long align, gfp_t gfp, int node)
{
	mm_call(m, "__vmalloc_node");
	return __vmalloc_node_range(m, size, align, KM_VMALLOC_START,
				    vmalloc_end(m), gfp, 0, node);
}

unsigned long vmalloc(struct machine *m, unsigned long size)
{
	mm_call(m, "vmalloc");
	return __vmalloc_node(m, size, 1, GFP_KERNEL, NUMA_NO_NODE);
}

unsigned long vzalloc(struct machine *m, unsigned long size)
{
	mm_call(m, "vzalloc");
	return __vmalloc_node(m, size, 1, GFP_KERNEL | __GFP_ZERO,
			      NUMA_NO_NODE);
}

unsigned long vmalloc_node(struct machine *m, unsigned long size, int node)
{
	mm_call(m, "vmalloc_node");
	return __vmalloc_node(m, size, 1, GFP_KERNEL, node);
}

unsigned long vzalloc_node(struct machine *m, unsigned long size, int node)
{
	mm_call(m, "vzalloc_node");
	return __vmalloc_node(m, size, 1, GFP_KERNEL | __GFP_ZERO, node);
}

unsigned long __vmalloc(struct machine *m, unsigned long size, gfp_t gfp)
{
	mm_call(m, "__vmalloc");
	return __vmalloc_node(m, size, 1, gfp, NUMA_NO_NODE);
}

unsigned long vmalloc_32(struct machine *m, unsigned long size)
{
	mm_call(m, "vmalloc_32");
	return __vmalloc_node(m, size, 1, GFP_DMA32 | GFP_KERNEL, NUMA_NO_NODE);
}

/* SHMLBA is PAGE_SIZE on x86: align 4k */
unsigned long vmalloc_user(struct machine *m, unsigned long size)
{
	mm_call(m, "vmalloc_user");
	return __vmalloc_node_range(m, size, KM_PAGE_SIZE, KM_VMALLOC_START,
				    vmalloc_end(m), GFP_KERNEL | __GFP_ZERO,
				    VM_USERMAP, NUMA_NO_NODE);
}

/* --- kvmalloc (mm/util.c) ----------------------------------------------- */

/* mm/util.c: kmalloc_gfp_adjust(): above a page, kmalloc may fail
 * quietly and quickly, vmalloc is the fallback. */
static gfp_t kmalloc_gfp_adjust(gfp_t flags, unsigned long size)
{
	if (size > KM_PAGE_SIZE) {
		flags |= __GFP_NOWARN;
		if (!(flags & __GFP_RETRY_MAYFAIL))
			flags |= __GFP_NORETRY;
		flags &= ~__GFP_NOFAIL;
	}
	return flags;
}

/* mm/util.c: __kvmalloc_node_noprof() */
unsigned long kvmalloc_node(struct machine *m, unsigned long size, gfp_t gfp,
			    int node)
{
	unsigned long ret;

	mm_call(m, "kvmalloc_node");
	ret = kmalloc_node(m, size, kmalloc_gfp_adjust(gfp, size), node);
	if (ret || size <= KM_PAGE_SIZE)
		return ret;
	/* vmalloc cannot serve non-sleeping callers */
	if (!gfpflags_allow_blocking(gfp))
		return 0;
	if (size > 0x7fffffffUL) {
		if (!(gfp & __GFP_NOWARN) && !(m->vmalloc->warned_once & 2)) {
			m->vmalloc->warned_once |= 2;
			vm_warn(m, "mm/util.c:670", "__kvmalloc_node_noprof",
				" ");
		}
		return 0;
	}
	/* VM_ALLOW_HUGE_VMAP: would use 2 MiB pages from 2 MiB per node;
	 * kmemlab maps order-0 pages */
	return __vmalloc_node_range(m, size, 1, KM_VMALLOC_START,
				    vmalloc_end(m), gfp, VM_ALLOW_HUGE_VMAP,
				    node);
}

unsigned long kvmalloc(struct machine *m, unsigned long size, gfp_t gfp)
{
	return kvmalloc_node(m, size, gfp, NUMA_NO_NODE);
}

unsigned long kvzalloc(struct machine *m, unsigned long size, gfp_t gfp)
{
	return kvmalloc_node(m, size, gfp | __GFP_ZERO, NUMA_NO_NODE);
}

/* mm/util.c: kvfree() */
int kvfree(struct machine *m, unsigned long addr)
{
	mm_call(m, "kvfree");
	if (is_vmalloc_addr(m, addr))
		return vfree(m, addr);
	return kfree(m, addr);
}

/* --- lookups ------------------------------------------------------------ */

void *vmalloc_host_ptr(struct machine *m, unsigned long addr)
{
	int level;

	if (!is_vmalloc_addr(m, addr) || !pgtable_lookup(m, addr, &level))
		return NULL;
	return m->vmalloc->host_base + (addr - KM_VMALLOC_START);
}

struct page *vmalloc_to_page(struct machine *m, unsigned long addr)
{
	unsigned long pfn = vmalloc_to_pfn(m, addr);

	return pfn == -1UL ? NULL : pfn_to_page(m, pfn);
}

unsigned long vmalloc_to_pfn(struct machine *m, unsigned long addr)
{
	unsigned long pa;

	mm_call(m, "vmalloc_to_page");
	if (!is_vmalloc_addr(m, addr))
		return -1UL;
	pa = pgtable_virt_to_phys(m, addr);
	if (pa == -1UL || !pfn_valid(m, pa >> KM_PAGE_SHIFT))
		return -1UL;
	return pa >> KM_PAGE_SHIFT;
}

unsigned long vmalloc_nr_pages(struct machine *m)
{
	return m->vmalloc ? m->vmalloc->nr_vmalloc_pages : 0;
}

/* --- boot --------------------------------------------------------------- */

int vmalloc_init(struct machine *m, char *err, size_t errlen)
{
	struct vmalloc_state *vs;
	struct vmap_area *va;
	unsigned long size = m->cfg.vmalloc_size;

	if (!size || (size & ((1UL << PMD_SHIFT) - 1)) || size > (32UL << 40)) {
		snprintf(err, errlen,
			 "vmalloc size must be a multiple of 2M up to 32T");
		return -1;
	}
	vs = calloc(1, sizeof(*vs));
	if (!vs) {
		snprintf(err, errlen, "out of host memory for vmalloc");
		return -1;
	}
	m->vmalloc = vs;
	vs->vmalloc_start = KM_VMALLOC_START;
	vs->vmalloc_end = vmalloc_end(m);
	vs->host_base =
		mmap(NULL, size, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vs->host_base == MAP_FAILED) {
		vs->host_base = NULL;
		snprintf(err, errlen, "reserving %lu MiB for vmalloc: %s",
			 size >> 20, strerror(errno));
		return -1;
	}
	/* vmalloc_init(): nr_vmap_nodes = clamp(num_possible_cpus, 1, 128) */
	vs->nr_vmap_nodes =
		(unsigned int)clamp(m->nr_cpus, 1, KM_MAX_VMAP_NODES);
	vs->vmap_zone_size =
		vs->nr_vmap_nodes > 1 ? VMAP_ZONE_PAGES * KM_PAGE_SIZE : 1;
	vs->nodes = calloc(vs->nr_vmap_nodes, sizeof(*vs->nodes));
	if (!vs->nodes) {
		snprintf(err, errlen, "out of host memory for vmap nodes");
		return -1;
	}
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vs->nodes[i];

		rb_list_init(&vn->busy, 0);
		rb_list_init(&vn->lazy, 0);
		INIT_LIST_HEAD(&vn->purge_list);
		for (int p = 0; p < MAX_VA_SIZE_PAGES; p++)
			INIT_LIST_HEAD(&vn->pool[p].head);
	}
	/* vmap_init_free_space(): one free area, the whole range */
	rb_list_init(&vs->free, 1);
	va = calloc(1, sizeof(*va));
	if (!va) {
		snprintf(err, errlen, "out of host memory for vmalloc");
		return -1;
	}
	va->va_start = vs->vmalloc_start;
	va->va_end = vs->vmalloc_end + 1;
	insert_vmap_area(&vs->free, va, VA_FREE);
	return pgtable_init(m, err, errlen);
}

static void free_rb_list(struct list_head *head)
{
	struct vmap_area *va, *n;

	list_for_each_entry_safe (va, n, head, list) {
		if (va->where == VA_BUSY && va->vm) {
			free(va->vm->pages);
			free(va->vm);
		}
		list_del(&va->list);
		free(va);
	}
}

void vmalloc_destroy(struct machine *m)
{
	struct vmalloc_state *vs = m->vmalloc;

	if (!vs)
		return;
	if (vs->nodes) {
		for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
			free_rb_list(&vs->nodes[i].busy.head);
			free_rb_list(&vs->nodes[i].lazy.head);
			free_rb_list(&vs->nodes[i].purge_list);
			for (int p = 0; p < MAX_VA_SIZE_PAGES; p++)
				free_rb_list(&vs->nodes[i].pool[p].head);
		}
		free(vs->nodes);
	}
	if (vs->free.head.next)
		free_rb_list(&vs->free.head);
	if (vs->pgt)
		pgtable_destroy(m);
	if (vs->host_base)
		munmap(vs->host_base, m->cfg.vmalloc_size);
	free(vs);
	m->vmalloc = NULL;
}

/* --- views -------------------------------------------------------------- */

static int cmp_va(const void *a, const void *b)
{
	const struct vmap_area *x = *(const struct vmap_area *const *)a;
	const struct vmap_area *y = *(const struct vmap_area *const *)b;

	return x->va_start < y->va_start ? -1 : x->va_start > y->va_start;
}

/* Every area, sorted by address; the caller frees the array. */
static struct vmap_area **collect_areas(struct machine *m, size_t *nr)
{
	struct vmalloc_state *vs = m->vmalloc;
	size_t n = vs->free.nr, at = 0;
	struct vmap_area **all, *va;

	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
		n += vs->nodes[i].busy.nr + vs->nodes[i].lazy.nr;
		for (int p = 0; p < MAX_VA_SIZE_PAGES; p++)
			n += vs->nodes[i].pool[p].len;
	}
	all = malloc((n + 1) * sizeof(*all));
	if (!all) {
		*nr = 0;
		return NULL;
	}
#define COLLECT(head)                                                          \
	list_for_each_entry (va, head, list)                                   \
		if (at < n)                                                    \
			all[at++] = va;
	COLLECT(&vs->free.head);
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
		COLLECT(&vs->nodes[i].busy.head);
		COLLECT(&vs->nodes[i].lazy.head);
		for (int p = 0; p < MAX_VA_SIZE_PAGES; p++)
			COLLECT(&vs->nodes[i].pool[p].head);
	}
#undef COLLECT
	qsort(all, at, sizeof(*all), cmp_va);
	*nr = at;
	return all;
}

void vmalloc_for_each_area(struct machine *m, vmap_area_fn fn, void *ctx)
{
	size_t n;
	struct vmap_area **all = collect_areas(m, &n);

	for (size_t i = 0; i < n; i++)
		fn(ctx, all[i]);
	free(all);
}

static void show_vm_flags(struct seq_buf *s, const struct vm_struct *v)
{
	if (v->phys_addr)
		seq_printf(s, " phys=0x%016lx", v->phys_addr);
	if (v->flags & VM_IOREMAP)
		seq_puts(s, " ioremap");
	if (v->flags & VM_SPARSE)
		seq_puts(s, " sparse");
	if (v->flags & VM_ALLOC)
		seq_puts(s, " vmalloc");
	if (v->flags & VM_MAP)
		seq_puts(s, " vmap");
	if (v->flags & VM_USERMAP)
		seq_puts(s, " user");
	if (v->flags & VM_DMA_COHERENT)
		seq_puts(s, " dma-coherent");
	if (v->pages_va)
		seq_puts(s, " vpages");
}

/* mm/vmalloc.c: vmalloc_info_show(). %pK as with kptr_restrict=1 and
 * CAP_SYSLOG: the real address. %pS of the caller: m->caller as given
 * ("repl:3", "start_kernel"), no offsets. */
void vmallocinfo_show(struct machine *m, struct seq_buf *s)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vmap_area *va;

	if (!vs)
		return;
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
		list_for_each_entry (va, &vs->nodes[i].busy.head, list) {
			struct vm_struct *v = va->vm;
			unsigned int counters[KM_MAX_NUMNODES] = {0};

			if (!v) {
				if (va->flags & VMAP_RAM)
					seq_printf(s,
						   "0x%016lx-0x%016lx %7ld "
						   "vm_map_ram\n",
						   va->va_start, va->va_end,
						   (long)va_size(va));
				continue;
			}
			if (v->flags & VM_UNINITIALIZED)
				continue;
			seq_printf(s, "0x%016lx-0x%016lx %7ld", v->addr,
				   v->addr + v->size, (long)v->size);
			if (v->caller[0])
				seq_printf(s, " %s", v->caller);
			if (v->nr_pages)
				seq_printf(s, " pages=%u", v->nr_pages);
			show_vm_flags(s, v);
			/* show_numa_info() */
			for (unsigned int p = 0; p < v->nr_pages; p++)
				counters[page_to_nid(m, v->pages[p])]++;
			for (int nid = 0; nid < m->nr_nodes; nid++)
				if (counters[nid])
					seq_printf(s, " N%d=%u", nid,
						   counters[nid]);
			seq_puts(s, "\n");
		}
	}
	/* show_purge_info() */
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++)
		list_for_each_entry (va, &vs->nodes[i].lazy.head, list)
			seq_printf(s,
				   "0x%016lx-0x%016lx %7ld unpurged vm_area\n",
				   va->va_start, va->va_end, (long)va_size(va));
}

static const char *const where_names[] = {"none", "free", "busy", "lazy",
					  "pool"};

static void show_one_area(struct machine *m, const struct vmap_area *va,
			  struct seq_buf *s, bool detail)
{
	const struct vm_struct *v = va->where == VA_BUSY ? va->vm : NULL;
	unsigned long vn_id = va->flags >> 8;

	seq_printf(s, "0x%016lx-0x%016lx %10lu %-4s", va->va_start, va->va_end,
		   va_size(va), where_names[va->where]);
	if (va->where != VA_FREE)
		seq_printf(s, " node %u", addr_to_node_id(m, va->va_start));
	if (vn_id && va->where != VA_FREE)
		seq_printf(s, " vn_id %lu", vn_id - 1);
	if (va->where == VA_FREE)
		seq_printf(s, " subtree_max_size %lu", va->subtree_max_size);
	if (va->where == VA_LAZY)
		seq_puts(s, " unpurged vm_area");
	if (va->where == VA_POOL)
		seq_printf(s, " pool %lu", (va_size(va) - 1) / KM_PAGE_SIZE);
	if (v) {
		if (v->caller[0])
			seq_printf(s, " %s", v->caller);
		if (v->nr_pages)
			seq_printf(s, " pages=%u", v->nr_pages);
		show_vm_flags(s, v);
		if (v->flags & VM_UNINITIALIZED)
			seq_puts(s, " (uninitialized)");
	}
	seq_puts(s, "\n");
	if (!v || !detail)
		return;
	unsigned long n = get_vm_area_size(v) >> KM_PAGE_SHIFT;

	if (v->pages && n) {
		seq_puts(s, "    pfns:");
		for (unsigned long i = 0; i < n; i++)
			seq_printf(s, "%s%#lx", i % 8 ? " " : "\n     ",
				   page_to_pfn(m, v->pages[i]));
		seq_puts(s, "\n");
	}
	if (!(v->flags & VM_NO_GUARD))
		seq_printf(s, "    guard page 0x%016lx (not mapped)\n",
			   v->addr + v->size - KM_PAGE_SIZE);
}

void vmalloc_show(struct machine *m, struct seq_buf *s)
{
	struct vmalloc_state *vs = m->vmalloc;
	size_t n;
	struct vmap_area **all = collect_areas(m, &n);

	seq_printf(s,
		   "vmalloc 0x%016lx-0x%016lx, %u vmap nodes, lazy %lu of "
		   "%lu pages, %lu pages vmalloc'd, %lu page-table pages\n",
		   vs->vmalloc_start, vs->vmalloc_end, vs->nr_vmap_nodes,
		   vs->vmap_lazy_nr, lazy_max_pages(m), vs->nr_vmalloc_pages,
		   pgtable_nr_table_pages(m));
	for (size_t i = 0; i < n; i++)
		show_one_area(m, all[i], s, true);
	free(all);
}

int vmalloc_show_area(struct machine *m, unsigned long addr, struct seq_buf *s)
{
	struct vmap_area *va = vmalloc_area_at(m, addr);

	if (!va)
		return -ENOENT;
	show_one_area(m, va, s, true);
	return 0;
}

/* --- invariants --------------------------------------------------------- */

struct check_ctx {
	struct machine *m;
	char *buf;
	size_t len;
	int errors;
	/* PTE walk against the busy areas */
	struct vmap_area **busy;
	size_t nr_busy, cursor;
	unsigned long ptes;
};

static void check_fail(struct check_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void check_fail(struct check_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->errors++ && c->buf && c->len) {
		va_start(ap, fmt);
		vsnprintf(c->buf, c->len, fmt, ap);
		va_end(ap);
	}
}

/* Red-black shape, order, parents and maxima; returns the black height. */
static int check_rb(struct check_ctx *c, struct rb_list *t,
		    struct km_rb_node *n, struct km_rb_node *parent,
		    unsigned long *count)
{
	int lh, rh;
	struct vmap_area *va;

	if (!n)
		return 1;
	va = rb_va(n);
	(*count)++;
	if (n->parent != parent)
		check_fail(c, "vmalloc: bad parent link at %#lx", va->va_start);
	if (n->red && (is_red(n->left) || is_red(n->right)))
		check_fail(c, "vmalloc: red node %#lx has a red child",
			   va->va_start);
	if (n->left && rb_va(n->left)->va_end > va->va_start)
		check_fail(c, "vmalloc: tree order broken at %#lx",
			   va->va_start);
	if (n->right && rb_va(n->right)->va_start < va->va_end)
		check_fail(c, "vmalloc: tree order broken at %#lx",
			   va->va_start);
	lh = check_rb(c, t, n->left, n, count);
	rh = check_rb(c, t, n->right, n, count);
	if (lh != rh)
		check_fail(c, "vmalloc: black heights differ at %#lx",
			   va->va_start);
	if (t->augmented &&
	    va->subtree_max_size != compute_subtree_max_size(va))
		check_fail(c,
			   "vmalloc: subtree_max_size of %#lx is %lu, "
			   "should be %lu",
			   va->va_start, va->subtree_max_size,
			   compute_subtree_max_size(va));
	return lh + !n->red;
}

static void check_tree(struct check_ctx *c, struct rb_list *t, int where,
		       const char *name)
{
	unsigned long count = 0, listed = 0, prev_end = 0;
	struct vmap_area *va;

	if (is_red(t->root))
		check_fail(c, "vmalloc: %s tree root is red", name);
	check_rb(c, t, t->root, NULL, &count);
	list_for_each_entry (va, &t->head, list) {
		listed++;
		if (va->va_start < prev_end)
			check_fail(c, "vmalloc: %s list out of order at %#lx",
				   name, va->va_start);
		if (va->where != where)
			check_fail(c,
				   "vmalloc: area %#lx in the %s tree "
				   "says it is %s",
				   va->va_start, name, where_names[va->where]);
		if (va->va_end <= va->va_start ||
		    (va->va_start & ~KM_PAGE_MASK))
			check_fail(c, "vmalloc: bad area %#lx-%#lx in %s",
				   va->va_start, va->va_end, name);
		prev_end = va->va_end;
	}
	if (count != t->nr || listed != t->nr)
		check_fail(c,
			   "vmalloc: %s tree has %lu nodes, list %lu, nr %lu",
			   name, count, listed, t->nr);
}

/* Each present PTE: inside a busy area, not its guard page, the page
 * recorded for that index (and owned by the area for vmalloc). */
static void check_pte(void *ctx, unsigned long addr, uint64_t pte)
{
	struct check_ctx *c = ctx;
	struct machine *m = c->m;
	struct vmap_area *va = NULL;
	unsigned long pfn = (pte & PTE_PFN_MASK) >> KM_PAGE_SHIFT;

	c->ptes++;
	while (c->cursor < c->nr_busy && c->busy[c->cursor]->va_end <= addr)
		c->cursor++;
	if (c->cursor < c->nr_busy && c->busy[c->cursor]->va_start <= addr)
		va = c->busy[c->cursor];
	if (!va || !va->vm) {
		check_fail(c, "vmalloc: PTE for %#lx outside any busy area",
			   addr);
		return;
	}
	struct vm_struct *vm = va->vm;
	unsigned long i = (addr - va->va_start) >> KM_PAGE_SHIFT;

	if (i >= get_vm_area_size(vm) >> KM_PAGE_SHIFT) {
		check_fail(c, "vmalloc: guard page %#lx is mapped", addr);
		return;
	}
	if (!vm->pages || page_to_pfn(m, vm->pages[i]) != pfn) {
		check_fail(c,
			   "vmalloc: PTE of %#lx points at pfn %#lx, not "
			   "the area's page",
			   addr, pfn);
		return;
	}
	/* a page freed under the area by a stale pointer (VM_KM_PAGE_FREED)
	 * may be anyone's now: the area still maps it, as the kernel's does */
	if ((vm->flags & VM_ALLOC) && !(vm->flags & VM_KM_PAGE_FREED)) {
		struct page *page = pfn_to_page(m, pfn);

		if (!vm_owns_page(vm, page, (unsigned int)i))
			check_fail(c,
				   "vmalloc: page pfn %#lx at %#lx is not "
				   "owned by its area",
				   pfn, addr);
	}
}

int vmalloc_check(struct machine *m, char *buf, size_t len)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct check_ctx c = {.m = m, .buf = buf, .len = len};
	unsigned long lazy = 0, mapped = 0, pages = 0, expect;
	struct vmap_area **all, *va;
	size_t n, nb = 0;

	if (!vs)
		return 0;
	check_tree(&c, &vs->free, VA_FREE, "free");
	for (unsigned int i = 0; i < vs->nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vs->nodes[i];

		check_tree(&c, &vn->busy, VA_BUSY, "busy");
		check_tree(&c, &vn->lazy, VA_LAZY, "lazy");
		list_for_each_entry (va, &vn->busy.head, list) {
			if (addr_to_node_id(m, va->va_start) != i)
				check_fail(&c, "vmalloc: busy %#lx on node %u",
					   va->va_start, i);
			if (!va->vm) /* a bare alloc_vmap_area() */
				continue;
			if (va->vm->addr != va->va_start ||
			    va->vm->size != va_size(va))
				check_fail(&c, "vmalloc: vm of %#lx disagrees",
					   va->va_start);
			if (va->vm->flags & VM_ALLOC)
				pages += va->vm->nr_pages;
			if (va->vm->flags & VM_UNINITIALIZED)
				check_fail(&c,
					   "vmalloc: %#lx left "
					   "uninitialized",
					   va->va_start);
			mapped += va->vm->flags & VM_ALLOC
					  ? va->vm->nr_pages
					  : get_vm_area_size(va->vm) >>
						    KM_PAGE_SHIFT;
		}
		list_for_each_entry (va, &vn->lazy.head, list)
			lazy += va_size(va) >> KM_PAGE_SHIFT;
		for (int p = 0; p < MAX_VA_SIZE_PAGES; p++) {
			unsigned long len_seen = 0;

			list_for_each_entry (va, &vn->pool[p].head, list) {
				len_seen++;
				if (va->where != VA_POOL ||
				    (va_size(va) - 1) / KM_PAGE_SIZE !=
					    (unsigned long)p)
					check_fail(&c,
						   "vmalloc: bad pool "
						   "area %#lx",
						   va->va_start);
			}
			if (len_seen != vn->pool[p].len)
				check_fail(&c,
					   "vmalloc: pool %d len %lu, "
					   "%lu listed",
					   p, vn->pool[p].len, len_seen);
		}
	}
	if (lazy != vs->vmap_lazy_nr)
		check_fail(&c, "vmalloc: vmap_lazy_nr %lu, lazy areas %lu",
			   vs->vmap_lazy_nr, lazy);
	if (pages + vs->nr_leaked_pages != vs->nr_vmalloc_pages)
		check_fail(&c, "vmalloc: nr_vmalloc_pages %lu, areas hold %lu",
			   vs->nr_vmalloc_pages, pages);

	/* exact cover of the range; free areas never touch */
	all = collect_areas(m, &n);
	expect = vs->vmalloc_start;
	for (size_t i = 0; i < n; i++) {
		va = all[i];
		if (va->va_start != expect)
			check_fail(&c,
				   "vmalloc: %s at %#lx-%#lx, expected %#lx",
				   va->va_start < expect ? "overlap" : "hole",
				   va->va_start, va->va_end, expect);
		if (i && va->where == VA_FREE && all[i - 1]->where == VA_FREE &&
		    all[i - 1]->va_end == va->va_start)
			check_fail(&c, "vmalloc: free areas at %#lx not merged",
				   va->va_start);
		expect = va->va_end;
		if (va->where == VA_BUSY)
			all[nb++] = va;
	}
	if (expect != vs->vmalloc_end + 1)
		check_fail(&c, "vmalloc: areas end at %#lx", expect);

	/* every present PTE belongs to a busy area's page */
	if (vs->pgt) {
		c.busy = all;
		c.nr_busy = nb;
		pgtable_for_each_vmalloc_pte(m, check_pte, &c);
		if (c.ptes != mapped)
			check_fail(&c,
				   "vmalloc: %lu PTEs present, areas map "
				   "%lu pages",
				   c.ptes, mapped);
		c.errors += pgtable_check(m, c.errors ? NULL : buf, len);
	}
	free(all);
	return c.errors;
}
