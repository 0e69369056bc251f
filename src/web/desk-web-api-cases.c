/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-cases"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"

#include <inttypes.h>

/*
 * Cases from calls, and a case's life. A call is a fact, a case the matter
 * it raised: one call opens several cases, joins cases that exist, or is
 * marked "not a case" (DeskOffice decides the rules). Cases are never
 * deleted: they are resolved and closed, and every change lands in their
 * timeline.
 *
 * Who may do what: an operator works from their own calls (the call's
 * operator, or ringing for them) and changes the cases they own or that
 * nobody owns yet; anyone on the staff may read any case and comment on
 * it. Supervisors and the owner act on every call and case.
 */

#define MAX_COMMENT (16 * 1024)

/* Cases in one list of the agent window, by default and at most. */
#define DEFAULT_LIST 50
#define MAX_LIST 500

void
_desk_web_add_case (JsonBuilder *builder,
                    DeskCase    *kase)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", kase->id);
  desk_web_set_int (builder, "number", kase->number);
  desk_web_set_id (builder, "client_id", kase->client_id);
  desk_web_set_id (builder, "category_id", kase->category_id);
  desk_web_set_string (builder, "subject", kase->subject);
  desk_web_set_string (builder, "description", kase->description);
  desk_web_set_nick (builder, "status", DESK_TYPE_CASE_STATUS, kase->status);
  desk_web_set_nick (builder, "priority", DESK_TYPE_PRIORITY, kase->priority);
  desk_web_set_id (builder, "owner_id", kase->owner_id);
  desk_web_set_nick (builder, "channel", DESK_TYPE_CHANNEL, kase->channel);
  desk_web_set_int (builder, "due_at", kase->due_at);
  desk_web_set_int (builder, "created_at", kase->created_at);
  desk_web_set_int (builder, "updated_at", kase->updated_at);
  desk_web_set_nick (builder, "resolution", DESK_TYPE_RESOLUTION, kase->resolution);
  desk_web_set_string (builder, "resolution_note", kase->resolution_note);
  json_builder_end_object (builder);
}

/* Cases by id, as an array; one gone meanwhile is left out. */
void
_desk_web_add_cases (JsonBuilder *builder,
                     DeskStore   *store,
                     GArray      *ids)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (DeskCase) kase = desk_store_get_case (store, g_array_index (ids, gint64, i), NULL);

      if (kase)
        _desk_web_add_case (builder, kase);
    }
  json_builder_end_array (builder);
}

static void
add_event (JsonBuilder   *builder,
           DeskCaseEvent *event)
{
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", event->id);
  desk_web_set_int (builder, "at", event->at);
  desk_web_set_id (builder, "actor_id", event->actor_id);
  desk_web_set_nick (builder, "kind", DESK_TYPE_CASE_EVENT_KIND, event->kind);
  desk_web_set_id (builder, "call_id", event->call_id);
  desk_web_set_id (builder, "chat_id", event->chat_id);
  desk_web_set_string (builder, "old_value", event->old_value);
  desk_web_set_string (builder, "new_value", event->new_value);
  desk_web_set_string (builder, "body", event->body);
  desk_web_set_bool (builder, "public", event->is_public);
  json_builder_end_object (builder);
}

static void
reply_case (DeskWebRequest *request,
            gint64          case_id,
            guint           status,
            gboolean        with_timeline)
{
  DeskStore *store = _desk_web_store (request->self);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = desk_store_get_case (store, case_id, &error);
  g_autoptr (GPtrArray) events = NULL;

  if (kase && with_timeline)
    events = desk_store_list_case_events (store, case_id, &error);
  if (kase == NULL || (with_timeline && events == NULL))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (!with_timeline)
    {
      _desk_web_add_case (builder, kase);
      desk_web_reply_builder (request->msg, status, builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "case");
  _desk_web_add_case (builder, kase);
  json_builder_set_member_name (builder, "timeline");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    add_event (builder, g_ptr_array_index (events, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, status, builder);
}

/* Whether the user may work from the call: theirs, ringing for them, or
 * anyone's for a supervisor. Replies 404 otherwise, as for a call that does
 * not exist: an operator learns nothing of colleagues' calls. */
static gboolean
may_use_call (DeskWebRequest *request)
{
  DeskCallFlow *flow = desk_office_get_call_flow (request->self->office);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_store_get_call (_desk_web_store (request->self), request->id,
                                                   &error);
  g_autoptr (GPtrArray) live = NULL;

  if (call == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return FALSE;
    }
  if (_desk_web_is_supervisor (request->user) || call->operator_id == request->user->id)
    return TRUE;
  live = flow ? desk_call_flow_list_calls (flow, request->user->id) : NULL;
  for (guint i = 0; live && i < live->len; i++)
    if (((DeskLiveCall *) g_ptr_array_index (live, i))->call_id == request->id)
      return TRUE;
  {
    g_autofree char *message = g_strdup_printf (_("You have no call %" PRId64),
                                                request->id);

    desk_web_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
  }
  return FALSE;
}

/* Whether the user may change the case: its owner, anyone while nobody
 * owns it, and supervisors always. */
static gboolean
may_change_case (DeskWebRequest *request,
                 DeskCase       *kase)
{
  if (_desk_web_is_supervisor (request->user) || kase->owner_id == 0 ||
      kase->owner_id == request->user->id)
    return TRUE;
  desk_web_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                        _("Only the case's owner or a supervisor may change it"));
  return FALSE;
}

static gboolean
read_nick (JsonObject  *body,
           const char  *member,
           GType        type,
           int         *value,
           GError     **error)
{
  const char *nick = NULL;

  if (!desk_web_member_string (body, member, FALSE, &nick, error))
    return FALSE;
  if (nick && !desk_enum_from_nick (type, nick, value, error))
    {
      g_prefix_error (error, "“%s”: ", member);
      return FALSE;
    }
  return TRUE;
}

/* POST /calls/{id}/cases {subject, description, category_id, priority,
 * client_id, owner_id}: a new case each time. */
static void
on_open_case (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew spec = { 0 };
  gint64 owner = request->user->id;
  int priority = DESK_PRIORITY_NORMAL;

  if (!may_use_call (request) || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_string (body, "subject", TRUE, &spec.subject, &error) ||
      !desk_web_member_string (body, "description", FALSE, &spec.description, &error) ||
      !desk_web_member_int (body, "category_id", FALSE, &spec.category_id, &error) ||
      !desk_web_member_int (body, "client_id", FALSE, &spec.client_id, &error) ||
      !desk_web_member_int (body, "owner_id", FALSE, &owner, &error) ||
      !read_nick (body, "priority", DESK_TYPE_PRIORITY, &priority, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (owner != request->user->id && owner != 0 && !_desk_web_is_supervisor (request->user))
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                            _("Only supervisors and the owner may give a case to someone else"));
      return;
    }
  spec.owner_id = owner;
  spec.priority = priority;
  spec.channel = DESK_CHANNEL_PHONE;
  kase = desk_office_open_case (request->self->office, request->user->id, request->id, &spec,
                                &error);
  if (kase == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, kase->id, SOUP_STATUS_CREATED, FALSE);
}

/* POST /calls/{id}/links {case_id} */
static void
on_link_call (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  gint64 case_id = 0;

  if (!may_use_call (request) || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_int (body, "case_id", TRUE, &case_id, &error) ||
      !desk_office_link_call (request->self->office, request->user->id, request->id, case_id,
                              &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, case_id, SOUP_STATUS_OK, FALSE);
}

/* POST /calls/{id}/not-a-case */
static void
on_not_a_case (DeskWebRequest *request)
{
  g_autoptr (GError) error = NULL;

  if (!may_use_call (request))
    return;
  if (!desk_office_mark_not_a_case (request->self->office, request->user->id, request->id,
                                    &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  _desk_web_reply_ok (request->msg);
}

/* POST /calls/{id}/scenario {scenario_id} */
static void
on_scenario (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  gint64 scenario_id = 0;

  if (!may_use_call (request) || (body = _desk_web_body (request)) == NULL)
    return;
  if (!desk_web_member_int (body, "scenario_id", TRUE, &scenario_id, &error) ||
      (kase = desk_office_run_scenario (request->self->office, request->user->id, request->id,
                                        scenario_id, &error)) == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, kase->id, SOUP_STATUS_CREATED, FALSE);
}

/* GET /cases?view=mine|overdue|open&limit=N: the lists of the agent
 * window. An operator's overdue view holds their own cases: the whole
 * office's overdue work is the supervisors' to share out. */
static void
on_list_cases (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  const char *view_name = request->query ? g_hash_table_lookup (request->query, "view") : NULL;
  gint64 limit = _desk_web_query_id (request, "limit");
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  DeskCaseView view;
  gint64 user_id = request->user->id;

  if (limit < 0)
    return;
  if (g_strcmp0 (view_name, "mine") == 0)
    view = DESK_CASE_VIEW_MINE;
  else if (g_strcmp0 (view_name, "overdue") == 0)
    view = DESK_CASE_VIEW_OVERDUE;
  else if (g_strcmp0 (view_name, "open") == 0)
    view = DESK_CASE_VIEW_OPEN;
  else
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                            _("“view” is “mine”, “overdue” or “open”"));
      return;
    }
  if (limit > MAX_LIST)
    {
      g_autofree char *message = g_strdup_printf (_("“limit” is at most %d"), MAX_LIST);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return;
    }
  if (view == DESK_CASE_VIEW_OVERDUE && _desk_web_is_supervisor (request->user))
    user_id = 0;
  ids = desk_store_list_case_view (store, view, user_id, limit ? (guint) limit : DEFAULT_LIST,
                                   &error);
  if (ids == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cases");
  _desk_web_add_cases (builder, store, ids);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* GET /cases/{id}: the case and its timeline */
static void
on_get_case (DeskWebRequest *request)
{
  reply_case (request, request->id, SOUP_STATUS_OK, TRUE);
}

static gboolean
change_case (DeskWebRequest  *request,
             DeskCase        *kase,
             JsonObject      *body,
             GError         **error)
{
  DeskStore *store = _desk_web_store (request->self);
  gint64 actor = request->user->id;
  int status = -1, resolution = DESK_RESOLUTION_NONE, priority = -1;
  const char *note = NULL;
  gint64 owner = -1;
  JsonNode *owner_node = json_object_get_member (body, "owner");

  if (!read_nick (body, "status", DESK_TYPE_CASE_STATUS, &status, error) ||
      !read_nick (body, "resolution", DESK_TYPE_RESOLUTION, &resolution, error) ||
      !read_nick (body, "priority", DESK_TYPE_PRIORITY, &priority, error) ||
      !desk_web_member_string (body, "note", FALSE, &note, error))
    return FALSE;
  /* "owner": a user id, or null to give the case back to the pool. */
  if (owner_node && JSON_NODE_HOLDS_NULL (owner_node))
    owner = 0;
  else if (!desk_web_member_int (body, "owner", FALSE, &owner, error))
    return FALSE;
  if (status < 0 && priority < 0 && owner < 0 && note == NULL)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("Change at least one of “status”, “priority”, “owner”"));
      return FALSE;
    }
  if (owner > 0 && owner != actor && !_desk_web_is_supervisor (request->user) &&
      kase->owner_id != actor)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_FORBIDDEN,
                           _("Only supervisors and the owner may give a case to someone else"));
      return FALSE;
    }

  if (owner >= 0 && owner != kase->owner_id &&
      !desk_store_assign_case (store, actor, kase->id, owner, error))
    return FALSE;
  if (priority >= 0 && priority != (int) kase->priority &&
      !desk_store_set_case_priority (store, actor, kase->id, priority, error))
    return FALSE;
  if (status >= 0)
    return desk_store_set_case_status (store, actor, kase->id, status, resolution, note, error);
  /* A note without a change of status is a comment of the staff's. */
  if (note)
    return desk_store_add_case_note (store, actor, kase->id, DESK_CASE_EVENT_NOTE, note, FALSE,
                                     error);
  return TRUE;
}

/* PATCH /cases/{id} {status, resolution, note, owner, priority}: all or
 * nothing. */
static void
on_change_case (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;

  if (body == NULL)
    return;
  kase = desk_store_get_case (store, request->id, &error);
  if (kase == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (!may_change_case (request, kase))
    return;
  if (!desk_store_begin (store, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (!change_case (request, kase, body, &error) || !desk_store_commit (store, &error))
    {
      desk_store_rollback (store);
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, request->id, SOUP_STATUS_OK, FALSE);
}

/* POST /cases/{id}/comments {body, public} */
static void
on_comment (DeskWebRequest *request)
{
  g_autoptr (JsonObject) body = _desk_web_body (request);
  g_autoptr (GError) error = NULL;
  const char *text = NULL;
  gboolean is_public = FALSE;

  if (body == NULL)
    return;
  if (!desk_web_member_string (body, "body", TRUE, &text, &error) ||
      !desk_web_member_bool (body, "public", FALSE, &is_public, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  if (strlen (text) > MAX_COMMENT)
    {
      g_autofree char *message = g_strdup_printf (_("A comment is at most %d KiB"),
                                                  MAX_COMMENT / 1024);

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return;
    }
  if (!desk_store_add_case_note (_desk_web_store (request->self), request->user->id, request->id,
                                 DESK_CASE_EVENT_NOTE, text, is_public, &error))
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  reply_case (request, request->id, SOUP_STATUS_CREATED, TRUE);
}

const DeskWebRoute _desk_web_case_routes[] = {
  { "POST", "/calls/{id}/cases", DESK_ROLE_OPERATOR, on_open_case },
  { "POST", "/calls/{id}/links", DESK_ROLE_OPERATOR, on_link_call },
  { "POST", "/calls/{id}/not-a-case", DESK_ROLE_OPERATOR, on_not_a_case },
  { "POST", "/calls/{id}/scenario", DESK_ROLE_OPERATOR, on_scenario },
  { "GET", "/cases", DESK_ROLE_OPERATOR, on_list_cases },
  { "GET", "/cases/{id}", DESK_ROLE_OPERATOR, on_get_case },
  { "PATCH", "/cases/{id}", DESK_ROLE_OPERATOR, on_change_case },
  { "POST", "/cases/{id}/comments", DESK_ROLE_OPERATOR, on_comment },
  { NULL }
};
