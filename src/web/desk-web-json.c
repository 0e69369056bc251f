/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web"

#include "desk-i18n.h"
#include "desk-web-json.h"
#include "desk-error.h"
#include "desk-phone.h"
#include "desk-types.h"

void
desk_web_reply_json (SoupServerMessage *msg,
                     guint              status,
                     JsonNode          *node)
{
  g_autofree char *body = json_to_string (node, FALSE);
  gsize len = strlen (body);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Content-Type-Options", "nosniff");
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), len);
}

/* Every error has the same shape: {"error": {"code", "message"}}. The
 * message is for people; the code is for programs. */
void
desk_web_reply_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  desk_web_reply_json (msg, status, node);
}

void
desk_web_reply_gerror (SoupServerMessage *msg,
                       const GError      *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  const char *code = "internal";

  if (error->domain == DESK_ERROR)
    {
      switch (error->code)
        {
        case DESK_ERROR_INVALID:   status = SOUP_STATUS_BAD_REQUEST; code = "invalid"; break;
        case DESK_ERROR_NOT_FOUND: status = SOUP_STATUS_NOT_FOUND; code = "not_found"; break;
        case DESK_ERROR_CONFLICT:  status = SOUP_STATUS_CONFLICT; code = "conflict"; break;
        case DESK_ERROR_FORBIDDEN: status = SOUP_STATUS_FORBIDDEN; code = "forbidden"; break;
        case DESK_ERROR_AUTH:      status = SOUP_STATUS_UNAUTHORIZED; code = "auth"; break;
        case DESK_ERROR_LIMIT:     status = SOUP_STATUS_UNPROCESSABLE_ENTITY; code = "limit"; break;
        /* Failures the office explains itself ("no line to call outside
         * numbers"): the request was fine, the office cannot do it now. */
        case DESK_ERROR_FAILED:    status = SOUP_STATUS_CONFLICT; code = "failed"; break;
        default: break;
        }
    }
  else if (error->domain == DESK_PHONE_ERROR)
    {
      status = SOUP_STATUS_BAD_REQUEST;
      code = "invalid";
    }
  else if (error->domain == JSON_PARSER_ERROR)
    {
      status = SOUP_STATUS_BAD_REQUEST;
      code = "malformed";
    }

  /* Internal failures are logged in full and answered in general terms:
   * no paths or SQL reach a client. */
  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    {
      g_message ("Request failed: %s", error->message);
      desk_web_reply_error (msg, status, code, _("The server could not do this; see its log"));
      return;
    }
  desk_web_reply_error (msg, status, code, error->message);
}

/**
 * desk_web_read_object:
 *
 * Returns: (transfer full): the request body as a JSON object, or %NULL
 *   with @error set (%DESK_ERROR_INVALID for anything but one object)
 */
JsonObject *
desk_web_read_object (SoupServerMessage  *msg,
                      GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GBytes) bytes = NULL;
  JsonNode *root;

  if (body->length > DESK_WEB_MAX_BODY)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT, _("The request is larger than %d KiB"),
                   DESK_WEB_MAX_BODY / 1024);
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  if (!g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), NULL))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, _("The request is not valid JSON"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("The request must be a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Returns the member if it is a string, else NULL: a number where a string
 * belongs is as missing as no member at all. */
const char *
desk_web_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonNode *
present_member (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
absent (const char  *member,
        gboolean     required,
        GError     **error)
{
  if (!required)
    return TRUE;
  g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is missing"), member);
  return FALSE;
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
desk_web_member_string (JsonObject   *object,
                        const char   *member,
                        gboolean      required,
                        const char  **value,
                        GError      **error)
{
  JsonNode *node = present_member (object, member);

  if (node == NULL)
    return absent (member, required, error);
  if (!holds (node, G_TYPE_STRING))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” must be a string"), member);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
desk_web_member_int (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     gint64      *value,
                     GError     **error)
{
  JsonNode *node = present_member (object, member);

  if (node == NULL)
    return absent (member, required, error);
  if (!holds (node, G_TYPE_INT64))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” must be a whole number"),
                   member);
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
desk_web_member_bool (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      gboolean    *value,
                      GError     **error)
{
  JsonNode *node = present_member (object, member);

  if (node == NULL)
    return absent (member, required, error);
  if (!holds (node, G_TYPE_BOOLEAN))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” must be true or false"),
                   member);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

void
desk_web_set_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
desk_web_set_int (JsonBuilder *builder,
                  const char  *member,
                  gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
desk_web_set_id (JsonBuilder *builder,
                 const char  *member,
                 gint64       id)
{
  json_builder_set_member_name (builder, member);
  if (id > 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

void
desk_web_set_bool (JsonBuilder *builder,
                   const char  *member,
                   gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

void
desk_web_set_nick (JsonBuilder *builder,
                   const char  *member,
                   GType        enum_type,
                   int          value)
{
  desk_web_set_string (builder, member, desk_enum_to_nick (enum_type, value));
}

void
desk_web_reply_builder (SoupServerMessage *msg,
                        guint              status,
                        JsonBuilder       *builder)
{
  g_autoptr (JsonNode) node = json_builder_get_root (builder);

  desk_web_reply_json (msg, status, node);
}
