/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pbx-test-common.h"

#include "desk-call-flow.h"
#include "desk-error.h"
#include "desk-sqlite-store.h"

G_BEGIN_DECLS

/* The office's call flow end to end (test-call-flow.c, test-call-flow-out.c):
 * a real engine, a real store, baresip phones for the callers and the
 * operators, sipp as the SIP provider. The tests log operators in and watch
 * the flow's signals; everything else is the office's own doing. */

#define FLOW_CALLER_USER   "0501234567"       /* +380501234567 for a UA office */
#define FLOW_CALLER_E164   "+380501234567"
#define FLOW_OFFICE_NUMBER "+380441112233"
#define FLOW_OFFER_SECONDS 4
#define FLOW_TRUNK_USER    "office"
#define FLOW_TRUNK_PASS    "trunk-secret"
#define FLOW_TYPICAL_KEY   "4"                /* the IVR item that opens a case */
#define FLOW_TYPICAL_LABEL "Виклик майстра"

/* What the flow (and, with a "pbx-" type, the engine) signalled. */
typedef struct
{
  char *type;        /* "offered", "answered", "ended", "state", "pbx-incoming", "pbx-ended" */
  gint64 call_id;    /* the call's record; the engine's leg for "pbx-" */
  gint64 user_id;
  char *text;        /* offered: "<n clients> <client>"; ended: the outcome; state: its nick;
                      * pbx-incoming: "<to user> <authenticated user>"; pbx-ended: the cause */
} FlowEvent;

typedef struct
{
  PbxFixture base;
  DeskStore *store;
  DeskCallFlow *flow;
  GPtrArray *events;
  GPtrArray *phones;
  char *db_path;
  char *data_dir;
  char *caller_wav;
  char *op_wav;
  gint64 op1, op2, client, queue, menu, category, case_id, case_number;
} FlowFixture;

void       flow_setup           (FlowFixture   *f,
                                 gconstpointer  data);
void       flow_teardown        (FlowFixture   *f,
                                 gconstpointer  data);

/* The first event of @type recorded at index @from or later; the test
 * fails after @timeout_ms without one. */
FlowEvent *flow_wait_event      (FlowFixture   *f,
                                 const char    *type,
                                 guint          from,
                                 guint          timeout_ms);
/* The same, or NULL: for events that must not come. */
FlowEvent *flow_find_event      (FlowFixture   *f,
                                 const char    *type,
                                 guint          from,
                                 guint          timeout_ms);
guint      flow_event_index     (FlowFixture   *f,
                                 FlowEvent     *e);
/* Lets the main loop run for a while. */
void       flow_pause_ms        (guint          ms);

/* Starts a baresip phone for an operator account and waits until it has
 * registered; @answermode is "auto" or "manual". */
PbxPhone  *flow_start_operator  (FlowFixture   *f,
                                 const char    *user,
                                 const char    *password,
                                 const char    *answermode);
/* An outside caller's phone (FLOW_CALLER_USER, no account on the PBX). */
PbxPhone  *flow_start_caller    (FlowFixture   *f);
void       flow_login           (FlowFixture   *f,
                                 gint64         user_id);
/* The caller dials the office's number (100) and keys @keys once the
 * greeting has begun. */
void       flow_dial_and_press  (FlowFixture   *f,
                                 PbxPhone      *caller,
                                 const char    *keys);
DeskCall  *flow_get_call        (FlowFixture   *f,
                                 gint64         call_id);
/* Reads one number from the store's file through a second connection. */
gint64     flow_count           (FlowFixture   *f,
                                 const char    *sql);

/* The office's trunk goes to a provider on 127.0.0.1:@port. */
void       flow_use_provider    (FlowFixture   *f,
                                 guint          port);
/* sipp as that provider, taking one call (tests/pbx/trunk-outbound.xml);
 * *@log is its message log. */
DeskTestProcess *flow_start_provider (FlowFixture *f,
                                      guint        port,
                                      char       **log);

G_END_DECLS
