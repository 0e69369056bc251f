/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-window"

#include "desk-i18n.h"
#include "desk-error.h"
#include "desk-agent-window-private.h"
#include "desk-agent-phone.h"

/* The built-in softphone of the window: provisioned from the sign-in
 * (the account came with the session), registered with the office's
 * PBX at the API's host. In "desk-phone" mode there is none: the
 * operator's own SIP phone rings and the window only controls calls
 * through the API. */

#define PHONE(self) DESK_AGENT_PHONE ((self)->phone)

static void
update_phone_icon (DeskAgentWindow *self)
{
  gboolean registered = self->phone && desk_agent_phone_get_registered (PHONE (self));
  const char *text;

  if (self->phone == NULL)
    text = _("Calls ring on your desk phone");
  else if (registered)
    text = _("Softphone ready");
  else
    text = _("Softphone not connected to the office");
  gtk_image_set_from_icon_name (self->phone_icon, self->phone == NULL ? "phone-symbolic" :
                                registered ? "audio-headset-symbolic" :
                                "network-offline-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->phone_icon), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->phone_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  if (self->phone && !registered)
    gtk_widget_add_css_class (GTK_WIDGET (self->phone_icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->phone_icon), "error");
}

static void
on_incoming (DeskAgentWindow *self,
             guint            call_id,
             const char      *number,
             const char      *name)
{
  self->phone_ringing = call_id;
}

static void
on_call_state (DeskAgentWindow *self,
               guint            call_id,
               guint            state)
{
  if (state == DESK_SOFTPHONE_CALL_ENDED)
    {
      if (self->phone_ringing == call_id)
        self->phone_ringing = 0;
      if (self->phone_call == call_id)
        {
          self->phone_call = 0;
          desk_agent_phone_set_muted (PHONE (self), FALSE);
        }
    }
  _desk_agent_window_update_actions (self);
}

void
_desk_agent_window_start_phone (DeskAgentWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  DeskSession account = { 0 };
  DeskAgentPhone *phone;

  if (g_settings_get_enum (self->settings, "softphone-mode") != 0 ||
      desk_agent_session_get_sip_user (self->session) == NULL)
    {
      update_phone_icon (self);
      return;
    }
  account.sip_user = (char *) desk_agent_session_get_sip_user (self->session);
  account.sip_password = (char *) desk_agent_session_get_sip_password (self->session);
  account.sip_port = desk_agent_session_get_sip_port (self->session);
  host = desk_api_client_dup_host (desk_agent_session_get_client (self->session));
  phone = desk_agent_phone_new (&account, host);
  input = g_settings_get_string (self->settings, "audio-input-device");
  output = g_settings_get_string (self->settings, "audio-output-device");
  desk_agent_phone_set_volume (phone, g_settings_get_double (self->settings, "ring-volume"));
  if ((*input && !desk_agent_phone_set_input_device (phone, input, &error)) ||
      (*output && !desk_agent_phone_set_output_device (phone, output, &error)) ||
      !desk_agent_phone_start (phone, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The softphone could not start: %s"),
                                               error->message);

      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
      g_object_unref (phone);
      update_phone_icon (self);
      return;
    }
  self->phone = G_OBJECT (phone);
  g_signal_connect_object (phone, "notify::registered", G_CALLBACK (update_phone_icon), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (phone, "incoming", G_CALLBACK (on_incoming), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (phone, "call-state-changed", G_CALLBACK (on_call_state), self,
                           G_CONNECT_SWAPPED);
  update_phone_icon (self);
}

void
_desk_agent_window_stop_phone (DeskAgentWindow *self)
{
  if (self->phone == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->phone, self);
  desk_agent_phone_stop (PHONE (self));
  g_clear_object (&self->phone);
  self->phone_ringing = self->phone_call = 0;
}

gboolean
_desk_agent_window_answer (DeskAgentWindow  *self,
                           DeskInboxItem    *item,
                           GError          **error)
{
  if (self->phone == NULL)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("Pick up your desk phone to answer"));
      return FALSE;
    }
  /* The office offers one call at a time to an operator: the call that
   * rings on the softphone is the offered one. */
  if (self->phone_ringing == 0)
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("The call is not ringing on the softphone yet"));
      return FALSE;
    }
  if (!desk_agent_phone_answer (PHONE (self), self->phone_ringing, error))
    return FALSE;
  self->phone_call = self->phone_ringing;
  self->phone_ringing = 0;
  return TRUE;
}

void
_desk_agent_window_set_muted (DeskAgentWindow *self,
                              gboolean         muted)
{
  if (self->phone)
    desk_agent_phone_set_muted (PHONE (self), muted);
}

gboolean
_desk_agent_window_get_muted (DeskAgentWindow *self)
{
  return self->phone && desk_agent_phone_get_muted (PHONE (self));
}

gboolean
_desk_agent_window_send_dtmf (DeskAgentWindow  *self,
                              const char       *digits,
                              GError          **error)
{
  DeskInboxItem *item;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (self->phone && self->phone_call)
    return desk_agent_phone_send_dtmf (PHONE (self), self->phone_call, digits, error);

  /* a desk phone's own keypad works too; this sends through the office */
  item = _desk_agent_window_current_item (self);
  if (item == NULL)
    return TRUE;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "digits");
  json_builder_add_string_value (builder, digits);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT "/dtmf", desk_inbox_item_get_id (item));
  _desk_agent_window_request (self, "POST", path, body);
  return TRUE;
}
