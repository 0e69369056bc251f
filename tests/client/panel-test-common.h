/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "desk-agent-session.h"
#include "desk-test-server.h"

G_BEGIN_DECLS

/* What the tests of the conversation panels share (tests/client and
 * tests/ui): an operator's session against the real demo server, JSON
 * calls, and a website visitor who talks over the widget's real
 * WebSocket (/widget/v1/chats/{id}/ws). */

/* An async call's result, for desk_test_wait_until (panel_test_have_result,
 * &wait, …): pass panel_test_on_done and &wait as callback and data. */
typedef struct
{
  GAsyncResult *result;
} PanelWait;

void              panel_test_on_done       (GObject          *source,
                                            GAsyncResult     *result,
                                            gpointer          data);
gboolean          panel_test_have_result   (gpointer          data);

DeskAgentSession *panel_test_connect       (DeskTestServer   *server,
                                            const char       *login);
/* One API call as @session's operator; fails the test on an error. */
JsonNode         *panel_test_call          (DeskAgentSession *session,
                                            const char       *method,
                                            const char       *path,
                                            const char       *json_body);
void              panel_test_set_available (DeskAgentSession *session);

typedef struct
{
  SoupSession *session;
  SoupWebsocketConnection *ws;
  GPtrArray *frames;        /* JsonObject, as received */
  gint64 chat_id;
  char *base_uri;
} PanelVisitor;

/* Starts a chat as @name and asks for a person (hand-off). */
PanelVisitor *panel_visitor_start      (DeskTestServer *server,
                                        const char     *name);
void          panel_visitor_send       (PanelVisitor   *self,
                                        const char     *json);
void          panel_visitor_say        (PanelVisitor   *self,
                                        const char     *text);
/* Waits for a frame of @type received at or after @from whose string
 * @member (nullable) equals @value; fails the test after 10 s. */
JsonObject   *panel_visitor_wait_frame (PanelVisitor   *self,
                                        guint           from,
                                        const char     *type,
                                        const char     *member,
                                        const char     *value);
guint         panel_visitor_count      (PanelVisitor   *self,
                                        guint           from,
                                        const char     *type);
void          panel_visitor_free       (PanelVisitor   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PanelVisitor, panel_visitor_free)

/* Waits until @session's inbox has the chat offered and accepts it. */
void          panel_test_accept_chat   (DeskAgentSession *session,
                                        gint64            chat_id);

G_END_DECLS
