// SPDX-License-Identifier: GPL-2.0-only
/*
 * The --json writer (DESIGN.md §4): a command's result as one JSON object
 * a line. It lives in src/export because only src/export and src/lesson
 * include cJSON (STYLE.md §1); the command layer hands it a struct
 * cmd_result through the session's on_result hook and knows nothing of
 * JSON.
 *
 * Addresses are strings ("0xffff888003c1d040"): 64-bit values do not
 * survive a JSON reader's doubles. Event fields are the ones the event
 * type uses (trace_event_fields), plus "line", its one-line text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kmemlab/json_out.h"

static void add_hex(cJSON *o, const char *key, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%lx", v);
	cJSON_AddStringToObject(o, key, buf);
}

static const char *mt_name(int mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

static cJSON *event_json(const struct mm_event *e)
{
	cJSON *o = cJSON_CreateObject();
	unsigned int f = trace_event_fields(e->type);
	char line[512];

	cJSON_AddStringToObject(o, "type", mm_event_names[e->type]);
	cJSON_AddStringToObject(o, "func", e->func ? e->func : "");
	if ((f & TF_CACHE) || e->cache) {
		if (e->cache)
			cJSON_AddStringToObject(o, "cache", e->cache);
		else
			cJSON_AddNullToObject(o, "cache");
	}
	if (e->text)
		cJSON_AddStringToObject(o, "text", e->text);
	if (f & TF_ADDR)
		add_hex(o, "addr", e->addr);
	if (f & TF_ADDR2)
		add_hex(o, "addr2", e->addr2);
	if (f & TF_PFN)
		add_hex(o, "pfn", e->pfn);
	if (f & TF_PFN2)
		add_hex(o, "pfn2", e->pfn2);
	if (f & TF_ORDER)
		cJSON_AddNumberToObject(o, "order", e->order);
	if (f & TF_MT)
		cJSON_AddStringToObject(o, "mt", mt_name(e->mt));
	if (f & TF_MT2)
		cJSON_AddStringToObject(o, "mt2", mt_name(e->mt2));
	if (f & TF_NID)
		cJSON_AddNumberToObject(o, "nid", e->nid);
	if (f & TF_ZONE)
		cJSON_AddStringToObject(o, "zone",
					e->zone >= 0 && e->zone < MAX_NR_ZONES
						? zone_names[e->zone]
						: "?");
	if (f & TF_CPU)
		cJSON_AddNumberToObject(o, "cpu", e->cpu);
	if (f & TF_N)
		cJSON_AddNumberToObject(o, "n", (double)e->n);
	trace_format(line, sizeof(line), e);
	cJSON_AddStringToObject(o, "line", line);
	return o;
}

void json_out_result(void *ctx, const struct cmd_result *r)
{
	struct out *out = ctx;
	const struct trace *t = r->trace;
	cJSON *o = cJSON_CreateObject(), *a;
	char *text;

	if (!o)
		return;
	cJSON_AddStringToObject(o, "cmd", r->cmd);
	cJSON_AddBoolToObject(o, "ok", r->ok);
	if (!r->ok)
		cJSON_AddStringToObject(o, "error", r->error ? r->error : "");
	else if (r->has_addr && r->addr)
		add_hex(o, "addr", r->addr);
	else
		cJSON_AddNullToObject(o, "addr");
	if (r->cache)
		cJSON_AddStringToObject(o, "cache", r->cache);
	else
		cJSON_AddNullToObject(o, "cache");
	/* output holds no NUL: it is text the handlers printed */
	text = malloc(r->output_len + 1);
	if (text) {
		memcpy(text, r->output, r->output_len);
		text[r->output_len] = '\0';
		cJSON_AddStringToObject(o, "output", text);
		free(text);
	}
	a = cJSON_AddArrayToObject(o, "log");
	for (size_t i = 0; i < t->nr_ev; i++)
		if (t->ev[i].type == EV_PRINTK)
			cJSON_AddItemToArray(
				a, cJSON_CreateString(
					   t->ev[i].text ? t->ev[i].text : ""));
	a = cJSON_AddArrayToObject(o, "path");
	for (size_t i = 0; i < t->nr_path; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(t->path[i]));
	a = cJSON_AddArrayToObject(o, "events");
	for (size_t i = 0; i < t->nr_ev; i++)
		if (t->ev[i].type != EV_PRINTK)
			cJSON_AddItemToArray(a, event_json(&t->ev[i]));
	if (t->dropped)
		cJSON_AddNumberToObject(o, "dropped", (double)t->dropped);

	text = cJSON_PrintUnformatted(o);
	if (text) {
		out_puts(out, text);
		out_puts(out, "\n");
		cJSON_free(text);
	}
	cJSON_Delete(o);
}
