/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Snapshots and diagrams (DESIGN.md §6): `export FILE.json` writes the
 * machine's config, its full state and the journal from boot; `load`
 * boots the snapshot's config, replays the journal, checks the replayed
 * state against the saved one and only then swaps the session over.
 */
#ifndef KMEMLAB_EXPORT_H
#define KMEMLAB_EXPORT_H

#include <stddef.h>

#include "cmd.h"

/* Snapshots over 64 MiB are refused before parsing. */
#define SNAPSHOT_MAX_BYTES (64UL << 20)
#define SNAPSHOT_FORMAT "kmemlab-snapshot"
#define SNAPSHOT_VERSION 1

/* The snapshot as text (malloc'ed, cJSON_Print), NULL on failure. */
char *snapshot_print(struct session *ss);
/* 0, or -1 with a one-line reason in err. */
int snapshot_export(struct session *ss, const char *path, char *err,
		    size_t errlen);
/* 0, or -1 with "FILE:LINE:COL: reason" in err; ss unchanged on error. */
int snapshot_load(struct session *ss, const char *path, char *err,
		  size_t errlen);

/*
 * Graphviz diagrams: what is "cache" (name: a cache, NULL = the last one
 * used, else kmalloc-64), "buddy" or "vmalloc". svg: pipe it through
 * `dot -Tsvg` into file. 0, or -1 with a one-line reason in err.
 */
int dot_export(struct session *ss, const char *what, const char *name,
	       const char *file, bool svg, char *err, size_t errlen);

#endif /* KMEMLAB_EXPORT_H */
