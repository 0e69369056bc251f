/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo"

#include "desk-demo.h"
#include "desk-error.h"
#include "desk-phone.h"
#include "desk-sqlite-store.h"
#include "desk-test-utils.h"

#include <sqlite3.h>
#include <string.h>

/* 2024-05-01 10:00 UTC, a Wednesday, 13:00 in Kyiv: the anchor falls in a
 * working day, so today's history stops half-way through it. */
#define ANCHOR G_GINT64_CONSTANT (1714557600)
#define DAY (24 * 3600)

typedef struct
{
  char *dir;
  char *path;
  DeskSqliteStore *store;
  sqlite3 *db;             /* a second, read-only connection to the same file */
} Office;

static Office *
office_new (void)
{
  g_autoptr (GError) error = NULL;
  Office *office = g_new0 (Office, 1);

  office->dir = desk_test_tmpdir_new ("desk-demo");
  office->path = g_build_filename (office->dir, "office.db", NULL);
  office->store = desk_sqlite_store_new (office->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (office->path, &office->db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  return office;
}

static Office *
office_new_seeded (gint64 anchor)
{
  g_autoptr (GError) error = NULL;
  Office *office = office_new ();
  gint64 start = g_get_monotonic_time ();

  g_assert_true (desk_demo_seed (DESK_STORE (office->store), anchor, &error));
  g_assert_no_error (error);
  g_test_message ("Seeding took %.2f s", (g_get_monotonic_time () - start) / 1e6);
  return office;
}

static void
office_free (Office *office)
{
  sqlite3_close (office->db);
  desk_sqlite_store_close (office->store);
  g_object_unref (office->store);
  g_free (office->path);
  desk_test_tmpdir_free (office->dir);
  g_free (office);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Office, office_free)

/* The seeded office shared by the tests that only read it. */
static Office *shared;

static Office *
shared_office (void)
{
  if (shared == NULL)
    shared = office_new_seeded (ANCHOR);
  return shared;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Every table, rows in a fixed order, the salted password hashes left out.
 * FTS tables are indexes of tables that are dumped; sessions are not data. */
static char *
dump_database (sqlite3 *db)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name NOT LIKE '%fts%' AND name <> 'sessions' ORDER BY name", -1, &tables, NULL),
    ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autoptr (GString) sql = g_string_new (NULL);
      sqlite3_stmt *rows = NULL;
      int n;

      g_string_printf (sql, "SELECT * FROM \"%s\"", table);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &rows, NULL), ==, SQLITE_OK);
      n = sqlite3_column_count (rows);
      sqlite3_finalize (rows);
      g_string_append (sql, " ORDER BY ");
      for (int i = 1; i <= n; i++)
        g_string_append_printf (sql, i > 1 ? ", %d" : "%d", i);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &rows, NULL), ==, SQLITE_OK);

      g_string_append_printf (out, "== %s\n", table);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int i = 0; i < n; i++)
            {
              const char *name = sqlite3_column_name (rows, i);
              const char *value = (const char *) sqlite3_column_text (rows, i);

              if (i > 0)
                g_string_append_c (out, '|');
              if (strcmp (table, "users") == 0 && strcmp (name, "password_hash") == 0)
                g_string_append (out, "<hash>");
              else
                g_string_append (out, value ? value : "<null>");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  return g_string_free (out, FALSE);
}

static void
assert_same_dump (const char *a,
                  const char *b)
{
  g_auto (GStrv) lines_a = g_strsplit (a, "\n", -1);
  g_auto (GStrv) lines_b = g_strsplit (b, "\n", -1);

  for (guint i = 0; lines_a[i] || lines_b[i]; i++)
    if (g_strcmp0 (lines_a[i], lines_b[i]) != 0)
      {
        g_test_message ("line %u: “%s” ≠ “%s”", i + 1, lines_a[i], lines_b[i]);
        g_assert_cmpstr (lines_a[i], ==, lines_b[i]);
      }
}

static void
test_deterministic (void)
{
  g_autoptr (Office) first = office_new_seeded (ANCHOR);
  g_autoptr (Office) second = office_new_seeded (ANCHOR);
  g_autofree char *dump_first = dump_database (first->db);
  g_autofree char *dump_second = dump_database (second->db);

  g_assert_cmpuint (strlen (dump_first), >, 1000000);
  assert_same_dump (dump_first, dump_second);
}

static void
test_office (void)
{
  sqlite3 *db = shared_office ()->db;
  g_autofree char *route = NULL;
  g_autofree char *country = NULL;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM users"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM users WHERE "
                                  "(login = 'owner' AND role = 'owner' AND sip_user IS NULL) OR "
                                  "(login = 'supervisor' AND role = 'supervisor') OR "
                                  "(login = 'op1' AND role = 'operator' AND sip_user = '1001') OR "
                                  "(login = 'op2' AND role = 'operator' AND sip_user = '1002') OR "
                                  "(login = 'op3' AND role = 'operator' AND sip_user = '1003')"),
                   ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM users WHERE sip_user IS NOT NULL "
                                  "AND length(sip_password) >= 12"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT user_id) FROM user_skills"), ==, 4);

  route = query_text (db, "SELECT value FROM settings WHERE key = 'office-number'");
  country = query_text (db, "SELECT value FROM settings WHERE key = 'default-country'");
  g_assert_cmpstr (route, ==, "100");
  g_assert_cmpstr (country, ==, "UA");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM settings "
                                  "WHERE key = 'demo' AND value = '1'"), ==, 1);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients"), ==, 300);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE kind = 'organization'"),
                   >=, 20);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE organization_id IS NOT NULL"),
                   >=, 10);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE vip"), >=, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE id NOT IN "
                                  "(SELECT client_id FROM client_phones)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT client_id) FROM client_emails"), >=, 100);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT kind) FROM client_assets"), ==, 4);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM kb_articles"), ==, 40);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM kb_articles WHERE visibility = 'internal'"),
                   >=, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM kb_articles WHERE visibility = 'public'"),
                   >=, 25);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM news"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM case_categories"), >=, 6);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM scenarios"), >=, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM bot_rules WHERE hand_off"), >=, 1);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT funnel_stage) FROM dispositions"), ==, 8);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM campaigns WHERE mode = 'preview'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM campaign_contacts "
                                  "WHERE client_id IS NOT NULL"), ==, 30);
}

static void
test_telephony (void)
{
  sqlite3 *db = shared_office ()->db;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM queues"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM queues WHERE strategy = 'ring_all'"),
                   ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM queues WHERE strategy = 'skills' "
                                  "AND sticky_seconds = 20 AND skill_relax_seconds = 30"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM queue_members"), >=, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ivr_menus"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ivr_items"), <=, 5);
  g_assert_cmpint (query_int (db,
    "SELECT count(*) FROM ivr_items i JOIN queues q ON q.id = i.queue_id "
    "WHERE (digit = '1' AND action = 'queue' AND q.strategy = 'skills') "
    "   OR (digit = '2' AND action = 'queue' AND q.strategy = 'ring_all') "
    "   OR (digit = '0' AND action = 'operator' AND q.strategy = 'skills')"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ivr_items WHERE digit = '3' "
                                  "AND action = 'case_status'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM inbound_routes r JOIN ivr_menus m "
                                  "ON m.id = r.ivr_menu_id WHERE r.number = '100'"), ==, 1);
}

static void
test_history (void)
{
  sqlite3 *db = shared_office ()->db;
  g_autofree char *outside = g_strdup_printf (
    "WITH w (since, until) AS (SELECT %" G_GINT64_FORMAT " - 30 * 86400, %" G_GINT64_FORMAT ") "
    "SELECT (SELECT count(*) FROM calls, w WHERE offered_at < since OR ended_at >= until)"
    "     + (SELECT count(*) FROM chats, w WHERE started_at < since OR ended_at >= until)"
    "     + (SELECT count(*) FROM chat_messages, w WHERE at < since OR at >= until)"
    "     + (SELECT count(*) FROM case_events, w WHERE at < since OR at >= until)"
    "     + (SELECT count(*) FROM audit_log, w WHERE at < since OR at >= until)"
    "     + (SELECT count(*) FROM agent_state_log, w "
    "        WHERE started_at < since OR ended_at >= until)",
    ANCHOR, ANCHOR);
  gint64 calls = query_int (db, "SELECT count(*) FROM calls WHERE direction = 'inbound'");

  /* Everything lies in the 30 days before the anchor, and spans them. */
  g_assert_cmpint (query_int (db, outside), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT max(offered_at) - min(offered_at) FROM calls"), >,
                   28 * DAY);
  g_assert_cmpint (calls, >, 30 * 90);
  g_assert_cmpint (calls, <, 30 * 200);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT outcome) FROM calls WHERE outcome IN "
                                  "('answered', 'abandoned_queue', 'abandoned_ivr', "
                                  "'ivr_settled', 'callback')"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM calls WHERE direction = 'inbound' "
                                  "AND client_id IS NULL AND outcome = 'answered'"), >, 100);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM calls WHERE outcome = 'answered' AND "
                                  "(operator_id IS NULL OR answered_at IS NULL "
                                  " OR talk_seconds = 0)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM calls WHERE ivr_path = '3'"), >, 30);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM chats"), >, 300);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM chats WHERE csat IS NOT NULL"), >, 100);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT sender) FROM chat_messages"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM chats WHERE id NOT IN "
                                  "(SELECT chat_id FROM chat_messages)"), ==, 0);

  /* Cases, their lifecycle and their links to contacts */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM cases"), >, 500);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT status) FROM cases"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM cases WHERE resolution = 'not_a_case'"),
                   >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT channel) FROM cases"), >=, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM cases WHERE client_id IS NULL"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM (SELECT call_id FROM case_calls "
                                  "GROUP BY call_id HAVING count(*) > 1)"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM (SELECT case_id FROM case_calls "
                                  "GROUP BY case_id HAVING count(*) > 1)"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM case_chats"), >, 50);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT kind) FROM case_events"), >=, 8);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM case_events WHERE kind = 'status' "
                                  "AND old_value IN ('resolved', 'closed') "
                                  "AND new_value = 'in_progress'"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM cases c WHERE created_at > "
                                  "(SELECT min(at) FROM case_events e WHERE e.case_id = c.id)"),
                   ==, 0);

  /* Callbacks: most are done, a few still wait; one open per number and queue */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM callbacks WHERE status = 'done'"), >, 10);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM callbacks WHERE status = 'pending'"), >, 0);

  /* Agent states: one operator at a time in one state, offline now, never on
   * a break or offline while a call they answered was going on. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM agent_state_log WHERE ended_at IS NULL"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT reason) FROM agent_state_log "
                                  "WHERE reason IN ('Обід', 'Навчання')"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM agent_state_log a JOIN agent_state_log b "
                                  "ON a.user_id = b.user_id AND a.id < b.id "
                                  "AND a.started_at < b.ended_at AND b.started_at < a.ended_at"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM calls c WHERE outcome = 'answered' AND "
                                  "NOT EXISTS (SELECT 1 FROM agent_state_log s "
                                  "  WHERE s.user_id = c.operator_id AND s.state = 'on_contact' "
                                  "  AND s.started_at <= c.answered_at "
                                  "  AND s.ended_at >= c.ended_at)"),
                   ==, 0);
}

static void
test_logins (void)
{
  static const char * const logins[] = { "owner", "supervisor", "op1", "op2", "op3" };
  DeskStore *store = DESK_STORE (shared_office ()->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskUser) wrong = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autoptr (DeskUser) user = desk_store_authenticate (store, logins[i], "demo", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (user->login, ==, logins[i]);
    }
  wrong = desk_store_authenticate (store, "op1", "not-demo", &error);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_null (wrong);
}

static void
test_refuses_non_empty (void)
{
  g_autoptr (Office) office = office_new ();
  DeskStore *store = DESK_STORE (office->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *seeded_before = NULL;
  g_autofree char *seeded_after = NULL;
  DeskUserNew admin = { "admin", "Адміністратор", DESK_ROLE_OWNER, "secret" };

  g_assert_cmpint (desk_store_add_user (store, &admin, &error), >, 0);
  g_assert_no_error (error);
  before = dump_database (office->db);
  g_assert_false (desk_demo_seed (store, ANCHOR, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  after = dump_database (office->db);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);

  /* Seeding the demo office twice is refused the same way. */
  seeded_before = dump_database (shared_office ()->db);
  g_assert_false (desk_demo_seed (DESK_STORE (shared_office ()->store), ANCHOR - DAY, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  seeded_after = dump_database (shared_office ()->db);
  g_assert_true (g_str_equal (seeded_before, seeded_after));
}

static void
test_lookups (void)
{
  Office *office = shared_office ();
  DeskStore *store = DESK_STORE (office->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *shared_phone = query_text (office->db,
    "SELECT e164 FROM client_phones GROUP BY e164 HAVING count(*) > 1 ORDER BY e164 LIMIT 1");
  g_autofree char *unique_phone = query_text (office->db,
    "SELECT e164 FROM client_phones GROUP BY e164 HAVING count(*) = 1 ORDER BY e164 LIMIT 1");
  g_autofree char *shared_asset = query_text (office->db,
    "SELECT identifier FROM client_assets WHERE kind = 'contract' "
    "GROUP BY identifier HAVING count(*) > 2 ORDER BY identifier LIMIT 1");
  g_autoptr (GArray) several = NULL;
  g_autoptr (GArray) one = NULL;
  g_autoptr (GArray) staff = NULL;
  sqlite3_stmt *phones = NULL;

  g_assert_nonnull (shared_phone);
  g_assert_nonnull (unique_phone);
  g_assert_nonnull (shared_asset);
  several = desk_store_find_clients_by_phone (store, shared_phone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (several->len, >=, 2);
  one = desk_store_find_clients_by_phone (store, unique_phone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  staff = desk_store_find_clients_by_asset (store, shared_asset, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, >=, 3);
  g_assert_cmpint (query_int (office->db, "SELECT count(*) FROM (SELECT e164 FROM client_phones "
                                          "GROUP BY e164 HAVING count(*) > 1)"), >=, 5);

  /* Every stored number is one that the numbering plan accepts as it is. */
  g_assert_cmpint (sqlite3_prepare_v2 (office->db, "SELECT DISTINCT e164 FROM client_phones", -1,
                                       &phones, NULL), ==, SQLITE_OK);
  while (sqlite3_step (phones) == SQLITE_ROW)
    {
      const char *e164 = (const char *) sqlite3_column_text (phones, 0);
      g_autofree char *normal = desk_phone_normalize (e164, "UA", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normal, ==, e164);
      g_assert_true (g_str_has_prefix (e164, "+380"));
    }
  sqlite3_finalize (phones);
}

static guint
count_words (const char *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \n", -1);
  guint n = 0;

  for (guint i = 0; words[i]; i++)
    n += *words[i] != '\0';
  return n;
}

static void
test_knowledge (void)
{
  Office *office = shared_office ();
  DeskStore *store = DESK_STORE (office->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) routers = NULL;
  g_autoptr (GPtrArray) restart = NULL;
  g_autoptr (GPtrArray) tv = NULL;
  g_autoptr (GPtrArray) public_only = NULL;
  g_autoptr (GPtrArray) russian = NULL;

  /* Substrings of words: "оутер" of "роутер", "перезавант" of "перезавантажте". */
  routers = desk_store_search_articles (store, "оутер", FALSE, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (routers->len, >=, 3);
  restart = desk_store_search_articles (store, "перезавант", FALSE, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restart->len, >=, 1);
  russian = desk_store_search_articles (store, "скорост", FALSE, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (russian->len, >=, 1);
  /* "л" is D0 BB in UTF-8: a query must not be cut at the second byte of
   * "»" (C2 BB) when it is split into words. */
  tv = desk_store_search_articles (store, "телевіз", FALSE, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tv->len, >=, 1);
  public_only = desk_store_search_articles (store, "звернення", TRUE, 50, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < public_only->len; i++)
    g_assert_cmpint (((DeskArticle *) g_ptr_array_index (public_only, i))->visibility, ==,
                     DESK_VISIBILITY_PUBLIC);

  for (gint64 id = 1; id <= 40; id++)
    {
      g_autoptr (DeskArticle) article = desk_store_get_article (store, id, &error);
      guint words;

      g_assert_no_error (error);
      words = count_words (article->body);
      g_assert_cmpuint (words, >=, 150);
      g_assert_cmpuint (words, <=, 400);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/office/demo/deterministic", test_deterministic);
  g_test_add_func ("/desk/office/demo/office", test_office);
  g_test_add_func ("/desk/office/demo/telephony", test_telephony);
  g_test_add_func ("/desk/office/demo/history", test_history);
  g_test_add_func ("/desk/office/demo/logins", test_logins);
  g_test_add_func ("/desk/office/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/desk/office/demo/lookups", test_lookups);
  g_test_add_func ("/desk/office/demo/knowledge", test_knowledge);

  status = g_test_run ();
  g_clear_pointer (&shared, office_free);
  return status;
}
