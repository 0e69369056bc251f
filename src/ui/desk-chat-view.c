/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-chat-view"

#include "config.h"

#include "desk-chat-view.h"

#include <adwaita.h>

#include "desk-i18n.h"
#include "desk-ui.h"

struct _DeskChatView
{
  GtkWidget parent_instance;

  DeskChatConversation *conversation;
  DeskTransferTargets *targets;
  GCancellable *cancellable;
  guint scroll_id;
  gboolean transferred;

  GtkLabel *title_label;
  GtkMenuButton *canned_button;
  GtkPopover *canned_popover;
  GtkSearchEntry *canned_search;
  GtkListBox *canned_list;
  GtkMenuButton *transfer_button;
  GtkPopover *transfer_popover;
  GtkListBox *transfer_list;
  GtkScrolledWindow *transcript_scroll;
  GtkListBox *transcript_list;
  GtkRevealer *typing_revealer;
  GtkLabel *typing_label;
  GtkTextView *reply_view;
};

G_DEFINE_FINAL_TYPE (DeskChatView, desk_chat_view, GTK_TYPE_WIDGET)

/* Rows */

static GtkWidget *
create_line_row (gpointer item,
                 gpointer data)
{
  DeskChatLine *line = item;
  DeskChatAuthor author = desk_chat_line_get_author (line);
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *meta_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *time = desk_chat_line_dup_time_text (line);
  const char *who = NULL;
  GtkWidget *text, *meta, *row;

  switch (author)
    {
    case DESK_CHAT_AUTHOR_VISITOR:
      who = _("Visitor");
      break;
    case DESK_CHAT_AUTHOR_OPERATOR:
      who = desk_chat_line_get_operator (line) ? desk_chat_line_get_operator (line) : _("You");
      break;
    case DESK_CHAT_AUTHOR_BOT:
      who = _("Bot");
      break;
    case DESK_CHAT_AUTHOR_SYSTEM:
      who = _("Office");
      break;
    }
  text = gtk_label_new (desk_chat_line_get_text (line));
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 60);
  meta = gtk_label_new (NULL);
  {
    /* Translators: who wrote a chat line and when: "Visitor · 14:05" */
    g_autofree char *caption = g_strdup_printf (_("%s · %s"), who, time);

    gtk_label_set_text (GTK_LABEL (meta), caption);
  }
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_box_append (GTK_BOX (meta_box), meta);
  if (author == DESK_CHAT_AUTHOR_OPERATOR)
    {
      GtkWidget *read = gtk_label_new (_("Read"));

      gtk_widget_add_css_class (read, "caption");
      gtk_widget_add_css_class (read, "accent");
      g_object_bind_property (line, "read", read, "visible", G_BINDING_SYNC_CREATE);
      gtk_box_append (GTK_BOX (meta_box), read);
    }
  gtk_box_append (GTK_BOX (bubble), meta_box);
  gtk_box_append (GTK_BOX (bubble), text);
  gtk_widget_set_margin_start (bubble, 12);
  gtk_widget_set_margin_end (bubble, 12);
  gtk_widget_set_margin_top (bubble, 4);
  gtk_widget_set_margin_bottom (bubble, 4);
  if (author == DESK_CHAT_AUTHOR_OPERATOR)
    gtk_widget_set_halign (bubble, GTK_ALIGN_END);
  else
    gtk_widget_set_halign (bubble, GTK_ALIGN_START);
  if (author == DESK_CHAT_AUTHOR_BOT || author == DESK_CHAT_AUTHOR_SYSTEM)
    gtk_widget_add_css_class (text, "dim-label");

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), bubble);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static GtkWidget *
create_canned_row (gpointer item,
                   gpointer data)
{
  DeskCannedAnswer *answer = item;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), desk_canned_answer_get_title (answer));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), desk_canned_answer_get_body (answer));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "body", g_strdup (desk_canned_answer_get_body (answer)),
                          g_free);
  return row;
}

static GtkWidget *
create_target_row (gpointer item,
                   gpointer data)
{
  DeskTransferTarget *target = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), desk_transfer_target_get_name (target));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), desk_transfer_target_get_detail (target));
  icon = gtk_image_new_from_icon_name (desk_transfer_target_get_kind (target) ==
                                       DESK_TRANSFER_QUEUE ? "system-users-symbolic"
                                                           : "avatar-default-symbolic");
  if (!desk_transfer_target_get_free (target))
    gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "target", g_object_ref (target), g_object_unref);
  return row;
}

/* State */

static void
update_actions (DeskChatView *self)
{
  gboolean open = self->conversation && !desk_chat_conversation_get_ended (self->conversation) &&
                  !self->transferred;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.send", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.end", open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->transfer_button), open && self->targets != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->canned_button), open);
  gtk_text_view_set_editable (self->reply_view, open);
}

/* One line under the transcript: the visitor typing, the end, a failure. */
static void
update_status (DeskChatView *self)
{
  const char *error = desk_chat_conversation_get_error (self->conversation);
  const char *name = desk_chat_conversation_get_visitor_name (self->conversation);
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->typing_label), "error");
  if (error)
    {
      text = g_strdup (error);
      gtk_widget_add_css_class (GTK_WIDGET (self->typing_label), "error");
    }
  else if (self->transferred)
    text = g_strdup (_("The chat was transferred"));
  else if (desk_chat_conversation_get_ended (self->conversation))
    text = g_strdup (_("The chat has ended"));
  else if (desk_chat_conversation_get_visitor_typing (self->conversation))
    /* Translators: %s is the visitor's name */
    text = g_strdup_printf (_("%s is typing…"), name && *name ? name : _("The visitor"));
  if (text)
    gtk_label_set_text (self->typing_label, text);
  gtk_revealer_set_reveal_child (self->typing_revealer, text != NULL);
}

static void
update_title (DeskChatView *self)
{
  const char *name = desk_chat_conversation_get_visitor_name (self->conversation);

  gtk_label_set_text (self->title_label, name && *name ? name : _("Visitor"));
}

static void
on_conversation_notify (DeskChatView *self)
{
  update_title (self);
  update_status (self);
  update_actions (self);
}

static gboolean
scroll_to_end (gpointer data)
{
  DeskChatView *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->transcript_scroll);

  self->scroll_id = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

static void
on_transcript_changed (GListModel   *model,
                       guint         position,
                       guint         removed,
                       guint         added,
                       DeskChatView *self)
{
  /* After the rows are allocated, so "upper" counts them. */
  if (self->scroll_id == 0)
    self->scroll_id = g_timeout_add (50, scroll_to_end, self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    desk_chat_conversation_mark_read (self->conversation);
}

/* Reply */

static char *
dup_reply (DeskChatView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void on_reply_changed (GtkTextBuffer *buffer, DeskChatView *self);

/* Not the operator typing: the visitor is not told. */
static void
set_reply (DeskChatView *self,
           const char   *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);

  g_signal_handlers_block_by_func (buffer, on_reply_changed, self);
  gtk_text_buffer_set_text (buffer, text, -1);
  g_signal_handlers_unblock_by_func (buffer, on_reply_changed, self);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = data;

  /* The failure shows under the transcript; the text comes back to be
   * sent again, unless the operator already typed something new. */
  if (!desk_chat_conversation_action_finish (DESK_CHAT_CONVERSATION (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GtkWidget *self = g_object_get_data (G_OBJECT (source), "desk-chat-view");
      g_autofree char *now = self ? dup_reply (DESK_CHAT_VIEW (self)) : NULL;

      if (self && now && *now == '\0')
        set_reply (DESK_CHAT_VIEW (self), text);
    }
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskChatView *self = DESK_CHAT_VIEW (widget);
  g_autofree char *text = dup_reply (self);

  if (g_strstrip (text)[0] == '\0')
    return;
  set_reply (self, "");
  desk_chat_conversation_send_async (self->conversation, text, self->cancellable, on_sent,
                                     g_strdup (text));
}

static void
on_ended (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  desk_chat_conversation_action_finish (DESK_CHAT_CONVERSATION (source), result, NULL);
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DeskChatView *self = DESK_CHAT_VIEW (widget);

  desk_chat_conversation_end_async (self->conversation, self->cancellable, on_ended, NULL);
}

static gboolean
on_reply_key (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              DeskChatView          *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      !(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.send", NULL);
      return TRUE;
    }
  return FALSE;
}

static void
on_reply_changed (GtkTextBuffer *buffer,
                  DeskChatView  *self)
{
  if (gtk_text_buffer_get_char_count (buffer) > 0)
    desk_chat_conversation_note_typing (self->conversation);
}

/* Canned answers and transfer */

static void
on_canned_shown (DeskChatView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->canned_search), "");
  desk_chat_conversation_search_canned (self->conversation, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->canned_search));
}

static void
on_canned_search (DeskChatView *self)
{
  desk_chat_conversation_search_canned (self->conversation,
                                        gtk_editable_get_text (GTK_EDITABLE (self->canned_search)));
}

static void
on_canned_activated (DeskChatView  *self,
                     GtkListBoxRow *row)
{
  gtk_popover_popdown (self->canned_popover);
  desk_chat_view_insert_text (self, g_object_get_data (G_OBJECT (row), "body"));
}

static void
on_transfer_shown (DeskChatView *self)
{
  if (self->targets)
    desk_transfer_targets_reload (self->targets);
}

static void
on_transferred (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GtkWidget *widget = g_object_get_data (source, "desk-chat-view");

  if (desk_chat_conversation_action_finish (DESK_CHAT_CONVERSATION (source), result, NULL) &&
      widget)
    {
      DESK_CHAT_VIEW (widget)->transferred = TRUE;
      on_conversation_notify (DESK_CHAT_VIEW (widget));
    }
}

static void
on_target_activated (DeskChatView  *self,
                     GtkListBoxRow *row)
{
  DeskTransferTarget *target = g_object_get_data (G_OBJECT (row), "target");
  gint64 id = desk_transfer_target_get_id (target);
  gboolean queue = desk_transfer_target_get_kind (target) == DESK_TRANSFER_QUEUE;

  gtk_popover_popdown (self->transfer_popover);
  desk_chat_conversation_transfer_async (self->conversation, queue ? 0 : id, queue ? id : 0,
                                         self->cancellable, on_transferred, NULL);
}

static gboolean
open_canned (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  DeskChatView *self = DESK_CHAT_VIEW (widget);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->canned_button)))
    return FALSE;
  gtk_menu_button_popup (self->canned_button);
  return TRUE;
}

/* Setup */

static void
set_conversation (DeskChatView         *self,
                  DeskChatConversation *conversation,
                  DeskTransferTargets  *targets)
{
  self->conversation = g_object_ref (conversation);
  self->targets = targets ? g_object_ref (targets) : NULL;
  /* Finished calls find the view this way; dispose takes it away. */
  g_object_set_data (G_OBJECT (conversation), "desk-chat-view", self);
  gtk_list_box_bind_model (self->transcript_list,
                           desk_chat_conversation_get_transcript (conversation),
                           create_line_row, NULL, NULL);
  gtk_list_box_bind_model (self->canned_list,
                           desk_chat_conversation_get_canned_answers (conversation),
                           create_canned_row, NULL, NULL);
  if (targets)
    gtk_list_box_bind_model (self->transfer_list, G_LIST_MODEL (targets), create_target_row,
                             NULL, NULL);
  g_signal_connect_object (desk_chat_conversation_get_transcript (conversation), "items-changed",
                           G_CALLBACK (on_transcript_changed), self, 0);
  g_signal_connect_object (conversation, "notify", G_CALLBACK (on_conversation_notify), self,
                           G_CONNECT_SWAPPED);
  on_conversation_notify (self);
}

static void
desk_chat_view_map (GtkWidget *widget)
{
  DeskChatView *self = DESK_CHAT_VIEW (widget);

  GTK_WIDGET_CLASS (desk_chat_view_parent_class)->map (widget);
  if (self->conversation)
    desk_chat_conversation_mark_read (self->conversation);
}

static void
desk_chat_view_dispose (GObject *object)
{
  DeskChatView *self = DESK_CHAT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  if (self->conversation)
    g_object_set_data (G_OBJECT (self->conversation), "desk-chat-view", NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_CHAT_VIEW);
  /* The template's unnamed children too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->conversation);
  g_clear_object (&self->targets);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (desk_chat_view_parent_class)->dispose (object);
}

static void
desk_chat_view_class_init (DeskChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_chat_view_dispose;
  widget_class->map = desk_chat_view_map;

  desk_ui_init_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, title_label);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, canned_button);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, canned_popover);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, canned_search);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, canned_list);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, transfer_popover);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, transfer_list);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, transcript_scroll);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, transcript_list);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, typing_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, typing_label);
  gtk_widget_class_bind_template_child (widget_class, DeskChatView, reply_view);

  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "chat.end", NULL, end_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, open_canned, NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
desk_chat_view_init (DeskChatView *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_reply_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->reply_view), keys);
  g_signal_connect (gtk_text_view_get_buffer (self->reply_view), "changed",
                    G_CALLBACK (on_reply_changed), self);
  g_signal_connect_swapped (self->canned_popover, "show", G_CALLBACK (on_canned_shown), self);
  g_signal_connect_swapped (self->canned_search, "search-changed", G_CALLBACK (on_canned_search),
                            self);
  g_signal_connect_swapped (self->canned_list, "row-activated", G_CALLBACK (on_canned_activated),
                            self);
  g_signal_connect_swapped (self->transfer_popover, "show", G_CALLBACK (on_transfer_shown), self);
  g_signal_connect_swapped (self->transfer_list, "row-activated",
                            G_CALLBACK (on_target_activated), self);
}

/**
 * desk_chat_view_new:
 * @session: the operator's session
 * @item: a chat of its inbox
 *
 * Returns: (transfer floating): the view of @item's chat
 */
GtkWidget *
desk_chat_view_new (DeskAgentSession *session,
                    DeskInboxItem    *item)
{
  g_autoptr (DeskChatConversation) conversation = NULL;
  g_autoptr (DeskTransferTargets) targets = NULL;

  g_return_val_if_fail (DESK_IS_AGENT_SESSION (session), NULL);
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (item), NULL);
  g_return_val_if_fail (desk_inbox_item_get_kind (item) == DESK_INBOX_CHAT, NULL);

  conversation = desk_chat_conversation_new_for_session (session, desk_inbox_item_get_id (item));
  targets = desk_transfer_targets_new (desk_agent_session_get_client (session),
                                       desk_agent_session_get_user_id (session));
  return desk_chat_view_new_for_conversation (conversation, targets);
}

/**
 * desk_chat_view_new_for_conversation:
 * @conversation: the chat
 * @targets: (nullable): where it may be transferred
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
desk_chat_view_new_for_conversation (DeskChatConversation *conversation,
                                     DeskTransferTargets  *targets)
{
  DeskChatView *self;

  g_return_val_if_fail (DESK_IS_CHAT_CONVERSATION (conversation), NULL);
  g_return_val_if_fail (targets == NULL || DESK_IS_TRANSFER_TARGETS (targets), NULL);

  self = g_object_new (DESK_TYPE_CHAT_VIEW, NULL);
  set_conversation (self, conversation, targets);
  return GTK_WIDGET (self);
}

DeskChatConversation *
desk_chat_view_get_conversation (DeskChatView *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_VIEW (self), NULL);
  return self->conversation;
}

void
desk_chat_view_insert_text (DeskChatView *self,
                            const char   *text)
{
  g_return_if_fail (DESK_IS_CHAT_VIEW (self));
  g_return_if_fail (text != NULL);

  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (self->reply_view), text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->reply_view));
}

char *
desk_chat_view_dup_reply (DeskChatView *self)
{
  g_return_val_if_fail (DESK_IS_CHAT_VIEW (self), NULL);
  return dup_reply (self);
}
