/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-types.h"
#include "desk-error.h"

static void
test_nicks_round_trip (void)
{
  GType types[] = {
    DESK_TYPE_ROLE, DESK_TYPE_CLIENT_KIND, DESK_TYPE_ASSET_KIND, DESK_TYPE_CASE_STATUS,
    DESK_TYPE_PRIORITY, DESK_TYPE_CHANNEL, DESK_TYPE_RESOLUTION, DESK_TYPE_CASE_EVENT_KIND,
    DESK_TYPE_AGENT_STATE, DESK_TYPE_CALL_DIRECTION, DESK_TYPE_CALL_OUTCOME, DESK_TYPE_VISIBILITY,
    DESK_TYPE_QUEUE_STRATEGY, DESK_TYPE_IVR_ACTION, DESK_TYPE_CHAT_SENDER,
    DESK_TYPE_CALLBACK_STATUS, DESK_TYPE_FUNNEL_STAGE,
  };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr (GEnumClass) klass = g_type_class_ref (types[t]);

      for (guint i = 0; i < klass->n_values; i++)
        {
          int back = -1;
          const char *nick = desk_enum_to_nick (types[t], klass->values[i].value);

          g_assert_nonnull (nick);
          g_assert_true (desk_enum_from_nick (types[t], nick, &back, NULL));
          g_assert_cmpint (back, ==, klass->values[i].value);
        }
    }
}

static void
test_unknown_nick (void)
{
  g_autoptr (GError) error = NULL;
  int value = 0;

  g_assert_false (desk_enum_from_nick (DESK_TYPE_CASE_STATUS, "deleted", &value, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_enum_from_nick (DESK_TYPE_CASE_STATUS, NULL, &value, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_assert_null (desk_enum_to_nick (DESK_TYPE_CASE_STATUS, 99));
}

static void
test_case_lifecycle (void)
{
  g_assert_true (desk_case_status_can_change (DESK_CASE_STATUS_NEW, DESK_CASE_STATUS_IN_PROGRESS));
  g_assert_true (desk_case_status_can_change (DESK_CASE_STATUS_IN_PROGRESS, DESK_CASE_STATUS_WAITING));
  g_assert_true (desk_case_status_can_change (DESK_CASE_STATUS_WAITING, DESK_CASE_STATUS_RESOLVED));
  g_assert_true (desk_case_status_can_change (DESK_CASE_STATUS_RESOLVED, DESK_CASE_STATUS_CLOSED));
  /* reopening */
  g_assert_true (desk_case_status_can_change (DESK_CASE_STATUS_RESOLVED, DESK_CASE_STATUS_IN_PROGRESS));
  g_assert_true (desk_case_status_can_change (DESK_CASE_STATUS_CLOSED, DESK_CASE_STATUS_IN_PROGRESS));
  /* never backwards to new, never closed without resolving first */
  g_assert_false (desk_case_status_can_change (DESK_CASE_STATUS_IN_PROGRESS, DESK_CASE_STATUS_NEW));
  g_assert_false (desk_case_status_can_change (DESK_CASE_STATUS_NEW, DESK_CASE_STATUS_CLOSED));
  g_assert_false (desk_case_status_can_change (DESK_CASE_STATUS_CLOSED, DESK_CASE_STATUS_CLOSED));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk/core/types/nicks-round-trip", test_nicks_round_trip);
  g_test_add_func ("/desk/core/types/unknown-nick", test_unknown_nick);
  g_test_add_func ("/desk/core/types/case-lifecycle", test_case_lifecycle);
  return g_test_run ();
}
