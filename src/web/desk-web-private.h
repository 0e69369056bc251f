/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the parts of the web server share: desk-web-server.c (the object,
 * the router), desk-web-sessions.c (login, tokens, require_user),
 * desk-web-events.c (the WebSocket event streams), desk-web-limits.c, and
 * the API by concern in desk-web-api-*.c. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "desk-web-server.h"
#include "desk-web-json.h"
#include "desk-web-limits.h"

G_BEGIN_DECLS

/* A session lives for a working day plus overtime; the agent logs in again
 * the next morning. */
#define DESK_WEB_SESSION_SECONDS (12 * 3600)

/* A route open to anyone (status, login). */
#define DESK_WEB_PUBLIC (-1)

struct _DeskWebServer
{
  GObject parent_instance;

  DeskOffice *office;
  SoupServer *server;
  guint port;
  GPtrArray *routes;             /* const DeskWebRoute *, borrowed */

  /* desk-web-sessions.c */
  DeskWebLimiter *login_limiter; /* per address */
  GHashTable *login_failures;    /* casefolded login → LoginFailures */

  /* desk-web-events.c */
  GPtrArray *streams;            /* EventStream, owned */
  GHashTable *call_users;        /* call id → GArray of user ids it concerns */
  DeskCallFlow *flow;            /* whose signals are streamed; a ref */
  gulong flow_handlers[7];
  guint portal_poll_id;
  gint64 portal_seen;            /* the last portal writing streamed; -1: none yet */
};

/**
 * DeskWebRequest:
 * @self: the server
 * @msg: the request
 * @query: (nullable): its query parameters
 * @user: (nullable): who sent it; %NULL on public routes only
 * @token_hash: (nullable): the SHA-256 of the session's token
 * @id: the number in the route's `{id}`, 0 when it has none
 */
typedef struct
{
  DeskWebServer *self;
  SoupServerMessage *msg;
  GHashTable *query;
  DeskUser *user;
  char *token_hash;
  gint64 id;
} DeskWebRequest;

typedef void (*DeskWebHandler) (DeskWebRequest *request);

/**
 * DeskWebRoute:
 * @method: "GET", "POST", "PUT", "PATCH"…
 * @path: under `/api/v1`, such as "/calls/{id}/hold"; `{id}` matches a
 *   positive whole number
 * @min_role: the lowest #DeskRole allowed, or %DESK_WEB_PUBLIC
 * @handler: answers the request
 */
typedef struct
{
  const char *method;
  const char *path;
  int min_role;
  DeskWebHandler handler;
} DeskWebRoute;

/* Each part's routes, ending with a zeroed entry. */
extern const DeskWebRoute _desk_web_session_routes[];
extern const DeskWebRoute _desk_web_agent_routes[];
extern const DeskWebRoute _desk_web_client_routes[];
extern const DeskWebRoute _desk_web_case_routes[];
extern const DeskWebRoute _desk_web_directory_routes[];
extern const DeskWebRoute _desk_web_chat_case_routes[];
extern const DeskWebRoute _desk_web_history_routes[];

DeskStore    *_desk_web_store            (DeskWebServer      *self);
/* The office's call flow, or %NULL after a 503 reply when telephony is not
 * running. */
DeskCallFlow *_desk_web_flow             (DeskWebRequest     *request);
void          _desk_web_reply_ok         (SoupServerMessage  *msg);
/* The request's JSON object, or %NULL after a 4xx reply. */
JsonObject   *_desk_web_body             (DeskWebRequest     *request);
/* Whether @user may act for others (a supervisor or the owner). */
gboolean      _desk_web_is_supervisor    (DeskUser           *user);
/* A query parameter as a positive id: 0 when absent, -1 after a 400 reply
 * when it is not a number. */
gint64        _desk_web_query_id         (DeskWebRequest     *request,
                                          const char         *name);

/* desk-web-sessions.c */
void          _desk_web_sessions_init    (DeskWebServer      *self);
void          _desk_web_sessions_dispose (DeskWebServer      *self);
char         *_desk_web_token_hash       (SoupServerMessage  *msg,
                                          GHashTable         *query);
/* Who sent @msg, if their session is live and their role is at least
 * @min_role; else %NULL after a 401 or 403 reply. A token is read from the
 * Authorization header, or from @query's "token" when @query is given
 * (browsers cannot set headers on a WebSocket). */
DeskUser     *_desk_web_require_user     (DeskWebServer      *self,
                                          SoupServerMessage  *msg,
                                          GHashTable         *query,
                                          int                 min_role,
                                          char              **token_hash);
/* Whether the session is still live: not revoked, not expired, its user
 * active. */
gboolean      _desk_web_session_is_live  (DeskWebServer      *self,
                                          const char         *token_hash,
                                          gint64             *expires_at);

/* desk-web-events.c */
void          _desk_web_events_init      (DeskWebServer      *self);
void          _desk_web_events_dispose   (DeskWebServer      *self);
/* Closes the event streams of one session (a logout). */
gboolean      _desk_web_events_user_connected (DeskWebServer *self,
                                               gint64         user_id,
                                               const char    *except_token_hash);
void          _desk_web_events_end_session (DeskWebServer    *self,
                                            const char       *token_hash);
/* Sends "agent-state" to the operator's streams. */
void          _desk_web_events_agent_state (DeskWebServer    *self,
                                            gint64            user_id);

/* Records as JSON (desk-web-api-cases.c, desk-web-api-clients.c) */
void          _desk_web_add_user         (JsonBuilder        *builder,
                                          DeskUser           *user);
void          _desk_web_add_case         (JsonBuilder        *builder,
                                          DeskCase           *kase);
void          _desk_web_add_cases        (JsonBuilder        *builder,
                                          DeskStore          *store,
                                          GArray             *ids);
void          _desk_web_add_client       (JsonBuilder        *builder,
                                          DeskClient         *client);
/* desk-web-api-agent.c */
void          _desk_web_set_agent_state  (JsonBuilder        *builder,
                                          DeskCallFlow       *flow,
                                          gint64              user_id);
void          _desk_web_set_portal_waiting (JsonBuilder      *builder,
                                            DeskPortalWaiting *waiting);
/* "none", "one" or "several". */
const char   *_desk_web_match_word       (guint               n);

/* desk-web-api-agent.c: a live call or chat as /inbox lists it; the offer
 * events carry the same, so that the agent needs no round trip. */
void _desk_web_add_live_call (JsonBuilder  *builder,
                              DeskLiveCall *call);
void _desk_web_add_live_chat (JsonBuilder  *builder,
                              DeskLiveChat *chat);

G_END_DECLS
