/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-transfer-dialog"

#include "desk-i18n.h"
#include "desk-transfer-dialog.h"
#include "desk-transfer-targets.h"

/**
 * DeskTransferDialog:
 *
 * Where a call goes next. It lists the colleagues with their state, free
 * ones first, and the queues with how many wait in them (GET /directory),
 * and takes a number. "Transfer Now" hands the caller over at once
 * (blind); "Consult First" puts the caller on hold with music and calls
 * the colleague; once that second call is up, this dialog offers to
 * complete the transfer (attended) or to join all three (conference).
 */
struct _DeskTransferDialog
{
  AdwWindow parent_instance;

  DeskAgentSession *session;
  DeskInboxItem *call;
  GCancellable *cancellable;
  DeskTransferTargets *targets;
  GtkCheckButton *group;    /* never shown: the rows' radio group */
  /* the chosen target: one of these */
  gint64 to_user;
  gint64 to_queue;

  GtkListBox *operator_list;
  GtkListBox *queue_list;
  AdwEntryRow *number_row;
  AdwPreferencesGroup *consult_group;
  GtkWidget *consult_row;
  GtkLabel *error_label;
  GtkWidget *transfer_button;
  GtkWidget *consult_button;
};

G_DEFINE_FINAL_TYPE (DeskTransferDialog, desk_transfer_dialog, ADW_TYPE_WINDOW)

static void
show_error (DeskTransferDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_row_toggled (GtkCheckButton     *check,
                DeskTransferDialog *self)
{
  if (!gtk_check_button_get_active (check))
    return;
  self->to_user = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "user"));
  self->to_queue = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "queue"));
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), "");
  gtk_widget_set_sensitive (self->transfer_button, TRUE);
  gtk_widget_set_sensitive (self->consult_button, self->to_user != 0);
}

static GtkWidget *
target_row_new (DeskTransferDialog *self,
                const char         *title,
                const char         *subtitle,
                gint64              user,
                gint64              queue,
                gboolean            free)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (check), "user", GSIZE_TO_POINTER ((gsize) user));
  g_object_set_data (G_OBJECT (check), "queue", GSIZE_TO_POINTER ((gsize) queue));
  g_signal_connect (check, "toggled", G_CALLBACK (on_row_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  if (!free)
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static gboolean
is_kind (gpointer item,
         gpointer data)
{
  return desk_transfer_target_get_kind (item) == (DeskTransferKind) GPOINTER_TO_INT (data);
}

static GtkWidget *
create_target_row (gpointer item,
                   gpointer data)
{
  DeskTransferDialog *self = data;
  DeskTransferTarget *target = item;
  gboolean queue = desk_transfer_target_get_kind (target) == DESK_TRANSFER_QUEUE;

  return target_row_new (self, desk_transfer_target_get_name (target),
                         desk_transfer_target_get_detail (target),
                         queue ? 0 : desk_transfer_target_get_id (target),
                         queue ? desk_transfer_target_get_id (target) : 0,
                         desk_transfer_target_get_free (target));
}

/* One list box per kind, both from the office's directory (free first). */
static void
bind_targets (DeskTransferDialog *self,
              GtkListBox         *list,
              DeskTransferKind    kind)
{
  GtkCustomFilter *filter = gtk_custom_filter_new (is_kind, GINT_TO_POINTER (kind), NULL);
  g_autoptr (GtkFilterListModel) model =
    gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->targets)), GTK_FILTER (filter));

  gtk_list_box_bind_model (list, G_LIST_MODEL (model), create_target_row, self, NULL);
}

static void
on_targets_error (DeskTransferDialog *self)
{
  show_error (self, desk_transfer_targets_get_error (self->targets));
}

static void
on_number_changed (DeskTransferDialog *self)
{
  gboolean typed = *gtk_editable_get_text (GTK_EDITABLE (self->number_row)) != '\0';

  if (typed)
    {
      self->to_user = self->to_queue = 0;
      gtk_widget_set_sensitive (self->transfer_button, TRUE);
      gtk_widget_set_sensitive (self->consult_button, TRUE);
    }
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                               &error);
  DeskTransferDialog *self = data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
send (DeskTransferDialog *self,
      const char         *verb,
      const char         *member,
      gint64              id,
      const char         *number)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT "/%s",
                                           desk_inbox_item_get_id (self->call), verb);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  if (number)
    json_builder_add_string_value (builder, number);
  else
    json_builder_add_int_value (builder, id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  show_error (self, NULL);
  desk_api_client_request_async (desk_agent_session_get_client (self->session), "POST", path, body,
                                 self->cancellable, on_sent, self);
}

static void
on_transfer_clicked (DeskTransferDialog *self)
{
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->number_row));

  if (*number)
    send (self, "transfer", "to_number", 0, number);
  else if (self->to_user)
    send (self, "transfer", "to_user", self->to_user, NULL);
  else if (self->to_queue)
    send (self, "transfer", "to_queue", self->to_queue, NULL);
}

/* The second call: another live call of this operator's, if any. */
static DeskInboxItem *
consult_call (DeskTransferDialog *self)
{
  GListModel *inbox = desk_agent_session_get_inbox (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (inbox); i++)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (inbox, i);

      if (item != self->call && desk_inbox_item_get_kind (item) == DESK_INBOX_CALL &&
          desk_inbox_item_get_state (item) == DESK_INBOX_ACTIVE)
        return item;
    }
  return NULL;
}

static void
on_complete_clicked (DeskTransferDialog *self)
{
  DeskInboxItem *consult = consult_call (self);

  if (consult)
    send (self, "transfer", "consult_call_id", desk_inbox_item_get_id (consult), NULL);
}

static void
on_conference_clicked (DeskTransferDialog *self)
{
  DeskInboxItem *consult = consult_call (self);

  if (consult)
    send (self, "conference", "consult_call_id", desk_inbox_item_get_id (consult), NULL);
}

static void
on_consult_clicked (DeskTransferDialog *self)
{
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->number_row));

  /* the caller waits with music while the operator talks to the colleague */
  if (*number)
    send (self, "consult", "to_number", 0, number);
  else if (self->to_user)
    send (self, "consult", "to_user", self->to_user, NULL);
}

static void
update_consult (DeskTransferDialog *self)
{
  DeskInboxItem *consult = consult_call (self);

  gtk_widget_set_visible (GTK_WIDGET (self->consult_group), consult != NULL);
  if (consult)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->consult_row),
                                   desk_inbox_item_get_title (consult));
}

guint
desk_transfer_dialog_get_n_targets (DeskTransferDialog *self)
{
  g_return_val_if_fail (DESK_IS_TRANSFER_DIALOG (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->targets));
}

static void
desk_transfer_dialog_dispose (GObject *object)
{
  DeskTransferDialog *self = DESK_TRANSFER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session)
    g_signal_handlers_disconnect_by_data (desk_agent_session_get_inbox (self->session), self);
  g_clear_object (&self->session);
  g_clear_object (&self->call);
  g_clear_object (&self->targets);
  g_clear_object (&self->group);

  G_OBJECT_CLASS (desk_transfer_dialog_parent_class)->dispose (object);
}

static void
desk_transfer_dialog_class_init (DeskTransferDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = desk_transfer_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, operator_list);
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, queue_list);
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, consult_group);
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, consult_row);
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, DeskTransferDialog, consult_button);
  gtk_widget_class_bind_template_callback (widget_class, on_number_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_transfer_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_consult_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_complete_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_conference_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_transfer_dialog_init (DeskTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->group = GTK_CHECK_BUTTON (g_object_ref_sink (gtk_check_button_new ()));
}

GtkWidget *
desk_transfer_dialog_new (GtkWindow        *parent,
                          DeskAgentSession *session,
                          DeskInboxItem    *call)
{
  DeskTransferDialog *self = g_object_new (DESK_TYPE_TRANSFER_DIALOG, "transient-for", parent,
                                           "modal", TRUE, NULL);

  self->session = g_object_ref (session);
  self->call = g_object_ref (call);
  g_signal_connect_object (desk_agent_session_get_inbox (session), "items-changed",
                           G_CALLBACK (update_consult), self, G_CONNECT_SWAPPED);
  update_consult (self);
  self->targets = desk_transfer_targets_new (desk_agent_session_get_client (session),
                                             desk_agent_session_get_user_id (session));
  g_signal_connect_object (self->targets, "notify::error", G_CALLBACK (on_targets_error), self,
                           G_CONNECT_SWAPPED);
  bind_targets (self, self->operator_list, DESK_TRANSFER_OPERATOR);
  bind_targets (self, self->queue_list, DESK_TRANSFER_QUEUE);
  desk_transfer_targets_reload (self->targets);
  return GTK_WIDGET (self);
}
