/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-office-cases"

#include "config.h"

#include "desk-office.h"

#include "desk-error.h"
#include "desk-i18n.h"

/*
 * Calls and cases. A call is a fact of interaction, a case is the matter
 * it raised: one call may open several cases, link to cases that exist, or
 * be marked "not a case" (a wrong number, a prank), which keeps it and
 * counts it, never deletes it. A scenario button opens a typed case in one
 * step. Whoever acts is recorded in each case's timeline and the audit log
 * by the store.
 */

static DeskCall *
call_or_error (DeskOffice  *self,
               gint64       call_id,
               GError     **error)
{
  DeskCall *call;

  if (call_id <= 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("No call was given"));
      return NULL;
    }
  call = desk_store_get_call (desk_office_get_store (self), call_id, error);
  return call;
}

/* A call that opens or joins a case is a case after all. */
static gboolean
clear_not_a_case (DeskOffice  *self,
                  gint64       actor_id,
                  DeskCall    *call,
                  GError     **error)
{
  if (!call->not_a_case)
    return TRUE;
  return desk_store_set_call_not_a_case (desk_office_get_store (self), actor_id, call->id, FALSE,
                                         error);
}

/**
 * desk_office_open_case:
 * @self: the office
 * @actor_id: the operator opening it
 * @call_id: the call that raised it
 * @spec: the case; its call_id is set to @call_id, and its client is the
 *   call's identified client unless @spec names one
 * @error: a #GError
 *
 * Opens a case from a call. Calling it again opens another: one call may
 * raise several matters.
 *
 * Returns: (transfer full): the case, or %NULL with @error set
 */
DeskCase *
desk_office_open_case (DeskOffice         *self,
                       gint64              actor_id,
                       gint64              call_id,
                       const DeskCaseNew  *spec,
                       GError            **error)
{
  DeskStore *store;
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew copy;

  g_return_val_if_fail (DESK_IS_OFFICE (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  store = desk_office_get_store (self);
  call = call_or_error (self, call_id, error);
  if (call == NULL)
    return NULL;
  copy = *spec;
  copy.call_id = call_id;
  copy.chat_id = 0;
  if (copy.client_id == 0)
    copy.client_id = call->client_id;
  /* One transaction: a case the store refuses leaves the mark. */
  if (!desk_store_begin (store, error))
    return NULL;
  if (!clear_not_a_case (self, actor_id, call, error) ||
      (kase = desk_store_create_case (store, actor_id, &copy, error)) == NULL)
    {
      desk_store_rollback (store);
      return NULL;
    }
  if (!desk_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&kase);
}

/**
 * desk_office_link_call:
 * @self: the office
 * @actor_id: the operator
 * @call_id: a call
 * @case_id: a case the call is about
 * @error: a #GError
 *
 * Links a call to a case that exists; the case's timeline shows it.
 */
gboolean
desk_office_link_call (DeskOffice  *self,
                       gint64       actor_id,
                       gint64       call_id,
                       gint64       case_id,
                       GError     **error)
{
  DeskStore *store;
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (DeskCase) kase = NULL;

  g_return_val_if_fail (DESK_IS_OFFICE (self), FALSE);

  store = desk_office_get_store (self);
  call = call_or_error (self, call_id, error);
  if (call == NULL)
    return FALSE;
  if (case_id <= 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("No case was given"));
      return FALSE;
    }
  /* "No such case", rather than the store's refusal of a dangling link. */
  kase = desk_store_get_case (store, case_id, error);
  if (kase == NULL || !desk_store_begin (store, error))
    return FALSE;
  if (!clear_not_a_case (self, actor_id, call, error) ||
      !desk_store_link_case_contact (store, actor_id, case_id, call_id, 0, error))
    {
      desk_store_rollback (store);
      return FALSE;
    }
  return desk_store_commit (store, error);
}

/**
 * desk_office_mark_not_a_case:
 * @self: the office
 * @actor_id: the operator
 * @call_id: a call that raised no matter
 * @error: a #GError
 *
 * Marks the call "not a case". It stays in the records and in the figures.
 * A call that already has cases cannot be marked: %DESK_ERROR_CONFLICT.
 */
gboolean
desk_office_mark_not_a_case (DeskOffice  *self,
                             gint64       actor_id,
                             gint64       call_id,
                             GError     **error)
{
  g_autoptr (DeskCall) call = NULL;
  g_autoptr (GArray) cases = NULL;

  g_return_val_if_fail (DESK_IS_OFFICE (self), FALSE);

  call = call_or_error (self, call_id, error);
  if (call == NULL)
    return FALSE;
  cases = desk_store_list_call_cases (desk_office_get_store (self), call_id, error);
  if (cases == NULL)
    return FALSE;
  if (cases->len > 0)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   ngettext ("The call is linked to a case", "The call is linked to %u cases",
                             cases->len), cases->len);
      return FALSE;
    }
  return desk_store_set_call_not_a_case (desk_office_get_store (self), actor_id, call_id, TRUE,
                                         error);
}

/**
 * desk_office_run_scenario:
 * @self: the office
 * @actor_id: the operator who pressed the button
 * @call_id: the call it is about
 * @scenario_id: the scenario
 * @error: a #GError
 *
 * Opens the scenario's typed case for the call's client in one step: its
 * category, subject and priority come from the scenario, its owner is the
 * operator, and a scenario meant to be settled on the spot (a question
 * answered) resolves it at once.
 *
 * Returns: (transfer full): the case, or %NULL with @error set
 */
DeskCase *
desk_office_run_scenario (DeskOffice  *self,
                          gint64       actor_id,
                          gint64       call_id,
                          gint64       scenario_id,
                          GError     **error)
{
  DeskStore *store;
  g_autoptr (DeskScenario) scenario = NULL;
  g_autoptr (DeskCase) kase = NULL;
  DeskCaseNew spec = { 0 };

  g_return_val_if_fail (DESK_IS_OFFICE (self), NULL);

  store = desk_office_get_store (self);
  scenario = desk_store_get_scenario (store, scenario_id, error);
  if (scenario == NULL)
    return NULL;
  spec.category_id = scenario->category_id;
  spec.subject = scenario->subject;
  spec.priority = scenario->priority;
  spec.owner_id = actor_id;
  spec.channel = DESK_CHANNEL_PHONE;
  /* One transaction: no half-made case if resolving it fails. */
  if (!desk_store_begin (store, error))
    return NULL;
  kase = desk_office_open_case (self, actor_id, call_id, &spec, error);
  if (kase == NULL ||
      (scenario->resolve_at_once &&
       !desk_store_set_case_status (store, actor_id, kase->id, DESK_CASE_STATUS_RESOLVED,
                                    DESK_RESOLUTION_SOLVED, scenario->label, error)))
    {
      desk_store_rollback (store);
      return NULL;
    }
  if (!desk_store_commit (store, error))
    return NULL;
  return desk_store_get_case (store, kase->id, error);
}
