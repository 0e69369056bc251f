/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "panel-test-common.h"

#include "desk-case-draft.h"
#include "desk-case-timeline.h"
#include "desk-error.h"

/* Cases from a website chat against the real demo server: two cases
 * opened from one chat, a demo case joined by its number, a scenario
 * button, each case's timeline starting with the chat; a comment and a
 * status change; "my cases". */

typedef struct
{
  DeskTestServer *server;
  DeskAgentSession *op1;
  PanelVisitor *visitor;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = desk_test_server_start (FALSE);
  f->op1 = panel_test_connect (f->server, "op1");
  panel_test_set_available (f->op1);
  f->visitor = panel_visitor_start (f->server, "Марія");
  panel_test_accept_chat (f->op1, f->visitor->chat_id);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->visitor, panel_visitor_free);
  g_clear_object (&f->op1);
  desk_test_server_stop (f->server);
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static DeskCaseSummary *
finish_case (DeskCaseDraft  *draft,
             PanelWait      *wait,
             GError        **error)
{
  DeskCaseSummary *summary;

  g_assert_true (desk_test_wait_until (panel_test_have_result, wait, 10000));
  summary = desk_case_draft_case_finish (draft, wait->result, error);
  g_clear_object (&wait->result);
  return summary;
}

static DeskCaseSummary *
open_case (DeskCaseDraft  *draft,
           const char     *subject,
           gint64          category_id,
           GError        **error)
{
  PanelWait wait = { NULL };

  desk_case_draft_open_async (draft, subject, category_id, "high", NULL, panel_test_on_done,
                              &wait);
  return finish_case (draft, &wait, error);
}

static DeskCaseSummary *
link_case (DeskCaseDraft  *draft,
           gint64          number,
           GError        **error)
{
  PanelWait wait = { NULL };

  desk_case_draft_link_async (draft, number, NULL, panel_test_on_done, &wait);
  return finish_case (draft, &wait, error);
}

static gboolean
timeline_loaded (gpointer data)
{
  return desk_case_timeline_get_summary (data) != NULL &&
         g_list_model_get_n_items (desk_case_timeline_get_entries (data)) > 0;
}

/* Whether the timeline has an entry of @kind, and for "chat" of this chat. */
static gboolean
has_entry (DeskCaseTimeline *timeline,
           const char       *kind,
           const char       *text)
{
  GListModel *entries = desk_case_timeline_get_entries (timeline);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr (DeskCaseEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *words = desk_case_entry_dup_text (entry);

      g_test_message ("  %s: %s", desk_case_entry_get_kind (entry), words);
      if (g_strcmp0 (desk_case_entry_get_kind (entry), kind) == 0 &&
          (text == NULL || g_strcmp0 (words, text) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
test_cases_from_chat (Fixture       *f,
                      gconstpointer  data)
{
  DeskApiClient *client = desk_agent_session_get_client (f->op1);
  g_autoptr (DeskCaseDraft) draft = desk_case_draft_new (client, DESK_INBOX_CHAT,
                                                         f->visitor->chat_id);
  g_autoptr (DeskCaseSummary) first = NULL;
  g_autoptr (DeskCaseSummary) second = NULL;
  g_autoptr (DeskCaseSummary) linked = NULL;
  g_autoptr (DeskCaseCategory) category = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *chat_text = g_strdup_printf ("Chat %" G_GINT64_FORMAT, f->visitor->chat_id);
  gint64 demo_number = 0;

  g_assert_true (desk_test_wait_until (has_items, desk_case_draft_get_categories (draft), 10000));
  g_assert_true (desk_test_wait_until (has_items, desk_case_draft_get_scenarios (draft), 10000));
  g_assert_false (desk_case_draft_get_can_mark_not_a_case (draft));
  category = g_list_model_get_item (desk_case_draft_get_categories (draft), 0);
  due = desk_case_category_dup_due_text (category, g_get_real_time () / G_USEC_PER_SEC);
  g_test_message ("category %s: %s", desk_case_category_get_name (category), due);
  g_assert_true (g_str_has_prefix (due, "Due by ") || g_str_equal (due, "No deadline"));

  /* Two matters in one chat. */
  first = open_case (draft, "Немає інтернету", desk_case_category_get_id (category), &error);
  g_assert_no_error (error);
  second = open_case (draft, "Змінити тариф", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (desk_case_summary_get_id (first), !=, desk_case_summary_get_id (second));
  g_assert_cmpstr (desk_case_summary_get_priority (first), ==, "high");
  g_assert_cmpuint (g_list_model_get_n_items (desk_case_draft_get_opened (draft)), ==, 2);

  /* An empty subject never reaches the server. */
  g_assert_null (open_case (draft, "   ", 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* Each case's timeline starts with the chat. */
  for (guint i = 0; i < 2; i++)
    {
      DeskCaseSummary *kase = i == 0 ? first : second;
      g_autoptr (DeskCaseTimeline) timeline = desk_case_timeline_new (client,
                                                                      desk_case_summary_get_id (kase));

      g_assert_true (desk_test_wait_until (timeline_loaded, timeline, 10000));
      g_assert_cmpstr (desk_case_summary_get_subject (desk_case_timeline_get_summary (timeline)),
                       ==, desk_case_summary_get_subject (kase));
      g_assert_true (has_entry (timeline, "chat", chat_text));
    }

  /* Join a demo case by its number; a number nobody has is a clear error. */
  {
    g_autoptr (JsonNode) open = panel_test_call (f->op1, "GET", "/cases?view=open", NULL);
    JsonArray *cases = json_object_get_array_member (json_node_get_object (open), "cases");

    for (guint i = 0; i < json_array_get_length (cases) && demo_number == 0; i++)
      {
        JsonObject *kase = json_array_get_object_element (cases, i);

        if (json_object_get_int_member (kase, "id") != desk_case_summary_get_id (first) &&
            json_object_get_int_member (kase, "id") != desk_case_summary_get_id (second))
          demo_number = json_object_get_int_member (kase, "number");
      }
  }
  g_assert_cmpint (demo_number, >, 0);
  linked = link_case (draft, demo_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (desk_case_summary_get_number (linked), ==, demo_number);
  g_assert_cmpuint (g_list_model_get_n_items (desk_case_draft_get_opened (draft)), ==, 3);
  g_assert_null (link_case (draft, 987654321, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_test_message ("unknown number: %s", error->message);
  g_clear_error (&error);
  g_assert_nonnull (desk_case_draft_get_error (draft));

  /* A scenario button. */
  {
    g_autoptr (DeskCaseScenario) scenario = g_list_model_get_item (desk_case_draft_get_scenarios (draft),
                                                                   0);
    g_autoptr (DeskCaseSummary) typed = NULL;
    PanelWait wait = { NULL };

    desk_case_draft_run_scenario_async (draft, desk_case_scenario_get_id (scenario), NULL,
                                        panel_test_on_done, &wait);
    typed = finish_case (draft, &wait, &error);
    g_assert_no_error (error);
    g_test_message ("scenario %s → case %s", desk_case_scenario_get_name (scenario),
                    desk_case_summary_get_subject (typed));
    g_assert_cmpuint (g_list_model_get_n_items (desk_case_draft_get_opened (draft)), ==, 4);
    g_assert_null (desk_case_draft_get_error (draft));
  }

  /* "Not a case" is for calls. */
  {
    PanelWait wait = { NULL };

    desk_case_draft_not_a_case_async (draft, NULL, panel_test_on_done, &wait);
    g_assert_true (desk_test_wait_until (panel_test_have_result, &wait, 10000));
    g_assert_false (desk_case_draft_not_a_case_finish (draft, wait.result, &error));
    g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
    g_clear_error (&error);
    g_clear_object (&wait.result);
  }
}

static gboolean
timeline_updated (gpointer data)
{
  DeskCaseSummary *summary = desk_case_timeline_get_summary (data);

  return summary && g_strcmp0 (desk_case_summary_get_status (summary), "in_progress") == 0 &&
         has_entry (data, "status", NULL);
}

static gboolean
query_loaded (gpointer data)
{
  return !desk_case_query_get_loading (data);
}

static void
test_timeline_and_lists (Fixture       *f,
                         gconstpointer  data)
{
  DeskApiClient *client = desk_agent_session_get_client (f->op1);
  g_autoptr (DeskCaseDraft) draft = desk_case_draft_new (client, DESK_INBOX_CHAT,
                                                         f->visitor->chat_id);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCaseSummary) kase = open_case (draft, "Роутер не вмикається", 0, &error);
  g_autoptr (DeskCaseTimeline) timeline = NULL;
  g_autoptr (DeskCaseQuery) mine = NULL;
  gboolean listed = FALSE;
  PanelWait wait = { NULL };

  g_assert_no_error (error);
  timeline = desk_case_timeline_new (client, desk_case_summary_get_id (kase));
  g_assert_true (desk_test_wait_until (timeline_loaded, timeline, 10000));

  desk_case_timeline_comment_async (timeline, "Клієнт перезвонить увечері", FALSE, NULL, panel_test_on_done,
                                    &wait);
  g_assert_true (desk_test_wait_until (panel_test_have_result, &wait, 10000));
  g_assert_true (desk_case_timeline_action_finish (timeline, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  desk_case_timeline_set_status_async (timeline, "in_progress", NULL, NULL, NULL, panel_test_on_done, &wait);
  g_assert_true (desk_test_wait_until (panel_test_have_result, &wait, 10000));
  g_assert_true (desk_case_timeline_action_finish (timeline, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  /* A status the office does not know is its clear 400. */
  desk_case_timeline_set_status_async (timeline, "lost", NULL, NULL, NULL, panel_test_on_done, &wait);
  g_assert_true (desk_test_wait_until (panel_test_have_result, &wait, 10000));
  g_assert_false (desk_case_timeline_action_finish (timeline, wait.result, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  /* Each change reloads the timeline: the server wrote the history. */
  g_assert_true (desk_test_wait_until (timeline_updated, timeline, 10000));
  g_assert_true (has_entry (timeline, "note", "Клієнт перезвонить увечері"));
  g_assert_true (has_entry (timeline, "status", "Status: New → In progress"));

  mine = desk_case_query_new (client, "mine");
  g_assert_true (desk_test_wait_until (query_loaded, mine, 10000));
  g_assert_null (desk_case_query_get_error (mine));
  for (guint i = 0; i < g_list_model_get_n_items (desk_case_query_get_cases (mine)); i++)
    {
      g_autoptr (DeskCaseSummary) row = g_list_model_get_item (desk_case_query_get_cases (mine), i);

      listed |= desk_case_summary_get_id (row) == desk_case_summary_get_id (kase);
    }
  g_assert_true (listed);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/desk/client/cases/from-chat", Fixture, NULL, fixture_setup, test_cases_from_chat,
              fixture_teardown);
  g_test_add ("/desk/client/cases/timeline", Fixture, NULL, fixture_setup,
              test_timeline_and_lists, fixture_teardown);
  return g_test_run ();
}
