/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-application"

#include "desk-i18n.h"
#include "desk-ui.h"
#include "desk-application.h"
#include "desk-agent-window.h"
#include "desk-server-window.h"

/**
 * DeskApplication:
 *
 * One application, two faces: the operator window, or the office server's
 * window when this process runs the server.
 */
struct _DeskApplication
{
  AdwApplication parent_instance;

  DeskOffice *office;   /* NULL: the operator window */
  guint http_port;
};

G_DEFINE_FINAL_TYPE (DeskApplication, desk_application, ADW_TYPE_APPLICATION)

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
on_about (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       data)
{
  GtkApplication *app = GTK_APPLICATION (data);
  const char *developers[] = { "Frontdesk developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Frontdesk"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("Frontdesk developers"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("The contact center of a small office"),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The buttons of the "incoming call" notification: parameter (kind, id) */
static void
on_contact_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));
  int kind;
  gint64 id;

  if (!DESK_IS_AGENT_WINDOW (window))
    return;
  g_variant_get (parameter, "(ix)", &kind, &id);
  desk_agent_window_show_contact (DESK_AGENT_WINDOW (window), (DeskInboxKind) kind, id,
                                  g_str_equal (g_action_get_name (G_ACTION (action)),
                                               "accept-contact"));
}

static const GActionEntry app_actions[] = {
  { "show-contact", on_contact_action, "(ix)" },
  { "accept-contact", on_contact_action, "(ix)" },
  { "quit", on_quit },
  { "about", on_about },
};

static void
desk_application_activate (GApplication *app)
{
  DeskApplication *self = DESK_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      if (self->office)
        window = GTK_WINDOW (desk_server_window_new (self, self->office, self->http_port));
      else
        window = GTK_WINDOW (desk_agent_window_new (self));
    }
  gtk_window_present (window);
}

static void
desk_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (desk_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
}

static void
desk_application_dispose (GObject *object)
{
  DeskApplication *self = DESK_APPLICATION (object);

  g_clear_object (&self->office);

  G_OBJECT_CLASS (desk_application_parent_class)->dispose (object);
}

static void
desk_application_class_init (DeskApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  desk_ui_init_resources ();
  G_OBJECT_CLASS (klass)->dispose = desk_application_dispose;
  app_class->activate = desk_application_activate;
  app_class->startup = desk_application_startup;
}

static void
desk_application_init (DeskApplication *self)
{
}

static DeskApplication *
application_new (GApplicationFlags flags)
{
  return g_object_new (DESK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", "/io/github/frontdesk/Frontdesk",
                       NULL);
}

DeskApplication *
desk_application_new_agent (void)
{
  return application_new (G_APPLICATION_DEFAULT_FLAGS);
}

/* The server window is not unique: the process owns the office, and a
 * second server instance must fail on its ports, not hand over to this one. */
DeskApplication *
desk_application_new_server (DeskOffice *office,
                             guint       http_port)
{
  DeskApplication *self = application_new (G_APPLICATION_NON_UNIQUE);

  self->office = g_object_ref (office);
  self->http_port = http_port;
  return self;
}
