/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-inbox-item"

#include "desk-i18n.h"
#include "desk-inbox-item-private.h"

/**
 * DeskInboxItem:
 *
 * One row of the operator's inbox: a call or chat offered or in
 * progress, a portal request or a callback waiting. DeskAgentSession keeps
 * it current from the event stream; views only read and bind.
 */
struct _DeskInboxItem
{
  GObject parent_instance;

  DeskInboxKind kind;
  gint64 id;
  DeskInboxState state;
  char *title;
  char *subtitle;
  char *number;
  gint64 since;
  DeskClientMatch client_match;
  GArray *client_ids;
  guint unread;
  gboolean recording_paused;
  gboolean muted;
  gboolean seen;
};

G_DEFINE_FINAL_TYPE (DeskInboxItem, desk_inbox_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_STATE,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_NUMBER,
  PROP_SINCE,
  PROP_CLIENT_MATCH,
  PROP_UNREAD,
  PROP_RECORDING_PAUSED,
  PROP_MUTED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

const char *
_desk_json_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

gint64
_desk_json_int (JsonObject *object,
                const char *name,
                gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 ||
       json_node_get_value_type (node) == G_TYPE_BOOLEAN))
    return json_node_get_int (node);
  return fallback;
}

JsonArray *
_desk_json_array (JsonObject *object,
                  const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
set_string (DeskInboxItem  *self,
            char          **field,
            const char     *value,
            guint           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
set_int (DeskInboxItem *self,
         gint64        *field,
         gint64         value,
         guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static DeskInboxState
state_of_word (const char    *word,
               DeskInboxState fallback)
{
  if (word == NULL)
    return fallback;
  if (g_str_equal (word, "ringing") || g_str_equal (word, "offered"))
    return DESK_INBOX_OFFERED;
  if (g_str_equal (word, "talking") || g_str_equal (word, "active") ||
      g_str_equal (word, "dialing"))
    return DESK_INBOX_ACTIVE;
  if (g_str_equal (word, "held"))
    return DESK_INBOX_HELD;
  return fallback;
}

static DeskClientMatch
match_of_word (const char *word,
               guint       n_ids)
{
  if (g_strcmp0 (word, "several") == 0)
    return DESK_CLIENT_MATCH_SEVERAL;
  if (g_strcmp0 (word, "one") == 0)
    return DESK_CLIENT_MATCH_ONE;
  if (g_strcmp0 (word, "none") == 0)
    return DESK_CLIENT_MATCH_NONE;
  return n_ids > 1 ? DESK_CLIENT_MATCH_SEVERAL : n_ids == 1 ? DESK_CLIENT_MATCH_ONE :
                     DESK_CLIENT_MATCH_NONE;
}

static void
update_client_ids (DeskInboxItem *self,
                   JsonObject    *object)
{
  JsonArray *ids = _desk_json_array (object, "client_ids");
  gint64 single = _desk_json_int (object, "client_id", 0);
  const char *match = _desk_json_string (object, "client_match");
  DeskClientMatch old = self->client_match;

  if (ids)
    {
      g_array_set_size (self->client_ids, 0);
      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          gint64 id = json_array_get_int_element (ids, i);

          g_array_append_val (self->client_ids, id);
        }
    }
  else if (single > 0)
    {
      g_array_set_size (self->client_ids, 0);
      g_array_append_val (self->client_ids, single);
    }
  if (ids || single > 0 || match)
    self->client_match = match_of_word (match, self->client_ids->len);
  if (old != self->client_match)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CLIENT_MATCH]);
}

/* Every inbox entry and event names its thing differently; this is the
 * one place that knows how. */
void
_desk_inbox_item_update_from_json (DeskInboxItem *self,
                                   JsonObject    *object)
{
  const char *number = NULL, *title = NULL, *subtitle = NULL;
  gint64 since = _desk_json_int (object, "since", 0);

  g_return_if_fail (DESK_IS_INBOX_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  switch (self->kind)
    {
    case DESK_INBOX_CALL:
      number = _desk_json_string (object, "number");
      title = number;
      break;
    case DESK_INBOX_CHAT:
      /* only a phone finds a client by number; an e-mail the visitor left
       * is shown, not looked up as one */
      number = _desk_json_string (object, "visitor_phone");
      if (number && *number == '\0')
        number = NULL;
      subtitle = _desk_json_string (object, "visitor_contact");
      title = _desk_json_string (object, "visitor_name");
      if (title && *title == '\0')
        title = NULL;
      if (title == NULL && self->title == NULL)
        title = number ? number : _("Website visitor");
      break;
    case DESK_INBOX_PORTAL:
      /* Its "number" is the case's number, not a phone. */
      subtitle = _desk_json_string (object, "subject");
      if (_desk_json_int (object, "number", 0) > 0)
        {
          g_autofree char *text = g_strdup_printf (_("Case %d"),
                                                   (int) _desk_json_int (object, "number", 0));

          set_string (self, &self->title, text, PROP_TITLE);
        }
      break;
    case DESK_INBOX_CALLBACK:
      number = _desk_json_string (object, "number");
      title = number;
      subtitle = _desk_json_string (object, "note");
      if (since == 0)
        since = _desk_json_int (object, "due_at", 0);
      break;
    default:
      g_assert_not_reached ();
    }

  if (number)
    set_string (self, &self->number, number, PROP_NUMBER);
  if (title)
    set_string (self, &self->title, title, PROP_TITLE);
  if (subtitle)
    set_string (self, &self->subtitle, subtitle, PROP_SUBTITLE);
  if (since > 0)
    set_int (self, &self->since, since, PROP_SINCE);
  if (self->kind == DESK_INBOX_CALL || self->kind == DESK_INBOX_CHAT)
    {
      const char *word = _desk_json_string (object, "state");
      DeskInboxState state = state_of_word (word, self->state);

      if (state != self->state)
        {
          self->state = state;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
        }
    }
  if (json_object_has_member (object, "unread"))
    _desk_inbox_item_set_unread (self, (guint) MAX (0, _desk_json_int (object, "unread", 0)));
  if (json_object_has_member (object, "recording_paused"))
    {
      gboolean paused = _desk_json_int (object, "recording_paused", 0) != 0;

      if (paused != self->recording_paused)
        {
          self->recording_paused = paused;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RECORDING_PAUSED]);
        }
    }
  update_client_ids (self, object);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_desk_inbox_item_set_state (DeskInboxItem  *self,
                            DeskInboxState  state,
                            gint64          since)
{
  g_return_if_fail (DESK_IS_INBOX_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
    }
  if (since > 0)
    set_int (self, &self->since, since, PROP_SINCE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_desk_inbox_item_set_unread (DeskInboxItem *self,
                             guint          unread)
{
  g_return_if_fail (DESK_IS_INBOX_ITEM (self));

  if (self->unread == unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UNREAD]);
}

void
_desk_inbox_item_set_seen (DeskInboxItem *self,
                           gboolean       seen)
{
  self->seen = seen;
}

gboolean
_desk_inbox_item_get_seen (DeskInboxItem *self)
{
  return self->seen;
}

static void
desk_inbox_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeskInboxItem *self = DESK_INBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_SINCE:
      g_value_set_int64 (value, self->since);
      break;
    case PROP_CLIENT_MATCH:
      g_value_set_int (value, self->client_match);
      break;
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    case PROP_RECORDING_PAUSED:
      g_value_set_boolean (value, self->recording_paused);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_inbox_item_finalize (GObject *object)
{
  DeskInboxItem *self = DESK_INBOX_ITEM (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->number);
  g_array_unref (self->client_ids);

  G_OBJECT_CLASS (desk_inbox_item_parent_class)->finalize (object);
}

static void
desk_inbox_item_class_init (DeskInboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_inbox_item_get_property;
  object_class->finalize = desk_inbox_item_finalize;

  /* Enums are plain ints: the types live in a header without GTypes. */
  props[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, 0, DESK_INBOX_CALLBACK, 0, flags);
  props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, DESK_INBOX_ENDED, 0, flags);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  props[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  props[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  props[PROP_SINCE] = g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_CLIENT_MATCH] = g_param_spec_int ("client-match", NULL, NULL, 0,
                                               DESK_CLIENT_MATCH_SEVERAL, 0, flags);
  props[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0, flags);
  props[PROP_RECORDING_PAUSED] = g_param_spec_boolean ("recording-paused", NULL, NULL, FALSE,
                                                       flags);
  props[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_inbox_item_init (DeskInboxItem *self)
{
  self->client_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

DeskInboxItem *
_desk_inbox_item_new (DeskInboxKind kind,
                      gint64        id)
{
  DeskInboxItem *self = g_object_new (DESK_TYPE_INBOX_ITEM, NULL);

  self->kind = kind;
  self->id = id;
  self->state = kind == DESK_INBOX_PORTAL || kind == DESK_INBOX_CALLBACK ? DESK_INBOX_WAITING :
                                                                           DESK_INBOX_OFFERED;
  self->since = g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

DeskInboxKind
desk_inbox_item_get_kind (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), DESK_INBOX_CALL);
  return self->kind;
}

gint64
desk_inbox_item_get_id (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), 0);
  return self->id;
}

DeskInboxState
desk_inbox_item_get_state (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), DESK_INBOX_ENDED);
  return self->state;
}

const char *
desk_inbox_item_get_title (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), NULL);
  return self->title;
}

const char *
desk_inbox_item_get_subtitle (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), NULL);
  return self->subtitle;
}

const char *
desk_inbox_item_get_number (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), NULL);
  return self->number;
}

gint64
desk_inbox_item_get_since (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), 0);
  return self->since;
}

DeskClientMatch
desk_inbox_item_get_client_match (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), DESK_CLIENT_MATCH_NONE);
  return self->client_match;
}

/**
 * desk_inbox_item_get_client_ids:
 *
 * Returns: (transfer none) (element-type gint64): the matched clients' ids
 */
GArray *
desk_inbox_item_get_client_ids (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), NULL);
  return self->client_ids;
}

guint
desk_inbox_item_get_unread (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), 0);
  return self->unread;
}

gboolean
desk_inbox_item_get_recording_paused (DeskInboxItem *self)
{
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), FALSE);
  return self->recording_paused;
}

/**
 * desk_inbox_item_dup_age_text:
 * @now_unix: the current time, so that a list refreshes all rows alike
 *
 * Returns: (transfer full): "Waiting 1:05", "Talking 3:12"…
 */
char *
desk_inbox_item_dup_age_text (DeskInboxItem *self,
                              gint64         now_unix)
{
  gint64 age;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (DESK_IS_INBOX_ITEM (self), NULL);

  age = MAX (0, now_unix - self->since);
  /* past a day the seconds mean nothing: "due 2 d 3 h ago" */
  if (age >= 86400)
    {
      /* TRANSLATORS: days and hours, such as "2 d 3 h" */
      clock = g_strdup_printf (_("%d d %d h"), (int) (age / 86400), (int) (age / 3600 % 24));
      if (self->kind == DESK_INBOX_CALLBACK)
        return g_strdup_printf (_("Due %s ago"), clock);
      return g_strdup_printf (_("Waiting %s"), clock);
    }
  if (age >= 3600)
    clock = g_strdup_printf ("%d:%02d:%02d", (int) (age / 3600), (int) (age / 60 % 60),
                             (int) (age % 60));
  else
    clock = g_strdup_printf ("%d:%02d", (int) (age / 60), (int) (age % 60));

  switch (self->state)
    {
    case DESK_INBOX_OFFERED:
      if (self->kind == DESK_INBOX_CALL)
        /* TRANSLATORS: %s is a duration such as 1:05 */
        return g_strdup_printf (_("Ringing %s"), clock);
      return g_strdup_printf (_("Waiting %s"), clock);
    case DESK_INBOX_ACTIVE:
      return g_strdup_printf (self->kind == DESK_INBOX_CALL ? _("Talking %s") : _("Chatting %s"),
                              clock);
    case DESK_INBOX_HELD:
      return g_strdup_printf (_("On hold %s"), clock);
    case DESK_INBOX_ENDED:
      return g_strdup_printf (_("Ended %s ago"), clock);
    case DESK_INBOX_WAITING:
    default:
      if (self->kind == DESK_INBOX_CALLBACK)
        return g_strdup_printf (_("Due %s ago"), clock);
      return g_strdup_printf (_("Waiting %s"), clock);
    }
}
