/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-store"

/* DeskStore's public wrappers, part two: what the running office reads and
 * updates as calls come and go (queues, IVR menus, routes, sticky operators,
 * callbacks, calls and cases). The interface itself is in desk-store.c. */

#include "desk-i18n.h"
#include "desk-store.h"
#include "desk-error.h"

/**
 * desk_store_list_queues:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * Every queue with its settings and members, as routing needs them when the
 * office starts or its configuration changes.
 *
 * Returns: (transfer full) (element-type DeskQueueInfo): the queues by id,
 *   each with its members by user id; the array frees its elements. %NULL
 *   on error.
 */
GPtrArray *
desk_store_list_queues (DeskStore  *self,
                        GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_queues (self, error);
}

/**
 * desk_store_list_user_skills:
 * @self: a #DeskStore
 * @user_id: the operator
 * @error: a #GError, %DESK_ERROR_INVALID for a negative id
 *
 * Returns: (transfer full) (element-type DeskUserSkill): the operator's
 *   skills by skill id, empty for an operator with none or an unknown one;
 *   %NULL on error
 */
GArray *
desk_store_list_user_skills (DeskStore  *self,
                             gint64      user_id,
                             GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_user_skills (self, user_id, error);
}

/**
 * desk_store_get_ivr_menu:
 * @self: a #DeskStore
 * @id: the menu
 * @error: a #GError, %DESK_ERROR_NOT_FOUND for an unknown menu
 *
 * Returns: (transfer full): the menu with its choices in keypad order (1–9,
 *   0, `*`, `#`), the order in which they are read to the caller; %NULL on
 *   error
 */
DeskIvrMenuInfo *
desk_store_get_ivr_menu (DeskStore  *self,
                         gint64      id,
                         GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_ivr_menu (self, id, error);
}

/**
 * desk_store_find_inbound_route:
 * @self: a #DeskStore
 * @number: the number the trunk says was dialled, compared as it is stored
 * @ivr_menu_id: (out) (optional): the menu that answers, or 0
 * @queue_id: (out) (optional): the queue that answers, or 0
 * @error: a #GError, %DESK_ERROR_NOT_FOUND when no route applies
 *
 * Where a call to @number goes: exactly one of @ivr_menu_id and @queue_id
 * is set. A number without a route of its own takes the route whose number
 * is `*`, if there is one: the default route, so that an office with one
 * line answers whatever form of its number the trunk sends.
 *
 * Returns: %TRUE if a route was found
 */
gboolean
desk_store_find_inbound_route (DeskStore   *self,
                               const char  *number,
                               gint64      *ivr_menu_id,
                               gint64      *queue_id,
                               GError     **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ivr_menu_id)
    *ivr_menu_id = 0;
  if (queue_id)
    *queue_id = 0;
  return DESK_STORE_GET_IFACE (self)->find_inbound_route (self, number, ivr_menu_id, queue_id,
                                                          error);
}

/**
 * desk_store_find_recent_operator:
 * @self: a #DeskStore
 * @client_id: the client, or 0 for an unknown caller
 * @since: Unix time; only contacts answered at or after it count
 * @error: a #GError
 *
 * The operator who last spoke with the client: of the newest call or chat
 * with the client that an operator answered since @since. For sticky
 * routing: a returning caller goes back to the same person.
 *
 * Returns: the operator's user id, 0 if there is none, or -1 on error
 */
gint64
desk_store_find_recent_operator (DeskStore  *self,
                                 gint64      client_id,
                                 gint64      since,
                                 GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->find_recent_operator (self, client_id, since, error);
}

/**
 * desk_store_find_case_owner:
 * @self: a #DeskStore
 * @client_id: the client, or 0 for an unknown caller
 * @error: a #GError
 *
 * The owner of the client's most recently updated open case (neither
 * resolved nor closed) that has an owner: who already knows what the
 * caller is likely calling about.
 *
 * Returns: the owner's user id, 0 if there is none, or -1 on error
 */
gint64
desk_store_find_case_owner (DeskStore  *self,
                            gint64      client_id,
                            GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->find_case_owner (self, client_id, error);
}

/**
 * desk_store_count_operator_contacts:
 * @self: a #DeskStore
 * @user_id: the operator
 * @since: Unix time; only contacts answered at or after it count
 * @error: a #GError
 *
 * How many calls and chats the operator answered since @since, for the
 * fewest-contacts strategy.
 *
 * Returns: the count, or -1 on error
 */
int
desk_store_count_operator_contacts (DeskStore  *self,
                                    gint64      user_id,
                                    gint64      since,
                                    GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->count_operator_contacts (self, user_id, since, error);
}

/**
 * desk_store_average_handle_ms:
 * @self: a #DeskStore
 * @queue_id: the queue
 * @since: Unix time; only calls answered at or after it count
 * @error: a #GError
 *
 * The average handle time (talk, hold and wrap-up) of the queue's calls
 * answered since @since, from which the wait a caller is told is
 * estimated. Calls still going on are left out: their times are not known
 * yet, and counting them as zero would promise callers a shorter wait.
 *
 * Returns: the average in milliseconds, 0 if no call counts, or -1 on error
 */
gint64
desk_store_average_handle_ms (DeskStore  *self,
                              gint64      queue_id,
                              gint64      since,
                              GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DESK_STORE_GET_IFACE (self)->average_handle_ms (self, queue_id, since, error);
}

/**
 * desk_store_list_open_callbacks:
 * @self: a #DeskStore
 * @error: a #GError
 *
 * The callbacks still to be made: pending, offered to an operator or being
 * dialled.
 *
 * Returns: (transfer full) (element-type DeskCallbackInfo): the callbacks
 *   in the order the callers joined their queues (then by id); the array
 *   frees its elements. %NULL on error.
 */
GPtrArray *
desk_store_list_open_callbacks (DeskStore  *self,
                                GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_open_callbacks (self, error);
}

/**
 * desk_store_update_callback:
 * @self: a #DeskStore
 * @id: the callback
 * @status: its new status
 * @attempts: how many times it was dialled
 * @next_attempt_at: Unix time of the next try, or 0 for none
 * @operator_id: the operator it is offered to or was made by, or 0
 * @error: a #GError: %DESK_ERROR_NOT_FOUND for an unknown callback,
 *   %DESK_ERROR_CONFLICT when reopening it would give its number a second
 *   open callback in the same queue, %DESK_ERROR_INVALID for a bad value
 *
 * Returns: %TRUE if the callback was changed
 */
gboolean
desk_store_update_callback (DeskStore           *self,
                            gint64               id,
                            DeskCallbackStatus   status,
                            int                  attempts,
                            gint64               next_attempt_at,
                            gint64               operator_id,
                            GError             **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->update_callback (self, id, status, attempts,
                                                       next_attempt_at, operator_id, error);
}

/**
 * desk_store_set_call_not_a_case:
 * @self: a #DeskStore
 * @actor_id: who marks it (for the audit log)
 * @call_id: the call
 * @not_a_case: whether the call needed no case (a wrong number, a hang-up)
 * @error: a #GError, %DESK_ERROR_NOT_FOUND for an unknown call
 *
 * Marks a call as needing no case, or takes the mark back, and writes the
 * audit log in the same transaction. This is the only way the mark
 * changes once the call is stored: desk_store_update_call() leaves it be.
 *
 * Returns: %TRUE if the mark was set
 */
gboolean
desk_store_set_call_not_a_case (DeskStore  *self,
                                gint64      actor_id,
                                gint64      call_id,
                                gboolean    not_a_case,
                                GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_call_not_a_case (self, actor_id, call_id, not_a_case,
                                                           error);
}

/**
 * desk_store_get_scenario:
 * @self: a #DeskStore
 * @id: a scenario
 * @error: a #GError; %DESK_ERROR_NOT_FOUND for an unknown one
 *
 * Returns: (transfer full): the scenario button, or %NULL
 */
DeskScenario *
desk_store_get_scenario (DeskStore  *self,
                         gint64      id,
                         GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->get_scenario (self, id, error);
}

/**
 * desk_store_set_scenario_resolve_at_once:
 * @self: a #DeskStore
 * @id: a scenario
 * @resolve_at_once: whether the scenario's case is settled on the spot (a
 *   question answered) and so resolved as soon as it is opened
 * @error: a #GError; %DESK_ERROR_NOT_FOUND for an unknown scenario
 *
 * Returns: %TRUE if the scenario was changed
 */
gboolean
desk_store_set_scenario_resolve_at_once (DeskStore  *self,
                                         gint64      id,
                                         gboolean    resolve_at_once,
                                         GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DESK_STORE_GET_IFACE (self)->set_scenario_resolve_at_once (self, id, resolve_at_once,
                                                                    error);
}

/**
 * desk_store_list_call_cases:
 * @self: a #DeskStore
 * @call_id: the call
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type gint64): the ids of the cases the
 *   call is linked to (see desk_store_link_case_contact()), ascending; empty
 *   if none. %NULL on error.
 */
GArray *
desk_store_list_call_cases (DeskStore  *self,
                            gint64      call_id,
                            GError    **error)
{
  g_return_val_if_fail (DESK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DESK_STORE_GET_IFACE (self)->list_call_cases (self, call_id, error);
}
