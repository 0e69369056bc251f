/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* bench-office-ring: "INVITE received → operator's phone rings". The office
 * (DeskPbx + DeskCallFlow on a SQLite store) runs on the main thread's GLib
 * main loop; the phones (bench-office-phones.c: operators that register and
 * answer, callers that call at a steady rate) run on a thread of their own
 * with raw UDP sockets on 127.0.0.1. Both read one monotonic clock. */

typedef enum
{
  CALL_WAITING, /* not sent yet */
  CALL_INVITED, /* INVITE sent */
  CALL_UP,      /* the office answered the caller (200, ACKed) */
  CALL_BYE_SENT,
  CALL_DONE, /* BYE answered */
  CALL_FAILED,
} CallState;

typedef struct
{
  guint index;
  char number[16]; /* the caller's number, national form: 0501XXXXXX */
  char call_id[48];
  CallState state;
  gint64 invite_ns;   /* the caller's INVITE sent */
  gint64 ring_ns;     /* the office's INVITE reached an operator; 0: never */
  gint64 up_ns;       /* the caller got 200 */
  gint64 bye_at_ns;   /* when the caller hangs up */
  int operator;       /* who rang; -1: nobody */
  int free_operators; /* operators with nothing ringing or up, at the INVITE */
  int final_code;     /* the caller's final response */
  char *to_tag;
  char *target;        /* the office's Contact: where ACK and BYE go */
  const char *failure; /* why, if CALL_FAILED */
} BenchCall;

typedef struct
{
  guint16 pbx_port;
  int n_operators;
  const char *password; /* every operator's SIP password */
  int n_calls;
  double rate;      /* calls per second */
  int ring_ms;      /* operators' phones ring this long, then answer */
  int hold_ms;      /* callers hang up this long after their 200 */
  int timeout_ms;   /* a call with no operator's INVITE by then failed */
  BenchCall *calls; /* n_calls of them */

  /* Set by the phones' thread. */
  gint registered;     /* operators registered (atomic) */
  gint finished;       /* all calls over (atomic) */
  gint go;             /* set by the main thread: start calling (atomic) */
  guint64 unexpected;  /* requests or responses the phones did not expect */
  guint64 rtp_packets; /* media the office sent the phones */
  double phones_cpu_s; /* the phones' thread, while calling */
  double media_cpu_s;  /* the thread that drains the media */
  char *error;         /* a fatal setup error */
} BenchPhones;

/* A SIP message as the phones read it (bench-office-sip.c): pointers into
 * buf, which holds the datagram cut into lines. */
typedef struct
{
  char *buf; /* the datagram, cut into lines */
  gboolean request;
  int code;
  const char *method; /* the request's, or the CSeq's for a response */
  const char *ruri;
  GPtrArray *vias; /* "Via: …" lines as received */
  const char *from, *to, *call_id, *cseq, *contact, *auth;
} BenchMsg;

gboolean
bench_msg_parse (BenchMsg *m, const char *data, gssize len);
void
bench_msg_clear (BenchMsg *m);
/* The value of @key="…" (or key=…) in a header value, or NULL. */
char *
bench_param (const char *value, const char *key);
/* "<sip:x@h:p>;tag=…" → "sip:x@h:p". */
char *
bench_uri_of (const char *value);
char *
bench_md5_hex (const char *text);
/* A G.711 offer or answer with its media on 127.0.0.1:@port (a static
 * buffer). */
const char *
bench_sdp (guint16 port);

/* The operator's SIP user for index @i: "op001", …. */
char *
bench_operator_user (int i);
/* Starts the phones' thread: operators register at once, callers wait for
 * @phones->go. */
GThread *
bench_phones_start (BenchPhones *phones);

gint64
bench_now_ns (void);

G_END_DECLS
