// SPDX-License-Identifier: GPL-2.0-only
/*
 * GFP flag names: parsing "GFP_KERNEL|__GFP_ZERO" and printing a mask the
 * way the kernel's %pGg does (twin: include/trace/events/mmflags.h, the
 * gfpflag_names table, and lib/vsprintf.c format_flags()). Composites are
 * tried first in the kernel's order, so 0xcc0 prints as GFP_KERNEL and
 * 0xdc0 as GFP_KERNEL|__GFP_ZERO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/gfp.h"

struct gfp_name {
	gfp_t mask;
	const char *name;
};

/* The kernel's order (__def_gfpflag_names): composites, then single bits. */
static const struct gfp_name gfp_table[] = {
	{GFP_TRANSHUGE, "GFP_TRANSHUGE"},
	{GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT"},
	{GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE"},
	{GFP_HIGHUSER, "GFP_HIGHUSER"},
	{GFP_USER, "GFP_USER"},
	{GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT"},
	{GFP_KERNEL, "GFP_KERNEL"},
	{GFP_NOFS, "GFP_NOFS"},
	{GFP_ATOMIC, "GFP_ATOMIC"},
	{GFP_NOIO, "GFP_NOIO"},
	{GFP_NOWAIT, "GFP_NOWAIT"},
	{GFP_DMA, "GFP_DMA"},
	{__GFP_HIGHMEM, "__GFP_HIGHMEM"},
	{GFP_DMA32, "GFP_DMA32"},
	{__GFP_HIGH, "__GFP_HIGH"},
	{__GFP_IO, "__GFP_IO"},
	{__GFP_FS, "__GFP_FS"},
	{__GFP_NOWARN, "__GFP_NOWARN"},
	{__GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL"},
	{__GFP_NOFAIL, "__GFP_NOFAIL"},
	{__GFP_NORETRY, "__GFP_NORETRY"},
	{__GFP_COMP, "__GFP_COMP"},
	{__GFP_ZERO, "__GFP_ZERO"},
	{__GFP_NOMEMALLOC, "__GFP_NOMEMALLOC"},
	{__GFP_MEMALLOC, "__GFP_MEMALLOC"},
	{__GFP_HARDWALL, "__GFP_HARDWALL"},
	{__GFP_THISNODE, "__GFP_THISNODE"},
	{__GFP_RECLAIMABLE, "__GFP_RECLAIMABLE"},
	{__GFP_MOVABLE, "__GFP_MOVABLE"},
	{__GFP_ACCOUNT, "__GFP_ACCOUNT"},
	{__GFP_WRITE, "__GFP_WRITE"},
	{__GFP_RECLAIM, "__GFP_RECLAIM"},
	{__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM"},
	{__GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM"},
	{__GFP_ZEROTAGS, "__GFP_ZEROTAGS"},
};

/* Names accepted on input but not printed: the kernel's other spellings. */
static const struct gfp_name gfp_aliases[] = {
	{__GFP_DMA, "__GFP_DMA"},
	{__GFP_DMA32, "__GFP_DMA32"},
	{GFP_KERNEL | __GFP_ZERO, "GFP_ZERO_KERNEL"},
};

#define NTABLE (sizeof(gfp_table) / sizeof(gfp_table[0]))
#define NALIAS (sizeof(gfp_aliases) / sizeof(gfp_aliases[0]))

const char *const gfp_names[] = {
	"GFP_TRANSHUGE",
	"GFP_TRANSHUGE_LIGHT",
	"GFP_HIGHUSER_MOVABLE",
	"GFP_HIGHUSER",
	"GFP_USER",
	"GFP_KERNEL_ACCOUNT",
	"GFP_KERNEL",
	"GFP_NOFS",
	"GFP_ATOMIC",
	"GFP_NOIO",
	"GFP_NOWAIT",
	"GFP_DMA",
	"GFP_DMA32",
	"__GFP_DMA",
	"__GFP_DMA32",
	"__GFP_HIGHMEM",
	"__GFP_HIGH",
	"__GFP_IO",
	"__GFP_FS",
	"__GFP_NOWARN",
	"__GFP_RETRY_MAYFAIL",
	"__GFP_NOFAIL",
	"__GFP_NORETRY",
	"__GFP_COMP",
	"__GFP_ZERO",
	"__GFP_NOMEMALLOC",
	"__GFP_MEMALLOC",
	"__GFP_HARDWALL",
	"__GFP_THISNODE",
	"__GFP_RECLAIMABLE",
	"__GFP_MOVABLE",
	"__GFP_ACCOUNT",
	"__GFP_WRITE",
	"__GFP_RECLAIM",
	"__GFP_DIRECT_RECLAIM",
	"__GFP_KSWAPD_RECLAIM",
	"__GFP_ZEROTAGS",
	NULL,
};

static int lookup(const char *s, size_t n, gfp_t *out)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (strlen(gfp_table[i].name) == n &&
		    !strncmp(gfp_table[i].name, s, n)) {
			*out = gfp_table[i].mask;
			return 0;
		}
	for (size_t i = 0; i < NALIAS; i++)
		if (strlen(gfp_aliases[i].name) == n &&
		    !strncmp(gfp_aliases[i].name, s, n)) {
			*out = gfp_aliases[i].mask;
			return 0;
		}
	/* a number: 0x2000, 8192 */
	if (n > 0 && n < 24) {
		char tmp[24], *end;

		memcpy(tmp, s, n);
		tmp[n] = '\0';
		unsigned long v = strtoul(tmp, &end, 0);

		if (*end == '\0' && (tmp[0] >= '0' && tmp[0] <= '9') &&
		    (v & ~(unsigned long)__GFP_BITS_MASK) == 0) {
			*out = (gfp_t)v;
			return 0;
		}
	}
	return -1;
}

int gfp_parse(const char *s, gfp_t *out, const char **bad, size_t *badlen)
{
	gfp_t gfp = 0;
	const char *p = s;

	for (;;) {
		const char *end = strchr(p, '|');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		gfp_t bits;

		if (lookup(p, n, &bits) < 0) {
			if (bad)
				*bad = p;
			if (badlen)
				*badlen = n;
			return -1;
		}
		gfp |= bits;
		if (!end)
			break;
		p = end + 1;
	}
	*out = gfp;
	return 0;
}

int gfp_format(char *buf, size_t len, gfp_t gfp)
{
	size_t at = 0;
	int first = 1;

#define EMIT(str)                                                              \
	do {                                                                   \
		const char *__s = (str);                                       \
		size_t __n = strlen(__s);                                      \
		if (at < len)                                                  \
			snprintf(buf + at, len - at, "%s", __s);               \
		at += __n;                                                     \
	} while (0)

	if (len)
		buf[0] = '\0';
	if (gfp == 0) {
		EMIT("none");
		return (int)at;
	}
	for (size_t i = 0; i < NTABLE && gfp; i++) {
		gfp_t mask = gfp_table[i].mask;

		if ((gfp & mask) != mask)
			continue;
		if (!first)
			EMIT("|");
		EMIT(gfp_table[i].name);
		first = 0;
		gfp &= ~mask;
	}
	if (gfp) {
		char hex[24];

		snprintf(hex, sizeof(hex), "%#x", gfp);
		if (!first)
			EMIT("|");
		EMIT(hex);
	}
#undef EMIT
	return (int)at;
}
