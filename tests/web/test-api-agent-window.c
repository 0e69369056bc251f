/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-api-common.h"

#include "desk-error.h"
#include "desk-demo.h"
#include "pbx-test-common.h"

/* What the agent window reads besides the calls: the directory, the
 * catalogue, lists of cases, a new client, canned answers, portal requests
 * in the inbox, and its own state on the event stream. The office is real
 * (store on disk, telephony on 127.0.0.1); a wrap-up comes from a real call
 * between baresip phones, the demo office from a real `frontdesk` process. */

static char *
path_for (const char *format,
          gint64      id)
{
  return g_strdup_printf (format, id);
}

static JsonArray *
array_of (ApiReply   *reply,
          const char *member)
{
  JsonObject *object = api_object (reply);

  g_assert_true (json_object_has_member (object, member));
  return json_object_get_array_member (object, member);
}

/* The element of @array whose @member is @value, or NULL. */
static JsonObject *
find_in (JsonArray  *array,
         const char *member,
         gint64      value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (json_object_get_int_member (item, member) == value)
        return item;
    }
  return NULL;
}

static JsonObject *
find_named (JsonArray  *array,
            const char *member,
            const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (item, member), value) == 0)
        return item;
    }
  return NULL;
}

static ApiReply *
checked_call (ApiFixture *f,
              const char *method,
              const char *path,
              const char *token,
              const char *body,
              guint       status)
{
  ApiReply *reply = api_call (f, method, path, token, body);

  api_assert (reply, status, status >= 400 ? "invalid" : NULL);
  return reply;
}

/* The event stream, as the agent window holds it */

typedef struct
{
  SoupWebsocketConnection *conn;
  GPtrArray *events;      /* JsonObject */
  gboolean connecting;
} Listener;

static void
on_event (SoupWebsocketConnection *conn,
          gint                     type,
          GBytes                  *message,
          gpointer                 data)
{
  Listener *listener = data;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *text = g_bytes_get_data (message, &size);

  g_assert_true (json_parser_load_from_data (parser, text, (gssize) size, NULL));
  g_test_message ("event: %.*s", (int) size, text);
  g_ptr_array_add (listener->events,
                   json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

static void
on_listening (GObject      *session,
              GAsyncResult *result,
              gpointer      data)
{
  Listener *listener = data;
  g_autoptr (GError) error = NULL;

  listener->conn = soup_session_websocket_connect_finish (SOUP_SESSION (session), result, &error);
  g_assert_no_error (error);
  g_signal_connect (listener->conn, "message", G_CALLBACK (on_event), listener);
  listener->connecting = FALSE;
}

static gboolean
is_connected (gpointer data)
{
  return !((Listener *) data)->connecting;
}

static Listener *
listen_as (ApiFixture *f,
           const char *token)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/events?token=%s", f->base, token);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);
  Listener *listener = g_new0 (Listener, 1);

  listener->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  listener->connecting = TRUE;
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_listening, listener);
  g_assert_true (desk_test_wait_until (is_connected, listener, 20000));
  return listener;
}

static void
listener_free (Listener *listener)
{
  g_signal_handlers_disconnect_by_data (listener->conn, listener);
  if (soup_websocket_connection_get_state (listener->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (listener->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (listener->conn);
  g_ptr_array_unref (listener->events);
  g_free (listener);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listener, listener_free)

typedef struct
{
  Listener *listener;
  const char *type;
  guint from;
  JsonObject *found;
} Awaited;

static gboolean
has_event (gpointer data)
{
  Awaited *awaited = data;

  for (guint i = awaited->from; i < awaited->listener->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (awaited->listener->events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "type"), awaited->type) == 0)
        {
          awaited->found = event;
          return TRUE;
        }
    }
  return FALSE;
}

/* The first event of @type at index @from or later, waiting up to
 * @timeout_ms; NULL if none came. */
static JsonObject *
next_event (Listener   *listener,
            const char *type,
            guint       from,
            guint       timeout_ms)
{
  Awaited awaited = { listener, type, from, NULL };

  desk_test_wait_until (has_event, &awaited, timeout_ms);
  return awaited.found;
}

static guint
event_index (Listener   *listener,
             JsonObject *event)
{
  guint index = 0;

  g_assert_true (g_ptr_array_find (listener->events, event, &index));
  return index;
}

static void
set_state (ApiFixture *f,
           const char *token,
           const char *body)
{
  g_autoptr (ApiReply) reply = checked_call (f, "PUT", "/api/v1/me/state", token, body, 200);
}

/* The directory */

static gint64
add_queue (ApiFixture *f,
           const char *name,
           int         wrapup_seconds)
{
  g_autoptr (GError) error = NULL;
  DeskQueue queue = {
    .name = name, .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE, .skill_relax_seconds = 30,
    .sticky_days = 30, .max_wait_seconds = 600, .max_length = 20,
    .wrapup_seconds = wrapup_seconds, .service_level_seconds = 20, .callback_digit = "3",
    .chat_weight = 0.5,
  };
  gint64 id = desk_store_add_queue (f->store, &queue, &error);

  g_assert_no_error (error);
  g_assert_true (desk_store_add_queue_member (f->store, id, f->op1, 0, &error));
  g_assert_true (desk_store_add_queue_member (f->store, id, f->op2, 0, &error));
  g_assert_true (desk_call_flow_reload (desk_office_get_call_flow (f->office), &error));
  g_assert_no_error (error);
  return id;
}

static void
test_directory (ApiFixture *f, gconstpointer data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *op2 = api_login (f, "op2");
  gint64 queue = add_queue (f, "Підтримка", 30);
  JsonArray *operators, *queues;
  JsonObject *me, *support;

  {
    g_autoptr (ApiReply) r = api_call (f, "GET", "/api/v1/directory", NULL, NULL);
    api_assert (r, 401, "auth");
  }
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/directory", op2, NULL, 200);

    operators = array_of (r, "operators");
    /* those with a phone, whom a call can go to: not the owner, not the clerk */
    g_assert_cmpuint (json_array_get_length (operators), ==, 3);
    g_assert_null (find_in (operators, "id", f->owner));
    g_assert_null (find_in (operators, "id", f->clerk));
    me = find_in (operators, "id", f->op1);
    g_assert_nonnull (me);
    g_assert_cmpstr (api_str (me, "login"), ==, "op1");
    g_assert_cmpstr (api_str (me, "state"), ==, "offline");
    g_assert_true (json_object_get_null_member (me, "reason"));
    g_assert_false (json_object_get_boolean_member (me, "on_call"));
    support = find_in (array_of (r, "queues"), "id", queue);
    g_assert_nonnull (support);
    g_assert_cmpstr (api_str (support, "nick"), ==, "pidtrymka");
    g_assert_cmpstr (api_str (support, "name"), ==, "Підтримка");
    g_assert_cmpint (api_int (support, "waiting"), ==, 0);
    g_assert_cmpint (api_int (support, "available_operators"), ==, 0);
  }

  set_state (f, op1, "{\"state\": \"available\"}");
  set_state (f, op2, "{\"state\": \"break\", \"reason\": \"обід\"}");
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/directory", op1, NULL, 200);

    operators = array_of (r, "operators");
    queues = array_of (r, "queues");
    g_assert_cmpstr (api_str (find_in (operators, "id", f->op1), "state"), ==, "available");
    me = find_in (operators, "id", f->op2);
    g_assert_cmpstr (api_str (me, "state"), ==, "break");
    g_assert_cmpstr (api_str (me, "reason"), ==, "обід");
    g_assert_cmpint (api_int (find_in (queues, "id", queue), "available_operators"), ==, 1);
  }
}

static void
test_catalogue (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = api_login (f, "op1");
  gint64 internal = desk_store_add_category (f->store, "!!!", 4, 0, &error);
  g_autofree char *fallback = NULL;
  JsonObject *category, *scenario;

  g_assert_no_error (error);
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/case-categories", token, NULL, 200);
    JsonArray *all = json_node_get_array (r->root);

    g_assert_cmpuint (json_array_get_length (all), ==, 2);
    category = find_in (all, "id", f->category);
    g_assert_cmpstr (api_str (category, "name"), ==, "Інтернет");
    g_assert_cmpstr (api_str (category, "nick"), ==, "internet");
    g_assert_cmpint (api_int (category, "sla_minutes"), ==, 24 * 60);
    /* a name with nothing to spell in ASCII still gets a nick */
    category = find_in (all, "id", internal);
    fallback = g_strdup_printf ("category-%" G_GINT64_FORMAT, internal);
    g_assert_cmpstr (api_str (category, "nick"), ==, fallback);
    g_assert_cmpint (api_int (category, "sla_minutes"), ==, 4 * 60);
  }
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/scenarios", token, NULL, 200);
    JsonArray *all = json_node_get_array (r->root);

    g_assert_cmpuint (json_array_get_length (all), ==, 1);
    scenario = find_in (all, "id", f->scenario);
    g_assert_cmpstr (api_str (scenario, "name"), ==, "Баланс");
    g_assert_cmpstr (api_str (scenario, "nick"), ==, "balans");
    g_assert_cmpint (api_int (scenario, "category_id"), ==, f->category);
    g_assert_cmpstr (api_str (scenario, "subject"), ==, "Запит балансу");
    g_assert_cmpstr (api_str (scenario, "priority"), ==, "low");
  }
}

/* Lists of cases */

static gint64
case_created_at (ApiFixture *f,
                 gint64      owner,
                 const char *subject,
                 gint64      at)
{
  g_autoptr (GError) error = NULL;
  DeskCaseNew spec = { .category_id = f->category, .subject = subject,
                       .priority = DESK_PRIORITY_NORMAL, .owner_id = owner,
                       .channel = DESK_CHANNEL_PHONE };
  g_autoptr (DeskCase) kase = NULL;

  desk_store_set_clock (f->store, at);
  kase = desk_store_create_case (f->store, owner, &spec, &error);
  desk_store_set_clock (f->store, 0);
  g_assert_no_error (error);
  return kase->id;
}

/* The replies stay in @keep as long as what is read from them. */
static JsonArray *
case_list (ApiFixture *f,
           const char *token,
           const char *query,
           GPtrArray  *keep)
{
  g_autofree char *path = g_strconcat ("/api/v1/cases?", query, NULL);

  ApiReply *reply = checked_call (f, "GET", path, token, NULL, 200);

  g_ptr_array_add (keep, reply);
  return array_of (reply, "cases");
}

static void
test_case_views (ApiFixture *f, gconstpointer data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *super = api_login (f, "super");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  /* the category's SLA is a day: two days old is overdue */
  gint64 late1 = case_created_at (f, f->op1, "Прострочене op1", now - 2 * 86400);
  gint64 late2 = case_created_at (f, f->op2, "Прострочене op2", now - 3 * 86400);
  gint64 fresh = case_created_at (f, 0, "Нове нічиє", now + 5);
  g_autoptr (GPtrArray) r = g_ptr_array_new_with_free_func ((GDestroyNotify) api_reply_free);
  JsonArray *cases;

  cases = case_list (f, op1, "view=mine", r);
  g_assert_cmpuint (json_array_get_length (cases), ==, 2);
  g_assert_nonnull (find_in (cases, "id", f->case1));
  g_assert_nonnull (find_in (cases, "id", late1));
  /* the same case object as GET /cases/{id} */
  g_assert_cmpstr (api_str (find_in (cases, "id", late1), "subject"), ==, "Прострочене op1");
  g_assert_true (json_object_has_member (find_in (cases, "id", late1), "due_at"));

  cases = case_list (f, op1, "view=overdue", r);
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  g_assert_cmpint (api_int (json_array_get_object_element (cases, 0), "id"), ==, late1);
  /* a supervisor sees the whole office's, most overdue first */
  cases = case_list (f, super, "view=overdue", r);
  g_assert_cmpuint (json_array_get_length (cases), ==, 2);
  g_assert_cmpint (api_int (json_array_get_object_element (cases, 0), "id"), ==, late2);
  g_assert_cmpint (api_int (json_array_get_object_element (cases, 1), "id"), ==, late1);

  cases = case_list (f, op1, "view=open", r);
  g_assert_cmpuint (json_array_get_length (cases), ==, 5);
  g_assert_cmpint (api_int (json_array_get_object_element (cases, 0), "id"), ==, fresh);
  g_assert_cmpint (api_int (json_array_get_object_element (cases, 4), "id"), ==, late2);
  cases = case_list (f, op1, "view=open&limit=2", r);
  g_assert_cmpuint (json_array_get_length (cases), ==, 2);

  /* resolved: no longer overdue, still mine; closed: gone from both */
  {
    g_autofree char *path = path_for ("/api/v1/cases/%" G_GINT64_FORMAT, late1);
    g_autoptr (ApiReply) resolved = checked_call (f, "PATCH", path, op1,
      "{\"status\": \"resolved\", \"resolution\": \"solved\"}", 200);

    cases = case_list (f, op1, "view=overdue", r);
    g_assert_cmpuint (json_array_get_length (cases), ==, 0);
    cases = case_list (f, op1, "view=mine", r);
    g_assert_nonnull (find_in (cases, "id", late1));
    {
      g_autoptr (ApiReply) closed = checked_call (f, "PATCH", path, op1,
                                                  "{\"status\": \"closed\"}", 200);
    }
    cases = case_list (f, op1, "view=mine", r);
    g_assert_null (find_in (cases, "id", late1));
    cases = case_list (f, op1, "view=open", r);
    g_assert_null (find_in (cases, "id", late1));
  }

  {
    const char *bad[] = { "/api/v1/cases", "/api/v1/cases?view=all", "/api/v1/cases?view=mine&limit=x",
                          "/api/v1/cases?view=mine&limit=-1", "/api/v1/cases?view=open&limit=501" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr (ApiReply) refused = api_call (f, "GET", bad[i], op1, NULL);
        api_assert (refused, 400, "invalid");
      }
  }
}

/* A new client */

static void
test_new_client (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autoptr (ApiReply) made = checked_call (f, "POST", "/api/v1/clients", token,
    "{\"name\": \"  ТОВ Вишня  \", \"kind\": \"organisation\","
    " \"phones\": [\"050 111 22 44\", \"+380501112244\", {\"number\": \"0671112233\", \"label\": \"офіс\"}],"
    " \"emails\": [\"info@vyshnia.ua\", \"INFO@vyshnia.ua\"],"
    " \"assets\": [{\"kind\": \"contract\", \"value\": \"K-77\"},"
    "              {\"kind\": \"contract\", \"identifier\": \"K-77\"}, {\"value\": \"SN-1\"}],"
    " \"note\": \"Постачальник\"}", 201);
  JsonObject *client = api_object (made);
  JsonArray *phones = json_object_get_array_member (client, "phones");
  JsonArray *assets = json_object_get_array_member (client, "assets");
  gint64 id = api_int (client, "id");
  g_autofree char *path = path_for ("/api/v1/clients/%" G_GINT64_FORMAT, id);

  g_assert_cmpstr (api_str (client, "name"), ==, "ТОВ Вишня");
  g_assert_cmpstr (api_str (client, "kind"), ==, "organization");
  g_assert_cmpstr (api_str (client, "note"), ==, "Постачальник");
  /* local forms in E.164 with the office's country; the same number once */
  g_assert_cmpuint (json_array_get_length (phones), ==, 2);
  g_assert_cmpstr (api_str (json_array_get_object_element (phones, 0), "number"), ==,
                   "+380501112244");
  g_assert_cmpstr (api_str (json_array_get_object_element (phones, 1), "number"), ==,
                   "+380671112233");
  g_assert_cmpstr (api_str (json_array_get_object_element (phones, 1), "label"), ==, "офіс");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (client, "emails")), ==, 1);
  g_assert_cmpuint (json_array_get_length (assets), ==, 2);
  g_assert_cmpstr (api_str (json_array_get_object_element (assets, 0), "kind"), ==, "contract");
  g_assert_cmpstr (api_str (json_array_get_object_element (assets, 1), "kind"), ==, "other");

  {
    /* what POST answered is what GET reads */
    g_autoptr (ApiReply) read = checked_call (f, "GET", path, token, NULL, 200);
    g_assert_cmpstr (read->text, ==, made->text);
  }
  {
    /* and a caller from that number is now known */
    g_autoptr (ApiReply) found = checked_call (f, "GET", "/api/v1/clients/by-phone?number=0501112244",
                                               token, NULL, 200);
    g_assert_cmpstr (api_str (api_object (found), "match"), ==, "one");
  }
  {
    g_autoptr (ApiReply) person = checked_call (f, "POST", "/api/v1/clients", token,
                                                "{\"name\": \"Марко Вовчок\"}", 201);
    g_assert_cmpstr (api_str (api_object (person), "kind"), ==, "person");
  }
}

static void
test_new_client_refused (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *long_name = g_strnfill (201, 'x');
  g_autofree char *too_long = g_strdup_printf ("{\"name\": \"%s\"}", long_name);
  const char *bodies[] = {
    "{}",
    "{\"name\": \"   \"}",
    "{\"name\": 5}",
    "{\"name\": \"Зіновій Тестовий\", \"kind\": \"alien\"}",
    "{\"name\": \"Зіновій Тестовий\", \"phones\": \"0501112244\"}",
    "{\"name\": \"Зіновій Тестовий\", \"phones\": [\"0501112244\", \"hello\"]}",
    "{\"name\": \"Зіновій Тестовий\", \"phones\": [5]}",
    "{\"name\": \"Зіновій Тестовий\", \"phones\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\","
    "\"9\",\"10\",\"11\"]}",
    "{\"name\": \"Зіновій Тестовий\", \"emails\": [\"nope\"]}",
    "{\"name\": \"Зіновій Тестовий\", \"emails\": [\"a@b.ua\", 7]}",
    "{\"name\": \"Зіновій Тестовий\", \"assets\": [{\"kind\": \"spaceship\", \"value\": \"1\"}]}",
    "{\"name\": \"Зіновій Тестовий\", \"assets\": [{\"kind\": \"card\", \"value\": \"\"}]}",
    "{\"name\": \"Зіновій Тестовий\", \"assets\": [{\"kind\": \"card\"}]}",
    "{\"name\": \"Зіновій Тестовий\", \"assets\": [\"K-1\"]}",
    too_long,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (ApiReply) r = api_call (f, "POST", "/api/v1/clients", token, bodies[i]);
      api_assert (r, 400, "invalid");
    }
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", "/api/v1/clients", token, "{\"name\": ");
    api_assert (r, 400, "invalid");
  }
  {
    /* not one of the refused cards was kept, not even in part */
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/clients?q=%D0%97%D1%96%D0%BD%D0%BE%D0%B2%D1%96%D0%B9",
                                           token, NULL, 200);
    g_assert_cmpstr (api_str (api_object (r), "match"), ==, "none");
  }
}

/* Canned answers */

static void
test_canned (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = api_login (f, "op2");
  g_autofree char *long_q = g_strnfill (201, 'q');
  g_autofree char *long_path = g_strconcat ("/api/v1/canned?q=", long_q, NULL);
  const char *titles[] = { "Greeting", "One moment please", "Закриття" };
  const char *bodies[] = { "Good day! How can I help?", "One moment please.",
                           "Дякуємо за звернення!" };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_assert_cmpint (desk_store_add_canned_answer (f->store, titles[i], bodies[i], &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_cmpint (desk_store_add_canned_answer (f->store, " ", "text", &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/canned", token, NULL, 200);
    JsonArray *answers = array_of (r, "answers");

    g_assert_cmpuint (json_array_get_length (answers), ==, 3);
    g_assert_cmpstr (api_str (json_array_get_object_element (answers, 0), "title"), ==,
                     "Greeting");
    g_assert_cmpstr (api_str (json_array_get_object_element (answers, 0), "body"), ==,
                     "Good day! How can I help?");
    g_assert_cmpint (api_int (json_array_get_object_element (answers, 0), "id"), >, 0);
  }
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/canned?q=MOMENT", token, NULL, 200);
    JsonArray *answers = array_of (r, "answers");

    g_assert_cmpuint (json_array_get_length (answers), ==, 1);
    g_assert_cmpstr (api_str (json_array_get_object_element (answers, 0), "title"), ==,
                     "One moment please");
  }
  {
    /* Cyrillic matches in any case, in the text as in the title */
    g_autoptr (ApiReply) r = checked_call (f, "GET",
      "/api/v1/canned?q=%D0%94%D0%AF%D0%9A%D0%A3%D0%84%D0%9C%D0%9E", token, NULL, 200);   /* ДЯКУЄМО */
    JsonArray *answers = array_of (r, "answers");

    g_assert_cmpuint (json_array_get_length (answers), ==, 1);
    g_assert_cmpstr (api_str (json_array_get_object_element (answers, 0), "title"), ==,
                     "Закриття");
  }
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/canned?q=zzz", token, NULL, 200);
    g_assert_cmpuint (json_array_get_length (array_of (r, "answers")), ==, 0);
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "GET", long_path, token, NULL);
    api_assert (r, 400, "invalid");
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "GET", "/api/v1/canned", NULL, NULL);
    api_assert (r, 401, "auth");
  }
}

/* Portal requests */

static DeskCase *
portal_request (ApiFixture *f,
                const char *subject)
{
  g_autoptr (GError) error = NULL;
  DeskPortalRequest request = { .name = "Петро", .e164 = "+380931112233",
                                .category_id = f->category, .subject = subject,
                                .description = "Не працює" };
  DeskCase *kase = desk_store_create_portal_case (f->store, &request, &error);

  g_assert_no_error (error);
  return kase;
}

static JsonObject *
portal_entry (ApiFixture *f,
              const char *token,
              gint64      case_id,
              GPtrArray  *keep)
{
  ApiReply *reply = checked_call (f, "GET", "/api/v1/inbox", token, NULL, 200);

  g_ptr_array_add (keep, reply);
  return find_in (array_of (reply, "portal"), "case_id", case_id);
}

static void
test_portal_inbox (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *op2 = api_login (f, "op2");
  g_autofree char *super = api_login (f, "super");
  g_autoptr (DeskCase) kase = portal_request (f, "Не працює роутер");
  g_autofree char *comments = path_for ("/api/v1/cases/%" G_GINT64_FORMAT "/comments", kase->id);
  g_autofree char *case_path = path_for ("/api/v1/cases/%" G_GINT64_FORMAT, kase->id);
  g_autofree char *assign = g_strdup_printf ("{\"owner\": %" G_GINT64_FORMAT "}", f->op2);
  g_autoptr (GPtrArray) r = g_ptr_array_new_with_free_func ((GDestroyNotify) api_reply_free);
  JsonObject *entry;
  gint64 first_since;

  entry = portal_entry (f, op1, kase->id, r);
  g_assert_nonnull (entry);
  g_assert_cmpint (api_int (entry, "number"), ==, kase->number);
  g_assert_cmpstr (api_str (entry, "subject"), ==, "Не працює роутер");
  g_assert_true (json_object_get_null_member (entry, "client_id"));
  first_since = api_int (entry, "since");
  g_assert_cmpint (first_since, >, 0);
  /* nobody owns it: everyone's inbox shows it */
  g_assert_nonnull (portal_entry (f, op2, kase->id, r));

  /* an internal note is no answer to the customer */
  {
    g_autoptr (ApiReply) note = checked_call (f, "POST", comments, op1,
                                              "{\"body\": \"Перевірити лінію\"}", 201);
  }
  g_assert_nonnull (portal_entry (f, op1, kase->id, r));
  {
    g_autoptr (ApiReply) answer = checked_call (f, "POST", comments, op1,
      "{\"body\": \"Перезавантажте роутер\", \"public\": true}", 201);
  }
  g_assert_null (portal_entry (f, op1, kase->id, r));

  /* the customer writes again: it waits again */
  g_assert_true (desk_store_add_portal_message (f->store, kase->id, "Не допомогло", &error));
  g_assert_no_error (error);
  entry = portal_entry (f, op1, kase->id, r);
  g_assert_nonnull (entry);
  g_assert_cmpint (api_int (entry, "since"), >=, first_since);

  /* once a colleague owns it, it is theirs alone */
  {
    g_autoptr (ApiReply) given = checked_call (f, "PATCH", case_path, super, assign, 200);
  }
  g_assert_null (portal_entry (f, op1, kase->id, r));
  g_assert_nonnull (portal_entry (f, op2, kase->id, r));

  /* resolved, it waits for nobody */
  {
    g_autoptr (ApiReply) resolved = checked_call (f, "PATCH", case_path, op2,
      "{\"status\": \"resolved\", \"resolution\": \"solved\"}", 200);
  }
  g_assert_null (portal_entry (f, op2, kase->id, r));
}

static void
test_portal_events (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *op2 = api_login (f, "op2");
  g_autoptr (DeskCase) before = portal_request (f, "Давній запит");
  g_autoptr (Listener) mine = listen_as (f, op1);
  g_autoptr (Listener) colleague = listen_as (f, op2);
  g_autoptr (DeskCase) kase = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *take = g_strdup_printf ("{\"owner\": %" G_GINT64_FORMAT "}", f->op1);
  JsonObject *event;
  guint seen_mine, seen_colleague;

  g_assert_nonnull (next_event (mine, "hello", 0, 10000));
  g_assert_nonnull (next_event (colleague, "hello", 0, 10000));
  kase = portal_request (f, "Новий запит");
  event = next_event (mine, "portal-message", 0, 10000);
  g_assert_nonnull (event);
  /* what waited before the stream opened is the inbox's, not news */
  g_assert_cmpint (api_int (event, "case_id"), ==, kase->id);
  g_assert_cmpint (api_int (event, "number"), ==, kase->number);
  g_assert_cmpstr (api_str (event, "subject"), ==, "Новий запит");
  g_assert_cmpint (api_int (event, "since"), >, 0);
  g_assert_true (json_object_get_null_member (event, "owner_id"));
  g_assert_nonnull (next_event (colleague, "portal-message", 0, 10000));
  g_assert_cmpint (before->id, !=, kase->id);

  /* op1 takes it and answers; the customer's next message is op1's alone */
  case_path = path_for ("/api/v1/cases/%" G_GINT64_FORMAT, kase->id);
  comments = path_for ("/api/v1/cases/%" G_GINT64_FORMAT "/comments", kase->id);
  {
    g_autoptr (ApiReply) taken = checked_call (f, "PATCH", case_path, op1, take, 200);
    g_autoptr (ApiReply) answer = checked_call (f, "POST", comments, op1,
      "{\"body\": \"Вже дивимось\", \"public\": true}", 201);
  }
  seen_mine = mine->events->len;
  seen_colleague = colleague->events->len;
  g_assert_true (desk_store_add_portal_message (f->store, kase->id, "Дякую, чекаю", &error));
  g_assert_no_error (error);
  event = next_event (mine, "portal-message", seen_mine, 10000);
  g_assert_nonnull (event);
  g_assert_cmpint (api_int (event, "case_id"), ==, kase->id);
  g_assert_cmpint (api_int (event, "owner_id"), ==, f->op1);
  g_assert_null (next_event (colleague, "portal-message", seen_colleague, 3000));
  /* each writing once */
  g_assert_null (next_event (mine, "portal-message", event_index (mine, event) + 1, 3000));
}

/* The operator's state on the stream */

static void
test_agent_state (ApiFixture *f, gconstpointer data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *super = api_login (f, "super");
  g_autoptr (Listener) mine = listen_as (f, op1);
  g_autoptr (Listener) boss = listen_as (f, super);
  g_autoptr (Listener) later = NULL;
  JsonObject *event;
  guint from;

  event = next_event (mine, "hello", 0, 10000);
  g_assert_nonnull (event);
  g_assert_cmpstr (api_str (event, "state"), ==, "offline");
  g_assert_cmpint (api_int (event, "wrapup_seconds_left"), ==, 0);

  set_state (f, op1, "{\"state\": \"available\"}");
  event = next_event (mine, "agent-state", 0, 10000);
  g_assert_nonnull (event);
  g_assert_cmpstr (api_str (event, "state"), ==, "available");
  g_assert_true (json_object_get_null_member (event, "reason"));
  g_assert_cmpint (api_int (event, "wrapup_seconds_left"), ==, 0);

  from = event_index (mine, event) + 1;
  set_state (f, op1, "{\"state\": \"break\", \"reason\": \"обід\"}");
  event = next_event (mine, "agent-state", from, 10000);
  g_assert_nonnull (event);
  g_assert_cmpstr (api_str (event, "state"), ==, "break");
  g_assert_cmpstr (api_str (event, "reason"), ==, "обід");
  {
    g_autoptr (ApiReply) me = checked_call (f, "GET", "/api/v1/me", op1, NULL, 200);

    g_assert_cmpstr (api_str (api_object (me), "state"), ==, "break");
    g_assert_cmpstr (api_str (api_object (me), "reason"), ==, "обід");
    g_assert_cmpint (api_int (api_object (me), "wrapup_seconds_left"), ==, 0);
  }
  /* a window opened later starts from the same state */
  later = listen_as (f, op1);
  event = next_event (later, "hello", 0, 10000);
  g_assert_nonnull (event);
  g_assert_cmpstr (api_str (event, "reason"), ==, "обід");
  /* the supervisor follows the office by agent-state-changed; agent-state
   * is the operator's own */
  g_assert_nonnull (next_event (boss, "agent-state-changed", 0, 10000));
  g_assert_null (next_event (boss, "agent-state", 0, 1000));
}

/* A wrap-up after a real call: baresip phones for op1 and a caller. */

static gboolean
op1_has_phone (gpointer data)
{
  ApiFixture *f = data;
  g_autoptr (DeskFlowSnapshot) snapshot =
    desk_call_flow_snapshot (desk_office_get_call_flow (f->office));

  for (guint i = 0; i < snapshot->operators->len; i++)
    {
      DeskOperatorNow *op = &g_array_index (snapshot->operators, DeskOperatorNow, i);

      if (op->user_id == f->op1 && op->phones > 0)
        return TRUE;
    }
  return FALSE;
}

static JsonObject *
directory_entry (ApiFixture *f,
                 const char *token,
                 GPtrArray  *keep)
{
  ApiReply *reply = checked_call (f, "GET", "/api/v1/directory", token, NULL, 200);

  g_ptr_array_add (keep, reply);
  return find_in (array_of (reply, "operators"), "id", f->op1);
}

static void
test_wrapup (ApiFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskUser) user = NULL;
  g_autofree char *op1 = NULL;
  g_autofree char *account = NULL;
  g_autofree char *op_wav = NULL;
  g_autofree char *caller_wav = NULL;
  g_autoptr (Listener) mine = NULL;
  PbxFixture phones = { 0 };
  PbxPhone *op_phone, *caller;
  g_autoptr (GPtrArray) r = g_ptr_array_new_with_free_func ((GDestroyNotify) api_reply_free);
  JsonObject *event, *entry;
  guint from;

  if (!pbx_require_phones ())
    return;
  /* 101 goes straight to the queue, whose wrap-up is half a minute */
  desk_store_add_inbound_route (f->store, "101", 0, add_queue (f, "Підтримка", 30), &error);
  g_assert_no_error (error);
  user = desk_store_get_user (f->store, f->op1, &error);
  g_assert_no_error (error);

  phones.port = desk_office_get_sip_port (f->office);
  phones.tmpdir = f->dir;
  op_wav = pbx_write_tone_wav (&phones, "operator.wav", 1800.0, 90, -1);
  caller_wav = pbx_write_tone_wav (&phones, "caller.wav", 440.0, 90, -1);
  account = g_strdup_printf ("auth_pass=%s;regint=600;answermode=auto", user->sip_password);
  op_phone = pbx_phone_start (&phones, "op1-phone", user->sip_user, account, op_wav);
  g_assert_true (desk_test_wait_until (op1_has_phone, f, 15000));

  op1 = api_login (f, "op1");
  mine = listen_as (f, op1);
  set_state (f, op1, "{\"state\": \"available\"}");

  caller = pbx_phone_start (&phones, "caller", "0501234567", "regint=0", caller_wav);
  pbx_phone_command (caller, "/dial sip:101@127.0.0.1:%u\n", phones.port);
  g_assert_nonnull (next_event (mine, "call-answered", 0, 20000));
  entry = directory_entry (f, op1, r);
  g_assert_cmpstr (api_str (entry, "state"), ==, "busy");
  g_assert_true (json_object_get_boolean_member (entry, "on_call"));

  pbx_phone_command (caller, "/hangup\n");
  g_assert_nonnull (next_event (mine, "call-ended", 0, 20000));
  event = next_event (mine, "agent-state", 0, 10000);
  while (event && g_strcmp0 (api_str (event, "state"), "wrap_up") != 0)
    event = next_event (mine, "agent-state", event_index (mine, event) + 1, 10000);
  g_assert_nonnull (event);
  g_assert_cmpint (api_int (event, "wrapup_seconds_left"), >, 0);
  g_assert_cmpint (api_int (event, "wrapup_seconds_left"), <=, 30);
  {
    g_autoptr (ApiReply) me = checked_call (f, "GET", "/api/v1/me", op1, NULL, 200);

    g_assert_cmpstr (api_str (api_object (me), "state"), ==, "wrap_up");
    g_assert_cmpint (api_int (api_object (me), "wrapup_seconds_left"), >, 0);
    g_assert_cmpint (api_int (api_object (me), "wrapup_seconds_left"), <=, 30);
  }
  entry = directory_entry (f, op1, r);
  g_assert_cmpstr (api_str (entry, "state"), ==, "wrapup");
  g_assert_false (json_object_get_boolean_member (entry, "on_call"));

  /* more time: no change of state, yet the window learns the new end */
  from = mine->events->len;
  {
    g_autoptr (ApiReply) longer = checked_call (f, "POST", "/api/v1/me/wrapup", op1,
                                                "{\"extend_seconds\": 120}", 200);

    g_assert_cmpint (api_int (api_object (longer), "wrapup_seconds_left"), >, 120);
  }
  event = next_event (mine, "agent-state", from, 10000);
  g_assert_nonnull (event);
  g_assert_cmpstr (api_str (event, "state"), ==, "wrap_up");
  g_assert_cmpint (api_int (event, "wrapup_seconds_left"), >, 120);

  from = mine->events->len;
  {
    g_autoptr (ApiReply) done = checked_call (f, "POST", "/api/v1/me/wrapup", op1,
                                              "{\"end\": true}", 200);

    g_assert_cmpstr (api_str (api_object (done), "state"), ==, "available");
    g_assert_cmpint (api_int (api_object (done), "wrapup_seconds_left"), ==, 0);
  }
  event = next_event (mine, "agent-state", from, 10000);
  g_assert_nonnull (event);
  g_assert_cmpstr (api_str (event, "state"), ==, "available");
  g_assert_cmpint (api_int (event, "wrapup_seconds_left"), ==, 0);

  pbx_phone_quit (caller);
  pbx_phone_quit (op_phone);
  pbx_phone_free (caller);
  pbx_phone_free (op_phone);
}

/* The demo office, seeded as `frontdesk --server --demo` seeds it, on a
 * real store, telephony and web server. */

static void
demo_setup (ApiFixture    *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = desk_test_tmpdir_new ("desk-web-demo");
  path = g_build_filename (f->dir, "office.sqlite", NULL);
  f->store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);
  g_assert_true (desk_demo_seed (f->store, g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  f->office = desk_office_new (f->store);
  g_assert_true (desk_office_start (f->office, "127.0.0.1", 0, f->dir, &error));
  f->web = desk_web_server_new (f->office);
  g_assert_true (desk_web_server_listen (f->web, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", desk_web_server_get_port (f->web));
  f->session = soup_session_new_with_options ("timeout", 30, NULL);
}

static void
test_demo (ApiFixture *f, gconstpointer data)
{
  g_autoptr (ApiReply) login = api_call (f, "POST", "/api/v1/login", NULL,
                                         "{\"login\": \"op1\", \"password\": \"demo\"}");
  const char *token;

  api_assert (login, 200, NULL);
  token = api_str (api_object (login), "token");
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/canned", token, NULL, 200);
    JsonArray *answers = array_of (r, "answers");

    g_assert_cmpuint (json_array_get_length (answers), >=, 3);
    g_assert_nonnull (find_named (answers, "title", "Greeting"));
    g_assert_nonnull (find_named (answers, "title", "One moment please"));
    g_assert_nonnull (find_named (answers, "title", "Closing"));
  }
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/directory", token, NULL, 200);
    JsonArray *queues = array_of (r, "queues");
    JsonArray *operators = array_of (r, "operators");

    g_assert_nonnull (find_named (queues, "nick", "pidtrymka"));
    g_assert_nonnull (find_named (queues, "nick", "prodazhi"));
    g_assert_cmpstr (api_str (find_named (operators, "login", "op3"), "state"), ==, "offline");
  }
  {
    g_autoptr (ApiReply) categories = checked_call (f, "GET", "/api/v1/case-categories", token,
                                                    NULL, 200);
    g_autoptr (ApiReply) scenarios = checked_call (f, "GET", "/api/v1/scenarios", token, NULL,
                                                   200);
    JsonArray *all = json_node_get_array (categories->root);
    JsonArray *buttons = json_node_get_array (scenarios->root);

    g_assert_cmpuint (json_array_get_length (all), ==, 8);
    g_assert_cmpuint (json_array_get_length (buttons), >, 0);
    for (guint i = 0; i < json_array_get_length (buttons); i++)
      g_assert_nonnull (find_in (all, "id", api_int (json_array_get_object_element (buttons, i),
                                                     "category_id")));
  }
  {
    g_autoptr (ApiReply) r = checked_call (f, "GET", "/api/v1/cases?view=open&limit=5", token,
                                           NULL, 200);
    g_assert_cmpuint (json_array_get_length (array_of (r, "cases")), ==, 5);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/desk/web/agent-window/" path, ApiFixture, NULL, api_fixture_setup, func, \
              api_fixture_teardown)
  ADD ("directory", test_directory);
  ADD ("catalogue", test_catalogue);
  ADD ("case-views", test_case_views);
  ADD ("new-client", test_new_client);
  ADD ("new-client-refused", test_new_client_refused);
  ADD ("canned", test_canned);
  ADD ("portal-inbox", test_portal_inbox);
  ADD ("portal-events", test_portal_events);
  ADD ("agent-state", test_agent_state);
  ADD ("wrapup", test_wrapup);
#undef ADD
  g_test_add ("/desk/web/agent-window/demo", ApiFixture, NULL, demo_setup, test_demo,
              api_fixture_teardown);
  return g_test_run ();
}
