// SPDX-License-Identifier: GPL-2.0-only
/*
 * export / load: snapshots and diagrams (DESIGN.md §6). No kernel twin.
 * The work is in src/export (the only place besides src/lesson that may
 * use cJSON); these handlers parse the arguments and report one-line
 * errors. A failed load leaves the session as it was.
 */
#include <string.h>

#include "cmd_internal.h"
#include "kmemlab/export.h"

static int do_export(struct session *ss, int argc, char **argv)
{
	char err[512];

	if (!strcmp(argv[1], "--dot") || !strcmp(argv[1], "--svg")) {
		bool svg = argv[1][2] == 's';
		const char *what = "cache", *file, *name = NULL;

		if (argc < 3)
			return cmd_error(ss,
					 "expected %s [buddy|vmalloc] FILE "
					 "[cache NAME]",
					 argv[1]);
		if (!strcmp(argv[2], "buddy") || !strcmp(argv[2], "vmalloc")) {
			what = argv[2];
			if (argc != 4)
				return cmd_error(ss, "expected %s %s FILE",
						 argv[1], argv[2]);
			file = argv[3];
		} else {
			file = argv[2];
			if (argc == 5 && !strcmp(argv[3], "cache"))
				name = argv[4];
			else if (argc == 4)
				name = argv[3];
			else if (argc != 3)
				return cmd_error(ss,
						 "expected %s FILE "
						 "[cache NAME]",
						 argv[1]);
		}
		if (dot_export(ss, what, name, file, svg, err, sizeof(err)))
			return cmd_error(ss, "%s", err);
		out_printf(OUT(ss), "wrote %s\n", file);
		return 0;
	}
	if (argc != 2)
		return cmd_error(ss, "expected export FILE.json, or export "
				     "--dot|--svg ...");
	if (snapshot_export(ss, argv[1], err, sizeof(err)))
		return cmd_error(ss, "%s", err);
	out_printf(OUT(ss), "wrote %s (%zu commands)\n", argv[1],
		   ss->nr_journal);
	return 0;
}

static int do_load(struct session *ss, int argc, char **argv)
{
	char err[512];

	(void)argc;
	if (snapshot_load(ss, argv[1], err, sizeof(err)))
		return cmd_error(ss, "%s", err);
	out_printf(OUT(ss), "loaded %s: %zu commands replayed\n", argv[1],
		   ss->nr_journal);
	return 0;
}

// clang-format off
const struct command cmd_export_table[] = {
	{ "export", do_export, 1, 4,
	  "export [--dot|--svg] FILE",
	  "save a snapshot, or draw a cache, the free areas or vmalloc",
	  "A snapshot holds the machine's config, its full state and every "
	  "command since boot; load rebuilds it exactly. --dot writes a "
	  "Graphviz picture of one slab cache (kmem_cache, each CPU's "
	  "freelist, slab and partial list, each node's lists), of the "
	  "buddy free areas or of the vmalloc areas; --svg renders it with "
	  "dot -Tsvg.",
	  "export /tmp/s.json",
	  GRP_SESSION, 0 },
	{ "load", do_load, 1, 1,
	  "load FILE.json",
	  "replace this machine by a snapshot's",
	  "Boots the snapshot's config, replays its journal, checks that the "
	  "replay rebuilt the saved state and only then switches over; on "
	  "any error the session is left as it was.",
	  "load /tmp/s.json",
	  GRP_SESSION, CMD_NO_JOURNAL },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 }
};
// clang-format on
