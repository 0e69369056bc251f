/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-server-info"

#include "config.h"
#include "desk-server-info-private.h"

#include <avahi-common/malloc.h>

/* DNS-SD caps a TXT string at 255 bytes; names beyond this are not ours. */
#define MAX_TEXT 255

/**
 * DeskServerInfo:
 *
 * One office server found on the LAN by #DeskBrowser: where it is
 * (@host, @address, @port) and what its mDNS TXT record says (@name,
 * @version, @api-port, @tls-fingerprint). Read-only for its users; the
 * browser updates it when a better answer arrives.
 */
struct _DeskServerInfo
{
  GObject parent_instance;

  char *service_name;
  char *name;
  char *host;
  char *address;
  guint port;
  char *version;
  guint api_port;
  char *tls_fingerprint;
};

enum {
  PROP_0,
  PROP_SERVICE_NAME,
  PROP_NAME,
  PROP_HOST,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_VERSION,
  PROP_API_PORT,
  PROP_TLS_FINGERPRINT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (DeskServerInfo, desk_server_info, G_TYPE_OBJECT)

/* A TXT value as a string we can show, or %NULL. */
static char *
txt_value (AvahiStringList *txt,
           const char      *key)
{
  AvahiStringList *item = avahi_string_list_find (txt, key);
  char *k = NULL;
  char *v = NULL;
  size_t size = 0;
  char *result = NULL;

  if (item == NULL || avahi_string_list_get_pair (item, &k, &v, &size) < 0)
    return NULL;
  if (v && size > 0 && size <= MAX_TEXT && g_utf8_validate (v, (gssize) size, NULL) &&
      memchr (v, '\0', size) == NULL)
    result = g_strndup (v, size);
  avahi_free (k);
  avahi_free (v);
  return result;
}

gboolean
_desk_server_info_fingerprint_is_valid (const char *fingerprint)
{
  if (fingerprint == NULL || strlen (fingerprint) != 32 * 3 - 1)
    return FALSE;
  for (guint i = 0; i < 32 * 3 - 1; i++)
    {
      char c = fingerprint[i];

      if (i % 3 == 2 ? c != ':' : !(g_ascii_isdigit (c) || (c >= 'A' && c <= 'F')))
        return FALSE;
    }
  return TRUE;
}

DeskServerInfo *
_desk_server_info_new (const char      *service_name,
                       const char      *host,
                       const char      *address,
                       guint            port,
                       AvahiStringList *txt)
{
  DeskServerInfo *self = g_object_new (DESK_TYPE_SERVER_INFO, NULL);
  g_autofree char *api = txt_value (txt, "api");
  g_autofree char *tls = txt_value (txt, "tls");
  guint64 api_port = 0;

  self->service_name = g_utf8_make_valid (service_name, -1);
  self->name = txt_value (txt, "name");
  if (self->name == NULL)
    self->name = g_strdup (self->service_name);
  self->host = g_strdup (host);
  self->address = g_strdup (address);
  self->port = port;
  self->version = txt_value (txt, "version");
  /* An unreadable api= is not a reason to lose the server: the SRV port is
   * where the API is unless the TXT says otherwise. */
  if (api && g_ascii_string_to_unsigned (api, 10, 1, G_MAXUINT16, &api_port, NULL))
    self->api_port = (guint) api_port;
  else
    self->api_port = port;
  /* An empty tls= means plain HTTP; a malformed one is treated alike, and
   * the agent then refuses to send passwords to it without asking. */
  if (tls && _desk_server_info_fingerprint_is_valid (tls))
    self->tls_fingerprint = g_steal_pointer (&tls);
  else if (tls && *tls)
    g_message ("“%s” publishes a malformed TLS fingerprint; ignoring it", self->service_name);
  return self;
}

static void
update_string (DeskServerInfo  *self,
               char           **field,
               const char      *value,
               int              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
update_uint (DeskServerInfo *self,
             guint          *field,
             guint           value,
             int             prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

void
_desk_server_info_update_from (DeskServerInfo *self,
                               DeskServerInfo *from)
{
  g_object_freeze_notify (G_OBJECT (self));
  update_string (self, &self->service_name, from->service_name, PROP_SERVICE_NAME);
  update_string (self, &self->name, from->name, PROP_NAME);
  update_string (self, &self->host, from->host, PROP_HOST);
  update_string (self, &self->address, from->address, PROP_ADDRESS);
  update_uint (self, &self->port, from->port, PROP_PORT);
  update_string (self, &self->version, from->version, PROP_VERSION);
  update_uint (self, &self->api_port, from->api_port, PROP_API_PORT);
  update_string (self, &self->tls_fingerprint, from->tls_fingerprint, PROP_TLS_FINGERPRINT);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
_desk_server_info_is_ipv4 (DeskServerInfo *self)
{
  return self->address && strchr (self->address, ':') == NULL;
}

static void
desk_server_info_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeskServerInfo *self = DESK_SERVER_INFO (object);

  switch (prop_id)
    {
    case PROP_SERVICE_NAME:
      g_value_set_string (value, self->service_name);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_API_PORT:
      g_value_set_uint (value, self->api_port);
      break;
    case PROP_TLS_FINGERPRINT:
      g_value_set_string (value, self->tls_fingerprint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_server_info_finalize (GObject *object)
{
  DeskServerInfo *self = DESK_SERVER_INFO (object);

  g_free (self->service_name);
  g_free (self->name);
  g_free (self->host);
  g_free (self->address);
  g_free (self->version);
  g_free (self->tls_fingerprint);

  G_OBJECT_CLASS (desk_server_info_parent_class)->finalize (object);
}

static void
desk_server_info_class_init (DeskServerInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = desk_server_info_get_property;
  object_class->finalize = desk_server_info_finalize;

  /* The DNS-SD instance name: unique on the LAN, may carry " #2". */
  props[PROP_SERVICE_NAME] = g_param_spec_string ("service-name", NULL, NULL, NULL, flags);
  /* The office's own name (TXT name=), for people. */
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  props[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  props[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  props[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  props[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  /* The HTTP(S) port of the API (TXT api=). */
  props[PROP_API_PORT] = g_param_spec_uint ("api-port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  /* The SHA-256 of the server's certificate (TXT tls=), %NULL for plain HTTP. */
  props[PROP_TLS_FINGERPRINT] = g_param_spec_string ("tls-fingerprint", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
desk_server_info_init (DeskServerInfo *self)
{
}

const char *
desk_server_info_get_service_name (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), NULL);
  return self->service_name;
}

const char *
desk_server_info_get_name (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), NULL);
  return self->name;
}

const char *
desk_server_info_get_host (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), NULL);
  return self->host;
}

const char *
desk_server_info_get_address (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), NULL);
  return self->address;
}

guint
desk_server_info_get_port (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), 0);
  return self->port;
}

const char *
desk_server_info_get_version (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), NULL);
  return self->version;
}

guint
desk_server_info_get_api_port (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), 0);
  return self->api_port;
}

/**
 * desk_server_info_get_tls_fingerprint:
 *
 * Returns: (nullable): the published SHA-256 of the server's certificate
 *   ("AA:BB:…"), which the agent pins; %NULL when the server speaks plain
 *   HTTP
 */
const char *
desk_server_info_get_tls_fingerprint (DeskServerInfo *self)
{
  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), NULL);
  return self->tls_fingerprint;
}

/**
 * desk_server_info_dup_base_uri:
 *
 * Returns: (transfer full): the API's base, such as
 *   `https://192.168.1.10:8080` (no trailing slash)
 */
char *
desk_server_info_dup_base_uri (DeskServerInfo *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (DESK_IS_SERVER_INFO (self), NULL);

  if (self->address && strchr (self->address, ':'))
    {
      g_autoptr (GString) escaped = g_string_new (self->address);

      /* a zone ("%eth0") is written "%25eth0" in a URI (RFC 6874) */
      g_string_replace (escaped, "%", "%25", 1);
      host = g_strdup_printf ("[%s]", escaped->str);
    }
  else
    {
      host = g_strdup (self->address ? self->address : self->host);
    }
  return g_strdup_printf ("%s://%s:%u", self->tls_fingerprint ? "https" : "http", host,
                          self->api_port);
}
