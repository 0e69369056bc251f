/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-demo"

#include "desk-demo-private.h"

/*
 * The demo's 30 days of contacts, one day at a time. Calls arrive through the
 * day with a rush in the late morning; the three operators work shifts with
 * breaks, take one call at a time in the order callers queued, and wrap up
 * after each; callers who wait too long hang up or ask for a callback, which
 * the first free operator makes. Chats come in too, the bot answers first.
 * Each day ends with the operators' state log. As in desk-demo-cases.c, every
 * random draw is a statement of its own, so no compiler can reorder them.
 */

#define NOBODY G_MAXINT64
#define MAX_BREAKS 3

typedef struct
{
  gint64 start;
  gint64 talk_end;
  gint64 free_at;          /* after wrap-up */
} Contact;

typedef struct
{
  gboolean works;
  gint64 start;
  gint64 end;
  int n_breaks;
  gint64 break_start[MAX_BREAKS];
  gint64 break_end[MAX_BREAKS];
  const char *break_reason[MAX_BREAKS];
  gint64 busy_until;
  GArray *contacts;        /* Contact, in time order */
} Shift;

typedef enum {
  DEMAND_CALL,
  DEMAND_CALLBACK,
} DemandKind;

typedef struct
{
  gint64 at;
  guint seq;
  DemandKind kind;
  guint callback;
} Demand;

typedef struct
{
  Demo *d;
  gint64 midnight;
  int weekday;
  Shift shifts[N_OPERATORS];
  GArray *demands;         /* Demand, in time order */
  guint next;              /* the demand being handled */
} Day;

static DeskCall *
call_at (Demo *d,
         int   index)
{
  return &g_array_index (d->calls, DeskCall, index);
}

/* Shifts */

static void
add_break (Shift      *shift,
           gint64      start,
           gint64      length,
           const char *reason)
{
  g_assert (shift->n_breaks < MAX_BREAKS);
  shift->break_start[shift->n_breaks] = start;
  shift->break_end[shift->n_breaks] = start + length;
  shift->break_reason[shift->n_breaks] = reason;
  shift->n_breaks++;
}

static void
plan_shifts (Day *day,
             int  week)
{
  /* Minutes after midnight: shift start, first break, lunch, afternoon break. */
  static const int rota[N_OPERATORS][4] = {
    { 9 * 60, 11 * 60, 12 * 60 + 30, 16 * 60 + 15 },
    { 11 * 60, 13 * 60, 15 * 60, 17 * 60 + 30 },
    { 10 * 60, 12 * 60, 13 * 60 + 45, 17 * 60 + 15 },
  };
  Demo *d = day->d;
  gint64 midnight = day->midnight;

  for (int op = 0; op < N_OPERATORS; op++)
    {
      Shift *s = &day->shifts[op];

      s->contacts = g_array_new (FALSE, FALSE, sizeof (Contact));
      if (day->weekday <= 5)
        {
          s->works = !chance (d, 4);   /* a day off sick now and then */
          s->start = midnight + rota[op][0] * MINUTE;
          s->end = s->start + 9 * HOUR;
          add_break (s, midnight + (rota[op][1] + rnd (d, 0, 20)) * MINUTE, 0, "Перерва");
          s->break_end[0] += rnd (d, 10, 15) * MINUTE;
          add_break (s, midnight + (rota[op][2] + rnd (d, 0, 15)) * MINUTE, HOUR, "Обід");
          if (day->weekday == 3 && week % N_OPERATORS == op)
            add_break (s, midnight + (rota[op][3] - 15) * MINUTE, HOUR, "Навчання");
          else
            {
              add_break (s, midnight + (rota[op][3] + rnd (d, 0, 20)) * MINUTE, 0, "Перерва");
              s->break_end[2] += rnd (d, 10, 15) * MINUTE;
            }
        }
      else if (day->weekday == 6 && week % N_OPERATORS == op)
        {
          s->works = TRUE;
          s->start = midnight + 10 * HOUR;
          s->end = midnight + 16 * HOUR;
          add_break (s, midnight + 12 * HOUR + rnd (d, 30, 60) * MINUTE, 30 * MINUTE, "Обід");
        }

      /* On the anchor's day everybody has logged off before the anchor. */
      s->end = MIN (s->end, d->limit);
      if (s->end - s->start < HOUR)
        s->works = FALSE;
      for (int b = 0; b < s->n_breaks; b++)
        {
          s->break_end[b] = MIN (s->break_end[b], s->end);
          if (s->break_start[b] >= s->break_end[b])
            s->break_end[b] = s->break_start[b];
        }
      s->busy_until = s->start;
    }
}

/* When the operator can take a contact offered at @t, or NOBODY today. */
static gint64
free_at (const Shift *s,
         gint64       t)
{
  gint64 f;

  if (!s->works)
    return NOBODY;
  f = MAX (MAX (t, s->busy_until), s->start);
  for (int b = 0; b < s->n_breaks; b++)
    if (f >= s->break_start[b] && f < s->break_end[b])
      f = s->break_end[b];
  return f < s->end - 5 * MINUTE ? f : NOBODY;
}

static void
occupy (Shift  *s,
        gint64  start,
        gint64  talk_end,
        gint64  free)
{
  Contact contact = { start, talk_end, free };

  g_array_append_val (s->contacts, contact);
  s->busy_until = free;
  /* A break that falls due during a contact waits for its end. */
  for (int b = 0; b < s->n_breaks; b++)
    if (s->break_start[b] < free && s->break_end[b] > start)
      {
        gint64 limit = b + 1 < s->n_breaks ? s->break_start[b + 1] : s->end;

        s->break_end[b] = MIN (MAX (s->break_end[b], free + 10 * MINUTE), MIN (limit, s->end));
        s->break_start[b] = MIN (free, s->break_end[b]);
      }
}

static int
find_operator (Day      *day,
               gboolean  sales,
               gint64    t,
               gint64   *at)
{
  static const int support_members[] = { 0, 1, 2, -1 };
  static const int sales_members[] = { 2, 1, -1 };
  const int *members = sales ? sales_members : support_members;
  int best = -1;

  *at = NOBODY;
  for (int i = 0; members[i] >= 0; i++)
    {
      const Shift *s = &day->shifts[members[i]];
      gint64 f = free_at (s, t);

      /* Ties go to whoever has been idle longest. */
      if (f < *at || (f == *at && f != NOBODY && s->busy_until < day->shifts[best].busy_until))
        {
          *at = f;
          best = members[i];
        }
    }
  return best;
}

static void
push_state (Demo           *d,
            int             op,
            gint64          at,
            DeskAgentState  state,
            const char     *reason)
{
  PlanState entry = { at, op, state, reason };
  PlanState *last = d->states->len > 0
                    ? &g_array_index (d->states, PlanState, d->states->len - 1) : NULL;

  /* A state that lasted no time at all is left out. */
  if (last && last->op == op && last->at == at)
    {
      g_array_set_size (d->states, d->states->len - 1);
      last = d->states->len > 0
             ? &g_array_index (d->states, PlanState, d->states->len - 1) : NULL;
    }
  if (last && last->op == op && last->state == state && g_strcmp0 (last->reason, reason) == 0)
    return;
  g_array_append_val (d->states, entry);
}

static void
log_shift (Demo        *d,
           int          op,
           const Shift *s)
{
  guint c = 0;
  int b = 0;

  if (!s->works)
    return;
  push_state (d, op, s->start, DESK_AGENT_STATE_AVAILABLE, NULL);
  while (c < s->contacts->len || b < s->n_breaks)
    {
      const Contact *contact = c < s->contacts->len
                               ? &g_array_index (s->contacts, Contact, c) : NULL;

      if (b < s->n_breaks && s->break_start[b] == s->break_end[b])
        {
          b++;
          continue;
        }
      if (contact && (b >= s->n_breaks || contact->start < s->break_start[b]))
        {
          push_state (d, op, contact->start, DESK_AGENT_STATE_ON_CONTACT, NULL);
          if (contact->free_at > contact->talk_end)
            push_state (d, op, contact->talk_end, DESK_AGENT_STATE_WRAP_UP, NULL);
          push_state (d, op, contact->free_at, DESK_AGENT_STATE_AVAILABLE, NULL);
          c++;
        }
      else
        {
          push_state (d, op, s->break_start[b], DESK_AGENT_STATE_BREAK, s->break_reason[b]);
          push_state (d, op, s->break_end[b], DESK_AGENT_STATE_AVAILABLE, NULL);
          b++;
        }
    }
  push_state (d, op, MAX (s->end, s->busy_until), DESK_AGENT_STATE_OFFLINE, NULL);
}

/* Calls and callbacks */

static int
add_call (Demo           *d,
          const DeskCall *call)
{
  g_array_append_val (d->calls, *call);
  return d->calls->len - 1;
}

static void
add_demand (Day    *day,
            Demand  demand)
{
  guint i;

  demand.seq = day->d->seq++;
  for (i = day->next + 1; i < day->demands->len; i++)
    if (g_array_index (day->demands, Demand, i).at > demand.at)
      break;
  g_array_insert_val (day->demands, i, demand);
}

static int
pick_caller (Demo *d)
{
  int client;

  if (chance (d, 14))
    return -1;
  if (d->n_recent > 0 && chance (d, 20))
    return d->recent[rnd (d, 0, MIN (d->n_recent, G_N_ELEMENTS (d->recent)) - 1)];
  client = rnd (d, 0, d->clients->len - 1);
  d->recent[d->n_recent++ % G_N_ELEMENTS (d->recent)] = client;
  return client;
}

static const char *
caller_number (Demo *d,
               int   client)
{
  DemoClient *c = client_at (d, client);

  if (c == NULL)
    return g_ptr_array_index (d->strangers, rnd (d, 0, d->strangers->len - 1));
  return c->landline && chance (d, 30) ? c->landline : c->e164;
}

static char *
callback_key (const char *e164,
              gint64      queue_id)
{
  return g_strdup_printf ("%s %" G_GINT64_FORMAT, e164, queue_id);
}

/* One open callback per number and queue: a caller who asks twice keeps the first. */
static gboolean
open_callback (Demo               *d,
               const DeskCallback *callback)
{
  g_autofree char *key = callback_key (callback->e164, callback->queue_id);

  if (g_hash_table_contains (d->open_callbacks, key))
    return FALSE;
  g_hash_table_add (d->open_callbacks, (gpointer) keep (d, key));
  g_array_append_val (d->callbacks, *callback);
  return TRUE;
}

static void
close_callback (Demo         *d,
                DeskCallback *callback,
                DeskCallbackStatus status)
{
  g_autofree char *key = callback_key (callback->e164, callback->queue_id);

  callback->status = status;
  g_hash_table_remove (d->open_callbacks, key);
}

static gboolean
request_callback (Day        *day,
                  int         call,
                  const char *number,
                  int         client,
                  gint64      queue_id,
                  gint64      enqueued_at,
                  gint64      at)
{
  Demo *d = day->d;
  DeskCallback callback = {
    .e164 = number, .client_id = client >= 0 ? client_at (d, client)->id : 0,
    .queue_id = queue_id, .call_id = call, .requested_at = at, .enqueued_at = enqueued_at,
    .due_at = at, .status = DESK_CALLBACK_STATUS_PENDING, .max_attempts = 3,
  };
  Demand demand = { at + rnd (d, 5, 30), 0, DEMAND_CALLBACK, d->callbacks->len };

  if (!open_callback (d, &callback))
    return FALSE;
  add_demand (day, demand);
  return TRUE;
}

/* "Call me back later": callbacks an operator promised, due after the anchor. */
static void
promise_callback (Day        *day,
                  int         call,
                  const char *number,
                  int         client,
                  int         op,
                  gint64      at)
{
  Demo *d = day->d;
  DeskCallback callback = {
    .e164 = number, .client_id = client_at (d, client)->id, .queue_id = d->support_id,
    .call_id = call, .requested_at = at, .enqueued_at = at,
    .due_at = d->anchor + rnd (d, 60, 6 * 60) * MINUTE,
    .status = DESK_CALLBACK_STATUS_PENDING, .max_attempts = 3, .operator_id = d->op_ids[op],
    .note = "Клієнт просив передзвонити пізніше",
  };

  open_callback (d, &callback);
}

static void
after_call (Day        *day,
            int         call,
            int         client,
            const char *number,
            gboolean    sales,
            int         op,
            gint64      start,
            gint64      end)
{
  static const int support_mix[DEMO_N_CATS] = { 28, 18, 20, 16, 0, 6, 6, 6 };
  static const int sales_mix[DEMO_N_CATS] = { 0, 0, 0, 0, 60, 0, 30, 10 };
  Demo *d = day->d;
  CaseSeed seed = {
    .client = client, .channel = DESK_CHANNEL_PHONE, .owner = d->op_ids[op], .call = call,
    .chat = -1, .created_at = start + rnd (d, 20, MAX (21, (end - start) / 2)),
    .contact_end = end, .category = DEMO_CAT_OTHER,
  };

  if (client >= 0 && start > d->anchor - 60 * HOUR && chance (d, 5))
    promise_callback (day, call, number, client, op, end);
  if (chance (d, 3))
    {
      call_at (d, call)->not_a_case = TRUE;   /* a wrong number, a prank */
      return;
    }
  if (chance (d, 1))
    {
      _desk_demo_plan_case (d, &seed, TRUE);
      return;
    }
  if (_desk_demo_follow_up (d, client, call, -1, start + 20, d->op_ids[op]))
    return;
  if (!chance (d, sales ? 55 : 40))
    return;   /* an answer on the spot: no case */

  seed.category = _desk_demo_pick_weighted (d, sales ? sales_mix : support_mix, DEMO_N_CATS);
  if (client < 0)
    seed.description = _desk_demo_keepf (d, "Клієнта не знайдено в базі, телефон %s", number);
  _desk_demo_plan_case (d, &seed, FALSE);
  /* One call, two matters. */
  if (chance (d, 4))
    {
      DemoCategoryId first = seed.category;

      while (seed.category == first)
        seed.category = _desk_demo_pick_weighted (d, support_mix, DEMO_N_CATS);
      seed.created_at = MIN (seed.created_at + 20, end);
      _desk_demo_plan_case (d, &seed, FALSE);
    }
}

static void
inbound_call (Day    *day,
              gint64  t)
{
  Demo *d = day->d;
  int client = pick_caller (d);
  const char *number = caller_number (d, client);
  DeskCall call = { 0 };
  int r = rnd (d, 0, 99), ivr = rnd (d, 6, 20), op, patience, talk, hold, wrap, index;
  gboolean sales;
  gint64 queued, a;

  call.direction = DESK_CALL_DIRECTION_INBOUND;
  call.caller = call.caller_e164 = (char *) number;
  call.callee = call.dialled = (char *) "100";
  call.client_id = client >= 0 ? client_at (d, client)->id : 0;
  call.offered_at = t;
  if (r < 4)
    {
      call.ended_at = t + rnd (d, 3, 15);   /* hung up during the greeting */
      call.outcome = DESK_CALL_OUTCOME_ABANDONED_IVR;
      add_call (d, &call);
      return;
    }
  if (r < 12 && client >= 0)
    {
      call.ivr_path = (char *) "3";   /* the IVR read out a case's status */
      call.ended_at = t + ivr + rnd (d, 20, 60);
      call.outcome = DESK_CALL_OUTCOME_IVR_SETTLED;
      add_call (d, &call);
      return;
    }

  sales = r < 26 || (client < 0 && r < 55);
  call.ivr_path = (char *) (sales ? "2" : r >= 95 ? "0" : "1");
  call.queue_id = sales ? d->sales_id : d->support_id;
  queued = t + ivr;
  patience = _desk_demo_duration (d, 45, 240, 600);
  op = find_operator (day, sales, queued, &a);
  if (a == NOBODY || a - queued > patience)
    {
      gboolean nobody = a == NOBODY;
      gboolean wants_callback = nobody ? chance (d, 55) : patience > 60 && chance (d, 40);
      int pressed = rnd (d, 45, 90);
      gint64 leave = nobody ? queued + rnd (d, 15, 45)
                   : wants_callback ? queued + MIN (patience, pressed)
                   : queued + patience;

      call.wait_seconds = leave - queued;
      call.ended_at = leave;
      call.outcome = DESK_CALL_OUTCOME_ABANDONED_QUEUE;
      index = add_call (d, &call);
      if (wants_callback &&
          request_callback (day, index, number, client, call.queue_id, queued, leave))
        call_at (d, index)->outcome = DESK_CALL_OUTCOME_CALLBACK;
      return;
    }

  a += rnd (d, 3, 10);   /* ringing */
  talk = _desk_demo_duration (d, sales ? 90 : 60, sales ? 180 : 150, 900);
  hold = chance (d, 20) ? rnd (d, 15, MAX (15, MIN (120, talk / 2))) : 0;
  wrap = rnd (d, 10, 55);
  call.answered_at = a;
  call.ended_at = a + talk + hold;
  call.wait_seconds = a - queued;
  call.talk_seconds = talk;
  call.hold_seconds = hold;
  call.wrapup_seconds = wrap;
  call.operator_id = d->op_ids[op];
  call.outcome = DESK_CALL_OUTCOME_ANSWERED;
  index = add_call (d, &call);
  occupy (&day->shifts[op], a, call.ended_at, call.ended_at + wrap);
  after_call (day, index, client, number, sales, op, a, call.ended_at);
}

static void
callback_attempt (Day          *day,
                  const Demand *demand)
{
  Demo *d = day->d;
  DeskCallback *callback = &g_array_index (d->callbacks, DeskCallback, demand->callback);
  gboolean sales = callback->queue_id == d->sales_id;
  DeskCall call = { 0 };
  int client = -1, op, index, wrap = rnd (d, 5, 40);
  gint64 a;

  op = find_operator (day, sales, demand->at, &a);
  if (a == NOBODY)
    {
      g_array_append_val (d->carried, demand->callback);   /* first thing tomorrow */
      return;
    }
  for (guint i = 0; i < d->clients->len && callback->client_id; i++)
    if (client_at (d, i)->id == callback->client_id)
      client = i;

  call.direction = DESK_CALL_DIRECTION_OUTBOUND;
  call.caller = (char *) d->op_sip_users[op];
  call.callee = call.dialled = (char *) callback->e164;
  call.client_id = callback->client_id;
  call.queue_id = callback->queue_id;
  call.operator_id = d->op_ids[op];
  call.offered_at = a;
  callback->attempts++;
  callback->operator_id = d->op_ids[op];
  if (chance (d, 78))
    {
      call.answered_at = a + rnd (d, 5, 25);
      call.talk_seconds = _desk_demo_duration (d, 40, 150, 900);
      call.ended_at = call.answered_at + call.talk_seconds;
      call.wrapup_seconds = wrap;
      call.outcome = DESK_CALL_OUTCOME_ANSWERED;
      index = add_call (d, &call);
      occupy (&day->shifts[op], a, call.ended_at, call.ended_at + wrap);
      close_callback (d, callback, DESK_CALLBACK_STATUS_DONE);
      after_call (day, index, client, call.callee, sales, op, call.answered_at, call.ended_at);
      return;
    }

  call.ended_at = a + 30;
  call.outcome = DESK_CALL_OUTCOME_NO_ANSWER;
  add_call (d, &call);
  occupy (&day->shifts[op], a, call.ended_at, call.ended_at + rnd (d, 5, 15));
  if (callback->attempts < callback->max_attempts)
    {
      Demand retry = { call.ended_at + 15 * MINUTE, 0, DEMAND_CALLBACK, demand->callback };
      add_demand (day, retry);
    }
  else
    close_callback (d, callback, DESK_CALLBACK_STATUS_FAILED);
}

/* Chats */

static void
add_message (Demo           *d,
             guint           chat,
             gint64          at,
             DeskChatSender  sender,
             int             op,
             const char     *body)
{
  DeskChatMessage message = { 0, chat, at, sender, op >= 0 ? d->op_ids[op] : 0, (char *) body };

  message.read_at = at + rnd (d, 1, 8);
  g_array_append_val (d->messages, message);
}

static int
chat_operator (Day    *day,
               gint64  t)
{
  int ready[N_OPERATORS], n = 0;

  for (int op = 0; op < N_OPERATORS; op++)
    {
      const Shift *s = &day->shifts[op];
      gboolean on_break = FALSE;

      for (int b = 0; b < s->n_breaks; b++)
        on_break |= t >= s->break_start[b] && t < s->break_end[b];
      if (s->works && t >= s->start && t < s->end - 10 * MINUTE && !on_break)
        ready[n++] = op;
    }
  return n > 0 ? ready[rnd (day->d, 0, n - 1)] : -1;
}

static int
rate (Demo *d)
{
  static const int weights[] = { 4, 6, 10, 30, 50 };
  return _desk_demo_pick_weighted (d, weights, G_N_ELEMENTS (weights)) + 1;
}

static void
make_chat (Day    *day,
           gint64  t)
{
  Demo *d = day->d;
  int client = chance (d, 55) ? rnd (d, 0, d->clients->len - 1) : -1;
  DemoClient *c = client_at (d, client);
  DemoLang lang = c ? c->lang : chance (d, 70) ? DEMO_LANG_UK : DEMO_LANG_RU;
  const char * const *hello = _desk_demo_chat_hello[lang];
  const char * const *handoff = _desk_demo_chat_handoff[lang];
  const char * const *thanks = _desk_demo_chat_thanks[lang];
  guint n_topics = 0, index = d->chats->len;
  const DemoChatTopic *topic;
  DeskChat chat = { 0 };
  int r, op;
  gint64 m = t;

  while (_desk_demo_chat_topics[n_topics].question[0])
    n_topics++;
  topic = &_desk_demo_chat_topics[rnd (d, 0, n_topics - 1)];
  chat.visitor_name = (char *) (c ? c->first_name
                                  : pick (d, chance (d, 50) ? _desk_demo_names[lang].male
                                                            : _desk_demo_names[lang].female));
  if (c)
    chat.visitor_contact = (char *) c->e164;
  else if (chance (d, 50))
    chat.visitor_contact = g_ptr_array_index (d->strangers, rnd (d, 0, d->strangers->len - 1));
  else
    {
      g_autoptr (GString) mail = g_string_new (NULL);

      _desk_demo_translit (chat.visitor_name, lang, mail);
      g_string_append_printf (mail, "%d@gmail.com", rnd (d, 1960, 2005));
      chat.visitor_contact = (char *) keep (d, mail->str);
    }
  chat.client_id = c ? c->id : 0;
  chat.queue_id = d->support_id;
  chat.channel = chance (d, 12) ? DESK_CHANNEL_PORTAL : DESK_CHANNEL_CHAT;
  chat.started_at = t;

  if (chance (d, 60))
    {
      add_message (d, index, m, DESK_CHAT_SENDER_VISITOR, -1, pick (d, hello));
      m += 2;
      add_message (d, index, m, DESK_CHAT_SENDER_BOT, -1, _desk_demo_bot_greeting[lang]);
    }
  m += rnd (d, 5, 25);
  add_message (d, index, m, DESK_CHAT_SENDER_VISITOR, -1, topic->question[lang]);
  m += rnd (d, 2, 4);
  add_message (d, index, m, DESK_CHAT_SENDER_BOT, -1, topic->bot[lang]);
  r = rnd (d, 0, 99);
  if (r < 25)
    {
      m += rnd (d, 40, 180);   /* the bot's answer was enough */
      add_message (d, index, m, DESK_CHAT_SENDER_VISITOR, -1, pick (d, thanks));
      chat.ended_at = m + rnd (d, 10, 40);
      chat.outcome = DESK_CALL_OUTCOME_IVR_SETTLED;
      chat.csat = chance (d, 40) ? rate (d) : 0;
      g_array_append_val (d->chats, chat);
      return;
    }

  m += rnd (d, 15, 60);
  add_message (d, index, m, DESK_CHAT_SENDER_VISITOR, -1, pick (d, handoff));
  m += 2;
  add_message (d, index, m, DESK_CHAT_SENDER_BOT, -1, _desk_demo_bot_handoff[lang]);
  op = chat_operator (day, m);
  if (op < 0 || r < 33)
    {
      if (op < 0)
        add_message (d, index, m + 2, DESK_CHAT_SENDER_SYSTEM, -1, _desk_demo_chat_offline[lang]);
      chat.ended_at = m + rnd (d, 60, 240);
      chat.wait_seconds = chat.ended_at - m;
      chat.outcome = DESK_CALL_OUTCOME_ABANDONED_QUEUE;
      g_array_append_val (d->chats, chat);
      /* The offline form still reaches the office as a case for the morning. */
      if (op < 0 && (c || chance (d, 50)))
        {
          CaseSeed seed = {
            .client = client, .category = topic->category, .channel = DESK_CHANNEL_CHAT,
            .call = -1, .chat = index, .created_at = chat.ended_at,
            .contact_end = chat.ended_at, .midnight = day->midnight,
            .description = _desk_demo_keepf (d, "%s (%s)", topic->question[lang],
                                             chat.visitor_contact),
          };
          _desk_demo_plan_case (d, &seed, FALSE);
        }
      return;
    }

  chat.wait_seconds = rnd (d, 5, 100);
  chat.answered_at = m + chat.wait_seconds;
  chat.operator_id = d->op_ids[op];
  add_message (d, index, chat.answered_at, DESK_CHAT_SENDER_OPERATOR, op,
               _desk_demo_keepf (d, _desk_demo_operator_hello[lang], d->op_first_names[op]));
  m = chat.answered_at + rnd (d, 30, 120);
  add_message (d, index, m, DESK_CHAT_SENDER_OPERATOR, op, topic->answer[lang]);
  m += rnd (d, 40, 200);
  add_message (d, index, m, DESK_CHAT_SENDER_VISITOR, -1, pick (d, thanks));
  m += rnd (d, 10, 40);
  add_message (d, index, m, DESK_CHAT_SENDER_OPERATOR, op, _desk_demo_operator_bye[lang]);
  chat.ended_at = m + rnd (d, 5, 60);
  chat.outcome = DESK_CALL_OUTCOME_ANSWERED;
  chat.csat = chance (d, 65) ? rate (d) : 0;
  g_array_append_val (d->chats, chat);

  if (!_desk_demo_follow_up (d, client, -1, index, chat.answered_at + 30, d->op_ids[op]))
    {
      int percent = topic->category == DEMO_CAT_CONNECT ? 60
                  : topic->category == DEMO_CAT_NO_LINK ? 45
                  : topic->category == DEMO_CAT_BILLING ? 30 : 20;

      if (chance (d, percent))
        {
          CaseSeed seed = {
            .client = client, .category = topic->category, .channel = DESK_CHANNEL_CHAT,
            .owner = d->op_ids[op], .call = -1, .chat = index,
            .created_at = chat.answered_at + rnd (d, 30, 80), .contact_end = chat.ended_at,
          };
          _desk_demo_plan_case (d, &seed, FALSE);
        }
    }
}

static gint
compare_demands (gconstpointer a,
                 gconstpointer b)
{
  const Demand *da = a, *db = b;

  if (da->at != db->at)
    return da->at < db->at ? -1 : 1;
  return da->seq < db->seq ? -1 : da->seq > db->seq;
}

static gint
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = *(const gint64 *) a, tb = *(const gint64 *) b;

  return ta < tb ? -1 : ta > tb;
}

static void
simulate_day (Demo *d,
              int   offset)
{
  /* Calls and chats per hour of the day: weekdays, Saturdays, Sundays. */
  static const int call_hours[3][24] = {
    { 0, 0, 0, 0, 0, 0, 0, 1, 3, 9, 15, 16, 14, 12, 13, 14, 12, 10, 8, 5, 3, 2, 1, 0 },
    { 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 7, 9, 8, 7, 7, 6, 3, 2, 1, 1, 1, 0, 0, 0 },
    { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 1, 1, 0, 0 },
  };
  static const int chat_hours[24] = {
    0, 0, 0, 0, 0, 0, 0, 1, 2, 5, 7, 8, 8, 7, 7, 7, 7, 7, 6, 6, 5, 4, 3, 1
  };
  Day day = { d };
  g_autoptr (GArray) chat_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 first_start = NOBODY;
  int week, kind, n_calls, n_chats;

  day.midnight = _desk_demo_day_start (d, offset, &day.weekday, &week);
  kind = day.weekday <= 5 ? 0 : day.weekday == 6 ? 1 : 2;
  n_calls = kind == 0 ? rnd (d, 110, 170) + (day.weekday == 1 ? 15 : 0)
          : kind == 1 ? rnd (d, 60, 85) : rnd (d, 18, 30);
  n_chats = kind == 0 ? rnd (d, 12, 22) : kind == 1 ? rnd (d, 6, 10) : rnd (d, 3, 6);
  plan_shifts (&day, week);

  day.demands = g_array_new (FALSE, FALSE, sizeof (Demand));
  for (int i = 0; i < n_calls; i++)
    {
      int hour = _desk_demo_pick_weighted (d, call_hours[kind], 24);
      Demand demand = { day.midnight + hour * HOUR, d->seq++, DEMAND_CALL };

      demand.at += rnd (d, 0, HOUR - 1);
      if (demand.at < d->limit)
        g_array_append_val (day.demands, demand);
    }
  for (int op = 0; op < N_OPERATORS; op++)
    if (day.shifts[op].works)
      first_start = MIN (first_start, day.shifts[op].start);
  if (first_start != NOBODY)
    {
      for (guint i = 0; i < d->carried->len; i++)
        {
          Demand demand = { first_start + rnd (d, 1, 150) * MINUTE, d->seq++, DEMAND_CALLBACK,
                            g_array_index (d->carried, guint, i) };
          g_array_append_val (day.demands, demand);
        }
      g_array_set_size (d->carried, 0);
    }
  g_array_sort (day.demands, compare_demands);

  for (day.next = 0; day.next < day.demands->len; day.next++)
    {
      Demand demand = g_array_index (day.demands, Demand, day.next);

      if (demand.kind == DEMAND_CALL)
        inbound_call (&day, demand.at);
      else
        callback_attempt (&day, &demand);
    }

  for (int i = 0; i < n_chats; i++)
    {
      int hour = _desk_demo_pick_weighted (d, chat_hours, 24);
      gint64 t = day.midnight + hour * HOUR + rnd (d, 0, HOUR - 1);

      if (t < d->limit)
        g_array_append_val (chat_times, t);
    }
  g_array_sort (chat_times, compare_times);
  for (guint i = 0; i < chat_times->len; i++)
    make_chat (&day, g_array_index (chat_times, gint64, i));
  _desk_demo_portal_requests (d, day.midnight, day.weekday);

  for (int op = 0; op < N_OPERATORS; op++)
    {
      log_shift (d, op, &day.shifts[op]);
      g_array_unref (day.shifts[op].contacts);
    }
  g_array_unref (day.demands);
}

/* Callbacks that nobody got to before the anchor stay pending. */
void
_desk_demo_simulate_history (Demo *d)
{
  for (int offset = -(HISTORY_DAYS - 1); offset <= 0; offset++)
    simulate_day (d, offset);
}
