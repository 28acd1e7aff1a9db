// SPDX-License-Identifier: GPL-2.0-only
/*
 * The path array a trace lends the machine it is attached to (struct
 * machine's call_base, src/trace: trace_attach): entering a kernel
 * function is a store into it instead of an EV_CALL through the sink. A
 * command's path, its events and what an observer of calls sees must be
 * exactly what they were when each call was an event: same names, same
 * order, however many calls come between two events and however often
 * the array fills up and grows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"
#include "kmemlab/buddy.h"
#include "kmemlab/trace.h"
#include "kmemlab/vmalloc.h"
#include "mm_test.h"

/* What an observer saw: one line per event, calls and the rest */
struct seen {
	char text[1 << 21];
	size_t len;
};

static void observe(void *ctx, const struct mm_event *ev)
{
	struct seen *s = ctx;
	char line[512];

	if (ev->type == EV_CALL)
		snprintf(line, sizeof(line), "-> %s\n", ev->func);
	else
		trace_format(line, sizeof(line), ev);
	if (s->len + strlen(line) + 2 < sizeof(s->text))
		s->len += (size_t)snprintf(s->text + s->len,
					   sizeof(s->text) - s->len, "%s\n",
					   line);
}

/*
 * A cache that lives for part of a command: its name in the caller's
 * memory (freed at once: the cache keeps a copy), an alias merged into it
 * (a transient name), its slabs moving between lists, then destroyed
 * while the events naming it may still sit in the lent array, and another
 * cache made in its place.
 */
static void named_cache(struct machine *m)
{
	char *name = strdup("trace_test_cache");
	char alias[32] = "trace_test_alias";
	struct kmem_cache *s, *a;
	unsigned long obj[200];

	s = kmem_cache_create(m, name, 200, 0, 0, false, 0, 0);
	free(name);
	assert_non_null(s);
	a = kmem_cache_create(m, alias, 200, 0, 0, false, 0, 0);
	memset(alias, 'x', sizeof(alias) - 1);
	for (int i = 0; i < 200; i++)
		obj[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	for (int i = 0; i < 200; i += 3)
		kmem_cache_free(m, s, obj[i]);
	for (int i = 0; i < 200; i++)
		if (i % 3)
			kmem_cache_free(m, s, obj[i]);
	if (a)
		kmem_cache_destroy(m, a);
	kmem_cache_destroy(m, s);
	/* likely in the memory the destroyed one had */
	s = kmem_cache_create(m, "trace_test_after", 100, 0, 0, false, 0, 0);
	assert_non_null(s);
	kmem_cache_free(m, s, kmem_cache_alloc(m, s, GFP_KERNEL));
	kmem_cache_destroy(m, s);
}

/* A command's worth of work on m: slabs, pages, vmalloc, and a long run
 * of calls with no event between them */
static void workload(struct machine *m)
{
	unsigned long obj[300];
	struct page *pg[8];

	for (int i = 0; i < 300; i++)
		obj[i] = kmalloc(m, (size_t)(8 << (i % 8)), GFP_KERNEL);
	for (int i = 0; i < 8; i++)
		pg[i] = alloc_pages(m, GFP_KERNEL, (unsigned int)(i % 4));
	for (int i = 0; i < 300; i += 2)
		kfree(m, obj[i]);
	for (int i = 0; i < 20000; i++)
		mm_call(m, i % 2 ? "test_odd" : "test_even");
	for (int i = 0; i < 8; i++)
		__free_pages(m, pg[i], (unsigned int)(i % 4));
	unsigned long v = vmalloc(m, 5 * 4096);

	vfree(m, v);
	for (int i = 1; i < 300; i += 2)
		kfree(m, obj[i]);
	kfree(m, 0);
	/* kmalloc's paths that do not reach slab_alloc_node(): a zero size
	 * and a large one (the page allocator), then their kfree()s */
	obj[2] = kmalloc(m, 0, GFP_KERNEL);
	obj[4] = kmalloc(m, 5 * 4096, GFP_KERNEL);
	kfree(m, obj[2]);
	kfree(m, obj[4]);
	named_cache(m);
	/* a double free the hardened free pointer catches: a report and
	 * kernel log lines (the free itself changes nothing) */
	obj[0] = kmalloc(m, 64, GFP_KERNEL);
	kfree(m, obj[0]);
	kfree(m, obj[0]);
}

/* The same workload on two machines booted alike: one traced with the
 * path lent (trace_attach), the other with every call an EV_CALL */
static void compare(unsigned long watched)
{
	bool watch_calls = watched & TRACE_TYPE(EV_CALL);
	bool watch_objects = watched & TRACE_TYPE(EV_SLAB_ALLOC);
	struct machine_config cfg;
	struct trace logged, evented;
	static struct seen seen_logged, seen_evented;
	struct machine *a, *b;

	machine_preset(&cfg, "default");
	a = boot_config(&cfg);
	b = boot_config(&cfg);
	trace_init(&logged);
	trace_init(&evented);
	seen_logged.len = seen_evented.len = 0;
	trace_add_observer(&logged, observe, &seen_logged);
	trace_add_observer(&evented, observe, &seen_evented);
	trace_observer_types(&logged, observe, &seen_logged, watched);
	trace_observer_types(&evented, observe, &seen_evented, watched);

	trace_attach(&logged, a);
	workload(a);
	/* lent unless the observer watches them */
	if (watch_calls)
		assert_null(a->call_base);
	else
		assert_ptr_equal(a->call_base, logged.path);
	if (!(MM_EVENTS_LENDABLE & ~watched)) {
		assert_null(a->ev_base);
	} else {
		assert_ptr_equal(a->ev_base, logged.ev);
		/* the kinds watched are sent as they happen */
		assert_int_equal(a->ev_lend_types,
				 MM_EVENTS_LENDABLE & ~watched);
	}
	/* a reader in the middle of a command sees every event so far */
	unsigned long last = kmalloc(a, 96, GFP_KERNEL);

	assert_non_null(trace_alloc_cache(&logged, last));
	assert_string_equal(trace_alloc_cache(&logged, last), "kmalloc-96");
	kfree(a, last);
	trace_detach(&logged);
	assert_null(a->call_base);
	assert_null(a->ev_base);
	assert_null(a->sink);

	b->sink = trace_sink;
	b->sink_ctx = &evented;
	workload(b);
	kfree(b, kmalloc(b, 96, GFP_KERNEL));
	b->sink = NULL;

	assert_true(evented.nr_path > 20000);
	assert_int_equal(logged.nr_path, evented.nr_path);
	for (size_t i = 0; i < evented.nr_path; i++)
		assert_string_equal(logged.path[i], evented.path[i]);
	assert_int_equal(logged.nr_ev, evented.nr_ev);
	for (size_t i = 0; i < evented.nr_ev; i++) {
		char la[512], lb[512];

		trace_format(la, sizeof(la), &logged.ev[i]);
		trace_format(lb, sizeof(lb), &evented.ev[i]);
		assert_string_equal(la, lb);
	}
	/* the workload reaches every kind of event this test is about */
	unsigned long kinds = 0;

	for (size_t i = 0; i < logged.nr_ev; i++)
		kinds |= TRACE_TYPE(logged.ev[i].type);
	assert_int_equal(
		kinds & (TRACE_TYPE(EV_SLAB_MOVE) |
			 TRACE_TYPE(EV_SLAB_FREELIST) |
			 TRACE_TYPE(EV_PAGE_ALLOC) |
			 TRACE_TYPE(EV_CACHE_CREATE) |
			 TRACE_TYPE(EV_CACHE_MERGE) |
			 TRACE_TYPE(EV_CACHE_DESTROY) | TRACE_TYPE(EV_BUG) |
			 TRACE_TYPE(EV_PRINTK) | TRACE_TYPE(EV_VMAP_AREA)),
		TRACE_TYPE(EV_SLAB_MOVE) | TRACE_TYPE(EV_SLAB_FREELIST) |
			TRACE_TYPE(EV_PAGE_ALLOC) |
			TRACE_TYPE(EV_CACHE_CREATE) |
			TRACE_TYPE(EV_CACHE_MERGE) |
			TRACE_TYPE(EV_CACHE_DESTROY) | TRACE_TYPE(EV_BUG) |
			TRACE_TYPE(EV_PRINTK) | TRACE_TYPE(EV_VMAP_AREA));
	assert_int_equal(logged.last_alloc, evented.last_alloc);
	assert_string_equal(logged.last_alloc_cache, evented.last_alloc_cache);
	assert_int_equal(logged.dropped, evented.dropped);
	assert_int_equal(seen_logged.len, seen_evented.len);
	assert_string_equal(seen_logged.text, seen_evented.text);
	if (watch_calls)
		assert_non_null(strstr(seen_logged.text, "-> test_odd\n"));
	else
		assert_null(strstr(seen_logged.text, "-> "));
	if (watch_objects)
		assert_non_null(strstr(seen_logged.text, "slab_alloc"));

	trace_free(&logged);
	trace_free(&evented);
	check_and_destroy(a);
	check_and_destroy(b);
}

/* the REPL's observer: only kernel log lines; both arrays lent */
static void test_path_and_events_alike(void **state)
{
	(void)state;
	compare(TRACE_TYPE(EV_PRINTK));
}

/* an observer of object events: the path lent, not the events */
static void test_event_observer_sees_the_same(void **state)
{
	(void)state;
	compare(TRACE_ALL_TYPES & ~TRACE_TYPE(EV_CALL));
}

/* an observer of slab moves and page allocations: the other kinds lent */
static void test_kind_observer_sees_the_same(void **state)
{
	(void)state;
	compare(TRACE_TYPE(EV_PRINTK) | TRACE_TYPE(EV_SLAB_MOVE) |
		TRACE_TYPE(EV_PAGE_ALLOC));
}

/* an observer of everything (`set trace on`): nothing lent */
static void test_call_observer_sees_the_same(void **state)
{
	(void)state;
	compare(TRACE_ALL_TYPES);
}

/* The calls stored in the lent array when tracing stops reach the path;
 * a trace without an array yet takes the first call as an event */
static void test_detach_takes_the_rest(void **state)
{
	struct machine_config cfg;
	struct trace t;
	struct machine *m;

	(void)state;
	machine_preset(&cfg, "default");
	m = boot_config(&cfg);
	trace_init(&t);
	trace_attach(&t, m);
	assert_null(m->call_base); /* no array yet */
	mm_call(m, "first");
	assert_int_equal(t.nr_path, 1);
	assert_ptr_equal(m->call_base, t.path);
	mm_call(m, "second");
	mm_call(m, "third");
	assert_int_equal(t.nr_path, 1); /* stored, not yet counted */
	assert_int_equal(trace_path_len(&t), 3);
	trace_detach(&t);
	assert_null(m->call_base);
	assert_int_equal(t.nr_path, 3);
	assert_string_equal(t.path[0], "first");
	assert_string_equal(t.path[1], "second");
	assert_string_equal(t.path[2], "third");
	/* not traced: nothing is stored */
	mm_call(m, "fourth");
	trace_detach(&t); /* a second detach does nothing */
	assert_int_equal(t.nr_path, 3);
	/* reset while attached: the array is lent again from its start */
	trace_attach(&t, m);
	trace_reset(&t);
	mm_call(m, "again");
	assert_int_equal(trace_path_len(&t), 1);
	trace_detach(&t);
	assert_string_equal(t.path[0], "again");
	trace_free(&t);
	check_and_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_and_events_alike),
		cmocka_unit_test(test_event_observer_sees_the_same),
		cmocka_unit_test(test_kind_observer_sees_the_same),
		cmocka_unit_test(test_call_observer_sees_the_same),
		cmocka_unit_test(test_detach_takes_the_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
