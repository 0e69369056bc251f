/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-chat"

#include "config.h"

#include "desk-call-flow-private.h"

#include "desk-error.h"
#include "desk-i18n.h"
#include "desk-phone.h"

/*
 * Chats join the same queues as calls: one line per queue, one routing
 * decision, one view of each operator's load (a call takes them whole, a
 * chat the queue's chat_weight of them). A chat starts with the bot when
 * the office has one; the visitor gets an operator on asking for one, or
 * when the bot has no answer. An offer is not a ringing phone but a card in
 * the operator's window: it waits offer_seconds for Accept, then goes to
 * someone else. Everything said, by the bot too, stays in the transcript.
 */

enum {
  CHAT_OFFERED,
  CHAT_ANSWERED,
  CHAT_MESSAGE,
  CHAT_TYPING,
  CHAT_READ,
  CHAT_WAITING,
  CHAT_ENDED,
  CHAT_TRANSFERRED,
  N_CHAT_SIGNALS
};

static guint signals[N_CHAT_SIGNALS];

/* Longest chat message, in characters (the store's limit is 4000 bytes). */
#define MAX_MESSAGE_CHARS 2000

/* Live chats by id (self->chats, keys in the contacts): every visitor
 * message looks its chat up, and the flow holds calls and chats by the
 * thousand. */
static FlowContact *
find_chat (DeskCallFlow  *self,
           gint64         chat_id,
           GError       **error)
{
  FlowContact *contact = self->chats ? g_hash_table_lookup (self->chats, &chat_id) : NULL;

  if (contact && contact->phase != PHASE_ENDED)
    return contact;
  g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("The chat has ended or does not exist"));
  return NULL;
}

void
_desk_flow_chat_saved (FlowContact *contact)
{
  g_autoptr (GError) error = NULL;

  if (!desk_store_update_chat (contact->flow->store, contact->chat, &error))
    g_warning ("Chat %" G_GINT64_FORMAT " was not saved: %s", contact->chat_id, error->message);
}

void
_desk_flow_emit_chat_waiting (FlowContact *contact,
                              guint        position,
                              int          ewt_seconds)
{
  g_signal_emit (contact->flow, signals[CHAT_WAITING], 0, contact->chat_id, position, ewt_seconds);
}

void
_desk_flow_emit_chat_ended (FlowContact     *contact,
                            DeskCallOutcome  outcome)
{
  g_signal_emit (contact->flow, signals[CHAT_ENDED], 0, contact->chat_id,
                 desk_enum_to_nick (DESK_TYPE_CALL_OUTCOME, outcome));
  g_hash_table_remove (contact->flow->chats, &contact->chat_id);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gint64
post (FlowContact     *contact,
      DeskChatSender   sender,
      gint64           operator_id,
      const char      *body,
      GError         **error)
{
  DeskCallFlow *self = contact->flow;
  DeskChatMessage message = {
    .chat_id = contact->chat_id,
    .sender = sender,
    .operator_id = operator_id,
    .body = (char *) body,
  };
  gint64 id;

  if (body == NULL || !g_utf8_validate (body, -1, NULL) || is_blank (body))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("Write something first"));
      return 0;
    }
  if (g_utf8_strlen (body, MAX_MESSAGE_CHARS * 4 + 1) > MAX_MESSAGE_CHARS)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                   _("A message has at most %d characters"), MAX_MESSAGE_CHARS);
      return 0;
    }
  _desk_flow_batch (self);
  id = desk_store_add_chat_message (self->store, &message, error);
  if (id > 0)
    g_signal_emit (self, signals[CHAT_MESSAGE], 0, contact->chat_id, id,
                   desk_enum_to_nick (DESK_TYPE_CHAT_SENDER, sender));
  return id;
}

/* Ends a chat with a last word from the office (nobody on duty, the line
 * is full): the visitor's widget offers the offline form then. */
void
_desk_flow_chat_close (FlowContact     *contact,
                       const char      *text,
                       DeskCallOutcome  outcome)
{
  post (contact, DESK_CHAT_SENDER_SYSTEM, 0, text, NULL);
  _desk_flow_finish (contact, outcome, NULL);
}

static gint64
chat_queue (DeskCallFlow *self,
            gint64        queue_id)
{
  g_autofree char *setting = NULL;
  GHashTableIter iter;
  gpointer key;
  gint64 first = 0;

  if (queue_id && g_hash_table_contains (self->queues, &queue_id))
    return queue_id;
  setting = desk_store_get_setting (self->store, "chat-queue");
  if (setting)
    {
      gint64 id = g_ascii_strtoll (setting, NULL, 10);

      if (g_hash_table_contains (self->queues, &id))
        return id;
    }
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (first == 0 || *(gint64 *) key < first)
      first = *(gint64 *) key;
  return first;
}

/**
 * desk_call_flow_chat_on_duty:
 * @self: the flow
 * @queue_id: the chat's queue, 0 for the office's chat queue
 *
 * Whether anyone who could take a chat of the queue is logged in. When
 * nobody is, the widget shows the offline form instead of a chat.
 */
gboolean
desk_call_flow_chat_on_duty (DeskCallFlow *self,
                             gint64        queue_id)
{
  FlowQueue *queue;
  gint64 id;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  id = chat_queue (self, queue_id);
  queue = g_hash_table_lookup (self->queues, &id);
  if (queue == NULL)
    return FALSE;
  for (guint i = 0; i < queue->info->members->len; i++)
    {
      FlowAgent *agent = _desk_flow_agent (self, g_array_index (queue->info->members,
                                                                DeskQueueMember, i).user_id);

      if (agent && agent->agent->state != DESK_AGENT_STATE_OFFLINE)
        return TRUE;
    }
  return FALSE;
}

static void
to_queue (FlowContact *contact)
{
  DeskCallFlow *self = contact->flow;

  post (contact, DESK_CHAT_SENDER_SYSTEM, 0, _desk_flow_text (self, "chat-connecting"), NULL);
  /* Chats handed over in the same millisecond keep their order: routing
   * breaks a tie by route id, and chats' route ids are negative, the
   * newest lowest. */
  if (contact->queued_at_ms == 0)
    contact->queued_at_ms = self->last_chat_queued_ms =
      MAX (_desk_flow_now_ms (), self->last_chat_queued_ms + 1);
  _desk_flow_enqueue (contact, contact->chat->queue_id);
}

/**
 * desk_call_flow_chat_start:
 * @self: the flow
 * @visitor: who is asking, from the pre-chat form
 * @error: a #GError; %DESK_ERROR_LIMIT when nobody is on duty
 *
 * Starts a chat: with the bot if the office has one, else straight in the
 * queue. The visitor is matched to a client by the phone they gave (or the
 * client their signed cookie names).
 *
 * Returns: the chat's id, or 0 with @error set
 */
gint64
desk_call_flow_chat_start (DeskCallFlow           *self,
                           const DeskChatVisitor  *visitor,
                           GError                **error)
{
  g_autofree char *e164 = NULL;
  g_autoptr (DeskChat) chat = NULL;
  g_autofree char *greeting = NULL;
  FlowContact *contact;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), 0);
  g_return_val_if_fail (visitor != NULL, 0);

  if (visitor->name == NULL || !g_utf8_validate (visitor->name, -1, NULL) ||
      *visitor->name == '\0' || g_utf8_strlen (visitor->name, -1) > 100)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("Tell us your name (up to 100 characters)"));
      return 0;
    }
  if (visitor->contact && (!g_utf8_validate (visitor->contact, -1, NULL) ||
                           g_utf8_strlen (visitor->contact, -1) > 200))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("The phone or e-mail is too long"));
      return 0;
    }
  if (!desk_call_flow_chat_on_duty (self, visitor->queue_id))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                   _("Nobody is on duty now; leave a message and we will answer"));
      return 0;
    }

  chat = desk_chat_new ();
  chat->visitor_name = g_strdup (visitor->name);
  chat->visitor_contact = g_strdup (visitor->contact);
  chat->client_id = visitor->client_id;
  chat->queue_id = chat_queue (self, visitor->queue_id);
  chat->channel = DESK_CHANNEL_CHAT;
  chat->outcome = DESK_CALL_OUTCOME_NONE;
  chat->started_at = _desk_flow_now_ms () / 1000;
  _desk_flow_batch (self);
  chat->id = desk_store_add_chat (self->store, chat, error);
  if (chat->id <= 0)
    return 0;

  contact = g_new0 (FlowContact, 1);
  contact->flow = self;
  contact->record = desk_call_new ();
  contact->chat = g_steal_pointer (&chat);
  contact->chat_id = contact->chat->id;
  contact->client_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  contact->offered = g_array_new (FALSE, FALSE, sizeof (gint64));
  contact->path = g_string_new (NULL);
  g_ptr_array_add (self->contacts, contact);
  if (self->chats == NULL)
    self->chats = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_insert (self->chats, &contact->chat_id, contact);

  e164 = visitor->contact ? desk_phone_normalize (visitor->contact, self->region, NULL) : NULL;
  if (visitor->client_id)
    g_array_append_val (contact->client_ids, visitor->client_id);
  else if (e164)
    {
      contact->e164 = g_steal_pointer (&e164);
      _desk_flow_identify (contact);
      if (contact->client_ids->len == 1)
        contact->chat->client_id = g_array_index (contact->client_ids, gint64, 0);
    }
  _desk_flow_chat_saved (contact);

  if (self->bot == NULL)
    {
      to_queue (contact);
      return contact->chat_id;
    }
  contact->phase = PHASE_BOT;
  greeting = desk_bot_dup_greeting (self->bot);
  post (contact, DESK_CHAT_SENDER_BOT, 0, greeting, NULL);
  return contact->chat_id;
}

static void
bot_answers (FlowContact *contact,
             const char  *text)
{
  DeskCallFlow *self = contact->flow;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskBotReply) reply = desk_bot_reply (self->bot, text, &error);
  g_autoptr (GString) answer = g_string_new (NULL);

  if (reply == NULL)
    {
      g_warning ("The bot failed: %s", error->message);
      to_queue (contact);
      return;
    }
  if (reply->answer)
    g_string_append (answer, reply->answer);
  for (guint i = 0; reply->articles && i < reply->articles->len; i++)
    {
      DeskArticle *article = g_ptr_array_index (reply->articles, i);

      g_string_append_printf (answer, "%s• %s", answer->len ? "\n" : "", article->title);
    }
  if (answer->len > 0)
    post (contact, DESK_CHAT_SENDER_BOT, 0, answer->str, NULL);
  if (reply->hand_off || reply->unsure)
    to_queue (contact);
}

/**
 * desk_call_flow_chat_post:
 * @self: the flow
 * @chat_id: the chat
 * @sender: the visitor or an operator
 * @operator_id: the operator writing, for %DESK_CHAT_SENDER_OPERATOR
 * @body: the message
 * @error: a #GError
 *
 * Adds a message to the chat and tells everyone following it
 * ([signal@CallFlow::chat-message]). While the bot has the chat, it
 * answers the visitor's messages.
 *
 * Returns: the message's id, or 0 with @error set
 */
gint64
desk_call_flow_chat_post (DeskCallFlow    *self,
                          gint64           chat_id,
                          DeskChatSender   sender,
                          gint64           operator_id,
                          const char      *body,
                          GError         **error)
{
  FlowContact *contact;
  gint64 id;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), 0);

  contact = find_chat (self, chat_id, error);
  if (contact == NULL)
    return 0;
  if (sender == DESK_CHAT_SENDER_OPERATOR &&
      (contact->phase != PHASE_TALKING || contact->operator_id != operator_id))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN, _("This chat is not yours"));
      return 0;
    }
  if (sender != DESK_CHAT_SENDER_OPERATOR && sender != DESK_CHAT_SENDER_VISITOR)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("Only people write here"));
      return 0;
    }
  id = post (contact, sender, sender == DESK_CHAT_SENDER_OPERATOR ? operator_id : 0, body, error);
  if (id > 0 && sender == DESK_CHAT_SENDER_VISITOR && contact->phase == PHASE_BOT)
    bot_answers (contact, body);
  return id;
}

/**
 * desk_call_flow_chat_hand_off:
 *
 * The visitor pressed "talk to a person": the chat leaves the bot for the
 * queue.
 */
gboolean
desk_call_flow_chat_hand_off (DeskCallFlow  *self,
                              gint64         chat_id,
                              GError       **error)
{
  FlowContact *contact;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = find_chat (self, chat_id, error);
  if (contact == NULL)
    return FALSE;
  if (contact->phase == PHASE_BOT)
    to_queue (contact);
  return TRUE;
}

static gboolean
on_offer_timeout (gpointer data)
{
  FlowContact *contact = data;

  contact->offer_timer = 0;
  _desk_flow_offer_ended (contact, 0, 408);
  return G_SOURCE_REMOVE;
}

void
_desk_flow_chat_offer (FlowContact          *contact,
                       const DeskRouteOffer *offer)
{
  DeskCallFlow *self = contact->flow;

  g_array_set_size (contact->offered, 0);
  for (guint i = 0; i < offer->user_ids->len; i++)
    {
      gint64 user_id = g_array_index (offer->user_ids, gint64, i);
      FlowAgent *agent = _desk_flow_agent (self, user_id);

      if (agent == NULL || agent->offer != NULL)
        continue;
      g_array_append_val (contact->offered, user_id);
      _desk_flow_agent_event (self, agent, DESK_AGENT_EVENT_OFFERED, contact);
      g_signal_emit (self, signals[CHAT_OFFERED], 0, contact->chat_id, user_id);
    }
  if (contact->offered->len == 0)
    return;
  if (offer->reason == DESK_ROUTE_STICKY && contact->route.sticky_since_ms == 0)
    contact->route.sticky_since_ms = _desk_flow_now_ms ();
  contact->route.offering = TRUE;
  contact->offer_timer = g_timeout_add_seconds (self->offer_seconds, on_offer_timeout, contact);
}

static gboolean
offered_to (FlowContact *contact,
            gint64       user_id)
{
  for (guint i = 0; i < contact->offered->len; i++)
    if (g_array_index (contact->offered, gint64, i) == user_id)
      return TRUE;
  return FALSE;
}

static FlowContact *
offered_chat (DeskCallFlow  *self,
              gint64         user_id,
              gint64         chat_id,
              GError       **error)
{
  FlowContact *contact = find_chat (self, chat_id, error);

  if (contact == NULL)
    return NULL;
  if (offered_to (contact, user_id))
    return contact;
  g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT, _("The chat is not offered to you now"));
  return NULL;
}

/**
 * desk_call_flow_chat_accept:
 *
 * The operator takes the chat offered to them.
 */
gboolean
desk_call_flow_chat_accept (DeskCallFlow  *self,
                            gint64         user_id,
                            gint64         chat_id,
                            GError       **error)
{
  FlowContact *contact;
  FlowAgent *winner;
  gint64 now = _desk_flow_now_ms ();

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = offered_chat (self, user_id, chat_id, error);
  if (contact == NULL)
    return FALSE;
  winner = _desk_flow_agent (self, user_id);
  for (guint i = 0; i < contact->offered->len; i++)
    {
      FlowAgent *agent = _desk_flow_agent (self, g_array_index (contact->offered, gint64, i));

      if (agent && agent->offer == contact)
        _desk_flow_agent_event (self, agent, agent == winner ? DESK_AGENT_EVENT_OFFER_ACCEPTED :
                                DESK_AGENT_EVENT_OFFER_WITHDRAWN, contact);
    }
  g_array_set_size (contact->offered, 0);
  g_clear_handle_id (&contact->offer_timer, g_source_remove);
  _desk_flow_leave_queue (contact);
  contact->phase = PHASE_TALKING;
  contact->operator_id = user_id;
  winner->contacts_today++;
  contact->chat->operator_id = user_id;
  contact->chat->outcome = DESK_CALL_OUTCOME_ANSWERED;
  /* A transferred chat keeps its first answer and wait. */
  if (contact->answered_ms == 0)
    {
      contact->answered_ms = now;
      contact->chat->answered_at = now / 1000;
      if (contact->queued_at_ms)
        contact->chat->wait_seconds = (int) MAX (0, (now - contact->queued_at_ms) / 1000);
    }
  _desk_flow_batch (self);
  _desk_flow_chat_saved (contact);
  g_signal_emit (self, signals[CHAT_ANSWERED], 0, chat_id, user_id);
  return TRUE;
}

/**
 * desk_call_flow_chat_decline:
 *
 * The operator passes the offer on: the chat goes to someone else.
 */
gboolean
desk_call_flow_chat_decline (DeskCallFlow  *self,
                             gint64         user_id,
                             gint64         chat_id,
                             GError       **error)
{
  FlowContact *contact;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = offered_chat (self, user_id, chat_id, error);
  if (contact == NULL)
    return FALSE;
  _desk_flow_offer_ended (contact, 0, 603);
  return TRUE;
}

/**
 * desk_call_flow_chat_typing:
 *
 * Tells the other side that @who is typing (or stopped).
 */
gboolean
desk_call_flow_chat_typing (DeskCallFlow    *self,
                            gint64           chat_id,
                            DeskChatSender   who,
                            gboolean         typing,
                            GError         **error)
{
  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  if (find_chat (self, chat_id, error) == NULL)
    return FALSE;
  g_signal_emit (self, signals[CHAT_TYPING], 0, chat_id,
                 desk_enum_to_nick (DESK_TYPE_CHAT_SENDER, who), typing);
  return TRUE;
}

/**
 * desk_call_flow_chat_read:
 *
 * @reader has read the chat up to message @up_to: the other side sees its
 * messages marked read.
 */
gboolean
desk_call_flow_chat_read (DeskCallFlow    *self,
                          gint64           chat_id,
                          DeskChatSender   reader,
                          gint64           up_to,
                          GError         **error)
{
  int marked;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  if (find_chat (self, chat_id, error) == NULL)
    return FALSE;
  _desk_flow_batch (self);
  marked = desk_store_mark_chat_read (self->store, chat_id, reader, up_to, error);
  if (marked < 0)
    return FALSE;
  if (marked > 0)
    g_signal_emit (self, signals[CHAT_READ], 0, chat_id,
                   desk_enum_to_nick (DESK_TYPE_CHAT_SENDER, reader), up_to);
  return TRUE;
}

/**
 * desk_call_flow_chat_end:
 * @self: the flow
 * @chat_id: the chat
 * @by: the visitor, or an operator (@operator_id)
 * @operator_id: the operator ending it
 * @error: a #GError
 *
 * Ends the chat; the operator goes to wrap-up when it was their last
 * contact, and the visitor may rate it ([method@CallFlow.chat_rate]).
 */
gboolean
desk_call_flow_chat_end (DeskCallFlow    *self,
                         gint64           chat_id,
                         DeskChatSender   by,
                         gint64           operator_id,
                         GError         **error)
{
  FlowContact *contact;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = find_chat (self, chat_id, error);
  if (contact == NULL)
    return FALSE;
  if (by == DESK_CHAT_SENDER_OPERATOR && contact->operator_id != operator_id)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN, _("This chat is not yours"));
      return FALSE;
    }
  _desk_flow_finish (contact, contact->answered_ms ? DESK_CALL_OUTCOME_ANSWERED :
                     contact->phase == PHASE_BOT ? DESK_CALL_OUTCOME_IVR_SETTLED :
                     DESK_CALL_OUTCOME_ABANDONED_QUEUE, NULL);
  return TRUE;
}

/**
 * desk_call_flow_chat_rate:
 * @self: the flow
 * @chat_id: a chat, over or not
 * @csat: 1 (bad) to 5 (excellent)
 * @error: a #GError
 *
 * Stores the visitor's rating. A chat is rated once.
 */
gboolean
desk_call_flow_chat_rate (DeskCallFlow  *self,
                          gint64         chat_id,
                          int            csat,
                          GError       **error)
{
  g_autoptr (DeskChat) chat = NULL;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  if (csat < 1 || csat > 5)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("A rating is a whole number from 1 to 5"));
      return FALSE;
    }
  chat = desk_store_get_chat (self->store, chat_id, error);
  if (chat == NULL)
    return FALSE;
  if (chat->csat != 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT, _("This chat is rated already"));
      return FALSE;
    }
  chat->csat = csat;
  return desk_store_update_chat (self->store, chat, error);
}

/* Routing offers the chat to others before @user_id (who passed it on). */
static void
pass_over (FlowContact *contact,
           gint64       user_id)
{
  if (contact->passed == NULL)
    contact->passed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (contact->passed, user_id);
  contact->route.passed = (const gint64 *) contact->passed->data;
  contact->route.n_passed = contact->passed->len;
}

static FlowAgent *
transfer_target (FlowContact  *contact,
                 gint64        operator_id,
                 GError      **error)
{
  DeskCallFlow *self = contact->flow;
  FlowAgent *target = _desk_flow_agent (self, operator_id);
  double weight = contact->queue ? contact->queue->info->config.chat_weight : 0.5;

  if (target == NULL || operator_id == contact->operator_id)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("Choose a colleague to transfer to"));
      return NULL;
    }
  if (target->agent->state == DESK_AGENT_STATE_OFFLINE || target->offer != NULL ||
      !desk_agent_can_take (target->agent, DESK_CHANNEL_CHAT, weight))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("%s cannot take a chat now"), target->name ? target->name : "");
      return NULL;
    }
  return target;
}

/**
 * desk_call_flow_transfer_chat:
 * @self: the flow
 * @chat_id: a chat in conversation
 * @operator_id: the colleague to offer it to, or 0
 * @queue_id: the queue whose line it joins, or 0
 * @error: a #GError
 *
 * Takes the chat from its operator (who may go to wrap-up) and offers it
 * to @operator_id, who must be free to take it, or puts it in @queue_id's
 * line; exactly one of the two is given. The visitor is told, the
 * transcript stays whole, and the chat keeps its place in line. An offer
 * to a colleague that runs out goes on to the chat's queue.
 *
 * Returns: %TRUE if the chat left its operator
 */
gboolean
desk_call_flow_transfer_chat (DeskCallFlow  *self,
                              gint64         chat_id,
                              gint64         operator_id,
                              gint64         queue_id,
                              GError       **error)
{
  FlowContact *contact;
  FlowAgent *from;
  gint64 from_id;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), FALSE);

  contact = find_chat (self, chat_id, error);
  if (contact == NULL)
    return FALSE;
  if ((operator_id > 0) == (queue_id > 0) || operator_id < 0 || queue_id < 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Name either an operator or a queue to transfer to"));
      return FALSE;
    }
  if (contact->phase != PHASE_TALKING)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("Only a chat an operator has taken can be transferred"));
      return FALSE;
    }
  if (operator_id && transfer_target (contact, operator_id, error) == NULL)
    return FALSE;
  if (queue_id && !g_hash_table_contains (self->queues, &queue_id))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No such queue"));
      return FALSE;
    }

  post (contact, DESK_CHAT_SENDER_SYSTEM, 0, _("You are being transferred to another operator"),
        NULL);
  from_id = contact->operator_id;
  from = _desk_flow_agent (self, from_id);
  contact->operator_id = 0;
  contact->chat->operator_id = 0;
  /* At once: the web layer reads who has the chat from the store. */
  _desk_flow_chat_saved (contact);
  if (from)
    {
      pass_over (contact, from_id);
      _desk_flow_agent_event (self, from, DESK_AGENT_EVENT_CONTACT_ENDED, contact);
    }
  g_signal_emit (self, signals[CHAT_TRANSFERRED], 0, chat_id, from_id, operator_id);

  _desk_flow_enqueue (contact, queue_id ? queue_id : contact->chat->queue_id);
  if (operator_id && contact->phase == PHASE_QUEUE && contact->offered->len == 0)
    {
      g_autoptr (GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));
      DeskRouteOffer offer = { .contact_id = contact->route.id, .user_ids = users };

      g_array_append_val (users, operator_id);
      _desk_flow_chat_offer (contact, &offer);
    }
  return TRUE;
}

void
desk_live_chat_free (DeskLiveChat *chat)
{
  if (chat == NULL)
    return;
  g_free (chat->visitor_name);
  g_free (chat->visitor_contact);
  g_free (chat->visitor_phone);
  g_clear_pointer (&chat->client_ids, g_array_unref);
  g_free (chat);
}

static int
by_chat_id (gconstpointer a,
            gconstpointer b)
{
  const DeskLiveChat *x = *(DeskLiveChat * const *) a, *y = *(DeskLiveChat * const *) b;

  return x->chat_id < y->chat_id ? -1 : x->chat_id > y->chat_id;
}

static guint
count_unread (DeskCallFlow *self,
              gint64        chat_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = desk_store_list_chat_messages_after (self->store, chat_id, 0,
                                                                        &error);
  guint unread = 0;

  if (messages == NULL)
    g_warning ("Chat %" G_GINT64_FORMAT "'s transcript was not read: %s", chat_id, error->message);
  for (guint i = 0; messages && i < messages->len; i++)
    {
      DeskChatMessage *message = g_ptr_array_index (messages, i);

      unread += message->sender == DESK_CHAT_SENDER_VISITOR && message->read_at == 0;
    }
  return unread;
}

/**
 * desk_call_flow_list_chats:
 * @self: the flow
 * @user_id: an operator
 *
 * Returns: (transfer full) (element-type DeskLiveChat): the chats offered
 *   to the operator now and those they have taken, oldest first
 */
GPtrArray *
desk_call_flow_list_chats (DeskCallFlow *self,
                           gint64        user_id)
{
  GPtrArray *chats;

  g_return_val_if_fail (DESK_IS_CALL_FLOW (self), NULL);

  chats = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_live_chat_free);
  for (guint i = 0; i < self->contacts->len; i++)
    {
      FlowContact *contact = g_ptr_array_index (self->contacts, i);
      gboolean active = contact->phase == PHASE_TALKING && contact->operator_id == user_id;
      DeskLiveChat *chat;

      if (contact->chat_id == 0 || contact->phase == PHASE_ENDED ||
          (!active && !offered_to (contact, user_id)))
        continue;
      chat = g_new0 (DeskLiveChat, 1);
      chat->chat_id = contact->chat_id;
      chat->state = active ? DESK_LIVE_CHAT_ACTIVE : DESK_LIVE_CHAT_OFFERED;
      chat->visitor_name = g_strdup (contact->chat->visitor_name);
      chat->visitor_contact = g_strdup (contact->chat->visitor_contact);
      chat->visitor_phone = g_strdup (contact->e164);
      chat->client_ids = g_array_ref (contact->client_ids);
      chat->queue_id = contact->chat->queue_id;
      chat->since = contact->chat->started_at;
      chat->unread = count_unread (self, contact->chat_id);
      g_ptr_array_add (chats, chat);
    }
  g_ptr_array_sort (chats, by_chat_id);
  return chats;
}

void
_desk_flow_chat_class_init (GObjectClass *klass)
{
  GType type = G_TYPE_FROM_CLASS (klass);

  /**
   * DeskCallFlow::chat-offered:
   * @self: the flow
   * @chat_id: the chat
   * @user_id: an operator who may accept it now
   */
  signals[CHAT_OFFERED] = g_signal_new ("chat-offered", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * DeskCallFlow::chat-answered:
   * @self: the flow
   * @chat_id: the chat
   * @user_id: the operator who took it
   */
  signals[CHAT_ANSWERED] = g_signal_new ("chat-answered", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * DeskCallFlow::chat-message:
   * @self: the flow
   * @chat_id: the chat
   * @message_id: the new message (read it from the store)
   * @sender: "visitor", "operator", "bot" or "system"
   */
  signals[CHAT_MESSAGE] = g_signal_new ("chat-message", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64,
                                        G_TYPE_STRING);
  /**
   * DeskCallFlow::chat-typing:
   * @self: the flow
   * @chat_id: the chat
   * @who: "visitor" or "operator"
   * @typing: whether they are typing now
   */
  signals[CHAT_TYPING] = g_signal_new ("chat-typing", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING,
                                       G_TYPE_BOOLEAN);
  /**
   * DeskCallFlow::chat-read:
   * @self: the flow
   * @chat_id: the chat
   * @reader: "visitor" or "operator"
   * @up_to: the newest message read
   */
  signals[CHAT_READ] = g_signal_new ("chat-read", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64);
  /**
   * DeskCallFlow::chat-waiting:
   * @self: the flow
   * @chat_id: the chat
   * @position: its place in the line, 1 first
   * @ewt_seconds: the expected wait, -1 when unknown
   */
  signals[CHAT_WAITING] = g_signal_new ("chat-waiting", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_UINT,
                                        G_TYPE_INT);
  /**
   * DeskCallFlow::chat-ended:
   * @self: the flow
   * @chat_id: the chat
   * @outcome: its outcome's nick
   */
  signals[CHAT_ENDED] = g_signal_new ("chat-ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /**
   * DeskCallFlow::chat-transferred:
   * @self: the flow
   * @chat_id: the chat
   * @from_user: the operator who had it
   * @to_user: the operator it is offered to, 0 when it went to a queue
   *
   * The chat left its operator; chat-offered and chat-answered follow as
   * for a new one.
   */
  signals[CHAT_TRANSFERRED] = g_signal_new ("chat-transferred", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                            NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64,
                                            G_TYPE_INT64, G_TYPE_INT64);
}
