/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-queue-flow"

#include "desk-queue-flow.h"

#include <stdlib.h>
#include <string.h>

/*
 * What happens to contacts while they wait: announcements, the max wait,
 * the max length, overflow, and a queue nobody staffs. Plain functions of a
 * snapshot, like routing.
 *
 * For each waiting contact, in this order:
 * - a callback request (its caller hung up) or a contact ringing for an
 *   operator just waits: neither is announced to nor moved;
 * - when no member is logged in (every member offline; a break counts as
 *   logged in), the contact leaves at once;
 * - when it has waited max_wait_seconds (0: no limit), it leaves;
 * - when announce_seconds (0: never) have passed since its last
 *   announcement, or since it entered when it had none, it hears its
 *   position and estimated wait; a voice caller with a number, told to wait
 *   DESK_QUEUE_CALLBACK_OFFER_SECONDS or more (or an unknown time), is also
 *   offered the callback digit;
 * - else it waits.
 *
 * A newcomer (desk_queue_admit()) is turned away when nobody is logged in
 * or max_length (0: no limit) live callers wait already; callbacks do not
 * count towards the length and are always admitted. A contact already in the
 * line is never pushed out by the length: a VIP arriving ahead of it must not
 * cost it its place.
 *
 * Leaving goes, in order of preference, to the overflow queue (never the
 * queue itself, and at most DESK_QUEUE_MAX_OVERFLOW_HOPS hops), to a
 * voicemail or callback request when overflow_to_callback is set, else to a
 * closing message.
 *
 * The estimated wait of the contact at position p, when f members are free
 * for it now, n members are at work (available, on a contact or wrapping
 * up) and the recent average handle time is AHT:
 *
 *     EWT = 0                       if p <= f
 *     EWT = ceil ((p - f) × AHT / n) otherwise
 *
 * the time for the p - f contacts before it (itself included) to be served
 * by n operators working in parallel. For text contacts n counts chat slots:
 * each member holds min (max_chats, 1000 / the chat's load) chats at once.
 * With nobody at work (all on a break) the wait is unknown (-1).
 */

typedef struct {
  guint logged_in;
  guint working;
  guint text_slots;
  guint free_voice;
  guint free_text;
} Staff;

static void
count_staff (const DeskRouteQueue    *queue,
             const DeskRouteOperator *ops,
             guint                    n_ops,
             Staff                   *staff)
{
  int chat_load = desk_contact_load (DESK_CHANNEL_CHAT, queue->config->chat_weight);

  memset (staff, 0, sizeof *staff);
  for (guint i = 0; i < n_ops; i++)
    {
      const DeskRouteOperator *op = &ops[i];

      if (op->state == DESK_AGENT_STATE_OFFLINE)
        continue;
      staff->logged_in++;
      if (op->state == DESK_AGENT_STATE_BREAK)
        continue;
      staff->working++;
      staff->text_slots += (guint) MIN (MAX (op->max_chats, 0), DESK_AGENT_CAPACITY / chat_load);
      if (desk_route_is_free (queue, op, DESK_CHANNEL_PHONE))
        staff->free_voice++;
      if (desk_route_is_free (queue, op, DESK_CHANNEL_CHAT))
        staff->free_text++;
    }
}

static int
estimate (const DeskRouteQueue *queue,
          const Staff          *staff,
          DeskChannel           channel,
          guint                 position)
{
  gboolean text = desk_channel_is_text (channel);
  guint n_free = text ? staff->free_text : staff->free_voice;
  guint servers = text ? staff->text_slots : staff->working;
  gint64 aht = queue->avg_handle_ms > 0 ? queue->avg_handle_ms : DESK_QUEUE_DEFAULT_HANDLE_MS;
  gint64 ms;

  if (position <= n_free)
    return 0;
  if (servers == 0)
    return -1;
  ms = ((gint64) (position - n_free) * aht + servers - 1) / servers;
  return (int) MIN ((ms + 999) / 1000, G_MAXINT);
}

static void
leave (const DeskRouteQueue   *queue,
       const DeskRouteContact *contact,
       DeskQueueCause          cause,
       DeskQueueDecision      *d)
{
  const DeskQueue *config = queue->config;

  d->cause = cause;
  d->next_at_ms = 0;
  if (config->overflow_queue_id != 0 && config->overflow_queue_id != queue->id &&
      contact->overflow_hops < DESK_QUEUE_MAX_OVERFLOW_HOPS)
    {
      d->action = DESK_QUEUE_ACTION_OVERFLOW;
      d->overflow_queue_id = config->overflow_queue_id;
    }
  else if (config->overflow_to_callback)
    d->action = DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK;
  else
    d->action = DESK_QUEUE_ACTION_CLOSE;
}

static gboolean
offers_callback (const DeskRouteQueue   *queue,
                 const DeskRouteContact *contact,
                 int                     ewt_seconds)
{
  const char *digit = queue->config->callback_digit;

  if (digit == NULL || *digit == '\0' || contact->anonymous)
    return FALSE;
  if (desk_channel_is_text (contact->channel))
    return FALSE;
  return ewt_seconds < 0 || ewt_seconds >= DESK_QUEUE_CALLBACK_OFFER_SECONDS;
}

static gint64
earliest (gint64 a,
          gint64 b)
{
  if (a == 0)
    return b;
  if (b == 0)
    return a;
  return MIN (a, b);
}

/* The decision for a contact that is allowed to stay in the line. */
static void
decide_staying (const DeskRouteQueue   *queue,
                const DeskRouteContact *contact,
                gint64                  now_ms,
                DeskQueueDecision      *d)
{
  const DeskQueue *config = queue->config;
  gint64 max_at = 0;

  d->action = DESK_QUEUE_ACTION_WAIT;
  if (config->max_wait_seconds > 0)
    max_at = contact->enqueued_at_ms + (gint64) config->max_wait_seconds * 1000;
  d->next_at_ms = max_at;

  if (config->announce_seconds > 0)
    {
      gint64 every = (gint64) config->announce_seconds * 1000;
      gint64 last = contact->last_announced_ms > 0 ? contact->last_announced_ms
                                                   : contact->enqueued_at_ms;
      gint64 due = last + every;

      if (now_ms >= due)
        {
          d->action = offers_callback (queue, contact, d->ewt_seconds)
                        ? DESK_QUEUE_ACTION_OFFER_CALLBACK
                        : DESK_QUEUE_ACTION_ANNOUNCE;
          due = now_ms + every;   /* the caller records this announcement */
        }
      d->next_at_ms = earliest (d->next_at_ms, due);
    }
}

static void
decide_one (const DeskRouteQueue   *queue,
            const Staff            *staff,
            const DeskRouteContact *contact,
            guint                   position,
            gint64                  now_ms,
            DeskQueueDecision      *d)
{
  const DeskQueue *config = queue->config;

  memset (d, 0, sizeof *d);
  d->contact_id = contact->id;
  d->position = position;
  d->ewt_seconds = estimate (queue, staff, contact->channel, position);

  if (contact->is_callback || contact->offering)
    return;
  if (staff->logged_in == 0)
    leave (queue, contact, DESK_QUEUE_CAUSE_NO_AGENTS, d);
  else if (config->max_wait_seconds > 0 &&
           now_ms - contact->enqueued_at_ms >= (gint64) config->max_wait_seconds * 1000)
    leave (queue, contact, DESK_QUEUE_CAUSE_MAX_WAIT, d);
  else
    decide_staying (queue, contact, now_ms, d);
}

/**
 * desk_queue_decide:
 * @queue: the queue
 * @ops: (array length=n_ops): its members
 * @n_ops: how many
 * @contacts: (array length=n_contacts): the contacts waiting in it, callbacks
 *   and ringing ones included, in any order
 * @n_contacts: how many
 * @now_ms: the time
 *
 * Decides what happens now to each waiting contact (see the rules at the
 * top of this file). After an announcement the caller stores @now_ms as the
 * contact's last_announced_ms; a contact that leaves is taken out of the
 * line, and the ones behind it move up at the next decision.
 *
 * Returns: (transfer full) (element-type DeskQueueDecision): one decision per
 *   contact, in queue order
 */
GArray *
desk_queue_decide (const DeskRouteQueue    *queue,
                   const DeskRouteOperator *ops,
                   guint                    n_ops,
                   const DeskRouteContact  *contacts,
                   guint                    n_contacts,
                   gint64                   now_ms)
{
  g_autofree const DeskRouteContact **order = NULL;
  GArray *decisions;
  Staff staff;

  g_return_val_if_fail (queue != NULL && queue->config != NULL, NULL);
  g_return_val_if_fail (ops != NULL || n_ops == 0, NULL);
  g_return_val_if_fail (contacts != NULL || n_contacts == 0, NULL);

  count_staff (queue, ops, n_ops, &staff);
  order = g_new (const DeskRouteContact *, MAX (n_contacts, 1));
  for (guint i = 0; i < n_contacts; i++)
    order[i] = &contacts[i];
  desk_route_sort_contacts (order, n_contacts);

  decisions = g_array_sized_new (FALSE, TRUE, sizeof (DeskQueueDecision), n_contacts);
  g_array_set_size (decisions, n_contacts);
  for (guint k = 0; k < n_contacts; k++)
    decide_one (queue, &staff, order[k], k + 1, now_ms,
                &g_array_index (decisions, DeskQueueDecision, k));
  return decisions;
}

/**
 * desk_queue_admit:
 * @queue: the queue
 * @ops: (array length=n_ops): its members
 * @n_ops: how many
 * @waiting: (array length=n_waiting): the contacts waiting in it already
 * @n_waiting: how many
 * @newcomer: the contact arriving; its enqueued_at_ms is the time it arrives
 *   (or, for a callback, its caller's place)
 * @now_ms: the time
 *
 * Decides whether @newcomer may enter the line: %DESK_QUEUE_ACTION_WAIT with
 * its position and estimated wait (for the greeting's announcement), or a
 * leaving action with %DESK_QUEUE_CAUSE_NO_AGENTS or
 * %DESK_QUEUE_CAUSE_QUEUE_FULL.
 *
 * Returns: the decision
 */
DeskQueueDecision
desk_queue_admit (const DeskRouteQueue    *queue,
                  const DeskRouteOperator *ops,
                  guint                    n_ops,
                  const DeskRouteContact  *waiting,
                  guint                    n_waiting,
                  const DeskRouteContact  *newcomer,
                  gint64                   now_ms)
{
  DeskQueueDecision d = { 0, };
  const DeskQueue *config;
  guint position = 1;
  guint live = 0;
  Staff staff;

  g_return_val_if_fail (queue != NULL && queue->config != NULL, d);
  g_return_val_if_fail (ops != NULL || n_ops == 0, d);
  g_return_val_if_fail (waiting != NULL || n_waiting == 0, d);
  g_return_val_if_fail (newcomer != NULL, d);

  config = queue->config;
  count_staff (queue, ops, n_ops, &staff);
  for (guint i = 0; i < n_waiting; i++)
    {
      if (waiting[i].id == newcomer->id)
        continue;
      if (desk_route_contact_compare (&waiting[i], newcomer) < 0)
        position++;
      if (!waiting[i].is_callback)
        live++;
    }

  d.contact_id = newcomer->id;
  d.position = position;
  d.ewt_seconds = estimate (queue, &staff, newcomer->channel, position);
  if (newcomer->is_callback)
    return d;
  if (staff.logged_in == 0)
    leave (queue, newcomer, DESK_QUEUE_CAUSE_NO_AGENTS, &d);
  else if (config->max_length > 0 && live >= (guint) config->max_length)
    leave (queue, newcomer, DESK_QUEUE_CAUSE_QUEUE_FULL, &d);
  else
    decide_staying (queue, newcomer, now_ms, &d);
  return d;
}

/**
 * desk_queue_estimate_wait:
 * @queue: the queue
 * @ops: (array length=n_ops): its members
 * @n_ops: how many
 * @channel: the contact's channel
 * @position: its place in the line, from 1
 *
 * The estimated wait, by the formula at the top of this file.
 *
 * Returns: whole seconds, rounded up; -1 when nobody is at work
 */
int
desk_queue_estimate_wait (const DeskRouteQueue    *queue,
                          const DeskRouteOperator *ops,
                          guint                    n_ops,
                          DeskChannel              channel,
                          guint                    position)
{
  Staff staff;

  g_return_val_if_fail (queue != NULL && queue->config != NULL, -1);
  g_return_val_if_fail (ops != NULL || n_ops == 0, -1);
  g_return_val_if_fail (position >= 1, -1);

  count_staff (queue, ops, n_ops, &staff);
  return estimate (queue, &staff, channel, position);
}

/**
 * desk_queue_action_to_string:
 * @action: an action
 *
 * Returns: a stable name for logs and tests, such as "offer-callback"
 */
const char *
desk_queue_action_to_string (DeskQueueAction action)
{
  static const char *const names[] = {
    "wait", "announce", "offer-callback", "overflow", "voicemail-callback", "close",
  };

  if ((guint) action >= G_N_ELEMENTS (names))
    return "unknown";
  return names[action];
}

/**
 * desk_queue_cause_to_string:
 * @cause: a cause
 *
 * Returns: a stable name for logs and tests, such as "max-wait"
 */
const char *
desk_queue_cause_to_string (DeskQueueCause cause)
{
  static const char *const names[] = { "none", "no-agents", "max-wait", "queue-full" };

  if ((guint) cause >= G_N_ELEMENTS (names))
    return "unknown";
  return names[cause];
}
