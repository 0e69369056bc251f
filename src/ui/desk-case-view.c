/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-case-view"

#include "config.h"

#include "desk-case-view.h"

#include <adwaita.h>

#include "desk-i18n.h"
#include "desk-ui.h"

struct _DeskCaseView
{
  GtkWidget parent_instance;

  DeskCaseTimeline *timeline;
  GCancellable *cancellable;

  GtkLabel *subject_label;
  GtkLabel *detail_label;
  GtkListBox *timeline_list;
  GtkLabel *error_label;
  GtkEntry *comment_entry;
  GtkCheckButton *public_check;
};

G_DEFINE_FINAL_TYPE (DeskCaseView, desk_case_view, GTK_TYPE_WIDGET)

static GtkWidget *
create_entry_row (gpointer item,
                  gpointer data)
{
  DeskCaseEntry *entry = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = desk_case_entry_dup_text (entry);
  g_autofree char *time = desk_case_entry_dup_time_text (entry);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), time);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
update (DeskCaseView *self)
{
  DeskCaseSummary *summary = desk_case_timeline_get_summary (self->timeline);
  const char *error = desk_case_timeline_get_error (self->timeline);

  if (summary)
    {
      g_autofree char *detail = desk_case_summary_dup_detail (summary);

      gtk_label_set_text (self->subject_label, desk_case_summary_get_subject (summary));
      gtk_label_set_text (self->detail_label, detail);
    }
  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  desk_case_timeline_action_finish (DESK_CASE_TIMELINE (source), result, NULL);
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeskCaseView *self = DESK_CASE_VIEW (widget);
  const char *status = g_variant_get_string (parameter, NULL);
  /* The office wants a resolution with a resolved or closed case. */
  const char *resolution = g_str_equal (status, "resolved") || g_str_equal (status, "closed")
                           ? "solved" : NULL;

  desk_case_timeline_set_status_async (self->timeline, status, resolution, NULL,
                                       self->cancellable, on_done, NULL);
}

static void
on_commented (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GtkWidget *self = g_object_get_data (source, "desk-case-view");

  if (desk_case_timeline_action_finish (DESK_CASE_TIMELINE (source), result, NULL) && self)
    gtk_editable_set_text (GTK_EDITABLE (DESK_CASE_VIEW (self)->comment_entry), "");
}

static void
comment_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskCaseView *self = DESK_CASE_VIEW (widget);

  desk_case_timeline_comment_async (self->timeline,
                                    gtk_editable_get_text (GTK_EDITABLE (self->comment_entry)),
                                    gtk_check_button_get_active (self->public_check),
                                    self->cancellable, on_commented, NULL);
}

static void
on_comment_activate (DeskCaseView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "case.comment", NULL);
}

static void
desk_case_view_dispose (GObject *object)
{
  DeskCaseView *self = DESK_CASE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->timeline)
    {
      g_object_set_data (G_OBJECT (self->timeline), "desk-case-view", NULL);
      g_signal_handlers_disconnect_by_data (self->timeline, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_CASE_VIEW);
  /* The template's unnamed children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->timeline);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (desk_case_view_parent_class)->dispose (object);
}

static void
desk_case_view_class_init (DeskCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_case_view_dispose;

  desk_ui_init_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskCaseView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, DeskCaseView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DeskCaseView, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, DeskCaseView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskCaseView, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskCaseView, public_check);
  gtk_widget_class_install_action (widget_class, "case.set-status", "s", set_status_action);
  gtk_widget_class_install_action (widget_class, "case.comment", NULL, comment_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
desk_case_view_init (DeskCaseView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->comment_entry, "activate", G_CALLBACK (on_comment_activate),
                            self);
}

/**
 * desk_case_view_new:
 * @client: a logged-in API client
 * @case_id: the case's id
 *
 * Returns: (transfer floating): the view; the case loads now
 */
GtkWidget *
desk_case_view_new (DeskApiClient *client,
                    gint64         case_id)
{
  DeskCaseView *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);

  self = g_object_new (DESK_TYPE_CASE_VIEW, NULL);
  self->timeline = desk_case_timeline_new (client, case_id);
  g_object_set_data (G_OBJECT (self->timeline), "desk-case-view", self);
  gtk_list_box_bind_model (self->timeline_list, desk_case_timeline_get_entries (self->timeline),
                           create_entry_row, NULL, NULL);
  g_signal_connect_swapped (self->timeline, "notify", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

DeskCaseTimeline *
desk_case_view_get_timeline (DeskCaseView *self)
{
  g_return_val_if_fail (DESK_IS_CASE_VIEW (self), NULL);
  return self->timeline;
}
