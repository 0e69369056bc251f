/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-case-panel"

#include "config.h"

#include "desk-case-panel.h"

#include <adwaita.h>

#include "desk-case-list.h"
#include "desk-i18n.h"
#include "desk-ui.h"

/* In the order of the priority row's model. */
static const char * const priorities[] = { "low", "normal", "high", "urgent" };

struct _DeskCasePanel
{
  GtkWidget parent_instance;

  DeskCaseDraft *draft;
  GCancellable *cancellable;

  AdwEntryRow *subject_row;
  AdwComboRow *category_row;
  AdwComboRow *priority_row;
  AdwActionRow *due_row;
  GtkWidget *not_a_case_button;
  AdwPreferencesGroup *scenario_group;
  GtkFlowBox *scenario_box;
  AdwEntryRow *link_row;
  GtkListBox *opened_list;
  GtkLabel *status_label;
};

enum {
  SIGNAL_CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DeskCasePanel, desk_case_panel, GTK_TYPE_WIDGET)

static char *
category_name (DeskCaseCategory *category)
{
  return g_strdup (category ? desk_case_category_get_name (category) : "");
}

static DeskCaseCategory *
selected_category (DeskCasePanel *self)
{
  return adw_combo_row_get_selected_item (self->category_row);
}

static void
update_due (DeskCasePanel *self)
{
  DeskCaseCategory *category = selected_category (self);
  g_autofree char *due = category ? desk_case_category_dup_due_text (category,
                                                                     g_get_real_time () /
                                                                     G_USEC_PER_SEC)
                                  : g_strdup (_("No deadline"));

  adw_action_row_set_subtitle (self->due_row, due);
}

static void
update_state (DeskCasePanel *self)
{
  gboolean busy = desk_case_draft_get_busy (self->draft);
  const char *error = desk_case_draft_get_error (self->draft);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.open", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.link", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.not-a-case",
                                 !busy && desk_case_draft_get_can_mark_not_a_case (self->draft));
  gtk_widget_set_visible (self->not_a_case_button,
                          desk_case_draft_get_can_mark_not_a_case (self->draft));
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenario_box), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_group),
                          g_list_model_get_n_items (desk_case_draft_get_scenarios (self->draft)) > 0);
  gtk_label_set_text (self->status_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), error != NULL);
}

static void on_scenario_clicked (GtkButton *button, DeskCasePanel *self);

static GtkWidget *
create_scenario_button (gpointer item,
                        gpointer data)
{
  DeskCaseScenario *scenario = item;
  GtkWidget *button = gtk_button_new_with_label (desk_case_scenario_get_name (scenario));

  g_object_set_data (G_OBJECT (button), "scenario-id",
                     GSIZE_TO_POINTER ((gsize) desk_case_scenario_get_id (scenario)));
  /* Translators: a scenario button's tooltip; %s is its name */
  {
    g_autofree char *tooltip = g_strdup_printf (_("Open a “%s” case"),
                                                desk_case_scenario_get_name (scenario));

    gtk_widget_set_tooltip_text (button, tooltip);
  }
  g_signal_connect (button, "clicked", G_CALLBACK (on_scenario_clicked), data);
  return button;
}

/* The answers: failures show in the model's "error". After a success the
 * field that made it (@data: "subject", "link" or NULL) is emptied, ready
 * for the contact's next matter. */
static void
on_case_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr (DeskCaseSummary) summary = desk_case_draft_case_finish (DESK_CASE_DRAFT (source),
                                                                     result, NULL);
  DeskCasePanel *self = g_object_get_data (source, "desk-case-panel");

  if (summary && self && g_strcmp0 (data, "subject") == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->subject_row), "");
  else if (summary && self && g_strcmp0 (data, "link") == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->link_row), "");
}

static void
on_scenario_clicked (GtkButton     *button,
                     DeskCasePanel *self)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "scenario-id"));

  desk_case_draft_run_scenario_async (self->draft, id, self->cancellable, on_case_done, NULL);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskCasePanel *self = DESK_CASE_PANEL (widget);
  DeskCaseCategory *category = selected_category (self);
  guint priority = adw_combo_row_get_selected (self->priority_row);

  desk_case_draft_open_async (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                              category ? desk_case_category_get_id (category) : 0,
                              priorities[MIN (priority, G_N_ELEMENTS (priorities) - 1)],
                              self->cancellable, on_case_done, (gpointer) "subject");
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskCasePanel *self = DESK_CASE_PANEL (widget);
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->link_row)));
  guint64 number = 0;

  /* A typo is the model's "Type the case's number" (0). */
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXINT64, &number, NULL))
    number = 0;
  desk_case_draft_link_async (self->draft, (gint64) number, self->cancellable, on_case_done,
                              (gpointer) "link");
}

static void
on_marked (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  desk_case_draft_not_a_case_finish (DESK_CASE_DRAFT (source), result, NULL);
}

static void
not_a_case_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeskCasePanel *self = DESK_CASE_PANEL (widget);

  desk_case_draft_not_a_case_async (self->draft, self->cancellable, on_marked, NULL);
}

static void
on_case_activated (DeskCasePanel *self,
                   GtkListBoxRow *row)
{
  g_signal_emit (self, signals[SIGNAL_CASE_ACTIVATED], 0, desk_case_list_row_get_case_id (row));
}

static void
desk_case_panel_dispose (GObject *object)
{
  DeskCasePanel *self = DESK_CASE_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->draft)
    {
      g_object_set_data (G_OBJECT (self->draft), "desk-case-panel", NULL);
      g_signal_handlers_disconnect_by_data (self->draft, self);
      g_signal_handlers_disconnect_by_data (desk_case_draft_get_scenarios (self->draft), self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_CASE_PANEL);
  /* The template's unnamed children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (desk_case_panel_parent_class)->dispose (object);
}

static void
desk_case_panel_class_init (DeskCasePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_case_panel_dispose;

  /**
   * DeskCasePanel::case-activated:
   * @self: the panel
   * @case_id: the case's id
   *
   * The operator picked a case to see.
   */
  signals[SIGNAL_CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  desk_ui_init_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-case-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, subject_row);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, category_row);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, priority_row);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, due_row);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, not_a_case_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, scenario_group);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, scenario_box);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, link_row);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, opened_list);
  gtk_widget_class_bind_template_child (widget_class, DeskCasePanel, status_label);

  gtk_widget_class_install_action (widget_class, "case.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "case.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "case.not-a-case", NULL, not_a_case_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "case.open", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
desk_case_panel_init (DeskCasePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  desk_ui_label_parts (GTK_WIDGET (self->category_row),
                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->category_row)));
  desk_ui_label_parts (GTK_WIDGET (self->priority_row),
                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->priority_row)));
  self->cancellable = g_cancellable_new ();
  adw_combo_row_set_expression (self->category_row,
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (category_name),
                                                             NULL, NULL));
  g_signal_connect_swapped (self->category_row, "notify::selected", G_CALLBACK (update_due),
                            self);
  g_signal_connect_swapped (self->opened_list, "row-activated", G_CALLBACK (on_case_activated),
                            self);
}

/**
 * desk_case_panel_new_for_draft:
 * @draft: the contact's case draft
 *
 * Returns: (transfer floating): the panel
 */
GtkWidget *
desk_case_panel_new_for_draft (DeskCaseDraft *draft)
{
  DeskCasePanel *self;

  g_return_val_if_fail (DESK_IS_CASE_DRAFT (draft), NULL);

  self = g_object_new (DESK_TYPE_CASE_PANEL, NULL);
  self->draft = g_object_ref (draft);
  g_object_set_data (G_OBJECT (draft), "desk-case-panel", self);
  adw_combo_row_set_model (self->category_row, desk_case_draft_get_categories (draft));
  gtk_flow_box_bind_model (self->scenario_box, desk_case_draft_get_scenarios (draft),
                           create_scenario_button, self, NULL);
  gtk_list_box_bind_model (self->opened_list, desk_case_draft_get_opened (draft), desk_case_list_create_row,
                           NULL, NULL);
  g_signal_connect_swapped (draft, "notify", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (desk_case_draft_get_scenarios (draft), "items-changed",
                            G_CALLBACK (update_state), self);
  update_state (self);
  update_due (self);
  return GTK_WIDGET (self);
}

/**
 * desk_case_panel_new:
 * @session: the operator's session
 * @item: a call or chat of its inbox
 *
 * Returns: (transfer floating): the panel for @item's cases
 */
GtkWidget *
desk_case_panel_new (DeskAgentSession *session,
                     DeskInboxItem    *item)
{
  g_autoptr (DeskCaseDraft) draft = NULL;

  g_return_val_if_fail (DESK_IS_AGENT_SESSION (session), NULL);
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (item), NULL);
  g_return_val_if_fail (desk_inbox_item_get_kind (item) == DESK_INBOX_CALL ||
                        desk_inbox_item_get_kind (item) == DESK_INBOX_CHAT, NULL);

  draft = desk_case_draft_new (desk_agent_session_get_client (session),
                               desk_inbox_item_get_kind (item), desk_inbox_item_get_id (item));
  return desk_case_panel_new_for_draft (draft);
}

DeskCaseDraft *
desk_case_panel_get_draft (DeskCasePanel *self)
{
  g_return_val_if_fail (DESK_IS_CASE_PANEL (self), NULL);
  return self->draft;
}

void
desk_case_panel_set_subject (DeskCasePanel *self,
                             const char    *subject)
{
  g_return_if_fail (DESK_IS_CASE_PANEL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject ? subject : "");
}

void
desk_case_panel_set_link_number (DeskCasePanel *self,
                                 const char    *number)
{
  g_return_if_fail (DESK_IS_CASE_PANEL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->link_row), number ? number : "");
}
