/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-history"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"

/*
 * GET /clients/{id}/contacts?limit=N: the client's last calls and chats,
 * newest first, each with a one-line summary for the agent's card.
 */

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 100

static char *
summarize (DeskClientContact *contact)
{
  g_autofree char *length = g_strdup_printf ("%d:%02d", (int) (contact->seconds / 60),
                                             (int) (contact->seconds % 60));
  gboolean answered = g_strcmp0 (contact->outcome, "answered") == 0;
  const char *what;

  if (g_str_equal (contact->channel, "phone"))
    what = contact->inbound ? _("Incoming call") : _("Outgoing call");
  else if (g_str_equal (contact->channel, "portal"))
    what = _("Portal conversation");
  else
    what = _("Chat");

  if (!answered)
    /* TRANSLATORS: "Incoming call, not answered" */
    return g_strdup_printf (_("%s, not answered"), what);
  if (contact->disposition)
    /* TRANSLATORS: "Incoming call, 3:12, sale" (the operator's wrap-up code) */
    return g_strdup_printf (_("%s, %s, %s"), what, length, contact->disposition);
  /* TRANSLATORS: "Incoming call, 3:12" */
  return g_strdup_printf (_("%s, %s"), what, length);
}

/* GET /clients/{id}/contacts[?limit=] */
static void
on_client_contacts (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  const char *text = request->query ? g_hash_table_lookup (request->query, "limit") : NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = NULL;
  g_autoptr (GPtrArray) contacts = NULL;
  guint64 limit = DEFAULT_LIMIT;

  if (text && !g_ascii_string_to_unsigned (text, 10, 1, MAX_LIMIT, &limit, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“limit” is a whole number from 1 to %d"),
                                                  MAX_LIMIT);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return;
    }
  client = desk_store_get_client (store, request->id, &error);
  if (client)
    contacts = desk_store_list_client_contacts (store, request->id, (guint) limit, &error);
  if (contacts == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }

  json_builder_begin_object (builder);
  desk_web_set_int (builder, "client_id", request->id);
  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < contacts->len; i++)
    {
      DeskClientContact *contact = g_ptr_array_index (contacts, i);
      g_autofree char *summary = summarize (contact);

      json_builder_begin_object (builder);
      desk_web_set_string (builder, "channel", contact->channel);
      desk_web_set_int (builder, "at", contact->at);
      desk_web_set_string (builder, "summary", summary);
      desk_web_set_int (builder, g_str_equal (contact->channel, "phone") ? "call_id" : "chat_id",
                        contact->id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

const DeskWebRoute _desk_web_history_routes[] = {
  { "GET", "/clients/{id}/contacts", DESK_ROLE_OPERATOR, on_client_contacts },
  { NULL, NULL, 0, NULL },
};
