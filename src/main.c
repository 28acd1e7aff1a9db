// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab: options, then the front end. STUB: being written.
 */
#include <stdio.h>
#include <string.h>

#include "kmemlab/machine.h"
#include "kmemlab/procfs.h"

int main(int argc, char **argv)
{
	struct machine_config cfg;
	char err[256];
	struct machine *m;
	struct seq_buf s;

	machine_preset(&cfg, argc > 1 ? argv[1] : "default");
	m = machine_create(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "kmemlab: %s\n", err);
		return 1;
	}
	seq_init(&s);
	procfs_read(m, "/proc/meminfo", &s);
	fputs(s.buf ? s.buf : "", stdout);
	seq_free(&s);
	machine_destroy(m);
	return 0;
}
