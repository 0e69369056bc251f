/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "desk-routing.h"

G_BEGIN_DECLS

/* The handle time assumed until a queue has a history of its own: 3 minutes. */
#define DESK_QUEUE_DEFAULT_HANDLE_MS (3 * 60 * 1000)

/* A callback is offered only to callers told to wait at least this long: for
 * a shorter wait the offer irritates more than it helps. */
#define DESK_QUEUE_CALLBACK_OFFER_SECONDS 60

/* Overflow from queue to queue stops after this many hops (A → B → A …). */
#define DESK_QUEUE_MAX_OVERFLOW_HOPS 2

/**
 * DeskQueueAction:
 * @DESK_QUEUE_ACTION_WAIT: keep waiting (music on hold); for a newcomer: enqueue
 * @DESK_QUEUE_ACTION_ANNOUNCE: tell the caller their position and estimated wait
 * @DESK_QUEUE_ACTION_OFFER_CALLBACK: the same, and offer the callback digit
 * @DESK_QUEUE_ACTION_OVERFLOW: move the contact to @overflow_queue_id, where
 *   it arrives as a newcomer
 * @DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK: take it out of the queue to leave a
 *   callback request, or a voicemail when the number is unknown (for a chat:
 *   the offline form)
 * @DESK_QUEUE_ACTION_CLOSE: nowhere to send it: say so and end the contact
 */
typedef enum {
  DESK_QUEUE_ACTION_WAIT,
  DESK_QUEUE_ACTION_ANNOUNCE,
  DESK_QUEUE_ACTION_OFFER_CALLBACK,
  DESK_QUEUE_ACTION_OVERFLOW,
  DESK_QUEUE_ACTION_VOICEMAIL_CALLBACK,
  DESK_QUEUE_ACTION_CLOSE,
} DeskQueueAction;

/**
 * DeskQueueCause:
 * @DESK_QUEUE_CAUSE_NONE: the contact stays
 * @DESK_QUEUE_CAUSE_NO_AGENTS: no member of the queue is logged in
 * @DESK_QUEUE_CAUSE_MAX_WAIT: it waited max_wait_seconds
 * @DESK_QUEUE_CAUSE_QUEUE_FULL: max_length callers wait already
 *
 * Why a contact leaves the queue.
 */
typedef enum {
  DESK_QUEUE_CAUSE_NONE,
  DESK_QUEUE_CAUSE_NO_AGENTS,
  DESK_QUEUE_CAUSE_MAX_WAIT,
  DESK_QUEUE_CAUSE_QUEUE_FULL,
} DeskQueueCause;

/**
 * DeskQueueDecision:
 * @contact_id: the contact
 * @action: what to do with it now
 * @cause: why it leaves, with the leaving actions
 * @position: its place in the line, from 1
 * @ewt_seconds: its estimated wait, -1 when it cannot be told (nobody at work)
 * @overflow_queue_id: with %DESK_QUEUE_ACTION_OVERFLOW: where to
 * @next_at_ms: when time alone changes the decision next (an announcement,
 *   the max wait), or 0
 */
typedef struct {
  gint64 contact_id;
  DeskQueueAction action;
  DeskQueueCause cause;
  guint position;
  int ewt_seconds;
  gint64 overflow_queue_id;
  gint64 next_at_ms;
} DeskQueueDecision;

GArray            *desk_queue_decide          (const DeskRouteQueue    *queue,
                                               const DeskRouteOperator *ops,
                                               guint                    n_ops,
                                               const DeskRouteContact  *contacts,
                                               guint                    n_contacts,
                                               gint64                   now_ms);
DeskQueueDecision  desk_queue_admit           (const DeskRouteQueue    *queue,
                                               const DeskRouteOperator *ops,
                                               guint                    n_ops,
                                               const DeskRouteContact  *waiting,
                                               guint                    n_waiting,
                                               const DeskRouteContact  *newcomer,
                                               gint64                   now_ms);
int                desk_queue_estimate_wait   (const DeskRouteQueue    *queue,
                                               const DeskRouteOperator *ops,
                                               guint                    n_ops,
                                               DeskChannel              channel,
                                               guint                    position);

const char        *desk_queue_action_to_string (DeskQueueAction         action);
const char        *desk_queue_cause_to_string  (DeskQueueCause          cause);

G_END_DECLS
