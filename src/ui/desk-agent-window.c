/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-agent-window"

#include "desk-i18n.h"
#include "desk-ui.h"
#include "desk-agent-window.h"

/**
 * DeskAgentWindow:
 *
 * The operator's window. Its first page asks for the office; discovery,
 * sign-in, the inbox and the client card build on it.
 */
struct _DeskAgentWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (DeskAgentWindow, desk_agent_window, ADW_TYPE_APPLICATION_WINDOW)

static void
desk_agent_window_class_init (DeskAgentWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  desk_ui_init_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-agent-window.ui");
}

static void
desk_agent_window_init (DeskAgentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DeskAgentWindow *
desk_agent_window_new (gpointer application)
{
  return g_object_new (DESK_TYPE_AGENT_WINDOW, "application", application, NULL);
}
