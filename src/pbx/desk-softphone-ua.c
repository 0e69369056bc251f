/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-softphone"

#include "config.h"

#include "desk-softphone-private.h"
#include "desk-i18n.h"

#include <string.h>

#define DEBUG_MODULE "desk-softphone"
#define DEBUG_LEVEL 0
#include <re_dbg.h>

/* The softphone's SIP thread: one user agent that registers at the
 * office's PBX with the operator's account, takes the calls the PBX rings
 * it with and makes calls through it.
 *
 * As in the PBX engine (desk-pbx-engine.c), this thread owns every libre
 * object and runs re_main(); the GLib side reaches it only through the
 * mqueue, and hears from it only through the event handler, which queues
 * events on the GLib side's main context and never waits.
 *
 * Only the PBX we registered at may ring us: an INVITE from any other
 * address is refused, so that nobody else on the LAN can make an
 * operator's computer ring. */

#define ALLOW_HDR "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"

enum {
  REG_EXPIRES_S  = 300,
  MAX_CALLS      = 4,
  TICK_MS        = 20,
  QUIT_WAIT_MS   = 3000,   /* for the un-REGISTER and the BYEs to be answered */
  PUSH_RETRIES   = 1000,
  URI_MAX        = 256,
};

struct _SoftphoneUa
{
  GThread *thread;
  GMutex lock;
  GCond cond;
  gboolean ready;
  int start_err;
  guint port;
  struct mqueue *mq;

  SoftphoneAudio *audio;
  UaEventFunc eventh;
  gpointer arg;
  char *server_ip;
  guint server_port;
  char *local_ip;
  char *user;
  char *password;

  /* SIP thread only */
  GMainContext *thread_context;
  struct dnsc *dnsc;
  struct sip *sip;
  struct sip_lsnr *lsnr;
  struct sipsess_sock *sock;
  struct sipreg *reg;
  struct sa server;
  struct sa laddr;
  char *cuser;
  char aor[URI_MAX];
  struct list calls;
  struct tmr tmr_tick;
  struct tmr tmr_reg;
  struct tmr tmr_quit;
  uint64_t tick_next;
  bool registered;
  bool reg_told;
  uint16_t reg_scode;
  bool quitting;
  bool sip_exited;
};

enum call_state {
  CALL_RINGING,
  CALL_UP,
  CALL_ENDED,
};

struct sp_call {
  struct le le;
  SoftphoneUa *ua;
  guint id;
  struct sipsess *sess;
  struct sp_media *media;
  enum call_state state;
  bool inbound;
  bool offered;           /* the INVITE carried an SDP offer */
  bool held;
  struct tmr tmr_free;
};

void
_desk_softphone_ua_event_free (UaEvent *event)
{
  if (!event)
    return;

  g_free (event->text);
  g_free (event->number);
  g_free (event->name);
  g_free (event);
}

static void
emit (SoftphoneUa *ua,
      UaEvent     *event)
{
  ua->eventh (event, ua->arg);
}

static void
emit_state (struct sp_call        *call,
            DeskSoftphoneCallState state)
{
  UaEvent *event = g_new0 (UaEvent, 1);

  event->type = UA_EVENT_STATE;
  event->call_id = call->id;
  event->state = state;
  emit (call->ua, event);
}

static void
on_libre_debug (int         level,
                const char *p,
                size_t      len,
                void       *arg)
{
  while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
    len--;

  g_log ("desk-softphone-libre", G_LOG_LEVEL_DEBUG, "%.*s", (int) len, p);
}

static gpointer
init_libre_once (gpointer data)
{
  int err = libre_init ();

  /* Into our log only, never onto the terminal. */
  dbg_init (DBG_INFO, DBG_NONE);
  dbg_handler_set (on_libre_debug, NULL);
  return GINT_TO_POINTER (err);
}

static int
on_auth (char      **username,
         char      **password,
         const char *realm,
         void       *arg)
{
  SoftphoneUa *ua = arg;
  int err;

  err = str_dup (username, ua->user);
  if (err)
    return err;

  err = str_dup (password, ua->password);
  if (err)
    *username = mem_deref (*username);

  return err;
}

/* Calls -------------------------------------------------------------------- */

static void tick_start (SoftphoneUa *ua);

static void
call_destructor (void *arg)
{
  struct sp_call *call = arg;

  tmr_cancel (&call->tmr_free);
  list_unlink (&call->le);
  /* Sends BYE or CANCEL if the session still lives. */
  mem_deref (call->sess);
  mem_deref (call->media);
}

static void
call_free_later (void *arg)
{
  mem_deref (arg);
}

/* Never frees the call at once: this may run inside one of its session's
 * handlers. */
static void
call_end (struct sp_call *call,
          guint           code,
          const char     *cause)
{
  UaEvent *event;

  if (call->state == CALL_ENDED)
    return;

  call->state = CALL_ENDED;
  event = g_new0 (UaEvent, 1);
  event->type = UA_EVENT_ENDED;
  event->call_id = call->id;
  event->code = code;
  event->text = g_strdup (cause);
  emit (call->ua, event);

  tmr_start (&call->tmr_free, 0, call_free_later, call);
}

static struct sp_call *
call_find (SoftphoneUa *ua,
           guint        id)
{
  for (struct le *le = list_head (&ua->calls); le; le = le->next)
    {
      struct sp_call *call = le->data;

      if (call->id == id && call->state != CALL_ENDED)
        return call;
    }

  return NULL;
}

static int
call_alloc (struct sp_call **callp,
            SoftphoneUa     *ua,
            guint            id,
            bool             inbound,
            const struct sa *laddr)
{
  struct sp_call *call = mem_zalloc (sizeof (*call), call_destructor);
  int err;

  if (!call)
    return ENOMEM;

  call->ua = ua;
  call->id = id;
  call->inbound = inbound;
  call->state = CALL_RINGING;

  err = sp_media_alloc (&call->media, laddr);
  if (err)
    {
      mem_deref (call);
      return err;
    }

  list_append (&ua->calls, &call->le, call);
  *callp = call;
  return 0;
}

/* The PBX's offer, in its INVITE or in a re-INVITE. */
static int
on_offer (struct mbuf         **descp,
          const struct sip_msg *msg,
          void                 *arg)
{
  struct sp_call *call = arg;
  int err;

  err = sp_media_decode (call->media, msg->mb, true);
  if (!err)
    err = sp_media_encode (call->media, false, descp);

  return err;
}

static int
on_answer (const struct sip_msg *msg,
           void                 *arg)
{
  struct sp_call *call = arg;

  return sp_media_decode (call->media, msg->mb, false);
}

static void
on_progress (const struct sip_msg *msg,
             void                 *arg)
{
  /* An outgoing call told the GLib side it rings when it was dialled. */
}

static void
on_established (const struct sip_msg *msg,
                void                 *arg)
{
  struct sp_call *call = arg;

  if (call->state != CALL_RINGING)
    return;

  call->state = CALL_UP;
  emit_state (call, DESK_SOFTPHONE_CALL_ACTIVE);
  tick_start (call->ua);
}

static void
on_close (int                   err,
          const struct sip_msg *msg,
          void                 *arg)
{
  struct sp_call *call = arg;

  if (msg && msg->scode >= 300)
    {
      g_autofree char *reason = g_strdup_printf ("%.*s", (int) msg->reason.l, msg->reason.p);

      call_end (call, msg->scode, reason);
    }
  else if (err == ETIMEDOUT)
    {
      call_end (call, 408, "timeout");
    }
  else if (call->state == CALL_RINGING)
    {
      call_end (call, 487, "cancelled");
    }
  else
    {
      call_end (call, 200, "bye");
    }
}

static void
on_connect (const struct sip_msg *msg,
            void                 *arg)
{
  SoftphoneUa *ua = arg;
  static gint last_id;
  struct sp_call *call = NULL;
  UaEvent *event;
  int err;

  if (ua->quitting)
    {
      (void) sip_treply (NULL, ua->sip, msg, 503, "Service Unavailable");
      return;
    }

  if (!sa_cmp (&msg->src, &ua->server, SA_ADDR))
    {
      (void) sip_treply (NULL, ua->sip, msg, 403, "Forbidden");
      return;
    }

  if (list_count (&ua->calls) >= MAX_CALLS)
    {
      (void) sip_treply (NULL, ua->sip, msg, 486, "Busy Here");
      return;
    }

  /* Ids of incoming calls count down from the top, dialled ones up from
   * 1 (desk-softphone.c): they never meet. */
  err = call_alloc (&call, ua, G_MAXUINT - (guint) g_atomic_int_add (&last_id, 1), true,
                    &msg->dst);
  if (err)
    {
      (void) sip_treply (NULL, ua->sip, msg, 500, "Server Internal Error");
      return;
    }

  if (mbuf_get_left (msg->mb) > 0)
    {
      if (sp_media_decode (call->media, msg->mb, true))
        {
          (void) sip_treply (NULL, ua->sip, msg, 488, "Not Acceptable Here");
          mem_deref (call);
          return;
        }
      call->offered = true;
    }

  err = sipsess_accept (&call->sess, ua->sock, msg, 180, "Ringing", ua->cuser, "application/sdp",
                        NULL, NULL, NULL, false, on_offer, on_answer, on_established, NULL, NULL,
                        on_close, call, "%s", ALLOW_HDR);
  if (err)
    {
      (void) sip_treply (NULL, ua->sip, msg, err == EINVAL ? 400 : 500,
                         err == EINVAL ? "Bad Request" : "Server Internal Error");
      mem_deref (call);
      return;
    }

  event = g_new0 (UaEvent, 1);
  event->type = UA_EVENT_INCOMING;
  event->call_id = call->id;
  event->number = g_strdup_printf ("%.*s", (int) msg->from.uri.user.l, msg->from.uri.user.p);
  event->name = g_strdup_printf ("%.*s", (int) msg->from.dname.l, msg->from.dname.p);
  g_debug ("Call %u rings from %s", call->id, event->number);
  emit (ua, event);
}

static void
call_dial (SoftphoneUa *ua,
           guint        id,
           const char  *number)
{
  struct sp_call *call = NULL;
  struct mbuf *desc = NULL;
  char to[URI_MAX];
  int err;

  err = call_alloc (&call, ua, id, false, &ua->laddr);
  if (err)
    {
      UaEvent *event = g_new0 (UaEvent, 1);

      event->type = UA_EVENT_ENDED;
      event->call_id = id;
      event->code = 500;
      event->text = g_strdup (g_strerror (err));
      emit (ua, event);
      return;
    }

  re_snprintf (to, sizeof (to), "sip:%s@%J", number, &ua->server);
  err = sp_media_encode (call->media, true, &desc);
  if (!err)
    err = sipsess_connect (&call->sess, ua->sock, to, NULL, ua->aor, ua->cuser, NULL, 0,
                           "application/sdp", desc, on_auth, ua, false, on_offer, on_answer,
                           on_progress, on_established, NULL, NULL, on_close, call, "%s",
                           ALLOW_HDR);
  mem_deref (desc);

  if (err)
    {
      g_message ("Cannot call %s: %s", number, g_strerror (err));
      call_end (call, 500, g_strerror (err));
    }
}

static void
call_answer (struct sp_call *call)
{
  struct mbuf *desc = NULL;
  int err;

  if (!call->inbound || call->state != CALL_RINGING)
    return;

  err = sp_media_encode (call->media, !call->offered, &desc);
  if (!err)
    err = sipsess_answer (call->sess, 200, "OK", desc, "%s", ALLOW_HDR);
  mem_deref (desc);

  if (err)
    {
      g_message ("Cannot answer call %u: %s", call->id, g_strerror (err));
      call_end (call, 500, g_strerror (err));
    }
}

static void
call_hangup (struct sp_call *call)
{
  if (call->inbound && call->state == CALL_RINGING)
    {
      (void) sipsess_reject (call->sess, 486, "Busy Here", "%s", ALLOW_HDR);
      call_end (call, 486, "rejected");
      return;
    }

  /* The destructor's mem_deref(sess) sends the CANCEL or the BYE. */
  call_end (call, 200, "hangup");
}

static void
call_hold (struct sp_call *call,
           bool            hold)
{
  struct mbuf *desc = NULL;
  int err;

  if (call->state != CALL_UP || call->held == hold)
    return;

  sp_media_set_hold (call->media, hold);
  err = sp_media_encode (call->media, true, &desc);
  if (!err)
    err = sipsess_modify (call->sess, desc);
  mem_deref (desc);

  if (err)
    {
      g_message ("Cannot %s call %u: %s", hold ? "hold" : "resume", call->id, g_strerror (err));
      sp_media_set_hold (call->media, call->held);
      emit_state (call, call->held ? DESK_SOFTPHONE_CALL_HELD : DESK_SOFTPHONE_CALL_ACTIVE);
      return;
    }

  call->held = hold;
  emit_state (call, hold ? DESK_SOFTPHONE_CALL_HELD : DESK_SOFTPHONE_CALL_ACTIVE);
  /* The clock stops while nothing is up. */
  if (!hold)
    tick_start (call->ua);
}

static void
call_dtmf (struct sp_call *call,
           const char     *digits)
{
  if (call->state != CALL_UP)
    return;

  for (const char *d = digits; *d; d++)
    {
      int err = sp_media_send_digit (call->media, *d);

      if (err)
        {
          g_message ("Cannot send DTMF %c on call %u: %s", *d, call->id, g_strerror (err));
          return;
        }
    }
}

/* The 20 ms clock ------------------------------------------------------------ */

static void
on_tick (void *arg)
{
  SoftphoneUa *ua = arg;
  SoftphoneAudio *audio = ua->audio;
  int16_t out[DESK_SOFTPHONE_FRAME_SAMPLES] = { 0 };
  int32_t mix[DESK_SOFTPHONE_FRAME_SAMPLES] = { 0 };
  int16_t in[DESK_SOFTPHONE_FRAME_SAMPLES];
  bool any = false;
  uint64_t now;

  for (struct le *le = list_head (&ua->calls); le; le = le->next)
    {
      struct sp_call *call = le->data;

      if (call->state == CALL_UP && !call->held && sp_media_ready (call->media))
        any = true;
    }

  if (!any)
    return;

  g_mutex_lock (&audio->lock);
  if (audio->capture)
    audio->capture (out, DESK_SOFTPHONE_FRAME_SAMPLES, audio->user_data);
  g_mutex_unlock (&audio->lock);

  if (g_atomic_int_get (&audio->muted))
    memset (out, 0, sizeof (out));

  for (struct le *le = list_head (&ua->calls); le; le = le->next)
    {
      struct sp_call *call = le->data;

      if (call->state != CALL_UP || call->held || !sp_media_ready (call->media))
        continue;

      if (sp_media_pull (call->media, in))
        for (size_t i = 0; i < DESK_SOFTPHONE_FRAME_SAMPLES; i++)
          mix[i] += in[i];
      sp_media_send (call->media, out);
    }

  for (size_t i = 0; i < DESK_SOFTPHONE_FRAME_SAMPLES; i++)
    in[i] = (int16_t) CLAMP (mix[i], G_MININT16, G_MAXINT16);

  g_mutex_lock (&audio->lock);
  if (audio->playback)
    audio->playback (in, DESK_SOFTPHONE_FRAME_SAMPLES, audio->user_data);
  g_mutex_unlock (&audio->lock);

  /* Against the clock, not after the last tick: timers run late, and
   * lateness must not add up. After a long stall, start again. */
  now = tmr_jiffies ();
  ua->tick_next += TICK_MS;
  if (ua->tick_next + 10 * TICK_MS < now)
    ua->tick_next = now;
  tmr_start (&ua->tmr_tick, ua->tick_next > now ? ua->tick_next - now : 0, on_tick, ua);
}

static void
tick_start (SoftphoneUa *ua)
{
  if (tmr_isrunning (&ua->tmr_tick))
    return;

  ua->tick_next = tmr_jiffies ();
  tmr_start (&ua->tmr_tick, 0, on_tick, ua);
}

/* Registration ------------------------------------------------------------- */

static void
drop_registration (void *arg)
{
  SoftphoneUa *ua = arg;

  ua->reg = mem_deref (ua->reg);
}

static void
on_register_response (int                   err,
                      const struct sip_msg *msg,
                      void                 *arg)
{
  SoftphoneUa *ua = arg;
  uint16_t scode = msg ? msg->scode : 0;
  bool registered = !err && msg && scode < 300;
  bool refused = scode == 401 || scode == 403 || scode == 407;
  UaEvent *event;

  if (ua->reg_told && registered == ua->registered && scode == ua->reg_scode)
    return;

  ua->registered = registered;
  ua->reg_scode = scode;
  ua->reg_told = true;

  event = g_new0 (UaEvent, 1);
  event->type = UA_EVENT_REGISTRATION;
  event->registered = registered;
  event->code = scode;
  if (refused)
    {
      /* The password will not get better by asking again, and the PBX
       * blocks addresses that keep failing. */
      event->failed = true;
      event->text = g_strdup_printf (_("The phone server refused the phone's user name or password (%u %.*s)"),
                                     scode, (int) msg->reason.l, msg->reason.p);
      tmr_start (&ua->tmr_reg, 0, drop_registration, ua);
    }
  else if (!registered)
    {
      event->failed = true;
      if (msg)
        event->text = g_strdup_printf (_("The phone server did not register the phone (%u %.*s)"),
                                       scode, (int) msg->reason.l, msg->reason.p);
      else
        event->text = g_strdup_printf (_("The phone server did not answer (%s)"),
                                       g_strerror (err ? err : ETIMEDOUT));
    }

  if (registered)
    g_debug ("Registered as %s", ua->aor);
  else
    g_message ("Not registered as %s: %s", ua->aor, event->text);
  emit (ua, event);
}

/* The thread ----------------------------------------------------------------- */

static bool
on_request (const struct sip_msg *msg,
            void                 *arg)
{
  SoftphoneUa *ua = arg;

  if (0 == pl_strcmp (&msg->met, "OPTIONS"))
    {
      (void) sip_replyf (ua->sip, msg, 200, "OK",
                         ALLOW_HDR "Accept: application/sdp\r\nContent-Length: 0\r\n\r\n");
      return true;
    }

  /* The sessions' listener takes these. */
  if (0 == pl_strcmp (&msg->met, "INVITE") || 0 == pl_strcmp (&msg->met, "ACK")
      || 0 == pl_strcmp (&msg->met, "BYE") || 0 == pl_strcmp (&msg->met, "CANCEL")
      || 0 == pl_strcmp (&msg->met, "INFO"))
    return false;

  (void) sip_replyf (ua->sip, msg, 501, "Not Implemented",
                     ALLOW_HDR "Content-Length: 0\r\n\r\n");
  return true;
}

static void
on_sip_exit (void *arg)
{
  SoftphoneUa *ua = arg;

  ua->sip_exited = true;
  re_cancel ();
}

/* A server that never answers: its transactions end now, which lets the
 * stack exit. */
static void
on_quit_timeout (void *arg)
{
  SoftphoneUa *ua = arg;

  sip_close (ua->sip, true);
  re_cancel ();
}

static int
ua_open (SoftphoneUa *ua)
{
  char reg_uri[URI_MAX];
  struct sa la;
  int err;

  err = sa_set_str (&ua->server, ua->server_ip, (uint16_t) ua->server_port);
  err |= sa_set_str (&ua->laddr, ua->local_ip, 0);
  if (err)
    return EINVAL;

  /* libre's SIP wants a DNS client; this one has no servers and is never
   * asked: every address here is numeric. */
  if (dnsc_alloc (&ua->dnsc, NULL, NULL, 0))
    ua->dnsc = NULL;

  err = sip_alloc (&ua->sip, ua->dnsc, 16, 16, 16, "Frontdesk softphone " PACKAGE_VERSION,
                   on_sip_exit, ua);
  if (err)
    return err;

  err = sip_transp_add (ua->sip, SIP_TRANSP_UDP, &ua->laddr);
  if (err)
    return err;

  err = sip_transp_laddr (ua->sip, &la, SIP_TRANSP_UDP, &ua->server);
  if (err)
    return err;
  ua->port = sa_port (&la);

  err = sip_listen (&ua->lsnr, ua->sip, true, on_request, ua);
  if (err)
    return err;

  err = sipsess_listen (&ua->sock, ua->sip, 32, on_connect, ua);
  if (err)
    return err;

  /* The contact's user is ours alone: the PBX calls it, nobody guesses it. */
  err = re_sdprintf (&ua->cuser, "%s-%016llx", ua->user, (unsigned long long) rand_u64 ());
  if (err)
    return err;

  re_snprintf (reg_uri, sizeof (reg_uri), "sip:%J", &ua->server);
  re_snprintf (ua->aor, sizeof (ua->aor), "sip:%s@%J", ua->user, &ua->server);

  return sipreg_register (&ua->reg, ua->sip, reg_uri, ua->aor, NULL, ua->aor, REG_EXPIRES_S,
                          ua->cuser, NULL, 0, 0, on_auth, ua, false, on_register_response, ua,
                          NULL, NULL);
}

static void
ua_close (SoftphoneUa *ua)
{
  tmr_cancel (&ua->tmr_tick);
  tmr_cancel (&ua->tmr_reg);
  tmr_cancel (&ua->tmr_quit);
  list_flush (&ua->calls);
  ua->reg = mem_deref (ua->reg);
  ua->sock = mem_deref (ua->sock);
  ua->lsnr = mem_deref (ua->lsnr);
  /* After ua_quit() our reference is the one on_sip_exit() left. */
  if (ua->sip && !ua->quitting)
    sip_close (ua->sip, true);
  if (!ua->quitting || ua->sip_exited)
    ua->sip = mem_deref (ua->sip);
  else if (ua->sip)
    g_message ("The SIP stack did not close");
  ua->sip = NULL;
  ua->dnsc = mem_deref (ua->dnsc);
  ua->cuser = mem_deref (ua->cuser);
}

/* Hangs up, un-registers, and leaves the loop once the SIP stack has
 * seen its last transaction through, or after QUIT_WAIT_MS. */
static void
ua_quit (SoftphoneUa *ua)
{
  ua->quitting = true;
  tmr_cancel (&ua->tmr_tick);
  list_flush (&ua->calls);
  ua->reg = mem_deref (ua->reg);
  tmr_start (&ua->tmr_quit, QUIT_WAIT_MS, on_quit_timeout, ua);
  /* Drops our reference; on_sip_exit() runs when the last one goes, and
   * keeps the stack alive for ua_close(). */
  sip_close (ua->sip, false);
}

static void
on_command (int   id,
            void *data,
            void *arg)
{
  SoftphoneUa *ua = arg;
  UaCommand *cmd = data;
  struct sp_call *call = cmd && id != UA_CMD_DIAL ? call_find (ua, cmd->call_id) : NULL;

  switch (id)
    {
    case UA_CMD_QUIT:
      ua_quit (ua);
      break;
    case UA_CMD_DIAL:
      if (!ua->quitting)
        call_dial (ua, cmd->call_id, cmd->text);
      break;
    case UA_CMD_ANSWER:
      if (call)
        call_answer (call);
      break;
    case UA_CMD_HANGUP:
      if (call)
        call_hangup (call);
      break;
    case UA_CMD_HOLD:
    case UA_CMD_RESUME:
      if (call)
        call_hold (call, id == UA_CMD_HOLD);
      break;
    case UA_CMD_DTMF:
      if (call)
        call_dtmf (call, cmd->text);
      break;
    default:
      g_critical ("Unknown softphone command %d", id);
      break;
    }

  if (cmd)
    g_free (cmd->text);
  g_free (cmd);
}

static gpointer
ua_thread (gpointer data)
{
  SoftphoneUa *ua = data;
  int err;

  ua->thread_context = g_main_context_new ();
  g_main_context_push_thread_default (ua->thread_context);

  err = re_thread_init ();
  if (!err)
    err = mqueue_alloc (&ua->mq, on_command, ua);
  if (!err)
    err = ua_open (ua);
  if (err)
    ua_close (ua);

  g_mutex_lock (&ua->lock);
  ua->start_err = err;
  ua->ready = TRUE;
  g_cond_signal (&ua->cond);
  g_mutex_unlock (&ua->lock);

  if (!err)
    {
      err = re_main (NULL);
      if (err)
        g_message ("The softphone's loop stopped: %s", g_strerror (err));
      ua_close (ua);
    }

  ua->mq = mem_deref (ua->mq);
  re_thread_close ();

  g_main_context_pop_thread_default (ua->thread_context);
  g_clear_pointer (&ua->thread_context, g_main_context_unref);
  return NULL;
}

static void
ua_free (SoftphoneUa *ua)
{
  if (ua->password)
    explicit_bzero (ua->password, strlen (ua->password));
  g_free (ua->password);
  g_free (ua->user);
  g_free (ua->server_ip);
  g_free (ua->local_ip);
  g_mutex_clear (&ua->lock);
  g_cond_clear (&ua->cond);
  g_free (ua);
}

int
_desk_softphone_ua_start (const UaConfig  *config,
                          SoftphoneAudio  *audio,
                          UaEventFunc      eventh,
                          gpointer         arg,
                          SoftphoneUa    **uap)
{
  static GOnce libre_once = G_ONCE_INIT;
  SoftphoneUa *ua;
  int err;

  err = GPOINTER_TO_INT (g_once (&libre_once, init_libre_once, NULL));
  if (err)
    return err;

  ua = g_new0 (SoftphoneUa, 1);
  g_mutex_init (&ua->lock);
  g_cond_init (&ua->cond);
  ua->audio = audio;
  ua->eventh = eventh;
  ua->arg = arg;
  ua->server_ip = g_strdup (config->server_ip);
  ua->server_port = config->server_port;
  ua->local_ip = g_strdup (config->local_ip);
  ua->user = g_strdup (config->user);
  ua->password = g_strdup (config->password);

  ua->thread = g_thread_try_new ("desk-softphone", ua_thread, ua, NULL);
  if (!ua->thread)
    {
      ua_free (ua);
      return EAGAIN;
    }

  g_mutex_lock (&ua->lock);
  while (!ua->ready)
    g_cond_wait (&ua->cond, &ua->lock);
  err = ua->start_err;
  g_mutex_unlock (&ua->lock);

  if (err)
    {
      g_thread_join (ua->thread);
      ua_free (ua);
      return err;
    }

  *uap = ua;
  return 0;
}

guint
_desk_softphone_ua_port (SoftphoneUa *ua)
{
  return ua->port;
}

int
_desk_softphone_ua_command (SoftphoneUa  *ua,
                            UaCommandType type,
                            UaCommand    *cmd)
{
  int err;

  for (int i = 0;; i++)
    {
      err = mqueue_push (ua->mq, (int) type, cmd);
      if ((err != EAGAIN && err != EINTR) || i >= PUSH_RETRIES)
        break;
      g_usleep (1000);
    }

  if (err && cmd)
    {
      g_free (cmd->text);
      g_free (cmd);
    }

  return err;
}

void
_desk_softphone_ua_stop (SoftphoneUa *ua)
{
  int err = _desk_softphone_ua_command (ua, UA_CMD_QUIT, NULL);

  if (err)
    {
      g_critical ("Cannot stop the softphone's thread: %s", g_strerror (err));
      return;
    }

  g_thread_join (ua->thread);
  ua_free (ua);
}
