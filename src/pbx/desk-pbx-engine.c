/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-engine"

#include "config.h"

#include "desk-pbx-engine-private.h"
#include "desk-pbx-trunk-private.h"
#include "desk-libre-owner-private.h"

#include <string.h>

/* re_dbg.h is not part of re.h and wants these. */
#define DEBUG_MODULE "desk-pbx"
#define DEBUG_LEVEL 0
#include <re_dbg.h>

/* The PBX thread. It owns every libre object and runs re_main(); the GLib
 * side talks to it only through libre's mqueue (a pipe: pushing is safe
 * from any thread) and hears from it through events queued on the main
 * context. Nothing here ever waits for the main loop, so a stalled UI cannot
 * stall SIP or media.
 *
 * Each engine calls re_thread_init(): libre then keeps this thread's poll
 * state and timers apart from any other thread's. Without it every thread
 * shares one global loop state. */

enum {
  MAX_FDS         = 4096,     /* libre's default of 1024 is about 250 calls */
  SIP_HASH_SIZE   = 256,
  PUSH_RETRIES    = 1000,     /* 1 ms apart: the pipe holds ~4000 commands */
};

enum pbx_cmd_id {
  CMD_QUIT = 1,
  CMD_SET_ACCOUNT,
  CMD_REMOVE_ACCOUNT,
  CMD_SET_REALM,
  CMD_SET_POLICY,
  CMD_SET_EXPIRY,
  CMD_CALL,
  CMD_SET_TRUNK,
  CMD_SET_LIMITS,
};

/* Allocated on the GLib side; ownership moves with the message and the PBX
 * thread frees it. */
typedef struct
{
  char *user;
  char *password;
  char *realm;
  DeskPbxAuthPolicy policy;
  guint min_s;
  guint max_s;
  DeskPbxTrunkConfig *trunk;    /* NULL removes the trunk */
  DeskPbxCallLimits limits;
} PbxCommand;

struct _DeskPbxEngine
{
  GThread *thread;
  GMainContext *context;
  DeskPbxSink *sink;
  const DeskPbxEngineConfig *config;  /* borrowed until the thread is ready */

  GMutex lock;
  GCond cond;
  gboolean ready;
  int start_err;
  guint port;

  struct mqueue *mq;                  /* made by the PBX thread before ready */

  /* PBX thread only */
  GMainContext *thread_context;
  struct dnsc *dnsc;
  struct sip *sip;
  struct sip_lsnr *req_lsnr;
  struct sip_lsnr *resp_lsnr;
  struct pbx_auth *auth;
  struct pbx_registrar *reg;
  struct pbx_calls *calls;
  struct pbx_trunk *trunk;
  struct pbx_guard *guard;
};

typedef struct
{
  DeskPbxSink *sink;
  DeskPbxEvent *event;
} QueuedEvent;

static void
command_free (PbxCommand *cmd)
{
  if (!cmd)
    return;

  if (cmd->password)
    explicit_bzero (cmd->password, strlen (cmd->password));
  g_free (cmd->password);
  g_free (cmd->user);
  g_free (cmd->realm);
  _desk_pbx_trunk_config_free (cmd->trunk);
  g_free (cmd);
}

/* libre's debug output, in our log. Its warnings are about the network
 * (a reset connection, a bad packet), not about our program, so they are
 * messages, never GLib warnings. */
static void
on_libre_debug (int         level,
                const char *p,
                size_t      len,
                void       *arg)
{
  GLogLevelFlags glevel;

  while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
    len--;

  if (level <= DBG_WARNING)
    glevel = G_LOG_LEVEL_MESSAGE;
  else if (level <= DBG_INFO)
    glevel = G_LOG_LEVEL_INFO;
  else
    glevel = G_LOG_LEVEL_DEBUG;

  g_log ("desk-pbx-libre", glevel, "%.*s", (int) len, p);
}

static gpointer
init_libre_once (gpointer data)
{
  int err = libre_init ();

  dbg_init (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "desk-pbx-libre")
            ? DBG_NOTICE
            : DBG_DEBUG,
            DBG_NONE);
  dbg_handler_set (on_libre_debug, NULL);

  return GINT_TO_POINTER (err);
}

static gboolean
dispatch_event (gpointer data)
{
  QueuedEvent *q = data;
  g_autoptr (DeskPbx) pbx = g_weak_ref_get (&q->sink->pbx);

  if (pbx)
    _desk_pbx_dispatch_event (pbx, q->event);

  return G_SOURCE_REMOVE;
}

static void
queued_event_free (gpointer data)
{
  QueuedEvent *q = data;

  _desk_pbx_event_free (q->event);
  _desk_pbx_sink_unref (q->sink);
  g_free (q);
}

/* The PBX thread's thread-default context is its own (see engine_thread), so
 * this always queues the event on the main context, even while no thread
 * owns that context; it never runs the signal here. */
static void
engine_emit (DeskPbxEngine *engine,
             DeskPbxEvent  *event)
{
  QueuedEvent *q = g_new0 (QueuedEvent, 1);

  q->sink = _desk_pbx_sink_ref (engine->sink);
  q->event = event;
  g_main_context_invoke_full (engine->context, G_PRIORITY_DEFAULT, dispatch_event, q,
                              queued_event_free);
}

static void
on_binding (const char      *user,
            const char      *contact,
            const struct sa *src,
            bool             registered,
            void            *arg)
{
  DeskPbxEngine *engine = arg;
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);
  char addr[64];

  re_snprintf (addr, sizeof (addr), "%J", src);
  g_debug ("%s %s at %s from %s", user, registered ? "registered" : "unregistered", contact,
           addr);

  event->type = DESK_PBX_EVENT_REGISTRATION;
  event->user = g_strdup (user);
  event->contact = g_strdup (contact);
  event->source = g_strdup (addr);
  event->registered = registered;
  engine_emit (engine, event);
}

static void
on_blocked (const char *address,
            void       *arg)
{
  DeskPbxEngine *engine = arg;
  DeskPbxEvent *event = g_new0 (DeskPbxEvent, 1);

  event->type = DESK_PBX_EVENT_AUTH_BLOCKED;
  event->source = g_strdup (address);
  engine_emit (engine, event);
}

static void
on_call_event (DeskPbxEvent *event,
               void         *arg)
{
  engine_emit (arg, event);
}

/* Call ids are unique for the life of the process, not of one engine: an
 * event that outlives a restart can never be taken for a new call's. */
static guint
new_call_id (void *arg)
{
  static gint last_id;

  return (guint) g_atomic_int_add (&last_id, 1) + 1;
}

static bool
request_is_complete (const struct sip_msg *msg)
{
  return pl_isset (&msg->callid) && pl_isset (&msg->from.auri) && pl_isset (&msg->to.auri)
         && pl_isset (&msg->cseq.met) && 0 == pl_cmp (&msg->cseq.met, &msg->met);
}

static bool
on_sip_request (const struct sip_msg *msg,
                void                 *arg)
{
  DeskPbxEngine *engine = arg;
  struct pl maddr;

  /* libre answers a request at its Via's maddr: a host the request names.
   * We never contact those, so such a request gets no answer at all. */
  if (!pl_isset (&msg->via.sentby) || 0 == msg_param_decode (&msg->via.params, "maddr", &maddr))
    return true;

  pbx_transport_hook_udp (msg, engine->reg);

  if (pbx_auth_is_blocked (engine->auth, &msg->src))
    {
      (void) sip_reply (engine->sip, msg, 403, "Forbidden");
      return true;
    }

  if (pbx_transport_check_request (engine->sip, msg))
    return true;

  if (!request_is_complete (msg))
    {
      (void) sip_reply (engine->sip, msg, 400, "Bad Request");
      return true;
    }

  /* Sessions (desk-pbx-call.c) take these; its listener comes after ours,
   * so the checks above apply to them too. */
  if (0 == pl_strcmp (&msg->met, "INVITE") || 0 == pl_strcmp (&msg->met, "ACK")
      || 0 == pl_strcmp (&msg->met, "BYE") || 0 == pl_strcmp (&msg->met, "INFO")
      || 0 == pl_strcmp (&msg->met, "REFER"))
    return false;

  if (0 == pl_strcmp (&msg->met, "REGISTER"))
    {
      pbx_registrar_handle (engine->reg, msg);
    }
  else if (0 == pl_strcmp (&msg->met, "OPTIONS"))
    {
      /* The same answer whoever is asked: a scanner learns nothing. */
      (void) sip_replyf (engine->sip, msg, 200, "OK",
                         PBX_ALLOW_HDR
                         "Accept: application/sdp\r\n"
                         "Content-Length: 0\r\n"
                         "\r\n");
    }
  else if (0 == pl_strcmp (&msg->met, "CANCEL"))
    {
      /* libre's transactions took every CANCEL that matches a call. */
      (void) sip_reply (engine->sip, msg, 481, "Call/Transaction Does Not Exist");
    }
  else
    {
      (void) sip_replyf (engine->sip, msg, 501, "Not Implemented",
                         PBX_ALLOW_HDR
                         "Content-Length: 0\r\n"
                         "\r\n");
    }

  return true;
}

/* Responses that match no transaction of ours (libre's own listener takes
 * the rest): dropped here rather than printed to stderr by libre. */
static bool
on_sip_response (const struct sip_msg *msg,
                 void                 *arg)
{
  DeskPbxEngine *engine = arg;

  /* Among them the transport's own probe (desk-pbx-transport.c). */
  pbx_transport_hook_udp (msg, engine->reg);
  return true;
}

static void
on_sip_trace (bool                  tx,
              enum sip_transp       tp,
              const struct sa      *src,
              const struct sa      *dst,
              const uint8_t        *pkt,
              size_t                len,
              void                 *arg)
{
  char from[64], to[64];

  re_snprintf (from, sizeof (from), "%J", src);
  re_snprintf (to, sizeof (to), "%J", dst);
  g_log ("desk-pbx-trace", G_LOG_LEVEL_DEBUG, "%s %s %s -> %s\n%.*s", tx ? "send" : "recv",
         sip_transp_name (tp), from, to, (int) len, (const char *) pkt);
}

static void
engine_close (DeskPbxEngine *engine)
{
  /* The office hears that every phone is gone. */
  if (engine->calls)
    pbx_calls_close (engine->calls);
  engine->calls = mem_deref (engine->calls);
  /* Its un-REGISTER goes out, and is cut short by sip_close() below. */
  engine->trunk = mem_deref (engine->trunk);

  if (engine->reg)
    pbx_registrar_drop_all (engine->reg);

  engine->reg = mem_deref (engine->reg);
  engine->req_lsnr = mem_deref (engine->req_lsnr);
  engine->resp_lsnr = mem_deref (engine->resp_lsnr);
  if (engine->sip)
    sip_close (engine->sip, true);
  engine->sip = mem_deref (engine->sip);
  engine->auth = mem_deref (engine->auth);
  engine->dnsc = mem_deref (engine->dnsc);
  /* After the calls, which tell it when they end. */
  engine->guard = mem_deref (engine->guard);
}

static int
engine_open (DeskPbxEngine             *engine,
             const DeskPbxEngineConfig *config)
{
  GHashTableIter iter;
  gpointer user, password;
  int err;

  err = pbx_auth_alloc (&engine->auth, config->realm, &config->policy, on_blocked, engine);
  if (err)
    return err;

  err = pbx_guard_alloc (&engine->guard, &config->limits);
  if (err)
    return err;

  g_hash_table_iter_init (&iter, config->accounts);
  while (g_hash_table_iter_next (&iter, &user, &password))
    {
      bool changed;

      err = pbx_auth_set_account (engine->auth, user, password, &changed);
      if (err)
        return err;
    }

  /* libre's SIP stack wants a DNS client. This one has no servers: the
   * engine never resolves, let alone contacts, a host named in a request. */
  err = dnsc_alloc (&engine->dnsc, NULL, NULL, 0);
  if (err)
    {
      g_message ("No DNS client for SIP (%s); numeric addresses only", g_strerror (err));
      err = 0;
    }

  err = sip_alloc (&engine->sip, engine->dnsc, SIP_HASH_SIZE, SIP_HASH_SIZE, SIP_HASH_SIZE,
                   "Frontdesk " PACKAGE_VERSION, NULL, engine);
  if (err)
    return err;

  err = pbx_registrar_alloc (&engine->reg, engine->sip, engine->auth, on_binding, engine);
  if (err)
    return err;
  pbx_registrar_set_expiry (engine->reg, config->min_expires, config->max_expires);

  err = pbx_transport_bind (engine->sip, config->address, config->port, &engine->port);
  if (err)
    return err;

  err = sip_listen (&engine->req_lsnr, engine->sip, true, on_sip_request, engine);
  if (err)
    return err;

  /* After our request listener: see on_sip_request(). */
  err = pbx_calls_alloc (&engine->calls, engine->sip, engine->auth, engine->reg, new_call_id,
                         on_call_event, engine);
  if (err)
    return err;

  err = sip_listen (&engine->resp_lsnr, engine->sip, false, on_sip_response, engine);
  if (err)
    return err;

  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "desk-pbx-trace"))
    sip_set_trace_handler (engine->sip, on_sip_trace);

  return 0;
}

static void
on_command (int   id,
            void *data,
            void *arg)
{
  DeskPbxEngine *engine = arg;
  PbxCommand *cmd = data;
  bool changed = false;
  int err = 0;

  switch (id)
    {
    case CMD_QUIT:
      engine_close (engine);
      re_cancel ();
      break;

    case CMD_SET_ACCOUNT:
      err = pbx_auth_set_account (engine->auth, cmd->user, cmd->password, &changed);
      /* A new password voids the phones registered with the old one. */
      if (!err && changed)
        pbx_registrar_drop_user (engine->reg, cmd->user);
      break;

    case CMD_REMOVE_ACCOUNT:
      (void) pbx_auth_remove_account (engine->auth, cmd->user);
      pbx_registrar_drop_user (engine->reg, cmd->user);
      break;

    case CMD_SET_REALM:
      err = pbx_auth_set_realm (engine->auth, cmd->realm);
      break;

    case CMD_SET_POLICY:
      pbx_auth_set_policy (engine->auth, &cmd->policy);
      break;

    case CMD_SET_EXPIRY:
      pbx_registrar_set_expiry (engine->reg, cmd->min_s, cmd->max_s);
      break;

    case CMD_CALL:
      if (engine->calls)
        pbx_calls_command (engine->calls, data);
      _desk_pbx_call_command_free (data);
      return;

    case CMD_SET_TRUNK:
      /* The old trunk un-registers; its calls go on until they end. */
      pbx_calls_set_trunk (engine->calls, NULL);
      engine->trunk = mem_deref (engine->trunk);
      if (cmd->trunk && engine->sip)
        err = pbx_trunk_alloc (&engine->trunk, engine->sip, cmd->trunk, on_call_event, engine);
      pbx_calls_set_trunk (engine->calls, engine->trunk);
      break;

    case CMD_SET_LIMITS:
      pbx_guard_set_limits (engine->guard, &cmd->limits);
      break;

    default:
      g_critical ("Unknown PBX command %d", id);
      break;
    }

  if (err)
    g_message ("PBX command %d failed: %s", id, g_strerror (err));

  command_free (cmd);
}

static gpointer
engine_thread (gpointer data)
{
  DeskPbxEngine *engine = data;
  int err;

  /* GLib code in this thread must never attach to the main context by
   * accident, and g_main_context_invoke_full() must always queue. */
  engine->thread_context = g_main_context_new ();
  g_main_context_push_thread_default (engine->thread_context);

  err = re_thread_init ();
  if (err)
    goto out;

  err = fd_setsize (MAX_FDS);
  if (err)
    goto out;

  err = mqueue_alloc (&engine->mq, on_command, engine);
  if (err)
    goto out;

  err = engine_open (engine, engine->config);

out:
  if (err)
    engine_close (engine);

  g_mutex_lock (&engine->lock);
  engine->start_err = err;
  engine->ready = TRUE;
  g_cond_signal (&engine->cond);
  g_mutex_unlock (&engine->lock);

  if (!err)
    {
      err = re_main (NULL);
      if (err)
        g_message ("The PBX loop stopped: %s", g_strerror (err));
      engine_close (engine);
    }

  engine->mq = mem_deref (engine->mq);
  re_thread_close ();

  g_main_context_pop_thread_default (engine->thread_context);
  g_clear_pointer (&engine->thread_context, g_main_context_unref);
  return NULL;
}

static void
engine_free (DeskPbxEngine *engine)
{
  g_mutex_clear (&engine->lock);
  g_cond_clear (&engine->cond);
  g_main_context_unref (engine->context);
  _desk_pbx_sink_unref (engine->sink);
  g_free (engine);
}

int
_desk_pbx_engine_start (const DeskPbxEngineConfig *config,
                        DeskPbxSink               *sink,
                        GMainContext              *context,
                        DeskPbxEngine            **enginep)
{
  static GOnce libre_once = G_ONCE_INIT;
  g_autoptr (GError) error = NULL;
  DeskPbxEngine *engine;
  int err;

  err = GPOINTER_TO_INT (g_once (&libre_once, init_libre_once, NULL));
  if (!err)
    err = _desk_libre_claim (DESK_LIBRE_OWNER_PBX);
  if (err)
    return err;

  engine = g_new0 (DeskPbxEngine, 1);
  g_mutex_init (&engine->lock);
  g_cond_init (&engine->cond);
  engine->context = g_main_context_ref (context);
  engine->sink = _desk_pbx_sink_ref (sink);
  engine->config = config;

  engine->thread = g_thread_try_new ("desk-pbx", engine_thread, engine, &error);
  if (!engine->thread)
    {
      g_message ("Cannot start the PBX thread: %s", error->message);
      engine_free (engine);
      _desk_libre_release (DESK_LIBRE_OWNER_PBX);
      return EAGAIN;
    }

  g_mutex_lock (&engine->lock);
  while (!engine->ready)
    g_cond_wait (&engine->cond, &engine->lock);
  err = engine->start_err;
  g_mutex_unlock (&engine->lock);

  engine->config = NULL;

  if (err)
    {
      g_thread_join (engine->thread);
      engine_free (engine);
      _desk_libre_release (DESK_LIBRE_OWNER_PBX);
      return err;
    }

  *enginep = engine;
  return 0;
}

void
_desk_pbx_engine_stop (DeskPbxEngine *engine)
{
  int err;

  /* The pipe drains as the PBX thread reads it; QUIT must get through. */
  while ((err = mqueue_push (engine->mq, CMD_QUIT, NULL)) == EAGAIN || err == EINTR)
    g_usleep (1000);

  if (err)
    {
      g_critical ("Cannot stop the PBX thread: %s", g_strerror (err));
      return;
    }

  g_thread_join (engine->thread);
  engine_free (engine);
  _desk_libre_release (DESK_LIBRE_OWNER_PBX);
}

guint
_desk_pbx_engine_get_port (DeskPbxEngine *engine)
{
  return engine->port;
}

static int
engine_push (DeskPbxEngine *engine,
             int            id,
             PbxCommand    *cmd)
{
  int err;

  for (int i = 0;; i++)
    {
      err = mqueue_push (engine->mq, id, cmd);
      if ((err != EAGAIN && err != EINTR) || i >= PUSH_RETRIES)
        break;
      g_usleep (1000);
    }

  if (err)
    command_free (cmd);

  return err;
}

int
_desk_pbx_engine_set_account (DeskPbxEngine *engine,
                              const char    *user,
                              const char    *password)
{
  PbxCommand *cmd = g_new0 (PbxCommand, 1);

  cmd->user = g_strdup (user);
  cmd->password = g_strdup (password);
  return engine_push (engine, CMD_SET_ACCOUNT, cmd);
}

int
_desk_pbx_engine_remove_account (DeskPbxEngine *engine,
                                 const char    *user)
{
  PbxCommand *cmd = g_new0 (PbxCommand, 1);

  cmd->user = g_strdup (user);
  return engine_push (engine, CMD_REMOVE_ACCOUNT, cmd);
}

int
_desk_pbx_engine_set_realm (DeskPbxEngine *engine,
                            const char    *realm)
{
  PbxCommand *cmd = g_new0 (PbxCommand, 1);

  cmd->realm = g_strdup (realm);
  return engine_push (engine, CMD_SET_REALM, cmd);
}

int
_desk_pbx_engine_set_policy (DeskPbxEngine           *engine,
                             const DeskPbxAuthPolicy *policy)
{
  PbxCommand *cmd = g_new0 (PbxCommand, 1);

  cmd->policy = *policy;
  return engine_push (engine, CMD_SET_POLICY, cmd);
}

int
_desk_pbx_engine_set_expiry (DeskPbxEngine *engine,
                             guint          min_s,
                             guint          max_s)
{
  PbxCommand *cmd = g_new0 (PbxCommand, 1);

  cmd->min_s = min_s;
  cmd->max_s = max_s;
  return engine_push (engine, CMD_SET_EXPIRY, cmd);
}

int
_desk_pbx_engine_call (DeskPbxEngine      *engine,
                       DeskPbxCallCommand *cmd)
{
  int err;

  for (int i = 0;; i++)
    {
      err = mqueue_push (engine->mq, CMD_CALL, cmd);
      if ((err != EAGAIN && err != EINTR) || i >= PUSH_RETRIES)
        break;
      g_usleep (1000);
    }

  if (err)
    _desk_pbx_call_command_free (cmd);

  return err;
}

int
_desk_pbx_engine_set_trunk (DeskPbxEngine      *engine,
                            DeskPbxTrunkConfig *config)
{
  PbxCommand *cmd = g_new0 (PbxCommand, 1);

  cmd->trunk = config;
  return engine_push (engine, CMD_SET_TRUNK, cmd);
}

int
_desk_pbx_engine_set_call_limits (DeskPbxEngine           *engine,
                                  const DeskPbxCallLimits *limits)
{
  PbxCommand *cmd = g_new0 (PbxCommand, 1);

  cmd->limits = *limits;
  return engine_push (engine, CMD_SET_LIMITS, cmd);
}

/* The calls' event argument is the engine (engine_open). */
struct pbx_guard *
pbx_engine_guard (void *engine_arg)
{
  DeskPbxEngine *engine = engine_arg;

  return engine ? engine->guard : NULL;
}

guint
_desk_pbx_engine_new_call_id (DeskPbxEngine *engine)
{
  return new_call_id (engine);
}
