/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "desk-agent-session.h"
#include "desk-api-client.h"

G_BEGIN_DECLS

/**
 * DeskChatAuthor:
 * @DESK_CHAT_AUTHOR_VISITOR: the website visitor
 * @DESK_CHAT_AUTHOR_OPERATOR: an operator (this one or a colleague before a transfer)
 * @DESK_CHAT_AUTHOR_BOT: the office's bot, before the hand-off
 * @DESK_CHAT_AUTHOR_SYSTEM: the office's own notes ("waiting for an operator")
 *
 * Who wrote a line of a chat (the server's "sender" nicks).
 */
typedef enum {
  DESK_CHAT_AUTHOR_VISITOR,
  DESK_CHAT_AUTHOR_OPERATOR,
  DESK_CHAT_AUTHOR_BOT,
  DESK_CHAT_AUTHOR_SYSTEM,
} DeskChatAuthor;

/* One line of a transcript. Properties: "id", "author", "text", "time"
 * (unix seconds), "read" (the visitor has read it; notifies), "operator"
 * (the operator's name, NULL for others). */
#define DESK_TYPE_CHAT_LINE (desk_chat_line_get_type ())
G_DECLARE_FINAL_TYPE (DeskChatLine, desk_chat_line, DESK, CHAT_LINE, GObject)

gint64          desk_chat_line_get_id        (DeskChatLine *self);
DeskChatAuthor  desk_chat_line_get_author    (DeskChatLine *self);
const char     *desk_chat_line_get_text      (DeskChatLine *self);
gint64          desk_chat_line_get_time      (DeskChatLine *self);
gboolean        desk_chat_line_get_read      (DeskChatLine *self);
const char     *desk_chat_line_get_operator  (DeskChatLine *self);
/* "14:05" in local time, for the row. */
char           *desk_chat_line_dup_time_text (DeskChatLine *self);

/* A prepared answer ("canned response"). Properties: "id", "title", "body". */
#define DESK_TYPE_CANNED_ANSWER (desk_canned_answer_get_type ())
G_DECLARE_FINAL_TYPE (DeskCannedAnswer, desk_canned_answer, DESK, CANNED_ANSWER, GObject)

gint64      desk_canned_answer_get_id    (DeskCannedAnswer *self);
const char *desk_canned_answer_get_title (DeskCannedAnswer *self);
const char *desk_canned_answer_get_body  (DeskCannedAnswer *self);

#define DESK_TYPE_CHAT_CONVERSATION (desk_chat_conversation_get_type ())
G_DECLARE_FINAL_TYPE (DeskChatConversation, desk_chat_conversation, DESK, CHAT_CONVERSATION,
                      GObject)

/* Properties: "chat-id", "transcript" (GListModel of DeskChatLine, oldest
 * first), "visitor-name", "visitor-typing" (cleared a few seconds after
 * the last typing event), "ended", "loaded" (the transcript came),
 * "canned-answers" (GListModel of DeskCannedAnswer, after
 * desk_chat_conversation_search_canned()), "error" (the last failure, for
 * the view to show; NULL when the last call went well). */
DeskChatConversation *desk_chat_conversation_new             (DeskApiClient        *client,
                                                              gint64                chat_id);
/* The same, following the session's event stream. */
DeskChatConversation *desk_chat_conversation_new_for_session (DeskAgentSession     *session,
                                                              gint64                chat_id);
/* Feeds one event-stream message ("chat-message", "chat-typing",
 * "chat-read", "chat-ended"); others, and other chats', are ignored. */
void        desk_chat_conversation_handle_event     (DeskChatConversation *self,
                                                     const char           *type,
                                                     JsonObject           *message);

gint64      desk_chat_conversation_get_chat_id      (DeskChatConversation *self);
GListModel *desk_chat_conversation_get_transcript   (DeskChatConversation *self);
const char *desk_chat_conversation_get_visitor_name (DeskChatConversation *self);
gboolean    desk_chat_conversation_get_visitor_typing (DeskChatConversation *self);
gboolean    desk_chat_conversation_get_ended        (DeskChatConversation *self);
gboolean    desk_chat_conversation_get_loaded       (DeskChatConversation *self);
GListModel *desk_chat_conversation_get_canned_answers (DeskChatConversation *self);
const char *desk_chat_conversation_get_error        (DeskChatConversation *self);

/* Sends @text (trimmed; empty is refused with DESK_ERROR_INVALID). The
 * line joins the transcript when the server has stored it. */
void        desk_chat_conversation_send_async       (DeskChatConversation *self,
                                                     const char           *text,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* Hands the chat to a colleague (@operator_id) or a queue (@queue_id):
 * exactly one of them is not 0. */
void        desk_chat_conversation_transfer_async   (DeskChatConversation *self,
                                                     gint64                operator_id,
                                                     gint64                queue_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void        desk_chat_conversation_end_async        (DeskChatConversation *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* The _finish of send, transfer and end. */
gboolean    desk_chat_conversation_action_finish    (DeskChatConversation *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Call on every edit of the reply: the visitor is told "typing" at most
 * every two seconds, and "stopped" a few seconds after the last edit. */
void        desk_chat_conversation_note_typing      (DeskChatConversation *self);
/* Marks the visitor's lines read up to the newest one (once per line). */
void        desk_chat_conversation_mark_read        (DeskChatConversation *self);
/* Fills "canned-answers" with the server's answers matching @query
 * (empty or NULL: all). */
void        desk_chat_conversation_search_canned    (DeskChatConversation *self,
                                                     const char           *query);

G_END_DECLS
