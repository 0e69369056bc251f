/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"

static gint64
add_call (StoreFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_call_new ();
  gint64 id;

  call->direction = DESK_CALL_DIRECTION_INBOUND;
  call->caller = g_strdup ("+380501112233");
  call->caller_e164 = g_strdup ("+380501112233");
  call->callee = g_strdup ("100");
  call->offered_at = g_get_real_time () / G_USEC_PER_SEC;
  call->outcome = DESK_CALL_OUTCOME_ANSWERED;
  id = desk_store_add_call (fixture->store, call, &error);
  g_assert_no_error (error);
  return id;
}

static DeskCase *
open_case (StoreFixture *fixture,
           gint64        actor,
           gint64        call_id,
           const char   *subject)
{
  g_autoptr (GError) error = NULL;
  DeskCaseNew spec = { .subject = subject, .priority = DESK_PRIORITY_NORMAL,
                       .channel = DESK_CHANNEL_PHONE, .call_id = call_id };
  DeskCase *kase = desk_store_create_case (fixture->store, actor, &spec, &error);

  g_assert_no_error (error);
  return kase;
}

/* Each change to a case leaves one more timeline entry and one more audit
 * row, both written in the same transaction as the change. */
static void
assert_trail (StoreFixture *fixture,
              gint64        case_id,
              gint64        events,
              gint64        audits)
{
  g_autofree char *ev = g_strdup_printf ("SELECT count(*) FROM case_events WHERE case_id = %"
                                         G_GINT64_FORMAT, case_id);
  g_autofree char *au = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE object_type = "
                                         "'case' AND object_id = %" G_GINT64_FORMAT, case_id);

  g_assert_cmpint (store_fixture_count (fixture, ev), ==, events);
  g_assert_cmpint (store_fixture_count (fixture, au), ==, audits);
}

static void
test_non_personal_case_from_call (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) timeline = NULL;
  g_autoptr (GError) error = NULL;
  gint64 op = store_fixture_operator (fixture, "op1");
  gint64 call = add_call (fixture);
  g_autoptr (DeskCase) kase = open_case (fixture, op, call, "Нет интернета");
  DeskCaseEvent *first;

  g_assert_cmpint (kase->number, >=, 1001);
  g_assert_cmpint (kase->client_id, ==, 0);
  g_assert_cmpint (kase->status, ==, DESK_CASE_STATUS_NEW);
  g_assert_cmpint (kase->first_contact_resolution, ==, -1);
  g_assert_nonnull (kase->portal_token);

  timeline = desk_store_list_case_events (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, 2);
  first = g_ptr_array_index (timeline, 0);
  g_assert_cmpint (first->kind, ==, DESK_CASE_EVENT_CREATED);
  g_assert_cmpint (((DeskCaseEvent *) g_ptr_array_index (timeline, 1))->kind, ==,
                   DESK_CASE_EVENT_CALL);
  g_assert_cmpint (((DeskCaseEvent *) g_ptr_array_index (timeline, 1))->call_id, ==, call);
  assert_trail (fixture, kase->id, 2, 1);
  /* no client was made for the unknown caller */
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM clients"), ==, 0);
}

static void
test_several_cases_from_one_call (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 call = add_call (fixture);
  g_autoptr (DeskCase) a = open_case (fixture, 0, call, "Router");
  g_autoptr (DeskCase) b = open_case (fixture, 0, call, "Invoice");
  g_autoptr (DeskCase) c = open_case (fixture, 0, 0, "Earlier matter");

  g_assert_cmpint (b->number, ==, a->number + 1);
  g_assert_true (desk_store_link_case_contact (fixture->store, 0, c->id, call, 0, &error));
  /* linking twice changes nothing and records nothing */
  g_assert_true (desk_store_link_case_contact (fixture->store, 0, c->id, call, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM case_calls"), ==, 3);
  g_assert_false (desk_store_link_case_contact (fixture->store, 0, c->id, 0, 0, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_every_change_is_traced (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 op1 = store_fixture_operator (fixture, "op1");
  gint64 op2 = store_fixture_operator (fixture, "op2");
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, "Олег");
  gint64 client_id = desk_store_add_client (fixture->store, op1, client, &error);
  g_autoptr (DeskCase) kase = open_case (fixture, op1, 0, "Smth");
  g_autoptr (DeskCase) after = NULL;

  assert_trail (fixture, kase->id, 1, 1);
  g_assert_true (desk_store_assign_case (fixture->store, op1, kase->id, op2, &error));
  assert_trail (fixture, kase->id, 2, 2);
  g_assert_true (desk_store_set_case_priority (fixture->store, op2, kase->id, DESK_PRIORITY_HIGH, &error));
  assert_trail (fixture, kase->id, 3, 3);
  g_assert_true (desk_store_set_case_client (fixture->store, op2, kase->id, client_id, &error));
  assert_trail (fixture, kase->id, 4, 4);
  g_assert_true (desk_store_add_case_note (fixture->store, op2, kase->id, DESK_CASE_EVENT_NOTE,
                                           "Called back, router replaced", FALSE, &error));
  assert_trail (fixture, kase->id, 5, 5);
  g_assert_true (desk_store_set_case_status (fixture->store, op2, kase->id,
                                             DESK_CASE_STATUS_IN_PROGRESS, DESK_RESOLUTION_NONE,
                                             NULL, &error));
  assert_trail (fixture, kase->id, 6, 6);
  g_assert_no_error (error);

  after = desk_store_get_case (fixture->store, kase->id, &error);
  g_assert_cmpint (after->owner_id, ==, op2);
  g_assert_cmpint (after->priority, ==, DESK_PRIORITY_HIGH);
  g_assert_cmpint (after->client_id, ==, client_id);
  g_assert_cmpint (after->status, ==, DESK_CASE_STATUS_IN_PROGRESS);

  {
    g_autoptr (GArray) open = desk_store_list_client_cases (fixture->store, client_id, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (open->len, ==, 1);
    g_assert_cmpint (g_array_index (open, gint64, 0), ==, kase->id);
  }

  /* a refused change leaves no trace */
  g_assert_false (desk_store_add_case_note (fixture->store, op2, kase->id, DESK_CASE_EVENT_NOTE,
                                            "   ", FALSE, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  assert_trail (fixture, kase->id, 6, 6);
}

static void
test_lifecycle_and_resolution (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = open_case (fixture, 0, add_call (fixture), "Wrong number");
  g_autoptr (DeskCase) resolved = NULL;
  g_autoptr (DeskCase) closed = NULL;
  g_autoptr (DeskCase) reopened = NULL;

  /* new → closed skips resolving */
  g_assert_false (desk_store_set_case_status (fixture->store, 0, kase->id, DESK_CASE_STATUS_CLOSED,
                                              DESK_RESOLUTION_SOLVED, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  /* resolving needs a resolution */
  g_assert_false (desk_store_set_case_status (fixture->store, 0, kase->id, DESK_CASE_STATUS_RESOLVED,
                                              DESK_RESOLUTION_NONE, NULL, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  assert_trail (fixture, kase->id, 2, 1);

  /* "not a real case" is a resolution, counted like any other */
  g_assert_true (desk_store_set_case_status (fixture->store, 0, kase->id, DESK_CASE_STATUS_RESOLVED,
                                             DESK_RESOLUTION_NOT_A_CASE, "prank", &error));
  resolved = desk_store_get_case (fixture->store, kase->id, &error);
  g_assert_cmpint (resolved->resolution, ==, DESK_RESOLUTION_NOT_A_CASE);
  g_assert_cmpint (resolved->first_contact_resolution, ==, 1);

  g_assert_true (desk_store_set_case_status (fixture->store, 0, kase->id, DESK_CASE_STATUS_CLOSED,
                                             DESK_RESOLUTION_NONE, NULL, &error));
  closed = desk_store_get_case (fixture->store, kase->id, &error);
  g_assert_cmpint (closed->status, ==, DESK_CASE_STATUS_CLOSED);
  g_assert_cmpint (closed->resolution, ==, DESK_RESOLUTION_NOT_A_CASE);

  /* reopening is allowed, and clears the resolution */
  g_assert_true (desk_store_set_case_status (fixture->store, 0, kase->id,
                                             DESK_CASE_STATUS_IN_PROGRESS, DESK_RESOLUTION_NONE,
                                             "client called again", &error));
  reopened = desk_store_get_case (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reopened->status, ==, DESK_CASE_STATUS_IN_PROGRESS);
  g_assert_cmpint (reopened->resolution, ==, DESK_RESOLUTION_NONE);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM case_events "
                                                 "WHERE kind = 'status'"), ==, 3);
}

static void
test_never_deleted (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (DeskCase) kase = open_case (fixture, 0, add_call (fixture), "Keep me");
  sqlite3 *db = NULL;
  char *message = NULL;

  desk_sqlite_store_close (DESK_SQLITE_STORE (fixture->store));
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  /* the trigger refuses DELETE from any connection, not only ours */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM cases", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "never deleted"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM case_events", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE case_events SET body = 'x'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cases SET number = 1", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cases SET status = 'closed'", NULL, NULL, NULL), !=,
                   SQLITE_OK);
  sqlite3_close (db);

  store_fixture_reopen (fixture);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM cases"), ==, 1);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM case_events"), ==, 2);
}

static void
test_sla_due_time (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 category = desk_store_add_category (fixture->store, "Нет связи", 4, 0, &error);
  DeskCaseNew spec = { .subject = "Down", .category_id = category, .channel = DESK_CHANNEL_PHONE,
                       .created_at = 1700000000 };
  g_autoptr (DeskCase) kase = desk_store_create_case (fixture->store, 0, &spec, &error);
  DeskCaseNew bad = { .subject = "x", .category_id = 999, .channel = DESK_CHANNEL_PHONE };

  g_assert_no_error (error);
  g_assert_cmpint (kase->due_at, ==, 1700000000 + 4 * 3600);
  g_assert_null (desk_store_create_case (fixture->store, 0, &bad, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM cases"), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  STORE_TEST ("/desk/store/cases/non-personal-from-call", test_non_personal_case_from_call);
  STORE_TEST ("/desk/store/cases/several-from-one-call", test_several_cases_from_one_call);
  STORE_TEST ("/desk/store/cases/every-change-is-traced", test_every_change_is_traced);
  STORE_TEST ("/desk/store/cases/lifecycle-and-resolution", test_lifecycle_and_resolution);
  STORE_TEST ("/desk/store/cases/never-deleted", test_never_deleted);
  STORE_TEST ("/desk/store/cases/sla-due-time", test_sla_due_time);
  return g_test_run ();
}
