/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-office-cases-test"

#include "store-fixture.h"

#include "desk-office.h"

#include <string.h>

/* Calls and cases on DeskOffice (desk-office-cases.c), on a real SQLite
 * store in a temporary directory; the office's telephony is not started. */

typedef struct
{
  StoreFixture base;
  DeskOffice *office;
  gint64 op;                 /* the operator who acts */
  gint64 other_op;
  gint64 client;             /* the identified caller */
  gint64 other_client;
  gint64 category;
  gint64 call;               /* an answered call from the client */
  gint64 anonymous_call;     /* a call nobody was identified for */
} CasesFixture;

static gint64
add_client (CasesFixture *f,
            const char   *name,
            const char   *e164)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, name);
  gint64 id;

  desk_client_add_phone (client, e164, NULL);
  id = desk_store_add_client (f->base.store, f->op, client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_call (CasesFixture *f,
          const char   *e164,
          gint64        client_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_call_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  call->direction = DESK_CALL_DIRECTION_INBOUND;
  call->caller = g_strdup (e164 ? e164 : "anonymous");
  call->caller_e164 = g_strdup (e164);
  call->callee = g_strdup ("100");
  call->client_id = client_id;
  call->operator_id = f->op;
  call->offered_at = now - 60;
  call->answered_at = now - 50;
  call->ended_at = now;
  call->talk_seconds = 50;
  call->outcome = DESK_CALL_OUTCOME_ANSWERED;
  id = desk_store_add_call (f->base.store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
cases_setup (CasesFixture  *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  store_fixture_setup (&f->base, data);
  f->office = desk_office_new (f->base.store);
  f->op = store_fixture_operator (&f->base, "operator");
  f->other_op = store_fixture_operator (&f->base, "other");
  f->client = add_client (f, "Леся Українка", "+380501112233");
  f->other_client = add_client (f, "Іван Франко", "+380671234567");
  f->category = desk_store_add_category (f->base.store, "Інтернет", 24, 0, &error);
  g_assert_no_error (error);
  f->call = add_call (f, "+380501112233", f->client);
  f->anonymous_call = add_call (f, NULL, 0);
}

static void
cases_teardown (CasesFixture  *f,
                gconstpointer  data)
{
  g_clear_object (&f->office);
  store_fixture_teardown (&f->base, data);
}

static DeskCase *
open_case (CasesFixture *f,
           gint64        call_id,
           gint64        client_id,
           const char   *subject)
{
  g_autoptr (GError) error = NULL;
  DeskCaseNew spec = {
    .client_id = client_id,
    .category_id = f->category,
    .subject = subject,
    .priority = DESK_PRIORITY_NORMAL,
    .owner_id = f->op,
    .channel = DESK_CHANNEL_PHONE,
  };
  DeskCase *kase = desk_office_open_case (f->office, f->op, call_id, &spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

static GArray *
call_cases (CasesFixture *f,
            gint64        call_id)
{
  g_autoptr (GError) error = NULL;
  GArray *cases = desk_store_list_call_cases (f->base.store, call_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cases);
  return cases;
}

static gboolean
call_is_not_a_case (CasesFixture *f,
                    gint64        call_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = desk_store_get_call (f->base.store, call_id, &error);

  g_assert_no_error (error);
  return call->not_a_case;
}

/* The events of @kind in the case's timeline that name @call_id (any call
 * if 0). */
static guint
count_events (CasesFixture      *f,
              gint64             case_id,
              DeskCaseEventKind  kind,
              gint64             call_id,
              gint64             actor_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = desk_store_list_case_events (f->base.store, case_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      DeskCaseEvent *event = g_ptr_array_index (events, i);

      if (event->kind == kind && (call_id == 0 || event->call_id == call_id) &&
          (actor_id == 0 || event->actor_id == actor_id))
        n++;
    }
  return n;
}

/* One call raises two matters: two cases, both linked to it, both in their
 * timelines. */
static void
test_several_cases (CasesFixture  *f,
                    gconstpointer  data)
{
  g_autoptr (DeskCase) first = open_case (f, f->call, 0, "Немає інтернету");
  g_autoptr (DeskCase) second = open_case (f, f->call, 0, "Рахунок завеликий");
  g_autoptr (GArray) cases = call_cases (f, f->call);

  g_assert_cmpint (first->id, !=, second->id);
  g_assert_cmpint (second->number, ==, first->number + 1);
  g_assert_cmpuint (cases->len, ==, 2);
  g_assert_cmpint (g_array_index (cases, gint64, 0), ==, first->id);
  g_assert_cmpint (g_array_index (cases, gint64, 1), ==, second->id);
  g_assert_cmpuint (count_events (f, first->id, DESK_CASE_EVENT_CALL, f->call, f->op), ==, 1);
  g_assert_cmpuint (count_events (f, second->id, DESK_CASE_EVENT_CALL, f->call, f->op), ==, 1);
  g_assert_cmpuint (count_events (f, first->id, DESK_CASE_EVENT_CREATED, 0, f->op), ==, 1);
  g_assert_cmpstr (second->subject, ==, "Рахунок завеликий");
  g_assert_cmpint (second->category_id, ==, f->category);

  /* The other call has none of them. */
  g_clear_pointer (&cases, g_array_unref);
  cases = call_cases (f, f->anonymous_call);
  g_assert_cmpuint (cases->len, ==, 0);
}

/* The case is the identified caller's unless the operator names another;
 * a call nobody was identified for opens a case without a client. */
static void
test_client_defaults (CasesFixture  *f,
                      gconstpointer  data)
{
  g_autoptr (DeskCase) by_default = open_case (f, f->call, 0, "Немає інтернету");
  g_autoptr (DeskCase) named = open_case (f, f->call, f->other_client, "Для сусіда");
  g_autoptr (DeskCase) anonymous = open_case (f, f->anonymous_call, 0, "Хтось питав");
  g_autoptr (DeskCase) anonymous_named = open_case (f, f->anonymous_call, f->other_client,
                                                    "Назвався по телефону");

  g_assert_cmpint (by_default->client_id, ==, f->client);
  g_assert_cmpint (named->client_id, ==, f->other_client);
  g_assert_cmpint (anonymous->client_id, ==, 0);
  g_assert_cmpint (anonymous_named->client_id, ==, f->other_client);
}

/* A call about a case that exists joins its timeline, with who linked it;
 * linking it again changes nothing. */
static void
test_link_existing (CasesFixture  *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) cases = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew spec = {
    .client_id = f->client,
    .category_id = f->category,
    .subject = "Заявка з порталу",
    .priority = DESK_PRIORITY_NORMAL,
    .channel = DESK_CHANNEL_PORTAL,
  };
  gboolean linked = FALSE;

  kase = desk_store_create_case (f->base.store, f->other_op, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f, kase->id, DESK_CASE_EVENT_CALL, 0, 0), ==, 0);

  g_assert_true (desk_office_link_call (f->office, f->op, f->call, kase->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f, kase->id, DESK_CASE_EVENT_CALL, f->call, f->op), ==, 1);
  cases = call_cases (f, f->call);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpint (g_array_index (cases, gint64, 0), ==, kase->id);

  audit = desk_store_list_audit (f->base.store, "case", kase->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      DeskAuditEntry *entry = g_ptr_array_index (audit, i);

      linked |= g_str_equal (entry->action, "case.link") && entry->actor_id == f->op;
    }
  g_assert_true (linked);

  g_assert_true (desk_office_link_call (f->office, f->op, f->call, kase->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f, kase->id, DESK_CASE_EVENT_CALL, 0, 0), ==, 1);
}

/* A wrong number is marked "not a case": the call stays in the records and
 * is counted; a call that has cases cannot be marked. */
static void
test_not_a_case (CasesFixture  *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  gboolean marked = FALSE;

  g_assert_true (desk_office_mark_not_a_case (f->office, f->op, f->anonymous_call, &error));
  g_assert_no_error (error);
  g_assert_true (call_is_not_a_case (f, f->anonymous_call));
  g_assert_false (call_is_not_a_case (f, f->call));
  /* Kept and counted: on disk, as reports read it. */
  g_assert_cmpint (store_fixture_count (&f->base, "SELECT count(*) FROM calls"), ==, 2);
  g_assert_cmpint (store_fixture_count (&f->base,
                                        "SELECT count(*) FROM calls WHERE not_a_case = 1"), ==, 1);
  audit = desk_store_list_audit (f->base.store, "call", f->anonymous_call, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      DeskAuditEntry *entry = g_ptr_array_index (audit, i);

      marked |= g_str_equal (entry->action, "call.not_a_case") && entry->actor_id == f->op;
    }
  g_assert_true (marked);

  /* Marking it again is harmless. */
  g_assert_true (desk_office_mark_not_a_case (f->office, f->op, f->anonymous_call, &error));
  g_assert_no_error (error);
  g_assert_true (call_is_not_a_case (f, f->anonymous_call));

  /* The client's call has a case: refused, and left as it was. */
  kase = open_case (f, f->call, 0, "Немає інтернету");
  g_assert_false (desk_office_mark_not_a_case (f->office, f->op, f->call, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "linked"));
  g_assert_false (call_is_not_a_case (f, f->call));
  g_assert_cmpint (store_fixture_count (&f->base,
                                        "SELECT count(*) FROM calls WHERE not_a_case = 1"), ==, 1);
}

/* Opening a case from a call marked "not a case", or linking it to one,
 * takes the mark away: the call was a case after all. */
static void
test_case_clears_mark (CasesFixture  *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) opened = NULL;
  g_autoptr (DeskCase) other = NULL;
  gint64 third;

  g_assert_true (desk_office_mark_not_a_case (f->office, f->op, f->call, &error));
  g_assert_true (call_is_not_a_case (f, f->call));
  opened = open_case (f, f->call, 0, "Все-таки питання");
  g_assert_false (call_is_not_a_case (f, f->call));

  /* And by linking. */
  g_assert_true (desk_office_mark_not_a_case (f->office, f->op, f->anonymous_call, &error));
  g_assert_no_error (error);
  g_assert_true (call_is_not_a_case (f, f->anonymous_call));
  g_assert_true (desk_office_link_call (f->office, f->op, f->anonymous_call, opened->id, &error));
  g_assert_no_error (error);
  g_assert_false (call_is_not_a_case (f, f->anonymous_call));

  /* By a scenario too. */
  third = add_call (f, "+380671234567", f->other_client);
  g_assert_true (desk_office_mark_not_a_case (f->office, f->op, third, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_fixture_count (&f->base,
                                        "SELECT count(*) FROM calls WHERE not_a_case = 1"), ==, 1);
  {
    gint64 scenario = desk_store_add_scenario (f->base.store, "Питання", f->category, "Питання",
                                               DESK_PRIORITY_LOW, &error);

    g_assert_no_error (error);
    other = desk_office_run_scenario (f->office, f->op, third, scenario, &error);
    g_assert_no_error (error);
  }
  g_assert_false (call_is_not_a_case (f, third));
  g_assert_cmpint (store_fixture_count (&f->base,
                                        "SELECT count(*) FROM calls WHERE not_a_case = 1"), ==, 0);
}

/* A scenario button opens its typed case in one step: category, subject and
 * priority from the scenario, the operator as owner, the call's client,
 * linked to the call. One meant to be settled on the spot is resolved. */
static void
test_scenario (CasesFixture  *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) open = NULL;
  g_autoptr (DeskCase) settled = NULL;
  g_autoptr (DeskScenario) read = NULL;
  g_autoptr (GArray) cases = NULL;
  gint64 repair, question, tariffs;

  tariffs = desk_store_add_category (f->base.store, "Тарифи", 48, 0, &error);
  g_assert_no_error (error);
  repair = desk_store_add_scenario (f->base.store, "Виклик майстра", f->category,
                                    "Потрібен майстер", DESK_PRIORITY_HIGH, &error);
  g_assert_no_error (error);
  question = desk_store_add_scenario (f->base.store, "Питання про тариф", tariffs,
                                      "Питання про тариф", DESK_PRIORITY_LOW, &error);
  g_assert_no_error (error);
  g_assert_true (desk_store_set_scenario_resolve_at_once (f->base.store, question, TRUE, &error));
  g_assert_no_error (error);
  read = desk_store_get_scenario (f->base.store, question, &error);
  g_assert_no_error (error);
  g_assert_true (read->resolve_at_once);
  g_clear_pointer (&read, desk_scenario_free);
  read = desk_store_get_scenario (f->base.store, repair, &error);
  g_assert_false (read->resolve_at_once);

  open = desk_office_run_scenario (f->office, f->op, f->call, repair, &error);
  g_assert_no_error (error);
  g_assert_nonnull (open);
  g_assert_cmpint (open->category_id, ==, f->category);
  g_assert_cmpstr (open->subject, ==, "Потрібен майстер");
  g_assert_cmpint (open->priority, ==, DESK_PRIORITY_HIGH);
  g_assert_cmpint (open->owner_id, ==, f->op);
  g_assert_cmpint (open->client_id, ==, f->client);
  g_assert_cmpint (open->channel, ==, DESK_CHANNEL_PHONE);
  g_assert_cmpint (open->status, !=, DESK_CASE_STATUS_RESOLVED);
  g_assert_cmpint (open->status, !=, DESK_CASE_STATUS_CLOSED);
  g_assert_cmpuint (count_events (f, open->id, DESK_CASE_EVENT_STATUS, 0, 0), ==, 0);

  settled = desk_office_run_scenario (f->office, f->op, f->call, question, &error);
  g_assert_no_error (error);
  g_assert_nonnull (settled);
  g_assert_cmpint (settled->category_id, ==, tariffs);
  g_assert_cmpint (settled->priority, ==, DESK_PRIORITY_LOW);
  g_assert_cmpint (settled->status, ==, DESK_CASE_STATUS_RESOLVED);
  g_assert_cmpint (settled->resolution, ==, DESK_RESOLUTION_SOLVED);
  g_assert_cmpstr (settled->resolution_note, ==, "Питання про тариф");
  g_assert_cmpuint (count_events (f, settled->id, DESK_CASE_EVENT_STATUS, 0, f->op), ==, 1);

  cases = call_cases (f, f->call);
  g_assert_cmpuint (cases->len, ==, 2);
  g_assert_cmpuint (count_events (f, open->id, DESK_CASE_EVENT_CALL, f->call, f->op), ==, 1);
  g_assert_cmpuint (count_events (f, settled->id, DESK_CASE_EVENT_CALL, f->call, f->op), ==, 1);

  /* The setting goes back off, and an unknown scenario has none. */
  g_assert_true (desk_store_set_scenario_resolve_at_once (f->base.store, question, FALSE, &error));
  g_clear_pointer (&read, desk_scenario_free);
  read = desk_store_get_scenario (f->base.store, question, &error);
  g_assert_false (read->resolve_at_once);
  g_assert_false (desk_store_set_scenario_resolve_at_once (f->base.store, question + 100, TRUE,
                                                           &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
}

static void
assert_refused (GError     **error,
                DeskError    code,
                const char  *words)
{
  g_assert_error (*error, DESK_ERROR, (gint) code);
  g_test_message ("refused: %s", (*error)->message);
  if (words)
    g_assert_nonnull (strstr ((*error)->message, words));
  g_clear_error (error);
}

/* Ids that are missing or wrong say so, and change nothing: neither a case
 * nor the call's "not a case" mark. */
static void
test_bad_ids (CasesFixture  *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCase) kase = open_case (f, f->anonymous_call, 0, "Перевірка");
  g_autoptr (GArray) cases = NULL;
  DeskCaseNew spec = { .subject = "Будь-що", .priority = DESK_PRIORITY_NORMAL,
                       .channel = DESK_CHANNEL_PHONE };
  gint64 missing = f->call + 1000;
  gint64 cases_before;

  g_assert_true (desk_office_mark_not_a_case (f->office, f->op, f->call, &error));
  g_assert_no_error (error);
  cases_before = store_fixture_count (&f->base, "SELECT count(*) FROM cases");

  g_assert_null (desk_office_open_case (f->office, f->op, 0, &spec, &error));
  assert_refused (&error, DESK_ERROR_INVALID, "call");
  g_assert_null (desk_office_open_case (f->office, f->op, missing, &spec, &error));
  assert_refused (&error, DESK_ERROR_NOT_FOUND, "call");

  g_assert_false (desk_office_link_call (f->office, f->op, 0, kase->id, &error));
  assert_refused (&error, DESK_ERROR_INVALID, "call");
  g_assert_false (desk_office_link_call (f->office, f->op, missing, kase->id, &error));
  assert_refused (&error, DESK_ERROR_NOT_FOUND, "call");
  g_assert_false (desk_office_link_call (f->office, f->op, f->call, kase->id + 1000, &error));
  assert_refused (&error, DESK_ERROR_NOT_FOUND, "case");
  g_assert_false (desk_office_link_call (f->office, f->op, f->call, 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_false (desk_office_mark_not_a_case (f->office, f->op, 0, &error));
  assert_refused (&error, DESK_ERROR_INVALID, "call");
  g_assert_false (desk_office_mark_not_a_case (f->office, f->op, missing, &error));
  assert_refused (&error, DESK_ERROR_NOT_FOUND, "call");

  g_assert_null (desk_office_run_scenario (f->office, f->op, f->call, 4242, &error));
  assert_refused (&error, DESK_ERROR_NOT_FOUND, "scenario");
  {
    gint64 scenario = desk_store_add_scenario (f->base.store, "Питання", f->category, "Питання",
                                               DESK_PRIORITY_LOW, &error);

    g_assert_no_error (error);
    g_assert_null (desk_office_run_scenario (f->office, f->op, missing, scenario, &error));
    assert_refused (&error, DESK_ERROR_NOT_FOUND, "call");
  }

  /* A case the store refuses (an unknown category) leaves the call as it was. */
  spec.category_id = f->category + 1000;
  g_assert_null (desk_office_open_case (f->office, f->op, f->call, &spec, &error));
  assert_refused (&error, DESK_ERROR_NOT_FOUND, "category");
  spec.category_id = 0;
  spec.subject = "  ";
  g_assert_null (desk_office_open_case (f->office, f->op, f->call, &spec, &error));
  assert_refused (&error, DESK_ERROR_INVALID, "subject");

  g_assert_cmpint (store_fixture_count (&f->base, "SELECT count(*) FROM cases"), ==, cases_before);
  g_assert_true (call_is_not_a_case (f, f->call));
  cases = call_cases (f, f->call);
  g_assert_cmpuint (cases->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define CASES_TEST(path, func) \
  g_test_add (path, CasesFixture, NULL, cases_setup, func, cases_teardown)
  CASES_TEST ("/desk/office/cases/several-from-one-call", test_several_cases);
  CASES_TEST ("/desk/office/cases/client-defaults", test_client_defaults);
  CASES_TEST ("/desk/office/cases/link-existing", test_link_existing);
  CASES_TEST ("/desk/office/cases/not-a-case", test_not_a_case);
  CASES_TEST ("/desk/office/cases/case-clears-mark", test_case_clears_mark);
  CASES_TEST ("/desk/office/cases/scenario", test_scenario);
  CASES_TEST ("/desk/office/cases/bad-ids", test_bad_ids);
#undef CASES_TEST

  return g_test_run ();
}
