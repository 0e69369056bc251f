/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the widget's files share: desk-web-widget.c (HTTP: files, CORS,
 * visitors, chats, the offline form, ratings), desk-web-widget-socket.c
 * (the visitors' WebSockets and the flow's chat signals). */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "desk-office.h"
#include "desk-web-limits.h"
#include "desk-web-private.h"

G_BEGIN_DECLS

/* A visitor's request body: the largest sensible one is the offline form
 * (a name, a contact and a 2000-character message, all of it \u-escaped). */
#define DESK_WIDGET_MAX_BODY (16 * 1024)
/* A WebSocket frame from the widget: one message of at most 2000
 * characters, JSON-quoted. */
#define DESK_WIDGET_MAX_FRAME (16 * 1024)
/* WebSockets one chat may have open at once (tabs, reconnects). */
#define DESK_WIDGET_MAX_SOCKETS_PER_CHAT 4
/* A chat whose visitor has had no socket open this long is over: they
 * closed the page and did not come back. */
#define DESK_WIDGET_ABANDON_SECONDS (15 * 60)
/* The offline form's message, in characters. */
#define DESK_WIDGET_MAX_OFFLINE_CHARS 2000

typedef struct
{
  DeskWebServer *server;          /* borrowed: this lives in its qdata */
  DeskOffice *office;             /* a ref */
  DeskCallFlow *flow;             /* a ref: whose chat signals are followed */
  gulong handlers[6];
  GBytes *secret;                 /* the cookie and token key */

  DeskWebLimiter *start_limiter;  /* per address */
  DeskWebLimiter *message_limiter;
  DeskWebLimiter *typing_limiter;
  DeskWebLimiter *offline_limiter;
  DeskWebLimiter *misc_limiter;   /* config, rating, socket opening */

  GHashTable *sockets;            /* chat id → GPtrArray of its DeskWidgetSocket, owned:
                                   * a message goes to its chat's few, not past all */
  GHashTable *abandon_timers;     /* chat id → source id, chats with no socket */
} DeskWidget;

typedef struct
{
  DeskWidget *widget;
  SoupWebsocketConnection *conn;  /* a ref */
  gint64 chat_id;
  char *address;
  gint64 last_sent;               /* the newest message id this socket has had */
  const char *pending_ref;        /* the widget's id of the message being posted */
  gulong message_handler;
  gulong closed_handler;
} DeskWidgetSocket;

/* desk-web-api-chat.c: the operators' routes under /api/v1/chats. */
extern const DeskWebRoute _desk_web_chat_routes[];

/* A returning visitor: their last chat and the client they were. */
typedef struct
{
  gint64 chat_id;
  gint64 client_id;
} DeskWidgetVisitor;

/* desk-web-widget.c */
DeskStore    *_desk_widget_store        (DeskWidget         *widget);

/* desk-web-widget-visitor.c */
/* The key of tokens and cookies, made on first run. */
GBytes       *_desk_widget_load_secret  (DeskStore          *store);
gboolean      _desk_widget_is_https     (SoupServerMessage  *msg);
/* The visitor from the cookie, else from @fallback (the widget's storage);
 * FALSE when neither is there and signed. */
gboolean      _desk_widget_read_visitor (DeskWidget         *widget,
                                         SoupServerMessage  *msg,
                                         const char         *fallback,
                                         DeskWidgetVisitor  *visitor);
/* Sets the cookie; returns the value for the widget's storage. */
char         *_desk_widget_write_visitor (DeskWidget        *widget,
                                          SoupServerMessage *msg,
                                          const DeskWidgetVisitor *visitor);
/* The chat's secret for its visitor: hex HMAC-SHA256 of its id. */
char         *_desk_widget_chat_token   (DeskWidget         *widget,
                                         gint64              chat_id);
gboolean      _desk_widget_token_valid  (DeskWidget         *widget,
                                         gint64              chat_id,
                                         const char         *token);
/* Whether a request from @origin may use the widget's API. */
gboolean      _desk_widget_origin_allowed (DeskWidget       *widget,
                                           SoupServerMessage *msg,
                                           const char        *origin);

/* desk-web-widget-socket.c */
void          _desk_widget_sockets_init (DeskWidget         *widget);
void          _desk_widget_sockets_free (DeskWidget         *widget);
guint         _desk_widget_count_sockets (DeskWidget        *widget,
                                          gint64             chat_id);
/* Takes the visitor's socket for @chat_id; replays the transcript after
 * message @after. */
void          _desk_widget_socket_open  (DeskWidget         *widget,
                                         SoupWebsocketConnection *conn,
                                         gint64              chat_id,
                                         gint64              after,
                                         const char         *address);
/* A message as the widget and the agents see it. */
void          _desk_widget_add_message  (DeskWidget         *widget,
                                         JsonBuilder        *builder,
                                         const DeskChatMessage *message);

G_END_DECLS
