/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-dashboard"

#include "config.h"

#include "desk-i18n.h"
#include "desk-web-dashboard-private.h"
#include "desk-web-dashboard-resources.h"
#include "desk-error.h"

/*
 * The dashboard for the owner and supervisors.
 *
 * `/dashboard/` is a static page (HTML, CSS, JS from GResources) that
 * holds no figures: it logs in through `POST /api/v1/login`, keeps the
 * session token in sessionStorage (gone with the tab), and reads
 * `GET /api/v1/dashboard` with the token in the Authorization header. The
 * live stream `/api/v1/dashboard/live` takes the token as a WebSocket
 * subprotocol, since browsers cannot set headers there; the token never
 * travels in a URL, which servers and proxies log. Both need a supervisor
 * or the owner: an operator gets 403.
 *
 * The figures are desk_kpi_compute()'s: today from local midnight, the
 * store's records joined with the call flow's snapshot.
 */

#define DASHBOARD_DATA "desk-web-dashboard"
#define PAGE_PREFIX "/dashboard"
#define RESOURCE_PREFIX "/io/github/frontdesk/web/dashboard/"

/* The page runs only its own script and style, talks only to its own
 * server, and is framed by nobody. */
#define CSP_BASE \
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; connect-src 'self'"

typedef struct
{
  const char *name;
  const char *type;
} PageFile;

static const PageFile page_files[] = {
  { "index.html", "text/html; charset=utf-8" },
  { "dashboard.css", "text/css; charset=utf-8" },
  { "dashboard.js", "text/javascript; charset=utf-8" },
};

/* JSON */

/* A share or an average that may not exist yet: null then, not a
 * misleading 0. */
static void
set_share (JsonBuilder *builder,
           const char  *member,
           double       value)
{
  json_builder_set_member_name (builder, member);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
set_ms (JsonBuilder *builder,
        const char  *member,
        gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static void
add_queue (JsonBuilder        *builder,
           const DeskKpiQueue *queue)
{
  json_builder_begin_object (builder);
  if (queue->queue_id)
    {
      desk_web_set_int (builder, "id", queue->queue_id);
      desk_web_set_string (builder, "name", queue->name);
      desk_web_set_int (builder, "service_level_seconds", queue->service_level_seconds);
    }
  desk_web_set_int (builder, "calls_waiting", queue->calls_waiting);
  desk_web_set_int (builder, "chats_waiting", queue->chats_waiting);
  desk_web_set_int (builder, "callbacks", queue->callbacks);
  desk_web_set_int (builder, "longest_wait_ms", queue->longest_wait_ms);
  desk_web_set_int (builder, "offered", queue->offered);
  desk_web_set_int (builder, "answered", queue->answered);
  desk_web_set_int (builder, "answered_in_sl", queue->answered_in_sl);
  desk_web_set_int (builder, "abandoned", queue->abandoned);
  desk_web_set_int (builder, "short_abandoned", queue->short_abandoned);
  set_share (builder, "service_level", queue->service_level);
  set_share (builder, "abandon_rate", queue->abandon_rate);
  set_ms (builder, "aht_ms", queue->aht_ms);
  set_ms (builder, "chat_aht_ms", queue->chat_aht_ms);
  set_ms (builder, "asa_ms", queue->asa_ms);
  json_builder_end_object (builder);
}

static void
add_figures (JsonBuilder   *builder,
             const DeskKpi *kpi)
{
  desk_web_set_int (builder, "now", kpi->now);
  desk_web_set_int (builder, "day_start", kpi->day_start);
  desk_web_set_int (builder, "short_abandon_seconds", kpi->short_abandon_seconds);
  json_builder_set_member_name (builder, "total");
  add_queue (builder, &kpi->total);

  json_builder_set_member_name (builder, "queues");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kpi->queues->len; i++)
    add_queue (builder, g_ptr_array_index (kpi->queues, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "hours");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kpi->hours->len; i++)
    {
      const DeskKpiHour *hour = &g_array_index (kpi->hours, DeskKpiHour, i);

      json_builder_begin_object (builder);
      desk_web_set_int (builder, "start", hour->start);
      desk_web_set_int (builder, "hour", hour->hour);
      desk_web_set_int (builder, "calls", hour->calls);
      desk_web_set_int (builder, "chats", hour->chats);
      desk_web_set_int (builder, "answered", hour->answered);
      desk_web_set_int (builder, "abandoned", hour->abandoned);
      set_share (builder, "service_level", hour->service_level);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "operators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kpi->operators->len; i++)
    {
      const DeskKpiOperator *op = g_ptr_array_index (kpi->operators, i);

      json_builder_begin_object (builder);
      desk_web_set_int (builder, "id", op->user_id);
      desk_web_set_string (builder, "name", op->name);
      desk_web_set_string (builder, "login", op->login);
      desk_web_set_nick (builder, "state", DESK_TYPE_AGENT_STATE, op->state);
      json_builder_set_member_name (builder, "since");
      if (op->since > 0)
        json_builder_add_int_value (builder, op->since);
      else
        json_builder_add_null_value (builder);
      desk_web_set_int (builder, "contacts_now", op->contacts_now);
      desk_web_set_int (builder, "phones", op->phones);
      desk_web_set_int (builder, "handled", op->handled);
      set_ms (builder, "aht_ms", op->aht_ms);
      desk_web_set_int (builder, "overdue_cases", op->overdue_cases);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
_desk_dashboard_figures (DeskDashboard *dashboard,
                         const char    *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskFlowSnapshot) snapshot = NULL;
  g_autoptr (DeskKpi) kpi = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree char *name = desk_office_dup_name (dashboard->office);
  DeskCallFlow *flow = desk_office_get_call_flow (dashboard->office);

  if (flow != NULL)
    snapshot = desk_call_flow_snapshot (flow);
  kpi = desk_kpi_compute (desk_office_get_store (dashboard->office), snapshot,
                          g_get_real_time () / G_USEC_PER_SEC, &error);
  if (kpi == NULL)
    {
      g_warning ("The dashboard's figures could not be made: %s", error->message);
      return NULL;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  if (reason != NULL)
    {
      desk_web_set_string (builder, "type", "figures");
      desk_web_set_string (builder, "reason", reason);
    }
  desk_web_set_string (builder, "office", name);
  desk_web_set_bool (builder, "telephony", flow != NULL);
  add_figures (builder, kpi);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* GET /api/v1/dashboard */

static void
on_figures (DeskWebRequest *request)
{
  DeskDashboard *dashboard = g_object_get_data (G_OBJECT (request->self), DASHBOARD_DATA);
  g_autoptr (JsonNode) node = _desk_dashboard_figures (dashboard, NULL);

  if (node == NULL)
    {
      desk_web_reply_error (request->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                            _("The figures could not be read; try again in a moment"));
      return;
    }
  desk_web_reply_json (request->msg, SOUP_STATUS_OK, node);
}

static const DeskWebRoute dashboard_routes[] = {
  { "GET", "/dashboard", DESK_ROLE_SUPERVISOR, on_figures },
  { NULL }
};

/* The page */

/* connect-src 'self' does not cover ws: in every browser yet: name the
 * page's own host for WebSockets, when its Host header is a plain one. */
static char *
page_csp (SoupServerMessage *msg)
{
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Host");

  if (host == NULL || *host == '\0' || strlen (host) > 255 ||
      strspn (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
      strlen (host))
    return g_strdup (CSP_BASE);
  return g_strdup_printf (CSP_BASE " ws://%s wss://%s", host, host);
}

static void
on_page (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *name = path + strlen (PAGE_PREFIX);
  const PageFile *file = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *csp = NULL;

  if (g_str_equal (name, ""))
    {
      /* Relative links in the page need the slash. */
      soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, PAGE_PREFIX "/");
      return;
    }
  name++;
  if (*name == '\0')
    name = "index.html";
  for (guint i = 0; i < G_N_ELEMENTS (page_files); i++)
    if (g_str_equal (name, page_files[i].name))
      file = &page_files[i];
  if (file == NULL)
    {
      desk_web_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing here"));
      return;
    }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (headers, "Allow", "GET, HEAD");
      desk_web_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", _("Use GET here"));
      return;
    }
  resource = g_strconcat (RESOURCE_PREFIX, file->name, NULL);
  bytes = g_resource_lookup_data (desk_web_dashboard_get_resource (), resource,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_return_if_fail (bytes != NULL);

  csp = page_csp (msg);
  soup_message_headers_replace (headers, "Content-Security-Policy", csp);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Cross-Origin-Opener-Policy", "same-origin");
  soup_message_headers_replace (headers, "Cross-Origin-Resource-Policy", "same-origin");
  /* A new version's page and script must arrive together. */
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, file->type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
dashboard_free (gpointer data)
{
  DeskDashboard *dashboard = data;

  _desk_dashboard_live_free (dashboard);
  g_clear_object (&dashboard->office);
  g_free (dashboard);
}

void
_desk_web_dashboard_init (DeskWebServer *self)
{
  static gsize registered = 0;
  DeskDashboard *dashboard = g_new0 (DeskDashboard, 1);

  if (g_once_init_enter (&registered))
    {
      desk_web_dashboard_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  dashboard->server = self;
  dashboard->office = g_object_ref (self->office);
  g_object_set_data_full (G_OBJECT (self), DASHBOARD_DATA, dashboard, dashboard_free);

  for (const DeskWebRoute *route = dashboard_routes; route->method; route++)
    g_ptr_array_add (self->routes, (gpointer) route);
  soup_server_add_handler (self->server, PAGE_PREFIX, on_page, dashboard, NULL);
  _desk_dashboard_live_init (dashboard);
}
