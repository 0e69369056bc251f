/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-panel"

#include "desk-i18n.h"
#include "desk-call-panel.h"

/**
 * DeskCallPanel:
 *
 * One call's header and controls. The buttons are bound to the window's
 * actions (`win.answer`, `win.hang-up`, `win.hold`, …), which act on the
 * contact in front of the operator; the panel only shows the call: who,
 * its state, its timer, and which controls make sense now.
 */
struct _DeskCallPanel
{
  AdwBin parent_instance;

  DeskInboxItem *item;
  gboolean builtin_phone;
  guint tick;

  GtkImage *state_icon;
  GtkLabel *title_label;
  GtkLabel *state_label;
  GtkLabel *timer_label;
  GtkWidget *answer_button;
  GtkWidget *decline_button;
  GtkWidget *hangup_button;
  GtkWidget *hold_button;
  GtkWidget *mute_button;
  GtkWidget *keypad_button;
  GtkWidget *transfer_button;
  GtkWidget *recording_button;
  GtkGrid *keypad_grid;
};

G_DEFINE_FINAL_TYPE (DeskCallPanel, desk_call_panel, ADW_TYPE_BIN)

static const char *const keypad_keys[] = { "1", "2", "3", "4", "5", "6",
                                           "7", "8", "9", "*", "0", "#" };

/* The flow box wraps each button in a child of its own: show or hide that */
static void
show_button (GtkWidget *button,
             gboolean   visible)
{
  gtk_widget_set_visible (gtk_widget_get_parent (button), visible);
}

static void
update_timer (DeskCallPanel *self)
{
  gint64 seconds = MAX (0, g_get_real_time () / G_USEC_PER_SEC -
                        desk_inbox_item_get_since (self->item));
  g_autofree char *text = NULL;

  if (seconds >= 3600)
    text = g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                            (int) (seconds % 60));
  else
    text = g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
  gtk_label_set_text (self->timer_label, text);
}

static gboolean
on_tick (gpointer data)
{
  update_timer (data);
  return G_SOURCE_CONTINUE;
}

static void
update (DeskCallPanel *self)
{
  DeskInboxState state = desk_inbox_item_get_state (self->item);
  gboolean live = state == DESK_INBOX_ACTIVE || state == DESK_INBOX_HELD;
  const char *text, *icon;

  gtk_label_set_text (self->title_label, desk_inbox_item_get_title (self->item));
  switch (state)
    {
    case DESK_INBOX_OFFERED:
      text = _("Incoming call");
      icon = "call-incoming-symbolic";
      break;
    case DESK_INBOX_HELD:
      text = _("On hold: the caller hears music");
      icon = "media-playback-pause-symbolic";
      break;
    case DESK_INBOX_ENDED:
      text = _("Call ended");
      icon = "call-stop-symbolic";
      break;
    case DESK_INBOX_ACTIVE:
    case DESK_INBOX_WAITING:
    default:
      text = _("Talking");
      icon = "call-start-symbolic";
      break;
    }
  if (desk_inbox_item_get_subtitle (self->item) && state != DESK_INBOX_ENDED)
    {
      g_autofree char *both = g_strdup_printf ("%s · %s", text,
                                               desk_inbox_item_get_subtitle (self->item));
      gtk_label_set_text (self->state_label, both);
    }
  else
    gtk_label_set_text (self->state_label, text);
  gtk_image_set_from_icon_name (self->state_icon, icon);

  /* a desk phone answers by itself: the window cannot pick it up */
  show_button (self->answer_button, state == DESK_INBOX_OFFERED && self->builtin_phone);
  show_button (self->decline_button, state == DESK_INBOX_OFFERED);
  show_button (self->hangup_button, live);
  show_button (self->hold_button, live);
  show_button (self->mute_button, live && self->builtin_phone);
  show_button (self->keypad_button, live);
  show_button (self->transfer_button, live);
  show_button (self->recording_button, live);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->hold_button), state == DESK_INBOX_HELD);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->recording_button),
                                desk_inbox_item_get_recording_paused (self->item));
  gtk_widget_set_visible (GTK_WIDGET (self->timer_label), state != DESK_INBOX_ENDED);
  update_timer (self);
}

static void
on_key_clicked (GtkButton *button,
                gpointer   data)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "win.dtmf", "s",
                              gtk_button_get_label (button));
}

static void
build_keypad (DeskCallPanel *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (keypad_keys); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (keypad_keys[i]);
      g_autofree char *name = g_strdup_printf (_("Send %s"), keypad_keys[i]);

      gtk_widget_add_css_class (button, "title-3");
      gtk_widget_set_size_request (button, 56, 44);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked), self);
      gtk_grid_attach (self->keypad_grid, button, (int) (i % 3), (int) (i / 3), 1, 1);
    }
}

DeskInboxItem *
desk_call_panel_get_item (DeskCallPanel *self)
{
  g_return_val_if_fail (DESK_IS_CALL_PANEL (self), NULL);
  return self->item;
}

const char *
desk_call_panel_get_timer_text (DeskCallPanel *self)
{
  g_return_val_if_fail (DESK_IS_CALL_PANEL (self), NULL);
  return gtk_label_get_text (self->timer_label);
}

static void
desk_call_panel_dispose (GObject *object)
{
  DeskCallPanel *self = DESK_CALL_PANEL (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  if (self->item)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (desk_call_panel_parent_class)->dispose (object);
}

static void
desk_call_panel_class_init (DeskCallPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = desk_call_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-call-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, state_icon);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, state_label);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, timer_label);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, answer_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, decline_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, hangup_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, hold_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, mute_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, keypad_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, recording_button);
  gtk_widget_class_bind_template_child (widget_class, DeskCallPanel, keypad_grid);
}

static void
desk_call_panel_init (DeskCallPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_keypad (self);
}

GtkWidget *
desk_call_panel_new (DeskInboxItem *item,
                     gboolean       builtin_phone)
{
  DeskCallPanel *self;

  g_return_val_if_fail (DESK_IS_INBOX_ITEM (item), NULL);

  self = g_object_new (DESK_TYPE_CALL_PANEL, NULL);
  self->item = g_object_ref (item);
  self->builtin_phone = builtin_phone;
  g_signal_connect_swapped (item, "notify", G_CALLBACK (update), self);
  self->tick = g_timeout_add_seconds (1, on_tick, self);
  update (self);
  return GTK_WIDGET (self);
}
