/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "desk-agent-session.h"
#include "desk-chat-conversation.h"
#include "desk-transfer-targets.h"

G_BEGIN_DECLS

#define DESK_TYPE_CHAT_VIEW (desk_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (DeskChatView, desk_chat_view, DESK, CHAT_VIEW, GtkWidget)

/* One chat: transcript, typing, reply, canned answers, transfer, end.
 * Actions: "chat.send", "chat.end" (disabled once the chat ended). */
GtkWidget            *desk_chat_view_new              (DeskAgentSession     *session,
                                                       DeskInboxItem        *item);
/* The same for a conversation made elsewhere; @targets: where the chat
 * may be transferred (NULL: no transfer). */
GtkWidget            *desk_chat_view_new_for_conversation (DeskChatConversation *conversation,
                                                       DeskTransferTargets  *targets);
DeskChatConversation *desk_chat_view_get_conversation (DeskChatView         *self);
/* Puts @text into the reply at the cursor (a KB article, a canned
 * answer): the operator reads it over before sending. */
void                  desk_chat_view_insert_text      (DeskChatView         *self,
                                                       const char           *text);
/* The reply as typed so far (owned). */
char                 *desk_chat_view_dup_reply        (DeskChatView         *self);

G_END_DECLS
