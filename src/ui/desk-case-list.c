/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-case-list"

#include "config.h"

#include "desk-case-list.h"

#include <adwaita.h>

#include "desk-i18n.h"
#include "desk-ui.h"

struct _DeskCaseList
{
  GtkWidget parent_instance;

  DeskCaseQuery *mine;
  DeskCaseQuery *overdue;

  GtkStack *stack;
  GtkListBox *mine_list;
  GtkListBox *overdue_list;
};

enum {
  SIGNAL_CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DeskCaseList, desk_case_list, GTK_TYPE_WIDGET)

GtkWidget *
desk_case_list_create_row (gpointer item,
                           gpointer data)
{
  DeskCaseSummary *summary = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *detail = desk_case_summary_dup_detail (summary);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), desk_case_summary_get_subject (summary));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  if (desk_case_summary_get_overdue (summary))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_widget_set_tooltip_text (icon, _("Overdue"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "case-id",
                     GSIZE_TO_POINTER ((gsize) desk_case_summary_get_id (summary)));
  return row;
}

gint64
desk_case_list_row_get_case_id (GtkListBoxRow *row)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), 0);
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "case-id"));
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  DeskCaseList  *self)
{
  g_signal_emit (self, signals[SIGNAL_CASE_ACTIVATED], 0, desk_case_list_row_get_case_id (row));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeskCaseList *self = DESK_CASE_LIST (widget);

  desk_case_query_reload (self->mine);
  desk_case_query_reload (self->overdue);
}

static void
desk_case_list_dispose (GObject *object)
{
  DeskCaseList *self = DESK_CASE_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_CASE_LIST);
  /* The template's unnamed children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->mine);
  g_clear_object (&self->overdue);
  G_OBJECT_CLASS (desk_case_list_parent_class)->dispose (object);
}

static void
desk_case_list_class_init (DeskCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_case_list_dispose;

  /**
   * DeskCaseList::case-activated:
   * @self: the list
   * @case_id: the case's id
   *
   * The operator picked a case to see.
   */
  signals[SIGNAL_CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  desk_ui_init_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-case-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskCaseList, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskCaseList, mine_list);
  gtk_widget_class_bind_template_child (widget_class, DeskCaseList, overdue_list);
  gtk_widget_class_install_action (widget_class, "cases.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "cases.reload", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
desk_case_list_init (DeskCaseList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->mine_list, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->overdue_list, "row-activated", G_CALLBACK (on_row_activated), self);
}

/**
 * desk_case_list_new:
 * @client: a logged-in API client
 *
 * Returns: (transfer floating): the lists; they load now
 */
GtkWidget *
desk_case_list_new (DeskApiClient *client)
{
  DeskCaseList *self;

  g_return_val_if_fail (DESK_IS_API_CLIENT (client), NULL);

  self = g_object_new (DESK_TYPE_CASE_LIST, NULL);
  self->mine = desk_case_query_new (client, "mine");
  self->overdue = desk_case_query_new (client, "overdue");
  gtk_list_box_bind_model (self->mine_list, desk_case_query_get_cases (self->mine),
                           desk_case_list_create_row, NULL, NULL);
  gtk_list_box_bind_model (self->overdue_list, desk_case_query_get_cases (self->overdue),
                           desk_case_list_create_row, NULL, NULL);
  return GTK_WIDGET (self);
}

DeskCaseQuery *
desk_case_list_get_query (DeskCaseList *self,
                          const char   *view)
{
  g_return_val_if_fail (DESK_IS_CASE_LIST (self), NULL);
  return g_strcmp0 (view, "overdue") == 0 ? self->overdue : self->mine;
}
