/*
 * view_json.h - JSON Lines for tools: one JSON object a line for each thing
 * that happens in a run, and the outcome last.
 *
 * Owns the transcript format of doc/transcript-format.md and the writing of
 * correct JSON strings from any bytes (invalid UTF-8 included).
 */
#ifndef TLSSIM_VIEW_JSON_H
#define TLSSIM_VIEW_JSON_H

#include "engine/engine.h"
#include "views/view.h"

#include <stddef.h>
#include <stdio.h>

/* The JSON Lines transcript as a view for walk and play. */
const struct view_ops *view_json_ops(void);

/* Write the line that opens stage, as the transcript has it. */
void view_json_stage_line(FILE *out, int stage);

/* Write one event as the transcript's line for it, for a run that has no
 * engine of its own (the client of `tlssim connect`). */
void view_json_event(FILE *out, const struct sim_event *ev);

/* Write len bytes at s as a JSON string (quotes included), for other JSON
 * writers: escapes as needed, any byte that is not UTF-8 as U+FFFD. */
void view_json_write_string(FILE *out, const char *s, size_t len);

#endif
