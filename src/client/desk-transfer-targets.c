/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-transfer-targets"

#include "config.h"

#include "desk-transfer-targets.h"

#include "desk-api-call-private.h"
#include "desk-i18n.h"

/*
 * Who a chat can be handed to. The directory is read when the operator
 * opens the transfer dialog: states change by the minute, so it is not
 * kept current between two openings.
 */

/* DeskTransferTarget */

struct _DeskTransferTarget
{
  GObject parent_instance;
  DeskTransferKind kind;
  gint64 id;
  char *name;
  char *detail;
  gboolean free;
};

enum {
  TARGET_PROP_0,
  TARGET_PROP_KIND,
  TARGET_PROP_ID,
  TARGET_PROP_NAME,
  TARGET_PROP_DETAIL,
  TARGET_PROP_FREE,
  N_TARGET_PROPS
};

static GParamSpec *target_props[N_TARGET_PROPS];

G_DEFINE_FINAL_TYPE (DeskTransferTarget, desk_transfer_target, G_TYPE_OBJECT)

static void
desk_transfer_target_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DeskTransferTarget *self = DESK_TRANSFER_TARGET (object);

  switch (prop_id)
    {
    case TARGET_PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case TARGET_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case TARGET_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case TARGET_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case TARGET_PROP_FREE:
      g_value_set_boolean (value, self->free);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_transfer_target_finalize (GObject *object)
{
  DeskTransferTarget *self = DESK_TRANSFER_TARGET (object);

  g_free (self->name);
  g_free (self->detail);
  G_OBJECT_CLASS (desk_transfer_target_parent_class)->finalize (object);
}

static void
desk_transfer_target_class_init (DeskTransferTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_transfer_target_get_property;
  object_class->finalize = desk_transfer_target_finalize;
  target_props[TARGET_PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, 0, DESK_TRANSFER_QUEUE,
                                                     0, flags);
  target_props[TARGET_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  target_props[TARGET_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  target_props[TARGET_PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  target_props[TARGET_PROP_FREE] = g_param_spec_boolean ("free", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_TARGET_PROPS, target_props);
}

static void
desk_transfer_target_init (DeskTransferTarget *self)
{
}

DeskTransferKind
desk_transfer_target_get_kind (DeskTransferTarget *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_TARGET (self), DESK_TRANSFER_OPERATOR);
  return self->kind;
}

gint64
desk_transfer_target_get_id (DeskTransferTarget *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_TARGET (self), 0);
  return self->id;
}

const char *
desk_transfer_target_get_name (DeskTransferTarget *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_TARGET (self), NULL);
  return self->name;
}

const char *
desk_transfer_target_get_detail (DeskTransferTarget *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_TARGET (self), NULL);
  return self->detail;
}

gboolean
desk_transfer_target_get_free (DeskTransferTarget *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_TARGET (self), FALSE);
  return self->free;
}

static char *
operator_detail (JsonObject *op)
{
  const char *state = json_object_get_string_member_with_default (op, "state", "offline");
  const char *reason = json_object_get_string_member_with_default (op, "reason", NULL);

  if (json_object_get_boolean_member_with_default (op, "on_call", FALSE))
    return g_strdup (_("On a call"));
  if (g_str_equal (state, "available"))
    return g_strdup (_("Available"));
  if (g_str_equal (state, "busy"))
    return g_strdup (_("Busy"));
  if (g_str_equal (state, "wrapup"))
    return g_strdup (_("Wrapping up"));
  if (g_str_equal (state, "break") && reason && *reason)
    /* Translators: %s is the reason the operator gave, such as "lunch" */
    return g_strdup_printf (_("On a break: %s"), reason);
  if (g_str_equal (state, "break"))
    return g_strdup (_("On a break"));
  return g_strdup (_("Offline"));
}

static DeskTransferTarget *
target_from_operator (JsonObject *op)
{
  DeskTransferTarget *self = g_object_new (DESK_TYPE_TRANSFER_TARGET, NULL);
  const char *name = json_object_get_string_member_with_default (op, "name", NULL);

  self->kind = DESK_TRANSFER_OPERATOR;
  self->id = json_object_get_int_member_with_default (op, "id", 0);
  self->name = g_strdup (name && *name ? name
                         : json_object_get_string_member_with_default (op, "login", ""));
  self->detail = operator_detail (op);
  self->free = g_strcmp0 (json_object_get_string_member_with_default (op, "state", NULL),
                          "available") == 0 &&
               !json_object_get_boolean_member_with_default (op, "on_call", FALSE);
  return self;
}

static DeskTransferTarget *
target_from_queue (JsonObject *queue)
{
  DeskTransferTarget *self = g_object_new (DESK_TYPE_TRANSFER_TARGET, NULL);
  gint64 waiting = json_object_get_int_member_with_default (queue, "waiting", 0);
  gint64 free = json_object_get_int_member_with_default (queue, "available_operators", 0);
  g_autofree char *waiting_text = NULL;
  g_autofree char *free_text = NULL;

  self->kind = DESK_TRANSFER_QUEUE;
  self->id = json_object_get_int_member_with_default (queue, "id", 0);
  self->name = g_strdup (json_object_get_string_member_with_default (queue, "name", ""));
  waiting_text = g_strdup_printf (ngettext ("%d waiting", "%d waiting", waiting), (int) waiting);
  free_text = g_strdup_printf (ngettext ("%d operator free", "%d operators free", free),
                               (int) free);
  /* Translators: "2 waiting, 1 operator free" */
  self->detail = g_strdup_printf (_("%s, %s"), waiting_text, free_text);
  self->free = free > 0;
  return self;
}

static int
compare_targets (gconstpointer a,
                 gconstpointer b)
{
  DeskTransferTarget *x = *(DeskTransferTarget **) a;
  DeskTransferTarget *y = *(DeskTransferTarget **) b;

  if (x->free != y->free)
    return x->free ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind == DESK_TRANSFER_OPERATOR ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

/* DeskTransferTargets */

struct _DeskTransferTargets
{
  GObject parent_instance;
  DeskApiClient *client;
  gint64 own_user_id;
  GListStore *store;
  GCancellable *cancellable;
  gboolean loading;
  char *error;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DeskTransferTargets, desk_transfer_targets, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return DESK_TYPE_TRANSFER_TARGET;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (DESK_TRANSFER_TARGETS (model)->store));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (DESK_TRANSFER_TARGETS (model)->store), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
on_store_changed (GListModel          *store,
                  guint                position,
                  guint                removed,
                  guint                added,
                  DeskTransferTargets *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
add_targets (DeskTransferTargets *self,
             GPtrArray           *targets,
             JsonObject          *root,
             const char          *member,
             DeskTransferTarget  *(*make) (JsonObject *))
{
  JsonArray *array = json_object_get_array_member (root, member);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      DeskTransferTarget *target = object ? make (object) : NULL;

      if (target == NULL)
        continue;
      if (target->id <= 0 ||
          (target->kind == DESK_TRANSFER_OPERATOR && target->id == self->own_user_id))
        g_object_unref (target);
      else
        g_ptr_array_add (targets, target);
    }
}

static void
set_loading (DeskTransferTargets *self,
             gboolean             loading,
             const GError        *error)
{
  _desk_api_set_error (G_OBJECT (self), &self->error, props[PROP_ERROR], error);
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADING]);
}

static void
on_directory (GObject      *object,
              JsonNode     *reply,
              const GError *error,
              gpointer      data)
{
  DeskTransferTargets *self = DESK_TRANSFER_TARGETS (object);
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);

  if (_desk_api_cancelled (error))
    return;
  if (reply && JSON_NODE_HOLDS_OBJECT (reply))
    {
      add_targets (self, targets, json_node_get_object (reply), "operators", target_from_operator);
      add_targets (self, targets, json_node_get_object (reply), "queues", target_from_queue);
    }
  g_ptr_array_sort (targets, compare_targets);
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       targets->pdata, targets->len);
  set_loading (self, FALSE, error);
}

static void
desk_transfer_targets_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DeskTransferTargets *self = DESK_TRANSFER_TARGETS (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_transfer_targets_dispose (GObject *object)
{
  DeskTransferTargets *self = DESK_TRANSFER_TARGETS (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (desk_transfer_targets_parent_class)->dispose (object);
}

static void
desk_transfer_targets_finalize (GObject *object)
{
  g_free (DESK_TRANSFER_TARGETS (object)->error);
  G_OBJECT_CLASS (desk_transfer_targets_parent_class)->finalize (object);
}

static void
desk_transfer_targets_class_init (DeskTransferTargetsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = desk_transfer_targets_get_property;
  object_class->dispose = desk_transfer_targets_dispose;
  object_class->finalize = desk_transfer_targets_finalize;
  props[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_transfer_targets_init (DeskTransferTargets *self)
{
  self->store = g_list_store_new (DESK_TYPE_TRANSFER_TARGET);
  g_signal_connect (self->store, "items-changed", G_CALLBACK (on_store_changed), self);
}

/**
 * desk_transfer_targets_new:
 * @client: a logged-in API client
 * @own_user_id: the operator, left out of the list
 *
 * Returns: (transfer full): an empty list; call desk_transfer_targets_reload()
 */
DeskTransferTargets *
desk_transfer_targets_new (DeskApiClient *client,
                           gint64         own_user_id)
{
  DeskTransferTargets *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);

  self = g_object_new (DESK_TYPE_TRANSFER_TARGETS, NULL);
  self->client = g_object_ref (client);
  self->own_user_id = own_user_id;
  return self;
}

void
desk_transfer_targets_reload (DeskTransferTargets *self)
{
  g_return_if_fail (DESK_IS_TRANSFER_TARGETS (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE, NULL);
  _desk_api_call (self->client, "GET", "/directory", NULL, self->cancellable, self, on_directory,
                  NULL);
}

gboolean
desk_transfer_targets_get_loading (DeskTransferTargets *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_TARGETS (self), FALSE);
  return self->loading;
}

const char *
desk_transfer_targets_get_error (DeskTransferTargets *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_TARGETS (self), NULL);
  return self->error;
}
