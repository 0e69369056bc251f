/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-fixture.h"

static void
test_add_and_authenticate (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskUser) user = NULL;
  DeskUserNew spec = { .login = "op1", .display_name = "Олена", .role = DESK_ROLE_OPERATOR,
                       .password = "demo", .sip_user = "1001" };
  gint64 id = desk_store_add_user (fixture->store, &spec, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* the password is never stored in clear */
  g_assert_cmpint (store_fixture_count (fixture,
                   "SELECT count(*) FROM users WHERE password_hash LIKE '$y$%' "
                   "AND password_hash NOT LIKE '%demo%'"), ==, 1);

  user = desk_store_authenticate (fixture->store, "OP1", "demo", &error);
  g_assert_no_error (error);
  g_assert_cmpint (user->id, ==, id);
  g_assert_cmpint (user->role, ==, DESK_ROLE_OPERATOR);
  g_assert_cmpstr (user->sip_user, ==, "1001");
  /* a SIP secret was made for the phone, and it is not the password */
  g_assert_nonnull (user->sip_password);
  g_assert_cmpuint (strlen (user->sip_password), >=, 16);
  g_assert_cmpstr (user->sip_password, !=, "demo");
}

static void
test_wrong_and_unknown_look_alike (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) wrong = NULL;
  g_autoptr (GError) unknown = NULL;
  g_autoptr (DeskUser) a = NULL;
  g_autoptr (DeskUser) b = NULL;

  store_fixture_operator (fixture, "op1");
  a = desk_store_authenticate (fixture->store, "op1", "nope", &wrong);
  b = desk_store_authenticate (fixture->store, "nobody", "secret", &unknown);
  g_assert_null (a);
  g_assert_null (b);
  g_assert_error (wrong, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_error (unknown, DESK_ERROR, DESK_ERROR_AUTH);
  g_assert_cmpstr (wrong->message, ==, unknown->message);
}

static void
test_bad_users_refused (StoreFixture *fixture, gconstpointer data)
{
  static const DeskUserNew bad[] = {
    { .login = "", .display_name = "x", .password = "p" },
    { .login = "has space", .display_name = "x", .password = "p" },
    { .login = "ok", .display_name = "", .password = "p" },
    { .login = "ok", .display_name = "x", .password = "" },
  };
  DeskUserNew first = { .login = "op1", .display_name = "x", .password = "p" };
  DeskUserNew again = { .login = "OP1", .display_name = "y", .password = "q" };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (desk_store_add_user (fixture->store, &bad[i], &error), ==, 0);
      g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (desk_store_add_user (fixture->store, &first, &error), >, 0);
  /* logins are case-insensitive and unique */
  g_assert_cmpint (desk_store_add_user (fixture->store, &again, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_CONFLICT);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT count(*) FROM users"), ==, 1);
}

static void
test_password_change_audited (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskUser) user = NULL;
  gint64 id = store_fixture_operator (fixture, "op1");

  g_assert_true (desk_store_set_password (fixture->store, id, id, "new-secret", &error));
  g_assert_no_error (error);
  user = desk_store_authenticate (fixture->store, "op1", "new-secret", &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_fixture_count (fixture,
                   "SELECT count(*) FROM audit_log WHERE action = 'user.password' "
                   "AND detail IS NULL"), ==, 1);
}

static void
test_skills_and_sip_lookup (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskUser) by_sip = NULL;
  DeskUserNew spec = { .login = "op2", .display_name = "Ігор", .password = "p", .sip_user = "1002",
                       .sip_password = "phone-secret" };
  gint64 id = desk_store_add_user (fixture->store, &spec, &error);
  gint64 skill = desk_store_add_skill (fixture->store, "billing", &error);

  g_assert_true (desk_store_set_user_skill (fixture->store, id, skill, 7, &error));
  g_assert_true (desk_store_set_user_skill (fixture->store, id, skill, 9, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_fixture_count (fixture, "SELECT level FROM user_skills"), ==, 9);
  g_assert_false (desk_store_set_user_skill (fixture->store, id, skill, 11, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  by_sip = desk_store_find_user_by_sip (fixture->store, "1002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_sip->sip_password, ==, "phone-secret");
  g_assert_null (desk_store_find_user_by_sip (fixture->store, "9999", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  STORE_TEST ("/desk/store/users/add-and-authenticate", test_add_and_authenticate);
  STORE_TEST ("/desk/store/users/wrong-and-unknown-look-alike", test_wrong_and_unknown_look_alike);
  STORE_TEST ("/desk/store/users/bad-users-refused", test_bad_users_refused);
  STORE_TEST ("/desk/store/users/password-change-audited", test_password_change_audited);
  STORE_TEST ("/desk/store/users/skills-and-sip-lookup", test_skills_and_sip_lookup);
  return g_test_run ();
}
