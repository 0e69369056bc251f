/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-clients"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"
#include "desk-phone.h"

/*
 * Clients and the knowledge base, as the operator uses them beside a call:
 * find who is calling (none, one or several: no client is ever created by
 * a lookup), read and edit the card, see the client's cases, look up an
 * answer. The whole office's staff share one client base: any operator may
 * read and edit any card, and the audit log names who did.
 */

#define SEARCH_LIMIT 50

/* What one new card may carry at once. */
#define MAX_NAME 200
#define MAX_PHONES 10
#define MAX_EMAILS 10
#define MAX_ASSETS 20

const char *
_desk_web_match_word (guint n)
{
  return n == 0 ? "none" : n == 1 ? "one" : "several";
}

void
_desk_web_add_client (JsonBuilder *builder,
                      DeskClient  *client)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", client->id);
  desk_web_set_nick (builder, "kind", DESK_TYPE_CLIENT_KIND, client->kind);
  desk_web_set_string (builder, "name", client->name);
  desk_web_set_id (builder, "organization_id", client->organization_id);
  desk_web_set_bool (builder, "vip", client->vip);
  desk_web_set_string (builder, "note", client->note);
  json_builder_set_member_name (builder, "phones");
  json_builder_begin_array (builder);
  for (guint i = 0; i < client->phones->len; i++)
    {
      DeskClientPhone *phone = g_ptr_array_index (client->phones, i);

      json_builder_begin_object (builder);
      desk_web_set_string (builder, "number", phone->e164);
      desk_web_set_string (builder, "label", phone->label);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "emails");
  json_builder_begin_array (builder);
  for (guint i = 0; i < client->emails->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (client->emails, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "assets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < client->assets->len; i++)
    {
      DeskClientAsset *asset = g_ptr_array_index (client->assets, i);

      json_builder_begin_object (builder);
      desk_web_set_nick (builder, "kind", DESK_TYPE_ASSET_KIND, asset->kind);
      desk_web_set_string (builder, "identifier", asset->identifier);
      desk_web_set_string (builder, "note", asset->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  desk_web_set_int (builder, "created_at", client->created_at);
  json_builder_end_object (builder);
}

static void
reply_clients (DeskWebRequest *request,
               GArray         *ids)
{
  DeskStore *store = _desk_web_store (request->self);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  desk_web_set_string (builder, "match", _desk_web_match_word (ids->len));
  json_builder_set_member_name (builder, "clients");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (DeskClient) client = desk_store_get_client (store, g_array_index (ids, gint64, i),
                                                             NULL);
      if (client)
        _desk_web_add_client (builder, client);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

static const char *
query_text (DeskWebRequest *request,
            const char     *name)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, name) : NULL;

  if (text == NULL || *text == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("Give “%s” in the address"), name);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return NULL;
    }
  if (strlen (text) > 200 || !g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is too long or not text"), name);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return NULL;
    }
  return text;
}

/* GET /clients?q= */
static void
on_search_clients (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  const char *q = query_text (request, "q");

  if (q == NULL)
    return;
  ids = desk_store_search_clients (_desk_web_store (request->self), q, SEARCH_LIMIT, &error);
  if (ids == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_clients (request, ids);
}

static char *
normalize_number (DeskWebServer  *self,
                  const char     *number,
                  GError        **error)
{
  g_autofree char *region = desk_store_get_setting (_desk_web_store (self), "default-country");

  return desk_phone_normalize (number, region, error);
}

/* GET /clients/by-phone?number= */
static void
on_clients_by_phone (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autofree char *e164 = NULL;
  const char *number = query_text (request, "number");

  if (number == NULL)
    return;
  e164 = normalize_number (request->self, number, &error);
  if (e164)
    ids = desk_store_find_clients_by_phone (_desk_web_store (request->self), e164, &error);
  if (ids == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_clients (request, ids);
}

static void
reply_client (DeskWebRequest *request,
              guint           status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = desk_store_get_client (_desk_web_store (request->self),
                                                         request->id, &error);
  g_autoptr (JsonBuilder) builder = NULL;

  if (client == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  _desk_web_add_client (builder, client);
  desk_web_reply_builder (request->msg, status, builder);
}

/* GET /clients/{id} */
static void
on_get_client (DeskWebRequest *request)
{
  reply_client (request, SOUP_STATUS_OK);
}

/* Pieces of a card as requests give them */

static JsonObject *
node_object (JsonNode    *node,
             const char  *member,
             GError     **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” must be an object"), member);
  return NULL;
}

/* A phone: "number", or {number, label}; the number in any form the
 * office's country reads. Returns the E.164 form. */
static char *
read_phone (DeskWebServer  *self,
            JsonNode       *node,
            const char     *member,
            const char    **label,
            GError        **error)
{
  JsonObject *phone;
  const char *number = NULL;

  *label = NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return normalize_number (self, json_node_get_string (node), error);
  if ((phone = node_object (node, member, error)) == NULL ||
      !desk_web_member_string (phone, "number", TRUE, &number, error) ||
      !desk_web_member_string (phone, "label", FALSE, label, error))
    return NULL;
  return normalize_number (self, number, error);
}

/* An asset: {kind, identifier}; "value" is taken for "identifier". */
static gboolean
read_asset (JsonNode     *node,
            const char   *member,
            int          *kind,
            const char  **identifier,
            GError      **error)
{
  JsonObject *asset = node_object (node, member, error);
  const char *kind_nick = NULL;

  *kind = DESK_ASSET_KIND_OTHER;
  *identifier = NULL;
  if (asset == NULL ||
      !desk_web_member_string (asset, "kind", FALSE, &kind_nick, error) ||
      !desk_web_member_string (asset, "identifier", FALSE, identifier, error) ||
      (*identifier == NULL &&
       !desk_web_member_string (asset, "value", TRUE, identifier, error)))
    return FALSE;
  if (kind_nick && !desk_enum_from_nick (DESK_TYPE_ASSET_KIND, kind_nick, kind, error))
    return FALSE;
  if (**identifier == '\0' || g_utf8_strlen (*identifier, -1) > 64)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("An asset's identifier is 1 to 64 characters"));
      return FALSE;
    }
  return TRUE;
}

static gboolean member_array (JsonObject  *body,
                              const char  *member,
                              guint        max,
                              JsonArray  **array,
                              GError     **error);

/* One entry of a "remove_…" list: a string. */
static const char *
removal_at (JsonArray   *array,
            guint        i,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” must be a list of strings"),
               member);
  return NULL;
}

/* remove_phones: ["+380…"], any form the office's country reads;
 * remove_assets: ["identifier"], of whatever kind. Removals go first, so
 * one request can replace a phone's label. Each missing entry is a 404. */
static gboolean
edit_client (DeskWebRequest  *request,
             JsonObject      *body,
             GError         **error)
{
  DeskStore *store = _desk_web_store (request->self);
  gint64 actor = request->user->id;
  const char *name = NULL, *note = NULL, *email = NULL;
  gboolean vip = FALSE;
  gboolean has_vip = json_object_has_member (body, "vip");
  JsonArray *phones, *assets;
  JsonNode *node;

  if (!desk_web_member_string (body, "name", FALSE, &name, error) ||
      !desk_web_member_string (body, "note", FALSE, &note, error) ||
      !desk_web_member_bool (body, "vip", FALSE, &vip, error) ||
      !desk_web_member_string (body, "add_email", FALSE, &email, error) ||
      !member_array (body, "remove_phones", MAX_PHONES, &phones, error) ||
      !member_array (body, "remove_assets", MAX_ASSETS, &assets, error))
    return FALSE;
  for (guint i = 0; phones && i < json_array_get_length (phones); i++)
    {
      const char *number = removal_at (phones, i, "remove_phones", error);
      g_autofree char *e164 = number ? normalize_number (request->self, number, error) : NULL;

      if (e164 == NULL ||
          !desk_store_remove_client_phone (store, actor, request->id, e164, error))
        return FALSE;
    }
  for (guint i = 0; assets && i < json_array_get_length (assets); i++)
    {
      const char *identifier = removal_at (assets, i, "remove_assets", error);

      if (identifier == NULL ||
          !desk_store_remove_client_asset (store, actor, request->id, identifier, error))
        return FALSE;
    }
  if ((name || note || has_vip) &&
      !desk_store_update_client (store, actor, request->id, name, note,
                                 has_vip ? (vip ? 1 : 0) : -1, error))
    return FALSE;
  if (email && !desk_store_add_client_email (store, actor, request->id, email, error))
    return FALSE;

  /* add_phone: {number, label}; the number in any form the office's
   * country reads. */
  node = json_object_get_member (body, "add_phone");
  if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      const char *label = NULL;
      g_autofree char *e164 = read_phone (request->self, node, "add_phone", &label, error);

      if (e164 == NULL ||
          !desk_store_add_client_phone (store, actor, request->id, e164, label, error))
        return FALSE;
    }

  /* add_asset: {kind, identifier} */
  node = json_object_get_member (body, "add_asset");
  if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      const char *identifier = NULL;
      int kind;

      if (!read_asset (node, "add_asset", &kind, &identifier, error) ||
          !desk_store_add_client_asset (store, actor, request->id, kind, identifier, error))
        return FALSE;
    }
  return TRUE;
}

/* A list in a new card: absent, null, or an array of at most @max. */
static gboolean
member_array (JsonObject   *body,
              const char   *member,
              guint         max,
              JsonArray   **array,
              GError      **error)
{
  JsonNode *node = json_object_get_member (body, member);

  *array = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” must be a list"), member);
      return FALSE;
    }
  *array = json_node_get_array (node);
  if (json_array_get_length (*array) > max)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” holds at most %u entries"),
                   member, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
         strlen (text) <= 254 && strpbrk (text, " \t\r\n<>\"") == NULL;
}

static gboolean
read_kind (JsonObject      *body,
           DeskClientKind  *kind,
           GError         **error)
{
  const char *name = NULL;

  if (!desk_web_member_string (body, "kind", FALSE, &name, error))
    return FALSE;
  if (name == NULL || g_str_equal (name, "person"))
    *kind = DESK_CLIENT_KIND_PERSON;
  /* Both spellings: the API's documents write the British one. */
  else if (g_str_equal (name, "organisation") || g_str_equal (name, "organization"))
    *kind = DESK_CLIENT_KIND_ORGANIZATION;
  else
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("“kind” is “person” or “organisation”"));
      return FALSE;
    }
  return TRUE;
}

/* The lists of a new card, each entry checked and repeats dropped (two
 * forms of one number are one phone). */
static gboolean
read_card_lists (DeskWebServer  *self,
                 JsonObject     *body,
                 DeskClient     *client,
                 GError        **error)
{
  JsonArray *phones, *emails, *assets;

  if (!member_array (body, "phones", MAX_PHONES, &phones, error) ||
      !member_array (body, "emails", MAX_EMAILS, &emails, error) ||
      !member_array (body, "assets", MAX_ASSETS, &assets, error))
    return FALSE;
  for (guint i = 0; phones && i < json_array_get_length (phones); i++)
    {
      const char *label = NULL;
      g_autofree char *e164 = read_phone (self, json_array_get_element (phones, i), "phones",
                                          &label, error);
      gboolean seen = FALSE;

      if (e164 == NULL)
        return FALSE;
      for (guint j = 0; j < client->phones->len; j++)
        seen |= g_str_equal (((DeskClientPhone *) g_ptr_array_index (client->phones, j))->e164,
                             e164);
      if (!seen)
        desk_client_add_phone (client, e164, label);
    }
  for (guint i = 0; emails && i < json_array_get_length (emails); i++)
    {
      JsonNode *node = json_array_get_element (emails, i);
      const char *email = JSON_NODE_HOLDS_VALUE (node) &&
                          json_node_get_value_type (node) == G_TYPE_STRING ?
                          json_node_get_string (node) : NULL;
      gboolean seen = FALSE;

      if (email == NULL || !g_utf8_validate (email, -1, NULL) || !is_email (email))
        {
          g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not an e-mail address"),
                       email && g_utf8_validate (email, -1, NULL) ? email : "…");
          return FALSE;
        }
      for (guint j = 0; j < client->emails->len; j++)
        seen |= g_ascii_strcasecmp (g_ptr_array_index (client->emails, j), email) == 0;
      if (!seen)
        desk_client_add_email (client, email);
    }
  for (guint i = 0; assets && i < json_array_get_length (assets); i++)
    {
      const char *identifier = NULL;
      gboolean seen = FALSE;
      int kind;

      if (!read_asset (json_array_get_element (assets, i), "assets", &kind, &identifier, error))
        return FALSE;
      for (guint j = 0; j < client->assets->len; j++)
        {
          DeskClientAsset *asset = g_ptr_array_index (client->assets, j);

          seen |= (int) asset->kind == kind && g_str_equal (asset->identifier, identifier);
        }
      if (!seen)
        desk_client_add_asset (client, kind, identifier, NULL);
    }
  return TRUE;
}

/* POST /clients {name, kind, phones, emails, assets, note}: the operator's
 * "new client". The office never makes one by itself: that fills the base
 * with junk. */
static void
on_create_client (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = NULL;
  g_autofree char *name = NULL;
  const char *given = NULL, *note = NULL;
  DeskClientKind kind = DESK_CLIENT_KIND_PERSON;
  gint64 id = 0;

  if (body == NULL)
    return;
  if (!desk_web_member_string (body, "name", TRUE, &given, &error) ||
      !desk_web_member_string (body, "note", FALSE, &note, &error) ||
      !read_kind (body, &kind, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  name = g_strstrip (g_strdup (given));
  if (*name == '\0' || g_utf8_strlen (name, -1) > MAX_NAME)
    {
      g_autofree char *message = g_strdup_printf (_("A client's name is 1 to %d characters"),
                                                  MAX_NAME);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return;
    }
  client = desk_client_new (kind, name);
  client->note = g_strdup (note);
  if (read_card_lists (request->self, body, client, &error))
    id = desk_store_add_client (_desk_web_store (request->self), request->user->id, client,
                                &error);
  if (id == 0)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  request->id = id;
  reply_client (request, SOUP_STATUS_CREATED);
}

/* PATCH /clients/{id} {name, note, vip, add_phone {number, label},
 * add_email, add_asset {kind, identifier}, remove_phones [number],
 * remove_assets [identifier]}: all or nothing. */
static void
on_edit_client (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = NULL;

  if (body == NULL)
    return;
  client = desk_store_get_client (store, request->id, &error);
  if (client == NULL || !desk_store_begin (store, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (!edit_client (request, body, &error) || !desk_store_commit (store, &error))
    {
      desk_store_rollback (store);
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_client (request, SOUP_STATUS_OK);
}

/* GET /clients/{id}/cases[?open=1] */
static void
on_client_cases (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  const char *open = request->query ? g_hash_table_lookup (request->query, "open") : NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = NULL;
  g_autoptr (GArray) ids = NULL;

  client = desk_store_get_client (store, request->id, &error);
  if (client)
    ids = desk_store_list_client_cases (store, request->id, g_strcmp0 (open, "1") == 0, &error);
  if (ids == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "client_id", request->id);
  json_builder_set_member_name (builder, "cases");
  _desk_web_add_cases (builder, store, ids);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* Knowledge base: staff read the internal articles too. */

static void
add_article (JsonBuilder *builder,
             DeskArticle *article,
             gboolean     with_body)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", article->id);
  desk_web_set_string (builder, "title", article->title);
  desk_web_set_nick (builder, "visibility", DESK_TYPE_VISIBILITY, article->visibility);
  desk_web_set_string (builder, "category", article->category);
  desk_web_set_int (builder, "updated_at", article->updated_at);
  if (with_body)
    desk_web_set_string (builder, "body", article->body);
  else
    desk_web_set_string (builder, "snippet", article->snippet);
  json_builder_end_object (builder);
}

/* GET /kb?q= */
static void
on_search_kb (DeskWebRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  const char *q = query_text (request, "q");

  if (q == NULL)
    return;
  articles = desk_store_search_articles (_desk_web_store (request->self), q, FALSE, 20, &error);
  if (articles == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "articles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < articles->len; i++)
    add_article (builder, g_ptr_array_index (articles, i), FALSE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* GET /kb/{id} */
static void
on_get_article (DeskWebRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskArticle) article = desk_store_get_article (_desk_web_store (request->self),
                                                            request->id, &error);

  if (article == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  add_article (builder, article, TRUE);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

const DeskWebRoute _desk_web_client_routes[] = {
  { "GET", "/clients", DESK_ROLE_OPERATOR, on_search_clients },
  { "POST", "/clients", DESK_ROLE_OPERATOR, on_create_client },
  { "GET", "/clients/by-phone", DESK_ROLE_OPERATOR, on_clients_by_phone },
  { "GET", "/clients/{id}", DESK_ROLE_OPERATOR, on_get_client },
  { "PATCH", "/clients/{id}", DESK_ROLE_OPERATOR, on_edit_client },
  { "GET", "/clients/{id}/cases", DESK_ROLE_OPERATOR, on_client_cases },
  { "GET", "/kb", DESK_ROLE_OPERATOR, on_search_kb },
  { "GET", "/kb/{id}", DESK_ROLE_OPERATOR, on_get_article },
  { NULL }
};
