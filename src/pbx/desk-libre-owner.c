/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-libre-owner"

#include "config.h"

#include "desk-libre-owner-private.h"

#include <errno.h>

static GMutex owner_lock;
static guint owner_count[2];

int
_desk_libre_claim (DeskLibreOwner owner)
{
  DeskLibreOwner other = owner == DESK_LIBRE_OWNER_PBX ? DESK_LIBRE_OWNER_SOFTPHONE
                                                       : DESK_LIBRE_OWNER_PBX;
  int err = 0;

  g_mutex_lock (&owner_lock);
  if (owner_count[other] > 0)
    err = EBUSY;
  else
    owner_count[owner]++;
  g_mutex_unlock (&owner_lock);

  return err;
}

void
_desk_libre_release (DeskLibreOwner owner)
{
  g_mutex_lock (&owner_lock);
  g_warn_if_fail (owner_count[owner] > 0);
  if (owner_count[owner] > 0)
    owner_count[owner]--;
  g_mutex_unlock (&owner_lock);
}
