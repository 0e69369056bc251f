/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-session"

#include "desk-i18n.h"
#include "desk-agent-session-private.h"

/*
 * The inbox: what /inbox lists (calls, chats, portal requests, callbacks),
 * kept current between reloads by the event stream. An event changes an
 * item the list already has; a contact that is new to the list (an offer,
 * a transfer to this operator) is read from /inbox, which alone knows its
 * number and client match. A contact that ended stays as ENDED while its
 * wrap-up runs.
 */

/* After a contact ends: the server's wrap-up state arrives within this. */
#define SWEEP_SECONDS 2

static DeskInboxItem *
find_item (DeskAgentSession *self,
           DeskInboxKind     kind,
           gint64            id,
           guint            *position)
{
  GListModel *model = G_LIST_MODEL (self->inbox);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (model, i);

      if (desk_inbox_item_get_kind (item) == kind && desk_inbox_item_get_id (item) == id)
        {
          if (position)
            *position = i;
          return item;  /* the store keeps its own reference */
        }
    }
  return NULL;
}

static void
remove_item (DeskAgentSession *self,
             DeskInboxKind     kind,
             gint64            id)
{
  guint position;

  if (find_item (self, kind, id, &position))
    g_list_store_remove (self->inbox, position);
}

static void
set_item_state (DeskAgentSession *self,
                DeskInboxItem    *item,
                DeskInboxState    state)
{
  if (desk_inbox_item_get_state (item) == state)
    return;
  _desk_inbox_item_set_state (item, state, g_get_real_time () / G_USEC_PER_SEC);
  g_signal_emit (self, _desk_agent_session_signals[SESSION_SIGNAL_ITEM_CHANGED], 0, item);
}

static gboolean
on_sweep (gpointer data)
{
  DeskAgentSession *self = data;

  self->sweep_id = 0;
  if (self->status != DESK_AGENT_STATUS_WRAPUP)
    _desk_agent_session_sweep_ended (self);
  return G_SOURCE_REMOVE;
}

static void
contact_ended (DeskAgentSession *self,
               DeskInboxKind     kind,
               gint64            id)
{
  DeskInboxItem *item = find_item (self, kind, id, NULL);

  if (item == NULL)
    return;
  /* An offer that never became ours just goes. */
  if (desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED)
    {
      remove_item (self, kind, id);
      return;
    }
  set_item_state (self, item, DESK_INBOX_ENDED);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  self->sweep_id = g_timeout_add_seconds (SWEEP_SECONDS, on_sweep, self);
}

void
_desk_agent_session_sweep_ended (DeskAgentSession *self)
{
  GListModel *model = G_LIST_MODEL (self->inbox);

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (model, i - 1);

      if (desk_inbox_item_get_state (item) == DESK_INBOX_ENDED)
        g_list_store_remove (self->inbox, i - 1);
    }
}

/* Reload ------------------------------------------------------------------- */

/* Live contacts (calls and chats) above portal requests above callbacks,
 * so that what rings is never below a backlog; within each, the longest
 * waiting first. Items keep their place once in the list: a re-sort would
 * move the row under the operator's pointer. */
static int
inbox_rank (DeskInboxItem *item)
{
  switch (desk_inbox_item_get_kind (item))
    {
    case DESK_INBOX_CALL:
    case DESK_INBOX_CHAT:
      return 0;
    case DESK_INBOX_PORTAL:
      return 1;
    case DESK_INBOX_CALLBACK:
    default:
      return 2;
    }
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  DeskInboxItem *x = (DeskInboxItem *) a, *y = (DeskInboxItem *) b;
  int rank = inbox_rank (x) - inbox_rank (y);
  gint64 since_x = desk_inbox_item_get_since (x), since_y = desk_inbox_item_get_since (y);

  if (rank != 0)
    return rank;
  return since_x < since_y ? -1 : since_x > since_y;
}

typedef struct
{
  DeskInboxKind kind;
  gint64 id;
} Offer;

static void
merge_section (DeskAgentSession *self,
               JsonObject       *inbox,
               const char       *member,
               const char       *id_member,
               DeskInboxKind     kind,
               GArray           *offers)
{
  JsonArray *entries = _desk_json_array (inbox, member);

  for (guint i = 0; entries && i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 id = _desk_json_int (entry, id_member, 0);
      DeskInboxItem *item;
      DeskInboxState before;

      if (id <= 0)
        continue;
      item = find_item (self, kind, id, NULL);
      if (item == NULL)
        {
          g_autoptr (DeskInboxItem) added = _desk_inbox_item_new (kind, id);

          _desk_inbox_item_update_from_json (added, entry);
          _desk_inbox_item_set_seen (added, TRUE);
          g_list_store_insert_sorted (self->inbox, added, compare_items, NULL);
          if (desk_inbox_item_get_state (added) == DESK_INBOX_OFFERED)
            g_array_append_vals (offers, &(Offer) { kind, id }, 1);
          continue;
        }
      before = desk_inbox_item_get_state (item);
      _desk_inbox_item_set_seen (item, TRUE);
      /* What the stream said last is newer than a list read before it. */
      if (before != DESK_INBOX_ENDED)
        {
          _desk_inbox_item_update_from_json (item, entry);
          if (desk_inbox_item_get_state (item) != before)
            g_signal_emit (self, _desk_agent_session_signals[SESSION_SIGNAL_ITEM_CHANGED], 0,
                           item);
        }
    }
}

static void
emit_offers (DeskAgentSession *self,
             GArray           *offers)
{
  for (guint i = 0; i < offers->len; i++)
    {
      Offer *offer = &g_array_index (offers, Offer, i);
      DeskInboxItem *item = find_item (self, offer->kind, offer->id, NULL);

      if (item && (offer->kind == DESK_INBOX_CALL || offer->kind == DESK_INBOX_CHAT))
        g_signal_emit (self, _desk_agent_session_signals[SESSION_SIGNAL_CONTACT_OFFERED], 0,
                       item);
    }
}

/* An offer event carries the contact as /inbox lists it ("call" or
 * "chat"): it goes into the inbox at once, with no round trip before the
 * card can load. FALSE if the event has none (an older server). */
static gboolean
offer_from_event (DeskAgentSession *self,
                  JsonObject       *message,
                  const char       *member,
                  DeskInboxKind     kind)
{
  JsonNode *entry = json_object_get_member (message, member);
  g_autoptr (JsonObject) section = NULL;
  g_autoptr (GArray) offers = NULL;
  JsonArray *list;

  if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
    return FALSE;
  section = json_object_new ();
  list = json_array_new ();
  json_array_add_element (list, json_node_copy (entry));
  json_object_set_array_member (section, "entries", list);
  offers = g_array_new (FALSE, FALSE, sizeof (Offer));
  merge_section (self, section, "entries", "id", kind, offers);
  emit_offers (self, offers);
  return TRUE;
}

static void
on_inbox_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                              &error);
  g_autoptr (GArray) offers = g_array_new (FALSE, FALSE, sizeof (Offer));
  DeskAgentSession *self = g_task_get_source_object (task);
  GListModel *model = G_LIST_MODEL (self->inbox);
  JsonObject *inbox;

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The office server’s inbox is not understood"));
      return;
    }
  inbox = json_node_get_object (root);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (model, i);

      _desk_inbox_item_set_seen (item, FALSE);
    }
  merge_section (self, inbox, "callbacks", "id", DESK_INBOX_CALLBACK, offers);
  merge_section (self, inbox, "portal", "case_id", DESK_INBOX_PORTAL, offers);
  merge_section (self, inbox, "chats", "id", DESK_INBOX_CHAT, offers);
  merge_section (self, inbox, "calls", "id", DESK_INBOX_CALL, offers);

  /* Gone from the server's list: over. Ended items wait for their sweep. */
  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (model, i - 1);

      if (!_desk_inbox_item_get_seen (item) &&
          desk_inbox_item_get_state (item) != DESK_INBOX_ENDED)
        g_list_store_remove (self->inbox, i - 1);
    }
  emit_offers (self, offers);
  g_task_return_boolean (task, TRUE);
}

/* Takes @task (returning a boolean). */
void
_desk_agent_session_reload_inbox (DeskAgentSession *self,
                                  GTask            *task)
{
  desk_api_client_request_async (self->client, "GET", "/inbox", NULL,
                                 g_task_get_cancellable (task), on_inbox_loaded, task);
}

static void
on_reload_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reloading the inbox failed: %s", error->message);
}

static void
reload (DeskAgentSession *self)
{
  _desk_agent_session_reload_inbox (self, g_task_new (self, self->cancellable, on_reload_done,
                                                      NULL));
}

/* Events ------------------------------------------------------------------- */

/* An answer by this operator makes the contact active; by another, it was
 * never ours. */
static void
contact_answered (DeskAgentSession *self,
                  DeskInboxKind     kind,
                  gint64            id,
                  gint64            user_id)
{
  DeskInboxItem *item = find_item (self, kind, id, NULL);

  if (user_id != 0 && user_id != self->user_id)
    {
      remove_item (self, kind, id);
      return;
    }
  if (item)
    set_item_state (self, item, DESK_INBOX_ACTIVE);
  else
    reload (self);
}

void
_desk_agent_session_inbox_event (DeskAgentSession *self,
                                 const char       *type,
                                 JsonObject       *message)
{
  gint64 call_id = _desk_json_int (message, "call_id", 0);
  gint64 chat_id = _desk_json_int (message, "chat_id", 0);
  DeskInboxItem *item;

  if (g_str_equal (type, "call-offered"))
    {
      if (!offer_from_event (self, message, "call", DESK_INBOX_CALL))
        reload (self);
    }
  else if (g_str_equal (type, "chat-offered"))
    {
      if (!offer_from_event (self, message, "chat", DESK_INBOX_CHAT))
        reload (self);
    }
  else if (g_str_equal (type, "call-answered"))
    contact_answered (self, DESK_INBOX_CALL, call_id, _desk_json_int (message, "user_id", 0));
  else if (g_str_equal (type, "chat-answered"))
    contact_answered (self, DESK_INBOX_CHAT, chat_id, _desk_json_int (message, "user_id", 0));
  else if (g_str_equal (type, "call-held"))
    {
      item = find_item (self, DESK_INBOX_CALL, call_id, NULL);
      if (item)
        set_item_state (self, item, _desk_json_int (message, "held", 0) ? DESK_INBOX_HELD :
                                                                         DESK_INBOX_ACTIVE);
    }
  else if (g_str_equal (type, "call-transferred"))
    {
      if (_desk_json_int (message, "from_user", 0) == self->user_id)
        remove_item (self, DESK_INBOX_CALL, call_id);
      if (_desk_json_int (message, "to_user", 0) == self->user_id)
        reload (self);
    }
  else if (g_str_equal (type, "call-ended"))
    contact_ended (self, DESK_INBOX_CALL, call_id);
  else if (g_str_equal (type, "chat-ended"))
    contact_ended (self, DESK_INBOX_CHAT, chat_id);
  else if (g_str_equal (type, "chat-message"))
    {
      item = find_item (self, DESK_INBOX_CHAT, chat_id, NULL);
      if (item && g_strcmp0 (_desk_json_string (message, "sender"), "visitor") == 0)
        _desk_inbox_item_set_unread (item, desk_inbox_item_get_unread (item) + 1);
    }
  else if (g_str_equal (type, "portal-message"))
    reload (self);
}

/**
 * desk_agent_session_find_item:
 *
 * Returns: (transfer none) (nullable): the item, or %NULL
 */
DeskInboxItem *
desk_agent_session_find_item (DeskAgentSession *self,
                              DeskInboxKind     kind,
                              gint64            id)
{
  g_return_val_if_fail (DESK_IS_AGENT_SESSION (self), NULL);
  return find_item (self, kind, id, NULL);
}
