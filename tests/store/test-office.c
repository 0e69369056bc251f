/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"

static gint64
add_queue (StoreFixture *fixture, const char *name)
{
  g_autoptr (GError) error = NULL;
  DeskQueue queue = { .name = name, .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE };
  gint64 id = desk_store_add_queue (fixture->store, &queue, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_ivr_at_most_five (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 queue = add_queue (fixture, "support");
  DeskIvrMenu root = { .name = "root", .greeting = "greeting.ogg" };
  gint64 menu = desk_store_add_ivr_menu (fixture->store, &root, &error);
  const char *digits[] = { "1", "2", "3", "4", "0", "9" };
  sqlite3 *db = NULL;

  for (guint i = 0; i < 5; i++)
    {
      DeskIvrItem item = { .menu_id = menu, .digit = digits[i], .action = DESK_IVR_ACTION_QUEUE,
                           .label = "q", .queue_id = queue };
      g_assert_cmpint (desk_store_add_ivr_item (fixture->store, &item, &error), >, 0);
      g_assert_no_error (error);
    }
  {
    DeskIvrItem sixth = { .menu_id = menu, .digit = digits[5], .action = DESK_IVR_ACTION_QUEUE,
                          .label = "q", .queue_id = queue };
    g_assert_cmpint (desk_store_add_ivr_item (fixture->store, &sixth, &error), ==, 0);
    g_assert_error (error, DESK_ERROR, DESK_ERROR_LIMIT);
  }

  /* and the schema holds the line even against a raw INSERT */
  desk_sqlite_store_close (DESK_SQLITE_STORE (fixture->store));
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON; INSERT INTO ivr_items (menu_id, "
                                 "digit, action, label, queue_id) VALUES (1, '8', 'queue', 'x', 1)",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);
  store_fixture_reopen (fixture);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM ivr_items"), ==, 5);
}

static void
test_ivr_one_level (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  DeskIvrMenu root = { .name = "root", .greeting = "g" };
  gint64 root_id = desk_store_add_ivr_menu (fixture->store, &root, &error);
  DeskIvrMenu sub = { .name = "billing", .parent_id = root_id, .greeting = "g" };
  gint64 sub_id = desk_store_add_ivr_menu (fixture->store, &sub, &error);
  DeskIvrMenu deeper = { .name = "deeper", .parent_id = sub_id, .greeting = "g" };
  DeskIvrItem link = { .menu_id = root_id, .digit = "5", .action = DESK_IVR_ACTION_SUBMENU,
                       .label = "billing", .submenu_id = sub_id };
  DeskIvrItem bad_link = { .menu_id = sub_id, .digit = "5", .action = DESK_IVR_ACTION_SUBMENU,
                           .label = "loop", .submenu_id = root_id };

  g_assert_no_error (error);
  g_assert_cmpint (desk_store_add_ivr_item (fixture->store, &link, &error), >, 0);
  g_assert_cmpint (desk_store_add_ivr_menu (fixture->store, &deeper, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_cmpint (desk_store_add_ivr_item (fixture->store, &bad_link, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN);
}

static void
test_one_open_callback (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 queue = add_queue (fixture, "support");
  gint64 other = add_queue (fixture, "sales");
  DeskCallback cb = { .e164 = "+380501112233", .queue_id = queue };
  DeskCallback done = { .e164 = "+380501112233", .queue_id = queue,
                        .status = DESK_CALLBACK_STATUS_DONE };
  DeskCallback elsewhere = { .e164 = "+380501112233", .queue_id = other };

  g_assert_cmpint (desk_store_add_callback (fixture->store, &cb, &error), >, 0);
  g_assert_cmpint (desk_store_add_callback (fixture->store, &done, &error), >, 0);
  g_assert_cmpint (desk_store_add_callback (fixture->store, &elsewhere, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (desk_store_add_callback (fixture->store, &cb, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
}

static void
test_agent_state_log (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 op = store_fixture_operator (fixture, "op1");

  g_assert_true (desk_store_log_agent_state (fixture->store, op, DESK_AGENT_STATE_AVAILABLE, NULL,
                                             1000, &error));
  g_assert_true (desk_store_log_agent_state (fixture->store, op, DESK_AGENT_STATE_BREAK, "Обід",
                                             1600, &error));
  g_assert_true (desk_store_log_agent_state (fixture->store, op, DESK_AGENT_STATE_AVAILABLE, NULL,
                                             3400, &error));
  g_assert_true (desk_store_log_agent_state (fixture->store, op, DESK_AGENT_STATE_OFFLINE, NULL,
                                             5000, &error));
  g_assert_no_error (error);
  /* from–to rows without gaps; offline closes the day and opens nothing */
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM agent_state_log"), ==, 3);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM agent_state_log "
                                                 "WHERE ended_at IS NULL"), ==, 0);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT sum(ended_at - started_at) FROM "
                                                 "agent_state_log WHERE state = 'available'"), ==,
                   600 + 1600);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT ended_at - started_at FROM agent_state_log "
                                                 "WHERE reason = 'Обід'"), ==, 1800);
}

static void
test_campaign_and_dispositions (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  DeskCampaign campaign = { .name = "Осінь", .script = "Добрий день!", .max_attempts = 3 };
  gint64 id = desk_store_add_campaign (fixture->store, &campaign, &error);
  DeskCampaignContact contact = { .campaign_id = id, .name = "Оля", .e164 = "+380501112233" };
  DeskCampaign bad_hours = { .name = "Bad", .hours_start = "9am" };

  g_assert_cmpint (desk_store_add_disposition (fixture->store, "meeting", "Зустріч",
                                               DESK_FUNNEL_MEETING, &error), >, 0);
  g_assert_cmpint (desk_store_add_campaign_contact (fixture->store, &contact, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (desk_store_add_campaign_contact (fixture->store, &contact, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (desk_store_add_campaign (fixture->store, &bad_hours, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_chat_message_limits (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskChat) chat = desk_chat_new ();
  g_autofree char *huge = g_strnfill (5000, 'x');
  g_autoptr (GPtrArray) messages = NULL;
  DeskChatMessage ok = { .sender = DESK_CHAT_SENDER_VISITOR, .body = (char *) "Добрий день" };
  DeskChatMessage big = { .sender = DESK_CHAT_SENDER_VISITOR, .body = huge };
  gint64 id;

  chat->channel = DESK_CHANNEL_CHAT;
  chat->visitor_name = g_strdup ("<script>alert(1)</script>");
  id = desk_store_add_chat (fixture->store, chat, &error);
  g_assert_no_error (error);
  ok.chat_id = big.chat_id = id;
  g_assert_cmpint (desk_store_add_chat_message (fixture->store, &ok, &error), >, 0);
  g_assert_cmpint (desk_store_add_chat_message (fixture->store, &big, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_LIMIT);
  messages = desk_store_list_chat_messages (fixture->store, id, NULL);
  g_assert_cmpuint (messages->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  STORE_TEST ("/desk/store/office/ivr-at-most-five", test_ivr_at_most_five);
  STORE_TEST ("/desk/store/office/ivr-one-level", test_ivr_one_level);
  STORE_TEST ("/desk/store/office/one-open-callback", test_one_open_callback);
  STORE_TEST ("/desk/store/office/agent-state-log", test_agent_state_log);
  STORE_TEST ("/desk/store/office/campaign-and-dispositions", test_campaign_and_dispositions);
  STORE_TEST ("/desk/store/office/chat-message-limits", test_chat_message_limits);
  return g_test_run ();
}
