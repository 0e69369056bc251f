/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-api-common.h"

#include "desk-error.h"

static gint64
add_user (ApiFixture *f,
          const char *login,
          DeskRole    role,
          const char *sip_user)
{
  g_autoptr (GError) error = NULL;
  DeskUserNew user = { .login = login, .display_name = login, .role = role,
                       .password = "secret-pw", .sip_user = sip_user };
  gint64 id = desk_store_add_user (f->store, &user, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
add_client (ApiFixture *f,
            const char *name,
            const char *e164,
            const char *contract)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, name);
  gint64 id;

  if (e164)
    desk_client_add_phone (client, e164, NULL);
  if (contract)
    desk_client_add_asset (client, DESK_ASSET_KIND_CONTRACT, contract, NULL);
  id = desk_store_add_client (f->store, f->owner, client, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_call (ApiFixture *f,
          gint64      operator_id,
          const char *e164,
          gint64      client_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_call_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  call->direction = DESK_CALL_DIRECTION_INBOUND;
  call->caller = g_strdup (e164);
  call->caller_e164 = g_strdup (e164);
  call->callee = g_strdup ("100");
  call->client_id = client_id;
  call->operator_id = operator_id;
  call->offered_at = now - 60;
  call->answered_at = now - 50;
  call->ended_at = now;
  call->talk_seconds = 50;
  call->outcome = DESK_CALL_OUTCOME_ANSWERED;
  id = desk_store_add_call (f->store, call, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_case (ApiFixture *f,
          gint64      owner,
          gint64      client,
          const char *subject)
{
  g_autoptr (GError) error = NULL;
  DeskCaseNew spec = { .client_id = client, .category_id = f->category, .subject = subject,
                       .priority = DESK_PRIORITY_NORMAL, .owner_id = owner,
                       .channel = DESK_CHANNEL_PHONE };
  g_autoptr (DeskCase) kase = desk_store_create_case (f->store, owner, &spec, &error);

  g_assert_no_error (error);
  return kase->id;
}

static gint64
add_article (ApiFixture     *f,
             const char     *title,
             const char     *body,
             DeskVisibility  visibility)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskArticle) article = desk_article_new (title, body, visibility);
  gint64 id = desk_store_add_article (f->store, article, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
add_callback (ApiFixture *f,
              const char *e164,
              gint64      operator_id)
{
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  DeskCallback callback = { .e164 = e164, .requested_at = now, .enqueued_at = now,
                            .due_at = now + 600, .max_attempts = 3,
                            .operator_id = operator_id };
  gint64 id = desk_store_add_callback (f->store, &callback, &error);

  g_assert_no_error (error);
  return id;
}

static void
seed (ApiFixture *f)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_store_set_setting (f->store, "default-country", "UA", &error));
  f->owner = add_user (f, "boss", DESK_ROLE_OWNER, NULL);
  f->supervisor = add_user (f, "super", DESK_ROLE_SUPERVISOR, "2000");
  f->op1 = add_user (f, "op1", DESK_ROLE_OPERATOR, "2001");
  f->op2 = add_user (f, "op2", DESK_ROLE_OPERATOR, "2002");
  f->clerk = add_user (f, "clerk", DESK_ROLE_OPERATOR, NULL);

  f->lesya = add_client (f, "Леся Українка", "+380501112233", "K-1001");
  f->ivan = add_client (f, "Іван Франко", "+380671234567", NULL);
  f->ivanna = add_client (f, "Іванна Франко", "+380671234567", NULL);
  f->company = add_client (f, "ТОВ Ромашка", NULL, NULL);

  f->category = desk_store_add_category (f->store, "Інтернет", 24, 0, &error);
  g_assert_no_error (error);
  f->scenario = desk_store_add_scenario (f->store, "Баланс", f->category, "Запит балансу",
                                         DESK_PRIORITY_LOW, &error);
  g_assert_no_error (error);

  f->call1 = add_call (f, f->op1, "+380501112233", f->lesya);
  f->call1b = add_call (f, f->op1, "+380671234567", 0);
  f->call2 = add_call (f, f->op2, "+380671234567", 0);
  f->case1 = add_case (f, f->op1, f->lesya, "Немає інтернету");
  f->case2 = add_case (f, f->op2, f->ivan, "Рахунок");

  f->article_public = add_article (f, "Як змінити пароль", "Відкрийте налаштування роутера.",
                                   DESK_VISIBILITY_PUBLIC);
  f->article_internal = add_article (f, "Пароль адміністратора", "Лише для персоналу: пароль.",
                                     DESK_VISIBILITY_INTERNAL);
  f->callback_free = add_callback (f, "+380509998877", 0);
  f->callback_op2 = add_callback (f, "+380509998866", f->op2);
}

void
api_fixture_setup (ApiFixture    *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = desk_test_tmpdir_new ("desk-web");
  path = g_build_filename (f->dir, "office.sqlite", NULL);
  f->store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);
  seed (f);

  f->office = desk_office_new (f->store);
  g_assert_true (desk_office_start (f->office, "127.0.0.1", 0, f->dir, &error));
  g_assert_no_error (error);
  f->web = desk_web_server_new (f->office);
  g_assert_true (desk_web_server_listen (f->web, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", desk_web_server_get_port (f->web));
  f->session = soup_session_new_with_options ("timeout", 30, NULL);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Lets closed connections finish closing on both sides. */
static void
settle (void)
{
  desk_test_wait_until (never, NULL, 100);
}

void
api_fixture_teardown (ApiFixture    *f,
                      gconstpointer  data)
{
  g_clear_object (&f->session);
  if (f->web)
    desk_web_server_stop (f->web);
  settle ();
  g_clear_object (&f->web);
  settle ();
  if (f->office)
    desk_office_stop (f->office);
  g_clear_object (&f->office);
  if (f->store)
    desk_sqlite_store_close (DESK_SQLITE_STORE (f->store));
  g_clear_object (&f->store);
  g_free (f->base);
  desk_test_tmpdir_free (f->dir);
}

typedef struct
{
  GBytes *bytes;
  GError *error;
  gboolean done;
} Pending;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Pending *pending = data;

  pending->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                      &pending->error);
  pending->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Pending *) data)->done;
}

ApiReply *
api_call (ApiFixture *f,
          const char *method,
          const char *path,
          const char *token,
          const char *body)
{
  g_autofree char *uri = g_strconcat (f->base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  Pending pending = { 0 };
  ApiReply *reply;

  g_assert_nonnull (msg);
  if (token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &pending);
  g_assert_true (desk_test_wait_until (is_done, &pending, 30000));
  g_assert_no_error (pending.error);

  reply = g_new0 (ApiReply, 1);
  reply->status = soup_message_get_status (msg);
  reply->text = g_strndup (g_bytes_get_data (pending.bytes, NULL),
                           g_bytes_get_size (pending.bytes));
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  g_bytes_unref (pending.bytes);
  if (*reply->text)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, reply->text, -1, NULL))
        reply->root = json_node_ref (json_parser_get_root (parser));
    }
  g_test_message ("%s %s → %u %s", method, path, reply->status, reply->text);
  return reply;
}

void
api_reply_free (ApiReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->text);
  g_clear_pointer (&reply->root, json_node_unref);
  soup_message_headers_unref (reply->headers);
  g_free (reply);
}

JsonObject *
api_object (ApiReply *reply)
{
  g_assert_nonnull (reply->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->root));
  return json_node_get_object (reply->root);
}

void
api_assert (ApiReply   *reply,
            guint       status,
            const char *code)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->root);
  if (status >= 400)
    {
      JsonObject *error = json_object_get_object_member (api_object (reply), "error");

      g_assert_nonnull (error);
      g_assert_cmpuint (json_object_get_size (api_object (reply)), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
      g_assert_true (strlen (json_object_get_string_member (error, "message")) > 0);
      /* no internals leak out */
      g_assert_null (strstr (reply->text, "sqlite"));
      g_assert_null (strstr (reply->text, ".c:"));
    }
}

char *
api_login (ApiFixture *f,
           const char *login)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"secret-pw\"}",
                                           login);
  g_autoptr (ApiReply) reply = api_call (f, "POST", "/api/v1/login", NULL, body);

  api_assert (reply, 200, NULL);
  return g_strdup (api_str (api_object (reply), "token"));
}

gint64
api_int (JsonObject *object,
         const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_int_member (object, member);
}

const char *
api_str (JsonObject *object,
         const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_string_member (object, member);
}
