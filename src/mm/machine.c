// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine: presets, RAM as one memfd mapped as the direct map, the
 * memmap, NUMA nodes and their zones, memblock-style reservations, the
 * kernel log and the random source.
 *
 * Kernel twins: arch/x86/mm/init.c and mm/mm_init.c (zone layout, memmap),
 * mm/memblock.c (reservations), kernel/printk (the log), lib/random32.
 *
 * Physical layout of node 0, as on an x86-64 PC:
 *   pfn 0                 not in any zone (spanned starts at pfn 1)
 *   pfn 0x9f..0xff        the legacy hole below 1 MiB: not present
 *   pfn 1..0xff           reserved: the first MiB is never given to buddy
 *   pfn 0x1000..          the kernel image (text, data, bss) at 16 MiB
 *   top of each node      that node's memmap, 64 bytes per page frame
 * Zones: DMA below 16 MiB, DMA32 below 4 GiB (when the preset has it),
 * Normal above. Left out: e820 holes above 1 MiB, ZONE_MOVABLE, hotplug.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kmemlab/buddy.h"
#include "kmemlab/machine.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"
#include "internal.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

const char *const zone_names[MAX_NR_ZONES] = {
	"DMA",
	"DMA32",
	"Normal",
	"Movable",
};

const char *const machine_preset_names[] = {
	"default", "numa", "x86_64", "big", NULL,
};

#define MiB (1UL << 20)
#define GiB (1UL << 30)

#define KERNEL_IMAGE_PFN 0x1000UL /* CONFIG_PHYSICAL_START = 16 MiB */
#define KERNEL_IMAGE_PAGES 1024UL /* 4 MiB of text, data and bss */
#define LOW_RESERVED_PAGES 256UL  /* the first MiB */
#define LEGACY_HOLE_START 0x9fUL  /* EBDA and the VGA/BIOS hole */
#define LEGACY_HOLE_END 0x100UL

/* mm/numa: node distances as a ring of cfg->nr_nodes nodes (10 local,
 * 20 a neighbour, 30 further) */
void machine_ring_distances(struct machine_config *cfg)
{
	for (int i = 0; i < KM_MAX_NUMNODES; i++) {
		for (int j = 0; j < KM_MAX_NUMNODES; j++) {
			int d = i > j ? i - j : j - i;
			int n = cfg->nr_nodes > 0 ? cfg->nr_nodes : 1;

			/* a ring: the far side of it is one more hop */
			if (n - d < d)
				d = n - d;
			cfg->distance[i][j] = d == 0 ? 10 : d == 1 ? 20 : 30;
		}
	}
}

int machine_preset(struct machine_config *cfg, const char *name)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->hardened = true;
	cfg->seed = 1;
	cfg->vmalloc_size = 1 * GiB;
	if (!strcmp(name, "default")) {
		cfg->mem_bytes = 128 * MiB;
		cfg->nr_nodes = 1;
		cfg->nr_cpus = 2;
	} else if (!strcmp(name, "numa")) {
		cfg->mem_bytes = 256 * MiB;
		cfg->nr_nodes = 2;
		cfg->nr_cpus = 4;
	} else if (!strcmp(name, "x86_64")) {
		cfg->mem_bytes = 8 * GiB;
		cfg->nr_nodes = 1;
		cfg->nr_cpus = 8;
		cfg->dma32 = true;
		cfg->vmalloc_size = 8 * GiB;
	} else if (!strcmp(name, "big")) {
		cfg->mem_bytes = 16 * GiB;
		cfg->nr_nodes = 4;
		cfg->nr_cpus = 64;
		cfg->dma32 = true;
		cfg->vmalloc_size = 32 * GiB;
	} else {
		return -1;
	}
	snprintf(cfg->preset, sizeof(cfg->preset), "%s", name);
	machine_ring_distances(cfg);
	return 0;
}

/* --- randomness ------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t get_random_u64(struct machine *m)
{
	uint64_t *s = m->rng;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire's multiply-shift, as lib/random32's get_random_u32_below. */
uint32_t get_random_u32_below(struct machine *m, uint32_t ceil)
{
	if (ceil <= 1)
		return 0;
	for (;;) {
		uint64_t mult = (uint64_t)(uint32_t)get_random_u64(m) * ceil;

		if ((uint32_t)mult >= ceil ||
		    (uint32_t)mult >= (uint32_t)(-ceil) % ceil)
			return (uint32_t)(mult >> 32);
	}
}

/* --- the log ---------------------------------------------------------- */

static void log_append(struct machine *m, const char *s, size_t n)
{
	if (m->log_len + n + 1 > m->log_cap) {
		size_t cap = m->log_cap ? m->log_cap : 4096;

		while (cap < m->log_len + n + 1)
			cap *= 2;
		char *p = realloc(m->log, cap);

		if (!p)
			return; /* the log is best effort, the machine is not */
		m->log = p;
		m->log_cap = cap;
	}
	memcpy(m->log + m->log_len, s, n);
	m->log_len += n;
	m->log[m->log_len] = '\0';
}

void mm_vprintk(struct machine *m, int level, const char *fmt, va_list ap)
{
	char stackbuf[1024];
	char *text = stackbuf;
	va_list aq;

	(void)level;
	va_copy(aq, ap);
	int n = vsnprintf(stackbuf, sizeof(stackbuf), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(stackbuf)) {
		text = malloc((size_t)n + 1);
		if (!text)
			return;
		vsnprintf(text, (size_t)n + 1, fmt, ap);
	}
	/* one EV_PRINTK and one log line per '\n'-separated line */
	for (char *line = text; *line;) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char save = line[len];

		line[len] = '\0';
		log_append(m, line, len);
		log_append(m, "\n", 1);
		m->log_lines++;
		if (m->sink) {
			struct mm_event ev = {.type = EV_PRINTK,
					      .func = "printk",
					      .text = line,
					      .n = level};
			m->sink(m->sink_ctx, &ev);
		}
		line[len] = save;
		line += len + (end ? 1 : 0);
	}
	if (text != stackbuf)
		free(text);
}

void mm_printk(struct machine *m, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mm_vprintk(m, level, fmt, ap);
	va_end(ap);
}

void mm_add_taint(struct machine *m, unsigned int flag)
{
	m->tainted = true;
	m->taint_flags |= flag;
}

/*
 * kernel/panic.c: print_tainted(). One column per taint flag, in bit
 * order: the flag's letter when set, else its "clear" letter, which is a
 * space for every flag but the first ('G', no proprietary module). So
 * "Tainted: G    B             " for a bad page: the trailing spaces are
 * the kernel's too.
 */
const char *mm_print_tainted(const struct machine *m, char *buf, size_t len)
{
	static const char set[] = "PFSRMBUDAWCIOELKXTN";
	size_t at;

	if (!m->taint_flags) {
		snprintf(buf, len, "Not tainted");
		return buf;
	}
	at = (size_t)snprintf(buf, len, "Tainted: ");
	for (unsigned int i = 0; i < sizeof(set) - 1 && at + 1 < len; i++)
		buf[at++] = (m->taint_flags & (1u << i)) ? set[i]
			    : i == 0			 ? 'G'
							 : ' ';
	if (at < len)
		buf[at] = '\0';
	return buf;
}

/*
 * An engine bug, not a learner's mistake: the engine's one way to stop the
 * process. It writes straight to fd 2 because nothing above can run.
 */
_Noreturn void km_bug(const char *file, int line, const char *what)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "kmemlab: engine bug at %s:%d: %s\n",
			 file, line, what);

	if (n > 0 && write(2, buf, (size_t)n) < 0)
		abort();
	abort();
}

/* --- layout ----------------------------------------------------------- */

static void zone_init(struct machine *m, struct pglist_data *pgdat,
		      enum zone_type idx, unsigned long start,
		      unsigned long end)
{
	struct zone *zone = &pgdat->node_zones[idx];

	zone->zone_pgdat = pgdat;
	zone->idx = idx;
	zone->name = zone_names[idx];
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[t]);
	if (end <= start)
		return;
	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
	zone->present_pages = end - start;
	for (unsigned long pb = start >> pageblock_order;
	     pb < (end + pageblock_nr_pages - 1) >> pageblock_order; pb++)
		m->pageblock_zone[pb] =
			(uint8_t)(pgdat->node_id * MAX_NR_ZONES + idx);
}

static bool in_legacy_hole(unsigned long pfn)
{
	return pfn >= LEGACY_HOLE_START && pfn < LEGACY_HOLE_END;
}

static struct zone *pfn_zone(struct machine *m, unsigned long pfn)
{
	struct zone *zone = page_zone(m, pfn_to_page(m, pfn));

	if (pfn < zone->zone_start_pfn ||
	    pfn >= zone->zone_start_pfn + zone->spanned_pages)
		return NULL;
	return zone;
}

/*
 * Mark [start, end) reserved with an owner; present pages of a zone that
 * get reserved are not managed (given to the buddy allocator).
 */
static void memblock_reserve(struct machine *m, unsigned long start,
			     unsigned long end, enum page_owner owner)
{
	for (unsigned long pfn = start; pfn < end; pfn++) {
		struct page *page = pfn_to_page(m, pfn);
		struct zone *zone;

		if (PageReserved(page))
			continue;
		SetPageFlag(page, PG_reserved);
		page->owner = (uint8_t)owner;
		page->_refcount = 1;
		m->nr_reserved_pages++;
		zone = pfn_zone(m, pfn);
		if (zone && !in_legacy_hole(pfn))
			zone->managed_pages--;
	}
}

static void layout_node(struct machine *m, int nid, unsigned long start,
			unsigned long end)
{
	struct pglist_data *pgdat = &m->node_data[nid];
	const unsigned long dma_end = (16 * MiB) >> KM_PAGE_SHIFT;
	const unsigned long dma32_end = (4 * GiB) >> KM_PAGE_SHIFT;
	unsigned long z0 = start, z1, z2;

	pgdat->node_id = nid;
	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;

	/* DMA: below 16 MiB; pfn 0 belongs to no zone */
	if (z0 == 0)
		z0 = 1;
	z1 = start < dma_end ? (end < dma_end ? end : dma_end) : start;
	zone_init(m, pgdat, ZONE_DMA, z0, z1);
	/* DMA32: below 4 GiB, if the machine has one */
	z2 = z1;
	if (m->cfg.dma32 && z1 < dma32_end)
		z2 = end < dma32_end ? end : dma32_end;
	zone_init(m, pgdat, ZONE_DMA32, z1, z2);
	zone_init(m, pgdat, ZONE_NORMAL, z2, end);
	zone_init(m, pgdat, ZONE_MOVABLE, 0, 0);
}

static unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static void account_holes_and_reserves(struct machine *m)
{
	struct zone *zone;

	/* the legacy hole is not present memory at all */
	for_each_zone (m, zone) {
		if (!zone->spanned_pages)
			continue;
		for (unsigned long pfn = LEGACY_HOLE_START;
		     pfn < LEGACY_HOLE_END; pfn++)
			if (pfn >= zone->zone_start_pfn &&
			    pfn < zone_end_pfn(zone))
				zone->present_pages--;
		zone->managed_pages = zone->present_pages;
	}

	/* the first MiB (pfn 0 too, though it is in no zone) */
	memblock_reserve(m, 0,
			 LOW_RESERVED_PAGES < m->nr_pages ? LOW_RESERVED_PAGES
							  : m->nr_pages,
			 OWNER_RESERVED);
	/* the kernel image at 16 MiB */
	if (KERNEL_IMAGE_PFN + KERNEL_IMAGE_PAGES < m->nr_pages) {
		memblock_reserve(m, KERNEL_IMAGE_PFN,
				 KERNEL_IMAGE_PFN + KERNEL_IMAGE_PAGES,
				 OWNER_KERNEL);
		m->kernel_start_pfn = KERNEL_IMAGE_PFN;
		m->kernel_end_pfn = KERNEL_IMAGE_PFN + KERNEL_IMAGE_PAGES;
	}
	/* each node's memmap, allocated top-down from that node */
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node_data[nid];
		unsigned long end =
			pgdat->node_start_pfn + pgdat->node_spanned_pages;
		unsigned long bytes =
			pgdat->node_spanned_pages * KM_STRUCT_PAGE_SIZE;
		unsigned long pages =
			(bytes + KM_PAGE_SIZE - 1) >> KM_PAGE_SHIFT;

		memblock_reserve(m, end - pages, end, OWNER_MEMMAP);
	}

	for_each_zone (m, zone) {
		zone->zone_pgdat->node_present_pages += zone->present_pages;
		m->totalram_pages += zone->managed_pages;
	}
}

/* mm/page_alloc.c: build_zonelists(), nodes by distance, zones high->low */
static void build_zonelists(struct machine *m)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		int order[KM_MAX_NUMNODES];
		int n = 0, k = 0;

		for (int i = 0; i < m->nr_nodes; i++)
			order[n++] = i;
		/* insertion sort by distance from nid, then by id */
		for (int i = 1; i < n; i++) {
			int v = order[i], j = i - 1;

			while (j >= 0 && m->cfg.distance[nid][order[j]] >
						 m->cfg.distance[nid][v]) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = v;
		}
		struct pglist_data *pgdat = &m->node_data[nid];

		for (int i = 0; i < n; i++) {
			struct pglist_data *other = &m->node_data[order[i]];

			for (int z = MAX_NR_ZONES - 1; z >= 0; z--)
				if (populated_zone(&other->node_zones[z]))
					pgdat->zonelist[k++] =
						&other->node_zones[z];
		}
		pgdat->zonelist[k] = NULL;
	}
}

/*
 * mm/mm_init.c: report_meminit(), printed by mm_core_init() before
 * kmem_cache_init() and long before khugepaged raises min_free_kbytes
 * (the last line of buddy_init() here). The stack part is the
 * kernel's build: CONFIG_INIT_STACK_ALL_ZERO, Kconfig's default with a
 * compiler that has -ftrivial-auto-var-init=zero. The heap parts are the
 * init_on_alloc= / init_on_free= options (off by default, as with
 * CONFIG_INIT_ON_ALLOC_DEFAULT_ON=n; distributions often set it to y).
 * mm/slub.c's "SLAB_POISON will take precedence" line is not printed: it
 * tests the static keys while the command line is parsed, before
 * mm_core_init() has set them from the options.
 */
static void report_meminit(struct machine *m)
{
	mm_printk(m, LOGLEVEL_INFO,
		  "mem auto-init: stack:all(zero), heap alloc:%s, heap free:%s",
		  want_init_on_alloc(m, 0) ? "on" : "off",
		  want_init_on_free(m) ? "on" : "off");
	if (want_init_on_free(m))
		mm_printk(m, LOGLEVEL_INFO,
			  "mem auto-init: clearing system memory may take "
			  "some time...");
}

struct machine *machine_create(const struct machine_config *cfg, char *err,
			       size_t errlen)
{
	struct machine *m;
	unsigned long mem =
		cfg->mem_bytes & ~(MAX_ORDER_NR_PAGES * KM_PAGE_SIZE - 1);
	unsigned long per_node;

	if (cfg->nr_nodes < 1 || cfg->nr_nodes > KM_MAX_NUMNODES) {
		snprintf(err, errlen, "nodes must be 1..%d, not %d",
			 KM_MAX_NUMNODES, cfg->nr_nodes);
		return NULL;
	}
	if (cfg->nr_cpus < 1 || cfg->nr_cpus > KM_NR_CPUS) {
		snprintf(err, errlen, "cpus must be 1..%d, not %d", KM_NR_CPUS,
			 cfg->nr_cpus);
		return NULL;
	}
	if (cfg->nr_cpus < cfg->nr_nodes) {
		snprintf(err, errlen,
			 "every node needs a CPU: %d cpus for %d nodes",
			 cfg->nr_cpus, cfg->nr_nodes);
		return NULL;
	}
	/* each node a whole number of MAX_ORDER blocks, at least 32 MiB */
	per_node = (mem / (unsigned long)cfg->nr_nodes) &
		   ~(MAX_ORDER_NR_PAGES * KM_PAGE_SIZE - 1);
	if (per_node < 32 * MiB || mem > (1UL << 46)) {
		snprintf(err, errlen,
			 "memory must be 32M..64T per node, not %luM per node",
			 per_node / MiB);
		return NULL;
	}

	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	m->cfg = *cfg;
	m->cfg.mem_bytes = per_node * (unsigned long)cfg->nr_nodes;
	m->nr_nodes = cfg->nr_nodes;
	m->nr_cpus = cfg->nr_cpus;
	m->nr_pages = m->cfg.mem_bytes >> KM_PAGE_SHIFT;
	m->memfd = -1;
	m->direct_map = MAP_FAILED;
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		m->cpu_to_node[cpu] = cpu * m->nr_nodes / m->nr_cpus;
	uint64_t seed = cfg->seed;
	for (int i = 0; i < 4; i++)
		m->rng[i] = splitmix64(&seed);
	snprintf(m->caller, sizeof(m->caller), "start_kernel");

	m->memfd = memfd_create("kmemlab-ram", MFD_CLOEXEC);
	if (m->memfd < 0 || ftruncate(m->memfd, (off_t)m->cfg.mem_bytes) < 0) {
		snprintf(err, errlen, "memfd for %lu MiB of RAM: %s",
			 m->cfg.mem_bytes / MiB, strerror(errno));
		goto fail;
	}
	m->direct_map = mmap(NULL, m->cfg.mem_bytes, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_NORESERVE, m->memfd, 0);
	if (m->direct_map == MAP_FAILED) {
		snprintf(err, errlen, "mapping %lu MiB of RAM: %s",
			 m->cfg.mem_bytes / MiB, strerror(errno));
		goto fail;
	}
	/* km_ptr() in one addition (unsigned arithmetic wraps) */
	m->direct_map_bias = (uintptr_t)m->direct_map - KM_PAGE_OFFSET;
	/* an anonymous mapping: pages cost nothing until touched (boot
	 * touches only block heads), and page alignment puts every 64-byte
	 * struct page in one cache line */
	m->memmap_bytes = m->nr_pages * sizeof(struct page);
	m->memmap = mmap(NULL, m->memmap_bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->memmap == MAP_FAILED)
		m->memmap = NULL;
	m->pageblock_mt = calloc(m->nr_pages >> pageblock_order, 1);
	m->pageblock_zone = calloc(m->nr_pages >> pageblock_order, 1);
	if (!m->memmap || !m->pageblock_mt || !m->pageblock_zone) {
		snprintf(err, errlen, "out of host memory for the memmap");
		goto fail;
	}

	for (int z = 0; z < KM_MAX_NUMNODES * MAX_NR_ZONES; z++)
		m->zone_by_id[z] = &m->node_data[z / MAX_NR_ZONES]
					    .node_zones[z % MAX_NR_ZONES];
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		unsigned long npages = per_node >> KM_PAGE_SHIFT;

		layout_node(m, nid, npages * (unsigned long)nid,
			    npages * (unsigned long)(nid + 1));
	}
	account_holes_and_reserves(m);
	build_zonelists(m);

	report_meminit(m);
	buddy_init(m);
	kmem_cache_init(m);
	if (vmalloc_init(m, err, errlen) < 0)
		goto fail;
	return m;
fail:
	machine_destroy(m);
	return NULL;
}

void machine_destroy(struct machine *m)
{
	if (!m)
		return;
	if (m->vmalloc)
		vmalloc_destroy(m);
	if (m->slub)
		slub_destroy(m);
	buddy_destroy(m);
	if (m->direct_map != MAP_FAILED)
		munmap(m->direct_map, m->cfg.mem_bytes);
	if (m->memfd >= 0)
		close(m->memfd);
	if (m->memmap)
		munmap(m->memmap, m->memmap_bytes);
	free(m->pageblock_mt);
	free(m->pageblock_zone);
	free(m->log);
	free(m);
}

int mm_check_report(struct machine *m, char *buf, size_t len)
{
	int errors = 0;
	char *first = buf;

	if (buf && len)
		buf[0] = '\0';
	errors += buddy_check(m, first, len);
	if (errors)
		first = NULL;
	errors += slab_check(m, first, len);
	if (errors)
		first = NULL;
	errors += vmalloc_check(m, first, len);
	return errors;
}

int mm_check(struct machine *m)
{
	return mm_check_report(m, NULL, 0);
}
