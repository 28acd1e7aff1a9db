/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one switchable output sink of the command layer (sqlite3 shell's
 * .output, redis-cli's reply printer): stdout/stderr in batch mode and the
 * REPL, a pane in the TUI, a pair of buffers in the tests. Commands write
 * only through a struct out, never with printf.
 */
#ifndef KMEMLAB_OUT_H
#define KMEMLAB_OUT_H

#include <stdarg.h>
#include <stddef.h>

#include "procfs.h" /* struct seq_buf */

enum out_stream {
	OUT_STDOUT, /* results, file contents, kernel log lines */
	OUT_STDERR, /* errors, progress */
};

struct out {
	void (*write)(void *ctx, enum out_stream st, const char *s, size_t n);
	void *ctx;
};

void out_write(struct out *o, enum out_stream st, const char *s, size_t n);
void out_puts(struct out *o, const char *s);
void out_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void out_vprintf(struct out *o, enum out_stream st, const char *fmt,
		 va_list ap);
/* One line on stderr; the newline is added. */
void out_error(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* stdout and stderr of the process (line buffered by stdio). */
void out_init_stdio(struct out *o);

/* Two growing buffers: what a test reads back. */
struct out_buffer {
	struct out out;
	struct seq_buf so, se; /* stdout, stderr */
};
void out_buffer_init(struct out_buffer *b);
void out_buffer_reset(struct out_buffer *b);
void out_buffer_free(struct out_buffer *b);

#endif /* KMEMLAB_OUT_H */
