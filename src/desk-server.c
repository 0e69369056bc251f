/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-server"

#include "desk-i18n.h"
#include "desk-server.h"
#include "desk-demo.h"
#include "desk-error.h"
#include "desk-publisher.h"
#include "desk-sqlite-store.h"
#include "desk-web-server.h"
#include "desk-web-tls.h"

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
  char *tls_fingerprint;
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

static gboolean
wants_tls (const DeskServerConfig *config)
{
  switch (config->tls)
    {
    case DESK_SERVER_TLS_ON:
      return TRUE;
    case DESK_SERVER_TLS_OFF:
      return FALSE;
    case DESK_SERVER_TLS_DEFAULT:
    default:
      /* The demo is for trying things out with curl and a browser: no
       * certificate warnings there. A real office's LAN traffic carries
       * passwords and clients' data. */
      return !config->demo;
    }
}

/* Loads or makes the certificate in the data folder. By default a
 * certificate that cannot be had only costs HTTPS; asked for with --tls,
 * it stops the start. */
static gboolean
prepare_tls (DeskServer              *self,
             const DeskServerConfig  *config,
             const char              *name,
             const char              *address,
             GError                 **error)
{
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GError) local = NULL;
  gboolean created = FALSE;

  if (!wants_tls (config))
    return TRUE;
  certificate = desk_web_tls_load_or_create (config->data_dir, name, address, &created, &local);
  if (certificate == NULL)
    {
      if (config->tls == DESK_SERVER_TLS_ON)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_printerr (_("Serving plain HTTP: %s\n"), local->message);
      return TRUE;
    }
  if (created)
    g_print (_("Made a TLS certificate for this office in %s\n"), config->data_dir);
  desk_web_server_set_tls_certificate (self->web, certificate);
  self->tls_fingerprint = desk_web_server_dup_tls_fingerprint (self->web);
  return TRUE;
}

/**
 * desk_server_start:
 *
 * Opens the store, seeds the demo if asked, starts telephony and the web
 * server, and prints the ports it got (`SIP port: N`, `HTTP port: N`), so
 * that scripts started with port 0 learn them. With TLS, the HTTP port
 * speaks HTTPS only, and a third line follows: `TLS fingerprint: AA:BB:…`
 * (the SHA-256 of the certificate, which agents pin).
 */
gboolean
desk_server_start (DeskServer              *self,
                   const DeskServerConfig  *config,
                   GError                 **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  const char *http_address;

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
  name = desk_office_dup_name (self->office);
  http_address = config->http_address ? config->http_address : "0.0.0.0";
  if (!prepare_tls (self, config, name, http_address, error) ||
      !desk_web_server_listen (self->web, http_address, config->http_port, error))
    goto fail;

  self->publisher = desk_publisher_new (name, desk_web_server_get_port (self->web),
                                        self->tls_fingerprint);
  desk_publisher_start (self->publisher);

  /* Not translated: scripts and tests read these lines. */
  g_print ("SIP port: %u\n", desk_office_get_sip_port (self->office));
  g_print ("HTTP port: %u\n", desk_web_server_get_port (self->web));
  if (self->tls_fingerprint)
    g_print ("TLS fingerprint: %s\n", self->tls_fingerprint);
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
  g_clear_pointer (&self->tls_fingerprint, g_free);
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

/**
 * desk_server_get_tls:
 *
 * Whether the web server speaks HTTPS (on the same port as plain HTTP
 * would be: `HTTP port`).
 */
gboolean
desk_server_get_tls (DeskServer *self)
{
  g_return_val_if_fail (DESK_IS_SERVER (self), FALSE);
  return self->tls_fingerprint != NULL;
}

/**
 * desk_server_get_tls_fingerprint:
 *
 * Returns: (nullable): the SHA-256 fingerprint of the web server's
 *   certificate ("AA:BB:…"), for the owner to compare with what an agent
 *   shows; %NULL without TLS
 */
const char *
desk_server_get_tls_fingerprint (DeskServer *self)
{
  g_return_val_if_fail (DESK_IS_SERVER (self), NULL);
  return self->tls_fingerprint;
}
