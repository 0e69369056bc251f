/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-preferences"

#include "desk-i18n.h"
#include "desk-agent-preferences.h"
#include "desk-agent-phone.h"

/**
 * DeskAgentPreferences:
 *
 * How the operator takes calls: the built-in softphone (with which
 * microphone, speaker and ring volume) or their own desk phone. Stored in
 * GSettings; a running softphone takes a new device at once.
 */
struct _DeskAgentPreferences
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  GObject *phone;
  GStrv inputs;     /* id, name pairs */
  GStrv outputs;
};

G_DEFINE_FINAL_TYPE (DeskAgentPreferences, desk_agent_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_mode_selected (AdwComboRow          *row,
                  GParamSpec           *pspec,
                  DeskAgentPreferences *self)
{
  g_settings_set_enum (self->settings, "softphone-mode", (int) adw_combo_row_get_selected (row));
}

/* Row 0 is the system default; then the pairs' names in order. */
static void
on_device_selected (AdwComboRow          *row,
                    GParamSpec           *pspec,
                    DeskAgentPreferences *self)
{
  gboolean input = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "input"));
  GStrv pairs = input ? self->inputs : self->outputs;
  guint selected = adw_combo_row_get_selected (row);
  const char *id = selected == 0 ? "" : pairs[(selected - 1) * 2];
  g_autoptr (GError) error = NULL;

  g_settings_set_string (self->settings, input ? "audio-input-device" : "audio-output-device", id);
  if (self->phone &&
      !(input ? desk_agent_phone_set_input_device : desk_agent_phone_set_output_device)
         (DESK_AGENT_PHONE (self->phone), id, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static GtkWidget *
device_row_new (DeskAgentPreferences *self,
                const char           *title,
                gboolean              input)
{
  GStrv pairs = input ? self->inputs : self->outputs;
  g_autofree char *current = g_settings_get_string (self->settings, input ? "audio-input-device" :
                                                    "audio-output-device");
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;

  gtk_string_list_append (names, _("System default"));
  for (guint i = 0; pairs[i] && pairs[i + 1]; i += 2)
    {
      gtk_string_list_append (names, pairs[i + 1]);
      if (g_strcmp0 (pairs[i], current) == 0)
        selected = i / 2 + 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data (G_OBJECT (row), "input", GINT_TO_POINTER (input));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_device_selected), self);
  return row;
}

static void
desk_agent_preferences_dispose (GObject *object)
{
  DeskAgentPreferences *self = DESK_AGENT_PREFERENCES (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->phone);
  g_clear_pointer (&self->inputs, g_strfreev);
  g_clear_pointer (&self->outputs, g_strfreev);

  G_OBJECT_CLASS (desk_agent_preferences_parent_class)->dispose (object);
}

static void
desk_agent_preferences_class_init (DeskAgentPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = desk_agent_preferences_dispose;
}

static void
desk_agent_preferences_init (DeskAgentPreferences *self)
{
}

GtkWidget *
desk_agent_preferences_new (GtkWindow *parent,
                            GSettings *settings,
                            GObject   *phone)
{
  DeskAgentPreferences *self = g_object_new (DESK_TYPE_AGENT_PREFERENCES, "transient-for", parent,
                                             "modal", TRUE, "search-enabled", FALSE, NULL);
  const char *modes[] = { _("Built-in softphone"), _("My desk phone"), NULL };
  g_autoptr (GtkStringList) mode_names = gtk_string_list_new (modes);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *calls = adw_preferences_group_new ();
  GtkWidget *audio = adw_preferences_group_new ();
  GtkWidget *mode = adw_combo_row_new ();
  GtkWidget *ring = adw_action_row_new ();
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.05);

  self->settings = g_object_ref (settings);
  self->phone = phone ? g_object_ref (phone) : NULL;
  self->inputs = desk_agent_phone_list_devices (TRUE);
  self->outputs = desk_agent_phone_list_devices (FALSE);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (calls), _("Calls"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (calls),
                                         _("A change of phone takes effect at the next sign-in."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (mode), _("Answer calls with"));
  adw_combo_row_set_model (ADW_COMBO_ROW (mode), G_LIST_MODEL (mode_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode),
                              (guint) g_settings_get_enum (settings, "softphone-mode"));
  g_signal_connect (mode, "notify::selected", G_CALLBACK (on_mode_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (calls), mode);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (audio), _("Sound"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (audio),
                             device_row_new (self, _("Microphone"), TRUE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (audio),
                             device_row_new (self, _("Speaker or headset"), FALSE));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ring), _("Ring volume"));
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_widget_set_valign (scale, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (scale, 160, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Ring volume"), -1);
  g_settings_bind (settings, "ring-volume", gtk_range_get_adjustment (GTK_RANGE (scale)), "value",
                   G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (ring), scale);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (audio), ring);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (calls));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (audio));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  return GTK_WIDGET (self);
}
