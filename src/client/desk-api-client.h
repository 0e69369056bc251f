/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char *token;
  gint64 user_id;
  char *login;
  char *name;
  char *role;
  char *sip_user;      /* NULL: no phone */
  char *sip_password;
  guint sip_port;
} DeskSession;

void desk_session_free (DeskSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskSession, desk_session_free)

#define DESK_TYPE_API_CLIENT (desk_api_client_get_type ())
G_DECLARE_FINAL_TYPE (DeskApiClient, desk_api_client, DESK, API_CLIENT, GObject)

DeskApiClient *desk_api_client_new          (const char           *base_uri);
const char    *desk_api_client_get_base_uri (DeskApiClient        *self);
void           desk_api_client_login_async  (DeskApiClient        *self,
                                             const char           *login,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DeskSession   *desk_api_client_login_finish (DeskApiClient        *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* The certificate the server showed was not the pinned one: the
 * error's message explains it for the operator. */
#define DESK_CLIENT_ERROR (desk_client_error_quark ())
typedef enum {
  DESK_CLIENT_ERROR_FINGERPRINT_CHANGED,
  DESK_CLIENT_ERROR_UNREACHABLE,
  DESK_CLIENT_ERROR_SESSION_ENDED,
} DeskClientError;
GQuark desk_client_error_quark (void);

/* TLS pinning. With a pin set, only a certificate whose SHA-256
 * fingerprint ("AA:BB:…", as the server prints and publishes it) equals
 * the pin is accepted; a different one fails every request with
 * DESK_CLIENT_ERROR_FINGERPRINT_CHANGED. With no pin (first use), any
 * self-signed certificate is accepted and its fingerprint is kept for the
 * caller to pin (desk_api_client_get_peer_fingerprint()). */
void         desk_api_client_set_pinned_fingerprint (DeskApiClient *self,
                                                     const char    *fingerprint);
const char  *desk_api_client_get_pinned_fingerprint (DeskApiClient *self);
const char  *desk_api_client_get_peer_fingerprint   (DeskApiClient *self);

/* The session token sent as "Authorization: Bearer" (set by login). A 401
 * to a request carrying it emits "token-refused" (no arguments). */
void         desk_api_client_set_token              (DeskApiClient *self,
                                                     const char    *token);
const char  *desk_api_client_get_token              (DeskApiClient *self);
/* The host part of the base URI: where the softphone registers. */
char        *desk_api_client_dup_host               (DeskApiClient *self);

/* One JSON request under /api/v1: @path is relative ("/me",
 * "/clients/7"), may carry a query; @body may be NULL. The reply's root
 * (object or array) comes back, or a GError with the server's message
 * (DESK_ERROR_AUTH for 401, DESK_ERROR_NOT_FOUND for 404, DESK_ERROR_INVALID
 * for other 4xx, DESK_CLIENT_ERROR_* for TLS and network). */
void         desk_api_client_request_async          (DeskApiClient       *self,
                                                     const char          *method,
                                                     const char          *path,
                                                     JsonNode            *body,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonNode    *desk_api_client_request_finish         (DeskApiClient       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The WebSocket of /api/v1/events with this client's token and pin. */
void         desk_api_client_websocket_async        (DeskApiClient       *self,
                                                     const char          *path,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SoupWebsocketConnection *desk_api_client_websocket_finish       (DeskApiClient       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
