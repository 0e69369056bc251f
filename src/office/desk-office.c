/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-office"

#include "desk-i18n.h"
#include "desk-office.h"
#include "desk-error.h"
#include "desk-pbx.h"

/**
 * DeskOffice:
 *
 * The running office. It owns the store and drives the PBX: the engine
 * does, the office decides. Routing, cases, chats and campaigns grow here.
 */
struct _DeskOffice
{
  GObject parent_instance;

  DeskStore *store;
  DeskPbx *pbx;
  DeskCallFlow *flow;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (DeskOffice, desk_office, G_TYPE_OBJECT)

static void
desk_office_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DeskOffice *self = DESK_OFFICE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_office_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DeskOffice *self = DESK_OFFICE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_office_dispose (GObject *object)
{
  DeskOffice *self = DESK_OFFICE (object);

  desk_office_stop (self);
  g_clear_object (&self->pbx);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (desk_office_parent_class)->dispose (object);
}

static void
desk_office_class_init (DeskOfficeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = desk_office_get_property;
  object_class->set_property = desk_office_set_property;
  object_class->dispose = desk_office_dispose;

  props[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DESK_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_office_init (DeskOffice *self)
{
}

DeskOffice *
desk_office_new (DeskStore *store)
{
  g_return_val_if_fail (DESK_IS_STORE (store), NULL);

  return g_object_new (DESK_TYPE_OFFICE, "store", store, NULL);
}

DeskStore *
desk_office_get_store (DeskOffice *self)
{
  g_return_val_if_fail (DESK_IS_OFFICE (self), NULL);
  return self->store;
}

/**
 * desk_office_sync_accounts:
 *
 * Hands the PBX the SIP accounts of the active users, so that its thread
 * can check REGISTER without touching the store.
 */
gboolean
desk_office_sync_accounts (DeskOffice  *self,
                           GError     **error)
{
  g_autoptr (GPtrArray) users = NULL;

  g_return_val_if_fail (DESK_IS_OFFICE (self), FALSE);

  if (self->pbx == NULL)
    return TRUE;
  users = desk_store_list_users (self->store, error);
  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      DeskUser *user = g_ptr_array_index (users, i);

      if (user->sip_user == NULL)
        continue;
      if (!user->active)
        desk_pbx_remove_account (self->pbx, user->sip_user);
      else if (!desk_pbx_set_account (self->pbx, user->sip_user, user->sip_password, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * desk_office_start:
 * @self: a #DeskOffice
 * @sip_address: the address the PBX listens on
 * @sip_port: its port; 0 picks a free one
 * @data_dir: the office's folder: recordings and spoken prompts go there
 * @error: a #GError
 *
 * Starts the office's telephony: the engine, and the call flow that
 * answers its calls with the IVR, the queues and the operators.
 */
gboolean
desk_office_start (DeskOffice  *self,
                   const char  *sip_address,
                   guint        sip_port,
                   const char  *data_dir,
                   GError     **error)
{
  g_autoptr (DeskPbx) pbx = NULL;
  g_autofree char *language = NULL;
  g_autofree char *record = NULL;
  g_autofree char *music = NULL;
  DeskCallFlowOptions options = { 0 };

  g_return_val_if_fail (DESK_IS_OFFICE (self), FALSE);
  g_return_val_if_fail (self->pbx == NULL, FALSE);

  pbx = desk_pbx_new ();
  if (!desk_pbx_start (pbx, sip_address, sip_port, error))
    return FALSE;
  self->pbx = g_steal_pointer (&pbx);
  if (!desk_office_sync_accounts (self, error))
    {
      desk_office_stop (self);
      return FALSE;
    }

  language = desk_store_get_setting (self->store, "ivr-language");
  record = desk_store_get_setting (self->store, "record-calls");
  options.data_dir = data_dir;
  options.language = language ? language : "uk";
  options.record_calls = record == NULL || !g_str_equal (record, "0");
  music = desk_store_get_setting (self->store, "music-on-hold");
  options.music_on_hold = music;
  self->flow = desk_call_flow_new (self->store, self->pbx, &options, error);
  if (self->flow == NULL)
    {
      desk_office_stop (self);
      return FALSE;
    }
  return TRUE;
}

DeskPbx *
desk_office_get_pbx (DeskOffice *self)
{
  g_return_val_if_fail (DESK_IS_OFFICE (self), NULL);
  return self->pbx;
}

/**
 * desk_office_get_call_flow:
 *
 * Returns: (transfer none) (nullable): the running call flow, %NULL while
 *   the office is stopped
 */
DeskCallFlow *
desk_office_get_call_flow (DeskOffice *self)
{
  g_return_val_if_fail (DESK_IS_OFFICE (self), NULL);
  return self->flow;
}

void
desk_office_stop (DeskOffice *self)
{
  g_return_if_fail (DESK_IS_OFFICE (self));

  g_clear_object (&self->flow);
  if (self->pbx != NULL)
    desk_pbx_stop (self->pbx);
  g_clear_object (&self->pbx);
}

guint
desk_office_get_sip_port (DeskOffice *self)
{
  g_return_val_if_fail (DESK_IS_OFFICE (self), 0);
  return self->pbx ? desk_pbx_get_port (self->pbx) : 0;
}

/**
 * desk_office_dup_name:
 *
 * Returns: (transfer full): the office's name as the owner set it, or a
 *   translated default
 */
char *
desk_office_dup_name (DeskOffice *self)
{
  char *name;

  g_return_val_if_fail (DESK_IS_OFFICE (self), NULL);

  name = desk_store_get_setting (self->store, "office-name");
  return name ? name : g_strdup (_("Frontdesk office"));
}
