/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Per-address rate limits (token buckets), shared by the login, the widget
 * and the portal. Main thread only. */
typedef struct _DeskWebLimiter DeskWebLimiter;

/* libsoup 3.2 names no 429 (RFC 6585). */
#define DESK_WEB_STATUS_TOO_MANY_REQUESTS 429

DeskWebLimiter *desk_web_limiter_new    (guint            burst,
                                         double           per_second);
void            desk_web_limiter_free   (DeskWebLimiter  *limiter);
/* Takes one token for @key at @now_us (monotonic µs); FALSE when none is
 * left: refuse with 429 and Retry-After. */
gboolean        desk_web_limiter_allow  (DeskWebLimiter  *limiter,
                                         const char      *key,
                                         gint64           now_us);
/* Seconds until @key has a token again (for Retry-After), at least 1. */
guint           desk_web_limiter_retry_after (DeskWebLimiter *limiter,
                                              const char     *key,
                                              gint64          now_us);

/* The remote IP address of @msg as text ("127.0.0.1", "::1"); an IPv6
 * address is cut to its /64, so one host cannot dodge limits by rotating
 * addresses inside it. */
char           *desk_web_client_address (SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskWebLimiter, desk_web_limiter_free)

G_END_DECLS
