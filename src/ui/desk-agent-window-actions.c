/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-window"

#include "desk-i18n.h"
#include "desk-agent-window-private.h"
#include "desk-contact-page.h"
#include "desk-agent-preferences.h"
#include "desk-callbacks-dialog.h"
#include "desk-case-list.h"
#include "desk-transfer-dialog.h"

/* The window's actions act on the contact in front of the operator. They
 * are enabled in one place, _desk_agent_window_update_actions(), from the
 * contact's kind and state, so a button never offers what cannot work. */

DeskInboxItem *
_desk_agent_window_current_item (DeskAgentWindow *self)
{
  return self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static void
toast (DeskAgentWindow *self,
       const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr (DeskAgentWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                               &error);

  if (reply == NULL)
    toast (self, error->message);
}

/* Fire and forget: what the server did comes back as events; only a
 * refusal is shown, as a toast with the server's words. */
void
_desk_agent_window_request (DeskAgentWindow *self,
                            const char      *method,
                            const char      *path,
                            JsonNode        *body)
{
  if (self->session == NULL)
    return;
  desk_api_client_request_async (desk_agent_session_get_client (self->session), method, path,
                                 body, NULL, on_request_done, g_object_ref (self));
}

static void
call_request (DeskAgentWindow *self,
              const char      *verb,
              JsonNode        *body)
{
  DeskInboxItem *item = _desk_agent_window_current_item (self);
  g_autofree char *path = NULL;

  if (item == NULL)
    return;
  path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT "/%s", desk_inbox_item_get_id (item), verb);
  _desk_agent_window_request (self, "POST", path, body);
}

static void
on_action_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr (DeskAgentWindow) self = data;
  g_autoptr (GError) error = NULL;

  if (!desk_agent_session_action_finish (DESK_AGENT_SESSION (source), result, &error))
    toast (self, error->message);
}

static void
status_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       data)
{
  DeskAgentWindow *self = data;
  const char *wanted = g_variant_get_string (parameter, NULL);

  if (self->session == NULL)
    return;
  desk_agent_session_set_status_async (self->session,
                                       g_str_equal (wanted, "available") ?
                                       DESK_AGENT_STATUS_AVAILABLE : DESK_AGENT_STATUS_OFFLINE,
                                       NULL, NULL, on_action_done, g_object_ref (self));
}

static void
break_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  DeskAgentWindow *self = data;

  if (self->session)
    desk_agent_session_set_status_async (self->session, DESK_AGENT_STATUS_BREAK,
                                         g_variant_get_string (parameter, NULL), NULL,
                                         on_action_done, g_object_ref (self));
}

static void
answer_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       data)
{
  DeskAgentWindow *self = data;
  DeskInboxItem *item = _desk_agent_window_current_item (self);
  g_autoptr (GError) error = NULL;

  if (item == NULL)
    return;
  if (desk_inbox_item_get_kind (item) == DESK_INBOX_CALL)
    {
      if (!_desk_agent_window_answer (self, item, &error))
        toast (self, error->message);
    }
  else
    desk_agent_session_accept_async (self->session, item, NULL, on_action_done,
                                     g_object_ref (self));
}

static void
decline_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  DeskAgentWindow *self = data;
  DeskInboxItem *item = _desk_agent_window_current_item (self);

  if (item)
    desk_agent_session_decline_async (self->session, item, NULL, on_action_done,
                                      g_object_ref (self));
}

static void
hang_up_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  call_request (data, "hangup", NULL);
}

static void
hold_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  DeskAgentWindow *self = data;
  DeskInboxItem *item = _desk_agent_window_current_item (self);

  if (item)
    call_request (self, desk_inbox_item_get_state (item) == DESK_INBOX_HELD ? "resume" : "hold",
                  NULL);
}

static void
mute_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  DeskAgentWindow *self = data;

  _desk_agent_window_set_muted (self, !_desk_agent_window_get_muted (self));
}

static void
dtmf_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  DeskAgentWindow *self = data;
  g_autoptr (GError) error = NULL;

  if (!_desk_agent_window_send_dtmf (self, g_variant_get_string (parameter, NULL), &error))
    toast (self, error->message);
}

static void
pause_recording_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       data)
{
  DeskAgentWindow *self = data;
  DeskInboxItem *item = _desk_agent_window_current_item (self);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;

  if (item == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "paused");
  json_builder_add_boolean_value (builder, !desk_inbox_item_get_recording_paused (item));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  call_request (self, "recording", body);
}

static void
transfer_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  DeskAgentWindow *self = data;
  DeskInboxItem *item = _desk_agent_window_current_item (self);

  if (item)
    gtk_window_present (GTK_WINDOW (desk_transfer_dialog_new (GTK_WINDOW (self), self->session,
                                                              item)));
}

static void
callbacks_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       data)
{
  DeskAgentWindow *self = data;

  if (self->session)
    gtk_window_present (GTK_WINDOW (desk_callbacks_dialog_new (GTK_WINDOW (self),
                                                               self->session)));
}

static void
on_list_case_activated (GtkWidget *list,
                        gint64     case_id,
                        gpointer   data)
{
  DeskAgentWindow *self = data;

  if (self->session)
    desk_contact_page_show_case (list, desk_agent_session_get_client (self->session), case_id);
}

static void
case_list_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       data)
{
  DeskAgentWindow *self = data;
  GtkWidget *window, *box, *list;

  if (self->session == NULL)
    return;
  window = adw_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  list = desk_case_list_new (desk_agent_session_get_client (self->session));
  gtk_widget_set_vexpand (list, TRUE);
  g_signal_connect_object (list, "case-activated", G_CALLBACK (on_list_case_activated), self, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), list);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), _("My and Overdue Cases"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  DeskAgentWindow *self = data;

  gtk_window_present (GTK_WINDOW (desk_agent_preferences_new (GTK_WINDOW (self), self->settings,
                                                              self->phone)));
}

static void
kb_activated (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       data)
{
  DeskAgentWindow *self = data;
  GtkWidget *panel = adw_bin_get_child (self->kb_slot);

  adw_flap_set_reveal_flap (self->kb_flap, TRUE);
  if (panel)
    gtk_widget_grab_focus (panel);
}

static void
toast_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  toast (data, g_variant_get_string (parameter, NULL));
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  desk_agent_window_sign_out (data);
}

static void
status_menu_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  DeskAgentWindow *self = data;

  gtk_menu_button_popup (self->status_button);
}

static const GActionEntry entries[] = {
  { "status", status_activated, "s", "'offline'" },
  { "break", break_activated, "s" },
  { "status-menu", status_menu_activated },
  { "answer", answer_activated },
  { "decline", decline_activated },
  { "hang-up", hang_up_activated },
  { "hold", hold_activated },
  { "mute", mute_activated },
  { "dtmf", dtmf_activated, "s" },
  { "pause-recording", pause_recording_activated },
  { "transfer", transfer_activated },
  { "callbacks", callbacks_activated },
  { "preferences", preferences_activated },
  { "case-list", case_list_activated },
  { "knowledge-base", kb_activated },
  { "toast", toast_activated, "s" },
  { "sign-out", sign_out_activated },
};

static const struct {
  const char *accel;
  const char *action;
} shortcuts[] = {
  { "<Control>Return", "win.answer" },
  { "<Control><Shift>e", "win.hang-up" },
  { "<Control><Shift>h", "win.hold" },
  { "<Control><Shift>m", "win.mute" },
  { "<Control><Shift>t", "win.transfer" },
  { "<Control><Shift>s", "win.status-menu" },
  { "<Control>k", "win.knowledge-base" },
};

static void
set_enabled (DeskAgentWindow *self,
             const char      *name,
             gboolean         enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_desk_agent_window_update_actions (DeskAgentWindow *self)
{
  DeskInboxItem *item = _desk_agent_window_current_item (self);
  gboolean signed_in = self->session != NULL;
  gboolean call = item && desk_inbox_item_get_kind (item) == DESK_INBOX_CALL;
  DeskInboxState state = item ? desk_inbox_item_get_state (item) : DESK_INBOX_ENDED;
  gboolean offered = item && state == DESK_INBOX_OFFERED;
  gboolean live = call && (state == DESK_INBOX_ACTIVE || state == DESK_INBOX_HELD);

  set_enabled (self, "status", signed_in);
  set_enabled (self, "break", signed_in);
  set_enabled (self, "status-menu", signed_in);
  set_enabled (self, "sign-out", signed_in);
  set_enabled (self, "knowledge-base", signed_in);
  set_enabled (self, "callbacks", signed_in);
  set_enabled (self, "case-list", signed_in);
  /* a desk phone is picked up on the desk phone */
  set_enabled (self, "answer", offered && (!call || self->phone != NULL));
  set_enabled (self, "decline", offered);
  set_enabled (self, "hang-up", live);
  set_enabled (self, "hold", live);
  set_enabled (self, "mute", live && self->phone != NULL);
  set_enabled (self, "dtmf", live);
  set_enabled (self, "pause-recording", live);
  set_enabled (self, "transfer", live);
}

static void
install_shortcuts (GtkWidget *window)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].accel),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (window, controller);
}

/* Called from the window's init: the entries live on the instance (the
 * "win." group of GtkApplicationWindow), the shortcuts on a controller. */
void
_desk_agent_window_add_actions (DeskAgentWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  install_shortcuts (GTK_WIDGET (self));
}
