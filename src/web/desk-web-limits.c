/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-web-limits"

#include "config.h"

#include "desk-web-limits.h"

#include <string.h>

/*
 * Token buckets, one per key (an address). A key starts with a full bucket
 * of @burst tokens; each request takes one; tokens come back at
 * @per_second. Full buckets carry no information, so they are swept once
 * the table grows: an attacker rotating addresses costs memory only until
 * the next sweep, and never more than MAX_KEYS entries.
 */

#define SWEEP_AT 4096
#define MAX_KEYS 65536

typedef struct
{
  double tokens;
  gint64 at_us;
} Bucket;

struct _DeskWebLimiter
{
  guint burst;
  double per_second;
  GHashTable *buckets;   /* key → Bucket */
};

DeskWebLimiter *
desk_web_limiter_new (guint  burst,
                      double per_second)
{
  DeskWebLimiter *limiter;

  g_return_val_if_fail (burst > 0, NULL);
  g_return_val_if_fail (per_second > 0, NULL);

  limiter = g_new0 (DeskWebLimiter, 1);
  limiter->burst = burst;
  limiter->per_second = per_second;
  limiter->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return limiter;
}

void
desk_web_limiter_free (DeskWebLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_hash_table_unref (limiter->buckets);
  g_free (limiter);
}

static void
refill (DeskWebLimiter *limiter,
        Bucket         *bucket,
        gint64          now_us)
{
  if (now_us > bucket->at_us)
    {
      bucket->tokens = MIN ((double) limiter->burst,
                            bucket->tokens + (now_us - bucket->at_us) * limiter->per_second /
                            G_USEC_PER_SEC);
      bucket->at_us = now_us;
    }
}

static void
sweep (DeskWebLimiter *limiter,
       gint64          now_us)
{
  GHashTableIter iter;
  Bucket *bucket;

  g_hash_table_iter_init (&iter, limiter->buckets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bucket))
    {
      refill (limiter, bucket, now_us);
      if (bucket->tokens >= limiter->burst)
        g_hash_table_iter_remove (&iter);
    }
  /* Still too many: everyone is hammering. Forget the oldest half rather
   * than grow without bound; they start again with full buckets. */
  if (g_hash_table_size (limiter->buckets) >= MAX_KEYS)
    {
      g_hash_table_iter_init (&iter, limiter->buckets);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bucket))
        if (bucket->tokens >= limiter->burst / 2.0)
          g_hash_table_iter_remove (&iter);
    }
}

gboolean
desk_web_limiter_allow (DeskWebLimiter *limiter,
                        const char     *key,
                        gint64          now_us)
{
  Bucket *bucket;

  g_return_val_if_fail (limiter != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  bucket = g_hash_table_lookup (limiter->buckets, key);
  if (bucket == NULL)
    {
      if (g_hash_table_size (limiter->buckets) >= SWEEP_AT)
        sweep (limiter, now_us);
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = limiter->burst;
      bucket->at_us = now_us;
      g_hash_table_insert (limiter->buckets, g_strdup (key), bucket);
    }
  refill (limiter, bucket, now_us);
  if (bucket->tokens < 1.0)
    return FALSE;
  bucket->tokens -= 1.0;
  return TRUE;
}

guint
desk_web_limiter_retry_after (DeskWebLimiter *limiter,
                              const char     *key,
                              gint64          now_us)
{
  Bucket *bucket;
  double seconds;

  g_return_val_if_fail (limiter != NULL, 1);
  g_return_val_if_fail (key != NULL, 1);

  bucket = g_hash_table_lookup (limiter->buckets, key);
  if (bucket == NULL)
    return 1;
  refill (limiter, bucket, now_us);
  if (bucket->tokens >= 1.0)
    return 1;
  seconds = MIN ((1.0 - bucket->tokens) / limiter->per_second, (double) G_MAXUINT - 1);
  /* Rounded up: a client told "1" must not come back a moment early. */
  return MAX (1, (guint) seconds + ((double) (guint) seconds < seconds ? 1 : 0));
}

char *
desk_web_client_address (SoupServerMessage *msg)
{
  GSocketAddress *remote;
  GInetAddress *inet;
  const guint8 *bytes;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  remote = soup_server_message_get_remote_address (msg);
  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return g_strdup (soup_server_message_get_remote_host (msg) ?
                     soup_server_message_get_remote_host (msg) : "unknown");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  if (g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6)
    return g_inet_address_to_string (inet);

  bytes = g_inet_address_to_bytes (inet);
  /* An IPv4 address seen through an IPv6 socket (::ffff:a.b.c.d) is that
   * IPv4 address; any other host is its /64. */
  {
    static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

    if (memcmp (bytes, mapped, sizeof mapped) == 0)
      return g_strdup_printf ("%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
  }
  return g_strdup_printf ("%x:%x:%x:%x::/64", (bytes[0] << 8) | bytes[1], (bytes[2] << 8) | bytes[3],
                          (bytes[4] << 8) | bytes[5], (bytes[6] << 8) | bytes[7]);
}
