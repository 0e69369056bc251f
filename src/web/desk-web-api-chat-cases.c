/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-chat-cases"

#include "config.h"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"

#include <inttypes.h>

/*
 * Cases from chats: what desk-web-api-cases.c does for calls, for a
 * website chat. A chat opens one or several cases, joins a case that
 * exists, or runs a scenario button; the case's timeline starts with the
 * chat. And the operator's "link to case №…" finds a case by its number.
 *
 *   POST /api/v1/chats/{id}/cases     {subject, description, category_id, priority, client_id}
 *   POST /api/v1/chats/{id}/links     {case_id}
 *   POST /api/v1/chats/{id}/scenario  {scenario_id}
 *   GET  /api/v1/cases/by-number/{n}
 *
 * The chat's operator works from it (or the operator it is offered to,
 * while it waits); supervisors from any chat.
 */

/* The chat if the user may work from it, else NULL after a 404 (an
 * operator learns nothing of colleagues' chats, as with calls). */
static DeskChat *
usable_chat (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskChat) chat = desk_store_get_chat (_desk_web_store (request->self), request->id,
                                                   &error);
  g_autofree char *message = NULL;

  if (chat == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return NULL;
    }
  if (_desk_web_is_supervisor (request->user) || chat->operator_id == request->user->id ||
      chat->operator_id == 0)
    return g_steal_pointer (&chat);
  message = g_strdup_printf (_("You have no chat %" PRId64), request->id);
  desk_web_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
  return NULL;
}

static gboolean
read_priority (JsonObject  *body,
               int         *priority,
               GError     **error)
{
  const char *nick = NULL;

  if (!desk_web_member_string (body, "priority", FALSE, &nick, error))
    return FALSE;
  if (nick && !desk_enum_from_nick (DESK_TYPE_PRIORITY, nick, priority, error))
    {
      g_prefix_error (error, "“priority”: ");
      return FALSE;
    }
  return TRUE;
}

static void
reply_case (DeskWebRequest *request,
            gint64          case_id,
            guint           status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = desk_store_get_case (_desk_web_store (request->self), case_id,
                                                   &error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (kase == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  _desk_web_add_case (builder, kase);
  desk_web_reply_builder (request->msg, status, builder);
}

/* One transaction: a scenario that fails to resolve leaves no case. */
static DeskCase *
create_case (DeskStore         *store,
             gint64             actor_id,
             const DeskCaseNew *spec,
             const char        *resolve_note,
             GError           **error)
{
  g_autoptr (DeskCase) kase = NULL;

  if (!desk_store_begin (store, error))
    return NULL;
  kase = desk_store_create_case (store, actor_id, spec, error);
  if (kase == NULL ||
      (resolve_note &&
       !desk_store_set_case_status (store, actor_id, kase->id, DESK_CASE_STATUS_RESOLVED,
                                    DESK_RESOLUTION_SOLVED, resolve_note, error)) ||
      !desk_store_commit (store, error))
    {
      desk_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&kase);
}

/* POST /chats/{id}/cases: a new case each time. */
static void
on_open_case (DeskWebRequest *request)
{
  g_autoptr (DeskChat) chat = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew spec = { 0 };
  int priority = DESK_PRIORITY_NORMAL;

  if ((chat = usable_chat (request)) == NULL || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_string (body, "subject", TRUE, &spec.subject, &error) ||
      !desk_web_member_string (body, "description", FALSE, &spec.description, &error) ||
      !desk_web_member_int (body, "category_id", FALSE, &spec.category_id, &error) ||
      !desk_web_member_int (body, "client_id", FALSE, &spec.client_id, &error) ||
      !read_priority (body, &priority, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (*spec.subject == '\0')
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("A case needs a subject"));
      return;
    }
  spec.priority = priority;
  spec.owner_id = request->user->id;
  spec.channel = DESK_CHANNEL_CHAT;
  spec.chat_id = chat->id;
  if (spec.client_id == 0)
    spec.client_id = chat->client_id;
  kase = create_case (_desk_web_store (request->self), request->user->id, &spec, NULL, &error);
  if (kase == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, kase->id, SOUP_STATUS_CREATED);
}

/* POST /chats/{id}/links {case_id} */
static void
on_link (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  g_autoptr (DeskChat) chat = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  gint64 case_id = 0;

  if ((chat = usable_chat (request)) == NULL || (body = _desk_web_body (request)) == NULL)
    return;
  /* "No such case", rather than the store's refusal of a dangling link. */
  if (!desk_web_member_int (body, "case_id", TRUE, &case_id, &error) ||
      (kase = desk_store_get_case (store, case_id, &error)) == NULL ||
      !desk_store_link_case_contact (store, request->user->id, case_id, 0, chat->id, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, case_id, SOUP_STATUS_OK);
}

/* POST /chats/{id}/scenario {scenario_id} */
static void
on_scenario (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  g_autoptr (DeskChat) chat = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskScenario) scenario = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew spec = { 0 };
  gint64 scenario_id = 0;

  if ((chat = usable_chat (request)) == NULL || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_int (body, "scenario_id", TRUE, &scenario_id, &error) ||
      (scenario = desk_store_get_scenario (store, scenario_id, &error)) == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  spec.category_id = scenario->category_id;
  spec.subject = scenario->subject;
  spec.priority = scenario->priority;
  spec.owner_id = request->user->id;
  spec.channel = DESK_CHANNEL_CHAT;
  spec.chat_id = chat->id;
  spec.client_id = chat->client_id;
  kase = create_case (store, request->user->id, &spec,
                      scenario->resolve_at_once ? scenario->label : NULL, &error);
  if (kase == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, kase->id, SOUP_STATUS_CREATED);
}

/* GET /cases/by-number/{n}: the number people read out on the phone. */
static void
on_by_number (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = desk_store_get_case_by_number (_desk_web_store (request->self),
                                                             request->id, &error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (kase == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  _desk_web_add_case (builder, kase);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

const DeskWebRoute _desk_web_chat_case_routes[] = {
  { "POST", "/chats/{id}/cases", DESK_ROLE_OPERATOR, on_open_case },
  { "POST", "/chats/{id}/links", DESK_ROLE_OPERATOR, on_link },
  { "POST", "/chats/{id}/scenario", DESK_ROLE_OPERATOR, on_scenario },
  { "GET", "/cases/by-number/{id}", DESK_ROLE_OPERATOR, on_by_number },
  { NULL }
};
