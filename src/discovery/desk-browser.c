/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-browser"

#include "desk-i18n.h"
#include "desk-browser.h"
#include "desk-publisher.h"
#include "desk-server-info-private.h"

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/address.h>
#include <avahi-common/error.h>
#include <avahi-glib/glib-watch.h>
#include <net/if.h>

/* After the daemon went away: how soon to connect again (the new client
 * then waits for the daemon by itself). */
#define RECONNECT_SECONDS 1

/**
 * DeskBrowser:
 *
 * Finds office servers on the LAN: browses `_frontdesk._tcp` over mDNS
 * (Avahi), resolves what it sees, and lists one #DeskServerInfo per
 * server as a #GListModel, so that the agent window binds a list to it.
 * `server-found` and `server-lost` say the same as the list's changes.
 *
 * Avahi reports a service once per interface and IP version; each report
 * is a sighting. A server is listed from its first resolved sighting (an
 * IPv4 one is preferred: it needs no zone) until its last sighting is gone.
 *
 * Without an Avahi daemon (or without a system bus) the list stays empty,
 * #DeskBrowser:error says why, and the browser starts over when the
 * daemon comes.
 */
struct _DeskBrowser
{
  GObject parent_instance;

  AvahiGLibPoll *poll;
  AvahiClient *client;
  AvahiServiceBrowser *browser;
  GHashTable *services;  /* "name\ndomain" → Service */
  GPtrArray *items;      /* DeskServerInfo, listed, in the order found */
  char *error;
  gboolean running;
  guint reconnect_id;
};

typedef struct _Service Service;

typedef struct
{
  Service *service;
  AvahiIfIndex interface;
  AvahiProtocol protocol;
  AvahiServiceResolver *resolver; /* while resolving */
  DeskServerInfo *resolved;
} Sighting;

struct _Service
{
  DeskBrowser *self;
  char *key;
  char *name;
  char *type;
  char *domain;
  GPtrArray *sightings;  /* Sighting, owned */
  DeskServerInfo *info;  /* while listed */
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_ERROR,
  N_PROPS
};

enum {
  SERVER_FOUND,
  SERVER_LOST,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

static void desk_browser_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DeskBrowser, desk_browser, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      desk_browser_list_model_init))

static void connect_client (DeskBrowser *self);

static void
set_error (DeskBrowser *self,
           const char  *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  if (error)
    g_message ("%s", error);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
}

static void
set_running (DeskBrowser *self,
             gboolean     running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

static void
sighting_free (Sighting *sighting)
{
  g_clear_pointer (&sighting->resolver, avahi_service_resolver_free);
  g_clear_object (&sighting->resolved);
  g_free (sighting);
}

static void
service_free (Service *service)
{
  g_ptr_array_unref (service->sightings);
  g_clear_object (&service->info);
  g_free (service->key);
  g_free (service->name);
  g_free (service->type);
  g_free (service->domain);
  g_free (service);
}

static char *
service_key (const char *name,
             const char *domain)
{
  return g_strconcat (name, "\n", domain, NULL);
}

/* Takes the service off the list, if it was on it, and says so. */
static void
unlist (DeskBrowser *self,
        Service     *service)
{
  g_autoptr (DeskServerInfo) info = g_steal_pointer (&service->info);
  guint position;

  if (info == NULL || !g_ptr_array_find (self->items, info, &position))
    return;
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[SERVER_LOST], 0, info);
}

static void
forget_service (DeskBrowser *self,
                Service     *service)
{
  unlist (self, service);
  g_hash_table_remove (self->services, service->key);
}

static void
forget_all (DeskBrowser *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->services == NULL)
    return;
  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      unlist (self, value);
      g_hash_table_iter_remove (&iter);
    }
}

static void
drop_browser (DeskBrowser *self)
{
  /* resolvers first: they belong to the client as the browser does */
  forget_all (self);
  g_clear_pointer (&self->browser, avahi_service_browser_free);
  set_running (self, FALSE);
}

/* Lists the service from its best resolved sighting, or updates it. */
static void
refresh_service (DeskBrowser *self,
                 Service     *service)
{
  DeskServerInfo *best = NULL;

  for (guint i = 0; i < service->sightings->len; i++)
    {
      Sighting *sighting = g_ptr_array_index (service->sightings, i);

      if (sighting->resolved && (best == NULL || (!_desk_server_info_is_ipv4 (best) &&
                                                  _desk_server_info_is_ipv4 (sighting->resolved))))
        best = sighting->resolved;
    }
  if (best == NULL)
    return;
  if (service->info)
    {
      _desk_server_info_update_from (service->info, best);
      return;
    }
  service->info = g_object_new (DESK_TYPE_SERVER_INFO, NULL);
  _desk_server_info_update_from (service->info, best);
  g_ptr_array_add (self->items, g_object_ref (service->info));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  g_signal_emit (self, signals[SERVER_FOUND], 0, service->info);
}

static char *
address_to_string (const AvahiAddress *address,
                   AvahiIfIndex        interface)
{
  char text[AVAHI_ADDRESS_STR_MAX];
  char name[IF_NAMESIZE];

  avahi_address_snprint (text, sizeof text, address);
  /* a link-local IPv6 address is useless without its interface */
  if (address->proto == AVAHI_PROTO_INET6 && address->data.ipv6.address[0] == 0xfe &&
      (address->data.ipv6.address[1] & 0xc0) == 0x80 && if_indextoname ((unsigned) interface, name))
    return g_strdup_printf ("%s%%%s", text, name);
  return g_strdup (text);
}

static void
on_resolved (AvahiServiceResolver   *resolver,
             AvahiIfIndex            interface,
             AvahiProtocol           protocol,
             AvahiResolverEvent      event,
             const char             *name,
             const char             *type,
             const char             *domain,
             const char             *host_name,
             const AvahiAddress     *address,
             uint16_t                port,
             AvahiStringList        *txt,
             AvahiLookupResultFlags  flags,
             void                   *data)
{
  Sighting *sighting = data;
  Service *service = sighting->service;
  DeskBrowser *self = service->self;

  g_clear_pointer (&sighting->resolver, avahi_service_resolver_free);
  if (event != AVAHI_RESOLVER_FOUND)
    {
      g_debug ("Cannot resolve “%s”: %s", name,
               avahi_strerror (avahi_client_errno (self->client)));
      return;
    }
  {
    g_autofree char *text = address_to_string (address, interface);

    g_clear_object (&sighting->resolved);
    sighting->resolved = _desk_server_info_new (name, host_name, text, port, txt);
  }
  refresh_service (self, service);
}

static Sighting *
find_sighting (Service       *service,
               AvahiIfIndex   interface,
               AvahiProtocol  protocol,
               guint         *position)
{
  for (guint i = 0; i < service->sightings->len; i++)
    {
      Sighting *sighting = g_ptr_array_index (service->sightings, i);

      if (sighting->interface == interface && sighting->protocol == protocol)
        {
          if (position)
            *position = i;
          return sighting;
        }
    }
  return NULL;
}

static void
on_new (DeskBrowser   *self,
        AvahiIfIndex   interface,
        AvahiProtocol  protocol,
        const char    *name,
        const char    *type,
        const char    *domain)
{
  g_autofree char *key = service_key (name, domain);
  Service *service = g_hash_table_lookup (self->services, key);
  Sighting *sighting;

  if (service == NULL)
    {
      service = g_new0 (Service, 1);
      service->self = self;
      service->key = g_steal_pointer (&key);
      service->name = g_strdup (name);
      service->type = g_strdup (type);
      service->domain = g_strdup (domain);
      service->sightings = g_ptr_array_new_with_free_func ((GDestroyNotify) sighting_free);
      g_hash_table_insert (self->services, service->key, service);
    }
  if (find_sighting (service, interface, protocol, NULL))
    return;

  sighting = g_new0 (Sighting, 1);
  sighting->service = service;
  sighting->interface = interface;
  sighting->protocol = protocol;
  g_ptr_array_add (service->sightings, sighting);
  /* The address in the sighting's own IP version: an A record is not
   * published over IPv6 (nor AAAA over IPv4) by default. */
  sighting->resolver = avahi_service_resolver_new (self->client, interface, protocol, name, type,
                                                   domain, protocol, 0, on_resolved, sighting);
  if (sighting->resolver == NULL)
    g_message ("Cannot resolve “%s”: %s", name,
               avahi_strerror (avahi_client_errno (self->client)));
}

static void
on_remove (DeskBrowser   *self,
           AvahiIfIndex   interface,
           AvahiProtocol  protocol,
           const char    *name,
           const char    *domain)
{
  g_autofree char *key = service_key (name, domain);
  Service *service = g_hash_table_lookup (self->services, key);
  guint position;

  if (service == NULL || find_sighting (service, interface, protocol, &position) == NULL)
    return;
  g_ptr_array_remove_index (service->sightings, position);
  if (service->sightings->len == 0)
    forget_service (self, service);
  else
    refresh_service (self, service);
}

static void
on_browse (AvahiServiceBrowser    *browser,
           AvahiIfIndex            interface,
           AvahiProtocol           protocol,
           AvahiBrowserEvent       event,
           const char             *name,
           const char             *type,
           const char             *domain,
           AvahiLookupResultFlags  flags,
           void                   *data)
{
  DeskBrowser *self = data;

  switch (event)
    {
    case AVAHI_BROWSER_NEW:
      on_new (self, interface, protocol, name, type, domain);
      break;
    case AVAHI_BROWSER_REMOVE:
      on_remove (self, interface, protocol, name, domain);
      break;
    case AVAHI_BROWSER_FAILURE:
      {
        int code = avahi_client_errno (self->client);
        g_autofree char *message = g_strdup_printf (_("Looking for servers failed: %s"),
                                                    avahi_strerror (code));

        forget_all (self);
        set_running (self, FALSE);
        set_error (self, message);
      }
      break;
    case AVAHI_BROWSER_ALL_FOR_NOW:
    case AVAHI_BROWSER_CACHE_EXHAUSTED:
    default:
      break;
    }
}

static void
start_browsing (DeskBrowser *self)
{
  g_autofree char *message = NULL;

  if (self->browser)
    return;
  self->browser = avahi_service_browser_new (self->client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                             DESK_SERVICE_TYPE, NULL, 0, on_browse, self);
  if (self->browser)
    {
      set_error (self, NULL);
      set_running (self, TRUE);
      return;
    }
  message = g_strdup_printf (_("Cannot look for servers: %s"),
                             avahi_strerror (avahi_client_errno (self->client)));
  set_error (self, message);
}

static gboolean
on_reconnect (gpointer data)
{
  DeskBrowser *self = data;

  self->reconnect_id = 0;
  g_clear_pointer (&self->client, avahi_client_free);
  connect_client (self);
  return G_SOURCE_REMOVE;
}

static void
on_client_state (AvahiClient      *client,
                 AvahiClientState  state,
                 void             *data)
{
  DeskBrowser *self = data;

  /* the first call comes before avahi_client_new() returns */
  self->client = client;
  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
    case AVAHI_CLIENT_S_REGISTERING:
    case AVAHI_CLIENT_S_COLLISION:
      start_browsing (self);
      break;
    case AVAHI_CLIENT_CONNECTING:
      drop_browser (self);
      set_error (self, _("The mDNS service (Avahi) is not running on this computer: "
                         "type the server’s address"));
      break;
    case AVAHI_CLIENT_FAILURE:
      drop_browser (self);
      if (avahi_client_errno (client) == AVAHI_ERR_DISCONNECTED)
        {
          set_error (self, _("The mDNS service (Avahi) stopped: waiting for it to come back"));
          /* a client cannot be freed from its own callback */
          if (self->reconnect_id == 0)
            self->reconnect_id = g_timeout_add_seconds (RECONNECT_SECONDS, on_reconnect, self);
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("mDNS does not work here: %s"),
                                                      avahi_strerror (avahi_client_errno (client)));

          set_error (self, message);
        }
      break;
    default:
      break;
    }
}

static void
connect_client (DeskBrowser *self)
{
  int error = 0;

  self->client = avahi_client_new (avahi_glib_poll_get (self->poll), AVAHI_CLIENT_NO_FAIL,
                                   on_client_state, self, &error);
  if (self->client == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("mDNS is not available (%s): type the "
                                                    "server’s address"),
                                                  avahi_strerror (error));

      /* self->client, which the state callback may have set, is NULL
       * again: avahi_client_new() freed that client */
      set_running (self, FALSE);
      set_error (self, message);
    }
}

static GType
desk_browser_get_item_type (GListModel *model)
{
  return DESK_TYPE_SERVER_INFO;
}

static guint
desk_browser_get_n_items (GListModel *model)
{
  return DESK_BROWSER (model)->items->len;
}

static gpointer
desk_browser_get_item (GListModel *model,
                       guint       position)
{
  DeskBrowser *self = DESK_BROWSER (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
desk_browser_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = desk_browser_get_item_type;
  iface->get_n_items = desk_browser_get_n_items;
  iface->get_item = desk_browser_get_item;
}

static void
desk_browser_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DeskBrowser *self = DESK_BROWSER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_browser_dispose (GObject *object)
{
  DeskBrowser *self = DESK_BROWSER (object);

  desk_browser_stop (self);
  g_clear_pointer (&self->services, g_hash_table_unref);

  G_OBJECT_CLASS (desk_browser_parent_class)->dispose (object);
}

static void
desk_browser_finalize (GObject *object)
{
  DeskBrowser *self = DESK_BROWSER (object);

  g_ptr_array_unref (self->items);
  g_free (self->error);

  G_OBJECT_CLASS (desk_browser_parent_class)->finalize (object);
}

static void
desk_browser_class_init (DeskBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = desk_browser_get_property;
  object_class->dispose = desk_browser_dispose;
  object_class->finalize = desk_browser_finalize;

  /**
   * DeskBrowser:running:
   *
   * Whether the browser is looking for servers now (Avahi answers).
   */
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                              G_PARAM_STATIC_STRINGS);
  /**
   * DeskBrowser:error:
   *
   * Why servers cannot be found now (translated, for the window), or
   * %NULL when all is well.
   */
  props[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                           G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * DeskBrowser::server-found:
   * @self: the browser
   * @info: the #DeskServerInfo now at the end of the list
   */
  signals[SERVER_FOUND] = g_signal_new ("server-found", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        DESK_TYPE_SERVER_INFO);
  /**
   * DeskBrowser::server-lost:
   * @self: the browser
   * @info: the #DeskServerInfo just taken off the list
   */
  signals[SERVER_LOST] = g_signal_new ("server-lost", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       DESK_TYPE_SERVER_INFO);
}

static void
desk_browser_init (DeskBrowser *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) service_free);
}

DeskBrowser *
desk_browser_new (void)
{
  return g_object_new (DESK_TYPE_BROWSER, NULL);
}

/**
 * desk_browser_start:
 * @self: a #DeskBrowser
 *
 * Starts looking for servers on the thread-default main context's
 * loop, and keeps at it as the Avahi daemon comes and goes.
 */
void
desk_browser_start (DeskBrowser *self)
{
  g_return_if_fail (DESK_IS_BROWSER (self));

  if (self->poll)
    return;
  self->poll = avahi_glib_poll_new (g_main_context_get_thread_default (), G_PRIORITY_DEFAULT);
  connect_client (self);
}

/**
 * desk_browser_stop:
 * @self: a #DeskBrowser
 *
 * Stops looking and empties the list (`server-lost` for each server).
 */
void
desk_browser_stop (DeskBrowser *self)
{
  g_return_if_fail (DESK_IS_BROWSER (self));

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_browser (self);
  g_clear_pointer (&self->client, avahi_client_free);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
}

gboolean
desk_browser_get_running (DeskBrowser *self)
{
  g_return_val_if_fail (DESK_IS_BROWSER (self), FALSE);
  return self->running;
}

/**
 * desk_browser_get_error:
 * @self: a #DeskBrowser
 *
 * Returns: (nullable): why servers cannot be found now, or %NULL
 */
const char *
desk_browser_get_error (DeskBrowser *self)
{
  g_return_val_if_fail (DESK_IS_BROWSER (self), NULL);
  return self->error;
}
