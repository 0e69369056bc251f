/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* bench-agent: "the caller's INVITE → the client card drawn in the agent
 * window". The window runs on this process's main thread; the callers
 * (bench-agent-caller.c) on a thread of their own with one raw UDP socket.
 * Every time below is g_get_monotonic_time (), in µs, in this process. */

typedef struct
{
  guint index;
  char number[16]; /* the caller's number, national form: 0501XXXXXX */
  char call_id[48];

  /* Written by the callers' thread. */
  gint64 invite_us;  /* t0: the INVITE left the caller's socket */
  gint64 final_us;   /* the office's final response to the INVITE */
  int final_code;
  char *to_tag;
  char *target;      /* the office's Contact: where BYE goes */
  gint ended;        /* the call is over for the caller (atomic) */

  /* Written by the main thread. */
  gint64 event_us;   /* the event stream's call-offered reached the session */
  gint64 ring_us;    /* the window's softphone rang */
  gint64 inbox_us;   /* the call's item entered the session's inbox */
  gint64 offered_us; /* "contact-offered" was handled: the window made the page */
  gint64 loaded_us;  /* the card's data arrived (the card left "loading") */
  gint64 shown_us;   /* the card view switched to its "card" page */
  gint64 frame_us;   /* the next frame began ("before-paint") */
  gint64 drawn_us;   /* t1: that frame was painted ("after-paint") */
  const char *failure;
} AgentCall;

/* What a run did, for the report (bench-agent-report.c). */
typedef struct
{
  AgentCall *calls;
  int n_calls;
  int n_clients;
  guint sip_port;
  guint http_port;
  const char *renderer; /* the window's GskRenderer */
  gboolean animations;  /* GTK's animations (the stacks' crossfades) */
  guint stray_offers;   /* offers that were not the call in flight */
  guint64 unexpected;   /* SIP the callers did not expect */
  guint64 rtp;          /* media the office sent the callers */
  gint64 calls_started_us;
  gint64 calls_ended_us;
  double cpu_s;         /* this process's CPU time over the calls */
} AgentRun;

void     bench_agent_print_header (const AgentRun *run);
void     bench_agent_report       (const AgentRun *run);
gboolean bench_agent_write_csv    (const AgentRun *run,
                                   const char     *path,
                                   GError        **error);

typedef struct _AgentCallers AgentCallers;

/* Starts the callers' thread: it waits for agent_callers_call (). */
AgentCallers *agent_callers_start  (guint16       pbx_port,
                                    AgentCall    *calls,
                                    int           n_calls,
                                    GError      **error);
/* Sends call @index's INVITE now. */
void          agent_callers_call   (AgentCallers *self,
                                    int           index);
/* Hangs call @index up: BYE once the office has answered it, else CANCEL. */
void          agent_callers_hangup (AgentCallers *self,
                                    int           index);
/* SIP messages the callers did not expect, and RTP packets drained. */
guint64       agent_callers_get_unexpected (AgentCallers *self);
guint64       agent_callers_get_rtp        (AgentCallers *self);
/* Stops and joins the thread, closes the sockets. */
void          agent_callers_stop   (AgentCallers *self);

G_END_DECLS
