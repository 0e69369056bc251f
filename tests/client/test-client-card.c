/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeskClientCard against a real demo server: a number nobody has (and a
 * new client made from it), a number of one client with their open cases
 * and last contacts, a number two clients share, and edits in place. */
#include "desk-client-card.h"
#include "desk-error.h"
#include "desk-inbox-item-private.h"
#include "desk-test-server.h"

typedef struct
{
  DeskTestServer *server;
  DeskApiClient *api;
  char *failed;
} Fixture;

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static JsonNode *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *body)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) json = body ? json_from_string (body, &error) : NULL;
  Wait wait = { NULL };
  JsonNode *root;

  g_assert_no_error (error);
  desk_api_client_request_async (f->api, method, path, json, NULL, on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  root = desk_api_client_request_finish (f->api, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  return root;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  Wait wait = { NULL };
  g_autoptr (DeskSession) session = NULL;

  f->server = desk_test_server_start (FALSE);
  f->api = desk_api_client_new (f->server->base_uri);
  desk_api_client_login_async (f->api, "op1", "demo", NULL, on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  session = desk_api_client_login_finish (f->api, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->failed);
  g_object_unref (f->api);
  desk_test_server_stop (f->server);
}

static DeskInboxItem *
call_from (const char *number)
{
  DeskInboxItem *item = _desk_inbox_item_new (DESK_INBOX_CALL, 1);
  g_autoptr (JsonNode) node = json_from_string ("{}", NULL);

  json_object_set_string_member (json_node_get_object (node), "number", number);
  _desk_inbox_item_update_from_json (item, json_node_get_object (node));
  return item;
}

static gboolean
settled (gpointer data)
{
  return desk_client_card_get_state (data) != DESK_CARD_LOADING;
}

typedef struct
{
  GListModel *model;
  guint n;
} CountWait;

static gboolean
has_count (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static void
on_failed (DeskClientCard *card,
           const char     *message,
           Fixture        *f)
{
  g_free (f->failed);
  f->failed = g_strdup (message);
}

/* A demo client with past contacts whose first phone is theirs alone. */
static gint64
find_client (Fixture  *f,
             char    **phone,
             guint    *n_contacts,
             guint    *n_open)
{
  for (gint64 id = 1; id < 200; id++)
    {
      g_autofree char *path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT "/contacts", id);
      g_autoptr (JsonNode) contacts = request (f, "GET", path, NULL);
      g_autoptr (JsonNode) client = NULL;
      g_autoptr (JsonNode) matches = NULL;
      g_autoptr (JsonNode) cases = NULL;
      g_autofree char *by_phone = NULL;
      g_autofree char *escaped = NULL;
      JsonArray *phones;
      const char *number;

      *n_contacts = json_array_get_length (
        json_object_get_array_member (json_node_get_object (contacts), "contacts"));
      if (*n_contacts == 0)
        continue;
      g_free (path);
      path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT, id);
      client = request (f, "GET", path, NULL);
      phones = json_object_get_array_member (json_node_get_object (client), "phones");
      if (json_array_get_length (phones) == 0)
        continue;
      number = json_object_get_string_member (json_array_get_object_element (phones, 0),
                                              "number");
      escaped = g_uri_escape_string (number, NULL, FALSE);
      by_phone = g_strconcat ("/clients/by-phone?number=", escaped, NULL);
      matches = request (f, "GET", by_phone, NULL);
      if (g_strcmp0 (json_object_get_string_member (json_node_get_object (matches), "match"),
                     "one") != 0)
        continue;
      g_free (path);
      path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT "/cases?open=1", id);
      cases = request (f, "GET", path, NULL);
      *n_open = json_array_get_length (
        json_object_get_array_member (json_node_get_object (cases), "cases"));
      *phone = g_strdup (number);
      return id;
    }
  g_assert_not_reached ();
}

static void
test_one (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *phone = NULL;
  guint n_contacts = 0, n_open = 0;
  gint64 id = find_client (f, &phone, &n_contacts, &n_open);
  g_autoptr (DeskInboxItem) item = call_from (phone);
  g_autoptr (DeskClientCard) card = desk_client_card_new (f->api, item);
  g_autoptr (DeskCardContact) contact = NULL;
  CountWait contacts = { desk_client_card_get_last_contacts (card), MIN (n_contacts, 10) };
  CountWait cases = { desk_client_card_get_open_cases (card), n_open };

  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_LOADING);
  g_assert_true (desk_test_wait_until (settled, card, 10000));
  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_ONE);
  g_assert_cmpstr (desk_client_card_get_number (card), ==, phone);
  g_assert_cmpint (desk_client_card_get_client (card)->id, ==, id);
  g_assert_nonnull (desk_client_card_get_client (card)->name);
  g_assert_true (desk_test_wait_until (has_count, &contacts, 10000));
  g_assert_true (desk_test_wait_until (has_count, &cases, 10000));

  contact = g_list_model_get_item (contacts.model, 0);
  g_assert_nonnull (desk_card_contact_get_summary (contact));
  g_assert_cmpint (desk_card_contact_get_at (contact), >, 0);
  g_assert_true (g_str_equal (desk_card_contact_get_channel (contact), "phone") ||
                 g_str_equal (desk_card_contact_get_channel (contact), "chat") ||
                 g_str_equal (desk_card_contact_get_channel (contact), "portal"));
  /* The properties the window binds to show what the getters give. */
  {
    g_autofree char *channel = NULL;
    g_autofree char *summary = NULL;
    gint64 at = 0;

    g_object_get (contact, "channel", &channel, "at", &at, "summary", &summary, NULL);
    g_assert_cmpstr (channel, ==, desk_card_contact_get_channel (contact));
    g_assert_cmpstr (summary, ==, desk_card_contact_get_summary (contact));
    g_assert_cmpint (at, ==, desk_card_contact_get_at (contact));
  }
  if (n_open > 0)
    {
      g_autoptr (DeskCardCase) kase = g_list_model_get_item (cases.model, 0);
      g_autofree char *subject = NULL;
      g_autofree char *status = NULL;
      gint64 case_id = 0, number = 0, due_at = -1;

      g_object_get (kase, "id", &case_id, "number", &number, "subject", &subject,
                    "status", &status, "due-at", &due_at, NULL);
      g_assert_cmpint (case_id, ==, desk_card_case_get_id (kase));
      g_assert_cmpint (case_id, >, 0);
      g_assert_cmpint (number, ==, desk_card_case_get_number (kase));
      g_assert_cmpstr (subject, ==, desk_card_case_get_subject (kase));
      g_assert_nonnull (status);
      g_assert_cmpstr (status, ==, desk_card_case_get_status (kase));
      g_assert_cmpint (due_at, ==, desk_card_case_get_due_at (kase));
    }
  for (guint i = 1; i < g_list_model_get_n_items (contacts.model); i++)
    {
      g_autoptr (DeskCardContact) before = g_list_model_get_item (contacts.model, i - 1);
      g_autoptr (DeskCardContact) after = g_list_model_get_item (contacts.model, i);

      g_assert_cmpint (desk_card_contact_get_at (before), >=, desk_card_contact_get_at (after));
    }
}

static void
test_several (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *phone = NULL;
  g_autofree char *body = NULL;
  guint n_contacts = 0, n_open = 0;
  gint64 id = find_client (f, &phone, &n_contacts, &n_open);
  g_autoptr (JsonNode) twin = NULL;
  g_autoptr (DeskInboxItem) item = NULL;
  g_autoptr (DeskClientCard) card = NULL;
  GListModel *candidates;
  gint64 twin_id;

  body = g_strdup_printf ("{\"name\":\"Друга Особа\",\"phones\":[{\"number\":\"%s\"}]}", phone);
  twin = request (f, "POST", "/clients", body);
  twin_id = json_object_get_int_member (json_node_get_object (twin), "id");

  item = call_from (phone);
  card = desk_client_card_new (f->api, item);
  g_assert_true (desk_test_wait_until (settled, card, 10000));
  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_SEVERAL);
  g_assert_null (desk_client_card_get_client (card));
  candidates = desk_client_card_get_candidates (card);
  g_assert_cmpuint (g_list_model_get_n_items (candidates), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (DeskCardCandidate) candidate = g_list_model_get_item (candidates, i);

      g_assert_true (desk_card_candidate_get_id (candidate) == id ||
                     desk_card_candidate_get_id (candidate) == twin_id);
      g_assert_cmpstr (desk_card_candidate_get_detail (candidate), ==, phone);
      if (i == 0)
        {
          g_autofree char *name = NULL;
          g_autofree char *detail = NULL;
          gint64 candidate_id = 0;

          g_object_get (candidate, "id", &candidate_id, "name", &name, "detail", &detail, NULL);
          g_assert_cmpint (candidate_id, ==, desk_card_candidate_get_id (candidate));
          g_assert_cmpstr (name, ==, desk_card_candidate_get_name (candidate));
          g_assert_cmpstr (detail, ==, phone);
        }
    }

  desk_client_card_pick (card, twin_id);
  g_assert_true (desk_test_wait_until (settled, card, 10000));
  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_ONE);
  g_assert_cmpstr (desk_client_card_get_client (card)->name, ==, "Друга Особа");

  /* A search fills the candidates and leaves the card as it is. */
  desk_client_card_search (card, "Друга Особа");
  {
    CountWait wait = { candidates, 1 };

    g_assert_true (desk_test_wait_until (has_count, &wait, 10000));
  }
  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_ONE);
}

/* What the card shows of its client: so many phones and assets. */
typedef struct
{
  DeskClientCard *card;
  guint phones;
  guint assets;
} CardCount;

static gboolean
card_counts (gpointer data)
{
  CardCount *want = data;
  const DeskClient *client = desk_client_card_get_client (want->card);

  return client && client->phones->len == want->phones && client->assets->len == want->assets;
}

static gboolean
wait_counts (DeskClientCard *card,
             guint           phones,
             guint           assets)
{
  CardCount want = { card, phones, assets };

  return desk_test_wait_until (card_counts, &want, 10000);
}

static gboolean
has_failed (gpointer data)
{
  return ((Fixture *) data)->failed != NULL;
}

static void
test_none_and_edits (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (DeskInboxItem) item = call_from ("+380441234599");
  g_autoptr (DeskClientCard) card = desk_client_card_new (f->api, item);
  const DeskClient *client;

  g_signal_connect (card, "failed", G_CALLBACK (on_failed), f);
  g_assert_true (desk_test_wait_until (settled, card, 10000));
  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_NONE);
  g_assert_null (desk_client_card_get_client (card));

  /* Editing needs a client. */
  desk_client_card_add_phone (card, "+380501110022", NULL);
  g_assert_cmpstr (f->failed, ==, "Choose a client first");
  g_clear_pointer (&f->failed, g_free);

  desk_client_card_create_client (card, "Нова Клієнтка", "person");
  g_assert_true (wait_counts (card, 1, 0));
  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_ONE);
  client = desk_client_card_get_client (card);
  g_assert_cmpstr (client->name, ==, "Нова Клієнтка");
  g_assert_cmpstr (((DeskClientPhone *) g_ptr_array_index (client->phones, 0))->e164, ==,
                   "+380441234599");

  /* A bad number: the server's reason, and the card as it was. */
  desk_client_card_add_phone (card, "12", NULL);
  g_assert_true (desk_test_wait_until (has_failed, f, 10000));
  g_assert_true (wait_counts (card, 1, 0));
  g_clear_pointer (&f->failed, g_free);

  desk_client_card_add_phone (card, "050 111 00 22", "mobile");
  g_assert_true (wait_counts (card, 2, 0));
  g_assert_null (f->failed);

  /* Removed on the server; the card shows what the server then has. */
  desk_client_card_remove_phone (card, "+380501110022");
  g_assert_true (wait_counts (card, 1, 0));
  g_assert_null (f->failed);
  client = desk_client_card_get_client (card);
  g_assert_cmpstr (((DeskClientPhone *) g_ptr_array_index (client->phones, 0))->e164, ==,
                   "+380441234599");

  /* Gone already: the server says which, and the card stays. */
  desk_client_card_remove_phone (card, "+380501110022");
  g_assert_true (desk_test_wait_until (has_failed, f, 10000));
  g_assert_nonnull (strstr (f->failed, "+380501110022"));
  g_assert_true (wait_counts (card, 1, 0));
  g_clear_pointer (&f->failed, g_free);

  /* A contract, added and taken off again. */
  desk_client_card_add_asset (card, "contract", "D-2024-17");
  g_assert_true (wait_counts (card, 1, 1));
  g_assert_null (f->failed);
  desk_client_card_remove_asset (card, "D-2024-17");
  g_assert_true (wait_counts (card, 1, 0));
  g_assert_null (f->failed);

  /* Read afresh, the server's card is the same. */
  {
    g_autoptr (DeskClientCard) fresh =
      desk_client_card_new_for_client (f->api, desk_client_card_get_client (card)->id);

    g_assert_true (desk_test_wait_until (settled, fresh, 10000));
    g_assert_cmpint (desk_client_card_get_state (fresh), ==, DESK_CARD_ONE);
    g_assert_true (wait_counts (fresh, 1, 0));
  }
}

static void
test_contacts_route (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  Wait wait = { NULL };
  g_autoptr (JsonNode) reply = NULL;

  desk_api_client_request_async (f->api, "GET", "/clients/999999/contacts", NULL, NULL, on_done,
                                 &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  reply = desk_api_client_request_finish (f->api, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  desk_api_client_request_async (f->api, "GET", "/clients/1/contacts?limit=0", NULL, NULL,
                                 on_done, &wait);
  g_assert_true (desk_test_wait_until (have_result, &wait, 20000));
  reply = desk_api_client_request_finish (f->api, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/client/card/one", Fixture, NULL, fixture_setup, test_one,
              fixture_teardown);
  g_test_add ("/desk/client/card/several", Fixture, NULL, fixture_setup, test_several,
              fixture_teardown);
  g_test_add ("/desk/client/card/none-and-edits", Fixture, NULL, fixture_setup,
              test_none_and_edits, fixture_teardown);
  g_test_add ("/desk/client/card/contacts-route", Fixture, NULL, fixture_setup,
              test_contacts_route, fixture_teardown);

  return g_test_run ();
}
