/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-case-rows"

#include "config.h"

#include "desk-case-rows.h"

#include "desk-i18n.h"

#include <inttypes.h>

/* Each row keeps the server's object and reads it: the shapes are the
 * API's (GET /cases/{id}, /case-categories, /scenarios). */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_get_int_member_with_default (object, name, 0);
}

#define DEFINE_ROW(Type, type_name, TYPE)                                      \
  struct _##Type { GObject parent_instance; JsonObject *object; };             \
  G_DEFINE_FINAL_TYPE (Type, type_name, G_TYPE_OBJECT)                         \
  static void type_name##_finalize (GObject *object)                           \
  {                                                                            \
    g_clear_pointer (&((Type *) object)->object, json_object_unref);           \
    G_OBJECT_CLASS (type_name##_parent_class)->finalize (object);              \
  }                                                                            \
  static void type_name##_class_init (Type##Class *klass)                      \
  {                                                                            \
    G_OBJECT_CLASS (klass)->finalize = type_name##_finalize;                   \
  }                                                                            \
  static void type_name##_init (Type *self) {}                                 \
  static Type *type_name##_new_for (JsonObject *object)                        \
  {                                                                            \
    Type *self = g_object_new (TYPE, NULL);                                    \
    self->object = json_object_ref (object);                                   \
    return self;                                                               \
  }

DEFINE_ROW (DeskCaseSummary, desk_case_summary, DESK_TYPE_CASE_SUMMARY)
DEFINE_ROW (DeskCaseCategory, desk_case_category, DESK_TYPE_CASE_CATEGORY)
DEFINE_ROW (DeskCaseScenario, desk_case_scenario, DESK_TYPE_CASE_SCENARIO)
DEFINE_ROW (DeskCaseEntry, desk_case_entry, DESK_TYPE_CASE_ENTRY)

/**
 * desk_case_summary_new_from_json:
 * @object: a case as the API gives it
 *
 * Returns: (transfer full): the row
 */
DeskCaseSummary *
desk_case_summary_new_from_json (JsonObject *object)
{
  g_return_val_if_fail (object != NULL, NULL);
  return desk_case_summary_new_for (object);
}

gint64
desk_case_summary_get_id (DeskCaseSummary *self)
{
  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), 0);
  return member_int (self->object, "id");
}

gint64
desk_case_summary_get_number (DeskCaseSummary *self)
{
  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), 0);
  return member_int (self->object, "number");
}

const char *
desk_case_summary_get_subject (DeskCaseSummary *self)
{
  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), NULL);
  return member_string (self->object, "subject");
}

const char *
desk_case_summary_get_status (DeskCaseSummary *self)
{
  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), NULL);
  return member_string (self->object, "status");
}

const char *
desk_case_summary_get_priority (DeskCaseSummary *self)
{
  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), NULL);
  return member_string (self->object, "priority");
}

gint64
desk_case_summary_get_due_at (DeskCaseSummary *self)
{
  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), 0);
  return member_int (self->object, "due_at");
}

static gboolean
is_settled (const char *status)
{
  return g_strcmp0 (status, "resolved") == 0 || g_strcmp0 (status, "closed") == 0;
}

gboolean
desk_case_summary_get_overdue (DeskCaseSummary *self)
{
  gint64 due;

  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), FALSE);
  due = desk_case_summary_get_due_at (self);
  return due > 0 && due < g_get_real_time () / G_USEC_PER_SEC &&
         !is_settled (desk_case_summary_get_status (self));
}

char *
desk_case_summary_dup_detail (DeskCaseSummary *self)
{
  g_autofree char *due = NULL;
  const char *status;

  g_return_val_if_fail (DESK_IS_CASE_SUMMARY (self), NULL);

  status = desk_case_status_label (desk_case_summary_get_status (self));
  if (!is_settled (desk_case_summary_get_status (self)))
    due = desk_case_due_text (desk_case_summary_get_due_at (self),
                              g_get_real_time () / G_USEC_PER_SEC);
  if (due && *due)
    /* Translators: case number, status, due time: "№ 1042 · In progress · due Tue 14:30" */
    return g_strdup_printf (_("№ %" PRId64 " · %s · %s"),
                            desk_case_summary_get_number (self), status, due);
  /* Translators: case number and status: "№ 1042 · Resolved" */
  return g_strdup_printf (_("№ %" PRId64 " · %s"), desk_case_summary_get_number (self),
                          status);
}

const char *
desk_case_status_label (const char *status)
{
  static const struct { const char *nick, *label; } labels[] = {
    { "new", N_("New") },
    { "in_progress", N_("In progress") },
    { "waiting", N_("Waiting for customer") },
    { "resolved", N_("Resolved") },
    { "closed", N_("Closed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (status, labels[i].nick) == 0)
      return _(labels[i].label);
  return status ? status : "";
}

const char *
desk_case_priority_label (const char *priority)
{
  static const struct { const char *nick, *label; } labels[] = {
    { "low", N_("Low") },
    { "normal", N_("Normal") },
    { "high", N_("High") },
    { "urgent", N_("Urgent") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (priority, labels[i].nick) == 0)
      return _(labels[i].label);
  return priority ? priority : "";
}

/* "14:30" today, "Tue 14:30" within a week, else "12 Mar 14:30". */
static char *
format_moment (gint64 at,
               gint64 now)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (at);
  g_autoptr (GDateTime) today = g_date_time_new_from_unix_local (now);

  if (time == NULL || today == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (time) == g_date_time_get_year (today) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (today))
    return g_date_time_format (time, "%H:%M");
  if (ABS (at - now) < 6 * 24 * 3600)
    return g_date_time_format (time, "%a %H:%M");
  return g_date_time_format (time, "%e %b %H:%M");
}

char *
desk_case_due_text (gint64 due_at,
                    gint64 now)
{
  g_autofree char *moment = NULL;

  if (due_at <= 0)
    return g_strdup ("");
  moment = format_moment (due_at, now);
  if (due_at < now)
    /* Translators: %s is a time such as "Tue 14:30" */
    return g_strdup_printf (_("overdue since %s"), moment);
  /* Translators: %s is a time such as "Tue 14:30" */
  return g_strdup_printf (_("due %s"), moment);
}

gint64
desk_case_category_get_id (DeskCaseCategory *self)
{
  g_return_val_if_fail (DESK_IS_CASE_CATEGORY (self), 0);
  return member_int (self->object, "id");
}

const char *
desk_case_category_get_name (DeskCaseCategory *self)
{
  const char *name;

  g_return_val_if_fail (DESK_IS_CASE_CATEGORY (self), NULL);
  name = member_string (self->object, "name");
  return name ? name : member_string (self->object, "nick");
}

int
desk_case_category_get_sla_minutes (DeskCaseCategory *self)
{
  g_return_val_if_fail (DESK_IS_CASE_CATEGORY (self), 0);
  return (int) member_int (self->object, "sla_minutes");
}

char *
desk_case_category_dup_due_text (DeskCaseCategory *self,
                                 gint64            now)
{
  g_autofree char *moment = NULL;
  int minutes;

  g_return_val_if_fail (DESK_IS_CASE_CATEGORY (self), NULL);

  minutes = desk_case_category_get_sla_minutes (self);
  if (minutes <= 0)
    return g_strdup (_("No deadline"));
  moment = format_moment (now + (gint64) minutes * 60, now);
  /* Translators: %s is a time such as "Tue 14:30" */
  return g_strdup_printf (_("Due by %s"), moment);
}

gint64
desk_case_scenario_get_id (DeskCaseScenario *self)
{
  g_return_val_if_fail (DESK_IS_CASE_SCENARIO (self), 0);
  return member_int (self->object, "id");
}

const char *
desk_case_scenario_get_name (DeskCaseScenario *self)
{
  const char *name;

  g_return_val_if_fail (DESK_IS_CASE_SCENARIO (self), NULL);
  name = member_string (self->object, "name");
  return name ? name : member_string (self->object, "label");
}

gint64
desk_case_entry_get_at (DeskCaseEntry *self)
{
  g_return_val_if_fail (DESK_IS_CASE_ENTRY (self), 0);
  return member_int (self->object, "at");
}

const char *
desk_case_entry_get_kind (DeskCaseEntry *self)
{
  g_return_val_if_fail (DESK_IS_CASE_ENTRY (self), NULL);
  return member_string (self->object, "kind");
}

static const char *
either (const char *value)
{
  return value && *value ? value : "—";
}

char *
desk_case_entry_dup_text (DeskCaseEntry *self)
{
  const char *kind, *old_value, *new_value, *body;

  g_return_val_if_fail (DESK_IS_CASE_ENTRY (self), NULL);

  kind = desk_case_entry_get_kind (self);
  old_value = member_string (self->object, "old_value");
  new_value = member_string (self->object, "new_value");
  body = member_string (self->object, "body");
  if (g_strcmp0 (kind, "created") == 0)
    return g_strdup (_("Case opened"));
  if (g_strcmp0 (kind, "call") == 0)
    /* Translators: the call's number in the office's records */
    return g_strdup_printf (_("Call %" PRId64), member_int (self->object, "call_id"));
  if (g_strcmp0 (kind, "chat") == 0)
    /* Translators: the chat's number in the office's records */
    return g_strdup_printf (_("Chat %" PRId64), member_int (self->object, "chat_id"));
  if (g_strcmp0 (kind, "status") == 0)
    /* Translators: a change of a case's status, "Status: New → In progress" */
    return g_strdup_printf (_("Status: %s → %s"), either (desk_case_status_label (old_value)),
                            either (desk_case_status_label (new_value)));
  if (g_strcmp0 (kind, "priority") == 0)
    return g_strdup_printf (_("Priority: %s → %s"), either (desk_case_priority_label (old_value)),
                            either (desk_case_priority_label (new_value)));
  if (g_strcmp0 (kind, "assignment") == 0)
    return g_strdup (_("Assigned to another operator"));
  if (g_strcmp0 (kind, "client") == 0)
    return g_strdup (_("Client changed"));
  if (g_strcmp0 (kind, "escalation") == 0)
    return g_strdup (_("Escalated to a supervisor"));
  /* Notes and the customer's portal messages are their text. */
  return g_strdup (either (body));
}

char *
desk_case_entry_dup_time_text (DeskCaseEntry *self)
{
  g_return_val_if_fail (DESK_IS_CASE_ENTRY (self), NULL);
  return format_moment (desk_case_entry_get_at (self), g_get_real_time () / G_USEC_PER_SEC);
}

void
desk_case_rows_fill (GListStore *store,
                     GType       type,
                     JsonArray  *array)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (G_IS_LIST_STORE (store));

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (object == NULL)
        continue;
      if (type == DESK_TYPE_CASE_SUMMARY)
        g_ptr_array_add (rows, desk_case_summary_new_for (object));
      else if (type == DESK_TYPE_CASE_CATEGORY)
        g_ptr_array_add (rows, desk_case_category_new_for (object));
      else if (type == DESK_TYPE_CASE_SCENARIO)
        g_ptr_array_add (rows, desk_case_scenario_new_for (object));
      else if (type == DESK_TYPE_CASE_ENTRY)
        g_ptr_array_add (rows, desk_case_entry_new_for (object));
      else
        g_return_if_reached ();
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), rows->pdata,
                       rows->len);
}
