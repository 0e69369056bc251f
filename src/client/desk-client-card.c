/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-client-card"

#include "desk-i18n.h"
#include "desk-card-rows-private.h"
#include "desk-error.h"
#include "desk-inbox-item-private.h"

#define LAST_CONTACTS 10

/**
 * DeskClientCard:
 *
 * Who is calling or chatting, for the operator: nobody known, one client
 * with their open cases and last contacts, or several to pick from. Edits
 * go to the server and the card shows what the server then has.
 */
struct _DeskClientCard
{
  GObject parent_instance;

  DeskApiClient *api;
  GCancellable *cancellable;
  DeskCardState state;
  char *number;
  GArray *ids;
  DeskClient *client;
  GListStore *candidates;
  GListStore *open_cases;
  GListStore *last_contacts;
  char *error;
  /* Answers to an older load are dropped: the operator moved on. */
  guint serial;
};

G_DEFINE_FINAL_TYPE (DeskClientCard, desk_client_card, G_TYPE_OBJECT)

typedef DeskClient DeskCardClient;

static DeskClient *
client_copy (DeskClient *from)
{
  DeskClient *to = desk_client_new (from->kind, from->name);

  to->id = from->id;
  to->organization_id = from->organization_id;
  to->vip = from->vip;
  to->note = g_strdup (from->note);
  to->created_at = from->created_at;
  for (guint i = 0; i < from->phones->len; i++)
    {
      DeskClientPhone *phone = g_ptr_array_index (from->phones, i);

      desk_client_add_phone (to, phone->e164, phone->label);
    }
  for (guint i = 0; i < from->emails->len; i++)
    desk_client_add_email (to, g_ptr_array_index (from->emails, i));
  for (guint i = 0; i < from->assets->len; i++)
    {
      DeskClientAsset *asset = g_ptr_array_index (from->assets, i);

      desk_client_add_asset (to, asset->kind, asset->identifier, asset->note);
    }
  return to;
}

G_DEFINE_BOXED_TYPE (DeskCardClient, desk_card_client, client_copy, desk_client_free)

enum {
  PROP_0,
  PROP_STATE,
  PROP_NUMBER,
  PROP_CLIENT,
  PROP_CANDIDATES,
  PROP_OPEN_CASES,
  PROP_LAST_CONTACTS,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNAL_FAILED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

typedef void (*ReplyFunc) (DeskClientCard *self,
                           JsonObject     *reply,
                           const GError   *error,
                           gpointer        data);

typedef struct
{
  DeskClientCard *self;
  guint serial;   /* 0: an edit, never dropped */
  ReplyFunc func;
  gpointer data;
  GDestroyNotify destroy;
} Request;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Request *request = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                              &error);
  DeskClientCard *self = request->self;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (request->serial == 0 || request->serial == self->serial))
    {
      if (root && !JSON_NODE_HOLDS_OBJECT (root))
        error = g_error_new_literal (DESK_ERROR, DESK_ERROR_FAILED,
                                     _("The office server gave an answer that is not understood"));
      request->func (self, error ? NULL : json_node_get_object (root), error, request->data);
    }
  if (request->destroy)
    request->destroy (request->data);
  g_object_unref (request->self);
  g_free (request);
}

static void
send (DeskClientCard *self,
      gboolean        load,
      const char     *method,
      const char     *path,
      JsonNode       *body,
      ReplyFunc       func,
      gpointer        data,
      GDestroyNotify  destroy)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->serial = load ? self->serial : 0;
  request->func = func;
  request->data = data;
  request->destroy = destroy;
  desk_api_client_request_async (self->api, method, path, body, self->cancellable, on_reply,
                                 request);
}

static void
set_state (DeskClientCard *self,
           DeskCardState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static void
fail (DeskClientCard *self,
      const GError   *error)
{
  g_free (self->error);
  self->error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
  set_state (self, DESK_CARD_FAILED);
}

static void
set_client (DeskClientCard *self,
            DeskClient     *client)
{
  g_clear_pointer (&self->client, desk_client_free);
  self->client = client;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CLIENT]);
}

typedef gpointer (*RowNew) (JsonObject *object);

static void
fill (GListStore *store,
      JsonArray  *array,
      RowNew      row_new)
{
  guint n = array ? json_array_get_length (array) : 0;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (rows, row_new (json_node_get_object (node)));
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), rows->pdata,
                       rows->len);
}

static void
on_cases (DeskClientCard *self,
          JsonObject     *reply,
          const GError   *error,
          gpointer        data)
{
  if (error)
    g_debug ("Open cases: %s", error->message);
  fill (self->open_cases, _desk_json_array (reply, "cases"), (RowNew) _desk_card_case_new);
}

static void
on_contacts (DeskClientCard *self,
             JsonObject     *reply,
             const GError   *error,
             gpointer        data)
{
  if (error)
    g_debug ("Last contacts: %s", error->message);
  fill (self->last_contacts, _desk_json_array (reply, "contacts"),
        (RowNew) _desk_card_contact_new);
}

/* ONE: the client, then its lists. */
static void
show_client (DeskClientCard *self,
             JsonObject     *object)
{
  g_autofree char *cases = NULL;
  g_autofree char *contacts = NULL;
  DeskClient *client = _desk_client_from_json (object);

  cases = g_strdup_printf ("/clients/%" G_GINT64_FORMAT "/cases?open=1", client->id);
  contacts = g_strdup_printf ("/clients/%" G_GINT64_FORMAT "/contacts?limit=%d", client->id,
                              LAST_CONTACTS);
  g_object_freeze_notify (G_OBJECT (self));
  set_client (self, client);
  set_state (self, DESK_CARD_ONE);
  g_object_thaw_notify (G_OBJECT (self));
  send (self, TRUE, "GET", cases, NULL, on_cases, NULL, NULL);
  send (self, TRUE, "GET", contacts, NULL, on_contacts, NULL, NULL);
}

static void
begin_load (DeskClientCard *self)
{
  self->serial++;
  g_clear_pointer (&self->error, g_free);
  set_state (self, DESK_CARD_LOADING);
}

static void
show_matches (DeskClientCard *self,
              JsonArray      *clients)
{
  guint n = clients ? json_array_get_length (clients) : 0;

  fill (self->candidates, n > 1 ? clients : NULL, (RowNew) _desk_card_candidate_new);
  if (n == 1)
    {
      show_client (self, json_array_get_object_element (clients, 0));
      return;
    }
  if (self->client)
    set_client (self, NULL);
  set_state (self, n == 0 ? DESK_CARD_NONE : DESK_CARD_SEVERAL);
}

static void
on_matches (DeskClientCard *self,
            JsonObject     *reply,
            const GError   *error,
            gpointer        data)
{
  if (error)
    fail (self, error);
  else
    show_matches (self, _desk_json_array (reply, "clients"));
}

static void
on_client (DeskClientCard *self,
           JsonObject     *reply,
           const GError   *error,
           gpointer        data)
{
  if (error)
    fail (self, error);
  else
    show_client (self, reply);
}

/* Several ids without a number (a chat): their cards one by one. */
typedef struct
{
  JsonArray *clients;
  guint left;
} Gather;

static void
gather_free (Gather *gather)
{
  if (--gather->left > 0)
    return;
  json_array_unref (gather->clients);
  g_free (gather);
}

static void
on_gathered (DeskClientCard *self,
             JsonObject     *reply,
             const GError   *error,
             gpointer        data)
{
  Gather *gather = data;

  if (reply)
    json_array_add_object_element (gather->clients, json_object_ref (reply));
  if (gather->left == 1)
    show_matches (self, gather->clients);
}

static void
load (DeskClientCard *self)
{
  begin_load (self);
  /* The offer names the clients the office found by the number already:
   * a card from them is one request sooner than asking by phone again. */
  if (self->number && self->ids->len == 0)
    {
      g_autofree char *escaped = g_uri_escape_string (self->number, NULL, FALSE);
      g_autofree char *path = g_strconcat ("/clients/by-phone?number=", escaped, NULL);

      send (self, TRUE, "GET", path, NULL, on_matches, NULL, NULL);
    }
  else if (self->ids->len == 0)
    show_matches (self, NULL);
  else
    {
      Gather *gather = g_new0 (Gather, 1);

      gather->clients = json_array_new ();
      gather->left = self->ids->len;
      for (guint i = 0; i < self->ids->len; i++)
        {
          g_autofree char *path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT,
                                                   g_array_index (self->ids, gint64, i));

          send (self, TRUE, "GET", path, NULL, on_gathered, gather, (GDestroyNotify) gather_free);
        }
    }
}

/* Edits -------------------------------------------------------------------- */

typedef struct
{
  char *gone;       /* the phone or asset that must be absent after */
  gboolean phone;
} Edit;

static void
edit_free (Edit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->gone);
  g_free (edit);
}

static gboolean
still_has (JsonObject *client,
           Edit       *edit)
{
  JsonArray *list = _desk_json_array (client, edit->phone ? "phones" : "assets");

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_strcmp0 (_desk_json_string (entry, edit->phone ? "number" : "identifier"),
                     edit->gone) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_edited (DeskClientCard *self,
           JsonObject     *reply,
           const GError   *error,
           gpointer        data)
{
  Edit *edit = data;

  if (error)
    {
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }
  self->serial++;
  show_client (self, reply);
  /* An older server takes the request and ignores the removal. */
  if (edit && edit->gone && still_has (reply, edit))
    {
      g_autofree char *message =
        g_strdup_printf (_("The office server did not remove %s: it may need an update"),
                         edit->gone);

      g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
    }
}

static void
edit (DeskClientCard *self,
      JsonBuilder    *builder,
      Edit           *check)
{
  g_autoptr (JsonNode) body = json_builder_get_root (builder);
  g_autofree char *path = NULL;

  if (self->client == NULL || self->state != DESK_CARD_ONE)
    {
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, _("Choose a client first"));
      if (check)
        edit_free (check);
      return;
    }
  path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT, self->client->id);
  send (self, FALSE, "PATCH", path, body, on_edited, check, (GDestroyNotify) edit_free);
}

static JsonBuilder *
pair_builder (const char *member,
              const char *key1,
              const char *value1,
              const char *key2,
              const char *value2)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, key1);
  json_builder_add_string_value (builder, value1);
  if (value2)
    {
      json_builder_set_member_name (builder, key2);
      json_builder_add_string_value (builder, value2);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder;
}

static void
remove_thing (DeskClientCard *self,
              const char     *member,
              const char     *value,
              gboolean        phone)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  Edit *check = g_new0 (Edit, 1);

  check->gone = g_strdup (value);
  check->phone = phone;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, value);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  edit (self, builder, check);
}

/* GObject ------------------------------------------------------------------ */

static void
desk_client_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeskClientCard *self = DESK_CLIENT_CARD (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_CLIENT:
      g_value_set_boxed (value, self->client);
      break;
    case PROP_CANDIDATES:
      g_value_set_object (value, self->candidates);
      break;
    case PROP_OPEN_CASES:
      g_value_set_object (value, self->open_cases);
      break;
    case PROP_LAST_CONTACTS:
      g_value_set_object (value, self->last_contacts);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_client_card_dispose (GObject *object)
{
  DeskClientCard *self = DESK_CLIENT_CARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->candidates);
  g_clear_object (&self->open_cases);
  g_clear_object (&self->last_contacts);

  G_OBJECT_CLASS (desk_client_card_parent_class)->dispose (object);
}

static void
desk_client_card_finalize (GObject *object)
{
  DeskClientCard *self = DESK_CLIENT_CARD (object);

  g_free (self->number);
  g_free (self->error);
  g_array_unref (self->ids);
  g_clear_pointer (&self->client, desk_client_free);

  G_OBJECT_CLASS (desk_client_card_parent_class)->finalize (object);
}

static void
desk_client_card_class_init (DeskClientCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_client_card_get_property;
  object_class->dispose = desk_client_card_dispose;
  object_class->finalize = desk_client_card_finalize;

  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, DESK_CARD_FAILED, 0, flags);
  props[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  props[PROP_CLIENT] = g_param_spec_boxed ("client", NULL, NULL, desk_card_client_get_type (),
                                           flags);
  props[PROP_CANDIDATES] = g_param_spec_object ("candidates", NULL, NULL, G_TYPE_LIST_MODEL,
                                                flags);
  props[PROP_OPEN_CASES] = g_param_spec_object ("open-cases", NULL, NULL, G_TYPE_LIST_MODEL,
                                                flags);
  props[PROP_LAST_CONTACTS] = g_param_spec_object ("last-contacts", NULL, NULL,
                                                   G_TYPE_LIST_MODEL, flags);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * DeskClientCard::failed:
   * @message: what went wrong, for a toast
   *
   * An edit was refused; the card is as it was.
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
desk_client_card_init (DeskClientCard *self)
{
  self->cancellable = g_cancellable_new ();
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->candidates = g_list_store_new (DESK_TYPE_CARD_CANDIDATE);
  self->open_cases = g_list_store_new (DESK_TYPE_CARD_CASE);
  self->last_contacts = g_list_store_new (DESK_TYPE_CARD_CONTACT);
}

/**
 * desk_client_card_new:
 * @item: the call or chat whose contact the card shows
 *
 * Returns: (transfer full): a card, LOADING until the server answers
 */
DeskClientCard *
desk_client_card_new (DeskApiClient *client,
                      DeskInboxItem *item)
{
  DeskClientCard *self;
  GArray *ids;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (item), NULL);

  self = g_object_new (DESK_TYPE_CLIENT_CARD, NULL);
  self->api = g_object_ref (client);
  self->number = g_strdup (desk_inbox_item_get_number (item));
  ids = desk_inbox_item_get_client_ids (item);
  g_array_append_vals (self->ids, ids->data, ids->len);
  load (self);
  return self;
}

/**
 * desk_client_card_new_for_client:
 *
 * Returns: (transfer full): a card, LOADING until the server answers
 */
DeskClientCard *
desk_client_card_new_for_client (DeskApiClient *client,
                                 gint64         client_id)
{
  DeskClientCard *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (client_id > 0, NULL);

  self = g_object_new (DESK_TYPE_CLIENT_CARD, NULL);
  self->api = g_object_ref (client);
  desk_client_card_pick (self, client_id);
  return self;
}

DeskCardState
desk_client_card_get_state (DeskClientCard *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD (self), DESK_CARD_FAILED);
  return self->state;
}

const char *
desk_client_card_get_number (DeskClientCard *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD (self), NULL);
  return self->number;
}

/**
 * desk_client_card_get_client:
 *
 * Returns: (transfer none) (nullable): the client when ONE
 */
const DeskClient *
desk_client_card_get_client (DeskClientCard *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD (self), NULL);
  return self->client;
}

/**
 * desk_client_card_get_candidates:
 *
 * Returns: (transfer none): a #GListModel of #DeskCardCandidate
 */
GListModel *
desk_client_card_get_candidates (DeskClientCard *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD (self), NULL);
  return G_LIST_MODEL (self->candidates);
}

/**
 * desk_client_card_get_open_cases:
 *
 * Returns: (transfer none): a #GListModel of #DeskCardCase
 */
GListModel *
desk_client_card_get_open_cases (DeskClientCard *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD (self), NULL);
  return G_LIST_MODEL (self->open_cases);
}

/**
 * desk_client_card_get_last_contacts:
 *
 * Returns: (transfer none): a #GListModel of #DeskCardContact, newest first
 */
GListModel *
desk_client_card_get_last_contacts (DeskClientCard *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD (self), NULL);
  return G_LIST_MODEL (self->last_contacts);
}

const char *
desk_client_card_get_error (DeskClientCard *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD (self), NULL);
  return self->error;
}

void
desk_client_card_pick (DeskClientCard *self,
                       gint64          client_id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CLIENT_CARD (self));
  g_return_if_fail (client_id > 0);

  begin_load (self);
  path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT, client_id);
  send (self, TRUE, "GET", path, NULL, on_client, NULL, NULL);
}

static void
on_search (DeskClientCard *self,
           JsonObject     *reply,
           const GError   *error,
           gpointer        data)
{
  if (error)
    {
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }
  fill (self->candidates, _desk_json_array (reply, "clients"), (RowNew) _desk_card_candidate_new);
}

void
desk_client_card_search (DeskClientCard *self,
                         const char     *text)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DESK_IS_CLIENT_CARD (self));
  g_return_if_fail (text != NULL);

  escaped = g_uri_escape_string (text, NULL, FALSE);
  path = g_strconcat ("/clients?q=", escaped, NULL);
  send (self, FALSE, "GET", path, NULL, on_search, NULL, NULL);
}

void
desk_client_card_add_phone (DeskClientCard *self,
                            const char     *number,
                            const char     *label)
{
  g_autoptr (JsonBuilder) builder = NULL;

  g_return_if_fail (DESK_IS_CLIENT_CARD (self));
  g_return_if_fail (number != NULL);

  builder = pair_builder ("add_phone", "number", number, "label", label);
  edit (self, builder, NULL);
}

void
desk_client_card_remove_phone (DeskClientCard *self,
                               const char     *e164)
{
  g_return_if_fail (DESK_IS_CLIENT_CARD (self));
  g_return_if_fail (e164 != NULL);

  remove_thing (self, "remove_phones", e164, TRUE);
}

void
desk_client_card_add_asset (DeskClientCard *self,
                            const char     *kind,
                            const char     *identifier)
{
  g_autoptr (JsonBuilder) builder = NULL;

  g_return_if_fail (DESK_IS_CLIENT_CARD (self));
  g_return_if_fail (kind != NULL && identifier != NULL);

  builder = pair_builder ("add_asset", "kind", kind, "identifier", identifier);
  edit (self, builder, NULL);
}

void
desk_client_card_remove_asset (DeskClientCard *self,
                               const char     *identifier)
{
  g_return_if_fail (DESK_IS_CLIENT_CARD (self));
  g_return_if_fail (identifier != NULL);

  remove_thing (self, "remove_assets", identifier, FALSE);
}

static void
on_created (DeskClientCard *self,
            JsonObject     *reply,
            const GError   *error,
            gpointer        data)
{
  if (error)
    {
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }
  self->serial++;
  show_client (self, reply);
}

void
desk_client_card_create_client (DeskClientCard *self,
                                const char     *name,
                                const char     *kind)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (DESK_IS_CLIENT_CARD (self));
  g_return_if_fail (name != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind ? kind : "person");
  if (self->number)
    {
      json_builder_set_member_name (builder, "phones");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder, self->number);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  send (self, FALSE, "POST", "/clients", body, on_created, NULL, NULL);
}
