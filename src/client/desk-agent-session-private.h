/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-agent-session.h"
#include "desk-event-stream.h"
#include "desk-inbox-item-private.h"

G_BEGIN_DECLS

struct _DeskAgentSession
{
  GObject parent_instance;

  DeskApiClient *client;
  DeskEventStream *stream;
  GListStore *inbox;
  GCancellable *cancellable;

  gint64 user_id;
  char *user_name;
  char *login;
  char *role;
  char *sip_user;
  char *sip_password;
  guint sip_port;

  DeskAgentStatus status;
  char *break_reason;
  guint wrapup_left;
  guint wrapup_tick_id;
  guint sweep_id;
  gboolean ended;
};

enum {
  SESSION_SIGNAL_CONTACT_OFFERED,
  SESSION_SIGNAL_ITEM_CHANGED,
  SESSION_SIGNAL_EVENT,
  SESSION_SIGNAL_ENDED,
  SESSION_N_SIGNALS
};

extern guint _desk_agent_session_signals[SESSION_N_SIGNALS];

/* desk-agent-session-inbox.c: the inbox from /inbox and the events. */
/* desk-agent-session.c, for the connecting half */
void     _desk_agent_session_follow_stream     (DeskAgentSession    *self);
void     _desk_agent_session_follow_stream_end (DeskAgentSession    *self);
void     _desk_agent_session_reload_me         (DeskAgentSession    *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

void     _desk_agent_session_reload_inbox  (DeskAgentSession *self,
                                            GTask            *task);
void     _desk_agent_session_inbox_event   (DeskAgentSession *self,
                                            const char       *type,
                                            JsonObject       *message);
/* Drops the items whose contact is over, once no wrap-up keeps them. */
void     _desk_agent_session_sweep_ended   (DeskAgentSession *self);

G_END_DECLS
