/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --json: one JSON object per command, on one line, to an out sink
 * (DESIGN.md §4). Install json_out_result as the session's on_result
 * with the struct out * as its context.
 */
#ifndef KMEMLAB_JSON_OUT_H
#define KMEMLAB_JSON_OUT_H

#include "cmd.h"

/* {"cmd", "ok", "addr"|"error", "cache", "output", "log", "path",
 *  "events"} followed by a newline. */
void json_out_result(void *out, const struct cmd_result *r);

#endif /* KMEMLAB_JSON_OUT_H */
