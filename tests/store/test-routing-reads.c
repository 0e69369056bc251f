/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"

#include <string.h>

/* What the office reads and changes while it runs calls live. Times are
 * small made-up Unix times, so the windows are easy to read. */

static gint64
add_queue (StoreFixture    *fixture,
           const DeskQueue *queue)
{
  g_autoptr (GError) error = NULL;
  gint64 id = desk_store_add_queue (fixture->store, queue, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_plain_queue (StoreFixture *fixture,
                 const char   *name)
{
  DeskQueue queue = { .name = name, .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE };

  return add_queue (fixture, &queue);
}

static gint64
add_client (StoreFixture *fixture,
            const char   *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, name);
  gint64 id = desk_store_add_client (fixture->store, 0, client, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

typedef struct {
  gint64 client_id;
  gint64 queue_id;
  gint64 operator_id;
  gint64 offered_at;
  gint64 answered_at;   /* 0: not answered */
  gint64 ended_at;      /* 0: still going on */
  int talk_seconds;
  int hold_seconds;
  int wrapup_seconds;
} CallSpec;

static gint64
add_call (StoreFixture   *fixture,
          const CallSpec *spec)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_call_new ();
  gint64 id;

  call->direction = DESK_CALL_DIRECTION_INBOUND;
  call->caller = g_strdup ("+380501112233");
  call->caller_e164 = g_strdup ("+380501112233");
  call->callee = g_strdup ("+380441234567");
  call->client_id = spec->client_id;
  call->queue_id = spec->queue_id;
  call->operator_id = spec->operator_id;
  call->offered_at = spec->offered_at;
  call->answered_at = spec->answered_at;
  call->ended_at = spec->ended_at;
  call->talk_seconds = spec->talk_seconds;
  call->hold_seconds = spec->hold_seconds;
  call->wrapup_seconds = spec->wrapup_seconds;
  call->outcome = spec->answered_at ? DESK_CALL_OUTCOME_ANSWERED : DESK_CALL_OUTCOME_ABANDONED_QUEUE;
  id = desk_store_add_call (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_chat (StoreFixture *fixture,
          gint64        client_id,
          gint64        operator_id,
          gint64        started_at,
          gint64        answered_at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskChat) chat = desk_chat_new ();
  gint64 id;

  chat->channel = DESK_CHANNEL_CHAT;
  chat->client_id = client_id;
  chat->operator_id = operator_id;
  chat->started_at = started_at;
  chat->answered_at = answered_at;
  chat->outcome = answered_at ? DESK_CALL_OUTCOME_ANSWERED : DESK_CALL_OUTCOME_ABANDONED_QUEUE;
  id = desk_store_add_chat (fixture->store, chat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_callback (StoreFixture       *fixture,
              const char         *e164,
              gint64              queue_id,
              gint64              enqueued_at,
              DeskCallbackStatus  status)
{
  g_autoptr (GError) error = NULL;
  DeskCallback callback = { .e164 = e164, .queue_id = queue_id, .requested_at = enqueued_at,
                            .enqueued_at = enqueued_at, .due_at = enqueued_at + 60,
                            .status = status };
  gint64 id = desk_store_add_callback (fixture->store, &callback, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A case of @client owned by @owner, made at @at (the store's clock). */
static gint64
add_case (StoreFixture *fixture,
          gint64        client_id,
          gint64        owner_id,
          gint64        call_id,
          gint64        at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew spec = { .client_id = client_id, .subject = "Не працює інтернет",
                       .priority = DESK_PRIORITY_NORMAL, .owner_id = owner_id,
                       .channel = DESK_CHANNEL_PHONE, .call_id = call_id };

  desk_store_set_clock (fixture->store, at);
  kase = desk_store_create_case (fixture->store, 0, &spec, &error);
  g_assert_no_error (error);
  return kase->id;
}

/* Queues and skills */

static void
test_queues (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) queues = NULL;
  gint64 op1 = store_fixture_operator (fixture, "op1");
  gint64 op2 = store_fixture_operator (fixture, "op2");
  gint64 op3 = store_fixture_operator (fixture, "op3");
  gint64 skill = desk_store_add_skill (fixture->store, "English", &error);
  DeskQueue overflow = { .name = "overflow", .strategy = DESK_QUEUE_STRATEGY_RING_ALL,
                         .callback_digit = "#" };
  gint64 overflow_id, support_id;
  DeskQueueInfo *info;
  DeskQueueMember *member;

  queues = desk_store_list_queues (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (queues);
  g_assert_cmpuint (queues->len, ==, 0);
  g_clear_pointer (&queues, g_ptr_array_unref);

  overflow_id = add_queue (fixture, &overflow);
  {
    DeskQueue support = { .name = "Підтримка", .strategy = DESK_QUEUE_STRATEGY_SKILLS,
                          .skill_id = skill, .skill_relax_seconds = 40, .sticky_seconds = 20,
                          .sticky_days = 7, .max_wait_seconds = 300, .max_length = 12,
                          .overflow_queue_id = overflow_id, .overflow_to_callback = TRUE,
                          .wrapup_seconds = 15, .announce_seconds = 60,
                          .service_level_seconds = 30, .callback_digit = "5",
                          .chat_weight = 0.25 };
    support_id = add_queue (fixture, &support);
  }
  /* members added out of order come back by user id */
  g_assert_true (desk_store_add_queue_member (fixture->store, support_id, op3, 2, &error));
  g_assert_true (desk_store_add_queue_member (fixture->store, support_id, op1, 0, &error));
  g_assert_true (desk_store_add_queue_member (fixture->store, support_id, op2, 1, &error));
  g_assert_true (desk_store_add_queue_member (fixture->store, overflow_id, op2, 0, &error));
  g_assert_no_error (error);

  queues = desk_store_list_queues (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queues->len, ==, 2);

  info = g_ptr_array_index (queues, 0);
  g_assert_cmpint (info->id, ==, overflow_id);
  g_assert_cmpstr (info->name, ==, "overflow");
  g_assert_cmpint (info->config.strategy, ==, DESK_QUEUE_STRATEGY_RING_ALL);
  g_assert_cmpstr (info->config.callback_digit, ==, "#");
  g_assert_cmpint (info->config.skill_id, ==, 0);
  g_assert_cmpint (info->config.overflow_queue_id, ==, 0);
  g_assert_cmpuint (info->members->len, ==, 1);
  g_assert_cmpint (g_array_index (info->members, DeskQueueMember, 0).user_id, ==, op2);

  info = g_ptr_array_index (queues, 1);
  g_assert_cmpint (info->id, ==, support_id);
  g_assert_cmpstr (info->name, ==, "Підтримка");
  g_assert_true (info->config.name == info->name);
  g_assert_true (info->config.callback_digit == info->callback_digit);
  g_assert_cmpstr (info->callback_digit, ==, "5");
  g_assert_cmpint (info->config.strategy, ==, DESK_QUEUE_STRATEGY_SKILLS);
  g_assert_cmpint (info->config.skill_id, ==, skill);
  g_assert_cmpint (info->config.skill_relax_seconds, ==, 40);
  g_assert_cmpint (info->config.sticky_seconds, ==, 20);
  g_assert_cmpint (info->config.sticky_days, ==, 7);
  g_assert_cmpint (info->config.max_wait_seconds, ==, 300);
  g_assert_cmpint (info->config.max_length, ==, 12);
  g_assert_cmpint (info->config.overflow_queue_id, ==, overflow_id);
  g_assert_true (info->config.overflow_to_callback);
  g_assert_cmpint (info->config.wrapup_seconds, ==, 15);
  g_assert_cmpint (info->config.announce_seconds, ==, 60);
  g_assert_cmpint (info->config.service_level_seconds, ==, 30);
  g_assert_cmpfloat_with_epsilon (info->config.chat_weight, 0.25, 1e-9);
  g_assert_cmpuint (info->members->len, ==, 3);
  member = &g_array_index (info->members, DeskQueueMember, 0);
  g_assert_cmpint (member->user_id, ==, op1);
  g_assert_cmpint (member->penalty, ==, 0);
  member = &g_array_index (info->members, DeskQueueMember, 1);
  g_assert_cmpint (member->user_id, ==, op2);
  g_assert_cmpint (member->penalty, ==, 1);
  member = &g_array_index (info->members, DeskQueueMember, 2);
  g_assert_cmpint (member->user_id, ==, op3);
  g_assert_cmpint (member->penalty, ==, 2);
}

static void
test_user_skills (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) skills = NULL;
  gint64 op = store_fixture_operator (fixture, "op1");
  gint64 other = store_fixture_operator (fixture, "op2");
  gint64 english = desk_store_add_skill (fixture->store, "English", &error);
  gint64 billing = desk_store_add_skill (fixture->store, "Billing", &error);

  g_assert_no_error (error);
  skills = desk_store_list_user_skills (fixture->store, op, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skills->len, ==, 0);
  g_clear_pointer (&skills, g_array_unref);

  /* set out of order, read back by skill id */
  g_assert_true (desk_store_set_user_skill (fixture->store, op, billing, 9, &error));
  g_assert_true (desk_store_set_user_skill (fixture->store, op, english, 3, &error));
  g_assert_true (desk_store_set_user_skill (fixture->store, other, english, 7, &error));
  g_assert_no_error (error);
  skills = desk_store_list_user_skills (fixture->store, op, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skills->len, ==, 2);
  g_assert_cmpint (g_array_index (skills, DeskUserSkill, 0).skill_id, ==, english);
  g_assert_cmpint (g_array_index (skills, DeskUserSkill, 0).level, ==, 3);
  g_assert_cmpint (g_array_index (skills, DeskUserSkill, 1).skill_id, ==, billing);
  g_assert_cmpint (g_array_index (skills, DeskUserSkill, 1).level, ==, 9);
  g_clear_pointer (&skills, g_array_unref);

  skills = desk_store_list_user_skills (fixture->store, 4242, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skills->len, ==, 0);
  g_clear_pointer (&skills, g_array_unref);

  skills = desk_store_list_user_skills (fixture->store, -1, &error);
  g_assert_null (skills);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

/* IVR menus and routes */

static void
test_ivr_menu (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskIvrMenuInfo) menu = NULL;
  gint64 queue = add_plain_queue (fixture, "support");
  gint64 category = desk_store_add_category (fixture->store, "Billing", 24, 0, &error);
  DeskIvrMenu root = { .name = "root", .greeting = "Вітаємо!", .timeout_seconds = 7,
                       .max_retries = 3 };
  gint64 root_id = desk_store_add_ivr_menu (fixture->store, &root, &error);
  DeskIvrMenu sub = { .name = "billing", .parent_id = root_id, .greeting = "Рахунки" };
  gint64 sub_id = desk_store_add_ivr_menu (fixture->store, &sub, &error);
  DeskIvrItem items[] = {
    { .menu_id = root_id, .digit = "#", .action = DESK_IVR_ACTION_CALLBACK, .label = "callback" },
    { .menu_id = root_id, .digit = "0", .action = DESK_IVR_ACTION_OPERATOR, .label = "operator" },
    { .menu_id = root_id, .digit = "3", .action = DESK_IVR_ACTION_SUBMENU, .label = "billing",
      .submenu_id = sub_id },
    { .menu_id = root_id, .digit = "*", .action = DESK_IVR_ACTION_INFO, .label = "hours",
      .prompt = "Ми працюємо з 9 до 18" },
    { .menu_id = root_id, .digit = "1", .action = DESK_IVR_ACTION_QUEUE, .label = "support",
      .queue_id = queue },
  };
  const char keypad[] = { '1', '3', '0', '*', '#' };
  DeskIvrChoice *choice;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_assert_cmpint (desk_store_add_ivr_item (fixture->store, &items[i], &error), >, 0);
      g_assert_no_error (error);
    }
  {
    DeskIvrItem typical = { .menu_id = sub_id, .digit = "2", .action = DESK_IVR_ACTION_TYPICAL_CASE,
                            .label = "invoice", .category_id = category };
    g_assert_cmpint (desk_store_add_ivr_item (fixture->store, &typical, &error), >, 0);
  }

  menu = desk_store_get_ivr_menu (fixture->store, root_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (menu->id, ==, root_id);
  g_assert_cmpstr (menu->name, ==, "root");
  g_assert_cmpstr (menu->greeting, ==, "Вітаємо!");
  g_assert_cmpint (menu->parent_id, ==, 0);
  g_assert_cmpint (menu->timeout_seconds, ==, 7);
  g_assert_cmpint (menu->max_retries, ==, 3);
  g_assert_cmpuint (menu->choices->len, ==, G_N_ELEMENTS (keypad));
  /* keypad order, as a caller hears them */
  for (guint i = 0; i < G_N_ELEMENTS (keypad); i++)
    g_assert_cmpint (((DeskIvrChoice *) g_ptr_array_index (menu->choices, i))->digit, ==,
                     keypad[i]);
  choice = g_ptr_array_index (menu->choices, 0);
  g_assert_cmpint (choice->action, ==, DESK_IVR_ACTION_QUEUE);
  g_assert_cmpint (choice->queue_id, ==, queue);
  g_assert_cmpstr (choice->label, ==, "support");
  g_assert_null (choice->prompt);
  choice = g_ptr_array_index (menu->choices, 1);
  g_assert_cmpint (choice->action, ==, DESK_IVR_ACTION_SUBMENU);
  g_assert_cmpint (choice->submenu_id, ==, sub_id);
  choice = g_ptr_array_index (menu->choices, 3);
  g_assert_cmpint (choice->action, ==, DESK_IVR_ACTION_INFO);
  g_assert_cmpstr (choice->prompt, ==, "Ми працюємо з 9 до 18");
  g_clear_pointer (&menu, desk_ivr_menu_info_free);

  menu = desk_store_get_ivr_menu (fixture->store, sub_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (menu->parent_id, ==, root_id);
  g_assert_cmpint (menu->timeout_seconds, ==, 5);  /* the defaults */
  g_assert_cmpint (menu->max_retries, ==, 2);
  g_assert_cmpuint (menu->choices->len, ==, 1);
  choice = g_ptr_array_index (menu->choices, 0);
  g_assert_cmpint (choice->action, ==, DESK_IVR_ACTION_TYPICAL_CASE);
  g_assert_cmpint (choice->category_id, ==, category);
  g_clear_pointer (&menu, desk_ivr_menu_info_free);

  menu = desk_store_get_ivr_menu (fixture->store, 4242, &error);
  g_assert_null (menu);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  menu = desk_store_get_ivr_menu (fixture->store, -5, &error);
  g_assert_null (menu);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_ivr_menu_without_choices (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskIvrMenuInfo) menu = NULL;
  DeskIvrMenu root = { .name = "closed", .greeting = "Ми зачинені" };
  gint64 id = desk_store_add_ivr_menu (fixture->store, &root, &error);

  g_assert_no_error (error);
  menu = desk_store_get_ivr_menu (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (menu->choices);
  g_assert_cmpuint (menu->choices->len, ==, 0);
}

static void
test_inbound_routes (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 queue = add_plain_queue (fixture, "support");
  gint64 sales = add_plain_queue (fixture, "sales");
  DeskIvrMenu root = { .name = "root", .greeting = "g" };
  gint64 menu = desk_store_add_ivr_menu (fixture->store, &root, &error);
  gint64 ivr_menu_id = -1, queue_id = -1;

  g_assert_no_error (error);

  /* nothing configured */
  g_assert_false (desk_store_find_inbound_route (fixture->store, "+380441234567", &ivr_menu_id,
                                                 &queue_id, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_assert_cmpint (ivr_menu_id, ==, 0);
  g_assert_cmpint (queue_id, ==, 0);
  g_clear_error (&error);

  g_assert_cmpint (desk_store_add_inbound_route (fixture->store, "+380441234567", menu, 0, &error), >, 0);
  g_assert_cmpint (desk_store_add_inbound_route (fixture->store, "0800300300", 0, queue, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (desk_store_find_inbound_route (fixture->store, "+380441234567", &ivr_menu_id,
                                                &queue_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ivr_menu_id, ==, menu);
  g_assert_cmpint (queue_id, ==, 0);
  g_assert_true (desk_store_find_inbound_route (fixture->store, "0800300300", &ivr_menu_id,
                                                &queue_id, &error));
  g_assert_cmpint (ivr_menu_id, ==, 0);
  g_assert_cmpint (queue_id, ==, queue);
  /* either answer may be ignored */
  g_assert_true (desk_store_find_inbound_route (fixture->store, "0800300300", NULL, NULL, &error));
  g_assert_no_error (error);

  /* a form of the number nobody configured, and no default */
  g_assert_false (desk_store_find_inbound_route (fixture->store, "0441234567", &ivr_menu_id,
                                                 &queue_id, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_assert_cmpint (ivr_menu_id, ==, 0);
  g_assert_cmpint (queue_id, ==, 0);
  g_clear_error (&error);

  /* the default route takes whatever has no route of its own */
  g_assert_cmpint (desk_store_add_inbound_route (fixture->store, "*", 0, sales, &error), >, 0);
  g_assert_true (desk_store_find_inbound_route (fixture->store, "0441234567", &ivr_menu_id,
                                                &queue_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ivr_menu_id, ==, 0);
  g_assert_cmpint (queue_id, ==, sales);
  g_assert_true (desk_store_find_inbound_route (fixture->store, "", &ivr_menu_id, &queue_id,
                                                &error));
  g_assert_cmpint (queue_id, ==, sales);
  /* and never shadows a number's own route */
  g_assert_true (desk_store_find_inbound_route (fixture->store, "+380441234567", &ivr_menu_id,
                                                &queue_id, &error));
  g_assert_cmpint (ivr_menu_id, ==, menu);
  g_assert_cmpint (queue_id, ==, 0);
  g_assert_true (desk_store_find_inbound_route (fixture->store, "0800300300", &ivr_menu_id,
                                                &queue_id, &error));
  g_assert_cmpint (queue_id, ==, queue);
  g_assert_no_error (error);

  /* not knowing what was dialled is the caller's mistake, not "no route" */
  g_assert_false (desk_store_find_inbound_route (fixture->store, NULL, &ivr_menu_id, &queue_id,
                                                 &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_assert_cmpint (ivr_menu_id, ==, 0);
  g_assert_cmpint (queue_id, ==, 0);
}

/* What routing weighs */

static void
test_recent_operator (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 op1 = store_fixture_operator (fixture, "op1");
  gint64 op2 = store_fixture_operator (fixture, "op2");
  gint64 op3 = store_fixture_operator (fixture, "op3");
  gint64 client = add_client (fixture, "Олена Пчілка");
  gint64 stranger = add_client (fixture, "Леся Українка");
  CallSpec first = { .client_id = client, .operator_id = op1, .offered_at = 990,
                     .answered_at = 1000, .ended_at = 1100 };
  CallSpec second = { .client_id = client, .operator_id = op2, .offered_at = 1990,
                      .answered_at = 2000, .ended_at = 2100 };
  /* offered to op3, who never picked up: not a contact with op3 */
  CallSpec missed = { .client_id = client, .operator_id = op3, .offered_at = 5000 };

  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, client, 0, &error), ==, 0);
  g_assert_no_error (error);

  add_call (fixture, &first);
  add_call (fixture, &second);
  add_call (fixture, &missed);
  add_chat (fixture, client, op3, 1400, 1500);
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, client, 0, &error), ==, op2);
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, client, 2000, &error), ==, op2);
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, client, 2001, &error), ==, 0);
  g_assert_no_error (error);

  /* a newer answered chat wins over the calls */
  add_chat (fixture, client, op3, 2400, 2500);
  add_chat (fixture, client, op1, 6000, 0);  /* still waiting */
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, client, 0, &error), ==, op3);
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, client, 2501, &error), ==, 0);

  /* someone else's history, and an unknown caller */
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, stranger, 0, &error), ==, 0);
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, 0, 0, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, -1, 0, &error), ==, -1);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_case_owner (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 op1 = store_fixture_operator (fixture, "op1");
  gint64 op2 = store_fixture_operator (fixture, "op2");
  gint64 op3 = store_fixture_operator (fixture, "op3");
  gint64 client = add_client (fixture, "Іван Франко");
  gint64 other = add_client (fixture, "Михайло Коцюбинський");
  gint64 older, newer, resolved;

  g_assert_cmpint (desk_store_find_case_owner (fixture->store, client, &error), ==, 0);
  g_assert_no_error (error);

  older = add_case (fixture, client, op1, 0, 1000);
  newer = add_case (fixture, client, op2, 0, 2000);
  add_case (fixture, client, 0, 0, 3000);        /* newest, but nobody owns it */
  resolved = add_case (fixture, client, op3, 0, 4000);
  add_case (fixture, other, op3, 0, 5000);
  desk_store_set_clock (fixture->store, 4100);
  g_assert_true (desk_store_set_case_status (fixture->store, op3, resolved,
                                             DESK_CASE_STATUS_RESOLVED, DESK_RESOLUTION_SOLVED,
                                             NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (desk_store_find_case_owner (fixture->store, client, &error), ==, op2);

  /* a note on the older case makes it the most recently updated */
  desk_store_set_clock (fixture->store, 6000);
  g_assert_true (desk_store_add_case_note (fixture->store, op1, older, DESK_CASE_EVENT_NOTE,
                                           "Передзвонив клієнту", FALSE, &error));
  g_assert_cmpint (desk_store_find_case_owner (fixture->store, client, &error), ==, op1);

  /* waiting is still open; closed is not */
  desk_store_set_clock (fixture->store, 7000);
  g_assert_true (desk_store_set_case_status (fixture->store, op2, newer, DESK_CASE_STATUS_WAITING,
                                             DESK_RESOLUTION_NONE, NULL, &error));
  g_assert_cmpint (desk_store_find_case_owner (fixture->store, client, &error), ==, op2);
  desk_store_set_clock (fixture->store, 8000);
  g_assert_true (desk_store_set_case_status (fixture->store, op2, newer, DESK_CASE_STATUS_RESOLVED,
                                             DESK_RESOLUTION_SOLVED, NULL, &error));
  g_assert_true (desk_store_set_case_status (fixture->store, op2, newer, DESK_CASE_STATUS_CLOSED,
                                             DESK_RESOLUTION_NONE, NULL, &error));
  g_assert_cmpint (desk_store_find_case_owner (fixture->store, client, &error), ==, op1);
  g_assert_no_error (error);

  g_assert_cmpint (desk_store_find_case_owner (fixture->store, 0, &error), ==, 0);
  g_assert_cmpint (desk_store_find_case_owner (fixture->store, 4242, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (desk_store_find_case_owner (fixture->store, -7, &error), ==, -1);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_operator_contacts (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 op1 = store_fixture_operator (fixture, "op1");
  gint64 op2 = store_fixture_operator (fixture, "op2");
  CallSpec morning = { .operator_id = op1, .offered_at = 990, .answered_at = 1000,
                       .ended_at = 1100 };
  CallSpec noon = { .operator_id = op1, .offered_at = 1990, .answered_at = 2000 };
  CallSpec missed = { .operator_id = op1, .offered_at = 2500 };
  /* offered before the window, answered inside it: counts */
  CallSpec long_wait = { .operator_id = op1, .offered_at = 2900, .answered_at = 3100 };
  CallSpec theirs = { .operator_id = op2, .offered_at = 2990, .answered_at = 3000 };

  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op1, 0, &error), ==, 0);
  g_assert_no_error (error);

  add_call (fixture, &morning);
  add_call (fixture, &noon);
  add_call (fixture, &missed);
  add_call (fixture, &long_wait);
  add_call (fixture, &theirs);
  add_chat (fixture, 0, op1, 1400, 1500);
  add_chat (fixture, 0, op1, 2600, 0);   /* not answered */
  add_chat (fixture, 0, op2, 1400, 1450);

  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op1, 0, &error), ==, 4);
  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op1, 1500, &error), ==, 3);
  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op1, 1501, &error), ==, 2);
  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op1, 3000, &error), ==, 1);
  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op1, 3101, &error), ==, 0);
  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op2, 0, &error), ==, 2);
  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, 4242, 0, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, -1, 0, &error), ==, -1);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_average_handle (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 op = store_fixture_operator (fixture, "op1");
  gint64 queue = add_plain_queue (fixture, "support");
  gint64 other = add_plain_queue (fixture, "sales");
  gint64 empty = add_plain_queue (fixture, "empty");
  CallSpec old = { .queue_id = queue, .operator_id = op, .offered_at = 100, .answered_at = 110,
                   .ended_at = 1000, .talk_seconds = 900 };
  CallSpec a = { .queue_id = queue, .operator_id = op, .offered_at = 1990, .answered_at = 2000,
                 .ended_at = 2070, .talk_seconds = 60, .hold_seconds = 10, .wrapup_seconds = 20 };
  CallSpec b = { .queue_id = queue, .operator_id = op, .offered_at = 2990, .answered_at = 3000,
                 .ended_at = 3030, .talk_seconds = 30 };
  CallSpec live = { .queue_id = queue, .operator_id = op, .offered_at = 3990, .answered_at = 4000 };
  CallSpec abandoned = { .queue_id = queue, .offered_at = 4000, .ended_at = 4100 };
  CallSpec elsewhere = { .queue_id = other, .operator_id = op, .offered_at = 2000,
                         .answered_at = 2010, .ended_at = 2300, .talk_seconds = 290 };

  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, queue, 0, &error), ==, 0);
  g_assert_no_error (error);

  add_call (fixture, &old);
  add_call (fixture, &a);
  add_call (fixture, &b);
  add_call (fixture, &live);
  add_call (fixture, &abandoned);
  add_call (fixture, &elsewhere);

  /* (90 s + 30 s) / 2; the old call is before the window, the live one
   * has no times yet, the abandoned one was never handled */
  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, queue, 1500, &error), ==, 60000);
  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, queue, 0, &error), ==,
                   (900 + 90 + 30) * 1000 / 3);
  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, queue, 3001, &error), ==, 0);
  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, other, 0, &error), ==, 290000);
  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, empty, 0, &error), ==, 0);
  g_assert_no_error (error);

  /* milliseconds, rounded: (10 + 10 + 11) / 3 s */
  {
    gint64 q = add_plain_queue (fixture, "rounding");
    CallSpec c = { .queue_id = q, .offered_at = 10, .answered_at = 10, .ended_at = 20,
                   .talk_seconds = 10 };
    add_call (fixture, &c);
    add_call (fixture, &c);
    c.talk_seconds = 11;
    add_call (fixture, &c);
    g_assert_cmpint (desk_store_average_handle_ms (fixture->store, q, 0, &error), ==, 10333);
  }

  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, -1, 0, &error), ==, -1);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

/* Callbacks */

static void
test_open_callbacks (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  gint64 queue = add_plain_queue (fixture, "support");
  gint64 op = store_fixture_operator (fixture, "op1");
  gint64 client = add_client (fixture, "Пантелеймон Куліш");
  gint64 late, early, middle, tie;
  DeskCallbackInfo *callback;

  open = desk_store_list_open_callbacks (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (open);
  g_assert_cmpuint (open->len, ==, 0);
  g_clear_pointer (&open, g_ptr_array_unref);

  late = add_callback (fixture, "+380501110003", queue, 300, DESK_CALLBACK_STATUS_PENDING);
  early = add_callback (fixture, "+380501110001", queue, 100, DESK_CALLBACK_STATUS_DIALING);
  add_callback (fixture, "+380501110004", queue, 50, DESK_CALLBACK_STATUS_DONE);
  add_callback (fixture, "+380501110005", queue, 60, DESK_CALLBACK_STATUS_FAILED);
  add_callback (fixture, "+380501110006", queue, 70, DESK_CALLBACK_STATUS_CANCELLED);
  {
    DeskCallback full = { .e164 = "+380501110002", .client_id = client, .queue_id = queue,
                          .requested_at = 190, .enqueued_at = 200, .due_at = 500,
                          .status = DESK_CALLBACK_STATUS_OFFERED, .attempts = 1,
                          .max_attempts = 4, .operator_id = op, .note = "Після обіду" };
    middle = desk_store_add_callback (fixture->store, &full, &error);
    g_assert_no_error (error);
  }
  /* the same place in the queue as "middle": then by id */
  tie = add_callback (fixture, "+380501110007", 0, 200, DESK_CALLBACK_STATUS_PENDING);

  open = desk_store_list_open_callbacks (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 4);
  g_assert_cmpint (((DeskCallbackInfo *) g_ptr_array_index (open, 0))->id, ==, early);
  g_assert_cmpint (((DeskCallbackInfo *) g_ptr_array_index (open, 1))->id, ==, middle);
  g_assert_cmpint (((DeskCallbackInfo *) g_ptr_array_index (open, 2))->id, ==, tie);
  g_assert_cmpint (((DeskCallbackInfo *) g_ptr_array_index (open, 3))->id, ==, late);

  callback = g_ptr_array_index (open, 1);
  g_assert_cmpstr (callback->e164, ==, "+380501110002");
  g_assert_cmpint (callback->client_id, ==, client);
  g_assert_cmpint (callback->queue_id, ==, queue);
  g_assert_cmpint (callback->call_id, ==, 0);
  g_assert_cmpint (callback->requested_at, ==, 190);
  g_assert_cmpint (callback->enqueued_at, ==, 200);
  g_assert_cmpint (callback->due_at, ==, 500);
  g_assert_cmpint (callback->status, ==, DESK_CALLBACK_STATUS_OFFERED);
  g_assert_cmpint (callback->attempts, ==, 1);
  g_assert_cmpint (callback->max_attempts, ==, 4);
  g_assert_cmpint (callback->next_attempt_at, ==, 0);
  g_assert_cmpint (callback->operator_id, ==, op);
  g_assert_cmpstr (callback->note, ==, "Після обіду");
  callback = g_ptr_array_index (open, 2);
  g_assert_cmpint (callback->queue_id, ==, 0);
  g_assert_cmpint (callback->client_id, ==, 0);
  g_assert_null (callback->note);
}

static void
test_update_callback (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  gint64 queue = add_plain_queue (fixture, "support");
  gint64 op = store_fixture_operator (fixture, "op1");
  gint64 id = add_callback (fixture, "+380501112233", queue, 100, DESK_CALLBACK_STATUS_PENDING);
  DeskCallbackInfo *callback;

  /* dialled once, no answer: back to pending with a time for the next try */
  g_assert_true (desk_store_update_callback (fixture->store, id, DESK_CALLBACK_STATUS_DIALING, 1,
                                             0, op, &error));
  g_assert_true (desk_store_update_callback (fixture->store, id, DESK_CALLBACK_STATUS_PENDING, 1,
                                             1000, 0, &error));
  g_assert_no_error (error);
  open = desk_store_list_open_callbacks (fixture->store, &error);
  g_assert_cmpuint (open->len, ==, 1);
  callback = g_ptr_array_index (open, 0);
  g_assert_cmpint (callback->status, ==, DESK_CALLBACK_STATUS_PENDING);
  g_assert_cmpint (callback->attempts, ==, 1);
  g_assert_cmpint (callback->next_attempt_at, ==, 1000);
  g_assert_cmpint (callback->operator_id, ==, 0);
  g_assert_cmpint (callback->enqueued_at, ==, 100);   /* keeps its place */
  g_clear_pointer (&open, g_ptr_array_unref);

  g_assert_true (desk_store_update_callback (fixture->store, id, DESK_CALLBACK_STATUS_DIALING, 2,
                                             0, op, &error));
  open = desk_store_list_open_callbacks (fixture->store, &error);
  callback = g_ptr_array_index (open, 0);
  g_assert_cmpint (callback->status, ==, DESK_CALLBACK_STATUS_DIALING);
  g_assert_cmpint (callback->attempts, ==, 2);
  g_assert_cmpint (callback->next_attempt_at, ==, 0);
  g_assert_cmpint (callback->operator_id, ==, op);
  g_clear_pointer (&open, g_ptr_array_unref);

  /* done: off the list */
  g_assert_true (desk_store_update_callback (fixture->store, id, DESK_CALLBACK_STATUS_DONE, 2,
                                             0, op, &error));
  g_assert_no_error (error);
  open = desk_store_list_open_callbacks (fixture->store, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM callbacks WHERE "
                                                 "status = 'done' AND attempts = 2"), ==, 1);

  g_assert_false (desk_store_update_callback (fixture->store, 4242, DESK_CALLBACK_STATUS_DONE, 0,
                                              0, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (desk_store_update_callback (fixture->store, 0, DESK_CALLBACK_STATUS_DONE, 0,
                                              0, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_update_callback_conflict (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 queue = add_plain_queue (fixture, "support");
  gint64 other = add_plain_queue (fixture, "sales");
  gint64 first = add_callback (fixture, "+380501112233", queue, 100, DESK_CALLBACK_STATUS_PENDING);
  gint64 second, elsewhere, no_queue, no_queue_again;

  /* the first one fails; the caller asks again and gets a new one */
  g_assert_true (desk_store_update_callback (fixture->store, first, DESK_CALLBACK_STATUS_FAILED, 3,
                                             0, 0, &error));
  g_assert_no_error (error);
  second = add_callback (fixture, "+380501112233", queue, 200, DESK_CALLBACK_STATUS_PENDING);
  elsewhere = add_callback (fixture, "+380501112233", other, 300, DESK_CALLBACK_STATUS_PENDING);
  g_assert_cmpint (elsewhere, >, 0);

  /* reopening the first would give the number two open callbacks in the queue */
  g_assert_false (desk_store_update_callback (fixture->store, first, DESK_CALLBACK_STATUS_PENDING,
                                              3, 0, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM callbacks WHERE "
                                                 "status = 'failed'"), ==, 1);
  /* once the second is done, the first may be reopened */
  g_assert_true (desk_store_update_callback (fixture->store, second, DESK_CALLBACK_STATUS_DONE, 1,
                                             0, 0, &error));
  g_assert_true (desk_store_update_callback (fixture->store, first, DESK_CALLBACK_STATUS_OFFERED,
                                             3, 0, 0, &error));
  g_assert_no_error (error);

  /* without a queue, the number still waits once */
  no_queue = add_callback (fixture, "+380509998877", 0, 100, DESK_CALLBACK_STATUS_CANCELLED);
  no_queue_again = add_callback (fixture, "+380509998877", 0, 200, DESK_CALLBACK_STATUS_PENDING);
  g_assert_cmpint (no_queue_again, >, 0);
  g_assert_false (desk_store_update_callback (fixture->store, no_queue, DESK_CALLBACK_STATUS_DIALING,
                                              1, 0, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
}

static void
test_update_callback_bad_input (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = add_callback (fixture, "+380501112233", 0, 100, DESK_CALLBACK_STATUS_PENDING);
  DeskCallback anonymous = { .e164 = "anonymous" };
  DeskCallback missing = { .e164 = NULL };

  g_assert_false (desk_store_update_callback (fixture->store, id, (DeskCallbackStatus) 42, 0, 0, 0,
                                              &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_store_update_callback (fixture->store, id, DESK_CALLBACK_STATUS_PENDING, -1,
                                              0, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_store_update_callback (fixture->store, id, DESK_CALLBACK_STATUS_PENDING, 0,
                                              -10, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_store_update_callback (fixture->store, -1, DESK_CALLBACK_STATUS_PENDING, 0,
                                              0, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  /* an operator who does not exist */
  g_assert_false (desk_store_update_callback (fixture->store, id, DESK_CALLBACK_STATUS_OFFERED, 0,
                                              0, 4242, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM callbacks WHERE "
                                                 "status = 'pending' AND operator_id IS NULL"), ==, 1);

  /* a withheld number cannot be called back */
  g_assert_cmpint (desk_store_add_callback (fixture->store, &anonymous, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (desk_store_add_callback (fixture->store, &missing, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

/* Calls and their cases */

static void
test_live_call_record (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_call_new ();
  g_autoptr (DeskCall) read = NULL;
  gint64 op = store_fixture_operator (fixture, "op1");
  gint64 queue = add_plain_queue (fixture, "support");
  gint64 client = add_client (fixture, "Марко Вовчок");
  gint64 id;

  /* offered: what the trunk said, nothing more */
  call->direction = DESK_CALL_DIRECTION_INBOUND;
  call->caller = g_strdup ("\"Марко\" <sip:+380501112233@trunk>");
  call->caller_e164 = g_strdup ("+380501112233");
  call->callee = g_strdup ("+380441234567");
  call->dialled = g_strdup ("0441234567");
  call->offered_at = 1000;
  call->id = desk_store_add_call (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (call->id, >, 0);

  /* through the IVR into the queue, answered, held, ended, wrapped up */
  call->client_id = client;
  call->queue_id = queue;
  call->ivr_path = g_strdup ("root:1/support");
  call->operator_id = op;
  call->answered_at = 1030;
  call->ended_at = 1300;
  call->wait_seconds = 30;
  call->talk_seconds = 240;
  call->hold_seconds = 30;
  call->wrapup_seconds = 25;
  call->outcome = DESK_CALL_OUTCOME_ANSWERED;
  call->recording_path = g_strdup ("recordings/2024/01/1.ogg");
  call->hangup_cause = g_strdup ("16 Normal call clearing");
  g_assert_true (desk_store_update_call (fixture->store, call, &error));
  g_assert_no_error (error);

  read = desk_store_get_call (fixture->store, call->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->direction, ==, DESK_CALL_DIRECTION_INBOUND);
  g_assert_cmpstr (read->caller, ==, call->caller);
  g_assert_cmpstr (read->caller_e164, ==, "+380501112233");
  g_assert_cmpstr (read->callee, ==, "+380441234567");
  g_assert_cmpstr (read->dialled, ==, "0441234567");
  g_assert_cmpint (read->client_id, ==, client);
  g_assert_cmpint (read->queue_id, ==, queue);
  g_assert_cmpstr (read->ivr_path, ==, "root:1/support");
  g_assert_cmpint (read->operator_id, ==, op);
  g_assert_cmpint (read->offered_at, ==, 1000);
  g_assert_cmpint (read->answered_at, ==, 1030);
  g_assert_cmpint (read->ended_at, ==, 1300);
  g_assert_cmpint (read->wait_seconds, ==, 30);
  g_assert_cmpint (read->talk_seconds, ==, 240);
  g_assert_cmpint (read->hold_seconds, ==, 30);
  g_assert_cmpint (read->wrapup_seconds, ==, 25);
  g_assert_cmpint (read->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
  g_assert_cmpstr (read->recording_path, ==, "recordings/2024/01/1.ogg");
  g_assert_cmpstr (read->hangup_cause, ==, "16 Normal call clearing");
  g_assert_false (read->not_a_case);
  g_clear_pointer (&read, desk_call_free);

  /* the answer leaves the stats */
  g_assert_cmpint (desk_store_count_operator_contacts (fixture->store, op, 0, &error), ==, 1);
  g_assert_cmpint (desk_store_average_handle_ms (fixture->store, queue, 0, &error), ==, 295000);
  g_assert_cmpint (desk_store_find_recent_operator (fixture->store, client, 0, &error), ==, op);
  g_assert_no_error (error);

  /* an unknown call, and impossible times */
  id = call->id;
  call->id = 4242;
  g_assert_false (desk_store_update_call (fixture->store, call, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  call->id = id;
  call->talk_seconds = -5;
  g_assert_false (desk_store_update_call (fixture->store, call, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  call->talk_seconds = 240;
  g_clear_pointer (&call->callee, g_free);
  g_assert_false (desk_store_update_call (fixture->store, call, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

/* A trunk's header is not always UTF-8; the record is kept, readable. */
static void
test_call_record_not_utf8 (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_call_new ();
  g_autoptr (DeskCall) read = NULL;

  call->direction = DESK_CALL_DIRECTION_INBOUND;
  call->caller = g_strdup ("\"Caf\xe9\" <sip:100@pbx>");
  call->callee = g_strdup ("100");
  call->hangup_cause = g_strdup ("bad \xff byte");
  call->offered_at = 1000;
  call->id = desk_store_add_call (fixture->store, call, &error);
  g_assert_no_error (error);
  read = desk_store_get_call (fixture->store, call->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (read->caller, -1, NULL));
  g_assert_true (g_str_has_prefix (read->caller, "\"Caf"));
  g_assert_true (g_str_has_suffix (read->caller, "<sip:100@pbx>"));
  g_assert_true (g_utf8_validate (read->hangup_cause, -1, NULL));
}

static void
test_not_a_case (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (DeskCall) stale = NULL;
  gint64 op = store_fixture_operator (fixture, "op1");
  CallSpec spec = { .operator_id = op, .offered_at = 1000, .answered_at = 1010 };
  gint64 id = add_call (fixture, &spec);
  DeskAuditEntry *entry;

  stale = desk_store_get_call (fixture->store, id, &error);
  g_assert_no_error (error);

  desk_store_set_clock (fixture->store, 1100);
  g_assert_true (desk_store_set_call_not_a_case (fixture->store, op, id, TRUE, &error));
  g_assert_no_error (error);
  call = desk_store_get_call (fixture->store, id, &error);
  g_assert_true (call->not_a_case);
  g_clear_pointer (&call, desk_call_free);

  audit = desk_store_list_audit (fixture->store, "call", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  entry = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (entry->action, ==, "call.not_a_case");
  g_assert_cmpint (entry->actor_id, ==, op);
  g_assert_cmpint (entry->at, ==, 1100);
  g_assert_cmpstr (entry->detail, ==, "false → true");
  g_clear_pointer (&audit, g_ptr_array_unref);

  /* the live call's later update, from a copy made before, keeps the mark */
  stale->ended_at = 1200;
  stale->talk_seconds = 190;
  g_assert_false (stale->not_a_case);
  g_assert_true (desk_store_update_call (fixture->store, stale, &error));
  g_assert_no_error (error);
  call = desk_store_get_call (fixture->store, id, &error);
  g_assert_true (call->not_a_case);
  g_assert_cmpint (call->talk_seconds, ==, 190);
  g_clear_pointer (&call, desk_call_free);

  /* taken back, audited too */
  g_assert_true (desk_store_set_call_not_a_case (fixture->store, op, id, FALSE, &error));
  call = desk_store_get_call (fixture->store, id, &error);
  g_assert_false (call->not_a_case);
  audit = desk_store_list_audit (fixture->store, "call", id, &error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((DeskAuditEntry *) g_ptr_array_index (audit, 1))->detail, ==, "true → false");
  g_clear_pointer (&audit, g_ptr_array_unref);

  /* no such call: nothing written */
  g_assert_false (desk_store_set_call_not_a_case (fixture->store, op, 4242, TRUE, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM audit_log "
                                                 "WHERE object_type = 'call'"), ==, 2);

  /* an actor who does not exist: the audit row fails, and so does the change */
  g_assert_false (desk_store_set_call_not_a_case (fixture->store, 4242, id, TRUE, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT not_a_case FROM calls"), ==, 0);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM audit_log "
                                                 "WHERE object_type = 'call'"), ==, 2);

  g_assert_false (desk_store_set_call_not_a_case (fixture->store, op, -1, TRUE, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_call_cases (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) cases = NULL;
  gint64 op = store_fixture_operator (fixture, "op1");
  CallSpec spec = { .operator_id = op, .offered_at = 1000, .answered_at = 1010 };
  gint64 call = add_call (fixture, &spec);
  gint64 lonely = add_call (fixture, &spec);
  gint64 first, second;

  cases = desk_store_list_call_cases (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 0);
  g_clear_pointer (&cases, g_array_unref);

  /* one call, two matters: one opened from the call, one linked later */
  second = add_case (fixture, 0, op, 0, 1020);
  first = add_case (fixture, 0, op, call, 1030);
  g_assert_true (desk_store_link_case_contact (fixture->store, op, second, call, 0, &error));
  g_assert_true (desk_store_link_case_contact (fixture->store, op, second, call, 0, &error));
  g_assert_no_error (error);

  cases = desk_store_list_call_cases (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 2);
  g_assert_cmpint (g_array_index (cases, gint64, 0), ==, MIN (first, second));
  g_assert_cmpint (g_array_index (cases, gint64, 1), ==, MAX (first, second));
  g_clear_pointer (&cases, g_array_unref);

  cases = desk_store_list_call_cases (fixture->store, lonely, &error);
  g_assert_cmpuint (cases->len, ==, 0);
  g_clear_pointer (&cases, g_array_unref);
  cases = desk_store_list_call_cases (fixture->store, 4242, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 0);
  g_clear_pointer (&cases, g_array_unref);

  cases = desk_store_list_call_cases (fixture->store, -1, &error);
  g_assert_null (cases);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

/* The reads that run while a caller waits use an index, not a scan. */
static void
test_routing_indexes (StoreFixture *fixture, gconstpointer data)
{
  const struct {
    const char *sql;
    const char *index;
  } plans[] = {
    { "SELECT avg (talk_seconds) FROM calls WHERE queue_id = 1 AND answered_at >= 0 "
      "AND ended_at IS NOT NULL", "calls_answered_by_queue" },
    { "SELECT count(*) FROM calls WHERE operator_id = 1 AND answered_at >= 0",
      "calls_answered_by_operator" },
    { "SELECT count(*) FROM chats WHERE operator_id = 1 AND answered_at >= 0",
      "chats_answered_by_operator" },
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", plans[i].sql, NULL);
      g_autoptr (GString) plan = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      if (strstr (plan->str, plans[i].index) == NULL)
        g_error ("%s does not use %s:\n%s", plans[i].sql, plans[i].index, plan->str);
    }
  sqlite3_close (db);
}

/* A closed store answers every read and change with an error, never a
 * crash or a made-up answer. */
static void
test_closed_store (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (DeskIvrMenuInfo) menu = NULL;
  gint64 ivr_menu_id = -1, queue_id = -1;

  desk_sqlite_store_close (DESK_SQLITE_STORE (fixture->store));

#define ASSERT_STORE_ERROR(expr, failed)                  \
  G_STMT_START {                                          \
    g_assert_true ((expr) == (failed));                   \
    g_assert_error (error, DESK_ERROR, DESK_ERROR_STORE); \
    g_clear_error (&error);                               \
  } G_STMT_END

  ASSERT_STORE_ERROR (list = desk_store_list_queues (fixture->store, &error), NULL);
  ASSERT_STORE_ERROR (ids = desk_store_list_user_skills (fixture->store, 1, &error), NULL);
  ASSERT_STORE_ERROR (menu = desk_store_get_ivr_menu (fixture->store, 1, &error), NULL);
  ASSERT_STORE_ERROR (desk_store_find_inbound_route (fixture->store, "1", &ivr_menu_id, &queue_id,
                                                     &error), FALSE);
  g_assert_cmpint (ivr_menu_id, ==, 0);
  g_assert_cmpint (queue_id, ==, 0);
  ASSERT_STORE_ERROR (desk_store_find_recent_operator (fixture->store, 1, 0, &error), -1);
  ASSERT_STORE_ERROR (desk_store_find_case_owner (fixture->store, 1, &error), -1);
  ASSERT_STORE_ERROR (desk_store_count_operator_contacts (fixture->store, 1, 0, &error), -1);
  ASSERT_STORE_ERROR (desk_store_average_handle_ms (fixture->store, 1, 0, &error), -1);
  ASSERT_STORE_ERROR (list = desk_store_list_open_callbacks (fixture->store, &error), NULL);
  ASSERT_STORE_ERROR (desk_store_update_callback (fixture->store, 1, DESK_CALLBACK_STATUS_DONE, 0,
                                                  0, 0, &error), FALSE);
  ASSERT_STORE_ERROR (desk_store_set_call_not_a_case (fixture->store, 1, 1, TRUE, &error), FALSE);
  ASSERT_STORE_ERROR (ids = desk_store_list_call_cases (fixture->store, 1, &error), NULL);

#undef ASSERT_STORE_ERROR
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  STORE_TEST ("/desk/store/routing/queues", test_queues);
  STORE_TEST ("/desk/store/routing/user-skills", test_user_skills);
  STORE_TEST ("/desk/store/routing/ivr-menu", test_ivr_menu);
  STORE_TEST ("/desk/store/routing/ivr-menu-without-choices", test_ivr_menu_without_choices);
  STORE_TEST ("/desk/store/routing/inbound-routes", test_inbound_routes);
  STORE_TEST ("/desk/store/routing/recent-operator", test_recent_operator);
  STORE_TEST ("/desk/store/routing/case-owner", test_case_owner);
  STORE_TEST ("/desk/store/routing/operator-contacts", test_operator_contacts);
  STORE_TEST ("/desk/store/routing/average-handle", test_average_handle);
  STORE_TEST ("/desk/store/routing/open-callbacks", test_open_callbacks);
  STORE_TEST ("/desk/store/routing/update-callback", test_update_callback);
  STORE_TEST ("/desk/store/routing/update-callback-conflict", test_update_callback_conflict);
  STORE_TEST ("/desk/store/routing/update-callback-bad-input", test_update_callback_bad_input);
  STORE_TEST ("/desk/store/routing/live-call-record", test_live_call_record);
  STORE_TEST ("/desk/store/routing/call-record-not-utf8", test_call_record_not_utf8);
  STORE_TEST ("/desk/store/routing/not-a-case", test_not_a_case);
  STORE_TEST ("/desk/store/routing/call-cases", test_call_cases);
  STORE_TEST ("/desk/store/routing/indexes", test_routing_indexes);
  STORE_TEST ("/desk/store/routing/closed-store", test_closed_store);
  return g_test_run ();
}
