/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-chat-line"

#include "config.h"

#include "desk-chat-line-private.h"

/* The rows of a chat view: transcript lines and canned answers. */

/* DeskChatLine */

enum {
  LINE_PROP_0,
  LINE_PROP_ID,
  LINE_PROP_AUTHOR,
  LINE_PROP_TEXT,
  LINE_PROP_TIME,
  LINE_PROP_READ,
  LINE_PROP_OPERATOR,
  N_LINE_PROPS
};

static GParamSpec *line_props[N_LINE_PROPS];

G_DEFINE_FINAL_TYPE (DeskChatLine, desk_chat_line, G_TYPE_OBJECT)

static void
desk_chat_line_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DeskChatLine *self = DESK_CHAT_LINE (object);

  switch (prop_id)
    {
    case LINE_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case LINE_PROP_AUTHOR:
      g_value_set_int (value, self->author);
      break;
    case LINE_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case LINE_PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case LINE_PROP_READ:
      g_value_set_boolean (value, self->read);
      break;
    case LINE_PROP_OPERATOR:
      g_value_set_string (value, self->operator);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_chat_line_finalize (GObject *object)
{
  DeskChatLine *self = DESK_CHAT_LINE (object);

  g_free (self->text);
  g_free (self->operator);
  G_OBJECT_CLASS (desk_chat_line_parent_class)->finalize (object);
}

static void
desk_chat_line_class_init (DeskChatLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_chat_line_get_property;
  object_class->finalize = desk_chat_line_finalize;
  line_props[LINE_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  line_props[LINE_PROP_AUTHOR] = g_param_spec_int ("author", NULL, NULL, 0, DESK_CHAT_AUTHOR_SYSTEM,
                                                   0, flags);
  line_props[LINE_PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  line_props[LINE_PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  line_props[LINE_PROP_READ] = g_param_spec_boolean ("read", NULL, NULL, FALSE,
                                                     flags | G_PARAM_EXPLICIT_NOTIFY);
  line_props[LINE_PROP_OPERATOR] = g_param_spec_string ("operator", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_LINE_PROPS, line_props);
}

static void
desk_chat_line_init (DeskChatLine *self)
{
}

static DeskChatAuthor
author_from_nick (const char *nick)
{
  if (g_strcmp0 (nick, "visitor") == 0)
    return DESK_CHAT_AUTHOR_VISITOR;
  if (g_strcmp0 (nick, "operator") == 0)
    return DESK_CHAT_AUTHOR_OPERATOR;
  if (g_strcmp0 (nick, "bot") == 0)
    return DESK_CHAT_AUTHOR_BOT;
  return DESK_CHAT_AUTHOR_SYSTEM;
}

DeskChatLine *
_desk_chat_line_new_from_json (JsonObject *object)
{
  DeskChatLine *self = g_object_new (DESK_TYPE_CHAT_LINE, NULL);

  self->id = json_object_get_int_member_with_default (object, "id", 0);
  self->author = author_from_nick (json_object_get_string_member_with_default (object, "sender",
                                                                               NULL));
  self->text = g_strdup (json_object_get_string_member_with_default (object, "body", ""));
  self->time = json_object_get_int_member_with_default (object, "at", 0);
  self->read = json_object_get_boolean_member_with_default (object, "read", FALSE);
  self->operator = g_strdup (json_object_get_string_member_with_default (object, "operator",
                                                                         NULL));
  return self;
}

gint64
desk_chat_line_get_id (DeskChatLine *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_LINE (self), 0);
  return self->id;
}

DeskChatAuthor
desk_chat_line_get_author (DeskChatLine *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_LINE (self), DESK_CHAT_AUTHOR_SYSTEM);
  return self->author;
}

const char *
desk_chat_line_get_text (DeskChatLine *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_LINE (self), NULL);
  return self->text;
}

gint64
desk_chat_line_get_time (DeskChatLine *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_LINE (self), 0);
  return self->time;
}

gboolean
desk_chat_line_get_read (DeskChatLine *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_LINE (self), FALSE);
  return self->read;
}

const char *
desk_chat_line_get_operator (DeskChatLine *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_LINE (self), NULL);
  return self->operator;
}

char *
desk_chat_line_dup_time_text (DeskChatLine *self)
{
  g_autoptr (GDateTime) time = NULL;

  g_return_val_if_fail (DESK_IS_CHAT_LINE (self), NULL);
  time = g_date_time_new_from_unix_local (self->time);
  return time ? g_date_time_format (time, "%H:%M") : g_strdup ("");
}

void
_desk_chat_line_set_read (DeskChatLine *self)
{
  if (self->read)
    return;
  self->read = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), line_props[LINE_PROP_READ]);
}

/* DeskCannedAnswer */


enum {
  CANNED_PROP_0,
  CANNED_PROP_ID,
  CANNED_PROP_TITLE,
  CANNED_PROP_BODY,
  N_CANNED_PROPS
};

static GParamSpec *canned_props[N_CANNED_PROPS];

G_DEFINE_FINAL_TYPE (DeskCannedAnswer, desk_canned_answer, G_TYPE_OBJECT)

static void
desk_canned_answer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeskCannedAnswer *self = DESK_CANNED_ANSWER (object);

  switch (prop_id)
    {
    case CANNED_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case CANNED_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case CANNED_PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_canned_answer_finalize (GObject *object)
{
  DeskCannedAnswer *self = DESK_CANNED_ANSWER (object);

  g_free (self->title);
  g_free (self->body);
  G_OBJECT_CLASS (desk_canned_answer_parent_class)->finalize (object);
}

static void
desk_canned_answer_class_init (DeskCannedAnswerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_canned_answer_get_property;
  object_class->finalize = desk_canned_answer_finalize;
  canned_props[CANNED_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  canned_props[CANNED_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  canned_props[CANNED_PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_CANNED_PROPS, canned_props);
}

static void
desk_canned_answer_init (DeskCannedAnswer *self)
{
}

gint64
desk_canned_answer_get_id (DeskCannedAnswer *self)
{
  g_return_val_if_fail (DESK_IS_CANNED_ANSWER (self), 0);
  return self->id;
}

const char *
desk_canned_answer_get_title (DeskCannedAnswer *self)
{
  g_return_val_if_fail (DESK_IS_CANNED_ANSWER (self), NULL);
  return self->title;
}

const char *
desk_canned_answer_get_body (DeskCannedAnswer *self)
{
  g_return_val_if_fail (DESK_IS_CANNED_ANSWER (self), NULL);
  return self->body;
}

DeskCannedAnswer *
_desk_canned_answer_new_from_json (JsonObject *object)
{
  DeskCannedAnswer *self = g_object_new (DESK_TYPE_CANNED_ANSWER, NULL);

  self->id = json_object_get_int_member_with_default (object, "id", 0);
  self->title = g_strdup (json_object_get_string_member_with_default (object, "title", ""));
  self->body = g_strdup (json_object_get_string_member_with_default (object, "body", ""));
  return self;
}
