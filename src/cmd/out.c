// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct out (include/kmemlab/out.h): the stdio sink and the buffer sink
 * used by tests. No kernel twin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/out.h"

void out_write(struct out *o, enum out_stream st, const char *s, size_t n)
{
	if (n)
		o->write(o->ctx, st, s, n);
}

void out_puts(struct out *o, const char *s)
{
	out_write(o, OUT_STDOUT, s, strlen(s));
}

void out_vprintf(struct out *o, enum out_stream st, const char *fmt, va_list ap)
{
	char small[512];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		out_write(o, st, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);

	if (!big)
		return;
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	out_write(o, st, big, (size_t)n);
	free(big);
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(o, OUT_STDOUT, fmt, ap);
	va_end(ap);
}

void out_error(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(o, OUT_STDERR, fmt, ap);
	va_end(ap);
	out_write(o, OUT_STDERR, "\n", 1);
}

static void stdio_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	FILE *f = st == OUT_STDERR ? stderr : stdout;

	(void)ctx;
	/* an error line must not overtake the results before it */
	if (st == OUT_STDERR)
		fflush(stdout);
	fwrite(s, 1, n, f);
}

void out_init_stdio(struct out *o)
{
	o->write = stdio_write;
	o->ctx = NULL;
}

static void buffer_write(void *ctx, enum out_stream st, const char *s, size_t n)
{
	struct out_buffer *b = ctx;
	struct seq_buf *q = st == OUT_STDERR ? &b->se : &b->so;

	/* seq_puts needs a terminated string */
	char *tmp = malloc(n + 1);

	if (!tmp)
		return;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	seq_puts(q, tmp);
	free(tmp);
}

void out_buffer_init(struct out_buffer *b)
{
	b->out.write = buffer_write;
	b->out.ctx = b;
	seq_init(&b->so);
	seq_init(&b->se);
}

void out_buffer_reset(struct out_buffer *b)
{
	seq_free(&b->so);
	seq_free(&b->se);
}

void out_buffer_free(struct out_buffer *b)
{
	out_buffer_reset(b);
}
