/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx"

#include "config.h"

#include "desk-pbx.h"
#include "desk-pbx-private.h"
#include "desk-pbx-trunk-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <errno.h>
#include <string.h>

/**
 * DeskPbx:
 *
 * The telephony engine as the office layer sees it: a SIP registrar and
 * a back-to-back user agent (call legs, media, prompts, digits) running in
 * a thread of its own. The call commands and signals are documented in
 * desk-pbx-calls.c, the office's SIP trunk in desk-pbx-trunk.c.
 *
 * Commands are plain method calls from the main thread. They return as soon
 * as the engine has the command: the engine applies commands in the order
 * they were given. What the engine has to tell comes back as signals on the
 * main context that was the thread-default one when the object was made.
 *
 * The accounts, the realm and the limits set here are kept by the object
 * and given to the engine again at every start, so they may be set before
 * [method@Pbx.start] as well as after.
 */

enum {
  PROP_0,
  PROP_PORT,
  PROP_REALM,
  PROP_RUNNING,
  N_PROPS
};

enum {
  REGISTRATION_CHANGED,
  AUTH_BLOCKED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

struct _DeskPbx
{
  GObject parent_instance;

  GMainContext *context;
  DeskPbxSink *sink;
  DeskPbxEngine *engine;    /* NULL while stopped */

  GHashTable *accounts;     /* user → password */
  char *realm;
  DeskPbxAuthPolicy policy;
  guint min_expires;
  guint max_expires;
  DeskPbxCallLimits limits;

  DeskPbxCallState call_state;
  DeskPbxTrunkState *trunk;   /* desk-pbx-trunk.c */
};

G_DEFINE_FINAL_TYPE (DeskPbx, desk_pbx, G_TYPE_OBJECT)

static void
sink_clear (gpointer data)
{
  DeskPbxSink *sink = data;

  g_weak_ref_clear (&sink->pbx);
}

DeskPbxSink *
_desk_pbx_sink_new (DeskPbx *pbx)
{
  DeskPbxSink *sink = g_atomic_rc_box_new0 (DeskPbxSink);

  g_weak_ref_init (&sink->pbx, pbx);
  return sink;
}

DeskPbxSink *
_desk_pbx_sink_ref (DeskPbxSink *sink)
{
  return g_atomic_rc_box_acquire (sink);
}

void
_desk_pbx_sink_unref (DeskPbxSink *sink)
{
  g_atomic_rc_box_release_full (sink, sink_clear);
}

void
_desk_pbx_event_free (DeskPbxEvent *event)
{
  g_free (event->user);
  g_free (event->contact);
  g_free (event->source);
  g_free (event->from_uri);
  g_free (event->to_user);
  g_free (event->text);
  g_free (event->detail);
  g_free (event);
}

void
_desk_pbx_dispatch_event (DeskPbx            *self,
                          const DeskPbxEvent *event)
{
  switch (event->type)
    {
    case DESK_PBX_EVENT_REGISTRATION:
      g_signal_emit (self, signals[REGISTRATION_CHANGED], 0, event->user, event->contact,
                     event->source, event->registered);
      break;

    case DESK_PBX_EVENT_AUTH_BLOCKED:
      g_signal_emit (self, signals[AUTH_BLOCKED], 0, event->source);
      break;

    case DESK_PBX_EVENT_TRUNK_STATE:
      _desk_pbx_dispatch_trunk_event (self, event);
      break;

    default:
      _desk_pbx_dispatch_call_event (self, event);
      break;
    }
}

DeskPbxEngine *
_desk_pbx_get_engine (DeskPbx *self)
{
  return self->engine;
}

DeskPbxCallState *
_desk_pbx_get_call_state (DeskPbx *self)
{
  return &self->call_state;
}

DeskPbxTrunkState *
_desk_pbx_get_trunk_state (DeskPbx *self)
{
  return self->trunk;
}

static void
free_password (gpointer data)
{
  char *password = data;

  if (password)
    explicit_bzero (password, strlen (password));
  g_free (password);
}

/* SIP user names as phones type them: letters, digits and the unreserved
 * marks that need no escaping in a URI (RFC 3261 25.1). */
static gboolean
user_is_valid (const char *user)
{
  size_t len = strlen (user);

  if (len == 0 || len > DESK_PBX_USER_MAX)
    return FALSE;

  for (const char *p = user; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-_.!~*'()+", *p))
      return FALSE;

  return TRUE;
}

static gboolean
password_is_valid (const char *password)
{
  size_t len = strlen (password);

  return len > 0 && len <= DESK_PBX_PASSWORD_MAX && g_utf8_validate (password, len, NULL);
}

/* The realm goes inside a quoted string of every challenge. */
static gboolean
realm_is_valid (const char *realm)
{
  size_t len = strlen (realm);

  if (len == 0 || len > DESK_PBX_REALM_MAX)
    return FALSE;

  for (const char *p = realm; *p; p++)
    if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
      return FALSE;

  return TRUE;
}

static gboolean
set_push_error (GError **error,
                int      err)
{
  if (err == EAGAIN || err == EWOULDBLOCK)
    g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                 _("The telephony engine is too busy to take the change; try again"));
  else
    g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                 _("The telephony engine did not take the change: %s"), g_strerror (err));
  return FALSE;
}

static void
set_start_error (GError    **error,
                 int         err,
                 const char *address,
                 guint       port)
{
  const char *where = address ? address : _("all addresses");

  switch (err)
    {
    case EADDRINUSE:
      if (port)
        g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                     _("SIP port %u on %s is already in use"), port, where);
      else
        g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                     _("No port is free for SIP on both UDP and TCP on %s"), where);
      break;

    case EACCES:
    case EPERM:
      g_set_error (error, DESK_ERROR, DESK_ERROR_FORBIDDEN,
                   _("Not allowed to listen on SIP port %u"), port);
      break;

    case EADDRNOTAVAIL:
    case EAFNOSUPPORT:
    case EINVAL:
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Cannot listen for SIP on %s: %s"), where, g_strerror (err));
      break;

    default:
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("Cannot start the telephony engine: %s"), g_strerror (err));
      break;
    }
}

static void
desk_pbx_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DeskPbx *self = DESK_PBX (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, desk_pbx_get_port (self));
      break;

    case PROP_REALM:
      g_value_set_string (value, self->realm);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->engine != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_pbx_constructed (GObject *object)
{
  DeskPbx *self = DESK_PBX (object);

  G_OBJECT_CLASS (desk_pbx_parent_class)->constructed (object);

  self->sink = _desk_pbx_sink_new (self);
}

static void
desk_pbx_dispose (GObject *object)
{
  DeskPbx *self = DESK_PBX (object);

  desk_pbx_stop (self);

  G_OBJECT_CLASS (desk_pbx_parent_class)->dispose (object);
}

static void
desk_pbx_finalize (GObject *object)
{
  DeskPbx *self = DESK_PBX (object);

  g_clear_pointer (&self->sink, _desk_pbx_sink_unref);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->realm, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  _desk_pbx_call_state_clear (&self->call_state);
  g_clear_pointer (&self->trunk, _desk_pbx_trunk_state_free);

  G_OBJECT_CLASS (desk_pbx_parent_class)->finalize (object);
}

static void
desk_pbx_class_init (DeskPbxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = desk_pbx_get_property;
  object_class->constructed = desk_pbx_constructed;
  object_class->dispose = desk_pbx_dispose;
  object_class->finalize = desk_pbx_finalize;

  /**
   * DeskPbx:port:
   *
   * The UDP and TCP port the engine listens on, 0 while stopped.
   */
  props[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                        | G_PARAM_STATIC_STRINGS);

  /**
   * DeskPbx:realm:
   *
   * The digest realm of the registrar's challenges.
   */
  props[PROP_REALM] = g_param_spec_string ("realm", NULL, NULL, DESK_PBX_DEFAULT_REALM,
                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                           | G_PARAM_STATIC_STRINGS);

  /**
   * DeskPbx:running:
   *
   * Whether the engine listens for SIP.
   */
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  _desk_pbx_calls_class_init (object_class);
  _desk_pbx_trunk_class_init (object_class);

  /**
   * DeskPbx::registration-changed:
   * @self: the engine
   * @user: the account's user name
   * @contact_uri: the phone's Contact URI
   * @source_address: where the REGISTER came from, "ip:port" ("[ip6]:port");
   *   calls to the phone go there, whatever host the URI names
   * @registered: %TRUE for a new binding or a phone that moved, %FALSE when
   *   the binding ended (unregistered, expired, account changed, engine stopped)
   *
   * A phone's binding to an account started, moved or ended.
   */
  signals[REGISTRATION_CHANGED] = g_signal_new ("registration-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING,
                                                G_TYPE_STRING, G_TYPE_BOOLEAN);

  /**
   * DeskPbx::auth-blocked:
   * @self: the engine
   * @address: the blocked IPv4 address, or IPv6 prefix ("2001:db8::/64")
   *
   * An address failed digest authentication too often and is refused for a
   * while (see [method@Pbx.set_auth_policy]).
   */
  signals[AUTH_BLOCKED] = g_signal_new ("auth-blocked", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);
}

static void
desk_pbx_init (DeskPbx *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_password);
  self->realm = g_strdup (DESK_PBX_DEFAULT_REALM);
  self->policy = DESK_PBX_AUTH_POLICY_DEFAULT;
  self->min_expires = DESK_PBX_EXPIRES_MIN;
  self->max_expires = DESK_PBX_EXPIRES_MAX;
  self->limits = DESK_PBX_CALL_LIMITS_DEFAULT;
  _desk_pbx_call_state_init (&self->call_state);
  self->trunk = _desk_pbx_trunk_state_new ();
}

/**
 * desk_pbx_new:
 *
 * Returns: (transfer full): a stopped engine
 */
DeskPbx *
desk_pbx_new (void)
{
  return g_object_new (DESK_TYPE_PBX, NULL);
}

/**
 * desk_pbx_start:
 * @self: a #DeskPbx
 * @address: (nullable): the IP address to listen on; %NULL, "0.0.0.0" or
 *   "::" for every address the computer has when it starts
 * @port: the port for both UDP and TCP, or 0 for any port free for both
 * @error: return location for a #GError
 *
 * Starts the engine's thread and waits until it listens.
 *
 * Returns: %TRUE if the engine listens; read the port with
 *   [method@Pbx.get_port]
 */
gboolean
desk_pbx_start (DeskPbx     *self,
                const char  *address,
                guint        port,
                GError     **error)
{
  DeskPbxEngineConfig config;
  int err;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->engine)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT,
                   _("The telephony engine is already running"));
      return FALSE;
    }

  if (port > G_MAXUINT16)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("%u is not a port number"), port);
      return FALSE;
    }

  if (address && !g_hostname_is_ip_address (address))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not an IP address"),
                   address);
      return FALSE;
    }

  config = (DeskPbxEngineConfig) {
    .address = (char *) address,
    .port = port,
    .realm = self->realm,
    .accounts = self->accounts,
    .policy = self->policy,
    .min_expires = self->min_expires,
    .max_expires = self->max_expires,
    .limits = self->limits,
  };

  err = _desk_pbx_engine_start (&config, self->sink, self->context, &self->engine);
  if (err)
    {
      set_start_error (error, err, address, port);
      return FALSE;
    }

  g_debug ("Listening for SIP on port %u", _desk_pbx_engine_get_port (self->engine));
  _desk_pbx_calls_started (self);
  _desk_pbx_trunk_started (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
  return TRUE;
}

/**
 * desk_pbx_stop:
 * @self: a #DeskPbx
 *
 * Stops the engine: every binding ends (with
 * [signal@Pbx::registration-changed]), the sockets close and the thread
 * ends. Does nothing if the engine is stopped. The engine may start again.
 */
void
desk_pbx_stop (DeskPbx *self)
{
  g_return_if_fail (DESK_IS_PBX (self));

  if (!self->engine)
    return;

  _desk_pbx_engine_stop (g_steal_pointer (&self->engine));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

gboolean
desk_pbx_is_running (DeskPbx *self)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);

  return self->engine != NULL;
}

/**
 * desk_pbx_get_port:
 * @self: a #DeskPbx
 *
 * Returns: the port the engine listens on (UDP and TCP), 0 while stopped
 */
guint
desk_pbx_get_port (DeskPbx *self)
{
  g_return_val_if_fail (DESK_IS_PBX (self), 0);

  return self->engine ? _desk_pbx_engine_get_port (self->engine) : 0;
}

const char *
desk_pbx_get_realm (DeskPbx *self)
{
  g_return_val_if_fail (DESK_IS_PBX (self), NULL);

  return self->realm;
}

/**
 * desk_pbx_set_realm:
 * @self: a #DeskPbx
 * @realm: printable ASCII without quotes or backslashes
 * @error: return location for a #GError
 *
 * Sets the realm of new digest challenges. Phones answer the next challenge
 * with it; bindings stay.
 *
 * Returns: %TRUE on success
 */
gboolean
desk_pbx_set_realm (DeskPbx     *self,
                    const char  *realm,
                    GError     **error)
{
  int err;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (realm != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!realm_is_valid (realm))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A SIP realm is 1 to %d printable characters without quotes"),
                   DESK_PBX_REALM_MAX);
      return FALSE;
    }

  if (g_str_equal (realm, self->realm))
    return TRUE;

  if (self->engine && (err = _desk_pbx_engine_set_realm (self->engine, realm)))
    return set_push_error (error, err);

  g_free (self->realm);
  self->realm = g_strdup (realm);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REALM]);
  return TRUE;
}

/**
 * desk_pbx_set_account:
 * @self: a #DeskPbx
 * @user: the SIP user name (letters, digits, `-_.!~*'()+`)
 * @password: the SIP password
 * @error: return location for a #GError
 *
 * Adds an account, or changes its password. A new password ends the
 * account's bindings: phones must register again with it.
 *
 * Returns: %TRUE on success
 */
gboolean
desk_pbx_set_account (DeskPbx     *self,
                      const char  *user,
                      const char  *password,
                      GError     **error)
{
  int err;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!user_is_valid (user))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A SIP user name is 1 to %d letters, digits or -_.!~*'()+"),
                   DESK_PBX_USER_MAX);
      return FALSE;
    }

  if (!password_is_valid (password))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("A SIP password is 1 to %d bytes of text"), DESK_PBX_PASSWORD_MAX);
      return FALSE;
    }

  if (self->engine && (err = _desk_pbx_engine_set_account (self->engine, user, password)))
    return set_push_error (error, err);

  g_hash_table_replace (self->accounts, g_strdup (user), g_strdup (password));
  return TRUE;
}

/**
 * desk_pbx_remove_account:
 * @self: a #DeskPbx
 * @user: the SIP user name
 *
 * Removes an account and ends its bindings. Its phones then get the same
 * answers as any unknown user.
 */
void
desk_pbx_remove_account (DeskPbx    *self,
                         const char *user)
{
  int err;

  g_return_if_fail (DESK_IS_PBX (self));
  g_return_if_fail (user != NULL);

  g_hash_table_remove (self->accounts, user);

  if (self->engine && (err = _desk_pbx_engine_remove_account (self->engine, user)))
    g_warning ("The telephony engine did not remove account %s: %s", user, g_strerror (err));
}

/**
 * desk_pbx_set_auth_policy:
 * @self: a #DeskPbx
 * @max_failures: failed digest answers that block an address (default 10)
 * @window_seconds: ... when they come within this many seconds (default 60)
 * @block_seconds: how long the address is refused (default 600)
 * @error: return location for a #GError
 *
 * Sets how the engine blocks addresses that guess passwords. A blocked
 * address gets 403 Forbidden to every request.
 *
 * Returns: %TRUE on success
 */
gboolean
desk_pbx_set_auth_policy (DeskPbx     *self,
                          guint        max_failures,
                          guint        window_seconds,
                          guint        block_seconds,
                          GError     **error)
{
  DeskPbxAuthPolicy policy = { max_failures, window_seconds, block_seconds };
  int err;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (max_failures < 1 || max_failures > 1000 || window_seconds < 1 || window_seconds > 86400
      || block_seconds < 1 || block_seconds > 7 * 86400)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Blocking needs 1 to 1000 failures within 1 s to 1 day, for 1 s to 7 days"));
      return FALSE;
    }

  if (self->engine && (err = _desk_pbx_engine_set_policy (self->engine, &policy)))
    return set_push_error (error, err);

  self->policy = policy;
  return TRUE;
}

/**
 * desk_pbx_set_expiry_limits:
 * @self: a #DeskPbx
 * @min_seconds: shorter registrations get 423 Interval Too Brief (default 60)
 * @max_seconds: longer ones are granted this much (default 3600)
 * @error: return location for a #GError
 *
 * Sets the registration intervals the registrar grants. Short intervals
 * keep NAT bindings of phones open; long ones cost less traffic.
 *
 * Returns: %TRUE on success
 */
gboolean
desk_pbx_set_expiry_limits (DeskPbx     *self,
                            guint        min_seconds,
                            guint        max_seconds,
                            GError     **error)
{
  int err;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (min_seconds < 1 || min_seconds > max_seconds || max_seconds > 86400)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Registration intervals must satisfy 1 ≤ minimum ≤ maximum ≤ 86400 s"));
      return FALSE;
    }

  if (self->engine && (err = _desk_pbx_engine_set_expiry (self->engine, min_seconds, max_seconds)))
    return set_push_error (error, err);

  self->min_expires = min_seconds;
  self->max_expires = max_seconds;
  return TRUE;
}

/**
 * desk_pbx_set_call_limits:
 * @self: a #DeskPbx
 * @limits: the limits: per source 1 to @max_ringing, in all 1 to 10000,
 *   ring timeout 1 s to 1 day, Retry-After 1 s to 1 day
 * @error: return location for a #GError
 *
 * Sets the limits on inbound calls that ring (see #DeskPbxCallLimits).
 * Calls that already ring keep their place; the ring timeout applies to
 * calls that come in afterwards.
 *
 * Returns: %TRUE on success
 */
gboolean
desk_pbx_set_call_limits (DeskPbx                 *self,
                          const DeskPbxCallLimits *limits,
                          GError                 **error)
{
  int err;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (limits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (limits->max_ringing < 1 || limits->max_ringing > 10000
      || limits->max_ringing_per_source < 1
      || limits->max_ringing_per_source > limits->max_ringing
      || limits->ring_timeout_seconds < 1 || limits->ring_timeout_seconds > 86400
      || limits->retry_after_seconds < 1 || limits->retry_after_seconds > 86400)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID,
                   _("Call limits must satisfy 1 ≤ ringing per address ≤ ringing in all "
                     "≤ 10000, with a ring timeout and a retry interval of 1 s to 1 day"));
      return FALSE;
    }

  if (self->engine && (err = _desk_pbx_engine_set_call_limits (self->engine, limits)))
    return set_push_error (error, err);

  self->limits = *limits;
  return TRUE;
}

/**
 * desk_pbx_get_call_limits:
 * @self: a #DeskPbx
 * @limits: (out caller-allocates): where to store the limits
 *
 * Gets the limits on inbound calls that ring, as last set (the engine may
 * hold the total lower, see #DeskPbxCallLimits).
 */
void
desk_pbx_get_call_limits (DeskPbx           *self,
                          DeskPbxCallLimits *limits)
{
  g_return_if_fail (DESK_IS_PBX (self));
  g_return_if_fail (limits != NULL);

  *limits = self->limits;
}
