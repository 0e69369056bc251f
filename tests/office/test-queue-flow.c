/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-queue-flow"

#include "routing-test-common.h"

static DeskQueueDecision
decide_single (const DeskRouteQueue   *queue,
               const Members          *m,
               const DeskRouteContact *contact,
               gint64                  now_ms)
{
  g_autoptr (GArray) decisions = desk_queue_decide (queue, m->ops, m->n_ops, contact, 1, now_ms);

  g_assert_cmpuint (decisions->len, ==, 1);
  return g_array_index (decisions, DeskQueueDecision, 0);
}

static void
test_no_agents (void)
{
  static const Op nobody[] = { { 1, OFF }, { 2, OFF }, { 0 } };
  static const Op on_break[] = { { 1, OFF }, { 2, BRK }, { 0 } };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };
  DeskRouteContact caller = { .id = 7, .channel = PHONE, .enqueued_at_ms = S (100) };
  DeskRouteContact callback = { .id = 8, .channel = PHONE, .enqueued_at_ms = S (90),
                                .is_callback = TRUE };
  DeskQueueDecision d;
  Members m;

  members_init (&m, nobody);

  /* Nobody logged in: out at once, to the overflow queue first... */
  config.overflow_queue_id = 2;
  d = decide_single (&queue, &m, &caller, S (101));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_OVERFLOW);
  g_assert_cmpint (d.cause, ==, DESK_QUEUE_CAUSE_NO_AGENTS);
  g_assert_cmpint (d.overflow_queue_id, ==, 2);
  d = desk_queue_admit (&queue, m.ops, m.n_ops, NULL, 0, &caller, S (100));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_OVERFLOW);
  g_assert_cmpint (d.cause, ==, DESK_QUEUE_CAUSE_NO_AGENTS);

  /* ...else to a callback request... */
  config.overflow_queue_id = 0;
  d = decide_single (&queue, &m, &caller, S (101));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK);

  /* ...else a closing message. */
  config.overflow_to_callback = FALSE;
  d = decide_single (&queue, &m, &caller, S (101));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_CLOSE);
  g_assert_cmpint (d.ewt_seconds, ==, -1);

  /* A callback waits for whoever logs in. */
  d = decide_single (&queue, &m, &callback, S (101));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
  d = desk_queue_admit (&queue, m.ops, m.n_ops, NULL, 0, &callback, S (101));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);

  /* An operator on a break is logged in: the caller stays, wait unknown. */
  members_init (&m, on_break);
  d = decide_single (&queue, &m, &caller, S (101));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
  g_assert_cmpint (d.ewt_seconds, ==, -1);

  /* No members at all is no one logged in either. */
  config.overflow_to_callback = TRUE;
  d = desk_queue_admit (&queue, NULL, 0, NULL, 0, &caller, S (100));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK);
}

static void
test_max_wait (void)
{
  static const Op busy[] = { { 1, BUSY }, { 0 } };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };
  DeskRouteContact caller = { .id = 7, .channel = PHONE, .enqueued_at_ms = S (100),
                              .last_announced_ms = S (690) };
  DeskQueueDecision d;
  Members m;

  members_init (&m, busy);
  config.overflow_queue_id = 2;

  d = decide_single (&queue, &m, &caller, S (700) - 1);
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
  g_assert_cmpint (d.next_at_ms, ==, S (700));
  d = decide_single (&queue, &m, &caller, S (700));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_OVERFLOW);
  g_assert_cmpint (d.cause, ==, DESK_QUEUE_CAUSE_MAX_WAIT);
  g_assert_cmpint (d.overflow_queue_id, ==, 2);

  /* Overflow never loops: not into the queue itself, not past the hop limit. */
  caller.overflow_hops = DESK_QUEUE_MAX_OVERFLOW_HOPS;
  d = decide_single (&queue, &m, &caller, S (700));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK);
  caller.overflow_hops = 0;
  config.overflow_queue_id = queue.id;
  d = decide_single (&queue, &m, &caller, S (700));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK);
  g_assert_cmpint (d.cause, ==, DESK_QUEUE_CAUSE_MAX_WAIT);

  /* Ringing for an operator, or a callback: not pushed out. */
  caller.offering = TRUE;
  d = decide_single (&queue, &m, &caller, S (5000));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
  caller.offering = FALSE;
  caller.is_callback = TRUE;
  d = decide_single (&queue, &m, &caller, S (5000));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);

  /* 0: no limit. */
  caller.is_callback = FALSE;
  config.max_wait_seconds = 0;
  config.announce_seconds = 0;
  d = decide_single (&queue, &m, &caller, S (100000));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
  g_assert_cmpint (d.next_at_ms, ==, 0);
}

static void
test_max_length (void)
{
  static const Op busy[] = { { 1, BUSY }, { 2, AVAIL, .ringing = TRUE }, { 0 } };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, 0 };
  DeskRouteContact waiting[4] = { 0, };
  DeskRouteContact newcomer = { .id = 50, .channel = PHONE, .enqueued_at_ms = S (100) };
  DeskQueueDecision d;
  Members m;

  members_init (&m, busy);
  config.max_length = 3;
  for (guint i = 0; i < G_N_ELEMENTS (waiting); i++)
    waiting[i] = (DeskRouteContact) { .id = i + 1, .channel = PHONE, .enqueued_at_ms = S (10 * i) };
  waiting[3].is_callback = TRUE;

  /* Three live callers and a callback: the callback takes no line. */
  d = desk_queue_admit (&queue, m.ops, m.n_ops, waiting, 2, &newcomer, S (100));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
  g_assert_cmpuint (d.position, ==, 3);
  d = desk_queue_admit (&queue, m.ops, m.n_ops, waiting, 4, &newcomer, S (100));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK);
  g_assert_cmpint (d.cause, ==, DESK_QUEUE_CAUSE_QUEUE_FULL);
  g_assert_cmpuint (d.position, ==, 5);

  /* A callback request always gets its place. */
  newcomer.is_callback = TRUE;
  d = desk_queue_admit (&queue, m.ops, m.n_ops, waiting, 4, &newcomer, S (100));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);

  /* Those in the line are never pushed out by the length. */
  {
    g_autoptr (GArray) all = desk_queue_decide (&queue, m.ops, m.n_ops, waiting, 4, S (100));

    for (guint i = 0; i < all->len; i++)
      g_assert_cmpint (g_array_index (all, DeskQueueDecision, i).cause, ==, DESK_QUEUE_CAUSE_NONE);
  }

  /* 0: no limit. */
  newcomer.is_callback = FALSE;
  config.max_length = 0;
  d = desk_queue_admit (&queue, m.ops, m.n_ops, waiting, 4, &newcomer, S (100));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_WAIT);
}

static void
test_announcements (void)
{
  static const Op busy[] = { { 1, BUSY }, { 2, WRAP }, { 0 } };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, S (120) };
  DeskRouteContact caller = { .id = 7, .channel = PHONE, .enqueued_at_ms = S (100) };
  DeskQueueDecision d;
  Members m;
  int announced = 0;

  members_init (&m, busy);
  config.max_wait_seconds = 0;

  /* Every 45 s, counted from entry, then from the last announcement. */
  for (gint64 t = S (100); t <= S (400); t += 500)
    {
      d = decide_single (&queue, &m, &caller, t);
      if (d.action == DESK_QUEUE_ACTION_WAIT)
        {
          g_assert_cmpint (d.next_at_ms, >, t);
          continue;
        }
      announced++;
      g_assert_cmpint (t, ==, S (100 + 45 * announced));
      g_assert_cmpuint (d.position, ==, 1);
      g_assert_cmpint (d.ewt_seconds, ==, 60);                   /* 1 × 120 s / 2 */
      g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_OFFER_CALLBACK);
      g_assert_cmpint (d.next_at_ms, ==, t + S (45));
      caller.last_announced_ms = t;
    }
  g_assert_cmpint (announced, ==, 6);

  /* A short wait is announced without offering the callback. */
  queue.avg_handle_ms = S (60);
  caller.last_announced_ms = 0;
  d = decide_single (&queue, &m, &caller, S (145));
  g_assert_cmpint (d.action, ==, DESK_QUEUE_ACTION_ANNOUNCE);
  g_assert_cmpint (d.ewt_seconds, ==, 30);

  /* No callback for an anonymous caller, a chat, or a queue without the digit. */
  queue.avg_handle_ms = S (600);
  caller.anonymous = TRUE;
  g_assert_cmpint (decide_single (&queue, &m, &caller, S (145)).action, ==,
                   DESK_QUEUE_ACTION_ANNOUNCE);
  caller.anonymous = FALSE;
  caller.channel = CHAT;
  g_assert_cmpint (decide_single (&queue, &m, &caller, S (145)).action, ==,
                   DESK_QUEUE_ACTION_ANNOUNCE);
  caller.channel = PHONE;
  config.callback_digit = NULL;
  g_assert_cmpint (decide_single (&queue, &m, &caller, S (145)).action, ==,
                   DESK_QUEUE_ACTION_ANNOUNCE);

  /* 0: no announcements; callbacks are never announced to. */
  config.callback_digit = "3";
  config.announce_seconds = 0;
  g_assert_cmpint (decide_single (&queue, &m, &caller, S (1000)).action, ==,
                   DESK_QUEUE_ACTION_WAIT);
  config.announce_seconds = 45;
  caller.is_callback = TRUE;
  g_assert_cmpint (decide_single (&queue, &m, &caller, S (1000)).action, ==,
                   DESK_QUEUE_ACTION_WAIT);
}

static void
test_estimated_wait (void)
{
  static const Op two_busy[] = { { 1, BUSY }, { 2, WRAP }, { 3, BRK }, { 4, OFF }, { 0 } };
  static const Op one_free[] = { { 1, BUSY }, { 2, AVAIL }, { 0 } };
  static const Op chatting[] = { { 1, BUSY, .chats = 2 }, { 2, BUSY, .chats = 2 }, { 0 } };
  DeskQueue config = routing_test_config (IDLE);
  DeskRouteQueue queue = { 1, &config, S (120) };
  Members m;

  /* Two at work (a break and offline do not count), AHT 120 s. */
  members_init (&m, two_busy);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 1), ==, 60);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 2), ==, 120);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 3), ==, 180);

  /* Rounded up to whole seconds. */
  queue.avg_handle_ms = 1001;
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 1), ==, 1);

  /* Without a history: three minutes a contact. */
  queue.avg_handle_ms = 0;
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 2), ==, 180);

  /* One free operator: the first waits nothing, the second half a handle time. */
  queue.avg_handle_ms = S (120);
  members_init (&m, one_free);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 1), ==, 0);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 2), ==, 60);

  /* Chats: each operator holds min (max_chats 2, 1 / 0.5) = 2, so 4 slots. */
  members_init (&m, chatting);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, CHAT, 1), ==, 30);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, CHAT, 4), ==, 120);
  g_assert_cmpint (desk_queue_estimate_wait (&queue, m.ops, m.n_ops, PHONE, 1), ==, 60);

  /* Nobody at work: unknown. */
  g_assert_cmpint (desk_queue_estimate_wait (&queue, NULL, 0, PHONE, 1), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/office/routing/queue/no-agents", test_no_agents);
  g_test_add_func ("/desk/office/routing/queue/max-wait", test_max_wait);
  g_test_add_func ("/desk/office/routing/queue/max-length", test_max_length);
  g_test_add_func ("/desk/office/routing/queue/announcements", test_announcements);
  g_test_add_func ("/desk/office/routing/queue/estimated-wait", test_estimated_wait);

  return g_test_run ();
}
