/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-callbacks-dialog"

#include "desk-i18n.h"
#include "desk-callbacks-dialog.h"

/**
 * DeskCallbacksDialog:
 *
 * The callbacks customers asked for (GET /callbacks): when each is due,
 * how many tries are left, and "Call Now" for the operator who wants to
 * call back before the office's turn comes (POST /calls: the operator's
 * phone rings first, then the customer's).
 */
struct _DeskCallbacksDialog
{
  AdwWindow parent_instance;

  DeskAgentSession *session;
  GCancellable *cancellable;
  int n_rows;

  GtkListBox *list;
  AdwStatusPage *empty;
  GtkStack *stack;
};

G_DEFINE_FINAL_TYPE (DeskCallbacksDialog, desk_callbacks_dialog, ADW_TYPE_WINDOW)

static const char *
status_text (const char *status)
{
  if (g_strcmp0 (status, "pending") == 0)
    return _("Waiting");
  if (g_strcmp0 (status, "dialing") == 0)
    return _("Calling now");
  if (g_strcmp0 (status, "done") == 0)
    return _("Done");
  if (g_strcmp0 (status, "failed") == 0)
    return _("Failed");
  return status ? status : "";
}

static void
on_called (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr (GtkWidget) button = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                               &error);

  gtk_widget_set_sensitive (button, reply == NULL);
  if (reply == NULL)
    gtk_widget_set_tooltip_text (button, error->message);
}

static void
on_call_now (GtkButton           *button,
             DeskCallbacksDialog *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, g_object_get_data (G_OBJECT (button), "number"));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  desk_api_client_request_async (desk_agent_session_get_client (self->session), "POST", "/calls",
                                 body, self->cancellable, on_called, g_object_ref (button));
}

static GtkWidget *
row_new (DeskCallbacksDialog *self,
         JsonObject          *callback)
{
  const char *number = json_object_get_string_member_with_default (callback, "number", "");
  const char *status = json_object_get_string_member_with_default (callback, "status", "");
  gint64 due = json_object_get_int_member_with_default (callback, "due_at", 0);
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (due);
  g_autofree char *when = g_date_time_format (at, "%x %H:%M");
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  /* TRANSLATORS: status, due time, this try's number and how many there may be */
  subtitle = g_strdup_printf (_("%s · due %s · try %d of %d"), status_text (status), when,
                              (int) json_object_get_int_member_with_default (callback, "attempts",
                                                                             0) + 1,
                              (int) json_object_get_int_member_with_default (callback,
                                                                             "max_attempts", 1));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), number);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (g_strcmp0 (status, "pending") == 0)
    {
      button = gtk_button_new_with_mnemonic (_("_Call Now"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Your phone rings first, then the customer’s"));
      g_object_set_data_full (G_OBJECT (button), "number", g_strdup (number), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_call_now), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                               &error);
  DeskCallbacksDialog *self = data;
  JsonArray *callbacks;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  callbacks = reply && JSON_NODE_HOLDS_OBJECT (reply) ?
              json_object_get_array_member (json_node_get_object (reply), "callbacks") : NULL;
  if (callbacks == NULL)
    {
      adw_status_page_set_title (self->empty, _("The Callbacks Could Not Be Loaded"));
      adw_status_page_set_description (self->empty, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->n_rows = 0;
  for (guint i = 0; i < json_array_get_length (callbacks); i++)
    {
      JsonObject *callback = json_array_get_object_element (callbacks, i);

      if (callback)
        {
          gtk_list_box_append (self->list, row_new (self, callback));
          self->n_rows++;
        }
    }
  gtk_stack_set_visible_child_name (self->stack, self->n_rows ? "list" : "empty");
}

int
desk_callbacks_dialog_get_n_rows (DeskCallbacksDialog *self)
{
  g_return_val_if_fail (DESK_IS_CALLBACKS_DIALOG (self), -1);
  return self->n_rows;
}

static void
desk_callbacks_dialog_dispose (GObject *object)
{
  DeskCallbacksDialog *self = DESK_CALLBACKS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (desk_callbacks_dialog_parent_class)->dispose (object);
}

static void
desk_callbacks_dialog_class_init (DeskCallbacksDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = desk_callbacks_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_callbacks_dialog_init (DeskCallbacksDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->n_rows = -1;
  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Due Callbacks"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 520);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Due callbacks"), -1);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  self->empty = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty, "call-outgoing-symbolic");
  adw_status_page_set_title (self->empty, _("No Callbacks Due"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty), "empty");
  gtk_stack_add_named (self->stack, scrolled, "list");

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWidget *
desk_callbacks_dialog_new (GtkWindow        *parent,
                           DeskAgentSession *session)
{
  DeskCallbacksDialog *self = g_object_new (DESK_TYPE_CALLBACKS_DIALOG, "transient-for", parent,
                                            "modal", TRUE, NULL);

  self->session = g_object_ref (session);
  desk_api_client_request_async (desk_agent_session_get_client (session), "GET", "/callbacks",
                                 NULL, self->cancellable, on_loaded, self);
  return GTK_WIDGET (self);
}
