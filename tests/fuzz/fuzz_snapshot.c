// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the snapshot loader: any bytes as a snapshot file
 * must be refused with a reason or loaded, never crash, and a refused
 * load must leave the session's state digest unchanged. Not registered
 * in meson yet; build by hand, e.g.
 *   clang -g -fsanitize=fuzzer,address -Iinclude tests/fuzz/fuzz_snapshot.c \
 *     build-x/src/libkmemlab-{cmd,snapshot,trace}.a build-x/libkmemlab-mm.a \
 *     -lcjson -lm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kmemlab/export.h"

static void null_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	(void)ctx;
	(void)st;
	(void)s;
	(void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct out null_out = {null_write, NULL};
	static struct session *ss;
	char path[] = "/tmp/kmemlab-fuzz-XXXXXX", err[512];
	unsigned long long d;
	int fd;

	if (!ss) {
		struct machine_config cfg;

		machine_preset(&cfg, "default");
		ss = session_create(&cfg, &null_out, err, sizeof(err));
		if (!ss)
			abort();
		ss->opt.check = false;
	}
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	d = session_state_digest(ss);
	if (snapshot_load(ss, path, err, sizeof(err)) != 0 &&
	    session_state_digest(ss) != d)
		abort();
	unlink(path);
	return 0;
}
