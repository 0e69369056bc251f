/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-chat-conversation.h"

G_BEGIN_DECLS

struct _DeskChatLine
{
  GObject parent_instance;
  gint64 id;
  DeskChatAuthor author;
  char *text;
  gint64 time;
  gboolean read;
  char *operator;
};

struct _DeskCannedAnswer
{
  GObject parent_instance;
  gint64 id;
  char *title;
  char *body;
};

/* From the transcript's and the event's shapes alike. */
DeskChatLine     *_desk_chat_line_new_from_json     (JsonObject   *object);
void              _desk_chat_line_set_read          (DeskChatLine *self);
DeskCannedAnswer *_desk_canned_answer_new_from_json (JsonObject   *object);

G_END_DECLS
