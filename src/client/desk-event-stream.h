/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "desk-api-client.h"

G_BEGIN_DECLS

#define DESK_TYPE_EVENT_STREAM (desk_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (DeskEventStream, desk_event_stream, DESK, EVENT_STREAM, GObject)

/* The WebSocket of /api/v1/events, kept open: when it drops it is opened
 * again after 1, 2, 4… (at most 30) seconds. Property "connected";
 * signals "message" (const char *type, JsonObject *message),
 * "reconnected" (events may have been missed: reload what they update)
 * and "ended" (GError *reason: the server refused the session). */
DeskEventStream *desk_event_stream_new           (DeskApiClient   *client);
void             desk_event_stream_start         (DeskEventStream *self);
void             desk_event_stream_stop          (DeskEventStream *self);
gboolean         desk_event_stream_get_connected (DeskEventStream *self);

G_END_DECLS
