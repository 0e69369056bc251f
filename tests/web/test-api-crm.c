/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-api-common.h"

/* Clients, cases, the knowledge base, the inbox and callbacks through the
 * agent API, and who may see and change what. */

static char *
path_for (const char *format,
          gint64      id)
{
  return g_strdup_printf (format, id);
}

static guint
array_length (ApiReply   *reply,
              const char *member)
{
  return json_array_get_length (json_object_get_array_member (api_object (reply), member));
}

static gboolean
array_has_id (ApiReply   *reply,
              const char *member,
              gint64      id)
{
  JsonArray *array = json_object_get_array_member (api_object (reply), member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_object_get_int_member (json_array_get_object_element (array, i), "id") == id)
      return TRUE;
  return FALSE;
}

static void
test_client_search (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autoptr (ApiReply) one = api_call (f, "GET", "/api/v1/clients?q=%D0%9B%D0%B5%D1%81%D1%8F",
                                       token, NULL);   /* "Леся" */
  g_autoptr (ApiReply) several = api_call (f, "GET",
                                           "/api/v1/clients?q=%D0%A4%D1%80%D0%B0%D0%BD%D0%BA%D0%BE",
                                           token, NULL);   /* "Франко" */
  g_autoptr (ApiReply) none = api_call (f, "GET", "/api/v1/clients?q=zzzzzz", token, NULL);
  g_autoptr (ApiReply) by_asset = api_call (f, "GET", "/api/v1/clients?q=K-1001", token, NULL);
  g_autoptr (ApiReply) missing = api_call (f, "GET", "/api/v1/clients", token, NULL);
  JsonObject *client;

  api_assert (one, 200, NULL);
  g_assert_cmpstr (api_str (api_object (one), "match"), ==, "one");
  client = json_array_get_object_element (json_object_get_array_member (api_object (one),
                                                                        "clients"), 0);
  g_assert_cmpint (api_int (client, "id"), ==, f->lesya);
  g_assert_cmpstr (api_str (client, "name"), ==, "Леся Українка");
  g_assert_cmpstr (api_str (json_array_get_object_element (
                     json_object_get_array_member (client, "phones"), 0), "number"), ==,
                   "+380501112233");

  api_assert (several, 200, NULL);
  g_assert_cmpstr (api_str (api_object (several), "match"), ==, "several");
  g_assert_cmpuint (array_length (several, "clients"), ==, 2);
  api_assert (none, 200, NULL);
  g_assert_cmpstr (api_str (api_object (none), "match"), ==, "none");
  api_assert (by_asset, 200, NULL);
  g_assert_true (array_has_id (by_asset, "clients", f->lesya));
  api_assert (missing, 400, "invalid");
}

static void
test_client_by_phone (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  /* the office's country reads a local number */
  g_autoptr (ApiReply) one = api_call (f, "GET", "/api/v1/clients/by-phone?number=050+111+22+33",
                                       token, NULL);
  g_autoptr (ApiReply) several = api_call (f, "GET",
                                           "/api/v1/clients/by-phone?number=%2B380671234567",
                                           token, NULL);
  g_autoptr (ApiReply) none = api_call (f, "GET", "/api/v1/clients/by-phone?number=0442223344",
                                        token, NULL);
  g_autoptr (ApiReply) junk = api_call (f, "GET", "/api/v1/clients/by-phone?number=hello",
                                        token, NULL);

  api_assert (one, 200, NULL);
  g_assert_cmpstr (api_str (api_object (one), "match"), ==, "one");
  g_assert_true (array_has_id (one, "clients", f->lesya));
  api_assert (several, 200, NULL);
  g_assert_cmpstr (api_str (api_object (several), "match"), ==, "several");
  g_assert_true (array_has_id (several, "clients", f->ivan));
  g_assert_true (array_has_id (several, "clients", f->ivanna));
  api_assert (none, 200, NULL);
  g_assert_cmpstr (api_str (api_object (none), "match"), ==, "none");
  api_assert (junk, 400, "invalid");
}

static void
test_client_card (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op2");
  g_autofree char *path = path_for ("/api/v1/clients/%" G_GINT64_FORMAT, f->company);
  JsonObject *card;

  {
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"name\": \"ТОВ Ромашка-Плюс\", \"note\": \"Дзвонити зранку\","
                                       " \"vip\": true,"
                                       " \"add_phone\": {\"number\": \"044 222 33 44\", \"label\": \"офіс\"},"
                                       " \"add_email\": \"info@romashka.ua\","
                                       " \"add_asset\": {\"kind\": \"contract\", \"identifier\": \"D-77\"}}");
    api_assert (r, 200, NULL);
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "GET", path, token, NULL);

    api_assert (r, 200, NULL);
    card = api_object (r);
    g_assert_cmpstr (api_str (card, "name"), ==, "ТОВ Ромашка-Плюс");
    g_assert_cmpstr (api_str (card, "note"), ==, "Дзвонити зранку");
    g_assert_true (json_object_get_boolean_member (card, "vip"));
    g_assert_cmpstr (api_str (json_array_get_object_element (
                       json_object_get_array_member (card, "phones"), 0), "number"), ==,
                     "+380442223344");
    g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (card, "emails"), 0), ==, "info@romashka.ua");
    g_assert_cmpstr (api_str (json_array_get_object_element (
                       json_object_get_array_member (card, "assets"), 0), "identifier"), ==,
                     "D-77");
  }
  {
    /* all or nothing: a bad e-mail leaves the name as it was */
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"name\": \"Інша назва\", \"add_email\": \"nope\"}");
    g_autoptr (ApiReply) after = api_call (f, "GET", path, token, NULL);

    api_assert (r, 400, "invalid");
    g_assert_cmpstr (api_str (api_object (after), "name"), ==, "ТОВ Ромашка-Плюс");
  }
  {
    /* the note cleared, vip off */
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"note\": \"\", \"vip\": false}");

    api_assert (r, 200, NULL);
    g_assert_true (json_object_get_null_member (api_object (r), "note"));
    g_assert_false (json_object_get_boolean_member (api_object (r), "vip"));
  }
  {
    g_autoptr (ApiReply) dup = api_call (f, "PATCH", path, token,
                                         "{\"add_email\": \"info@romashka.ua\"}");
    g_autoptr (ApiReply) bad_kind = api_call (f, "PATCH", path, token,
                                              "{\"add_asset\": {\"kind\": \"car\", \"identifier\": \"X\"}}");
    g_autoptr (ApiReply) bad_vip = api_call (f, "PATCH", path, token, "{\"vip\": \"yes\"}");
    g_autoptr (ApiReply) empty_name = api_call (f, "PATCH", path, token, "{\"name\": \" \"}");
    g_autoptr (ApiReply) phone_type = api_call (f, "PATCH", path, token, "{\"add_phone\": 5}");
    g_autoptr (ApiReply) nobody = api_call (f, "GET", "/api/v1/clients/424242", token, NULL);
    g_autoptr (ApiReply) nobody2 = api_call (f, "PATCH", "/api/v1/clients/424242", token,
                                             "{\"vip\": true}");

    api_assert (dup, 409, "conflict");
    api_assert (bad_kind, 400, "invalid");
    api_assert (bad_vip, 400, "invalid");
    api_assert (empty_name, 400, "invalid");
    api_assert (phone_type, 400, "invalid");
    api_assert (nobody, 404, "not_found");
    api_assert (nobody2, 404, "not_found");
  }
}

static gboolean
audited (ApiFixture *f,
         gint64      client,
         gint64      actor,
         const char *action,
         const char *detail)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = desk_store_list_audit (f->store, "client", client, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      DeskAuditEntry *entry = g_ptr_array_index (entries, i);

      if (entry->actor_id == actor && g_strcmp0 (entry->action, action) == 0 &&
          g_strcmp0 (entry->detail, detail) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
card_entry (JsonObject *card,
            const char *list,
            guint       index,
            const char *member)
{
  JsonArray *array = json_object_get_array_member (card, list);

  g_assert_cmpuint (json_array_get_length (array), >, index);
  return api_str (json_array_get_object_element (array, index), member);
}

static void
test_client_remove (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op2");
  g_autofree char *path = path_for ("/api/v1/clients/%" G_GINT64_FORMAT, f->lesya);

  {
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"add_phone\": \"067 000 11 22\","
                                       " \"add_asset\": {\"kind\": \"card\", \"identifier\": \"C-5\"}}");

    api_assert (r, 200, NULL);
  }
  {
    /* The number in any form the office reads; the asset by identifier. */
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"remove_phones\": [\"050 111 22 33\"],"
                                       " \"remove_assets\": [\"K-1001\"]}");
    g_autoptr (ApiReply) lookup = api_call (f, "GET",
                                            "/api/v1/clients/by-phone?number=0501112233",
                                            token, NULL);
    JsonObject *card;

    api_assert (r, 200, NULL);
    card = api_object (r);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (card, "phones")), ==,
                      1);
    g_assert_cmpstr (card_entry (card, "phones", 0, "number"), ==, "+380670001122");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (card, "assets")), ==,
                      1);
    g_assert_cmpstr (card_entry (card, "assets", 0, "identifier"), ==, "C-5");
    g_assert_true (audited (f, f->lesya, f->op2, "client.phone_remove", "+380501112233"));
    g_assert_true (audited (f, f->lesya, f->op2, "client.asset_remove", "K-1001"));
    /* The caller ID no longer finds her. */
    api_assert (lookup, 200, NULL);
    g_assert_cmpstr (api_str (api_object (lookup), "match"), ==, "none");
  }
  {
    /* All or nothing: one number the card lacks, and none is removed. */
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"remove_phones\": [\"+380670001122\", \"+380991234567\"]}");
    g_autoptr (ApiReply) after = api_call (f, "GET", path, token, NULL);

    api_assert (r, 404, "not_found");
    g_assert_nonnull (strstr (api_str (json_object_get_object_member (api_object (r), "error"),
                                       "message"), "+380991234567"));
    g_assert_cmpstr (card_entry (api_object (after), "phones", 0, "number"), ==, "+380670001122");
    g_assert_false (audited (f, f->lesya, f->op2, "client.phone_remove", "+380670001122"));
  }
  {
    /* Removed before added: one request relabels a number. */
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"remove_phones\": [\"+380670001122\"],"
                                       " \"add_phone\": {\"number\": \"+380670001122\", \"label\": \"робочий\"}}");

    api_assert (r, 200, NULL);
    g_assert_cmpstr (card_entry (api_object (r), "phones", 0, "label"), ==, "робочий");
  }
  {
    const char *bad[] = {
      "{\"remove_phones\": \"+380670001122\"}",
      "{\"remove_phones\": [5]}",
      "{\"remove_phones\": [\"hello\"]}",
      "{\"remove_assets\": [null]}",
      "{\"remove_assets\": [\"\"]}",
      "{\"remove_assets\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\","
      "\"l\",\"m\",\"n\",\"o\",\"p\",\"q\",\"r\",\"s\",\"t\",\"u\"]}",
    };
    g_autoptr (ApiReply) gone = api_call (f, "PATCH", path, token,
                                          "{\"remove_assets\": [\"K-1001\"]}");
    g_autoptr (ApiReply) nobody = api_call (f, "PATCH", "/api/v1/clients/424242", token,
                                            "{\"remove_assets\": [\"C-5\"]}");
    g_autoptr (ApiReply) after = api_call (f, "GET", path, token, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token, bad[i]);

        api_assert (r, 400, "invalid");
      }
    api_assert (gone, 404, "not_found");
    api_assert (nobody, 404, "not_found");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (api_object (after),
                                                                           "phones")), ==, 1);
    g_assert_cmpstr (card_entry (api_object (after), "assets", 0, "identifier"), ==, "C-5");
  }
}

static void
test_client_cases (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *path = path_for ("/api/v1/clients/%" G_GINT64_FORMAT "/cases", f->lesya);
  g_autoptr (ApiReply) r = api_call (f, "GET", path, token, NULL);
  g_autoptr (ApiReply) nobody = api_call (f, "GET", "/api/v1/clients/424242/cases", token, NULL);

  api_assert (r, 200, NULL);
  g_assert_true (array_has_id (r, "cases", f->case1));
  g_assert_cmpuint (array_length (r, "cases"), ==, 1);
  api_assert (nobody, 404, "not_found");
}

static gint64
created_case (ApiReply *reply)
{
  api_assert (reply, 201, NULL);
  return api_int (api_object (reply), "id");
}

static void
test_cases_from_calls (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *cases = path_for ("/api/v1/calls/%" G_GINT64_FORMAT "/cases", f->call1);
  g_autofree char *links = path_for ("/api/v1/calls/%" G_GINT64_FORMAT "/links", f->call1b);
  g_autofree char *not_case = path_for ("/api/v1/calls/%" G_GINT64_FORMAT "/not-a-case", f->call1);
  g_autofree char *not_case_b = NULL;
  g_autofree char *scenario = path_for ("/api/v1/calls/%" G_GINT64_FORMAT "/scenario", f->call1);
  g_autofree char *body = NULL;
  g_autoptr (GError) error = NULL;
  gint64 first, second, typed;

  /* one call, several cases; the client comes from the call */
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", cases, token,
                                       "{\"subject\": \"Повільний інтернет\", \"priority\": \"high\"}");
    first = created_case (r);
    g_assert_cmpint (api_int (api_object (r), "client_id"), ==, f->lesya);
    g_assert_cmpint (api_int (api_object (r), "owner_id"), ==, f->op1);
    g_assert_cmpstr (api_str (api_object (r), "priority"), ==, "high");
    g_assert_cmpstr (api_str (api_object (r), "status"), ==, "new");
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", cases, token,
                                       "{\"subject\": \"Змінити тариф\", \"description\": \"з березня\"}");
    second = created_case (r);
  }
  g_assert_cmpint (first, !=, second);
  {
    g_autoptr (GArray) linked = desk_store_list_call_cases (f->store, f->call1, &error);
    g_assert_cmpuint (linked->len, ==, 2);
  }
  {
    g_autoptr (ApiReply) no_subject = api_call (f, "POST", cases, token, "{}");
    g_autoptr (ApiReply) bad_priority = api_call (f, "POST", cases, token,
                                                  "{\"subject\": \"x\", \"priority\": \"asap\"}");
    g_autoptr (ApiReply) for_other = api_call (f, "POST", cases, token,
                                               "{\"subject\": \"x\", \"owner_id\": 4}");
    api_assert (no_subject, 400, "invalid");
    api_assert (bad_priority, 400, "invalid");
    api_assert (for_other, 403, "forbidden");
  }

  /* a call joins a case that exists */
  body = g_strdup_printf ("{\"case_id\": %" G_GINT64_FORMAT "}", f->case1);
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", links, token, body);
    g_autoptr (ApiReply) none = api_call (f, "POST", links, token, "{\"case_id\": 424242}");

    api_assert (r, 200, NULL);
    g_assert_cmpint (api_int (api_object (r), "id"), ==, f->case1);
    g_assert_cmpuint (none->status, >=, 400);
    g_assert_cmpuint (none->status, <, 500);
  }

  /* a call with cases is no "not a case"; a new call of op1's is */
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", not_case, token, NULL);
    api_assert (r, 409, "conflict");
  }
  {
    g_autoptr (DeskCall) call = desk_call_new ();
    g_autoptr (ApiReply) r = NULL;

    call->direction = DESK_CALL_DIRECTION_INBOUND;
    call->caller = g_strdup ("+380931112233");
    call->caller_e164 = g_strdup ("+380931112233");
    call->callee = g_strdup ("100");
    call->operator_id = f->op1;
    call->offered_at = g_get_real_time () / G_USEC_PER_SEC;
    call->outcome = DESK_CALL_OUTCOME_ANSWERED;
    not_case_b = path_for ("/api/v1/calls/%" G_GINT64_FORMAT "/not-a-case",
                           desk_store_add_call (f->store, call, &error));
    g_assert_no_error (error);
    r = api_call (f, "POST", not_case_b, token, NULL);
    api_assert (r, 200, NULL);
  }

  /* a scenario button opens a typed case in one step */
  body = (g_free (body), g_strdup_printf ("{\"scenario_id\": %" G_GINT64_FORMAT "}", f->scenario));
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", scenario, token, body);
    g_autoptr (ApiReply) none = api_call (f, "POST", scenario, token, "{\"scenario_id\": 999}");
    g_autoptr (ApiReply) typed_wrong = api_call (f, "POST", scenario, token,
                                                 "{\"scenario_id\": \"1\"}");

    typed = created_case (r);
    g_assert_cmpstr (api_str (api_object (r), "subject"), ==, "Запит балансу");
    g_assert_cmpstr (api_str (api_object (r), "priority"), ==, "low");
    g_assert_cmpint (typed, !=, first);
    api_assert (none, 404, "not_found");
    api_assert (typed_wrong, 400, "invalid");
  }

  /* calls that are not op1's, or do not exist */
  {
    g_autofree char *other = path_for ("/api/v1/calls/%" G_GINT64_FORMAT "/cases", f->call2);
    g_autoptr (ApiReply) r = api_call (f, "POST", other, token, "{\"subject\": \"x\"}");
    g_autoptr (ApiReply) none = api_call (f, "POST", "/api/v1/calls/424242/cases", token,
                                          "{\"subject\": \"x\"}");
    api_assert (r, 404, "not_found");
    api_assert (none, 404, "not_found");
  }
}

static void
test_case_life (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autofree char *path = path_for ("/api/v1/cases/%" G_GINT64_FORMAT, f->case1);
  g_autofree char *comments = path_for ("/api/v1/cases/%" G_GINT64_FORMAT "/comments", f->case1);
  JsonArray *timeline;

  {
    g_autoptr (ApiReply) r = api_call (f, "GET", path, token, NULL);

    api_assert (r, 200, NULL);
    g_assert_cmpstr (api_str (json_object_get_object_member (api_object (r), "case"), "subject"),
                     ==, "Немає інтернету");
    timeline = json_object_get_array_member (api_object (r), "timeline");
    g_assert_cmpuint (json_array_get_length (timeline), >=, 1);
    g_assert_cmpstr (api_str (json_array_get_object_element (timeline, 0), "kind"), ==, "created");
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"status\": \"in_progress\", \"priority\": \"urgent\"}");
    api_assert (r, 200, NULL);
    g_assert_cmpstr (api_str (api_object (r), "status"), ==, "in_progress");
    g_assert_cmpstr (api_str (api_object (r), "priority"), ==, "urgent");
  }
  {
    /* resolving needs a resolution; nothing changes when it is missing */
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"status\": \"resolved\", \"priority\": \"low\"}");
    g_autoptr (ApiReply) after = api_call (f, "GET", path, token, NULL);

    api_assert (r, 400, "invalid");
    g_assert_cmpstr (api_str (json_object_get_object_member (api_object (after), "case"),
                              "priority"), ==, "urgent");
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "POST", comments, token,
                                       "{\"body\": \"Перезавантажили роутер\", \"public\": true}");
    g_autoptr (ApiReply) empty = api_call (f, "POST", comments, token, "{\"body\": \"\"}");
    g_autoptr (ApiReply) typed = api_call (f, "POST", comments, token, "{\"body\": [1]}");
    g_autoptr (ApiReply) none = api_call (f, "POST", "/api/v1/cases/424242/comments", token,
                                          "{\"body\": \"x\"}");
    JsonObject *last;

    api_assert (r, 201, NULL);
    timeline = json_object_get_array_member (api_object (r), "timeline");
    last = json_array_get_object_element (timeline, json_array_get_length (timeline) - 1);
    g_assert_cmpstr (api_str (last, "kind"), ==, "note");
    g_assert_cmpstr (api_str (last, "body"), ==, "Перезавантажили роутер");
    g_assert_true (json_object_get_boolean_member (last, "public"));
    g_assert_cmpint (api_int (last, "actor_id"), ==, f->op1);
    api_assert (empty, 400, "invalid");
    api_assert (typed, 400, "invalid");
    api_assert (none, 404, "not_found");
  }
  {
    g_autoptr (ApiReply) r = api_call (f, "PATCH", path, token,
                                       "{\"status\": \"resolved\", \"resolution\": \"solved\","
                                       " \"note\": \"Працює\"}");
    g_autoptr (ApiReply) bad = api_call (f, "PATCH", path, token, "{\"status\": \"done\"}");
    g_autoptr (ApiReply) nothing = api_call (f, "PATCH", path, token, "{}");
    g_autoptr (ApiReply) none = api_call (f, "GET", "/api/v1/cases/424242", token, NULL);

    api_assert (r, 200, NULL);
    g_assert_cmpstr (api_str (api_object (r), "status"), ==, "resolved");
    g_assert_cmpstr (api_str (api_object (r), "resolution"), ==, "solved");
    g_assert_cmpstr (api_str (api_object (r), "resolution_note"), ==, "Працює");
    api_assert (bad, 400, "invalid");
    api_assert (nothing, 400, "invalid");
    api_assert (none, 404, "not_found");
  }
  {
    /* give it to the pool, then an owner again */
    g_autoptr (ApiReply) pool = api_call (f, "PATCH", path, token, "{\"owner\": null}");
    g_autofree char *body = g_strdup_printf ("{\"owner\": %" G_GINT64_FORMAT "}", f->op1);
    g_autoptr (ApiReply) mine = api_call (f, "PATCH", path, token, body);

    api_assert (pool, 200, NULL);
    g_assert_true (json_object_get_null_member (api_object (pool), "owner_id"));
    api_assert (mine, 200, NULL);
    g_assert_cmpint (api_int (api_object (mine), "owner_id"), ==, f->op1);
  }
}

static void
test_roles (ApiFixture *f, gconstpointer data)
{
  g_autofree char *op1 = api_login (f, "op1");
  g_autofree char *boss = api_login (f, "boss");
  g_autofree char *super = api_login (f, "super");
  g_autofree char *other_case = path_for ("/api/v1/cases/%" G_GINT64_FORMAT, f->case2);
  g_autofree char *other_inbox = path_for ("/api/v1/inbox?user_id=%" G_GINT64_FORMAT, f->op2);
  g_autofree char *other_call = path_for ("/api/v1/calls/%" G_GINT64_FORMAT "/cases", f->call2);
  g_autofree char *other_client = path_for ("/api/v1/clients/%" G_GINT64_FORMAT, f->ivan);
  g_autofree char *give = g_strdup_printf ("{\"owner\": %" G_GINT64_FORMAT "}", f->op2);

  {
    /* an operator reads any case and any client, but changes only their own */
    g_autoptr (ApiReply) read = api_call (f, "GET", other_case, op1, NULL);
    g_autoptr (ApiReply) change = api_call (f, "PATCH", other_case, op1,
                                            "{\"priority\": \"high\"}");
    g_autoptr (ApiReply) client = api_call (f, "GET", other_client, op1, NULL);

    api_assert (read, 200, NULL);
    api_assert (change, 403, "forbidden");
    api_assert (client, 200, NULL);
  }
  {
    g_autoptr (ApiReply) change = api_call (f, "PATCH", other_case, boss,
                                            "{\"priority\": \"high\"}");
    api_assert (change, 200, NULL);
  }
  {
    /* another operator's inbox and calls: supervisors and the owner only */
    g_autoptr (ApiReply) op = api_call (f, "GET", other_inbox, op1, NULL);
    g_autoptr (ApiReply) sup = api_call (f, "GET", other_inbox, super, NULL);
    g_autoptr (ApiReply) own = api_call (f, "GET", other_inbox, boss, NULL);
    g_autoptr (ApiReply) bad = api_call (f, "GET", "/api/v1/inbox?user_id=x", boss, NULL);

    api_assert (op, 403, "forbidden");
    api_assert (sup, 200, NULL);
    api_assert (own, 200, NULL);
    g_assert_cmpint (api_int (api_object (own), "user_id"), ==, f->op2);
    g_assert_true (array_has_id (own, "cases", f->case2));
    api_assert (bad, 400, "invalid");
  }
  {
    g_autoptr (ApiReply) op = api_call (f, "POST", other_call, op1, "{\"subject\": \"x\"}");
    g_autoptr (ApiReply) own = api_call (f, "POST", other_call, boss,
                                         "{\"subject\": \"Від власника\"}");

    api_assert (op, 404, "not_found");
    api_assert (own, 201, NULL);
  }
  {
    /* the owner of a case may pass it on, supervisors give any case */
    g_autofree char *mine = path_for ("/api/v1/cases/%" G_GINT64_FORMAT, f->case1);
    g_autoptr (ApiReply) op_gives = api_call (f, "PATCH", mine, op1, give);
    g_autoptr (ApiReply) sup_gives = api_call (f, "PATCH", mine, super, give);

    /* a case they do not own they may not take */
    api_assert (op_gives, 200, NULL);
    g_assert_cmpint (api_int (api_object (op_gives), "owner_id"), ==, f->op2);
    {
      g_autofree char *back = g_strdup_printf ("{\"owner\": %" G_GINT64_FORMAT "}", f->op1);
      g_autoptr (ApiReply) take = api_call (f, "PATCH", mine, op1, back);

      api_assert (take, 403, "forbidden");
    }
    api_assert (sup_gives, 200, NULL);
  }
}

static void
test_inbox (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autoptr (ApiReply) inbox = api_call (f, "GET", "/api/v1/inbox", token, NULL);
  g_autoptr (ApiReply) callbacks = api_call (f, "GET", "/api/v1/callbacks", token, NULL);
  g_autofree char *super = api_login (f, "super");
  g_autoptr (ApiReply) all = api_call (f, "GET", "/api/v1/callbacks", super, NULL);
  g_autoptr (ApiReply) nobody = api_call (f, "GET", "/api/v1/inbox", NULL, NULL);

  api_assert (inbox, 200, NULL);
  g_assert_cmpint (api_int (api_object (inbox), "user_id"), ==, f->op1);
  g_assert_cmpuint (array_length (inbox, "calls"), ==, 0);
  g_assert_true (array_has_id (inbox, "cases", f->case1));
  g_assert_false (array_has_id (inbox, "cases", f->case2));
  /* an operator's callbacks: theirs and those nobody has yet */
  g_assert_true (array_has_id (inbox, "callbacks", f->callback_free));
  g_assert_false (array_has_id (inbox, "callbacks", f->callback_op2));
  api_assert (callbacks, 200, NULL);
  g_assert_true (array_has_id (callbacks, "callbacks", f->callback_free));
  g_assert_false (array_has_id (callbacks, "callbacks", f->callback_op2));
  api_assert (all, 200, NULL);
  g_assert_true (array_has_id (all, "callbacks", f->callback_op2));
  api_assert (nobody, 401, "auth");
}

static void
test_knowledge_base (ApiFixture *f, gconstpointer data)
{
  g_autofree char *token = api_login (f, "op1");
  g_autoptr (ApiReply) found = api_call (f, "GET", "/api/v1/kb?q=%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C",
                                         token, NULL);   /* "пароль" */
  g_autofree char *path = path_for ("/api/v1/kb/%" G_GINT64_FORMAT, f->article_internal);
  g_autoptr (ApiReply) article = api_call (f, "GET", path, token, NULL);
  g_autoptr (ApiReply) none = api_call (f, "GET", "/api/v1/kb/424242", token, NULL);
  g_autoptr (ApiReply) missing = api_call (f, "GET", "/api/v1/kb", token, NULL);

  api_assert (found, 200, NULL);
  /* staff see the internal articles too */
  g_assert_true (array_has_id (found, "articles", f->article_public));
  g_assert_true (array_has_id (found, "articles", f->article_internal));
  api_assert (article, 200, NULL);
  g_assert_cmpstr (api_str (api_object (article), "visibility"), ==, "internal");
  g_assert_nonnull (strstr (api_str (api_object (article), "body"), "персоналу"));
  api_assert (none, 404, "not_found");
  api_assert (missing, 400, "invalid");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/desk/web/api/" path, ApiFixture, NULL, api_fixture_setup, func, \
              api_fixture_teardown)
  ADD ("client-search", test_client_search);
  ADD ("client-by-phone", test_client_by_phone);
  ADD ("client-card", test_client_card);
  ADD ("client-remove", test_client_remove);
  ADD ("client-cases", test_client_cases);
  ADD ("cases-from-calls", test_cases_from_calls);
  ADD ("case-life", test_case_life);
  ADD ("roles", test_roles);
  ADD ("inbox", test_inbox);
  ADD ("knowledge-base", test_knowledge_base);
#undef ADD
  return g_test_run ();
}
