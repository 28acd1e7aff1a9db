/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The trace collector: the machine's event sink during a command. It keeps
 * the command's events (copied, strings included, so a cache destroyed by
 * the command can still be named), its path (the EV_CALL names in order,
 * outermost first) and its kernel log lines, and formats any event as one
 * line ("expand: split order-3 block, upper half pfn 0x1a04 ...").
 *
 * No kernel twin: this is the kernel's tracepoints and ftrace's function
 * tracer reduced to what `explain`, --json, the views and the lessons need.
 * A runaway command (repeat 100000 ...) keeps the first TRACE_MAX_EVENTS
 * events and path entries and counts the rest as dropped.
 */
#ifndef KMEMLAB_TRACE_H
#define KMEMLAB_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

#define TRACE_MAX_EVENTS 100000

struct trace_chunk; /* string arena, private */
struct machine;

/* An observer sees every event as it happens (the REPL prints printk
 * lines and, with `set trace on`, each event; views mark themselves
 * dirty). Up to TRACE_MAX_OBSERVERS. */
#define TRACE_MAX_OBSERVERS 4
typedef void (*trace_observer_fn)(void *ctx, const struct mm_event *ev);
/* Event types as a mask: bit t for type t (observer filters) */
#define TRACE_TYPE(t) (1UL << (t))
#define TRACE_ALL_TYPES (TRACE_TYPE(NR_MM_EVENTS) - 1)

struct trace {
	struct mm_event *ev; /* copies; string fields point into the arena */
	size_t nr_ev, cap_ev;
	const char **path; /* EV_CALL func names, outermost first */
	size_t nr_path, cap_path;
	size_t nr_printk;      /* EV_PRINTK among ev */
	unsigned long dropped; /* events beyond TRACE_MAX_EVENTS */
	struct trace_chunk *arena;
	/* the newest EV_SLAB_ALLOC, kept even past TRACE_MAX_EVENTS: which
	 * cache served an allocation, without a search */
	unsigned long last_alloc;
	char last_alloc_cache[64];
	/* recording is cheap: the last cache name copied into the arena is
	 * reused while events name the same cache (private) */
	const char *intern_src, *intern_copy;
	const char *last_alloc_src; /* arena copy last_alloc_cache was
				       made from (private) */
	struct {
		trace_observer_fn fn;
		void *ctx;
		unsigned long types; /* TRACE_TYPE mask it is called for */
	} obs[TRACE_MAX_OBSERVERS];
	int nr_obs;
	unsigned long obs_types; /* union of the observers' masks */
	/* the machine attached (trace_attach), which may hold path[]
	 * from nr_path on; NULL when none */
	struct machine *m;
};

void trace_init(struct trace *t);
void trace_free(struct trace *t);
/* Forget the events of the previous command (observers stay). */
void trace_reset(struct trace *t);
/* Move src's events into dst (dst's old events are freed); src is reset. */
void trace_move(struct trace *dst, struct trace *src);
int trace_add_observer(struct trace *t, trace_observer_fn fn, void *ctx);
/*
 * Call the observer (fn, ctx) only for the event types in types (a mask
 * of TRACE_TYPE bits; trace_add_observer gives TRACE_ALL_TYPES). An
 * observer that ignores most events says so here, and those events cost
 * no call: the REPL's printer wants only EV_PRINTK until `set trace on`.
 */
void trace_observer_types(struct trace *t, trace_observer_fn fn, void *ctx,
			  unsigned long types);

/* The sink: install as m->sink = trace_sink, m->sink_ctx = t. */
void trace_sink(void *ctx, const struct mm_event *ev);
/*
 * Collect m's events, as a command does: m->sink = trace_sink on t, and
 * the rest of t's path and event arrays lent to m, so that entering a
 * kernel function or SLUB's object events are stores there rather than
 * events (unless an observer watches them). While attached, t->nr_path
 * and t->nr_ev may lag (trace_path_len() and trace_events_len() are
 * current);
 * trace_detach() brings it up to date and unsets the sink: it must come
 * before m is destroyed or t is read.
 */
void trace_attach(struct trace *t, struct machine *m);
void trace_detach(struct trace *t);
size_t trace_path_len(const struct trace *t);
size_t trace_events_len(const struct trace *t);

/*
 * One line for an event, without a newline: "func: what happened".
 * snprintf semantics (returns the length a large buffer would need).
 */
int trace_format(char *buf, size_t len, const struct mm_event *ev);

/*
 * Which fields of struct mm_event an event type uses (for JSON and for
 * lessons that assert on a field): a mask of TF_* bits.
 */
enum trace_field {
	TF_CACHE = 1 << 0,
	TF_TEXT = 1 << 1,
	TF_ADDR = 1 << 2,
	TF_ADDR2 = 1 << 3,
	TF_PFN = 1 << 4,
	TF_PFN2 = 1 << 5,
	TF_ORDER = 1 << 6,
	TF_MT = 1 << 7,
	TF_MT2 = 1 << 8,
	TF_NID = 1 << 9,
	TF_ZONE = 1 << 10,
	TF_CPU = 1 << 11,
	TF_N = 1 << 12,
};
unsigned int trace_event_fields(enum mm_event_type type);

/* The cache that served the newest allocation if it was of addr, NULL
 * otherwise (a large kmalloc has none). */
const char *trace_alloc_cache(struct trace *t, unsigned long addr);

/* The last event of type whose addr is addr, or NULL. */
const struct mm_event *trace_find(const struct trace *t,
				  enum mm_event_type type, unsigned long addr);

#endif /* KMEMLAB_TRACE_H */
