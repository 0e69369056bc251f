/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-server-window"

#include "desk-i18n.h"
#include "desk-ui.h"
#include "desk-server-window.h"

/**
 * DeskServerWindow:
 *
 * The office server's own window: what is running and where agents and
 * phones reach it.
 */
struct _DeskServerWindow
{
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *window_title;
  AdwActionRow *sip_row;
  AdwActionRow *http_row;
  AdwActionRow *phones_row;

  DeskOffice *office;
};

G_DEFINE_FINAL_TYPE (DeskServerWindow, desk_server_window, ADW_TYPE_APPLICATION_WINDOW)

static void
desk_server_window_dispose (GObject *object)
{
  DeskServerWindow *self = DESK_SERVER_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_SERVER_WINDOW);
  g_clear_object (&self->office);

  G_OBJECT_CLASS (desk_server_window_parent_class)->dispose (object);
}

static void
desk_server_window_class_init (DeskServerWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  desk_ui_init_resources ();
  G_OBJECT_CLASS (klass)->dispose = desk_server_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/server/desk-server-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskServerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeskServerWindow, sip_row);
  gtk_widget_class_bind_template_child (widget_class, DeskServerWindow, http_row);
  gtk_widget_class_bind_template_child (widget_class, DeskServerWindow, phones_row);
}

static void
desk_server_window_init (DeskServerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DeskServerWindow *
desk_server_window_new (gpointer    application,
                        DeskOffice *office,
                        guint       http_port)
{
  DeskServerWindow *self = g_object_new (DESK_TYPE_SERVER_WINDOW, "application", application, NULL);
  g_autofree char *name = desk_office_dup_name (office);
  g_autofree char *sip = g_strdup_printf ("%u", desk_office_get_sip_port (office));
  g_autofree char *http = g_strdup_printf ("%u", http_port);
  g_autoptr (GPtrArray) users = desk_store_list_users (desk_office_get_store (office), NULL);
  g_autofree char *phones = NULL;
  guint n_phones = 0;

  for (guint i = 0; users && i < users->len; i++)
    if (((DeskUser *) g_ptr_array_index (users, i))->sip_user)
      n_phones++;
  phones = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u operator phone account",
                                         "%u operator phone accounts", n_phones), n_phones);

  self->office = g_object_ref (office);
  adw_window_title_set_subtitle (self->window_title, name);
  adw_action_row_set_subtitle (self->sip_row, sip);
  adw_action_row_set_subtitle (self->http_row, http);
  adw_action_row_set_subtitle (self->phones_row, phones);
  return self;
}
