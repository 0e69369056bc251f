/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "panel-test-common.h"

#include "desk-chat-conversation.h"
#include "desk-error.h"
#include "desk-transfer-targets.h"

/* A website chat end to end against the real demo server: the visitor
 * talks over the widget's WebSocket, op1 holds the chat through
 * DeskChatConversation (following its session's event stream), typing
 * and read marks go both ways, canned answers, and a transfer to op2. */

typedef struct
{
  DeskTestServer *server;
  DeskAgentSession *op1;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = desk_test_server_start (FALSE);
  f->op1 = panel_test_connect (f->server, "op1");
  panel_test_set_available (f->op1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->op1);
  desk_test_server_stop (f->server);
}

typedef struct
{
  GListModel *model;
  DeskChatAuthor author;
  const char *text;
} LineWait;

static gboolean
line_seen (gpointer data)
{
  LineWait *w = data;

  for (guint i = 0; i < g_list_model_get_n_items (w->model); i++)
    {
      g_autoptr (DeskChatLine) line = g_list_model_get_item (w->model, i);

      if (desk_chat_line_get_author (line) == w->author &&
          g_strcmp0 (desk_chat_line_get_text (line), w->text) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
wait_line (DeskChatConversation *conversation,
           DeskChatAuthor        author,
           const char           *text)
{
  LineWait w = { desk_chat_conversation_get_transcript (conversation), author, text };

  if (!desk_test_wait_until (line_seen, &w, 10000))
    g_error ("no line “%s”", text);
}

static guint
count_text (DeskChatConversation *conversation,
            const char           *text)
{
  GListModel *model = desk_chat_conversation_get_transcript (conversation);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (DeskChatLine) line = g_list_model_get_item (model, i);

      n += g_strcmp0 (desk_chat_line_get_text (line), text) == 0;
    }
  return n;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

typedef struct
{
  GObject *object;
  const char *property;
  gboolean value;
} BoolWait;

static gboolean
bool_is (gpointer data)
{
  BoolWait *w = data;
  gboolean value = FALSE;

  g_object_get (w->object, w->property, &value, NULL);
  return value == w->value;
}

static void
wait_bool (gpointer    object,
           const char *property,
           gboolean    value,
           guint       timeout_ms)
{
  BoolWait w = { object, property, value };

  if (!desk_test_wait_until (bool_is, &w, timeout_ms))
    g_error ("“%s” did not become %d", property, value);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Action;

static void
on_action (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Action *action = data;

  action->ok = desk_chat_conversation_action_finish (DESK_CHAT_CONVERSATION (source), result,
                                                     &action->error);
  action->done = TRUE;
}

static void
run_send (DeskChatConversation *conversation,
          const char           *text,
          GError              **error)
{
  Action action = { 0 };

  desk_chat_conversation_send_async (conversation, text, NULL, on_action, &action);
  g_assert_true (desk_test_wait_until (is_true, &action.done, 10000));
  if (action.error)
    g_propagate_error (error, action.error);
}

typedef struct
{
  PanelVisitor *visitor;
  guint from;
} TypingWait;

static gboolean
typing_stopped (gpointer data)
{
  TypingWait *w = data;

  for (guint i = w->from; i < w->visitor->frames->len; i++)
    {
      JsonObject *frame = g_ptr_array_index (w->visitor->frames, i);

      if (g_str_equal (json_object_get_string_member (frame, "type"), "typing") &&
          !json_object_get_boolean_member (frame, "typing"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static void
test_conversation (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (PanelVisitor) visitor = panel_visitor_start (f->server, "Олена");
  g_autoptr (DeskChatConversation) conversation = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *transcript;
  guint mark;

  panel_test_accept_chat (f->op1, visitor->chat_id);
  conversation = desk_chat_conversation_new_for_session (f->op1, visitor->chat_id);
  wait_bool (conversation, "loaded", TRUE, 10000);
  g_assert_cmpstr (desk_chat_conversation_get_visitor_name (conversation), ==, "Олена");
  transcript = desk_chat_conversation_get_transcript (conversation);

  /* The visitor writes; the line comes by the event stream. */
  panel_visitor_say (visitor, "Добрий день, не працює інтернет");
  wait_line (conversation, DESK_CHAT_AUTHOR_VISITOR, "Добрий день, не працює інтернет");

  /* The visitor types: "visitor-typing" until they stop. */
  panel_visitor_send (visitor, "{\"type\": \"typing\", \"typing\": true}");
  wait_bool (conversation, "visitor-typing", TRUE, 10000);
  panel_visitor_send (visitor, "{\"type\": \"typing\", \"typing\": false}");
  wait_bool (conversation, "visitor-typing", FALSE, 10000);

  /* The operator answers: once in the transcript (the POST's answer and
   * the event are the same line), and the visitor gets it. */
  mark = visitor->frames->len;
  run_send (conversation, "  Перевіряю вашу лінію  ", &error);
  g_assert_no_error (error);
  panel_visitor_wait_frame (visitor, mark, "message", "body", "Перевіряю вашу лінію");
  wait_line (conversation, DESK_CHAT_AUTHOR_OPERATOR, "Перевіряю вашу лінію");
  g_assert_cmpuint (count_text (conversation, "Перевіряю вашу лінію"), ==, 1);

  /* Nothing to send is refused before the server. */
  run_send (conversation, " \n ", &error);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* Typing: told once for a burst of keystrokes, "stopped" after a pause. */
  mark = visitor->frames->len;
  desk_chat_conversation_note_typing (conversation);
  desk_chat_conversation_note_typing (conversation);
  desk_chat_conversation_note_typing (conversation);
  g_assert_cmpstr (json_object_get_string_member (panel_visitor_wait_frame (visitor, mark,
                                                                            "typing", NULL,
                                                                            NULL), "type"),
                   ==, "typing");
  {
    TypingWait w = { visitor, mark };

    g_assert_true (desk_test_wait_until (typing_stopped, &w, 10000));
  }
  g_assert_cmpuint (panel_visitor_count (visitor, mark, "typing"), ==, 2);

  /* Read marks both ways. */
  mark = visitor->frames->len;
  desk_chat_conversation_mark_read (conversation);
  panel_visitor_wait_frame (visitor, mark, "read", NULL, NULL);
  {
    g_autoptr (DeskChatLine) last = g_list_model_get_item (transcript,
                                                           g_list_model_get_n_items (transcript) - 1);
    g_autofree char *read = g_strdup_printf ("{\"type\": \"read\", \"up_to\": %" G_GINT64_FORMAT "}",
                                             desk_chat_line_get_id (last));

    g_assert_cmpint (desk_chat_line_get_author (last), ==, DESK_CHAT_AUTHOR_OPERATOR);
    g_assert_false (desk_chat_line_get_read (last));
    panel_visitor_send (visitor, read);
    wait_bool (last, "read", TRUE, 10000);
  }

  /* Canned answers: all, then a search. */
  desk_chat_conversation_search_canned (conversation, NULL);
  {
    GListModel *canned = desk_chat_conversation_get_canned_answers (conversation);
    guint all;

    g_assert_true (desk_test_wait_until (has_items, canned, 10000));
    all = g_list_model_get_n_items (canned);
    g_assert_cmpuint (all, >=, 3);
    {
      g_autoptr (DeskCannedAnswer) first = g_list_model_get_item (canned, 0);
      g_autofree char *word = g_utf8_substring (desk_canned_answer_get_title (first), 0, 4);

      desk_chat_conversation_search_canned (conversation, word);
    }
  }
  g_assert_null (desk_chat_conversation_get_error (conversation));
}

static gboolean
has_target (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) > 0 &&
         !desk_transfer_targets_get_loading (data);
}

/* Transfer to op2, who is free: the directory lists free ones first and
 * not op1 itself; op2 gets the chat and answers the visitor. */
static void
test_transfer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (PanelVisitor) visitor = panel_visitor_start (f->server, "Taras");
  g_autoptr (DeskAgentSession) op2 = panel_test_connect (f->server, "op2");
  g_autoptr (DeskChatConversation) conversation = NULL;
  g_autoptr (DeskChatConversation) taken = NULL;
  g_autoptr (DeskTransferTargets) targets = NULL;
  g_autoptr (DeskTransferTarget) first = NULL;
  gint64 op2_id = desk_agent_session_get_user_id (op2);
  gboolean seen_busy = FALSE, op2_listed = FALSE;
  Action action = { 0 };
  guint mark;

  panel_test_accept_chat (f->op1, visitor->chat_id);
  panel_test_set_available (op2);
  conversation = desk_chat_conversation_new_for_session (f->op1, visitor->chat_id);
  wait_bool (conversation, "loaded", TRUE, 10000);

  targets = desk_transfer_targets_new (desk_agent_session_get_client (f->op1),
                                       desk_agent_session_get_user_id (f->op1));
  desk_transfer_targets_reload (targets);
  g_assert_true (desk_test_wait_until (has_target, targets, 10000));
  g_assert_null (desk_transfer_targets_get_error (targets));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (targets)); i++)
    {
      g_autoptr (DeskTransferTarget) target = g_list_model_get_item (G_LIST_MODEL (targets), i);

      g_test_message ("target %s (%s) free=%d", desk_transfer_target_get_name (target),
                      desk_transfer_target_get_detail (target),
                      desk_transfer_target_get_free (target));
      g_assert_false (desk_transfer_target_get_kind (target) == DESK_TRANSFER_OPERATOR &&
                      desk_transfer_target_get_id (target) ==
                      desk_agent_session_get_user_id (f->op1));
      /* Free ones first. */
      if (!desk_transfer_target_get_free (target))
        seen_busy = TRUE;
      else
        g_assert_false (seen_busy);
      if (desk_transfer_target_get_kind (target) == DESK_TRANSFER_OPERATOR &&
          desk_transfer_target_get_id (target) == op2_id)
        {
          op2_listed = TRUE;
          g_assert_true (desk_transfer_target_get_free (target));
        }
    }
  g_assert_true (op2_listed);
  first = g_list_model_get_item (G_LIST_MODEL (targets), 0);
  g_assert_true (desk_transfer_target_get_free (first));

  desk_chat_conversation_transfer_async (conversation, op2_id, 0, NULL, on_action, &action);
  g_assert_true (desk_test_wait_until (is_true, &action.done, 10000));
  g_assert_no_error (action.error);
  g_assert_true (action.ok);

  panel_test_accept_chat (op2, visitor->chat_id);
  taken = desk_chat_conversation_new_for_session (op2, visitor->chat_id);
  wait_bool (taken, "loaded", TRUE, 10000);
  mark = visitor->frames->len;
  {
    g_autoptr (GError) error = NULL;

    run_send (taken, "Вітаю, я продовжу", &error);
    g_assert_no_error (error);
  }
  panel_visitor_wait_frame (visitor, mark, "message", "body", "Вітаю, я продовжу");

  /* The end reaches the visitor and the conversation. */
  {
    Action end = { 0 };

    mark = visitor->frames->len;
    desk_chat_conversation_end_async (taken, NULL, on_action, &end);
    g_assert_true (desk_test_wait_until (is_true, &end.done, 10000));
    g_assert_no_error (end.error);
    panel_visitor_wait_frame (visitor, mark, "ended", NULL, NULL);
    wait_bool (taken, "ended", TRUE, 10000);
  }
}

/* A transfer to nowhere is the server's clear 4xx, in "error" too. */
static void
test_bad_transfer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (PanelVisitor) visitor = panel_visitor_start (f->server, "Ivan");
  g_autoptr (DeskChatConversation) conversation = NULL;
  Action action = { 0 };

  panel_test_accept_chat (f->op1, visitor->chat_id);
  conversation = desk_chat_conversation_new_for_session (f->op1, visitor->chat_id);
  desk_chat_conversation_transfer_async (conversation, 0, 999999, NULL, on_action, &action);
  g_assert_true (desk_test_wait_until (is_true, &action.done, 10000));
  g_assert_false (action.ok);
  g_assert_nonnull (action.error);
  g_test_message ("bad transfer: %s", action.error->message);
  g_assert_cmpstr (desk_chat_conversation_get_error (conversation), ==, action.error->message);
  g_clear_error (&action.error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/desk/client/conversation/talk", Fixture, NULL, fixture_setup, test_conversation,
              fixture_teardown);
  g_test_add ("/desk/client/conversation/transfer", Fixture, NULL, fixture_setup, test_transfer,
              fixture_teardown);
  g_test_add ("/desk/client/conversation/bad-transfer", Fixture, NULL, fixture_setup,
              test_bad_transfer, fixture_teardown);
  return g_test_run ();
}
