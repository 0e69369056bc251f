/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-password.h"
#include "desk-error.h"

static void
test_hash_and_verify (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = desk_password_hash ("пароль-demo", &error);
  g_autofree char *again = desk_password_hash ("пароль-demo", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_null (strstr (hash, "пароль"));
  /* salted: the same password never gives the same hash */
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (desk_password_verify ("пароль-demo", hash));
  g_assert_true (desk_password_verify ("пароль-demo", again));
  g_assert_false (desk_password_verify ("пароль-demO", hash));
  g_assert_false (desk_password_verify ("", hash));
  g_assert_false (desk_password_verify (NULL, hash));
  g_assert_false (desk_password_verify ("anything", NULL));
  g_assert_false (desk_password_verify ("anything", "not a hash"));
}

static void
test_empty_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = desk_password_hash ("", &error);

  g_assert_null (hash);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
}

static void
test_tokens (void)
{
  g_autofree char *a = desk_random_token (32);
  g_autofree char *b = desk_random_token (32);

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (strlen (a), ==, 43);
  for (const char *p = a; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk/core/password/hash-and-verify", test_hash_and_verify);
  g_test_add_func ("/desk/core/password/empty-refused", test_empty_refused);
  g_test_add_func ("/desk/core/password/tokens", test_tokens);
  return g_test_run ();
}
