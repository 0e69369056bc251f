/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-api-client.h"
#include "desk-inbox-item.h"

G_BEGIN_DECLS

/**
 * DeskAgentStatus:
 * @DESK_AGENT_STATUS_OFFLINE: logged in to the window, not taking contacts
 * @DESK_AGENT_STATUS_AVAILABLE: ready for calls and chats
 * @DESK_AGENT_STATUS_BUSY: in a call or chat
 * @DESK_AGENT_STATUS_WRAPUP: after a contact, for the wrap-up seconds
 * @DESK_AGENT_STATUS_BREAK: on a break, with a reason
 *
 * The operator's state as the office sees it (the server's nicks:
 * "offline", "available", "busy", "wrapup", "break").
 */
typedef enum {
  DESK_AGENT_STATUS_OFFLINE,
  DESK_AGENT_STATUS_AVAILABLE,
  DESK_AGENT_STATUS_BUSY,
  DESK_AGENT_STATUS_WRAPUP,
  DESK_AGENT_STATUS_BREAK,
} DeskAgentStatus;

#define DESK_TYPE_AGENT_SESSION (desk_agent_session_get_type ())
G_DECLARE_FINAL_TYPE (DeskAgentSession, desk_agent_session, DESK, AGENT_SESSION, GObject)

/**
 * desk_agent_session_connect_async:
 * @base_uri: "https://host:port" (typed or from mDNS)
 * @expected_fingerprint: (nullable): the TLS fingerprint published over
 *   mDNS for this server, or NULL for a typed address
 * @settings: (nullable): the app's GSettings: "pinned-fingerprints" is read
 *   and, on first use, written; "last-server" and "last-user" are written
 *   after a successful login
 *
 * Logs in. The certificate must match the pin stored for @base_uri, else
 * the pin published over mDNS; with neither it is trusted on first use and
 * pinned. A changed certificate fails with
 * DESK_CLIENT_ERROR_FINGERPRINT_CHANGED and a message saying what to do.
 * On success the session has loaded "/me" and the inbox and opened the
 * event stream.
 */
void              desk_agent_session_connect_async  (const char          *base_uri,
                                                     const char          *expected_fingerprint,
                                                     const char          *login,
                                                     const char          *password,
                                                     GSettings           *settings,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
DeskAgentSession *desk_agent_session_connect_finish (GAsyncResult        *result,
                                                     GError             **error);

/* Properties: "client" (DeskApiClient), "user-id", "user-name", "login",
 * "role", "status" (DeskAgentStatus), "break-reason", "wrapup-seconds-left"
 * (counts down each second while in wrap-up), "connected" (the event
 * stream is up), "inbox" (GListModel of DeskInboxItem: calls and chats,
 * then portal requests, then callbacks, the longest waiting first in each;
 * kept current from the event stream), "sip-user", "sip-password",
 * "sip-port" (the softphone's account; NULL user: no phone). */
DeskApiClient    *desk_agent_session_get_client              (DeskAgentSession *self);
gint64            desk_agent_session_get_user_id             (DeskAgentSession *self);
const char       *desk_agent_session_get_user_name           (DeskAgentSession *self);
const char       *desk_agent_session_get_login               (DeskAgentSession *self);
const char       *desk_agent_session_get_role                (DeskAgentSession *self);
DeskAgentStatus   desk_agent_session_get_status              (DeskAgentSession *self);
const char       *desk_agent_session_get_break_reason        (DeskAgentSession *self);
guint             desk_agent_session_get_wrapup_seconds_left (DeskAgentSession *self);
gboolean          desk_agent_session_get_connected           (DeskAgentSession *self);
GListModel       *desk_agent_session_get_inbox               (DeskAgentSession *self);
const char       *desk_agent_session_get_sip_user            (DeskAgentSession *self);
const char       *desk_agent_session_get_sip_password        (DeskAgentSession *self);
guint             desk_agent_session_get_sip_port            (DeskAgentSession *self);
/* The item with this kind and id in the inbox, or NULL. */
DeskInboxItem    *desk_agent_session_find_item               (DeskAgentSession *self,
                                                              DeskInboxKind     kind,
                                                              gint64            id);

/* Signals:
 * "contact-offered" (DeskInboxItem *item): a call or chat was offered to
 *   this operator (the card pops, a notification is shown);
 * "item-changed" (DeskInboxItem *item): an item changed state;
 * "event" (const char *type, JsonObject *message): every event-stream
 *   message, for views that follow one conversation (chat-message,
 *   chat-typing, chat-read…);
 * "ended" (GError *reason): the session is over (logged out, token expired,
 *   server gone after retries). */

/* Every action below is one API call; the inbox and status follow from
 * the events the server sends back, not from guesses. Each _finish is
 * desk_agent_session_action_finish(). */
void      desk_agent_session_set_status_async (DeskAgentSession    *self,
                                               DeskAgentStatus      status,
                                               const char          *break_reason,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* @extend_seconds 0 ends the wrap-up now; more extends it. */
void      desk_agent_session_wrapup_async     (DeskAgentSession    *self,
                                               guint                extend_seconds,
                                               const char          *disposition,
                                               const char          *note,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Accept: a chat is accepted through the API; a call is answered on the
 * built-in softphone by the caller of this (the session does not own the
 * phone) or on the desk phone, so for calls accept only declines others. */
void      desk_agent_session_accept_async     (DeskAgentSession    *self,
                                               DeskInboxItem       *item,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void      desk_agent_session_decline_async    (DeskAgentSession    *self,
                                               DeskInboxItem       *item,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  desk_agent_session_action_finish    (DeskAgentSession    *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void      desk_agent_session_logout           (DeskAgentSession    *self);

G_END_DECLS
