/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-test"

#include "test-api-common.h"

/* The call-control API beyond hold, against a real server and store: what
 * a wrap-up notes on the operator's last call, and the clear 4xx every
 * malformed command gets (transfer, consult, keys). The calls themselves,
 * with real phones, are in tests/office/test-call-flow-consult.c. */

static char *
path_of (const char *format,
         gint64      id)
{
  return g_strdup_printf (format, id);
}

static void
expect (ApiFixture *f,
        const char *method,
        const char *path,
        const char *token,
        const char *body,
        guint       status,
        const char *code)
{
  g_autoptr (ApiReply) reply = api_call (f, method, path, token, body);

  api_assert (reply, status, code);
}

static void
test_wrapup_disposition (ApiFixture    *f,
                         gconstpointer  data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *clerk = api_login (f, "clerk");
  g_autofree char *super = api_login (f, "super");
  g_autofree char *last = path_of ("/api/v1/calls/%" G_GINT64_FORMAT, f->call1b);
  g_autofree char *other = path_of ("/api/v1/calls/%" G_GINT64_FORMAT, f->call2);
  g_autofree char *long_word = g_strnfill (65, 'x');
  g_autofree char *long_note = g_strnfill (2001, 'n');
  g_autofree char *body = NULL;
  g_autoptr (ApiReply) reply = NULL;
  JsonObject *call;

  reply = api_call (f, "GET", last, op1, NULL);
  api_assert (reply, SOUP_STATUS_OK, NULL);
  g_assert_null (api_str (api_object (reply), "disposition"));
  g_clear_pointer (&reply, api_reply_free);

  /* Kyrillic counts by characters, not bytes. */
  expect (f, "POST", "/api/v1/me/wrapup", op1,
          "{\"disposition\": \"Вирішено\", \"note\": \"Передзвонити в п'ятницю\"}",
          SOUP_STATUS_OK, NULL);
  reply = api_call (f, "GET", last, op1, NULL);
  api_assert (reply, SOUP_STATUS_OK, NULL);
  call = api_object (reply);
  g_assert_cmpint (api_int (call, "id"), ==, f->call1b);
  g_assert_cmpstr (api_str (call, "disposition"), ==, "Вирішено");
  g_assert_cmpstr (api_str (call, "wrapup_note"), ==, "Передзвонити в п'ятницю");
  g_clear_pointer (&reply, api_reply_free);

  /* A note alone keeps the disposition. */
  expect (f, "POST", "/api/v1/me/wrapup", op1, "{\"note\": \"ok\"}", SOUP_STATUS_OK, NULL);
  reply = api_call (f, "GET", last, op1, NULL);
  call = api_object (reply);
  g_assert_cmpstr (api_str (call, "disposition"), ==, "Вирішено");
  g_assert_cmpstr (api_str (call, "wrapup_note"), ==, "ok");
  g_clear_pointer (&reply, api_reply_free);

  /* Out of bounds, or nothing to write on. */
  body = g_strdup_printf ("{\"disposition\": \"%s\"}", long_word);
  expect (f, "POST", "/api/v1/me/wrapup", op1, body, SOUP_STATUS_BAD_REQUEST, "invalid");
  g_free (body);
  body = g_strdup_printf ("{\"note\": \"%s\"}", long_note);
  expect (f, "POST", "/api/v1/me/wrapup", op1, body, SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", "/api/v1/me/wrapup", op1, "{\"disposition\": \"  \"}",
          SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", "/api/v1/me/wrapup", op1, "{\"disposition\": 5}",
          SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", "/api/v1/me/wrapup", op1, "{\"end\": true, \"extend_seconds\": 5}",
          SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", "/api/v1/me/wrapup", op1, "{}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", "/api/v1/me/wrapup", clerk, "{\"disposition\": \"Resolved\"}",
          SOUP_STATUS_NOT_FOUND, "not_found");
  reply = api_call (f, "GET", last, op1, NULL);
  g_assert_cmpstr (api_str (api_object (reply), "wrapup_note"), ==, "ok");
  g_clear_pointer (&reply, api_reply_free);

  /* A colleague's call is none of op1's business; supervisors see it. */
  expect (f, "GET", other, op1, NULL, SOUP_STATUS_NOT_FOUND, "not_found");
  expect (f, "GET", other, super, NULL, SOUP_STATUS_OK, NULL);
  expect (f, "GET", "/api/v1/calls/999999", super, NULL, SOUP_STATUS_NOT_FOUND, "not_found");
  expect (f, "GET", last, NULL, NULL, SOUP_STATUS_UNAUTHORIZED, "auth");
}

static void
test_control_errors (ApiFixture    *f,
                     gconstpointer  data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *transfer = path_of ("/api/v1/calls/%" G_GINT64_FORMAT "/transfer", f->call1);
  g_autofree char *consult = path_of ("/api/v1/calls/%" G_GINT64_FORMAT "/consult", f->call1);
  g_autofree char *dtmf = path_of ("/api/v1/calls/%" G_GINT64_FORMAT "/dtmf", f->call1);
  g_autofree char *many = g_strnfill (33, '1');
  g_autofree char *body = g_strdup_printf ("{\"digits\": \"%s\"}", many);

  /* Exactly one target. */
  expect (f, "POST", transfer, op1, "{}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", transfer, op1, "{\"to_user\": 2, \"to_queue\": 1}",
          SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", transfer, op1, "{\"to_number\": 5}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", transfer, op1, "{\"to_queue\": \"1\"}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", transfer, op1, "[]", SOUP_STATUS_BAD_REQUEST, "invalid");
  /* Well formed, but the call is over. */
  expect (f, "POST", transfer, op1, "{\"to_queue\": 1}", SOUP_STATUS_NOT_FOUND, "not_found");
  expect (f, "POST", transfer, op1, "{\"to_number\": \"+380441112233\"}",
          SOUP_STATUS_NOT_FOUND, "not_found");
  expect (f, "POST", transfer, op1, "{\"consult_call_id\": 1}", SOUP_STATUS_NOT_FOUND,
          "not_found");

  expect (f, "POST", consult, op1, "{}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", consult, op1, "{\"to_user\": 2, \"to_number\": \"101\"}",
          SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", consult, op1, "{\"to_queue\": 1}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", consult, op1, "{\"to_user\": 0}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", consult, op1, "{\"to_number\": \"+380441112233\"}", SOUP_STATUS_NOT_FOUND,
          "not_found");

  expect (f, "POST", dtmf, op1, "{}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", dtmf, op1, "{\"digits\": \"\"}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", dtmf, op1, "{\"digits\": \"12A\"}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", dtmf, op1, "{\"digits\": 12}", SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", dtmf, op1, body, SOUP_STATUS_BAD_REQUEST, "invalid");
  expect (f, "POST", dtmf, op1, "{\"digits\": \"12*#\"}", SOUP_STATUS_NOT_FOUND, "not_found");
  expect (f, "POST", dtmf, NULL, "{\"digits\": \"1\"}", SOUP_STATUS_UNAUTHORIZED, "auth");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/web/calls/wrapup-disposition", ApiFixture, NULL, api_fixture_setup,
              test_wrapup_disposition, api_fixture_teardown);
  g_test_add ("/desk/web/calls/control-errors", ApiFixture, NULL, api_fixture_setup,
              test_control_errors, api_fixture_teardown);

  return g_test_run ();
}
