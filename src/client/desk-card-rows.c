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

/* Rows --------------------------------------------------------------------- */

/* The rows are read-only records: a table per type says which field each
 * property shows, and the same functions serve every type. */
typedef struct
{
  const char *name;
  GType type;     /* G_TYPE_INT64 or G_TYPE_STRING */
  gsize offset;
} RowField;

static void
row_install (GObjectClass   *klass,
             const RowField *fields,
             guint           n_fields)
{
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  for (guint i = 0; i < n_fields; i++)
    g_object_class_install_property (klass, i + 1, fields[i].type == G_TYPE_STRING ?
                                     g_param_spec_string (fields[i].name, NULL, NULL, NULL,
                                                          flags) :
                                     g_param_spec_int64 (fields[i].name, NULL, NULL, 0,
                                                         G_MAXINT64, 0, flags));
}

static void
row_get (GObject        *object,
         const RowField *fields,
         guint           n_fields,
         guint           prop_id,
         GValue         *value,
         GParamSpec     *pspec)
{
  const RowField *field;

  if (prop_id == 0 || prop_id > n_fields)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  field = &fields[prop_id - 1];
  if (field->type == G_TYPE_STRING)
    g_value_set_string (value, G_STRUCT_MEMBER (char *, object, field->offset));
  else
    g_value_set_int64 (value, G_STRUCT_MEMBER (gint64, object, field->offset));
}

static void
row_free (GObject        *object,
          const RowField *fields,
          guint           n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    if (fields[i].type == G_TYPE_STRING)
      g_free (G_STRUCT_MEMBER (char *, object, fields[i].offset));
}

/* After G_DEFINE_FINAL_TYPE: the type's get_property, finalize,
 * class_init and init, all from its table @fields. */
#define ROW_CLASS(Type, type_name, fields)                                     \
  static void                                                                  \
  type_name##_get_property (GObject *object, guint prop_id, GValue *value,     \
                            GParamSpec *pspec)                                 \
  {                                                                            \
    row_get (object, fields, G_N_ELEMENTS (fields), prop_id, value, pspec);    \
  }                                                                            \
                                                                               \
  static void                                                                  \
  type_name##_finalize (GObject *object)                                       \
  {                                                                            \
    row_free (object, fields, G_N_ELEMENTS (fields));                          \
    G_OBJECT_CLASS (type_name##_parent_class)->finalize (object);              \
  }                                                                            \
                                                                               \
  static void                                                                  \
  type_name##_class_init (Type##Class *klass)                                  \
  {                                                                            \
    G_OBJECT_CLASS (klass)->get_property = type_name##_get_property;           \
    G_OBJECT_CLASS (klass)->finalize = type_name##_finalize;                   \
    row_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields));       \
  }                                                                            \
                                                                               \
  static void                                                                  \
  type_name##_init (Type *self)                                                \
  {                                                                            \
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

static const RowField candidate_fields[] = {
  { "id", G_TYPE_INT64, G_STRUCT_OFFSET (DeskCardCandidate, id) },
  { "name", G_TYPE_STRING, G_STRUCT_OFFSET (DeskCardCandidate, name) },
  { "detail", G_TYPE_STRING, G_STRUCT_OFFSET (DeskCardCandidate, detail) },
};

ROW_CLASS (DeskCardCandidate, desk_card_candidate, candidate_fields)

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

static const RowField case_fields[] = {
  { "id", G_TYPE_INT64, G_STRUCT_OFFSET (DeskCardCase, id) },
  { "number", G_TYPE_INT64, G_STRUCT_OFFSET (DeskCardCase, number) },
  { "subject", G_TYPE_STRING, G_STRUCT_OFFSET (DeskCardCase, subject) },
  { "status", G_TYPE_STRING, G_STRUCT_OFFSET (DeskCardCase, status) },
  { "due-at", G_TYPE_INT64, G_STRUCT_OFFSET (DeskCardCase, due_at) },
};

ROW_CLASS (DeskCardCase, desk_card_case, case_fields)

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

static const RowField contact_fields[] = {
  { "channel", G_TYPE_STRING, G_STRUCT_OFFSET (DeskCardContact, channel) },
  { "at", G_TYPE_INT64, G_STRUCT_OFFSET (DeskCardContact, at) },
  { "summary", G_TYPE_STRING, G_STRUCT_OFFSET (DeskCardContact, summary) },
};

ROW_CLASS (DeskCardContact, desk_card_contact, contact_fields)

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
