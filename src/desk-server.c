/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-server"

#include "desk-i18n.h"
#include "desk-server.h"
#include "desk-demo.h"
#include "desk-error.h"
#include "desk-publisher.h"
#include "desk-sqlite-store.h"
#include "desk-web-server.h"

#include <stdio.h>

/**
 * DeskServer:
 *
 * The office server put together: the store, the office with its PBX, the
 * web server and the mDNS announcement. The same object runs headless and
 * under the server window.
 */
struct _DeskServer
{
  GObject parent_instance;

  DeskSqliteStore *store;
  DeskOffice *office;
  DeskWebServer *web;
  DeskPublisher *publisher;
};

G_DEFINE_FINAL_TYPE (DeskServer, desk_server, G_TYPE_OBJECT)

static void
desk_server_dispose (GObject *object)
{
  desk_server_stop (DESK_SERVER (object));

  G_OBJECT_CLASS (desk_server_parent_class)->dispose (object);
}

static void
desk_server_class_init (DeskServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = desk_server_dispose;
}

static void
desk_server_init (DeskServer *self)
{
}

DeskServer *
desk_server_new (void)
{
  return g_object_new (DESK_TYPE_SERVER, NULL);
}

static gboolean
store_is_empty (DeskStore *store)
{
  g_autoptr (GPtrArray) users = desk_store_list_users (store, NULL);

  return users != NULL && users->len == 0;
}

static gboolean
prepare_demo (DeskStore  *store,
              GError    **error)
{
  g_autofree char *demo = desk_store_get_setting (store, "demo");

  if (store_is_empty (store))
    {
      g_print (_("Seeding the demo office…\n"));
      return desk_demo_seed (store, g_get_real_time () / G_USEC_PER_SEC, error);
    }
  if (g_strcmp0 (demo, "1") == 0)
    return TRUE;
  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                       _("--demo needs an empty data folder: this one holds a real office, "
                         "which the demo would mix with made-up data"));
  return FALSE;
}

/**
 * desk_server_start:
 *
 * Opens the store, seeds the demo if asked, starts telephony and the web
 * server, and prints the ports it got (`SIP port: N`, `HTTP port: N`), so
 * that scripts started with port 0 learn them.
 */
gboolean
desk_server_start (DeskServer              *self,
                   const DeskServerConfig  *config,
                   GError                 **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (DESK_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  path = g_build_filename (config->data_dir, "office.sqlite", NULL);
  self->store = desk_sqlite_store_new (path, error);
  if (self->store == NULL)
    return FALSE;
  if (config->demo && !prepare_demo (DESK_STORE (self->store), error))
    goto fail;

  self->office = desk_office_new (DESK_STORE (self->store));
  if (!desk_office_start (self->office, config->sip_address ? config->sip_address : "0.0.0.0",
                          config->sip_port, config->data_dir, error))
    goto fail;

  self->web = desk_web_server_new (self->office);
  if (!desk_web_server_listen (self->web, config->http_address ? config->http_address : "0.0.0.0",
                               config->http_port, error))
    goto fail;

  name = desk_office_dup_name (self->office);
  self->publisher = desk_publisher_new (name, desk_web_server_get_port (self->web), NULL);
  desk_publisher_start (self->publisher);

  /* Not translated: scripts and tests read these two lines. */
  g_print ("SIP port: %u\n", desk_office_get_sip_port (self->office));
  g_print ("HTTP port: %u\n", desk_web_server_get_port (self->web));
  fflush (stdout);
  return TRUE;

fail:
  desk_server_stop (self);
  return FALSE;
}

/**
 * desk_server_stop:
 *
 * Stops taking work first (web, telephony), then closes the store with a
 * WAL checkpoint, so the data folder is whole when the process ends.
 */
void
desk_server_stop (DeskServer *self)
{
  g_return_if_fail (DESK_IS_SERVER (self));

  g_clear_object (&self->publisher);
  if (self->web)
    desk_web_server_stop (self->web);
  g_clear_object (&self->web);
  if (self->office)
    desk_office_stop (self->office);
  g_clear_object (&self->office);
  if (self->store)
    desk_sqlite_store_close (self->store);
  g_clear_object (&self->store);
}

DeskOffice *
desk_server_get_office (DeskServer *self)
{
  g_return_val_if_fail (DESK_IS_SERVER (self), NULL);
  return self->office;
}

guint
desk_server_get_http_port (DeskServer *self)
{
  g_return_val_if_fail (DESK_IS_SERVER (self), 0);
  return self->web ? desk_web_server_get_port (self->web) : 0;
}
