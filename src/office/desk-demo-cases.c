/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-demo"

#include "desk-demo-private.h"

#include <string.h>

/*
 * The life of the demo's cases. Each is planned whole when it opens, as a
 * list of steps in time (taken up, notes, waiting for the client, escalated
 * when overdue, resolved, closed); a client who comes back adds to it or
 * reopens it. Function arguments are evaluated in no fixed order, so every
 * random draw is made in a statement of its own: the same seed must give the
 * same office whatever compiler built it.
 */

/* Steps at or after the anchor have not happened yet: they are dropped, and
 * since every later step of the case is later still, what remains is the
 * case's history up to now. */
static Step *
new_step (Demo     *d,
          guint     kase,
          StepKind  kind,
          gint64    at,
          gint64    actor)
{
  Step step = { at, d->seq++, kind, kase, actor, .call = -1, .chat = -1 };

  if (at >= d->anchor)
    {
      memset (&d->scratch, 0, sizeof d->scratch);
      return &d->scratch;
    }
  g_array_append_val (d->steps, step);
  return &g_array_index (d->steps, Step, d->steps->len - 1);
}

static void
step_status (Demo            *d,
             guint            kase,
             gint64           at,
             gint64           actor,
             DeskCaseStatus   status,
             DeskResolution   resolution,
             const char      *note)
{
  Step *step = new_step (d, kase, STEP_STATUS, at, actor);

  step->status = status;
  step->resolution = resolution;
  step->text = note;
}

static void
step_note (Demo               *d,
           guint               kase,
           gint64              at,
           gint64              actor,
           DeskCaseEventKind   kind,
           const char         *text,
           gboolean            is_public)
{
  Step *step = new_step (d, kase, STEP_NOTE, at, actor);

  step->note_kind = kind;
  step->text = text;
  step->is_public = is_public;
}

/* Resolved, then closed three days later by the office itself. */
static void
finish_case (Demo            *d,
             guint            kase,
             gint64           at,
             gint64           actor,
             DeskResolution   resolution,
             const char      *note)
{
  gint64 close_at = at + 3 * DAY + rnd (d, 0, 2 * HOUR);

  step_status (d, kase, at, actor, DESK_CASE_STATUS_RESOLVED, resolution, note);
  step_status (d, kase, close_at, 0, DESK_CASE_STATUS_CLOSED, DESK_RESOLUTION_NONE, NULL);
  case_at (d, kase)->resolved_at = at < d->anchor ? at : 0;
  case_at (d, kase)->closed_at = close_at < d->anchor ? close_at : 0;
}

/* The supervisor hands out cases that came in by themselves during office hours. */
static gint64
office_time (Demo   *d,
             gint64  midnight,
             gint64  t)
{
  gint64 hour = (t - midnight) / HOUR;

  if (hour >= 19)
    return midnight + DAY + 9 * HOUR + rnd (d, 5, 50) * MINUTE;
  if (hour < 9)
    return midnight + 9 * HOUR + rnd (d, 5, 50) * MINUTE;
  return t;
}

guint
_desk_demo_plan_case (Demo           *d,
                      const CaseSeed *seed,
                      gboolean        not_a_case)
{
  const DemoCategory *cat = &_desk_demo_categories[seed->category];
  DemoClient *client = client_at (d, seed->client);
  PlanCase kase = { 0 };
  guint k = d->cases->len;
  gint64 owner = seed->owner, due, t, resolve_at;
  guint32 token[3];
  DeskResolution resolution;
  const char *note;
  Step *step;
  int r;

  kase.client = seed->client;
  kase.category = seed->category;
  kase.channel = seed->channel;
  kase.priority = cat->priority;
  if (client && client->vip && kase.priority < DESK_PRIORITY_URGENT)
    kase.priority++;
  kase.subject = not_a_case ? pick (d, _desk_demo_not_a_case) : pick (d, cat->subjects);
  kase.description = seed->description;
  for (guint i = 0; i < G_N_ELEMENTS (token); i++)
    token[i] = g_rand_int (d->rand);
  kase.token = _desk_demo_keepf (d, "%08x%08x%08x", token[0], token[1], token[2]);
  kase.created_at = seed->created_at;
  g_array_append_val (d->cases, kase);

  step = new_step (d, k, STEP_CREATE, seed->created_at, owner);
  step->owner = owner;
  step->call = seed->call;
  step->chat = seed->chat;
  if (client && (client->last_case < 0 ||
                 case_at (d, client->last_case)->created_at <= seed->created_at))
    client->last_case = k;

  if (not_a_case)
    {
      t = seed->contact_end + rnd (d, 5, 40);
      finish_case (d, k, t, owner, DESK_RESOLUTION_NOT_A_CASE, case_at (d, k)->subject);
      return k;
    }

  t = seed->created_at;
  if (owner == 0)
    {
      t = office_time (d, seed->midnight, t + rnd (d, 10, 90) * MINUTE);
      owner = d->op_ids[rnd (d, 0, N_OPERATORS - 1)];
      step = new_step (d, k, STEP_ASSIGN, t, d->supervisor_id);
      step->owner = owner;
    }
  else if (chance (d, cat->fcr_percent))
    {
      /* Settled while the client was still on the line. */
      t = seed->contact_end + rnd (d, 5, 60);
      resolution = chance (d, 90) ? DESK_RESOLUTION_SOLVED : DESK_RESOLUTION_WORKAROUND;
      finish_case (d, k, t, owner, resolution, pick (d, cat->resolutions));
      return k;
    }

  due = seed->created_at + cat->sla_hours * HOUR;
  resolve_at = seed->created_at
               + (gint64) (cat->sla_hours * HOUR * (0.15 + 1.2 * g_rand_double (d->rand)));
  /* Most cases are taken up at once; some wait in the list for hours. */
  t = MAX (t, seed->contact_end);
  t += chance (d, 15) ? rnd (d, 2, 20) * HOUR : rnd (d, 2, 45) * MINUTE;
  resolve_at = MAX (resolve_at, t + 20 * MINUTE);
  step_status (d, k, t, owner, DESK_CASE_STATUS_IN_PROGRESS, DESK_RESOLUTION_NONE, NULL);
  if (seed->channel == DESK_CHANNEL_PORTAL)
    {
      gint64 reply_at = t + rnd (d, 1, 10) * MINUTE;
      step_note (d, k, reply_at, owner, DESK_CASE_EVENT_NOTE, pick (d, _desk_demo_public_replies),
                 TRUE);
    }
  if (chance (d, 60))
    step_note (d, k, t + (resolve_at - t) / 3, owner, DESK_CASE_EVENT_NOTE,
               pick (d, cat->notes), FALSE);
  if (resolve_at > due)
    {
      step_note (d, k, due + MINUTE, 0, DESK_CASE_EVENT_ESCALATION, _desk_demo_escalation_note,
                 FALSE);
      if (kase.priority < DESK_PRIORITY_HIGH)
        new_step (d, k, STEP_PRIORITY, due + MINUTE, 0)->priority = DESK_PRIORITY_HIGH;
    }
  if (chance (d, 22))
    {
      gint64 wait_at = t + (resolve_at - t) / 2;
      gint64 back_at = wait_at + (resolve_at - wait_at) / 2;

      step_status (d, k, wait_at, owner, DESK_CASE_STATUS_WAITING, DESK_RESOLUTION_NONE,
                   pick (d, _desk_demo_waiting_notes));
      if (chance (d, 25))
        {
          finish_case (d, k, wait_at + 3 * DAY, 0, DESK_RESOLUTION_NO_RESPONSE,
                       _desk_demo_no_response_note);
          return k;
        }
      if (seed->channel == DESK_CHANNEL_PORTAL)
        step_note (d, k, back_at - MINUTE, 0, DESK_CASE_EVENT_PORTAL_MESSAGE,
                   _desk_demo_portal_messages[client ? client->lang : DEMO_LANG_UK][rnd (d, 0, 1)],
                   TRUE);
      step_status (d, k, back_at, owner, DESK_CASE_STATUS_IN_PROGRESS, DESK_RESOLUTION_NONE, NULL);
    }

  r = rnd (d, 0, 99);
  if (r < 82)
    resolution = DESK_RESOLUTION_SOLVED;
  else if (r < 90)
    resolution = DESK_RESOLUTION_WORKAROUND;
  else if (r < 95)
    resolution = seed->category == DEMO_CAT_COMPLAINT || seed->category == DEMO_CAT_CONNECT
                 ? DESK_RESOLUTION_REJECTED : DESK_RESOLUTION_SOLVED;
  else
    resolution = DESK_RESOLUTION_DUPLICATE;
  note = resolution == DESK_RESOLUTION_DUPLICATE ? "Дублює інше звернення клієнта."
                                                 : pick (d, cat->resolutions);
  finish_case (d, k, resolve_at, owner, resolution, note);
  if (seed->channel == DESK_CHANNEL_PORTAL && chance (d, 50))
    {
      gint64 thanks_at = resolve_at + rnd (d, 10, 300) * MINUTE;
      step_note (d, k, thanks_at, 0, DESK_CASE_EVENT_PORTAL_MESSAGE,
                 _desk_demo_portal_messages[client ? client->lang : DEMO_LANG_UK][2], TRUE);
    }
  return k;
}

/* A client who comes back about a case: the contact joins the case's
 * timeline, and a resolved case whose problem came back is reopened. */
gboolean
_desk_demo_follow_up (Demo   *d,
                      int     client,
                      int     call,
                      int     chat,
                      gint64  at,
                      gint64  op_id)
{
  DemoClient *c = client_at (d, client);
  PlanCase *kase;
  guint k;
  Step *step;

  if (c == NULL || c->last_case < 0)
    return FALSE;
  k = c->last_case;
  kase = case_at (d, k);
  if (kase->created_at >= at)
    return FALSE;

  if (kase->resolved_at == 0 || at < kase->resolved_at)
    {
      if (!chance (d, 70))
        return FALSE;
      step = new_step (d, k, STEP_LINK, at, op_id);
      step->call = call;
      step->chat = chat;
      if (chance (d, 50))
        step_note (d, k, at + MINUTE, op_id, DESK_CASE_EVENT_NOTE,
                   pick (d, _desk_demo_follow_up_notes), FALSE);
      return TRUE;
    }
  if ((kase->closed_at == 0 || at < kase->closed_at) && chance (d, 35))
    {
      /* Only the closing is planned after the resolution: it gives way. */
      for (guint i = d->steps->len; i-- > 0;)
        {
          Step *later = &g_array_index (d->steps, Step, i);
          if (later->kase == k && later->at > at)
            g_array_remove_index (d->steps, i);
        }
      step = new_step (d, k, STEP_LINK, at, op_id);
      step->call = call;
      step->chat = chat;
      step_status (d, k, at + 30, op_id, DESK_CASE_STATUS_IN_PROGRESS, DESK_RESOLUTION_NONE,
                   _desk_demo_reopen_note);
      at += rnd (d, 2 * HOUR, 20 * HOUR);
      finish_case (d, k, at, op_id, DESK_RESOLUTION_SOLVED,
                   pick (d, _desk_demo_categories[kase->category].resolutions));
      return TRUE;
    }
  return FALSE;
}

/* Requests that clients leave on the portal by themselves, day and night. */
void
_desk_demo_portal_requests (Demo   *d,
                            gint64  midnight,
                            int     weekday)
{
  static const int mix[DEMO_N_CATS] = { 20, 5, 25, 10, 35, 3, 0, 2 };
  int n = weekday <= 5 ? rnd (d, 1, 3) : rnd (d, 0, 2);

  for (int i = 0; i < n; i++)
    {
      gint64 t = midnight + rnd (d, 7 * HOUR, 23 * HOUR);
      int client = chance (d, 80) ? rnd (d, 0, d->clients->len - 1) : -1;
      DemoLang lang = client >= 0 ? client_at (d, client)->lang : DEMO_LANG_UK;
      CaseSeed seed = {
        .client = client, .channel = DESK_CHANNEL_PORTAL, .call = -1, .chat = -1,
        .created_at = t, .contact_end = t, .midnight = midnight,
      };

      seed.category = _desk_demo_pick_weighted (d, mix, DEMO_N_CATS);
      for (const DemoChatTopic *topic = _desk_demo_chat_topics; topic->question[0]; topic++)
        if (topic->category == seed.category)
          seed.description = topic->question[lang];
      if (client < 0)
        {
          const char *name = pick (d, _desk_demo_names[lang].female);
          const char *number = g_ptr_array_index (d->strangers,
                                                  rnd (d, 0, d->strangers->len - 1));

          seed.description = _desk_demo_keepf (d, "Заявка з порталу. Контакт: %s, %s", name,
                                               number);
        }
      if (t < d->limit)
        _desk_demo_plan_case (d, &seed, FALSE);
    }
}
