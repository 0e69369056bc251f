/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-client-card"

#include "desk-i18n.h"
#include "desk-card-rows-private.h"
#include "desk-inbox-item-private.h"

/*
 * The rows of a client card's lists, read from the server's JSON once:
 * they never change, a reload makes new ones.
 */

static int
nick_value (GType       type,
            const char *nick,
            int         fallback)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return value ? value->value : fallback;
}

/**
 * _desk_client_from_json:
 *
 * Returns: (transfer full): the client the object describes
 */
DeskClient *
_desk_client_from_json (JsonObject *object)
{
  DeskClient *client = desk_client_new (nick_value (DESK_TYPE_CLIENT_KIND,
                                                    _desk_json_string (object, "kind"), 0),
                                        _desk_json_string (object, "name"));
  JsonArray *list;

  client->id = _desk_json_int (object, "id", 0);
  client->organization_id = _desk_json_int (object, "organization_id", 0);
  client->vip = _desk_json_int (object, "vip", 0) != 0;
  client->note = g_strdup (_desk_json_string (object, "note"));
  client->created_at = _desk_json_int (object, "created_at", 0);
  list = _desk_json_array (object, "phones");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *phone = json_array_get_object_element (list, i);

      if (phone && _desk_json_string (phone, "number"))
        desk_client_add_phone (client, _desk_json_string (phone, "number"),
                               _desk_json_string (phone, "label"));
    }
  list = _desk_json_array (object, "emails");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      const char *email = json_array_get_string_element (list, i);

      if (email)
        desk_client_add_email (client, email);
    }
  list = _desk_json_array (object, "assets");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *asset = json_array_get_object_element (list, i);

      if (asset && _desk_json_string (asset, "identifier"))
        desk_client_add_asset (client,
                               nick_value (DESK_TYPE_ASSET_KIND, _desk_json_string (asset, "kind"),
                                           0),
                               _desk_json_string (asset, "identifier"),
                               _desk_json_string (asset, "note"));
    }
  return client;
}

/* Candidate ---------------------------------------------------------------- */

struct _DeskCardCandidate
{
  GObject parent_instance;

  gint64 id;
  char *name;
  char *detail;
};

G_DEFINE_FINAL_TYPE (DeskCardCandidate, desk_card_candidate, G_TYPE_OBJECT)

enum {
  CANDIDATE_PROP_0,
  CANDIDATE_PROP_ID,
  CANDIDATE_PROP_NAME,
  CANDIDATE_PROP_DETAIL,
  CANDIDATE_N_PROPS
};

static void
desk_card_candidate_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeskCardCandidate *self = DESK_CARD_CANDIDATE (object);

  switch (prop_id)
    {
    case CANDIDATE_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case CANDIDATE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case CANDIDATE_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_card_candidate_finalize (GObject *object)
{
  DeskCardCandidate *self = DESK_CARD_CANDIDATE (object);

  g_free (self->name);
  g_free (self->detail);
  G_OBJECT_CLASS (desk_card_candidate_parent_class)->finalize (object);
}

static void
desk_card_candidate_class_init (DeskCardCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_card_candidate_get_property;
  object_class->finalize = desk_card_candidate_finalize;
  g_object_class_install_property (object_class, CANDIDATE_PROP_ID,
                                   g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags));
  g_object_class_install_property (object_class, CANDIDATE_PROP_NAME,
                                   g_param_spec_string ("name", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, CANDIDATE_PROP_DETAIL,
                                   g_param_spec_string ("detail", NULL, NULL, NULL, flags));
}

static void
desk_card_candidate_init (DeskCardCandidate *self)
{
}

/* The detail tells namesakes apart: their first phone, else an asset. */
DeskCardCandidate *
_desk_card_candidate_new (JsonObject *client)
{
  DeskCardCandidate *self = g_object_new (DESK_TYPE_CARD_CANDIDATE, NULL);
  JsonArray *phones = _desk_json_array (client, "phones");
  JsonArray *assets = _desk_json_array (client, "assets");

  self->id = _desk_json_int (client, "id", 0);
  self->name = g_strdup (_desk_json_string (client, "name"));
  if (phones && json_array_get_length (phones) > 0)
    self->detail = g_strdup (_desk_json_string (json_array_get_object_element (phones, 0),
                                                "number"));
  else if (assets && json_array_get_length (assets) > 0)
    self->detail = g_strdup (_desk_json_string (json_array_get_object_element (assets, 0),
                                                "identifier"));
  return self;
}

gint64
desk_card_candidate_get_id (DeskCardCandidate *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CANDIDATE (self), 0);
  return self->id;
}

const char *
desk_card_candidate_get_name (DeskCardCandidate *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CANDIDATE (self), NULL);
  return self->name;
}

const char *
desk_card_candidate_get_detail (DeskCardCandidate *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CANDIDATE (self), NULL);
  return self->detail;
}

/* Case --------------------------------------------------------------------- */

struct _DeskCardCase
{
  GObject parent_instance;

  gint64 id;
  gint64 number;
  char *subject;
  char *status;
  gint64 due_at;
};

G_DEFINE_FINAL_TYPE (DeskCardCase, desk_card_case, G_TYPE_OBJECT)

enum {
  CASE_PROP_0,
  CASE_PROP_ID,
  CASE_PROP_NUMBER,
  CASE_PROP_SUBJECT,
  CASE_PROP_STATUS,
  CASE_PROP_DUE_AT,
  CASE_N_PROPS
};

static void
desk_card_case_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DeskCardCase *self = DESK_CARD_CASE (object);

  switch (prop_id)
    {
    case CASE_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case CASE_PROP_NUMBER:
      g_value_set_int64 (value, self->number);
      break;
    case CASE_PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case CASE_PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case CASE_PROP_DUE_AT:
      g_value_set_int64 (value, self->due_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_card_case_finalize (GObject *object)
{
  DeskCardCase *self = DESK_CARD_CASE (object);

  g_free (self->subject);
  g_free (self->status);
  G_OBJECT_CLASS (desk_card_case_parent_class)->finalize (object);
}

static void
desk_card_case_class_init (DeskCardCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_card_case_get_property;
  object_class->finalize = desk_card_case_finalize;
  g_object_class_install_property (object_class, CASE_PROP_ID,
                                   g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags));
  g_object_class_install_property (object_class, CASE_PROP_NUMBER,
                                   g_param_spec_int64 ("number", NULL, NULL, 0, G_MAXINT64, 0,
                                                       flags));
  g_object_class_install_property (object_class, CASE_PROP_SUBJECT,
                                   g_param_spec_string ("subject", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, CASE_PROP_STATUS,
                                   g_param_spec_string ("status", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, CASE_PROP_DUE_AT,
                                   g_param_spec_int64 ("due-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                       flags));
}

static void
desk_card_case_init (DeskCardCase *self)
{
}

DeskCardCase *
_desk_card_case_new (JsonObject *kase)
{
  DeskCardCase *self = g_object_new (DESK_TYPE_CARD_CASE, NULL);

  self->id = _desk_json_int (kase, "id", 0);
  self->number = _desk_json_int (kase, "number", 0);
  self->subject = g_strdup (_desk_json_string (kase, "subject"));
  self->status = g_strdup (_desk_json_string (kase, "status"));
  self->due_at = MAX (0, _desk_json_int (kase, "due_at", 0));
  return self;
}

gint64
desk_card_case_get_id (DeskCardCase *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CASE (self), 0);
  return self->id;
}

gint64
desk_card_case_get_number (DeskCardCase *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CASE (self), 0);
  return self->number;
}

const char *
desk_card_case_get_subject (DeskCardCase *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CASE (self), NULL);
  return self->subject;
}

const char *
desk_card_case_get_status (DeskCardCase *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CASE (self), NULL);
  return self->status;
}

gint64
desk_card_case_get_due_at (DeskCardCase *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CASE (self), 0);
  return self->due_at;
}

/* Contact ------------------------------------------------------------------ */

struct _DeskCardContact
{
  GObject parent_instance;

  char *channel;
  gint64 at;
  char *summary;
};

G_DEFINE_FINAL_TYPE (DeskCardContact, desk_card_contact, G_TYPE_OBJECT)

enum {
  CONTACT_PROP_0,
  CONTACT_PROP_CHANNEL,
  CONTACT_PROP_AT,
  CONTACT_PROP_SUMMARY,
  CONTACT_N_PROPS
};

static void
desk_card_contact_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeskCardContact *self = DESK_CARD_CONTACT (object);

  switch (prop_id)
    {
    case CONTACT_PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case CONTACT_PROP_AT:
      g_value_set_int64 (value, self->at);
      break;
    case CONTACT_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_card_contact_finalize (GObject *object)
{
  DeskCardContact *self = DESK_CARD_CONTACT (object);

  g_free (self->channel);
  g_free (self->summary);
  G_OBJECT_CLASS (desk_card_contact_parent_class)->finalize (object);
}

static void
desk_card_contact_class_init (DeskCardContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_card_contact_get_property;
  object_class->finalize = desk_card_contact_finalize;
  g_object_class_install_property (object_class, CONTACT_PROP_CHANNEL,
                                   g_param_spec_string ("channel", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, CONTACT_PROP_AT,
                                   g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0, flags));
  g_object_class_install_property (object_class, CONTACT_PROP_SUMMARY,
                                   g_param_spec_string ("summary", NULL, NULL, NULL, flags));
}

static void
desk_card_contact_init (DeskCardContact *self)
{
}

DeskCardContact *
_desk_card_contact_new (JsonObject *contact)
{
  DeskCardContact *self = g_object_new (DESK_TYPE_CARD_CONTACT, NULL);

  self->channel = g_strdup (_desk_json_string (contact, "channel"));
  self->at = MAX (0, _desk_json_int (contact, "at", 0));
  self->summary = g_strdup (_desk_json_string (contact, "summary"));
  return self;
}

const char *
desk_card_contact_get_channel (DeskCardContact *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CONTACT (self), NULL);
  return self->channel;
}

gint64
desk_card_contact_get_at (DeskCardContact *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CONTACT (self), 0);
  return self->at;
}

const char *
desk_card_contact_get_summary (DeskCardContact *self)
{
  g_return_val_if_fail (DESK_IS_CARD_CONTACT (self), NULL);
  return self->summary;
}
