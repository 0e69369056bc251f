/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "desk-store.h"

G_BEGIN_DECLS

/**
 * DeskBotReply:
 * @answer: (nullable): what the bot says, or %NULL when it has nothing
 * @articles: (element-type DeskArticle): public articles that may answer
 *   the question (title, id, snippet), best first; may be empty
 * @hand_off: the visitor asked for a person, or a rule says to hand off
 * @unsure: the bot found no rule and no article: an operator should take it
 *
 * The bot's answer to one visitor message.
 */
typedef struct {
  char *answer;
  GPtrArray *articles;
  gboolean hand_off;
  gboolean unsure;
} DeskBotReply;

void desk_bot_reply_free (DeskBotReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskBotReply, desk_bot_reply_free)

#define DESK_TYPE_BOT (desk_bot_get_type ())
G_DECLARE_FINAL_TYPE (DeskBot, desk_bot, DESK, BOT, GObject)

/* Loads the office's enabled bot rules from @store (again on reload). */
DeskBot      *desk_bot_new     (DeskStore   *store,
                                GError     **error);
gboolean      desk_bot_reload  (DeskBot     *self,
                                GError     **error);
/* The bot's greeting for a new chat, in the office's words. */
char         *desk_bot_dup_greeting (DeskBot *self);
/* Answers @text (a visitor's message). */
DeskBotReply *desk_bot_reply   (DeskBot     *self,
                                const char  *text,
                                GError     **error);

G_END_DECLS
