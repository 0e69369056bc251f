/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-api-directory"

#include "desk-i18n.h"
#include "desk-web-private.h"
#include "desk-error.h"

#include <inttypes.h>

/*
 * The office as the agent window lists it beside a contact: who is free to
 * take a transfer and how long the queues are (the directory), the case
 * categories and scenario buttons to open cases with, and the canned
 * answers. Every operator may read all of it: none of it is anybody's
 * private work.
 *
 * Lists carry a "nick" besides the id: a stable, ASCII name made from the
 * office's own (Cyrillic) one, for scripts and for the window's CSS and
 * tests to find an entry by.
 */

#define MAX_QUERY 200
#define CANNED_LIMIT 50

/* "Підтримка" → "pidtrymka"; @fallback-@id when nothing ASCII is left. */
static char *
make_nick (const char *name,
           const char *fallback,
           gint64      id)
{
  /* A fixed locale: the nick must not change with the server's. */
  g_autofree char *ascii = g_str_to_ascii (name ? name : "", "uk");
  GString *nick = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (nick, g_ascii_tolower (*p));
      else if (nick->len > 0 && nick->str[nick->len - 1] != '-')
        g_string_append_c (nick, '-');
    }
  while (nick->len > 0 && nick->str[nick->len - 1] == '-')
    g_string_truncate (nick, nick->len - 1);
  if (nick->len == 0)
    g_string_append_printf (nick, "%s-%" PRId64, fallback, id);
  return g_string_free (nick, FALSE);
}

static void
set_nick (JsonBuilder *builder,
          const char  *name,
          const char  *fallback,
          gint64       id)
{
  g_autofree char *nick = make_nick (name, fallback, id);

  desk_web_set_string (builder, "nick", nick);
}

/* The directory's words for a state: what a colleague needs to know of
 * it, not how the flow counts it. */
static const char *
directory_state (DeskAgentState state)
{
  switch (state)
    {
    case DESK_AGENT_STATE_AVAILABLE:
      return "available";
    case DESK_AGENT_STATE_ON_CONTACT:
      return "busy";
    case DESK_AGENT_STATE_WRAP_UP:
      return "wrapup";
    case DESK_AGENT_STATE_BREAK:
      return "break";
    case DESK_AGENT_STATE_OFFLINE:
    default:
      return "offline";
    }
}

/* Talking, on hold or dialling: a call ringing for them is not one yet. */
static gboolean
is_on_call (DeskCallFlow *flow,
            gint64        user_id)
{
  g_autoptr (GPtrArray) calls = flow ? desk_call_flow_list_calls (flow, user_id) : NULL;

  for (guint i = 0; calls && i < calls->len; i++)
    if (!g_str_equal (((DeskLiveCall *) g_ptr_array_index (calls, i))->state,
                      DESK_LIVE_CALL_RINGING))
      return TRUE;
  return FALSE;
}

static void
add_operator (JsonBuilder  *builder,
              DeskCallFlow *flow,
              DeskUser     *user)
{
  DeskAgentState state = flow ? desk_call_flow_get_agent_state (flow, user->id) :
                         DESK_AGENT_STATE_OFFLINE;
  g_autofree char *reason = flow ? desk_call_flow_dup_agent_reason (flow, user->id) : NULL;

  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", user->id);
  desk_web_set_string (builder, "login", user->login);
  desk_web_set_string (builder, "name", user->display_name);
  desk_web_set_string (builder, "state", directory_state (state));
  desk_web_set_string (builder, "reason", reason);
  desk_web_set_bool (builder, "on_call", is_on_call (flow, user->id));
  json_builder_end_object (builder);
}

static void
add_queue (JsonBuilder      *builder,
           DeskCallFlow     *flow,
           DeskQueueInfo    *queue,
           DeskFlowSnapshot *snapshot)
{
  guint waiting = 0, available = 0;

  for (guint i = 0; snapshot && i < snapshot->queues->len; i++)
    {
      DeskQueueNow *now = &g_array_index (snapshot->queues, DeskQueueNow, i);

      if (now->queue_id == queue->id)
        waiting = now->calls_waiting + now->chats_waiting;
    }
  for (guint i = 0; flow && i < queue->members->len; i++)
    {
      DeskQueueMember *member = &g_array_index (queue->members, DeskQueueMember, i);

      if (desk_call_flow_get_agent_state (flow, member->user_id) == DESK_AGENT_STATE_AVAILABLE)
        available++;
    }
  json_builder_begin_object (builder);
  desk_web_set_int (builder, "id", queue->id);
  set_nick (builder, queue->name, "queue", queue->id);
  desk_web_set_string (builder, "name", queue->name);
  desk_web_set_int (builder, "waiting", waiting);
  desk_web_set_int (builder, "available_operators", available);
  json_builder_end_object (builder);
}

/* GET /directory: the colleagues who have a phone (anyone a call can be
 * transferred to) and the queues. */
static void
on_directory (DeskWebRequest *request)
{
  DeskStore *store = _desk_web_store (request->self);
  DeskCallFlow *flow = desk_office_get_call_flow (request->self->office);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) users = desk_store_list_users (store, &error);
  g_autoptr (GPtrArray) queues = users ? desk_store_list_queues (store, &error) : NULL;
  g_autoptr (DeskFlowSnapshot) snapshot = flow ? desk_call_flow_snapshot (flow) : NULL;

  if (queues == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      DeskUser *user = g_ptr_array_index (users, i);

      if (user->active && user->sip_user != NULL)
        add_operator (builder, flow, user);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "queues");
  json_builder_begin_array (builder);
  for (guint i = 0; i < queues->len; i++)
    add_queue (builder, flow, g_ptr_array_index (queues, i), snapshot);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* GET /case-categories */
static void
on_categories (DeskWebRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) categories = desk_store_list_categories (_desk_web_store (request->self),
                                                                 &error);

  if (categories == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < categories->len; i++)
    {
      DeskCategoryInfo *category = g_ptr_array_index (categories, i);

      json_builder_begin_object (builder);
      desk_web_set_int (builder, "id", category->id);
      set_nick (builder, category->name, "category", category->id);
      desk_web_set_string (builder, "name", category->name);
      /* The store keeps hours; the window shows due times to the minute. */
      desk_web_set_int (builder, "sla_minutes", (gint64) category->sla_hours * 60);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* GET /scenarios */
static void
on_scenarios (DeskWebRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) scenarios = desk_store_list_scenarios (_desk_web_store (request->self),
                                                               &error);

  if (scenarios == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < scenarios->len; i++)
    {
      DeskScenario *scenario = g_ptr_array_index (scenarios, i);

      json_builder_begin_object (builder);
      desk_web_set_int (builder, "id", scenario->id);
      set_nick (builder, scenario->label, "scenario", scenario->id);
      desk_web_set_string (builder, "name", scenario->label);
      desk_web_set_id (builder, "category_id", scenario->category_id);
      desk_web_set_string (builder, "subject", scenario->subject);
      desk_web_set_nick (builder, "priority", DESK_TYPE_PRIORITY, scenario->priority);
      desk_web_set_bool (builder, "resolve_at_once", scenario->resolve_at_once);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* GET /canned[?q=] */
static void
on_canned (DeskWebRequest *request)
{
  const char *q = request->query ? g_hash_table_lookup (request->query, "q") : NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) answers = NULL;

  if (q && (strlen (q) > MAX_QUERY || !g_utf8_validate (q, -1, NULL)))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is too long or not text"), "q");

      desk_web_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "invalid", message);
      return;
    }
  answers = desk_store_list_canned_answers (_desk_web_store (request->self), q, CANNED_LIMIT,
                                            &error);
  if (answers == NULL)
    {
      desk_web_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < answers->len; i++)
    {
      DeskCannedAnswerInfo *answer = g_ptr_array_index (answers, i);

      json_builder_begin_object (builder);
      desk_web_set_int (builder, "id", answer->id);
      desk_web_set_string (builder, "title", answer->title);
      desk_web_set_string (builder, "body", answer->body);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  desk_web_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

const DeskWebRoute _desk_web_directory_routes[] = {
  { "GET", "/directory", DESK_ROLE_OPERATOR, on_directory },
  { "GET", "/case-categories", DESK_ROLE_OPERATOR, on_categories },
  { "GET", "/scenarios", DESK_ROLE_OPERATOR, on_scenarios },
  { "GET", "/canned", DESK_ROLE_OPERATOR, on_canned },
  { NULL }
};
