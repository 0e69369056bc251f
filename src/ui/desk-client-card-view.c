/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-client-card-view"

#include "desk-i18n.h"
#include "desk-client-card-view.h"
#include "desk-types.h"

/**
 * DeskClientCardView:
 *
 * Shows a #DeskClientCard: the client's card when the number names one
 * client, the matches to pick from when it names several, and search
 * prefilled with the number (plus "New Client") when it names none. The
 * office never makes a client by itself: only the operator's "Create"
 * does. Phones and contracts are edited in place.
 */
struct _DeskClientCardView
{
  AdwBin parent_instance;

  DeskClientCard *card;
  GSignalGroup *card_signals;

  GtkStack *stack;
  GtkLabel *search_title;
  GtkSearchEntry *search_entry;
  GtkListBox *candidate_list;
  GtkPopover *new_client_popover;
  GtkEntry *new_client_name;
  GtkCheckButton *new_client_organisation;
  AdwAvatar *avatar;
  GtkLabel *name_label;
  GtkLabel *kind_label;
  GtkListBox *phone_list;
  GtkListBox *asset_list;
  GtkListBox *case_list;
  GtkListBox *contact_list;
  AdwStatusPage *failed_page;
};

G_DEFINE_FINAL_TYPE (DeskClientCardView, desk_client_card_view, ADW_TYPE_BIN)

static AdwActionRow *
row_new (const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  /* numbers and names from the CRM are text, never markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
remove_all (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      else
        break;
    }
}

static void
on_remove_phone (GtkButton *button,
                 gpointer   data)
{
  DeskClientCardView *self = DESK_CLIENT_CARD_VIEW (data);

  desk_client_card_remove_phone (self->card, g_object_get_data (G_OBJECT (button), "value"));
}

static void
on_remove_asset (GtkButton *button,
                 gpointer   data)
{
  DeskClientCardView *self = DESK_CLIENT_CARD_VIEW (data);

  desk_client_card_remove_asset (self->card, g_object_get_data (G_OBJECT (button), "value"));
}

static GtkWidget *
remove_button_new (DeskClientCardView *self,
                   const char         *value,
                   const char         *tooltip,
                   GCallback           callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  /* GTK 4.8 does not name an icon button after its tooltip */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "value", g_strdup (value), g_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static void
on_add_phone (AdwEntryRow *row,
              gpointer     data)
{
  DeskClientCardView *self = DESK_CLIENT_CARD_VIEW (data);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (*text)
    desk_client_card_add_phone (self->card, text, NULL);
}

static void
on_add_asset (AdwEntryRow *row,
              gpointer     data)
{
  DeskClientCardView *self = DESK_CLIENT_CARD_VIEW (data);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (*text)
    desk_client_card_add_asset (self->card, "contract", text);
}

static GtkWidget *
add_row_new (DeskClientCardView *self,
             const char         *title,
             GCallback           callback)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_object (row, "apply", callback, self, 0);
  return row;
}

static const char *
asset_kind_name (DeskAssetKind kind)
{
  switch (kind)
    {
    case DESK_ASSET_KIND_CONTRACT:
      return _("Contract");
    case DESK_ASSET_KIND_CARD:
      return _("Card");
    case DESK_ASSET_KIND_DEVICE:
      return _("Device");
    case DESK_ASSET_KIND_ACCOUNT:
      return _("Account");
    case DESK_ASSET_KIND_OTHER:
    default:
      return _("Other");
    }
}

static void
show_client (DeskClientCardView *self,
             const DeskClient   *client)
{
  adw_avatar_set_text (self->avatar, client->name);
  gtk_label_set_text (self->name_label, client->name);
  gtk_label_set_text (self->kind_label,
                      client->vip ? (client->kind == DESK_CLIENT_KIND_ORGANIZATION ?
                                     _("Organisation · VIP") : _("Person · VIP")) :
                      client->kind == DESK_CLIENT_KIND_ORGANIZATION ? _("Organisation") :
                      _("Person"));

  remove_all (self->phone_list);
  for (guint i = 0; i < client->phones->len; i++)
    {
      DeskClientPhone *phone = g_ptr_array_index (client->phones, i);
      AdwActionRow *row = row_new (phone->e164, phone->label);

      adw_action_row_add_suffix (row, remove_button_new (self, phone->e164, _("Remove this phone"),
                                                         G_CALLBACK (on_remove_phone)));
      gtk_list_box_append (self->phone_list, GTK_WIDGET (row));
    }
  gtk_list_box_append (self->phone_list,
                       add_row_new (self, _("Add a phone"), G_CALLBACK (on_add_phone)));

  remove_all (self->asset_list);
  for (guint i = 0; i < client->assets->len; i++)
    {
      DeskClientAsset *asset = g_ptr_array_index (client->assets, i);
      AdwActionRow *row = row_new (asset->identifier, asset_kind_name (asset->kind));

      adw_action_row_add_suffix (row, remove_button_new (self, asset->identifier,
                                                         _("Remove this contract or device"),
                                                         G_CALLBACK (on_remove_asset)));
      gtk_list_box_append (self->asset_list, GTK_WIDGET (row));
    }
  gtk_list_box_append (self->asset_list,
                       add_row_new (self, _("Add a contract number"), G_CALLBACK (on_add_asset)));
}

static GtkWidget *
create_candidate_row (gpointer item,
                      gpointer data)
{
  DeskCardCandidate *candidate = item;
  AdwActionRow *row = row_new (desk_card_candidate_get_name (candidate),
                               desk_card_candidate_get_detail (candidate));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
  return GTK_WIDGET (row);
}

static GtkWidget *
create_case_row (gpointer item,
                 gpointer data)
{
  DeskCardCase *kase = item;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, desk_card_case_get_number (kase));
  /* TRANSLATORS: a case's number and subject */
  g_autofree char *title = g_strdup_printf (_("#%s %s"), number, desk_card_case_get_subject (kase));
  g_autofree char *subtitle = NULL;
  gint64 due = desk_card_case_get_due_at (kase);

  if (due > 0)
    {
      g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (due);
      g_autofree char *when = g_date_time_format (at, "%x %H:%M");

      subtitle = g_strdup_printf (_("%s · due %s"), desk_card_case_get_status (kase), when);
    }
  else
    subtitle = g_strdup (desk_card_case_get_status (kase));
  return GTK_WIDGET (row_new (title, subtitle));
}

static GtkWidget *
create_contact_row (gpointer item,
                    gpointer data)
{
  DeskCardContact *contact = item;
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (desk_card_contact_get_at (contact));
  g_autofree char *when = g_date_time_format (at, "%x %H:%M");
  const char *channel = desk_card_contact_get_channel (contact);
  AdwActionRow *row = row_new (desk_card_contact_get_summary (contact), when);

  adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (
                               g_strcmp0 (channel, "chat") == 0 ? "chat-bubbles-symbolic" :
                               g_strcmp0 (channel, "portal") == 0 ? "mail-unread-symbolic" :
                               "call-start-symbolic"));
  return GTK_WIDGET (row);
}

static void
on_candidate_activated (DeskClientCardView *self,
                        GtkListBoxRow      *row)
{
  GListModel *candidates = desk_client_card_get_candidates (self->card);
  g_autoptr (DeskCardCandidate) candidate =
    g_list_model_get_item (candidates, (guint) gtk_list_box_row_get_index (row));

  if (candidate)
    desk_client_card_pick (self->card, desk_card_candidate_get_id (candidate));
}

static void
update (DeskClientCardView *self)
{
  DeskCardState state = self->card ? desk_client_card_get_state (self->card) : DESK_CARD_LOADING;
  const char *number = self->card ? desk_client_card_get_number (self->card) : NULL;
  g_autofree char *title = NULL;

  switch (state)
    {
    case DESK_CARD_LOADING:
      gtk_stack_set_visible_child_name (self->stack, "loading");
      break;
    case DESK_CARD_NONE:
    case DESK_CARD_SEVERAL:
      if (state == DESK_CARD_SEVERAL)
        title = g_strdup_printf (_("Several clients have the number %s: pick one"), number);
      else if (number)
        title = g_strdup_printf (_("No client has the number %s"), number);
      else
        title = g_strdup (_("Unknown contact: search the clients"));
      gtk_label_set_text (self->search_title, title);
      gtk_stack_set_visible_child_name (self->stack, "search");
      break;
    case DESK_CARD_ONE:
      show_client (self, desk_client_card_get_client (self->card));
      gtk_stack_set_visible_child_name (self->stack, "card");
      break;
    case DESK_CARD_FAILED:
      adw_status_page_set_description (self->failed_page, desk_client_card_get_error (self->card));
      gtk_stack_set_visible_child_name (self->stack, "failed");
      break;
    }
}

static void
on_search_changed (DeskClientCardView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->card && g_utf8_strlen (text, -1) >= 2)
    desk_client_card_search (self->card, text);
}

static void
on_create_clicked (DeskClientCardView *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->new_client_name));

  if (self->card == NULL || *name == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->new_client_name));
      return;
    }
  desk_client_card_create_client (self->card, name,
                                  gtk_check_button_get_active (self->new_client_organisation) ?
                                  "organization" : "person");
  gtk_popover_popdown (self->new_client_popover);
  gtk_editable_set_text (GTK_EDITABLE (self->new_client_name), "");
}

static void
on_other_client_clicked (DeskClientCardView *self)
{
  gtk_label_set_text (self->search_title, _("Search another client"));
  gtk_stack_set_visible_child_name (self->stack, "search");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_card_failed (DeskClientCardView *self,
                const char         *message)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  /* the window shows toasts; the card keeps what it had */
  if (root)
    gtk_widget_activate_action (root, "win.toast", "s", message);
}

void
desk_client_card_view_set_card (DeskClientCardView *self,
                                DeskClientCard     *card)
{
  g_return_if_fail (DESK_IS_CLIENT_CARD_VIEW (self));

  if (!g_set_object (&self->card, card))
    return;
  g_signal_group_set_target (self->card_signals, card);
  gtk_list_box_bind_model (self->candidate_list, card ? desk_client_card_get_candidates (card) : NULL,
                           create_candidate_row, self, NULL);
  gtk_list_box_bind_model (self->case_list, card ? desk_client_card_get_open_cases (card) : NULL,
                           create_case_row, self, NULL);
  gtk_list_box_bind_model (self->contact_list,
                           card ? desk_client_card_get_last_contacts (card) : NULL,
                           create_contact_row, self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                         card && desk_client_card_get_number (card) ?
                         desk_client_card_get_number (card) : "");
  update (self);
}

DeskClientCard *
desk_client_card_view_get_card (DeskClientCardView *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD_VIEW (self), NULL);
  return self->card;
}

const char *
desk_client_card_view_get_page (DeskClientCardView *self)
{
  g_return_val_if_fail (DESK_IS_CLIENT_CARD_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
desk_client_card_view_dispose (GObject *object)
{
  DeskClientCardView *self = DESK_CLIENT_CARD_VIEW (object);

  if (self->card_signals)
    g_signal_group_set_target (self->card_signals, NULL);
  g_clear_object (&self->card_signals);
  g_clear_object (&self->card);

  G_OBJECT_CLASS (desk_client_card_view_parent_class)->dispose (object);
}

static void
desk_client_card_view_class_init (DeskClientCardViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = desk_client_card_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-client-card-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, search_title);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, candidate_list);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, new_client_popover);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, new_client_name);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, new_client_organisation);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, avatar);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, name_label);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, phone_list);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, asset_list);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, case_list);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, contact_list);
  gtk_widget_class_bind_template_child (widget_class, DeskClientCardView, failed_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_other_client_clicked);
}

static void
desk_client_card_view_init (DeskClientCardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->card_signals = g_signal_group_new (DESK_TYPE_CLIENT_CARD);
  g_signal_group_connect_swapped (self->card_signals, "notify::state", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->card_signals, "notify::client", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->card_signals, "failed", G_CALLBACK (on_card_failed), self);
  g_signal_connect_swapped (self->candidate_list, "row-activated",
                            G_CALLBACK (on_candidate_activated), self);
}

GtkWidget *
desk_client_card_view_new (void)
{
  return g_object_new (DESK_TYPE_CLIENT_CARD_VIEW, NULL);
}
