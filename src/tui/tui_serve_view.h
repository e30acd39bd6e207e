/*
 * tui_serve_view.h - the dashboard's view of one eight-stage connection:
 * the server's kept log (flow_record.h) shown by an observed engine with
 * the walkthrough's panes, this machine's SERVER pane and the student's
 * CLIENT pane as remote, kept live as the student steps.
 */
#ifndef TLSSIM_TUI_SERVE_VIEW_H
#define TLSSIM_TUI_SERVE_VIEW_H

#include "net/flow_hub.h"
#include "tui/tui_keys.h"
#include "tui/tui_serve_keys.h"
#include "tui/tui_theme.h"

#include <stdbool.h>
#include <stddef.h>

struct tui_serve_view;

/* A view of connection id (its kept log is flow_hub_record(h, id)) drawn
 * with theme, which must outlive it; NULL when the hub keeps no log of it. */
struct tui_serve_view *tui_serve_view_open(const struct flow_hub *h, unsigned id,
                                           const struct tui_theme *theme);

/* Take in what the connection did since the last call and draw the
 * screen; row is its roster row now (name, address, stage, outcome), or
 * NULL once it left the roster; docs are the keys of the help line and
 * the overlay. */
void tui_serve_view_draw(struct tui_serve_view *sv, const struct flow_hub *h,
                         const struct flow_roster_entry *row, const struct tui_key_doc *docs,
                         size_t doc_count);

/* Act on action (key is the key pressed, for SERVE_ACT_STAGE); false when
 * it closes the view (back to the roster). */
bool tui_serve_view_act(struct tui_serve_view *sv, enum serve_action action, int key);

/* Whether the help overlay is open (Esc then closes it, not the view). */
bool tui_serve_view_help_open(const struct tui_serve_view *sv);

/* Free the view and its windows; NULL is fine. */
void tui_serve_view_close(struct tui_serve_view *sv);

#endif
