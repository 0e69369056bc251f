/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-login-page"

#include "desk-i18n.h"
#include "desk-error.h"
#include "desk-login-page.h"
#include "desk-browser.h"

#define DEFAULT_PORT 8080

/**
 * DeskLoginPage:
 *
 * The first page of the operator's window: the offices found on the LAN,
 * the address, login and password. It signs in through
 * desk_agent_session_connect_async(), which checks the office's
 * certificate against the pin (or the fingerprint the office published
 * over mDNS) before the password leaves the computer.
 */
struct _DeskLoginPage
{
  AdwBin parent_instance;

  GSettings *settings;
  DeskBrowser *browser;
  GCancellable *cancellable;
  char *error;
  /* the base URI and fingerprint of the office picked from the list */
  char *picked_uri;
  char *picked_fingerprint;

  GtkListBox *server_list;
  GtkLabel *server_placeholder;
  AdwEntryRow *address_row;
  AdwEntryRow *login_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel *fingerprint_label;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  GtkButton *sign_in_button;
};

G_DEFINE_FINAL_TYPE (DeskLoginPage, desk_login_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

char *
desk_login_page_base_uri_of (const char  *typed,
                             GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (typed ? typed : ""));
  g_autofree char *full = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *scheme, *host;
  int port;

  if (*text == '\0')
    {
      g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID,
                           _("Type the office server’s address, such as 192.168.1.10:8080"));
      return NULL;
    }
  full = strstr (text, "://") ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      (g_uri_get_path (uri)[0] != '\0' && g_strcmp0 (g_uri_get_path (uri), "/") != 0))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("“%s” is not an office server address; type it as host:port, "
                     "such as 192.168.1.10:8080"), text);
      return NULL;
    }
  port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : DEFAULT_PORT;
  if (strchr (host, ':'))
    return g_strdup_printf ("%s://[%s]:%d", scheme, host, port);
  return g_strdup_printf ("%s://%s:%d", scheme, host, port);
}

static void
set_error (DeskLoginPage *self,
           const char    *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
}

static void
set_busy (DeskLoginPage *self,
          gboolean       busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  /* not insensitive: a focused entry made insensitive never gets its
   * focus-out in GTK 4.8 */
  gtk_editable_set_editable (GTK_EDITABLE (self->address_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->login_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

static void
show_fingerprint (DeskLoginPage *self,
                  const char    *fingerprint)
{
  g_autofree char *text = NULL;

  if (fingerprint)
    text = g_strdup_printf (_("Certificate fingerprint announced by this office: %s"),
                            fingerprint);
  gtk_label_set_label (self->fingerprint_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_label), fingerprint != NULL);
}

static void
on_server_activated (AdwActionRow *row,
                     gpointer      data)
{
  DeskLoginPage *self = DESK_LOGIN_PAGE (data);
  DeskServerInfo *info = g_object_get_data (G_OBJECT (row), "server-info");

  g_free (self->picked_uri);
  g_free (self->picked_fingerprint);
  self->picked_uri = desk_server_info_dup_base_uri (info);
  self->picked_fingerprint = g_strdup (desk_server_info_get_tls_fingerprint (info));
  /* the address row's handler forgets the pick: set it first */
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), self->picked_uri);
  show_fingerprint (self, self->picked_fingerprint);
  gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
}

static GtkWidget *
create_server_row (gpointer item,
                   gpointer data)
{
  DeskServerInfo *info = item;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("network-server-symbolic");

  subtitle = g_strdup_printf (_("%s, port %u · version %s"),
                              desk_server_info_get_address (info),
                              desk_server_info_get_api_port (info),
                              desk_server_info_get_version (info));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), desk_server_info_get_name (info));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "server-info", g_object_ref (info), g_object_unref);
  g_signal_connect (row, "activated", G_CALLBACK (on_server_activated), data);
  return row;
}

static void
on_browser_error (DeskLoginPage *self)
{
  const char *error = desk_browser_get_error (self->browser);
  g_autofree char *text = NULL;

  if (error == NULL)
    return;
  text = g_strdup_printf (_("Offices on the network cannot be found here (%s). "
                            "Type the address of yours below."), error);
  gtk_label_set_label (self->server_placeholder, text);
}

static void
on_address_changed (DeskLoginPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));

  /* the published fingerprint vouches only for the office it came with */
  if (self->picked_uri && g_strcmp0 (text, self->picked_uri) != 0)
    {
      g_clear_pointer (&self->picked_uri, g_free);
      g_clear_pointer (&self->picked_fingerprint, g_free);
      show_fingerprint (self, NULL);
    }
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr (DeskLoginPage) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAgentSession) session = desk_agent_session_connect_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (session == NULL)
    {
      set_error (self, error->message);
      if (g_error_matches (error, DESK_ERROR, DESK_ERROR_AUTH))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, session);
}

void
desk_login_page_sign_in (DeskLoginPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base_uri = NULL;
  const char *login, *password;

  g_return_if_fail (DESK_IS_LOGIN_PAGE (self));

  if (desk_login_page_get_busy (self))
    return;
  base_uri = desk_login_page_base_uri_of (gtk_editable_get_text (GTK_EDITABLE (self->address_row)),
                                          &error);
  login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (base_uri == NULL)
    {
      set_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }
  if (*login == '\0' || *password == '\0')
    {
      set_error (self, _("Type your login and password"));
      gtk_widget_grab_focus (*login == '\0' ? GTK_WIDGET (self->login_row) :
                             GTK_WIDGET (self->password_row));
      return;
    }
  set_error (self, NULL);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  desk_agent_session_connect_async (base_uri,
                                    g_strcmp0 (base_uri, self->picked_uri) == 0 ?
                                    self->picked_fingerprint : NULL,
                                    login, password, self->settings, self->cancellable,
                                    on_connected, g_object_ref (self));
}

static void
on_sign_in_clicked (DeskLoginPage *self)
{
  desk_login_page_sign_in (self);
}

/* Enter moves on to the next empty field, and signs in from the last. */
static void
on_entry_activated (DeskLoginPage *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->address_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->login_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    desk_login_page_sign_in (self);
}

void
desk_login_page_fill (DeskLoginPage *self,
                      const char    *address,
                      const char    *login,
                      const char    *password)
{
  g_return_if_fail (DESK_IS_LOGIN_PAGE (self));

  if (address)
    gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  if (login)
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  if (password)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

void
desk_login_page_set_browsing (DeskLoginPage *self,
                              gboolean       browsing)
{
  g_return_if_fail (DESK_IS_LOGIN_PAGE (self));

  if (browsing)
    {
      desk_browser_start (self->browser);
      on_browser_error (self);
    }
  else
    desk_browser_stop (self->browser);
}

gboolean
desk_login_page_get_busy (DeskLoginPage *self)
{
  g_return_val_if_fail (DESK_IS_LOGIN_PAGE (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}

const char *
desk_login_page_get_error (DeskLoginPage *self)
{
  g_return_val_if_fail (DESK_IS_LOGIN_PAGE (self), NULL);
  return self->error;
}

static void
desk_login_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeskLoginPage *self = DESK_LOGIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, desk_login_page_get_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_login_page_dispose (GObject *object)
{
  DeskLoginPage *self = DESK_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->browser)
    desk_browser_stop (self->browser);
  g_clear_object (&self->browser);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->picked_uri, g_free);
  g_clear_pointer (&self->picked_fingerprint, g_free);

  G_OBJECT_CLASS (desk_login_page_parent_class)->dispose (object);
}

static void
desk_login_page_class_init (DeskLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = desk_login_page_get_property;
  object_class->dispose = desk_login_page_dispose;

  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                     DESK_TYPE_AGENT_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/frontdesk/Frontdesk/agent/desk-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, server_list);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, server_placeholder);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskLoginPage, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);
}

/* libadwaita 1.2 gives the password row's "Show Text" button only a
 * tooltip, which GTK 4.8 does not turn into an accessible name: copy it,
 * each time the row switches it to "Hide Text" and back. The button is
 * the row's last visible one (its suffix). */
static void
name_peek_button (DeskLoginPage *self)
{
  GtkWidget *button = NULL;
  const char *tooltip;
  GtkWidget *widget = gtk_widget_get_first_child (GTK_WIDGET (self->password_row));

  while (widget)
    {
      if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget))
        button = widget;
      if (gtk_widget_get_first_child (widget))
        {
          widget = gtk_widget_get_first_child (widget);
          continue;
        }
      while (widget && gtk_widget_get_next_sibling (widget) == NULL)
        {
          widget = gtk_widget_get_parent (widget);
          if (widget == GTK_WIDGET (self->password_row))
            widget = NULL;
        }
      if (widget)
        widget = gtk_widget_get_next_sibling (widget);
    }
  tooltip = button ? gtk_widget_get_tooltip_text (button) : NULL;
  if (tooltip)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    tooltip, -1);
}

static void
desk_login_page_init (DeskLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  name_peek_button (self);
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->password_row)),
                           "notify::visibility", G_CALLBACK (name_peek_button), self,
                           G_CONNECT_SWAPPED);

  self->browser = desk_browser_new ();
  gtk_list_box_bind_model (self->server_list, G_LIST_MODEL (self->browser),
                           create_server_row, self, NULL);
  g_signal_connect_object (self->browser, "notify::error", G_CALLBACK (on_browser_error), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
desk_login_page_new (GSettings *settings)
{
  DeskLoginPage *self = g_object_new (DESK_TYPE_LOGIN_PAGE, NULL);

  if (settings)
    {
      g_autofree char *server = g_settings_get_string (settings, "last-server");
      g_autofree char *user = g_settings_get_string (settings, "last-user");

      self->settings = g_object_ref (settings);
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), server);
      gtk_editable_set_text (GTK_EDITABLE (self->login_row), user);
    }
  return GTK_WIDGET (self);
}
