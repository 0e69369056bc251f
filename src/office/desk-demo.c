/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-demo"

#include "desk-i18n.h"
#include "desk-demo.h"
#include "desk-demo-private.h"
#include "desk-error.h"

#include <math.h>

/*
 * The demo office: a small Kyiv internet and TV provider with 30 days of
 * history. Everything comes from one GRand with a fixed seed and from the
 * anchor, never from the clock, so the same anchor gives the same office.
 *
 * The history is simulated first, in memory: arrivals of calls and chats,
 * operators with shifts and breaks who take them one at a time, callbacks,
 * and a planned life for every case (desk-demo-contacts.c, desk-demo-cases.c).
 * Then it is written in time order with the store's clock set to each moment,
 * so that timelines and the audit log read as if the office had lived it.
 */

#define DEMO_SEED 0x5f3759df

/* Helpers shared by the generator's files */

/* A duration: @base plus an exponential tail of @mean, at most @cap. */
int
_desk_demo_duration (Demo   *d,
                     int     base,
                     double  mean,
                     int     cap)
{
  int value = base + (int) (-mean * log (1.0 - g_rand_double (d->rand)));

  return MIN (value, cap);
}

int
_desk_demo_pick_weighted (Demo      *d,
                          const int *weights,
                          int        n)
{
  int sum = 0, r;

  for (int i = 0; i < n; i++)
    sum += weights[i];
  r = rnd (d, 0, sum - 1);
  for (int i = 0; i < n; i++)
    if ((r -= weights[i]) < 0)
      return i;
  return n - 1;
}

const char *
_desk_demo_keepf (Demo       *d,
                  const char *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return keep (d, text);
}

/* Local midnight of the day @offset days from the anchor's date, in Kyiv. */
gint64
_desk_demo_day_start (Demo *d,
                      int   offset,
                      int  *weekday,
                      int  *week)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (d->anchor);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, d->tz);
  g_autoptr (GDateTime) midnight = g_date_time_new (d->tz, g_date_time_get_year (local),
                                                    g_date_time_get_month (local),
                                                    g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr (GDateTime) day = g_date_time_add_days (midnight, offset);

  if (weekday)
    *weekday = g_date_time_get_day_of_week (day);
  if (week)
    *week = g_date_time_get_week_of_year (day);
  return g_date_time_to_unix (day);
}

/* The office's configuration */

static const struct
{
  const char *login;
  const char *name;
  const char *first_name;
  DeskRole role;
  const char *sip_user;
  int levels[6];           /* internet, tv, billing, sales, uk, ru */
} staff[] = {
  { "owner", "Василь Гончаренко", "Василь", DESK_ROLE_OWNER, NULL, { 0 } },
  { "supervisor", "Марина Литвин", "Марина", DESK_ROLE_SUPERVISOR, NULL, { 9, 8, 8, 7, 10, 8 } },
  { "op1", "Олена Коваль", "Олена", DESK_ROLE_OPERATOR, "1001", { 8, 5, 7, 3, 10, 7 } },
  { "op2", "Дмитро Савчук", "Дмитро", DESK_ROLE_OPERATOR, "1002", { 9, 8, 4, 6, 8, 9 } },
  { "op3", "Ірина Мельник", "Ірина", DESK_ROLE_OPERATOR, "1003", { 5, 6, 8, 9, 9, 5 } },
};

static const char * const skill_names[] = {
  "internet", "tv", "billing", "sales", "uk", "ru", NULL
};

/* SIP secrets are made by the office, never typed: from the seed, here. */
static void
make_sip_password (Demo *d,
                   char *out,
                   gsize size)
{
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  for (gsize i = 0; i + 1 < size; i++)
    out[i] = alphabet[rnd (d, 0, sizeof alphabet - 2)];
  out[size - 1] = '\0';
}

static gboolean
seed_staff (Demo    *d,
            GError **error)
{
  for (guint i = 0; skill_names[i]; i++)
    CHECK (check_id (d->skill_ids[i] = desk_store_add_skill (d->store, skill_names[i], error)));

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      char sip_password[17];
      DeskUserNew user = { staff[i].login, staff[i].name, staff[i].role, "demo" };
      gint64 id;

      make_sip_password (d, sip_password, sizeof sip_password);
      user.sip_user = staff[i].sip_user;
      user.sip_password = staff[i].sip_user ? sip_password : NULL;
      user.max_chats = staff[i].role == DESK_ROLE_OPERATOR ? 3 : 2;
      CHECK (check_id (id = desk_store_add_user (d->store, &user, error)));
      for (guint s = 0; skill_names[s]; s++)
        if (staff[i].levels[s] > 0)
          CHECK (desk_store_set_user_skill (d->store, id, d->skill_ids[s], staff[i].levels[s],
                                            error));

      if (staff[i].role == DESK_ROLE_OWNER)
        d->owner_id = id;
      else if (staff[i].role == DESK_ROLE_SUPERVISOR)
        d->supervisor_id = id;
      else
        {
          int op = i - 2;

          d->op_ids[op] = id;
          d->op_sip_users[op] = staff[i].sip_user;
          d->op_first_names[op] = staff[i].first_name;
        }
    }
  return TRUE;
}

static gboolean
seed_routing (Demo    *d,
              GError **error)
{
  DeskQueue support = {
    .name = "Підтримка", .strategy = DESK_QUEUE_STRATEGY_SKILLS, .skill_relax_seconds = 30,
    .sticky_seconds = 20, .sticky_days = 30, .max_wait_seconds = 600, .max_length = 20,
    .overflow_to_callback = TRUE, .wrapup_seconds = 30, .announce_seconds = 45,
    .service_level_seconds = 20, .callback_digit = "3", .chat_weight = 0.5,
  };
  DeskQueue sales = {
    .name = "Продажі", .strategy = DESK_QUEUE_STRATEGY_RING_ALL, .skill_relax_seconds = 30,
    .sticky_days = 30, .max_wait_seconds = 300, .max_length = 10, .overflow_to_callback = TRUE,
    .wrapup_seconds = 30, .announce_seconds = 45, .service_level_seconds = 30,
    .callback_digit = "3", .chat_weight = 0.5,
  };
  DeskIvrMenu root = { "Головне меню", 0, _desk_demo_ivr_greeting, 5, 2 };
  DeskIvrItem items[] = {
    { 0, "1", DESK_IVR_ACTION_QUEUE, "Технічна підтримка" },
    { 0, "2", DESK_IVR_ACTION_QUEUE, "Підключення і тарифи" },
    { 0, "3", DESK_IVR_ACTION_CASE_STATUS, "Стан звернення",
      .prompt = "Введіть номер звернення і натисніть решітку." },
    { 0, "0", DESK_IVR_ACTION_OPERATOR, "Оператор" },
  };
  gint64 menu_id;

  support.skill_id = d->skill_ids[0];   /* internet */
  sales.skill_id = d->skill_ids[3];     /* sales */
  CHECK (check_id (d->support_id = desk_store_add_queue (d->store, &support, error)));
  sales.overflow_queue_id = d->support_id;
  CHECK (check_id (d->sales_id = desk_store_add_queue (d->store, &sales, error)));
  for (int op = 0; op < N_OPERATORS; op++)
    CHECK (desk_store_add_queue_member (d->store, d->support_id, d->op_ids[op], op == 2, error));
  CHECK (desk_store_add_queue_member (d->store, d->sales_id, d->op_ids[2], 0, error));
  CHECK (desk_store_add_queue_member (d->store, d->sales_id, d->op_ids[1], 1, error));

  CHECK (check_id (menu_id = desk_store_add_ivr_menu (d->store, &root, error)));
  items[0].queue_id = d->support_id;
  items[1].queue_id = d->sales_id;
  items[3].queue_id = d->support_id;
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      items[i].menu_id = menu_id;
      CHECK (check_id (desk_store_add_ivr_item (d->store, &items[i], error)));
    }
  CHECK (check_id (desk_store_add_inbound_route (d->store, "100", menu_id, 0, error)));
  return TRUE;
}

static gboolean
seed_catalogue (Demo    *d,
                GError **error)
{
  for (int c = 0; c < DEMO_N_CATS; c++)
    {
      const DemoCategory *cat = &_desk_demo_categories[c];

      d->category_ids[c] = desk_store_add_category (d->store, cat->name, cat->sla_hours,
                                                    d->supervisor_id, error);
      CHECK (check_id (d->category_ids[c]));
    }
  for (const DemoScenario *s = _desk_demo_scenarios; s->label; s++)
    CHECK (check_id (desk_store_add_scenario (d->store, s->label, d->category_ids[s->category],
                                              s->subject, s->priority, error)));
  for (const DemoDisposition *p = _desk_demo_dispositions; p->code; p++)
    CHECK (check_id (desk_store_add_disposition (d->store, p->code, p->label, p->stage, error)));
  for (const DeskBotRule *rule = _desk_demo_bot_rules; rule->phrases; rule++)
    CHECK (check_id (desk_store_add_bot_rule (d->store, rule, error)));
  return TRUE;
}

/* Writing the history */

static gint
compare_calls (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GArray *calls = data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  gint64 ta = g_array_index (calls, DeskCall, ia).offered_at;
  gint64 tb = g_array_index (calls, DeskCall, ib).offered_at;

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

static gint
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *sa = a, *sb = b;

  if (sa->at != sb->at)
    return sa->at < sb->at ? -1 : 1;
  return sa->seq < sb->seq ? -1 : sa->seq > sb->seq;
}

static gint64
call_id (Demo *d,
         int   index)
{
  return index >= 0 ? g_array_index (d->calls, DeskCall, index).id : 0;
}

static gint64
chat_id (Demo *d,
         int   index)
{
  return index >= 0 ? g_array_index (d->chats, DeskChat, index).id : 0;
}

static gboolean
write_step (Demo        *d,
            const Step  *step,
            GError     **error)
{
  PlanCase *kase = case_at (d, step->kase);

  desk_store_set_clock (d->store, step->at);
  switch (step->kind)
    {
    case STEP_CREATE:
      {
        g_autoptr (DeskCase) created = NULL;
        DeskCaseNew spec = {
          .client_id = kase->client >= 0 ? client_at (d, kase->client)->id : 0,
          .category_id = d->category_ids[kase->category],
          .subject = kase->subject,
          .description = kase->description,
          .priority = kase->priority,
          .owner_id = step->owner,
          .channel = kase->channel,
          .call_id = call_id (d, step->call),
          .chat_id = chat_id (d, step->chat),
          .created_at = step->at,
          .portal_token = kase->token,
        };
        CHECK ((created = desk_store_create_case (d->store, step->actor, &spec, error)));
        kase->id = created->id;
        return TRUE;
      }
    case STEP_STATUS:
      return desk_store_set_case_status (d->store, step->actor, kase->id, step->status,
                                         step->resolution, step->text, error);
    case STEP_ASSIGN:
      return desk_store_assign_case (d->store, step->actor, kase->id, step->owner, error);
    case STEP_PRIORITY:
      return desk_store_set_case_priority (d->store, step->actor, kase->id, step->priority, error);
    case STEP_NOTE:
      return desk_store_add_case_note (d->store, step->actor, kase->id, step->note_kind,
                                       step->text, step->is_public, error);
    case STEP_LINK:
      return desk_store_link_case_contact (d->store, step->actor, kase->id,
                                           call_id (d, step->call), chat_id (d, step->chat), error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
write_history (Demo    *d,
               GError **error)
{
  g_autoptr (GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), d->calls->len);

  for (guint i = 0; i < d->calls->len; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_calls, d->calls);
  for (guint i = 0; i < order->len; i++)
    {
      DeskCall *call = &g_array_index (d->calls, DeskCall, g_array_index (order, guint, i));
      desk_store_set_clock (d->store, call->offered_at);
      CHECK (check_id (call->id = desk_store_add_call (d->store, call, error)));
    }

  for (guint i = 0; i < d->chats->len; i++)
    {
      DeskChat *chat = &g_array_index (d->chats, DeskChat, i);
      desk_store_set_clock (d->store, chat->started_at);
      CHECK (check_id (chat->id = desk_store_add_chat (d->store, chat, error)));
    }
  for (guint i = 0; i < d->messages->len; i++)
    {
      DeskChatMessage message = g_array_index (d->messages, DeskChatMessage, i);
      message.chat_id = chat_id (d, (int) message.chat_id);
      desk_store_set_clock (d->store, message.at);
      CHECK (check_id (desk_store_add_chat_message (d->store, &message, error)));
    }

  for (guint i = 0; i < d->callbacks->len; i++)
    {
      DeskCallback callback = g_array_index (d->callbacks, DeskCallback, i);
      callback.call_id = call_id (d, (int) callback.call_id);
      desk_store_set_clock (d->store, callback.requested_at);
      CHECK (check_id (desk_store_add_callback (d->store, &callback, error)));
    }

  for (guint i = 0; i < d->states->len; i++)
    {
      PlanState *state = &g_array_index (d->states, PlanState, i);
      desk_store_set_clock (d->store, state->at);
      CHECK (desk_store_log_agent_state (d->store, d->op_ids[state->op], state->state,
                                         state->reason, state->at, error));
    }

  g_array_sort (d->steps, compare_steps);
  for (guint i = 0; i < d->steps->len; i++)
    CHECK (write_step (d, &g_array_index (d->steps, Step, i), error));
  return TRUE;
}

/* A campaign that starts today: yesterday evening its list was loaded. */
static gboolean
seed_campaign (Demo    *d,
               GError **error)
{
  DeskCampaign campaign = {
    .name = "Гігабіт для постійних клієнтів", .script = _desk_demo_campaign_script,
    .caller_id = "+380443001100", .queue_id = d->sales_id, .hours_start = "10:00",
    .hours_end = "19:00", .max_attempts = 3, .retry_busy_minutes = 15,
    .retry_no_answer_minutes = 60, .running = TRUE,
  };
  g_autoptr (GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const tariffs[] = { "Старт", "Оптимальний", NULL };
  const char *tariff;
  gint64 id;
  int since;

  desk_store_set_clock (d->store,
                        _desk_demo_day_start (d, -1, NULL, NULL) + 17 * HOUR + 40 * MINUTE);
  CHECK (check_id (id = desk_store_add_campaign (d->store, &campaign, error)));
  for (guint added = 0; added < 30;)
    {
      const DemoClient *client = &g_array_index (d->clients, DemoClient,
                                                 rnd (d, 0, d->clients->len - 1));
      DeskCampaignContact contact = { id, client->id, client->name, client->e164 };

      if (client->organization || client->landline || g_hash_table_contains (taken, client->e164))
        continue;
      g_hash_table_add (taken, (gpointer) client->e164);
      tariff = pick (d, tariffs);
      since = rnd (d, 2015, 2022);
      contact.extra_json = _desk_demo_keepf (d, "{\"tariff\": \"%s\", \"client_since\": %d}",
                                             tariff, since);
      CHECK (check_id (desk_store_add_campaign_contact (d->store, &contact, error)));
      added++;
    }
  return TRUE;
}

static gboolean
seed (Demo    *d,
      GError **error)
{
  static const struct { const char *key; const char *value; } settings[] = {
    { "office-name", "Соняшник Телеком" },
    { "default-country", "UA" },
    { "office-number", "100" },
    { "demo", "1" },
  };

  desk_store_set_clock (d->store, d->setup_at);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    CHECK (desk_store_set_setting (d->store, settings[i].key, settings[i].value, error));
  CHECK (desk_store_set_setting (d->store, "bot-greeting", _desk_demo_bot_greeting[DEMO_LANG_UK],
                                 error));
  CHECK (seed_staff (d, error));
  CHECK (seed_routing (d, error));
  CHECK (seed_catalogue (d, error));
  CHECK (_desk_demo_seed_clients (d, error));
  CHECK (_desk_demo_seed_knowledge (d, error));
  _desk_demo_simulate_history (d);
  CHECK (write_history (d, error));
  CHECK (seed_campaign (d, error));
  return TRUE;
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_pointer (&d->strings, g_string_chunk_free);
  g_clear_pointer (&d->tz, g_time_zone_unref);
  g_clear_pointer (&d->clients, g_array_unref);
  g_clear_pointer (&d->numbers, g_hash_table_unref);
  g_clear_pointer (&d->strangers, g_ptr_array_unref);
  g_clear_pointer (&d->calls, g_array_unref);
  g_clear_pointer (&d->chats, g_array_unref);
  g_clear_pointer (&d->messages, g_array_unref);
  g_clear_pointer (&d->callbacks, g_array_unref);
  g_clear_pointer (&d->states, g_array_unref);
  g_clear_pointer (&d->cases, g_array_unref);
  g_clear_pointer (&d->steps, g_array_unref);
  g_clear_pointer (&d->open_callbacks, g_hash_table_unref);
  g_clear_pointer (&d->carried, g_array_unref);
}

/**
 * desk_demo_seed:
 * @store: an empty #DeskStore
 * @anchor: the demo's "now", Unix seconds; the history lies in the 30 days before it
 * @error: a #GError, %DESK_ERROR_CONFLICT if @store already has users
 *
 * Seeds the documented demo office: logins `owner`, `supervisor`, `op1`, `op2` and
 * `op3` with the password `demo`, office number `100` with its IVR, two queues, 300
 * clients, 40 knowledge base articles, 5 news items and 30 days of calls, chats,
 * callbacks, cases and agent states. The same @anchor gives the same data, salted
 * password hashes aside. Operators are offline at @anchor. Either all of it is
 * written or, on error, nothing.
 *
 * Returns: whether the office was seeded
 */
gboolean
desk_demo_seed (DeskStore  *store,
                gint64      anchor,
                GError    **error)
{
  g_autoptr (GPtrArray) users = NULL;
  Demo d = { 0 };
  gboolean ok;

  g_return_val_if_fail (DESK_IS_STORE (store), FALSE);
  g_return_val_if_fail (anchor > HISTORY_DAYS * DAY, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  users = desk_store_list_users (store, error);
  if (users == NULL)
    return FALSE;
  if (users->len > 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                           _("The demo office can only be set up in an empty data folder"));
      return FALSE;
    }

  d.store = store;
  d.anchor = anchor;
  d.limit = anchor - QUIET_BEFORE_ANCHOR;
  d.setup_at = anchor - HISTORY_DAYS * DAY;
  d.rand = g_rand_new_with_seed (DEMO_SEED);
  d.strings = g_string_chunk_new (64 * 1024);
  d.tz = g_time_zone_new_identifier ("Europe/Kyiv");
  if (d.tz == NULL)
    d.tz = g_time_zone_new_identifier ("Europe/Kiev");
  if (d.tz == NULL)
    d.tz = g_time_zone_new_offset (2 * HOUR);
  d.clients = g_array_new (FALSE, TRUE, sizeof (DemoClient));
  d.numbers = g_hash_table_new (g_str_hash, g_str_equal);
  d.strangers = g_ptr_array_new ();
  d.calls = g_array_new (FALSE, TRUE, sizeof (DeskCall));
  d.chats = g_array_new (FALSE, TRUE, sizeof (DeskChat));
  d.messages = g_array_new (FALSE, TRUE, sizeof (DeskChatMessage));
  d.callbacks = g_array_new (FALSE, TRUE, sizeof (DeskCallback));
  d.states = g_array_new (FALSE, TRUE, sizeof (PlanState));
  d.cases = g_array_new (FALSE, TRUE, sizeof (PlanCase));
  d.steps = g_array_new (FALSE, TRUE, sizeof (Step));
  d.open_callbacks = g_hash_table_new (g_str_hash, g_str_equal);
  d.carried = g_array_new (FALSE, FALSE, sizeof (guint));

  ok = desk_store_begin (store, error);
  if (ok)
    {
      ok = seed (&d, error);
      if (ok)
        ok = desk_store_commit (store, error);
      else
        desk_store_rollback (store);
    }
  desk_store_set_clock (store, 0);
  demo_clear (&d);
  return ok;
}

