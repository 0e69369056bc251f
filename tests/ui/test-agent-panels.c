/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>

#include "desk-case-list.h"
#include "desk-case-panel.h"
#include "desk-case-view.h"
#include "desk-chat-view.h"
#include "desk-kb-panel.h"
#include "panel-test-common.h"
#include "ui-test-common.h"

/* The agent window's conversation panels against the real demo server,
 * under Xvfb: a chat handled end to end in DeskChatView with a visitor on
 * the widget's WebSocket, the knowledge base panel, the case panel
 * opening two cases, the case view and lists. A PNG of each state lands
 * in the build folder. */

typedef struct
{
  DeskTestServer *server;
  DeskAgentSession *op1;
  PanelVisitor *visitor;
  DeskInboxItem *item;
  GtkWidget *window;
} Fixture;

static gboolean
item_active (gpointer data)
{
  Fixture *f = data;
  DeskInboxItem *item = desk_agent_session_find_item (f->op1, DESK_INBOX_CHAT,
                                                      f->visitor->chat_id);

  return item && desk_inbox_item_get_state (item) == DESK_INBOX_ACTIVE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = desk_test_server_start (FALSE);
  f->op1 = panel_test_connect (f->server, "op1");
  panel_test_set_available (f->op1);
  f->visitor = panel_visitor_start (f->server, "Олена");
  panel_test_accept_chat (f->op1, f->visitor->chat_id);
  g_assert_true (desk_test_wait_until (item_active, f, 10000));
  f->item = g_object_ref (desk_agent_session_find_item (f->op1, DESK_INBOX_CHAT,
                                                        f->visitor->chat_id));
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 600);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->item);
  g_clear_pointer (&f->visitor, panel_visitor_free);
  g_clear_object (&f->op1);
  desk_test_server_stop (f->server);
}

static void
show (Fixture   *f,
      GtkWidget *child)
{
  gtk_window_set_child (GTK_WINDOW (f->window), child);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_test_assert_all_named (child);
}

static void
test_chat_view (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *view = desk_chat_view_new (f->op1, f->item);
  g_autofree char *reply = NULL;
  guint mark;

  show (f, view);
  ui_test_wait_label (view, "Олена");

  /* The visitor writes: a row with the text appears. */
  panel_visitor_say (f->visitor, "У мене не працює інтернет");
  ui_test_wait_label (view, "У мене не працює інтернет");
  /* The view has read it, and told the visitor. */
  panel_visitor_wait_frame (f->visitor, 0, "read", NULL, NULL);

  /* The visitor types: the view says so. */
  panel_visitor_send (f->visitor, "{\"type\": \"typing\", \"typing\": true}");
  ui_test_wait_label (view, "Олена is typing…");
  ui_test_screenshot (f->window, "panel-chat-typing.png");

  /* The operator writes in the reply and sends with the view's action. */
  mark = f->visitor->frames->len;
  desk_chat_view_insert_text (DESK_CHAT_VIEW (view), "Перезавантажте, будь ласка, роутер");
  panel_visitor_wait_frame (f->visitor, mark, "typing", NULL, NULL);
  g_assert_true (gtk_widget_activate_action (view, "chat.send", NULL));
  reply = desk_chat_view_dup_reply (DESK_CHAT_VIEW (view));
  g_assert_cmpstr (reply, ==, "");
  panel_visitor_wait_frame (f->visitor, mark, "message", "body",
                            "Перезавантажте, будь ласка, роутер");
  ui_test_wait_label (view, "Перезавантажте, будь ласка, роутер");
  ui_test_screenshot (f->window, "panel-chat.png");

  /* The end: the view says so and takes no more replies. */
  g_assert_true (gtk_widget_activate_action (view, "chat.end", NULL));
  ui_test_wait_label (view, "The chat has ended");
  desk_chat_view_insert_text (DESK_CHAT_VIEW (view), "после конца");
  gtk_widget_activate_action (view, "chat.send", NULL);
  g_free (reply);
  reply = desk_chat_view_dup_reply (DESK_CHAT_VIEW (view));
  g_assert_cmpstr (reply, ==, "после конца");
  panel_visitor_wait_frame (f->visitor, mark, "ended", NULL, NULL);
}

static gboolean
has_results (gpointer data)
{
  DeskKbSearch *search = desk_kb_panel_get_search (data);

  return !desk_kb_search_get_searching (search) &&
         g_list_model_get_n_items (desk_kb_search_get_results (search)) > 0;
}

static gboolean
article_open (gpointer data)
{
  return desk_kb_search_get_article (data) != NULL;
}

static gboolean
stack_settled (gpointer data)
{
  return !gtk_stack_get_transition_running (data);
}

static void
on_insert_text (DeskKbPanel *panel,
                const char  *text,
                GtkWidget   *chat)
{
  desk_chat_view_insert_text (DESK_CHAT_VIEW (chat), text);
}

static void
test_kb_panel (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *chat = desk_chat_view_new (f->op1, f->item);
  GtkWidget *panel = desk_kb_panel_new (desk_agent_session_get_client (f->op1));
  DeskKbSearch *search = desk_kb_panel_get_search (DESK_KB_PANEL (panel));
  g_autoptr (DeskKbArticle) first = NULL;
  g_autofree char *reply = NULL;
  GtkListBox *results;

  gtk_paned_set_start_child (GTK_PANED (paned), chat);
  gtk_paned_set_end_child (GTK_PANED (paned), panel);
  gtk_paned_set_position (GTK_PANED (paned), 560);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 700);
  g_signal_connect (panel, "insert-text", G_CALLBACK (on_insert_text), chat);
  show (f, paned);

  desk_kb_panel_search (DESK_KB_PANEL (panel), "роутер");
  g_assert_true (desk_test_wait_until (has_results, panel, 10000));
  first = g_list_model_get_item (desk_kb_search_get_results (search), 0);
  ui_test_wait_label (panel, desk_kb_article_get_title (first));
  ui_test_screenshot (f->window, "panel-kb-results.png");

  /* The first result, as the operator activates it. */
  results = GTK_LIST_BOX (ui_test_find_by_type (panel, GTK_TYPE_LIST_BOX));
  g_signal_emit_by_name (results, "row-activated", gtk_list_box_get_row_at_index (results, 0));
  g_assert_true (desk_test_wait_until (article_open, search, 10000));
  ui_test_wait_label (panel, desk_kb_article_get_body (desk_kb_search_get_article (search)));
  g_assert_true (desk_test_wait_until (stack_settled, ui_test_find_by_type (panel, GTK_TYPE_STACK),
                                       10000));
  ui_test_screenshot (f->window, "panel-kb-article.png");

  /* Into the chat's reply, not sent. */
  g_assert_true (gtk_widget_activate_action (panel, "kb.insert", NULL));
  reply = desk_chat_view_dup_reply (DESK_CHAT_VIEW (chat));
  g_assert_cmpstr (reply, ==, desk_kb_article_get_body (desk_kb_search_get_article (search)));
  g_assert_true (gtk_widget_activate_action (panel, "kb.back", NULL));
  g_assert_null (desk_kb_search_get_article (search));
}

static gboolean
has_categories (gpointer data)
{
  DeskCaseDraft *draft = desk_case_panel_get_draft (data);

  return g_list_model_get_n_items (desk_case_draft_get_categories (draft)) > 0 &&
         g_list_model_get_n_items (desk_case_draft_get_scenarios (draft)) > 0;
}

static gboolean
two_opened (gpointer data)
{
  DeskCaseDraft *draft = desk_case_panel_get_draft (data);

  return g_list_model_get_n_items (desk_case_draft_get_opened (draft)) == 2 &&
         !desk_case_draft_get_busy (draft);
}

static void
test_case_panel (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *panel = desk_case_panel_new (f->op1, f->item);
  DeskCaseDraft *draft = desk_case_panel_get_draft (DESK_CASE_PANEL (panel));
  g_autoptr (DeskCaseSummary) kase = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) stored = NULL;
  JsonObject *root;
  GtkWidget *view, *list;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 520, 760);
  show (f, panel);
  g_assert_true (desk_test_wait_until (has_categories, panel, 10000));
  ui_test_assert_all_named (panel);

  desk_case_panel_set_subject (DESK_CASE_PANEL (panel), "Немає інтернету з ранку");
  g_assert_true (gtk_widget_activate_action (panel, "case.open", NULL));
  ui_test_wait_label (panel, "Немає інтернету з ранку");
  desk_case_panel_set_subject (DESK_CASE_PANEL (panel), "Перейти на тариф 300 Мбіт/с");
  g_assert_true (gtk_widget_activate_action (panel, "case.open", NULL));
  g_assert_true (desk_test_wait_until (two_opened, panel, 10000));
  ui_test_wait_label (panel, "Перейти на тариф 300 Мбіт/с");
  g_assert_null (desk_case_draft_get_error (draft));
  ui_test_screenshot (f->window, "panel-cases.png");

  /* The server has them, each opened from this chat. */
  kase = g_list_model_get_item (desk_case_draft_get_opened (draft), 1);
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, desk_case_summary_get_id (kase));
  stored = panel_test_call (f->op1, "GET", path, NULL);
  root = json_node_get_object (stored);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "case"),
                                                  "subject"), ==, "Перейти на тариф 300 Мбіт/с");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "case"),
                                                  "channel"), ==, "chat");

  /* A bad number is said in the panel. */
  desk_case_panel_set_link_number (DESK_CASE_PANEL (panel), "987654321");
  g_assert_true (gtk_widget_activate_action (panel, "case.link", NULL));
  ui_test_wait_label (panel, "No such case");

  /* The case itself, and the operator's lists. */
  view = desk_case_view_new (desk_agent_session_get_client (f->op1),
                             desk_case_summary_get_id (kase));
  show (f, view);
  ui_test_wait_label (view, "Перейти на тариф 300 Мбіт/с");
  {
    g_autofree char *chat = g_strdup_printf ("Chat %" G_GINT64_FORMAT, f->visitor->chat_id);

    ui_test_wait_label (view, chat);
  }
  g_assert_true (gtk_widget_activate_action (view, "case.set-status", "s", "in_progress"));
  ui_test_wait_label (view, "Status: New → In progress");
  ui_test_screenshot (f->window, "panel-case-view.png");

  list = desk_case_list_new (desk_agent_session_get_client (f->op1));
  show (f, list);
  ui_test_wait_label (list, "Перейти на тариф 300 Мбіт/с");
  ui_test_screenshot (f->window, "panel-case-list.png");
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/desk/ui/panels/chat", Fixture, NULL, fixture_setup, test_chat_view,
              fixture_teardown);
  g_test_add ("/desk/ui/panels/kb", Fixture, NULL, fixture_setup, test_kb_panel,
              fixture_teardown);
  g_test_add ("/desk/ui/panels/cases", Fixture, NULL, fixture_setup, test_case_panel,
              fixture_teardown);
  return g_test_run ();
}
