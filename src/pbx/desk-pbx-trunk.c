/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx"

#include "config.h"

#include "desk-pbx.h"
#include "desk-pbx-trunk-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <gio/gio.h>

#include <errno.h>
#include <string.h>

/* The trunk half of DeskPbx: the office's account at its SIP provider, as
 * the office configures it, and the one way out to the telephone network.
 * The PBX thread's side (registration, the provider's INVITEs, outgoing
 * legs, and the toll-fraud guarantee) is in desk-pbx-trunk-sip.c.
 *
 * The engine resolves no names, so a provider known by name is looked up
 * here, on the main context, and the engine gets its address. The facade
 * keeps the trunk and gives it to the engine again at every start. */

enum {
  TRUNK_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _DeskPbxTrunkState
{
  DeskPbxTrunkConfig *config;   /* NULL: no trunk; address NULL while resolving */
  char *lookup_host;            /* the name being resolved ... */
  guint lookup_port;            /* ... and the port to use with its address */
  GCancellable *lookup;
  gboolean registered;
};

/* A lookup holds the facade until it is done or cancelled. */
typedef struct
{
  DeskPbx *pbx;
} Lookup;

DeskPbxTrunkState *
_desk_pbx_trunk_state_new (void)
{
  return g_new0 (DeskPbxTrunkState, 1);
}

static void
cancel_lookup (DeskPbxTrunkState *state)
{
  g_cancellable_cancel (state->lookup);
  g_clear_object (&state->lookup);
  g_clear_pointer (&state->lookup_host, g_free);
}

void
_desk_pbx_trunk_state_free (DeskPbxTrunkState *state)
{
  cancel_lookup (state);
  g_clear_pointer (&state->config, _desk_pbx_trunk_config_free);
  g_free (state);
}

void
_desk_pbx_trunk_class_init (GObjectClass *klass)
{
  /**
   * DeskPbx::trunk-state-changed:
   * @self: the engine
   * @registered: whether the office is registered at its SIP provider
   * @status_code: the provider's last answer to a REGISTER (200, 401, 403,
   *   503...), or 0 when none came (no answer, the provider's name could
   *   not be resolved, the trunk was removed)
   * @reason: the provider's reason phrase, or what went wrong
   *
   * The trunk's registration started, ended or failed differently. A
   * refresh that succeeds as before emits nothing. The engine retries a
   * failed registration by itself, waiting longer after each failure.
   */
  signals[TRUNK_STATE_CHANGED] = g_signal_new ("trunk-state-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 3, G_TYPE_BOOLEAN, G_TYPE_UINT,
                                               G_TYPE_STRING);
}

void
_desk_pbx_dispatch_trunk_event (DeskPbx            *self,
                                const DeskPbxEvent *event)
{
  _desk_pbx_get_trunk_state (self)->registered = event->registered;
  g_signal_emit (self, signals[TRUNK_STATE_CHANGED], 0, event->registered, event->code,
                 event->text);
}

/* Checks -------------------------------------------------------------------- */

/* SIP user names as providers issue them (RFC 3261 25.1 unreserved marks;
 * nothing that needs escaping in a URI). */
static gboolean
is_user (const char *s,
         gsize       max)
{
  gsize len = s ? strlen (s) : 0;

  if (len == 0 || len > max)
    return FALSE;

  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-_.!~*'()+", *p))
      return FALSE;

  return TRUE;
}

/* A number to call: digits, "*" and "#", with an optional leading "+". */
static gboolean
is_number (const char *s)
{
  const char *digits = s && *s == '+' ? s + 1 : s;
  gsize len = digits ? strlen (digits) : 0;

  return len > 0 && len <= DESK_PBX_TRUNK_NUMBER_MAX && strspn (digits, "0123456789*#") == len
         && strpbrk (digits, "0123456789");
}

/* The caller ID shown to the called party: the same characters as
 * desk_pbx_ring()'s. */
static gboolean
is_caller_id (const char *s)
{
  gsize len = s ? strlen (s) : 0;

  return len > 0 && len <= DESK_PBX_USER_MAX
         && strspn (s, "0123456789+*#abcdefghijklmnopqrstuvwxyz"
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.") == len;
}

static gboolean
is_host_name (const char *host)
{
  gsize len = strlen (host);
  gsize label = 0;

  if (len == 0 || len > 253)
    return FALSE;

  for (const char *p = host; *p; p++)
    {
      if (*p == '.')
        {
          if (label == 0 || p[-1] == '-')
            return FALSE;
          label = 0;
          continue;
        }
      if (!g_ascii_isalnum (*p) && !(*p == '-' && label > 0))
        return FALSE;
      if (++label > 63)
        return FALSE;
    }

  return label > 0 && host[len - 1] != '-';
}

/* "host", "host:port", "[ip6]" or "[ip6]:port". The host comes back
 * without brackets; port 0 if none was given. */
static gboolean
parse_host_port (const char  *text,
                 char       **hostp,
                 guint       *portp)
{
  g_autofree char *host = NULL;
  const char *rest;
  guint64 port = 0;

  if (!text || !*text || strlen (text) > 260)
    return FALSE;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (!end)
        return FALSE;
      host = g_strndup (text + 1, end - text - 1);
      if (!strchr (host, ':') || !g_hostname_is_ip_address (host))
        return FALSE;
      rest = end + 1;
    }
  else
    {
      const char *colon = strchr (text, ':');

      /* An IPv6 address needs its brackets to carry a port. */
      if (colon && strchr (colon + 1, ':'))
        return FALSE;
      host = colon ? g_strndup (text, colon - text) : g_strdup (text);
      if (!g_hostname_is_ip_address (host) && !is_host_name (host))
        return FALSE;
      rest = colon ? colon : text + strlen (text);
    }

  if (*rest == ':')
    {
      char *end = NULL;

      if (!g_ascii_isdigit (rest[1]))
        return FALSE;
      port = g_ascii_strtoull (rest + 1, &end, 10);
      if (*end || port == 0 || port > G_MAXUINT16)
        return FALSE;
    }
  else if (*rest)
    {
      return FALSE;
    }

  *hostp = g_steal_pointer (&host);
  *portp = (guint) port;
  return TRUE;
}

static char *
format_address (const char *ip,
                guint       port)
{
  return strchr (ip, ':') ? g_strdup_printf ("[%s]:%u", ip, port)
                          : g_strdup_printf ("%s:%u", ip, port);
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, DESK_ERROR, DESK_ERROR_INVALID, message);
  return FALSE;
}

/* Engine ------------------------------------------------------------------ */

static gboolean
push_trunk (DeskPbx                  *self,
            const DeskPbxTrunkConfig *config,
            GError                  **error)
{
  DeskPbxEngine *engine = _desk_pbx_get_engine (self);
  int err;

  if (!engine)
    return TRUE;

  err = _desk_pbx_engine_set_trunk (engine, config ? _desk_pbx_trunk_config_copy (config) : NULL);
  if (!err)
    return TRUE;

  if (err == EAGAIN || err == EWOULDBLOCK)
    g_set_error (error, DESK_ERROR, DESK_ERROR_LIMIT,
                 _("The telephony engine is too busy to take the change; try again"));
  else
    g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                 _("The telephony engine did not take the change: %s"), g_strerror (err));
  return FALSE;
}

void
_desk_pbx_trunk_started (DeskPbx *self)
{
  DeskPbxTrunkState *state = _desk_pbx_get_trunk_state (self);
  g_autoptr (GError) error = NULL;

  if (state->config && state->config->address && !push_trunk (self, state->config, &error))
    g_warning ("The telephony engine did not take the SIP trunk: %s", error->message);
}

/* Prefers IPv4: most providers' edges are, and so is most of our SIP. */
static GInetAddress *
pick_address (GList *addresses)
{
  for (GList *l = addresses; l; l = l->next)
    if (g_inet_address_get_family (l->data) == G_SOCKET_FAMILY_IPV4)
      return l->data;

  return addresses ? addresses->data : NULL;
}

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Lookup *lookup = data;
  g_autoptr (DeskPbx) self = lookup->pbx;
  g_autoptr (GError) error = NULL;
  GList *addresses;
  DeskPbxTrunkState *state;

  g_free (lookup);
  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  state = _desk_pbx_get_trunk_state (self);
  if (!state->config || state->config->address)
    {
      /* Replaced or removed meanwhile (the cancellation lost the race). */
      g_resolver_free_addresses (addresses);
      return;
    }

  if (!addresses)
    {
      g_autofree char *why = g_strdup_printf (_("Cannot find the SIP provider “%s”: %s"),
                                              state->lookup_host, error->message);

      g_message ("%s", why);
      g_clear_object (&state->lookup);
      state->registered = FALSE;
      g_signal_emit (self, signals[TRUNK_STATE_CHANGED], 0, FALSE, 0, why);
      return;
    }

  {
    g_autofree char *ip = g_inet_address_to_string (pick_address (addresses));

    state->config->address = format_address (ip, state->lookup_port);
    g_debug ("The SIP provider %s is at %s", state->lookup_host, state->config->address);
  }
  g_resolver_free_addresses (addresses);
  g_clear_object (&state->lookup);

  if (!push_trunk (self, state->config, &error))
    g_warning ("The telephony engine did not take the SIP trunk: %s", error->message);
}

/* Public API ---------------------------------------------------------------- */

/**
 * desk_pbx_set_trunk:
 * @self: a #DeskPbx
 * @trunk: the trunk
 * @error: return location for a #GError
 *
 * Sets the office's SIP trunk, replacing any other (which un-registers;
 * its calls go on). If @trunk asks for it, the engine registers with the
 * provider, answers its digest challenges and refreshes the registration;
 * [signal@Pbx::trunk-state-changed] tells how that goes.
 *
 * From then on, an INVITE from the trunk's address (the registrar's, or
 * the outbound proxy's) or to the contact the engine registered is an
 * office call: [signal@Pbx::call-incoming] with the number dialled, and
 * [method@Pbx.call_is_from_trunk] says so. Calls out go only through
 * [method@Pbx.dial_out].
 *
 * A provider known by name is looked up (its address records; not SRV)
 * on the thread-default main context; a failure comes as
 * [signal@Pbx::trunk-state-changed]. Kept across restarts of the engine.
 *
 * Returns: %TRUE if the trunk is valid and the engine took it
 */
gboolean
desk_pbx_set_trunk (DeskPbx            *self,
                    const DeskPbxTrunk *trunk,
                    GError            **error)
{
  DeskPbxTrunkState *state;
  g_autoptr (DeskPbxTrunkConfig) config = NULL;
  g_autofree char *host = NULL;
  g_autofree char *proxy_host = NULL;
  guint port = 0, proxy_port = 0;
  const char *target;
  guint target_port;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (trunk != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_host_port (trunk->registrar, &host, &port))
    return invalid (error, _("The SIP provider’s registrar is a host name or IP address, "
                             "with a port if not 5060"));
  if (trunk->outbound_proxy && *trunk->outbound_proxy
      && !parse_host_port (trunk->outbound_proxy, &proxy_host, &proxy_port))
    return invalid (error, _("The outbound proxy is a host name or IP address, "
                             "with a port if not 5060"));
  if (!is_user (trunk->username, DESK_PBX_USER_MAX)
      || (trunk->auth_user && *trunk->auth_user
          && !is_user (trunk->auth_user, DESK_PBX_USER_MAX)))
    return invalid (error, _("A SIP trunk user name is letters, digits or -_.!~*'()+"));
  if (!trunk->password || !*trunk->password || strlen (trunk->password) > DESK_PBX_PASSWORD_MAX
      || !g_utf8_validate (trunk->password, -1, NULL))
    return invalid (error, _("The SIP trunk needs its password (at most 128 bytes of text)"));
  if (trunk->caller_id && *trunk->caller_id && !is_caller_id (trunk->caller_id))
    return invalid (error, _("A caller ID is a number, or letters and digits"));
  if (trunk->expires != 0 && (trunk->expires < DESK_PBX_TRUNK_EXPIRES_MIN
                              || trunk->expires > DESK_PBX_TRUNK_EXPIRES_MAX))
    return invalid (error, _("A trunk registers for 60 s to 1 day"));

  config = g_new0 (DeskPbxTrunkConfig, 1);
  /* The domain as given: providers compare it with their own name. */
  config->domain = strchr (host, ':') ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  if (port)
    {
      char *domain = g_strdup_printf ("%s:%u", config->domain, port);

      g_free (config->domain);
      config->domain = domain;
    }
  config->username = g_strdup (trunk->username);
  config->auth_user = trunk->auth_user && *trunk->auth_user ? g_strdup (trunk->auth_user) : NULL;
  config->password = g_strdup (trunk->password);
  config->caller_id = trunk->caller_id && *trunk->caller_id ? g_strdup (trunk->caller_id) : NULL;
  config->registration = trunk->registration;
  config->expires = trunk->expires ? trunk->expires : DESK_PBX_TRUNK_EXPIRES_DEFAULT;

  target = proxy_host ? proxy_host : host;
  target_port = proxy_host ? proxy_port : port;
  if (target_port == 0)
    target_port = DESK_PBX_TRUNK_PORT_DEFAULT;
  config->route = proxy_host || !g_hostname_is_ip_address (host);
  if (g_hostname_is_ip_address (target))
    config->address = format_address (target, target_port);

  /* Until a name resolves, the engine has no trunk rather than the old one. */
  if (!push_trunk (self, config->address ? config : NULL, error))
    return FALSE;

  state = _desk_pbx_get_trunk_state (self);
  cancel_lookup (state);
  g_clear_pointer (&state->config, _desk_pbx_trunk_config_free);
  state->config = g_steal_pointer (&config);

  if (!state->config->address)
    {
      g_autoptr (GResolver) resolver = g_resolver_get_default ();
      Lookup *lookup = g_new0 (Lookup, 1);

      lookup->pbx = g_object_ref (self);
      state->lookup = g_cancellable_new ();
      state->lookup_host = g_strdup (target);
      state->lookup_port = target_port;
      g_resolver_lookup_by_name_async (resolver, target, state->lookup, on_lookup_done, lookup);
    }

  return TRUE;
}

/**
 * desk_pbx_clear_trunk:
 * @self: a #DeskPbx
 *
 * Removes the SIP trunk: the engine un-registers, the provider's INVITEs
 * become calls like any other and nothing more can be dialled out. Calls
 * already made go on.
 */
void
desk_pbx_clear_trunk (DeskPbx *self)
{
  DeskPbxTrunkState *state;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (DESK_IS_PBX (self));

  state = _desk_pbx_get_trunk_state (self);
  if (!state->config)
    return;

  cancel_lookup (state);
  g_clear_pointer (&state->config, _desk_pbx_trunk_config_free);
  if (!push_trunk (self, NULL, &error))
    g_warning ("The telephony engine did not remove the SIP trunk: %s", error->message);
}

/**
 * desk_pbx_has_trunk:
 * @self: a #DeskPbx
 *
 * Returns: whether a SIP trunk is set
 */
gboolean
desk_pbx_has_trunk (DeskPbx *self)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);

  return _desk_pbx_get_trunk_state (self)->config != NULL;
}

/**
 * desk_pbx_trunk_is_registered:
 * @self: a #DeskPbx
 *
 * Returns: whether the trunk is registered, as the last
 *   [signal@Pbx::trunk-state-changed] said
 */
gboolean
desk_pbx_trunk_is_registered (DeskPbx *self)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);

  return _desk_pbx_get_trunk_state (self)->registered;
}

/**
 * desk_pbx_dial_out:
 * @self: a #DeskPbx
 * @number: the number to call: digits, `*` and `#`, with an optional
 *   leading `+` (at most 32 digits)
 * @caller_id: (nullable): the From user the called party sees, instead of
 *   the trunk's caller ID
 * @error: return location for a #GError
 *
 * Calls a number through the SIP trunk: an outgoing leg to the provider,
 * answering its digest challenge with the trunk's credentials. Like a leg
 * made with [method@Pbx.ring]: [signal@Pbx::call-ringing],
 * [signal@Pbx::call-answered] (with no user) or [signal@Pbx::call-ended]
 * (the provider's refusal, 408 after 3 minutes without an answer, 503 if
 * the trunk was removed in the meantime) follow, and the office bridges
 * it to whom it chooses.
 *
 * This is the only way a call reaches the trunk: the engine never routes
 * one there by itself, whoever calls it and whatever they dial. Only the
 * office layer may call this, for a callback, a campaign, or an operator
 * it has authenticated (see the @authenticated_user of
 * [signal@Pbx::call-incoming]); never on behalf of an outside caller.
 *
 * Returns: the new call's id, or 0 on error
 */
guint
desk_pbx_dial_out (DeskPbx     *self,
                   const char  *number,
                   const char  *caller_id,
                   GError     **error)
{
  DeskPbxTrunkState *state;
  DeskPbxEngine *engine;
  DeskPbxCallCommand *cmd;
  guint call_id;

  g_return_val_if_fail (DESK_IS_PBX (self), 0);
  g_return_val_if_fail (number != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!is_number (number))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not a number to call"),
                   number);
      return 0;
    }

  if (caller_id && !is_caller_id (caller_id))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_INVALID, _("“%s” is not a caller ID"),
                   caller_id);
      return 0;
    }

  state = _desk_pbx_get_trunk_state (self);
  if (!state->config)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND, _("No SIP trunk is set"));
      return 0;
    }

  engine = _desk_pbx_get_engine (self);
  if (!engine)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED, _("The telephony engine is not running"));
      return 0;
    }

  if (!state->config->address)
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_FAILED,
                   _("The SIP provider’s address is not known yet"));
      return 0;
    }

  call_id = _desk_pbx_engine_new_call_id (engine);
  cmd = g_new0 (DeskPbxCallCommand, 1);
  cmd->op = DESK_PBX_CALL_DIAL_OUT;
  cmd->call_id = call_id;
  cmd->number = g_strdup (number);
  cmd->caller_id = g_strdup (caller_id);

  if (!_desk_pbx_push_call_command (self, cmd, error))
    return 0;

  g_debug ("Call %u to %s through the SIP trunk", call_id, number);
  _desk_pbx_calls_add_outgoing (self, call_id);
  return call_id;
}
