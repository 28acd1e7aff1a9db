// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the snapshot loader: any bytes as a snapshot file
 * must be refused with a reason or loaded, never crash or leak. A refused
 * load leaves the session's state digest and journal as they were; a
 * load that succeeds gives a machine that passes mm_check (unless the
 * journal pokes memory) and whose export loads again to the same bytes
 * (export -> load -> export).
 *
 * The loader itself keeps journal entries that touch host files (export,
 * load, source ...) from running, so they are let through. Skipped, to
 * keep every input fast: machines over 256 MiB, 8 CPUs or 4 nodes, more
 * than 256 journal entries, and repeats over fuzz_guard.h's limits.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kmemlab/export.h"
#include "fuzz_guard.h"

static void null_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	(void)ctx;
	(void)st;
	(void)s;
	(void)n;
}

static struct out null_out = {null_write, NULL};

static struct session *boot(void)
{
	struct machine_config cfg;
	struct session *ss;
	char err[256];

	machine_preset(&cfg, "default");
	cfg.mem_bytes = 32UL << 20;
	ss = session_create(&cfg, &null_out, err, sizeof(err));
	if (!ss) {
		fprintf(stderr, "fuzz_snapshot: cannot boot: %s\n", err);
		abort();
	}
	ss->opt.check = false;
	return ss;
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (cJSON_IsNumber(v))
		return v->valuedouble;
	if (cJSON_IsString(v))
		return (double)strtoull(v->valuestring, NULL, 0);
	return 0;
}

/* Cheap enough to load? *pokes: the journal writes memory. */
static bool cheap(const uint8_t *data, size_t size, bool *pokes)
{
	cJSON *root = cJSON_ParseWithLength((const char *)data, size);
	const cJSON *cfg, *journal, *e;
	bool ok = true;
	int n = 0;

	*pokes = false;
	if (!root)
		return true; /* the loader refuses it */
	cfg = cJSON_GetObjectItemCaseSensitive(root, "config");
	journal = cJSON_GetObjectItemCaseSensitive(root, "journal");
	if (num(cfg, "mem") > (256UL << 20) || num(cfg, "cpus") > 8 ||
	    num(cfg, "nodes") > 4 || num(cfg, "vmalloc_size") > (4UL << 30))
		ok = false;
	cJSON_ArrayForEach(e, journal)
	{
		const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(e, "cmd");
		struct guard g = {.host_ok = true};

		if (++n > 256) {
			ok = false;
			break;
		}
		if (!cJSON_IsString(cmd))
			continue;
		/* the loader refuses ';' and '#'; a guard for each part */
		char *copy = strdup(cmd->valuestring), *part, *save = NULL;

		if (!copy)
			break;
		for (part = strtok_r(copy, ";#\n", &save); part && ok;
		     part = strtok_r(NULL, ";#\n", &save)) {
			while (isspace((unsigned char)*part))
				part++;
			ok = guard_allows(part, &g);
			*pokes |= g.pokes;
		}
		free(copy);
	}
	cJSON_Delete(root);
	return ok;
}

static int load_text(struct session *ss, const char *text, size_t len,
		     char *err, size_t errlen)
{
	char path[] = "/tmp/kmemlab-fuzz-snap-XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd < 0)
		return -2;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -2;
	}
	close(fd);
	rc = snapshot_load(ss, path, err, errlen);
	unlink(path);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct session *ss;
	unsigned long long d;
	size_t nj;
	char err[512] = "";
	bool pokes;
	int rc;

	if (!cheap(data, size, &pokes))
		return 0;
	if (!ss)
		ss = boot();
	d = session_state_digest(ss);
	nj = ss->nr_journal;
	rc = load_text(ss, (const char *)data, size, err, sizeof(err));
	if (rc == -2)
		return 0;
	if (rc != 0) {
		if (session_state_digest(ss) != d || ss->nr_journal != nj) {
			fprintf(stderr,
				"fuzz_snapshot: refused (%s) but the "
				"state changed\n",
				err);
			abort();
		}
		return 0;
	}
	/* loaded: a sound machine, and a round trip to the same bytes */
	if (!pokes && mm_check(ss->m) != 0) {
		fprintf(stderr, "fuzz_snapshot: loaded, mm_check fails\n");
		abort();
	}
	char *t1 = snapshot_print(ss), *t2 = NULL;
	struct session *again = boot();

	if (!t1 || load_text(again, t1, strlen(t1), err, sizeof(err)) != 0 ||
	    !(t2 = snapshot_print(again)) || strcmp(t1, t2)) {
		fprintf(stderr,
			"fuzz_snapshot: export -> load -> export "
			"differs (%s)\n",
			err);
		abort();
	}
	free(t1);
	free(t2);
	session_destroy(again);
	/* back to boot, so that every input starts alike */
	session_destroy(ss);
	ss = NULL;
	return 0;
}
