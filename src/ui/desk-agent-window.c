/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-window"

#include "desk-i18n.h"
#include "desk-ui.h"
#include "desk-agent-window-private.h"
#include "desk-contact-page.h"
#include "desk-kb-panel.h"

/**
 * DeskAgentWindow:
 *
 * The operator's window, where they spend the day. Before sign-in it
 * shows #DeskLoginPage. After, the inbox on the left (offered and active
 * calls and chats, portal requests, due callbacks, with their waiting
 * times) under the status switcher and the wrap-up bar; on the right the
 * contact in front of the operator (#DeskContactPage); the knowledge base
 * slides in from the right edge. A contact that is offered is selected at
 * once, so its client card pops without a click.
 */

G_DEFINE_FINAL_TYPE (DeskAgentWindow, desk_agent_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *const dispositions[] = {
  N_("Resolved"),
  N_("Needs follow-up"),
  N_("Callback promised"),
  N_("Information given"),
  N_("Wrong number"),
  N_("Other"),
  NULL
};

static const char *
status_text (DeskAgentStatus status)
{
  switch (status)
    {
    case DESK_AGENT_STATUS_AVAILABLE:
      return _("Available");
    case DESK_AGENT_STATUS_BUSY:
      return _("Busy");
    case DESK_AGENT_STATUS_WRAPUP:
      return _("Wrap-up");
    case DESK_AGENT_STATUS_BREAK:
      return _("On break");
    case DESK_AGENT_STATUS_OFFLINE:
    default:
      return _("Offline");
    }
}

static void
tick_ages (DeskAgentWindow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < self->age_labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (self->age_labels, i);
      DeskInboxItem *item = g_object_get_data (G_OBJECT (label), "item");
      g_autofree char *text = item ? desk_inbox_item_dup_age_text (item, now) : NULL;

      gtk_label_set_text (GTK_LABEL (label), text ? text : "");
    }
}

static void
update_status (DeskAgentWindow *self)
{
  DeskAgentStatus status = desk_agent_session_get_status (self->session);
  guint left = desk_agent_session_get_wrapup_seconds_left (self->session);
  const char *reason = desk_agent_session_get_break_reason (self->session);
  g_autofree char *text = NULL;
  const char *classes[] = { "success", "warning", "accent", "error", "dim-label" };
  const char *class;
  GAction *action;

  if (status == DESK_AGENT_STATUS_WRAPUP)
    text = g_strdup_printf (_("Wrap-up %u:%02u"), left / 60, left % 60);
  else if (status == DESK_AGENT_STATUS_BREAK && reason && *reason)
    text = g_strdup_printf (_("Break: %s"), reason);
  else
    text = g_strdup (status_text (status));
  gtk_label_set_text (self->status_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);

  class = status == DESK_AGENT_STATUS_AVAILABLE ? "success" :
          status == DESK_AGENT_STATUS_BUSY ? "accent" :
          status == DESK_AGENT_STATUS_OFFLINE ? "dim-label" : "warning";
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), class);

  if (status == DESK_AGENT_STATUS_WRAPUP)
    {
      g_autofree char *wrapup = g_strdup_printf (_("Wrap-up: %u:%02u left"), left / 60, left % 60);
      gtk_label_set_text (self->wrapup_label, wrapup);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->wrapup_note), "");
  gtk_revealer_set_reveal_child (self->wrapup_revealer, status == DESK_AGENT_STATUS_WRAPUP);

  adw_status_page_set_description (self->inbox_empty,
                                   status == DESK_AGENT_STATUS_AVAILABLE ?
                                   _("New calls and chats appear here.") :
                                   _("Set yourself available to take calls and chats."));
  adw_status_page_set_title (self->idle_page,
                             status == DESK_AGENT_STATUS_AVAILABLE ? _("Ready") : text);

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "status");
  if (action)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_string (status == DESK_AGENT_STATUS_AVAILABLE ?
                                                     "available" :
                                                     status == DESK_AGENT_STATUS_OFFLINE ?
                                                     "offline" : "other"));
}

static void
show_item (DeskAgentWindow *self,
           DeskInboxItem   *item)
{
  GtkWidget *page = item ? g_hash_table_lookup (self->pages, item) : NULL;

  if (item && page == NULL)
    {
      page = desk_contact_page_new (self->session, item, self->phone != NULL);
      g_hash_table_insert (self->pages, g_object_ref (item), page);
      gtk_stack_add_child (self->contact_stack, page);
    }
  if (page)
    {
      gtk_stack_set_visible_child (self->contact_stack, page);
      adw_window_title_set_title (self->contact_title, desk_inbox_item_get_title (item));
      adw_window_title_set_subtitle (self->contact_title,
                                     desk_inbox_item_get_subtitle (item) ?
                                     desk_inbox_item_get_subtitle (item) : "");
      adw_leaflet_set_visible_child (self->leaflet, self->content);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->contact_stack, "idle");
      adw_window_title_set_title (self->contact_title, _("Frontdesk"));
      adw_window_title_set_subtitle (self->contact_title, "");
    }
  _desk_agent_window_update_actions (self);
}

static void
on_selection_changed (DeskAgentWindow *self)
{
  show_item (self, gtk_single_selection_get_selected_item (self->selection));
}

/* Pages of contacts that left the inbox go with them. */
static void
on_inbox_changed (GListModel      *inbox,
                  guint            position,
                  guint            removed,
                  guint            added,
                  DeskAgentWindow *self)
{
  GHashTableIter iter;
  gpointer item, page;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &item, &page))
    {
      gboolean present = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (inbox) && !present; i++)
        {
          g_autoptr (GObject) other = g_list_model_get_item (inbox, i);
          present = other == item;
        }
      if (!present)
        {
          gtk_stack_remove (self->contact_stack, page);
          g_hash_table_iter_remove (&iter);
        }
    }
  gtk_stack_set_visible_child_name (self->inbox_stack,
                                    g_list_model_get_n_items (inbox) ? "list" : "empty");
  if (gtk_single_selection_get_selected_item (self->selection) == NULL)
    show_item (self, NULL);
}

static void
notify_offer (DeskAgentWindow *self,
              DeskInboxItem   *item)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gboolean call = desk_inbox_item_get_kind (item) == DESK_INBOX_CALL;
  g_autoptr (GNotification) notification = NULL;
  g_autofree char *id = NULL;

  /* in front of the operator, the window itself is the notice */
  if (app == NULL || (gtk_widget_get_visible (GTK_WIDGET (self)) &&
                      gtk_window_is_active (GTK_WINDOW (self))))
    return;
  g_debug ("Notifying the offer of %s", desk_inbox_item_get_title (item));
  notification = g_notification_new (call ? _("Incoming call") : _("New chat"));
  g_notification_set_body (notification, desk_inbox_item_get_title (item));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action_and_target (notification, "app.show-contact", "(ix)",
                                                (int) desk_inbox_item_get_kind (item),
                                                desk_inbox_item_get_id (item));
  g_notification_add_button_with_target (notification, call ? _("Answer") : _("Accept"),
                                         "app.accept-contact", "(ix)",
                                         (int) desk_inbox_item_get_kind (item),
                                         desk_inbox_item_get_id (item));
  id = g_strdup_printf ("contact-%d-%" G_GINT64_FORMAT, (int) desk_inbox_item_get_kind (item),
                        desk_inbox_item_get_id (item));
  g_application_send_notification (app, id, notification);
}

static void
on_contact_offered (DeskAgentWindow *self,
                    DeskInboxItem   *item)
{
  GListModel *inbox = desk_agent_session_get_inbox (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (inbox); i++)
    {
      g_autoptr (DeskInboxItem) other = g_list_model_get_item (inbox, i);

      if (other == item)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->inbox_view), "list.scroll-to-item", "u", i);
          break;
        }
    }
  /* made at once even if another contact is selected: the card loads now */
  if (g_hash_table_lookup (self->pages, item) == NULL)
    show_item (self, item);
  notify_offer (self, item);
}

static void
on_item_changed (DeskAgentWindow *self,
                 DeskInboxItem   *item)
{
  if (item == gtk_single_selection_get_selected_item (self->selection))
    _desk_agent_window_update_actions (self);
}

static void
on_session_ended (DeskAgentWindow *self,
                  const GError    *reason)
{
  desk_agent_window_sign_out (self);
  if (reason)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (reason->message));
}

static void
on_age_label_gone (gpointer  data,
                   GObject  *label)
{
  DeskAgentWindow *self = data;

  g_ptr_array_remove_fast (self->age_labels, label);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           DeskAgentWindow          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *age = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_add_css_class (age, "numeric");
  gtk_widget_add_css_class (age, "caption");
  gtk_widget_set_valign (age, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), age);
  gtk_list_item_set_child (list_item, box);
  /* ticked each second while it lives */
  g_ptr_array_add (self->age_labels, age);
  g_object_weak_ref (G_OBJECT (age), on_age_label_gone, self);
}

static const char *
item_icon (DeskInboxItem *item)
{
  switch (desk_inbox_item_get_kind (item))
    {
    case DESK_INBOX_CHAT:
      return "chat-bubbles-symbolic";
    case DESK_INBOX_PORTAL:
      return "mail-unread-symbolic";
    case DESK_INBOX_CALLBACK:
      return "call-outgoing-symbolic";
    case DESK_INBOX_CALL:
    default:
      return desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED ? "call-incoming-symbolic" :
             "call-start-symbolic";
    }
}

static void
bind_row_texts (GtkWidget *box)
{
  DeskInboxItem *item = g_object_get_data (G_OBJECT (box), "item");
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (icon);
  GtkWidget *age = gtk_widget_get_next_sibling (texts);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  const char *sub = desk_inbox_item_get_subtitle (item);
  g_autofree char *age_text = desk_inbox_item_dup_age_text (item, g_get_real_time () /
                                                            G_USEC_PER_SEC);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), item_icon (item));
  gtk_label_set_text (GTK_LABEL (title), desk_inbox_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (subtitle), sub ? sub : "");
  gtk_widget_set_visible (subtitle, sub != NULL && *sub);
  gtk_label_set_text (GTK_LABEL (age), age_text);
  if (desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED)
    gtk_widget_add_css_class (age, "warning");
  else
    gtk_widget_remove_css_class (age, "warning");
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          DeskAgentWindow          *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  DeskInboxItem *item = gtk_list_item_get_item (list_item);

  /* held, not borrowed: the rows outlive their items by a frame or two */
  g_object_set_data_full (G_OBJECT (box), "item", g_object_ref (item), g_object_unref);
  g_object_set_data_full (G_OBJECT (gtk_widget_get_last_child (box)), "item", g_object_ref (item),
                          g_object_unref);
  g_signal_connect_object (item, "notify", G_CALLBACK (bind_row_texts), box,
                           G_CONNECT_SWAPPED);
  bind_row_texts (box);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            DeskAgentWindow          *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  DeskInboxItem *item = gtk_list_item_get_item (list_item);

  g_signal_handlers_disconnect_by_data (item, box);
  g_object_set_data (G_OBJECT (box), "item", NULL);
  g_object_set_data (G_OBJECT (gtk_widget_get_last_child (box)), "item", NULL);
}

static gboolean
on_tick (gpointer data)
{
  DeskAgentWindow *self = data;

  tick_ages (self);
  return G_SOURCE_CONTINUE;
}

static void
on_kb_insert (DeskAgentWindow *self,
              const char      *text)
{
  GtkWidget *page = desk_agent_window_get_contact_page (self);

  if (page == NULL || !desk_contact_page_insert_text (DESK_CONTACT_PAGE (page), text))
    adw_toast_overlay_add_toast (self->toasts,
                                 adw_toast_new (_("Open a chat to insert the article into")));
}

static void
on_signed_in (DeskAgentWindow  *self,
              DeskAgentSession *session)
{
  GListModel *inbox = desk_agent_session_get_inbox (session);
  g_autofree char *who = NULL;
  GtkWidget *kb;

  g_set_object (&self->session, session);
  gtk_single_selection_set_model (self->selection, inbox);
  g_signal_connect_object (inbox, "items-changed", G_CALLBACK (on_inbox_changed), self, 0);
  g_signal_connect_object (session, "notify::status", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::break-reason", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::wrapup-seconds-left", G_CALLBACK (update_status),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "contact-offered", G_CALLBACK (on_contact_offered), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "item-changed", G_CALLBACK (on_item_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "ended", G_CALLBACK (on_session_ended), self,
                           G_CONNECT_SWAPPED);

  who = g_strdup_printf ("%s (%s)", desk_agent_session_get_user_name (session),
                         desk_agent_session_get_login (session));
  adw_window_title_set_subtitle (self->inbox_title, who);
  _desk_agent_window_start_phone (self);
  kb = desk_kb_panel_new (desk_agent_session_get_client (session));
  g_signal_connect_object (kb, "insert-text", G_CALLBACK (on_kb_insert), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->kb_slot, kb);
  desk_login_page_set_browsing (DESK_LOGIN_PAGE (adw_bin_get_child (self->login_slot)), FALSE);
  /* a focused entry that is hidden never gets its focus-out (GTK 4.8) */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "work");
  on_inbox_changed (inbox, 0, 0, 0, self);
  update_status (self);
  self->tick = g_timeout_add_seconds (1, on_tick, self);
}

static void
on_wrapup_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr (DeskAgentWindow) self = data;
  g_autoptr (GError) error = NULL;

  if (!desk_agent_session_action_finish (DESK_AGENT_SESSION (source), result, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static void
on_wrapup_done (DeskAgentWindow *self)
{
  guint chosen = gtk_drop_down_get_selected (self->disposition_dropdown);
  const char *disposition = chosen < G_N_ELEMENTS (dispositions) - 1 ? dispositions[chosen] : NULL;

  if (self->session == NULL)
    return;
  /* the untranslated word is stored, so that reports count alike */
  desk_agent_session_wrapup_async (self->session, 0, disposition,
                                   gtk_editable_get_text (GTK_EDITABLE (self->wrapup_note)), NULL,
                                   on_wrapup_sent, g_object_ref (self));
}

static void
on_wrapup_extend (DeskAgentWindow *self)
{
  if (self->session)
    desk_agent_session_wrapup_async (self->session, 30, NULL, NULL, NULL, on_wrapup_sent,
                                     g_object_ref (self));
}

static void
on_back_clicked (DeskAgentWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_login (DeskAgentWindow *self)
{
  GtkWidget *login = desk_login_page_new (self->settings);

  g_signal_connect_object (login, "signed-in", G_CALLBACK (on_signed_in), self,
                           G_CONNECT_SWAPPED);
  adw_bin_set_child (self->login_slot, login);
  gtk_stack_set_visible_child_name (self->main_stack, "login");
  desk_login_page_set_browsing (DESK_LOGIN_PAGE (login), TRUE);
}

/**
 * desk_agent_window_sign_out:
 *
 * Ends the session (the operator goes offline on the server) and shows
 * the sign-in page again.
 */
void
desk_agent_window_sign_out (DeskAgentWindow *self)
{
  g_return_if_fail (DESK_IS_AGENT_WINDOW (self));

  g_clear_handle_id (&self->tick, g_source_remove);
  _desk_agent_window_stop_phone (self);
  gtk_single_selection_set_model (self->selection, NULL);
  g_hash_table_remove_all (self->pages);
  while (gtk_widget_get_first_child (GTK_WIDGET (self->contact_stack)) !=
         gtk_widget_get_last_child (GTK_WIDGET (self->contact_stack)))
    gtk_stack_remove (self->contact_stack,
                      gtk_widget_get_last_child (GTK_WIDGET (self->contact_stack)));
  adw_bin_set_child (self->kb_slot, NULL);
  adw_flap_set_reveal_flap (self->kb_flap, FALSE);
  if (self->session)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (desk_agent_session_get_inbox (self->session), self);
      desk_agent_session_logout (self->session);
      g_clear_object (&self->session);
    }
  show_login (self);
}

/**
 * desk_agent_window_show_contact:
 * @accept: also answer the call or accept the chat
 *
 * Brings the contact to the front, as the notification's buttons do.
 */
void
desk_agent_window_show_contact (DeskAgentWindow *self,
                                DeskInboxKind    kind,
                                gint64           id,
                                gboolean         accept)
{
  GListModel *inbox;

  g_return_if_fail (DESK_IS_AGENT_WINDOW (self));

  if (self->session == NULL)
    return;
  inbox = desk_agent_session_get_inbox (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (inbox); i++)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (inbox, i);

      if (desk_inbox_item_get_kind (item) == kind && desk_inbox_item_get_id (item) == id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          break;
        }
    }
  gtk_window_present (GTK_WINDOW (self));
  if (accept)
    g_action_group_activate_action (G_ACTION_GROUP (self), "answer", NULL);
}

DeskAgentSession *
desk_agent_window_get_session (DeskAgentWindow *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
desk_agent_window_get_login_page (DeskAgentWindow *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_WINDOW (self), NULL);
  return adw_bin_get_child (self->login_slot);
}

GtkWidget *
desk_agent_window_get_contact_page (DeskAgentWindow *self)
{
  GtkWidget *page;

  g_return_val_if_fail (DESK_IS_AGENT_WINDOW (self), NULL);

  page = gtk_stack_get_visible_child (self->contact_stack);
  return DESK_IS_CONTACT_PAGE (page) ? page : NULL;
}

GObject *
desk_agent_window_get_phone (DeskAgentWindow *self)
{
  g_return_val_if_fail (DESK_IS_AGENT_WINDOW (self), NULL);
  return self->phone;
}

static void
save_window_state (DeskAgentWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

/* The application stays up (hidden) until the office has heard the
 * sign-out, 3 s at most, so that an operator who closes the window is
 * not left "available" with nobody to answer. */
typedef struct
{
  GApplication *app;
  guint timeout;
} Farewell;

static void
farewell_done (Farewell *farewell)
{
  if (farewell->app == NULL)
    return;
  g_clear_handle_id (&farewell->timeout, g_source_remove);
  g_application_release (farewell->app);
  g_clear_object (&farewell->app);
}

static gboolean
on_farewell_timeout (gpointer data)
{
  Farewell *farewell = data;

  farewell->timeout = 0;
  farewell_done (farewell);
  return G_SOURCE_REMOVE;
}

static void
on_farewell_sent (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Farewell *farewell = data;
  g_autoptr (JsonNode) reply = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                               NULL);

  farewell_done (farewell);
  g_free (farewell);
}

static gboolean
desk_agent_window_close_request (GtkWindow *window)
{
  DeskAgentWindow *self = DESK_AGENT_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);

  save_window_state (self);
  if (self->session && app)
    {
      Farewell *farewell = g_new0 (Farewell, 1);

      farewell->app = G_APPLICATION (g_object_ref (app));
      g_application_hold (farewell->app);
      farewell->timeout = g_timeout_add_seconds (3, on_farewell_timeout, farewell);
      desk_api_client_request_async (desk_agent_session_get_client (self->session), "POST",
                                     "/logout", NULL, NULL, on_farewell_sent, farewell);
    }
  return GTK_WINDOW_CLASS (desk_agent_window_parent_class)->close_request (window);
}

static void
desk_agent_window_dispose (GObject *object)
{
  DeskAgentWindow *self = DESK_AGENT_WINDOW (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  _desk_agent_window_stop_phone (self);
  if (self->session)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (desk_agent_session_get_inbox (self->session), self);
    }
  g_clear_object (&self->session);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (desk_agent_window_parent_class)->dispose (object);
}

static void
desk_agent_window_finalize (GObject *object)
{
  DeskAgentWindow *self = DESK_AGENT_WINDOW (object);

  for (guint i = 0; i < self->age_labels->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->age_labels, i), on_age_label_gone, self);
  g_ptr_array_unref (self->age_labels);

  G_OBJECT_CLASS (desk_agent_window_parent_class)->finalize (object);
}

static void
desk_agent_window_class_init (DeskAgentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_agent_window_dispose;
  object_class->finalize = desk_agent_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = desk_agent_window_close_request;

  desk_ui_init_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-agent-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, login_slot);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, content);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, inbox_title);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, phone_icon);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, wrapup_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, wrapup_label);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, disposition_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, wrapup_note);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, inbox_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, inbox_empty);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, inbox_view);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, contact_title);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, kb_flap);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, contact_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, idle_page);
  gtk_widget_class_bind_template_child (widget_class, DeskAgentWindow, kb_slot);
  gtk_widget_class_bind_template_callback (widget_class, on_wrapup_done);
  gtk_widget_class_bind_template_callback (widget_class, on_wrapup_extend);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

}

static void
desk_agent_window_init (DeskAgentWindow *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkStringList) choices = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  desk_ui_label_parts (GTK_WIDGET (self->disposition_dropdown), _("How the contact ended"));

  self->settings = g_settings_new ("io.github.frontdesk.Frontdesk");
  self->pages = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->age_labels = g_ptr_array_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  for (guint i = 0; dispositions[i]; i++)
    gtk_string_list_append (choices, _(dispositions[i]));
  gtk_drop_down_set_model (self->disposition_dropdown, G_LIST_MODEL (choices));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->inbox_view, factory);
  gtk_list_view_set_model (self->inbox_view, GTK_SELECTION_MODEL (self->selection));

  _desk_agent_window_add_actions (self);
  show_login (self);
  _desk_agent_window_update_actions (self);
}

DeskAgentWindow *
desk_agent_window_new (gpointer application)
{
  return g_object_new (DESK_TYPE_AGENT_WINDOW, "application", application, NULL);
}
