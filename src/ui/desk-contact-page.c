/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-contact-page"

#include "desk-i18n.h"
#include "desk-contact-page.h"
#include "desk-call-panel.h"
#include "desk-case-draft.h"
#include "desk-case-panel.h"
#include "desk-case-view.h"
#include "desk-chat-view.h"
#include "desk-client-card.h"

/**
 * DeskContactPage:
 *
 * Everything about one contact in front of the operator: the
 * conversation on the left (the call's controls, the chat, the portal
 * request) with the case actions, and the client card on the right. The
 * card is made when the page is, that is when the contact is offered, so
 * that it has popped by the time the operator looks.
 */
struct _DeskContactPage
{
  GtkWidget parent_instance;

  DeskAgentSession *session;
  DeskInboxItem *item;
  DeskClientCard *card;

  GtkWidget *paned;
  GtkWidget *offer_bar;
  GtkWidget *conversation;
  GtkWidget *case_panel;
  DeskClientCardView *card_view;
};

G_DEFINE_FINAL_TYPE (DeskContactPage, desk_contact_page, GTK_TYPE_WIDGET)

static GtkWidget *
conversation_new (DeskContactPage *self,
                  gboolean         builtin_phone)
{
  switch (desk_inbox_item_get_kind (self->item))
    {
    case DESK_INBOX_CHAT:
      return desk_chat_view_new (self->session, self->item);
    case DESK_INBOX_PORTAL:
      /* a portal request is a case already: its timeline is the conversation */
      return desk_case_view_new (desk_agent_session_get_client (self->session),
                                 desk_inbox_item_get_id (self->item));
    case DESK_INBOX_CALL:
    case DESK_INBOX_CALLBACK:
    default:
      return desk_call_panel_new (self->item, builtin_phone);
    }
}

/**
 * desk_contact_page_show_case:
 *
 * Opens one case's timeline in a window of its own over @parent.
 */
void
desk_contact_page_show_case (GtkWidget     *parent,
                             DeskApiClient *client,
                             gint64         case_id)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkRoot *root = gtk_widget_get_root (parent);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), desk_case_view_new (client, case_id));
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 640);
  gtk_window_set_title (GTK_WINDOW (window), _("Case"));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

/* A chat on offer: Accept or Decline above its transcript (a call has
 * them in its own panel). Gone once it is taken. */
static GtkWidget *
offer_bar_new (void)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("A new chat for you"));
  GtkWidget *accept = gtk_button_new_with_mnemonic (_("_Accept"));
  GtkWidget *decline = gtk_button_new_with_mnemonic (_("_Decline"));

  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (accept), "win.answer");
  gtk_widget_set_tooltip_text (accept, _("Take the chat (Ctrl+Enter)"));
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (decline), "win.decline");
  gtk_widget_set_tooltip_text (decline, _("Decline: the contact goes to the next operator"));
  gtk_box_append (GTK_BOX (bar), label);
  gtk_box_append (GTK_BOX (bar), decline);
  gtk_box_append (GTK_BOX (bar), accept);
  return bar;
}

static void
on_item_state (DeskContactPage *self)
{
  if (self->offer_bar)
    gtk_widget_set_visible (self->offer_bar,
                            desk_inbox_item_get_state (self->item) == DESK_INBOX_OFFERED);
}

/* A case opened here belongs on the card's open cases at once. */
static void
on_cases_opened (DeskContactPage *self)
{
  const DeskClient *client = desk_client_card_get_client (self->card);

  if (desk_client_card_get_state (self->card) == DESK_CARD_ONE && client)
    desk_client_card_pick (self->card, client->id);
}

static void
on_case_activated (DeskContactPage *self,
                   gint64           case_id)
{
  desk_contact_page_show_case (GTK_WIDGET (self), desk_agent_session_get_client (self->session),
                               case_id);
}

DeskInboxItem *
desk_contact_page_get_item (DeskContactPage *self)
{
  g_return_val_if_fail (DESK_IS_CONTACT_PAGE (self), NULL);
  return self->item;
}

DeskClientCardView *
desk_contact_page_get_card_view (DeskContactPage *self)
{
  g_return_val_if_fail (DESK_IS_CONTACT_PAGE (self), NULL);
  return self->card_view;
}

GtkWidget *
desk_contact_page_get_conversation (DeskContactPage *self)
{
  g_return_val_if_fail (DESK_IS_CONTACT_PAGE (self), NULL);
  return self->conversation;
}

GtkWidget *
desk_contact_page_get_case_panel (DeskContactPage *self)
{
  g_return_val_if_fail (DESK_IS_CONTACT_PAGE (self), NULL);
  return self->case_panel;
}

gboolean
desk_contact_page_insert_text (DeskContactPage *self,
                               const char      *text)
{
  g_return_val_if_fail (DESK_IS_CONTACT_PAGE (self), FALSE);

  if (!DESK_IS_CHAT_VIEW (self->conversation))
    return FALSE;
  desk_chat_view_insert_text (DESK_CHAT_VIEW (self->conversation), text);
  return TRUE;
}

static void
desk_contact_page_dispose (GObject *object)
{
  DeskContactPage *self = DESK_CONTACT_PAGE (object);

  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->card);
  g_clear_object (&self->item);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (desk_contact_page_parent_class)->dispose (object);
}

static void
desk_contact_page_class_init (DeskContactPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = desk_contact_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
desk_contact_page_init (DeskContactPage *self)
{
}

GtkWidget *
desk_contact_page_new (DeskAgentSession *session,
                       DeskInboxItem    *item,
                       gboolean          builtin_phone)
{
  DeskInboxKind kind = desk_inbox_item_get_kind (item);
  DeskContactPage *self;
  GtkWidget *left, *right;

  g_return_val_if_fail (DESK_IS_AGENT_SESSION (session), NULL);
  g_return_val_if_fail (DESK_IS_INBOX_ITEM (item), NULL);

  self = g_object_new (DESK_TYPE_CONTACT_PAGE, NULL);
  self->session = g_object_ref (session);
  self->item = g_object_ref (item);
  self->card = desk_client_card_new (desk_agent_session_get_client (session), item);

  self->card_view = DESK_CLIENT_CARD_VIEW (desk_client_card_view_new ());
  desk_client_card_view_set_card (self->card_view, self->card);
  gtk_widget_set_vexpand (GTK_WIDGET (self->card_view), TRUE);
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (right, 320, -1);
  gtk_box_append (GTK_BOX (right), GTK_WIDGET (self->card_view));

  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  if (kind == DESK_INBOX_CHAT)
    {
      self->offer_bar = offer_bar_new ();
      gtk_box_append (GTK_BOX (left), self->offer_bar);
      g_signal_connect_object (item, "notify::state", G_CALLBACK (on_item_state), self,
                               G_CONNECT_SWAPPED);
      on_item_state (self);
    }
  self->conversation = conversation_new (self, builtin_phone);
  gtk_box_append (GTK_BOX (left), self->conversation);
  if (kind == DESK_INBOX_CALL || kind == DESK_INBOX_CHAT)
    {
      self->case_panel = desk_case_panel_new (session, item);
      g_signal_connect_object (self->case_panel, "case-activated", G_CALLBACK (on_case_activated),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (desk_case_draft_get_opened (desk_case_panel_get_draft (
                                 DESK_CASE_PANEL (self->case_panel))),
                               "items-changed", G_CALLBACK (on_cases_opened), self,
                               G_CONNECT_SWAPPED);
    }
  if (kind == DESK_INBOX_CHAT)
    {
      /* the chat takes the height; its cases sit under the card */
      gtk_widget_set_vexpand (self->conversation, TRUE);
      if (self->case_panel)
        gtk_box_append (GTK_BOX (right), self->case_panel);
    }
  else
    {
      gtk_widget_set_vexpand (self->conversation, kind == DESK_INBOX_PORTAL);
      if (self->case_panel)
        {
          gtk_box_append (GTK_BOX (left), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
          gtk_widget_set_vexpand (self->case_panel, TRUE);
          gtk_box_append (GTK_BOX (left), self->case_panel);
        }
    }

  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (self->paned), left);
  gtk_paned_set_end_child (GTK_PANED (self->paned), right);
  gtk_paned_set_resize_start_child (GTK_PANED (self->paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_resize_end_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}
