/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-engine"

#include "config.h"

#include "desk-pbx-engine-private.h"

#include <string.h>

/* Where the engine listens for SIP: UDP and TCP on one port, on one address
 * or on every address the host has. Moved out of desk-pbx-engine.c as is. */

enum {
  PORT_ATTEMPTS   = 32,
  LISTEN_ADDR_MAX = 16,
};

/* UDP and TCP on one port of one address; port 0 takes UDP's free port. */
static int
bind_address (struct sip      *sip,
              const struct sa *addr,
              uint16_t        *port)
{
  struct sa laddr = *addr;
  int err;

  sa_set_port (&laddr, *port);
  err = sip_transp_add (sip, SIP_TRANSP_UDP, &laddr);
  if (err)
    return err;

  if (*port == 0)
    {
      struct sa udp;

      /* Port 0 is asked for the first address only: this is the only UDP
       * transport yet, the one sip_transp_laddr() finds. */
      err = sip_transp_laddr (sip, &udp, SIP_TRANSP_UDP, addr);
      if (err)
        return err;
      *port = sa_port (&udp);
      sa_set_port (&laddr, *port);
    }

  return sip_transp_add (sip, SIP_TRANSP_TCP, &laddr);
}

typedef struct
{
  struct sa addrv[LISTEN_ADDR_MAX];
  uint32_t addrc;
} ListenAddresses;

static bool
collect_address (const char      *ifname,
                 const struct sa *sa,
                 void            *arg)
{
  ListenAddresses *la = arg;

  /* Link-local IPv6 needs a scope per interface; phones use the others. */
  if ((sa_af (sa) != AF_INET && sa_af (sa) != AF_INET6) || sa_is_linklocal (sa))
    return false;

  for (uint32_t i = 0; i < la->addrc; i++)
    if (sa_cmp (&la->addrv[i], sa, SA_ADDR))
      return false;

  la->addrv[la->addrc++] = *sa;
  return la->addrc >= LISTEN_ADDR_MAX;
}

/* libre 1.1.0 cannot bind SIP to the wildcard address (sip_transp_add wants
 * a set address), so "any" means every address the host has now. */
int
pbx_transport_bind (struct sip *sip,
                    const char *address,
                    guint       port,
                    guint      *portp)
{
  ListenAddresses la = { 0 };
  gboolean any = !address || !strcmp (address, "0.0.0.0") || !strcmp (address, "::");
  int err = 0;

  if (any)
    {
      err = net_if_apply (collect_address, &la);
      if (err)
        return err;
      if (la.addrc == 0)
        return EADDRNOTAVAIL;
    }
  else
    {
      err = sa_set_str (&la.addrv[0], address, 0);
      if (err)
        return err;
      la.addrc = 1;
    }

  for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++)
    {
      uint16_t p = (uint16_t) port;
      uint32_t bound = 0;

      for (uint32_t i = 0; i < la.addrc; i++)
        {
          err = bind_address (sip, &la.addrv[i], &p);
          if (!err)
            {
              bound++;
              continue;
            }

          /* With "any", one odd address (an IPv6 one still in DAD) must not
           * keep the office from answering on the others. */
          if (any && err != EADDRINUSE && err != EACCES && !sa_is_loopback (&la.addrv[i]))
            {
              char addr[64];

              re_snprintf (addr, sizeof (addr), "%j", &la.addrv[i]);
              g_message ("Not listening for SIP on %s: %s", addr, g_strerror (err));
              err = 0;
              continue;
            }
          break;
        }

      if (!err && bound > 0)
        {
          *portp = p;
          return 0;
        }

      sip_transp_flush (sip);

      /* Port 0: UDP's free port was taken for TCP (or on another address);
       * try another one. */
      if (err != EADDRINUSE || port != 0)
        return err ? err : EADDRNOTAVAIL;
    }

  return EADDRINUSE;
}
