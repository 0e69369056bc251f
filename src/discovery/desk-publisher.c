/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-publisher"

#include "desk-i18n.h"
#include "desk-publisher.h"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-glib/glib-watch.h>

/**
 * DeskPublisher:
 *
 * Announces the office server on the LAN over DNS-SD (`_frontdesk._tcp`)
 * so that agent windows find it with no typing. TXT: `name`, `version`,
 * `api` (the HTTP port) and `tls` (the certificate's SHA-256 fingerprint,
 * empty without TLS). Without an Avahi daemon the office runs on, and says
 * once that agents must type its address.
 */
struct _DeskPublisher
{
  GObject parent_instance;

  char *name;
  guint api_port;
  char *tls_fingerprint;

  AvahiGLibPoll *poll;
  AvahiClient *client;
  AvahiEntryGroup *group;
  gboolean published;
};

G_DEFINE_FINAL_TYPE (DeskPublisher, desk_publisher, G_TYPE_OBJECT)

static void publish (DeskPublisher *self);

static void
rename_after_collision (DeskPublisher *self)
{
  char *alternative = avahi_alternative_service_name (self->name);

  g_message ("The name “%s” is taken on this network; trying “%s”", self->name, alternative);
  g_free (self->name);
  self->name = g_strdup (alternative);
  avahi_free (alternative);
}

static void
on_group_state (AvahiEntryGroup      *group,
                AvahiEntryGroupState  state,
                void                 *data)
{
  DeskPublisher *self = data;

  switch (state)
    {
    case AVAHI_ENTRY_GROUP_ESTABLISHED:
      self->published = TRUE;
      g_message ("Published “%s” as %s on port %u", self->name, DESK_SERVICE_TYPE, self->api_port);
      break;
    case AVAHI_ENTRY_GROUP_COLLISION:
      self->published = FALSE;
      rename_after_collision (self);
      avahi_entry_group_reset (group);
      publish (self);
      break;
    case AVAHI_ENTRY_GROUP_FAILURE:
      self->published = FALSE;
      g_message ("Publishing over mDNS failed: %s",
                 avahi_strerror (avahi_client_errno (avahi_entry_group_get_client (group))));
      break;
    default:
      break;
    }
}

static void
publish (DeskPublisher *self)
{
  g_autofree char *txt_name = g_strconcat ("name=", self->name, NULL);
  g_autofree char *txt_api = g_strdup_printf ("api=%u", self->api_port);
  g_autofree char *txt_tls = g_strconcat ("tls=", self->tls_fingerprint ? self->tls_fingerprint : "",
                                          NULL);
  int rc;

  if (self->group == NULL)
    self->group = avahi_entry_group_new (self->client, on_group_state, self);
  if (self->group == NULL)
    {
      g_message ("Cannot make an mDNS entry group: %s",
                 avahi_strerror (avahi_client_errno (self->client)));
      return;
    }

  rc = avahi_entry_group_add_service (self->group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0,
                                      self->name, DESK_SERVICE_TYPE, NULL, NULL,
                                      (guint16) self->api_port, txt_name,
                                      "version=" PACKAGE_VERSION, txt_api, txt_tls, NULL);
  if (rc == AVAHI_ERR_COLLISION)
    {
      rename_after_collision (self);
      publish (self);
      return;
    }
  if (rc < 0 || (rc = avahi_entry_group_commit (self->group)) < 0)
    g_message ("Cannot publish over mDNS: %s", avahi_strerror (rc));
}

static void
on_client_state (AvahiClient      *client,
                 AvahiClientState  state,
                 void             *data)
{
  DeskPublisher *self = data;

  self->client = client;
  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      if (self->group == NULL || avahi_entry_group_is_empty (self->group))
        publish (self);
      break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
      self->published = FALSE;
      if (self->group)
        avahi_entry_group_reset (self->group);
      break;
    case AVAHI_CLIENT_FAILURE:
      self->published = FALSE;
      g_message ("mDNS stopped working: %s", avahi_strerror (avahi_client_errno (client)));
      break;
    default:
      break;
    }
}

static void
desk_publisher_finalize (GObject *object)
{
  DeskPublisher *self = DESK_PUBLISHER (object);

  g_clear_pointer (&self->group, avahi_entry_group_free);
  g_clear_pointer (&self->client, avahi_client_free);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
  g_free (self->name);
  g_free (self->tls_fingerprint);

  G_OBJECT_CLASS (desk_publisher_parent_class)->finalize (object);
}

static void
desk_publisher_class_init (DeskPublisherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = desk_publisher_finalize;
}

static void
desk_publisher_init (DeskPublisher *self)
{
}

DeskPublisher *
desk_publisher_new (const char *name,
                    guint       api_port,
                    const char *tls_fingerprint)
{
  DeskPublisher *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DESK_TYPE_PUBLISHER, NULL);
  self->name = g_strdup (name);
  self->api_port = api_port;
  self->tls_fingerprint = g_strdup (tls_fingerprint);
  return self;
}

/**
 * desk_publisher_start:
 *
 * Starts announcing, and keeps at it as the Avahi daemon comes and goes.
 */
void
desk_publisher_start (DeskPublisher *self)
{
  int error = 0;

  g_return_if_fail (DESK_IS_PUBLISHER (self));
  g_return_if_fail (self->poll == NULL);

  self->poll = avahi_glib_poll_new (NULL, G_PRIORITY_DEFAULT);
  self->client = avahi_client_new (avahi_glib_poll_get (self->poll), AVAHI_CLIENT_NO_FAIL,
                                   on_client_state, self, &error);
  if (self->client == NULL)
    g_message ("mDNS is not available (%s): agents must type this server's address",
               avahi_strerror (error));
}

gboolean
desk_publisher_is_published (DeskPublisher *self)
{
  g_return_val_if_fail (DESK_IS_PUBLISHER (self), FALSE);
  return self->published;
}
