/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"
#include "desk-phone.h"

static gint64
add_person (StoreFixture *fixture,
            const char   *name,
            const char   *phone,
            const char   *contract)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, name);
  gint64 id;

  if (phone)
    desk_client_add_phone (client, phone, "mobile");
  if (contract)
    desk_client_add_asset (client, DESK_ASSET_KIND_CONTRACT, contract, NULL);
  id = desk_store_add_client (fixture->store, 0, client, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_none_one_several (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) none = NULL;
  g_autoptr (GArray) one = NULL;
  g_autoptr (GArray) several = NULL;
  g_autoptr (GArray) by_asset = NULL;
  gint64 mother = add_person (fixture, "Оксана Коваленко", "+380501112233", "Д-2024-001");
  gint64 son = add_person (fixture, "Андрій Коваленко", "+380501112233", NULL);
  gint64 other = add_person (fixture, "Сергей Иванов", "+79161234567", "Д-2024-002");
  gint64 clients_before = store_fixture_count (fixture, "SELECT count(*) FROM clients");

  none = desk_store_find_clients_by_phone (fixture->store, "+380671234567", &error);
  one = desk_store_find_clients_by_phone (fixture->store, "+79161234567", &error);
  several = desk_store_find_clients_by_phone (fixture->store, "+380501112233", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpint (g_array_index (one, gint64, 0), ==, other);
  g_assert_cmpuint (several->len, ==, 2);
  g_assert_cmpint (g_array_index (several, gint64, 0), ==, mother);
  g_assert_cmpint (g_array_index (several, gint64, 1), ==, son);

  by_asset = desk_store_find_clients_by_asset (fixture->store, "Д-2024-001", &error);
  g_assert_cmpuint (by_asset->len, ==, 1);
  g_assert_cmpint (g_array_index (by_asset, gint64, 0), ==, mother);

  /* Looking up an unknown number never creates a client. */
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM clients"), ==, clients_before);
}

static void
test_shared_asset (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) holders = NULL;
  gint64 org = add_person (fixture, "ТОВ «Світанок»", NULL, "K-77");
  gint64 staff = add_person (fixture, "Марія Бондар", NULL, NULL);

  g_assert_true (desk_store_add_client_asset (fixture->store, 0, staff, DESK_ASSET_KIND_CONTRACT,
                                              "K-77", &error));
  holders = desk_store_find_clients_by_asset (fixture->store, "K-77", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (holders->len, ==, 2);
  g_assert_cmpint (g_array_index (holders, gint64, 0), ==, org);
}

static void
test_phone_must_be_e164 (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, "Bad Phone");
  gint64 id = add_person (fixture, "Good", "+380441234567", NULL);

  desk_client_add_phone (client, "044 123 45 67", NULL);
  g_assert_cmpint (desk_store_add_client (fixture->store, 0, client, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  /* the failed insert left nothing behind */
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM clients"), ==, 1);

  g_assert_false (desk_store_add_client_phone (fixture->store, 0, id, "0441234567", NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (desk_store_find_clients_by_phone (fixture->store, "not a number", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_card_round_trip (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) card = NULL;
  g_autoptr (DeskClient) in = desk_client_new (DESK_CLIENT_KIND_PERSON, "Тарас Шевчук");
  gint64 id;

  desk_client_add_phone (in, "+380671112233", "mobile");
  desk_client_add_email (in, "taras@example.com");
  desk_client_add_asset (in, DESK_ASSET_KIND_DEVICE, "SN-ABC-123", "router");
  in->vip = TRUE;
  id = desk_store_add_client (fixture->store, 0, in, &error);
  g_assert_true (desk_store_add_client_phone (fixture->store, 0, id, "+380441234567", "home", &error));
  card = desk_store_get_client (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (card->name, ==, "Тарас Шевчук");
  g_assert_true (card->vip);
  g_assert_cmpuint (card->phones->len, ==, 2);
  g_assert_cmpstr (((DeskClientPhone *) g_ptr_array_index (card->phones, 1))->label, ==, "home");
  g_assert_cmpuint (card->emails->len, ==, 1);
  g_assert_cmpuint (card->assets->len, ==, 1);
  g_assert_cmpint (((DeskClientAsset *) g_ptr_array_index (card->assets, 0))->kind, ==,
                   DESK_ASSET_KIND_DEVICE);
  /* every change to a client is in the audit log */
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM audit_log "
                                                 "WHERE object_type = 'client'"), ==, 2);
  g_assert_null (desk_store_get_client (fixture->store, id + 100, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
}

static void
test_search (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) by_name = NULL;
  g_autoptr (GArray) by_tail = NULL;
  g_autoptr (GArray) by_asset = NULL;
  g_autoptr (GArray) too_short = NULL;
  gint64 a = add_person (fixture, "Оксана Коваленко", "+380501112233", "Д-2024-001");

  add_person (fixture, "Сергей Иванов", "+79161234567", NULL);
  by_name = desk_store_search_clients (fixture->store, "КОВАЛ", 10, &error);
  by_tail = desk_store_search_clients (fixture->store, "12233", 10, &error);
  by_asset = desk_store_search_clients (fixture->store, "Д-2024-001", 10, &error);
  too_short = desk_store_search_clients (fixture->store, "Ко", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_name->len, ==, 1);
  g_assert_cmpint (g_array_index (by_name, gint64, 0), ==, a);
  g_assert_cmpuint (by_tail->len, ==, 1);
  g_assert_cmpuint (by_asset->len, ==, 1);
  g_assert_cmpuint (too_short->len, ==, 0);
}

static void
test_normalized_then_found (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *typed = desk_phone_normalize ("(050) 111-22-33", "UA", &error);
  g_autoptr (GArray) found = NULL;

  add_person (fixture, "Оксана", "+380501112233", NULL);
  found = desk_store_find_clients_by_phone (fixture->store, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  STORE_TEST ("/desk/store/clients/none-one-several", test_none_one_several);
  STORE_TEST ("/desk/store/clients/shared-asset", test_shared_asset);
  STORE_TEST ("/desk/store/clients/phone-must-be-e164", test_phone_must_be_e164);
  STORE_TEST ("/desk/store/clients/card-round-trip", test_card_round_trip);
  STORE_TEST ("/desk/store/clients/search", test_search);
  STORE_TEST ("/desk/store/clients/normalized-then-found", test_normalized_then_found);
  return g_test_run ();
}
