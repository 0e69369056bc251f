/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "test-api-common.h"

#include "desk-call-flow.h"

G_BEGIN_DECLS

/* The widget tests' office: the API tests' one started again with a chat
 * queue (op1 and op2 in it) and a bot rule, and the flow's chat signals
 * noted down. */
typedef struct
{
  ApiFixture api;
  gint64 queue;
  GPtrArray *offered;       /* "chat user" lines from chat-offered */
  GPtrArray *flow_events;   /* "typing visitor 1", … */
} WidgetFixture;

void          widget_setup     (WidgetFixture *f,
                                gconstpointer  data);
void          widget_teardown  (WidgetFixture *f,
                                gconstpointer  data);
DeskCallFlow *flow_of          (WidgetFixture *f);
void          login_flow       (WidgetFixture *f,
                                gint64         user_id);

/* HTTP as a browser on another site would send it; @origin, @cookie and
 * @body may be NULL. */
ApiReply     *visit            (WidgetFixture *f,
                                const char    *method,
                                const char    *path,
                                const char    *origin,
                                const char    *cookie,
                                const char    *body);
/* A JSON object of string members: name, value, …, NULL. */
char         *json_body        (const char    *first,
                                ...) G_GNUC_NULL_TERMINATED;

/* A chat the widget started (POST /widget/v1/chats). */
typedef struct
{
  gint64 id;
  char *token;
  char *visitor;
  char *cookie;     /* "frontdesk_visitor=…" */
} Started;

Started       start_chat       (WidgetFixture *f,
                                const char    *name,
                                const char    *contact,
                                const char    *cookie);
void          started_clear    (Started       *s);

/* A WebSocket, the visitor's or an agent's event stream, with every
 * frame it received. */
typedef struct
{
  SoupWebsocketConnection *conn;
  GPtrArray *frames;       /* JsonObject */
  GError *error;
  gboolean done;
  gboolean closed;
} Socket;

Socket       *socket_open_path (WidgetFixture *f,
                                const char    *path,
                                const char    *origin);
Socket       *socket_open      (WidgetFixture *f,
                                gint64         chat_id,
                                const char    *token,
                                gint64         after,
                                const char    *origin);
void          socket_free      (Socket        *s);
void          socket_send      (Socket        *s,
                                const char    *text);
/* Waits for a frame of @type (with the string @member equal to @value)
 * received at or after index @from. */
JsonObject   *wait_frame       (Socket        *s,
                                guint          from,
                                const char    *type,
                                const char    *member,
                                const char    *value);
guint         count_frames     (Socket        *s,
                                const char    *type);

gboolean      has_line         (GPtrArray     *lines,
                                const char    *line);
void          wait_line        (GPtrArray     *lines,
                                const char    *line);
/* For desk_test_wait_until() as a plain pause. */
gboolean      never            (gpointer       data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Socket, socket_free)

G_END_DECLS
