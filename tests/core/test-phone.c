/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-phone.h"

typedef struct
{
  const char *input;
  const char *region;
  const char *e164;
} Good;

typedef struct
{
  const char *input;
  const char *region;
  DeskPhoneError code;
} Bad;

static void
test_normalizes (void)
{
  static const Good cases[] = {
    /* Ukraine: national, trunk prefix, international, spaced and dashed */
    { "044 123 45 67", "UA", "+380441234567" },
    { "(050) 123-45-67", "UA", "+380501234567" },
    { "0671234567", "UA", "+380671234567" },
    { "+380 93 123 45 67", "UA", "+380931234567" },
    { "00380991234567", "UA", "+380991234567" },
    { "810 380 99 123 4567", "RU", "+380991234567" },
    /* Russia: 8 trunk prefix and +7 */
    { "8 (495) 123-45-67", "RU", "+74951234567" },
    { "+7 916 123-45-67", "UA", "+79161234567" },
    { "8 912 345 67 89", "RU", "+79123456789" },
    /* International, with a default country that does not apply */
    { "+44 20 7946 0958", "UA", "+442079460958" },
    { "+1 (212) 555-0123", NULL, "+12125550123" },
    { "+49 30 901820", "UA", "+4930901820" },
    { "  +380441234567  ", NULL, "+380441234567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *e164 = desk_phone_normalize (cases[i].input, cases[i].region, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, cases[i].e164);
      g_assert_true (desk_phone_is_e164 (e164));
    }
}

static void
test_rejects (void)
{
  static const Bad cases[] = {
    { "", "UA", DESK_PHONE_ERROR_EMPTY },
    { "   ", "UA", DESK_PHONE_ERROR_EMPTY },
    { "hello", "UA", DESK_PHONE_ERROR_NOT_A_NUMBER },
    { "0441", "UA", DESK_PHONE_ERROR_TOO_SHORT },
    { "044 123", "UA", DESK_PHONE_ERROR_INVALID },
    { "+380 44 123 45 67 89 01", "UA", DESK_PHONE_ERROR_TOO_LONG },
    /* No country code and no default: never guessed */
    { "0441234567", NULL, DESK_PHONE_ERROR_UNKNOWN_COUNTRY },
    /* Well formed, but no such operator code in Ukraine's plan */
    { "+380 01 234 56 78", "UA", DESK_PHONE_ERROR_INVALID },
    { "+999 1234 5678", NULL, DESK_PHONE_ERROR_UNKNOWN_COUNTRY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *e164 = desk_phone_normalize (cases[i].input, cases[i].region, &error);

      g_test_message ("input “%s”", cases[i].input);
      g_assert_null (e164);
      g_assert_error (error, DESK_PHONE_ERROR, (gint) cases[i].code);
      g_assert_nonnull (error->message);
    }
}

static void
test_hostile_input (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *huge = g_strnfill (100000, '7');
  g_autofree char *e164 = desk_phone_normalize (huge, "UA", &error);
  const char invalid_utf8[] = { '+', '3', '8', '0', (char) 0xff, (char) 0xfe, 0 };

  g_assert_null (e164);
  g_assert_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_NOT_A_NUMBER);
  g_clear_error (&error);

  e164 = desk_phone_normalize (invalid_utf8, "UA", &error);
  g_assert_null (e164);
  g_assert_nonnull (error);
  g_clear_error (&error);

  e164 = desk_phone_normalize (NULL, "UA", &error);
  g_assert_error (error, DESK_PHONE_ERROR, DESK_PHONE_ERROR_EMPTY);
}

static void
test_format_and_shape (void)
{
  g_autofree char *formatted = desk_phone_format_international ("+380441234567");

  g_assert_cmpstr (formatted, ==, "+380 44 123 4567");
  g_assert_true (desk_phone_is_e164 ("+380441234567"));
  g_assert_false (desk_phone_is_e164 ("380441234567"));
  g_assert_false (desk_phone_is_e164 ("+0441234567"));
  g_assert_false (desk_phone_is_e164 ("+3804412345678901"));
  g_assert_false (desk_phone_is_e164 ("+38044 1234567"));
  g_assert_false (desk_phone_is_e164 (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk/core/phone/normalizes", test_normalizes);
  g_test_add_func ("/desk/core/phone/rejects", test_rejects);
  g_test_add_func ("/desk/core/phone/hostile-input", test_hostile_input);
  g_test_add_func ("/desk/core/phone/format-and-shape", test_format_and_shape);
  return g_test_run ();
}
