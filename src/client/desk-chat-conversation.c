/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-chat-conversation"

#include "config.h"

#include "desk-chat-conversation.h"

#include "desk-api-call-private.h"
#include "desk-chat-line-private.h"
#include "desk-error.h"
#include "desk-i18n.h"

/*
 * One website chat as the operator holds it: the transcript (loaded once,
 * then kept by the event stream; lines are keyed by the server's ids, so
 * a line that comes both as the answer to our POST and as an event is
 * shown once), the visitor's typing, and what the operator does.
 */

/* The visitor is told "typing" at most this often… */
#define TYPING_INTERVAL_US (2 * G_USEC_PER_SEC)
/* …and "stopped" after this long without an edit. */
#define TYPING_IDLE_MS 3000
/* The widget sends "stopped" itself; this covers a closed browser tab. */
#define VISITOR_TYPING_MS 6000

/* DeskChatConversation */

struct _DeskChatConversation
{
  GObject parent_instance;

  DeskApiClient *client;
  DeskAgentSession *session;   /* nullable; its "event" is followed */
  gint64 chat_id;
  GListStore *transcript;      /* DeskChatLine by id */
  GListStore *canned;
  GCancellable *cancellable;   /* everything of this conversation */
  GCancellable *canned_search;
  char *visitor_name;
  char *error;
  gboolean visitor_typing;
  gboolean ended;
  gboolean loaded;
  gint64 read_up_to;           /* the last "read" we sent */
  gint64 typing_sent_at;       /* monotonic; 0: "stopped" was last */
  guint typing_idle_id;
  guint visitor_typing_id;
};

enum {
  PROP_0,
  PROP_CHAT_ID,
  PROP_TRANSCRIPT,
  PROP_VISITOR_NAME,
  PROP_VISITOR_TYPING,
  PROP_ENDED,
  PROP_LOADED,
  PROP_CANNED_ANSWERS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (DeskChatConversation, desk_chat_conversation, G_TYPE_OBJECT)

static void
set_error (DeskChatConversation *self,
           const GError         *error)
{
  _desk_api_set_error (G_OBJECT (self), &self->error, props[PROP_ERROR], error);
}

static void
set_visitor_typing (DeskChatConversation *self,
                    gboolean              typing)
{
  if (self->visitor_typing == typing)
    return;
  self->visitor_typing = typing;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_VISITOR_TYPING]);
}

static gboolean
on_visitor_typing_timeout (gpointer data)
{
  DeskChatConversation *self = data;

  self->visitor_typing_id = 0;
  set_visitor_typing (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* Inserts in id order, unless a line with that id is there already. */
static void
add_line (DeskChatConversation *self,
          DeskChatLine         *line)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->transcript));
  guint at = n;

  while (at > 0)
    {
      g_autoptr (DeskChatLine) before = g_list_model_get_item (G_LIST_MODEL (self->transcript),
                                                               at - 1);

      if (before->id == line->id)
        return;
      if (before->id < line->id)
        break;
      at--;
    }
  g_list_store_insert (self->transcript, at, line);
  /* A visitor who writes has stopped typing. */
  if (line->author == DESK_CHAT_AUTHOR_VISITOR)
    set_visitor_typing (self, FALSE);
}

static void
mark_lines_read (DeskChatConversation *self,
                 gint64                up_to)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->transcript));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DeskChatLine) line = g_list_model_get_item (G_LIST_MODEL (self->transcript), i);

      if (line->id <= up_to && line->author == DESK_CHAT_AUTHOR_OPERATOR)
        _desk_chat_line_set_read (line);
    }
}

static void
set_ended (DeskChatConversation *self)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  g_clear_handle_id (&self->typing_idle_id, g_source_remove);
  set_visitor_typing (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ENDED]);
}

static void
on_transcript (GObject      *object,
               JsonNode     *reply,
               const GError *error,
               gpointer      data)
{
  DeskChatConversation *self = DESK_CHAT_CONVERSATION (object);
  JsonObject *root, *chat;
  JsonArray *messages;

  set_error (self, error);
  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    return;
  root = json_node_get_object (reply);
  chat = json_object_get_object_member (root, "chat");
  if (chat)
    {
      g_free (self->visitor_name);
      self->visitor_name = g_strdup (json_object_get_string_member_with_default (chat,
                                                                                 "visitor_name",
                                                                                 NULL));
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_VISITOR_NAME]);
      if (json_object_get_int_member_with_default (chat, "ended_at", 0) > 0)
        set_ended (self);
    }
  messages = json_object_get_array_member (root, "messages");
  for (guint i = 0; messages && i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      g_autoptr (DeskChatLine) line = message ? _desk_chat_line_new_from_json (message) : NULL;

      if (line)
        add_line (self, line);
    }
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADED]);
}

static void
load (DeskChatConversation *self)
{
  g_autofree char *path = g_strdup_printf ("/chats/%" G_GINT64_FORMAT "/messages", self->chat_id);

  _desk_api_call (self->client, "GET", path, NULL, self->cancellable, self, on_transcript, NULL);
}

static void
on_session_event (DeskAgentSession     *session,
                  const char           *type,
                  JsonObject           *message,
                  DeskChatConversation *self)
{
  desk_chat_conversation_handle_event (self, type, message);
}

static void
desk_chat_conversation_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DeskChatConversation *self = DESK_CHAT_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_CHAT_ID:
      g_value_set_int64 (value, self->chat_id);
      break;
    case PROP_TRANSCRIPT:
      g_value_set_object (value, self->transcript);
      break;
    case PROP_VISITOR_NAME:
      g_value_set_string (value, self->visitor_name);
      break;
    case PROP_VISITOR_TYPING:
      g_value_set_boolean (value, self->visitor_typing);
      break;
    case PROP_ENDED:
      g_value_set_boolean (value, self->ended);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_CANNED_ANSWERS:
      g_value_set_object (value, self->canned);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_chat_conversation_dispose (GObject *object)
{
  DeskChatConversation *self = DESK_CHAT_CONVERSATION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->canned_search)
    g_cancellable_cancel (self->canned_search);
  g_clear_handle_id (&self->typing_idle_id, g_source_remove);
  g_clear_handle_id (&self->visitor_typing_id, g_source_remove);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->canned_search);
  G_OBJECT_CLASS (desk_chat_conversation_parent_class)->dispose (object);
}

static void
desk_chat_conversation_finalize (GObject *object)
{
  DeskChatConversation *self = DESK_CHAT_CONVERSATION (object);

  g_clear_object (&self->transcript);
  g_clear_object (&self->canned);
  g_free (self->visitor_name);
  g_free (self->error);
  G_OBJECT_CLASS (desk_chat_conversation_parent_class)->finalize (object);
}

static void
desk_chat_conversation_class_init (DeskChatConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = desk_chat_conversation_get_property;
  object_class->dispose = desk_chat_conversation_dispose;
  object_class->finalize = desk_chat_conversation_finalize;

  props[PROP_CHAT_ID] = g_param_spec_int64 ("chat-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_TRANSCRIPT] = g_param_spec_object ("transcript", NULL, NULL, G_TYPE_LIST_MODEL,
                                                flags);
  props[PROP_VISITOR_NAME] = g_param_spec_string ("visitor-name", NULL, NULL, NULL, flags);
  props[PROP_VISITOR_TYPING] = g_param_spec_boolean ("visitor-typing", NULL, NULL, FALSE, flags);
  props[PROP_ENDED] = g_param_spec_boolean ("ended", NULL, NULL, FALSE, flags);
  props[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  props[PROP_CANNED_ANSWERS] = g_param_spec_object ("canned-answers", NULL, NULL,
                                                    G_TYPE_LIST_MODEL, flags);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_chat_conversation_init (DeskChatConversation *self)
{
  self->transcript = g_list_store_new (DESK_TYPE_CHAT_LINE);
  self->canned = g_list_store_new (DESK_TYPE_CANNED_ANSWER);
  self->cancellable = g_cancellable_new ();
}

/**
 * desk_chat_conversation_new:
 * @client: a logged-in API client
 * @chat_id: the chat on the server
 *
 * A conversation that loads its transcript now; feed it the event stream
 * with desk_chat_conversation_handle_event().
 *
 * Returns: (transfer full): the conversation
 */
DeskChatConversation *
desk_chat_conversation_new (DeskApiClient *client,
                            gint64         chat_id)
{
  DeskChatConversation *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (chat_id > 0, NULL);

  self = g_object_new (DESK_TYPE_CHAT_CONVERSATION, NULL);
  self->client = g_object_ref (client);
  self->chat_id = chat_id;
  load (self);
  return self;
}

/**
 * desk_chat_conversation_new_for_session:
 * @session: the operator's session
 * @chat_id: the chat on the server
 *
 * Returns: (transfer full): a conversation kept current by @session's
 *   event stream
 */
DeskChatConversation *
desk_chat_conversation_new_for_session (DeskAgentSession *session,
                                        gint64            chat_id)
{
  DeskChatConversation *self;

  g_return_val_if_fail (DESK_IS_AGENT_SESSION (session), NULL);

  self = desk_chat_conversation_new (desk_agent_session_get_client (session), chat_id);
  self->session = g_object_ref (session);
  g_signal_connect (session, "event", G_CALLBACK (on_session_event), self);
  return self;
}

void
desk_chat_conversation_handle_event (DeskChatConversation *self,
                                     const char           *type,
                                     JsonObject           *message)
{
  g_return_if_fail (DESK_IS_CHAT_CONVERSATION (self));
  g_return_if_fail (type != NULL && message != NULL);

  if (!g_str_has_prefix (type, "chat-") ||
      json_object_get_int_member_with_default (message, "chat_id", 0) != self->chat_id)
    return;
  if (g_str_equal (type, "chat-message"))
    {
      JsonObject *body = json_object_get_object_member (message, "message");
      g_autoptr (DeskChatLine) line = body ? _desk_chat_line_new_from_json (body) : NULL;

      if (line && line->id > 0)
        add_line (self, line);
    }
  else if (g_str_equal (type, "chat-typing"))
    {
      gboolean typing = json_object_get_boolean_member_with_default (message, "typing", FALSE);

      g_clear_handle_id (&self->visitor_typing_id, g_source_remove);
      set_visitor_typing (self, typing && !self->ended);
      if (self->visitor_typing)
        self->visitor_typing_id = g_timeout_add (VISITOR_TYPING_MS, on_visitor_typing_timeout,
                                                 self);
    }
  else if (g_str_equal (type, "chat-read"))
    mark_lines_read (self, json_object_get_int_member_with_default (message, "up_to", 0));
  else if (g_str_equal (type, "chat-ended"))
    set_ended (self);
}

gint64
desk_chat_conversation_get_chat_id (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), 0);
  return self->chat_id;
}

GListModel *
desk_chat_conversation_get_transcript (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), NULL);
  return G_LIST_MODEL (self->transcript);
}

const char *
desk_chat_conversation_get_visitor_name (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), NULL);
  return self->visitor_name;
}

gboolean
desk_chat_conversation_get_visitor_typing (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), FALSE);
  return self->visitor_typing;
}

gboolean
desk_chat_conversation_get_ended (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), FALSE);
  return self->ended;
}

gboolean
desk_chat_conversation_get_loaded (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), FALSE);
  return self->loaded;
}

GListModel *
desk_chat_conversation_get_canned_answers (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), NULL);
  return G_LIST_MODEL (self->canned);
}

const char *
desk_chat_conversation_get_error (DeskChatConversation *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (self), NULL);
  return self->error;
}

static char *
chat_path (DeskChatConversation *self,
           const char           *action)
{
  return g_strdup_printf ("/chats/%" G_GINT64_FORMAT "/%s", self->chat_id, action);
}

static void
post_typing (DeskChatConversation *self,
             gboolean              typing)
{
  g_autofree char *path = chat_path (self, "typing");
  g_autoptr (JsonNode) body = _desk_api_body ("typing", G_TYPE_BOOLEAN, typing, NULL);

  self->typing_sent_at = typing ? g_get_monotonic_time () : 0;
  _desk_api_call_task (self->client, "POST", path, body,
                       g_task_new (self, self->cancellable, NULL, NULL));
}

static gboolean
on_typing_idle (gpointer data)
{
  DeskChatConversation *self = data;

  self->typing_idle_id = 0;
  post_typing (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* The operator's own typing stops with what they send. */
static void
stop_typing (DeskChatConversation *self)
{
  g_clear_handle_id (&self->typing_idle_id, g_source_remove);
  if (self->typing_sent_at)
    post_typing (self, FALSE);
}

static void
on_sent (GObject      *object,
         JsonNode     *reply,
         const GError *error,
         gpointer      data)
{
  DeskChatConversation *self = DESK_CHAT_CONVERSATION (object);
  g_autoptr (GTask) task = data;
  JsonObject *root = reply && JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;

  set_error (self, error);
  if (error)
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  if (root && json_object_get_int_member_with_default (root, "id", 0) > 0)
    {
      g_autoptr (DeskChatLine) line = g_object_new (DESK_TYPE_CHAT_LINE, NULL);

      line->id = json_object_get_int_member (root, "id");
      line->author = DESK_CHAT_AUTHOR_OPERATOR;
      line->text = g_strdup (g_task_get_task_data (task));
      line->time = g_get_real_time () / G_USEC_PER_SEC;
      add_line (self, line);
    }
  g_task_return_boolean (task, TRUE);
}

void
desk_chat_conversation_send_async (DeskChatConversation *self,
                                   const char           *text,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (DESK_IS_CHAT_CONVERSATION (self));
  g_return_if_fail (text != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_chat_conversation_send_async);
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_task_return_new_error (task, DESK_ERROR, DESK_ERROR_INVALID, _("The message is empty"));
      return;
    }
  stop_typing (self);
  path = chat_path (self, "messages");
  body = _desk_api_body ("body", G_TYPE_STRING, trimmed, NULL);
  g_task_set_task_data (task, g_steal_pointer (&trimmed), g_free);
  _desk_api_call (self->client, "POST", path, body, cancellable, self, on_sent,
                  g_steal_pointer (&task));
}

/* Failures of send and end land in "error" too, for the view's toast. */
static void
on_action_done (GObject      *object,
                JsonNode     *reply,
                const GError *error,
                gpointer      data)
{
  set_error (DESK_CHAT_CONVERSATION (object), error);
  _desk_api_task_done (data, error);
}

void
desk_chat_conversation_transfer_async (DeskChatConversation *self,
                                       gint64                operator_id,
                                       gint64                queue_id,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  GTask *task;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (DESK_IS_CHAT_CONVERSATION (self));
  g_return_if_fail ((operator_id > 0) != (queue_id > 0));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_chat_conversation_transfer_async);
  stop_typing (self);
  path = chat_path (self, "transfer");
  body = _desk_api_body ("operator_id", G_TYPE_INT64, operator_id,
                         "queue_id", G_TYPE_INT64, queue_id, NULL);
  _desk_api_call (self->client, "POST", path, body, cancellable, self, on_action_done, task);
}

void
desk_chat_conversation_end_async (DeskChatConversation *self,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  GTask *task;
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CHAT_CONVERSATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_chat_conversation_end_async);
  stop_typing (self);
  path = chat_path (self, "end");
  _desk_api_call (self->client, "POST", path, NULL, cancellable, self, on_action_done, task);
}

gboolean
desk_chat_conversation_action_finish (DeskChatConversation  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
desk_chat_conversation_note_typing (DeskChatConversation *self)
{
  g_return_if_fail (DESK_IS_CHAT_CONVERSATION (self));

  if (self->ended)
    return;
  if (self->typing_sent_at == 0 ||
      g_get_monotonic_time () - self->typing_sent_at >= TYPING_INTERVAL_US)
    post_typing (self, TRUE);
  g_clear_handle_id (&self->typing_idle_id, g_source_remove);
  self->typing_idle_id = g_timeout_add (TYPING_IDLE_MS, on_typing_idle, self);
}

void
desk_chat_conversation_mark_read (DeskChatConversation *self)
{
  guint n;
  gint64 newest = 0;

  g_return_if_fail (DESK_IS_CHAT_CONVERSATION (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->transcript));
  for (guint i = n; i > 0 && newest == 0; i--)
    {
      g_autoptr (DeskChatLine) line = g_list_model_get_item (G_LIST_MODEL (self->transcript),
                                                             i - 1);

      if (line->author == DESK_CHAT_AUTHOR_VISITOR)
        newest = line->id;
    }
  if (newest > self->read_up_to && !self->ended)
    {
      g_autofree char *path = chat_path (self, "read");
      g_autoptr (JsonNode) body = _desk_api_body ("up_to", G_TYPE_INT64, newest, NULL);

      self->read_up_to = newest;
      _desk_api_call_task (self->client, "POST", path, body,
                           g_task_new (self, self->cancellable, NULL, NULL));
    }
}

static void
on_canned (GObject      *object,
           JsonNode     *reply,
           const GError *error,
           gpointer      data)
{
  DeskChatConversation *self = DESK_CHAT_CONVERSATION (object);
  JsonArray *answers = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  if (_desk_api_cancelled (error))
    return;
  set_error (self, error);
  if (reply && JSON_NODE_HOLDS_OBJECT (reply))
    answers = json_object_get_array_member (json_node_get_object (reply), "answers");
  for (guint i = 0; answers && i < json_array_get_length (answers); i++)
    {
      JsonObject *answer = json_array_get_object_element (answers, i);

      if (answer)
        g_ptr_array_add (found, _desk_canned_answer_new_from_json (answer));
    }
  g_list_store_splice (self->canned, 0, g_list_model_get_n_items (G_LIST_MODEL (self->canned)),
                       found->pdata, found->len);
}

void
desk_chat_conversation_search_canned (DeskChatConversation *self,
                                      const char           *query)
{
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CHAT_CONVERSATION (self));

  /* Only the newest search's answer counts. */
  if (self->canned_search)
    g_cancellable_cancel (self->canned_search);
  g_clear_object (&self->canned_search);
  self->canned_search = g_cancellable_new ();
  path = query && *query ? _desk_api_query_path ("/canned", "q", query) : g_strdup ("/canned");
  _desk_api_call (self->client, "GET", path, NULL, self->canned_search, self, on_canned, NULL);
}
