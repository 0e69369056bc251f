/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-routing"

#include "desk-routing.h"

#include <stdlib.h>
#include <string.h>

/*
 * Who is offered a waiting contact. A plain function of a snapshot (the
 * queue's members, the contact, the time): no clock, no store, no SIP.
 *
 * An operator is free for a contact when they are available or on a contact,
 * nothing rings for them, and the contact fits their capacity
 * (desk_capacity_fits()). Among free members:
 *
 * 1. Sticky, a layer over every strategy: while the sticky window is open
 *    (sticky_seconds from the first sticky offer), a free sticky operator is
 *    offered the contact alone, whatever their skills or penalty. A busy one
 *    is skipped at once; after the window everyone competes, the sticky
 *    operator too.
 * 2. The strategy. Ring-all offers every free member of the lowest penalty
 *    among them. The others offer one operator, the first by: penalty (lower
 *    first), load (fewer chats in hand first), the strategy's own key
 *    (fewest contacts today; the skill level, higher first), the time since
 *    they became available (longest first), and the user id, so that equal
 *    snapshots always give equal answers.
 * 3. Skills: until the contact has waited skill_relax_seconds only members
 *    with the required skill (the contact's, else the queue's) are offered
 *    it; after that any member, the skilled ones still first. 0 relaxes at
 *    once, a negative value never. Without a skill to look for, the skills
 *    strategy is longest-idle.
 * 4. Operators who let this contact ring out or declined it (its passed
 *    list) come after everyone else: the contact goes round the team
 *    before it comes back to them.
 */

typedef struct {
  const DeskRouteQueue *queue;
  const DeskRouteContact *contact;
  const DeskRouteOperator *ops;
  const guint *cand;     /* indexes of the members free for the contact */
  guint n_cand;
  gint64 now_ms;
  gint64 skill_id;
  gboolean by_skill;     /* the skills strategy, with a skill to look for */
  gboolean relaxed;
  gint64 relax_at_ms;    /* when relaxation starts, if still to come */
} Route;

static void
offer_free (gpointer data)
{
  desk_route_offer_free (data);
}

static DeskRouteOffer *
offer_new (gint64 contact_id)
{
  DeskRouteOffer *offer = g_new0 (DeskRouteOffer, 1);

  offer->contact_id = contact_id;
  offer->reason = DESK_ROUTE_NOBODY;
  offer->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return offer;
}

/* The indexes of the members free for @channel, into @out (n_ops long). */
static guint
list_free (const DeskRouteQueue    *queue,
           const DeskRouteOperator *ops,
           guint                    n_ops,
           DeskChannel              channel,
           guint                   *out)
{
  guint n = 0;

  for (guint i = 0; i < n_ops; i++)
    if (desk_route_is_free (queue, &ops[i], channel))
      out[n++] = i;
  return n;
}

static void
route_init (Route                   *r,
            const DeskRouteQueue    *queue,
            const DeskRouteOperator *ops,
            const guint             *cand,
            guint                    n_cand,
            const DeskRouteContact  *contact,
            gint64                   now_ms)
{
  const DeskQueue *config = queue->config;

  memset (r, 0, sizeof *r);
  r->queue = queue;
  r->contact = contact;
  r->ops = ops;
  r->cand = cand;
  r->n_cand = n_cand;
  r->now_ms = now_ms;
  r->skill_id = contact->required_skill_id != 0 ? contact->required_skill_id : config->skill_id;
  r->by_skill = config->strategy == DESK_QUEUE_STRATEGY_SKILLS && r->skill_id != 0;
  if (r->by_skill && config->skill_relax_seconds >= 0)
    {
      gint64 at = contact->enqueued_at_ms + (gint64) config->skill_relax_seconds * 1000;

      r->relaxed = now_ms >= at;
      if (!r->relaxed)
        r->relax_at_ms = at;
    }
}

/* Whether a free member may have the contact under the skill rule. */
static gboolean
route_admits (const Route             *r,
              const DeskRouteOperator *op)
{
  return !r->by_skill || r->relaxed || desk_route_skill_level (op, r->skill_id) > 0;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static gboolean
passed (const DeskRouteContact *contact,
        gint64                  user_id)
{
  for (guint i = 0; i < contact->n_passed; i++)
    if (contact->passed[i] == user_id)
      return TRUE;
  return FALSE;
}

/* Negative when @a goes before @b. */
static int
route_compare (const Route             *r,
               const DeskRouteOperator *a,
               const DeskRouteOperator *b)
{
  int c;

  if ((c = CMP (passed (r->contact, a->user_id), passed (r->contact, b->user_id))) != 0)
    return c;
  if ((c = CMP (a->penalty, b->penalty)) != 0)
    return c;
  if ((c = CMP (a->load, b->load)) != 0)
    return c;
  switch (r->queue->config->strategy)
    {
    case DESK_QUEUE_STRATEGY_FEWEST_CONTACTS:
      c = CMP (a->contacts_today, b->contacts_today);
      break;
    case DESK_QUEUE_STRATEGY_SKILLS:
      if (r->by_skill)
        c = CMP (desk_route_skill_level (b, r->skill_id), desk_route_skill_level (a, r->skill_id));
      break;
    case DESK_QUEUE_STRATEGY_RING_ALL:
    case DESK_QUEUE_STRATEGY_LONGEST_IDLE:
    default:
      break;
    }
  if (c != 0)
    return c;
  if ((c = CMP (a->idle_since_ms, b->idle_since_ms)) != 0)
    return c;
  return CMP (a->user_id, b->user_id);
}

static gboolean
route_sticky (const Route    *r,
              DeskRouteOffer *offer)
{
  const DeskRouteContact *contact = r->contact;
  int sticky_seconds = r->queue->config->sticky_seconds;
  gint64 start, end;

  if (sticky_seconds <= 0 || contact->sticky_user_id == 0)
    return FALSE;
  start = contact->sticky_since_ms > 0 ? contact->sticky_since_ms : r->now_ms;
  end = start + (gint64) sticky_seconds * 1000;
  if (r->now_ms >= end)
    return FALSE;

  /* Not among the free members: busy, away, or not in this queue. */
  for (guint k = 0; k < r->n_cand; k++)
    {
      const DeskRouteOperator *op = &r->ops[r->cand[k]];

      if (op->user_id != contact->sticky_user_id)
        continue;
      g_array_append_val (offer->user_ids, op->user_id);
      offer->reason = DESK_ROUTE_STICKY;
      offer->recheck_at_ms = end;
      return TRUE;
    }
  return FALSE;
}

static int
compare_ops (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  return route_compare (user_data, *(const DeskRouteOperator *const *) a,
                        *(const DeskRouteOperator *const *) b);
}

static void
route_ring_all (const Route    *r,
                DeskRouteOffer *offer)
{
  g_autofree const DeskRouteOperator **chosen = g_new (const DeskRouteOperator *, r->n_cand + 1);
  guint n_chosen = 0;
  int penalty = G_MAXINT;

  for (guint k = 0; k < r->n_cand; k++)
    penalty = MIN (penalty, r->ops[r->cand[k]].penalty);
  for (guint k = 0; k < r->n_cand; k++)
    if (r->ops[r->cand[k]].penalty == penalty)
      chosen[n_chosen++] = &r->ops[r->cand[k]];
  if (n_chosen == 0)
    return;

  g_qsort_with_data (chosen, n_chosen, sizeof *chosen, compare_ops, (gpointer) r);
  for (guint k = 0; k < n_chosen; k++)
    g_array_append_val (offer->user_ids, chosen[k]->user_id);
  offer->reason = DESK_ROUTE_RING_ALL;
}

static void
route_one (const Route    *r,
           DeskRouteOffer *offer)
{
  const DeskRouteOperator *best = NULL;

  for (guint k = 0; k < r->n_cand; k++)
    {
      const DeskRouteOperator *op = &r->ops[r->cand[k]];

      if (route_admits (r, op) && (best == NULL || route_compare (r, op, best) < 0))
        best = op;
    }
  if (best == NULL)
    return;

  g_array_append_val (offer->user_ids, best->user_id);
  switch (r->queue->config->strategy)
    {
    case DESK_QUEUE_STRATEGY_FEWEST_CONTACTS:
      offer->reason = DESK_ROUTE_FEWEST_CONTACTS;
      break;
    case DESK_QUEUE_STRATEGY_SKILLS:
      if (!r->by_skill)
        offer->reason = DESK_ROUTE_LONGEST_IDLE;
      else if (desk_route_skill_level (best, r->skill_id) > 0)
        offer->reason = DESK_ROUTE_SKILL;
      else
        offer->reason = DESK_ROUTE_SKILL_RELAXED;
      break;
    case DESK_QUEUE_STRATEGY_LONGEST_IDLE:
    case DESK_QUEUE_STRATEGY_RING_ALL:
    default:
      offer->reason = DESK_ROUTE_LONGEST_IDLE;
      break;
    }
}

static DeskRouteOffer *
route_offer (const DeskRouteQueue    *queue,
             const DeskRouteOperator *ops,
             const guint             *cand,
             guint                    n_cand,
             const DeskRouteContact  *contact,
             gint64                   now_ms)
{
  DeskRouteOffer *offer = offer_new (contact->id);
  Route r;

  route_init (&r, queue, ops, cand, n_cand, contact, now_ms);
  if (route_sticky (&r, offer))
    return offer;

  if (queue->config->strategy == DESK_QUEUE_STRATEGY_RING_ALL)
    route_ring_all (&r, offer);
  else
    route_one (&r, offer);
  offer->recheck_at_ms = r.relax_at_ms;
  return offer;
}

/* Takes the members offered something out of a plan's free list. */
static guint
list_remove (guint                   *list,
             guint                    n,
             const DeskRouteOperator *ops,
             const DeskRouteOffer    *offer)
{
  guint kept = 0;

  for (guint k = 0; k < n; k++)
    {
      gboolean offered = FALSE;

      for (guint j = 0; j < offer->user_ids->len && !offered; j++)
        offered = ops[list[k]].user_id == g_array_index (offer->user_ids, gint64, j);
      if (!offered)
        list[kept++] = list[k];
    }
  return kept;
}

static int
compare_contact_ptrs (const void *a,
                      const void *b)
{
  return desk_route_contact_compare (*(const DeskRouteContact *const *) a,
                                     *(const DeskRouteContact *const *) b);
}

/**
 * desk_route_sort_contacts:
 * @order: (array length=n): pointers to waiting contacts
 * @n: how many
 *
 * Puts @order in queue order (desk_route_contact_compare()). A line the
 * office keeps in order already costs one pass, not a sort.
 */
void
desk_route_sort_contacts (const DeskRouteContact **order,
                          guint                    n)
{
  for (guint i = 1; i < n; i++)
    if (desk_route_contact_compare (order[i - 1], order[i]) > 0)
      {
        qsort (order, n, sizeof *order, compare_contact_ptrs);
        return;
      }
}

/**
 * desk_route_operator_from_agent:
 * @op: the snapshot to fill
 * @agent: the operator's state
 *
 * Fills the fields of @op that the state machine knows: the user, the state,
 * whether an offer rings, idle time, load and chats. The queue's penalty,
 * the skills and today's count are the caller's to fill.
 */
void
desk_route_operator_from_agent (DeskRouteOperator *op,
                                const DeskAgent   *agent)
{
  g_return_if_fail (op != NULL);
  g_return_if_fail (agent != NULL);

  op->user_id = agent->user_id;
  op->state = agent->state;
  op->offer_pending = agent->offer.id != 0;
  op->idle_since_ms = agent->idle_since_ms;
  op->load = agent->load;
  op->n_chats = agent->n_chats;
  op->max_chats = agent->max_chats;
}

/**
 * desk_route_skill_level:
 * @op: an operator
 * @skill_id: a skill
 *
 * Returns: @op's level in @skill_id, 1..10, or 0 without it
 */
int
desk_route_skill_level (const DeskRouteOperator *op,
                        gint64                   skill_id)
{
  g_return_val_if_fail (op != NULL, 0);

  for (guint i = 0; i < op->n_skills; i++)
    if (op->skills[i].skill_id == skill_id)
      return MAX (op->skills[i].level, 0);
  return 0;
}

/**
 * desk_route_contact_compare:
 * @a: a waiting contact
 * @b: another
 *
 * The order of a queue: higher priority first (VIP clients), then the earlier
 * place in the line, then the lower id. A callback holds the place its caller
 * had, so it is served after everyone who was waiting before that caller and
 * before everyone who came after.
 *
 * Returns: negative if @a goes first, positive if @b does, 0 for the same contact
 */
int
desk_route_contact_compare (const DeskRouteContact *a,
                            const DeskRouteContact *b)
{
  int c;

  if ((c = CMP (b->priority, a->priority)) != 0)
    return c;
  if ((c = CMP (a->enqueued_at_ms, b->enqueued_at_ms)) != 0)
    return c;
  return CMP (a->id, b->id);
}

/**
 * desk_route_is_free:
 * @queue: the queue
 * @op: one of its members
 * @channel: the channel of a contact of @queue
 *
 * Returns: %TRUE if @op may be offered such a contact now: available or on a
 *   contact, nothing ringing, and room for it
 */
gboolean
desk_route_is_free (const DeskRouteQueue    *queue,
                    const DeskRouteOperator *op,
                    DeskChannel              channel)
{
  g_return_val_if_fail (queue != NULL && queue->config != NULL, FALSE);
  g_return_val_if_fail (op != NULL, FALSE);

  if (op->state != DESK_AGENT_STATE_AVAILABLE && op->state != DESK_AGENT_STATE_ON_CONTACT)
    return FALSE;
  if (op->offer_pending)
    return FALSE;
  return desk_capacity_fits (op->load, op->n_chats, op->max_chats, channel,
                             queue->config->chat_weight);
}

/**
 * desk_route_offer:
 * @queue: the queue
 * @ops: (array length=n_ops): the queue's members
 * @n_ops: how many
 * @contact: the waiting contact
 * @now_ms: the time, on the clock of the contact's times
 *
 * Decides whom to offer @contact now (see the rules at the top of this
 * file). When the answer is the sticky operator and @contact's
 * sticky_since_ms is 0, the caller stores @now_ms there: the window counts
 * from the first sticky offer. When the sticky operator lets it ring out or
 * declines it, the caller clears sticky_user_id.
 *
 * Returns: (transfer full): the decision; with %DESK_ROUTE_NOBODY it has no
 *   operator and the contact keeps waiting
 */
DeskRouteOffer *
desk_route_offer (const DeskRouteQueue    *queue,
                  const DeskRouteOperator *ops,
                  guint                    n_ops,
                  const DeskRouteContact  *contact,
                  gint64                   now_ms)
{
  g_autofree guint *cand = NULL;
  guint n_cand;

  g_return_val_if_fail (queue != NULL && queue->config != NULL, NULL);
  g_return_val_if_fail (ops != NULL || n_ops == 0, NULL);
  g_return_val_if_fail (contact != NULL, NULL);

  cand = g_new (guint, MAX (n_ops, 1));
  n_cand = list_free (queue, ops, n_ops, contact->channel, cand);
  return route_offer (queue, ops, cand, n_cand, contact, now_ms);
}

/**
 * desk_route_plan:
 * @queue: the queue
 * @ops: (array length=n_ops): the queue's members
 * @n_ops: how many
 * @contacts: (array length=n_contacts): the contacts waiting in it, in any order
 * @n_contacts: how many
 * @now_ms: the time
 *
 * Routes a whole queue at once: in the queue's order
 * (desk_route_contact_compare()), each contact not already ringing gets the
 * offer desk_route_offer() would give it among the members not offered
 * anything before it in this plan. A contact that none of the remaining
 * members may take (a skill not yet relaxed) lets the next ones have them:
 * an operator never stays idle behind a contact they cannot serve.
 *
 * Returns: (transfer full) (element-type DeskRouteOffer): the offers to make
 *   now, in queue order; contacts that keep waiting are not in it
 */
GPtrArray *
desk_route_plan (const DeskRouteQueue    *queue,
                 const DeskRouteOperator *ops,
                 guint                    n_ops,
                 const DeskRouteContact  *contacts,
                 guint                    n_contacts,
                 gint64                   now_ms)
{
  g_autoptr (GPtrArray) offers = NULL;
  g_autofree const DeskRouteContact **order = NULL;
  g_autofree guint *free_voice = NULL;
  g_autofree guint *free_text = NULL;
  guint n_voice, n_text;
  guint n_order = 0;

  g_return_val_if_fail (queue != NULL && queue->config != NULL, NULL);
  g_return_val_if_fail (ops != NULL || n_ops == 0, NULL);
  g_return_val_if_fail (contacts != NULL || n_contacts == 0, NULL);

  offers = g_ptr_array_new_with_free_func (offer_free);
  order = g_new (const DeskRouteContact *, MAX (n_contacts, 1));
  free_voice = g_new (guint, MAX (n_ops, 1));
  free_text = g_new (guint, MAX (n_ops, 1));

  /* The free members are listed once: a plan only takes members away. */
  n_voice = list_free (queue, ops, n_ops, DESK_CHANNEL_PHONE, free_voice);
  n_text = list_free (queue, ops, n_ops, DESK_CHANNEL_CHAT, free_text);
  for (guint i = 0; i < n_contacts; i++)
    if (!contacts[i].offering)
      order[n_order++] = &contacts[i];
  desk_route_sort_contacts (order, n_order);

  for (guint k = 0; k < n_order && (n_voice > 0 || n_text > 0); k++)
    {
      gboolean text = desk_channel_is_text (order[k]->channel);
      DeskRouteOffer *offer;

      if ((text ? n_text : n_voice) == 0)
        continue;
      offer = route_offer (queue, ops, text ? free_text : free_voice, text ? n_text : n_voice,
                           order[k], now_ms);
      if (offer->user_ids->len == 0)
        {
          desk_route_offer_free (offer);
          continue;
        }
      /* Whoever rings for this contact is free for nothing else. */
      n_voice = list_remove (free_voice, n_voice, ops, offer);
      n_text = list_remove (free_text, n_text, ops, offer);
      g_ptr_array_add (offers, offer);
    }
  return g_steal_pointer (&offers);
}

/**
 * desk_route_offer_free:
 * @offer: (nullable): a decision
 */
void
desk_route_offer_free (DeskRouteOffer *offer)
{
  if (offer == NULL)
    return;
  g_array_unref (offer->user_ids);
  g_free (offer);
}

/**
 * desk_route_reason_to_string:
 * @reason: a reason
 *
 * Returns: a stable name for logs and tests, such as "skill-relaxed"
 */
const char *
desk_route_reason_to_string (DeskRouteReason reason)
{
  static const char *const names[] = {
    "nobody", "sticky", "ring-all", "longest-idle", "fewest-contacts", "skill", "skill-relaxed",
  };

  if ((guint) reason >= G_N_ELEMENTS (names))
    return "unknown";
  return names[reason];
}
