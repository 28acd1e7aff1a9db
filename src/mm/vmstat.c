// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo (twin: mm/vmstat.c,
 * Linux 6.12: frag_show_print, pagetypeinfo_show*, zoneinfo_show_print).
 *
 * The counter lists are those of a 6.12 x86-64 build configured like a
 * distribution kernel (NUMA, SWAP, NUMA_BALANCING, IOMMU, ZSMALLOC and
 * ZONE_DEVICE on; CMA, UNACCEPTED_MEMORY off), so an empty Device zone
 * is printed after Movable and "protection" has five entries. Counters
 * kmemlab does not model print 0. Left out: the "Number of mixed blocks"
 * table (needs page_owner), /proc/vmstat.
 */
#include <string.h>

#include "kmemlab/procfs.h"
#include "internal.h"

/* frag_show_print(): one line per populated zone */
void buddyinfo_show(struct machine *m, struct seq_buf *s)
{
	struct zone *zone;

	for_each_populated_zone (m, zone) {
		seq_printf(s, "Node %d, zone %8s ", zone_to_nid(zone),
			   zone->name);
		for (int order = 0; order < NR_PAGE_ORDERS; ++order)
			seq_printf(s, "%6lu ", zone->free_area[order].nr_free);
		seq_puts(s, "\n");
	}
}

static void pagetypeinfo_showfree_print(struct seq_buf *s, struct zone *zone)
{
	for (int mtype = 0; mtype < MIGRATE_TYPES; mtype++) {
		seq_printf(s, "Node %4d, zone %8s, type %12s ",
			   zone_to_nid(zone), zone->name,
			   migratetype_names[mtype]);
		for (int order = 0; order < NR_PAGE_ORDERS; ++order) {
			const struct list_head *head =
				&zone->free_area[order].free_list[mtype];
			unsigned long freecount = 0;
			bool overflow = false;

			/* the kernel stops counting at 100000 entries */
			for (const struct list_head *l = head->next; l != head;
			     l = l->next) {
				if (++freecount >= 100000) {
					overflow = true;
					break;
				}
			}
			seq_printf(s, "%s%6lu ", overflow ? ">" : "",
				   freecount);
		}
		seq_puts(s, "\n");
	}
}

/* pageblocks counted by their type, stepping from the zone's first pfn */
static void pagetypeinfo_showblockcount_print(struct machine *m,
					      struct seq_buf *s,
					      struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = {0};
	unsigned long end_pfn = zone->zone_start_pfn + zone->spanned_pages;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < end_pfn;
	     pfn += pageblock_nr_pages) {
		struct page *page = pfn_to_page(m, pfn);
		int mtype;

		if (page_zone(m, page) != zone)
			continue;
		mtype = get_pageblock_migratetype(m, page);
		if (mtype < MIGRATE_TYPES)
			count[mtype]++;
	}
	seq_printf(s, "Node %d, zone %8s ", zone_to_nid(zone), zone->name);
	for (int mtype = 0; mtype < MIGRATE_TYPES; mtype++)
		seq_printf(s, "%12lu ", count[mtype]);
	seq_puts(s, "\n");
}

/* pagetypeinfo_show() runs once per node, headers included */
void pagetypeinfo_show(struct machine *m, struct seq_buf *s)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node_data[nid];

		if (!pgdat->node_present_pages)
			continue;
		seq_printf(s, "Page block order: %d\n", pageblock_order);
		seq_printf(s, "Pages per block:  %lu\n", pageblock_nr_pages);
		seq_puts(s, "\n");
		seq_printf(s, "%-43s ",
			   "Free pages count per migrate type at order");
		for (int order = 0; order < NR_PAGE_ORDERS; ++order)
			seq_printf(s, "%6d ", order);
		seq_puts(s, "\n");
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (populated_zone(&pgdat->node_zones[z]))
				pagetypeinfo_showfree_print(
					s, &pgdat->node_zones[z]);

		seq_printf(s, "\n%-23s", "Number of blocks type ");
		for (int mtype = 0; mtype < MIGRATE_TYPES; mtype++)
			seq_printf(s, "%12s ", migratetype_names[mtype]);
		seq_puts(s, "\n");
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (populated_zone(&pgdat->node_zones[z]))
				pagetypeinfo_showblockcount_print(
					m, s, &pgdat->node_zones[z]);
	}
}

/* enum node_stat_item names (mm/vmstat.c vmstat_text) */
enum {
	NS_SLAB_RECLAIMABLE = 5,
	NS_SLAB_UNRECLAIMABLE = 6,
};
static const char *const node_stat_names[] = {
	"nr_inactive_anon",
	"nr_active_anon",
	"nr_inactive_file",
	"nr_active_file",
	"nr_unevictable",
	"nr_slab_reclaimable",
	"nr_slab_unreclaimable",
	"nr_isolated_anon",
	"nr_isolated_file",
	"workingset_nodes",
	"workingset_refault_anon",
	"workingset_refault_file",
	"workingset_activate_anon",
	"workingset_activate_file",
	"workingset_restore_anon",
	"workingset_restore_file",
	"workingset_nodereclaim",
	"nr_anon_pages",
	"nr_mapped",
	"nr_file_pages",
	"nr_dirty",
	"nr_writeback",
	"nr_writeback_temp",
	"nr_shmem",
	"nr_shmem_hugepages",
	"nr_shmem_pmdmapped",
	"nr_file_hugepages",
	"nr_file_pmdmapped",
	"nr_anon_transparent_hugepages",
	"nr_vmscan_write",
	"nr_vmscan_immediate_reclaim",
	"nr_dirtied",
	"nr_written",
	"nr_throttled_written",
	"nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired",
	"nr_foll_pin_released",
	"nr_kernel_stack",
	"nr_page_table_pages",
	"nr_sec_page_table_pages",
	"nr_iommu_pages",
	"nr_swapcached",
	"pgpromote_success",
	"pgpromote_candidate",
	"pgdemote_kswapd",
	"pgdemote_direct",
	"pgdemote_khugepaged",
};

/* enum zone_stat_item then enum numa_stat_item names */
static const char *const zone_stat_names[] = {
	"nr_free_pages",
	"nr_zone_inactive_anon",
	"nr_zone_active_anon",
	"nr_zone_inactive_file",
	"nr_zone_active_file",
	"nr_zone_unevictable",
	"nr_zone_write_pending",
	"nr_mlock",
	"nr_bounce",
	"nr_zspages",
	"nr_free_cma",
	"numa_hit",
	"numa_miss",
	"numa_foreign",
	"numa_interleave",
	"numa_local",
	"numa_other",
};

static unsigned long node_stat(const struct pglist_data *pgdat, size_t i)
{
	if (i == NS_SLAB_RECLAIMABLE)
		return pgdat->nr_slab_reclaimable_b >> KM_PAGE_SHIFT;
	if (i == NS_SLAB_UNRECLAIMABLE)
		return pgdat->nr_slab_unreclaimable_b >> KM_PAGE_SHIFT;
	if (!strcmp(node_stat_names[i], "nr_page_table_pages"))
		return pgdat->nr_page_table_pages;
	return 0;
}

/* mm/vmstat.c: calculate_normal_threshold() */
static int stat_threshold(const struct machine *m, const struct zone *zone)
{
	unsigned long mem = zone->managed_pages >> (27 - KM_PAGE_SHIFT);
	int threshold = 2 * fls((unsigned int)m->nr_cpus) *
			(1 + fls((unsigned int)mem));

	return min(125, threshold);
}

static void zoneinfo_show_print(struct machine *m, struct seq_buf *s,
				struct pglist_data *pgdat,
				const struct zone *zone, const char *name,
				bool first_populated)
{
	/* the Device zone (not modelled) reserves what Movable does */
	long protection[MAX_NR_ZONES + 1];

	for (int i = 0; i < MAX_NR_ZONES; i++)
		protection[i] = zone ? zone->lowmem_reserve[i] : 0;
	protection[MAX_NR_ZONES] =
		zone ? zone->lowmem_reserve[MAX_NR_ZONES - 1] : 0;

	seq_printf(s, "Node %d, zone %8s", pgdat->node_id, name);
	if (first_populated) {
		seq_printf(s, "\n  per-node stats");
		for (size_t i = 0; i < ARRAY_SIZE(node_stat_names); i++)
			seq_printf(s, "\n      %-12s %lu", node_stat_names[i],
				   node_stat(pgdat, i));
	}
	seq_printf(s,
		   "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        promo    %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   zone ? zone->nr_free_pages : 0,
		   zone ? zone->watermark_boost : 0,
		   zone ? min_wmark_pages(zone) : 0,
		   zone ? low_wmark_pages(zone) : 0,
		   zone ? high_wmark_pages(zone) : 0,
		   zone ? wmark_pages(zone, WMARK_PROMO) : 0,
		   zone ? zone->spanned_pages : 0,
		   zone ? zone->present_pages : 0,
		   zone ? zone->managed_pages : 0, 0UL);
	seq_printf(s, "\n        protection: (%ld", protection[0]);
	for (int i = 1; i < MAX_NR_ZONES + 1; i++)
		seq_printf(s, ", %ld", protection[i]);
	seq_puts(s, ")");

	if (!zone || !populated_zone(zone)) {
		seq_puts(s, "\n");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(zone_stat_names); i++)
		seq_printf(s, "\n      %-12s %lu", zone_stat_names[i],
			   i == 0 ? zone->nr_free_pages : 0UL);

	seq_printf(s, "\n  pagesets");
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		seq_printf(s,
			   "\n    cpu: %i"
			   "\n              count: %i"
			   "\n              high:  %i"
			   "\n              batch: %i",
			   cpu, pcp->count, pcp->high, pcp->batch);
		seq_printf(s, "\n  vm stats threshold: %d",
			   stat_threshold(m, zone));
	}
	seq_printf(s,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu",
		   0u, zone->zone_start_pfn);
	seq_puts(s, "\n");
}

/* every zone of every node, populated or not, then ZONE_DEVICE */
void zoneinfo_show(struct machine *m, struct seq_buf *s)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node_data[nid];
		bool seen = false;

		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &pgdat->node_zones[z];
			bool first = !seen && populated_zone(zone);

			if (first)
				seen = true;
			zoneinfo_show_print(m, s, pgdat, zone, zone_names[z],
					    first);
		}
		zoneinfo_show_print(m, s, pgdat, NULL, "Device", false);
	}
}
