/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the facade (desk-pbx.c) and the engine share. Nothing here names a
 * libre type: the facade converts libre's errno-style codes to GError and
 * never touches a libre object. */

#include "desk-pbx.h"

G_BEGIN_DECLS

#define DESK_PBX_DEFAULT_REALM "frontdesk"

/* Longest user name and password the engine accepts; SIP phones have similar
 * limits and the bounds keep a hostile caller from growing our tables. */
#define DESK_PBX_USER_MAX     64
#define DESK_PBX_PASSWORD_MAX 128
#define DESK_PBX_REALM_MAX    128

/* Registration intervals the registrar grants by default, in seconds
 * (RFC 3261 10.3): shorter requests get 423, longer ones are cut. */
#define DESK_PBX_EXPIRES_MIN  60
#define DESK_PBX_EXPIRES_MAX  3600

typedef struct
{
  guint max_failures;   /* failed digest answers from one address ... */
  guint window_s;       /* ... within this many seconds ... */
  guint block_s;        /* ... block it for this long */
} DeskPbxAuthPolicy;

#define DESK_PBX_AUTH_POLICY_DEFAULT ((DeskPbxAuthPolicy) { 10, 60, 600 })

/* Lets events queued by the PBX thread find the facade if it still lives.
 * Reference counted with g_atomic_rc_box: each queued event holds one. */
typedef struct
{
  GWeakRef pbx;
} DeskPbxSink;

DeskPbxSink *_desk_pbx_sink_new   (DeskPbx     *pbx);
DeskPbxSink *_desk_pbx_sink_ref   (DeskPbxSink *sink);
void         _desk_pbx_sink_unref (DeskPbxSink *sink);

typedef enum
{
  DESK_PBX_EVENT_REGISTRATION,
  DESK_PBX_EVENT_AUTH_BLOCKED,
} DeskPbxEventType;

/* Built in the PBX thread with GLib allocations, freed in the main context. */
typedef struct
{
  DeskPbxEventType type;
  char *user;
  char *contact;
  char *source;         /* registration: "ip:port"; auth-blocked: the address */
  gboolean registered;
} DeskPbxEvent;

void _desk_pbx_event_free (DeskPbxEvent *event);
void _desk_pbx_dispatch_event (DeskPbx *self, const DeskPbxEvent *event);

typedef struct _DeskPbxEngine DeskPbxEngine;

typedef struct
{
  char *address;
  guint port;
  char *realm;
  GHashTable *accounts;  /* user → password, a copy the engine keeps */
  DeskPbxAuthPolicy policy;
  guint min_expires;
  guint max_expires;
} DeskPbxEngineConfig;

/* All return 0 or an errno value (libre's convention). */
int  _desk_pbx_engine_start        (const DeskPbxEngineConfig *config,
                                    DeskPbxSink               *sink,
                                    GMainContext              *context,
                                    DeskPbxEngine            **enginep);
void _desk_pbx_engine_stop         (DeskPbxEngine *engine);
guint _desk_pbx_engine_get_port    (DeskPbxEngine *engine);
int  _desk_pbx_engine_set_account  (DeskPbxEngine *engine,
                                    const char    *user,
                                    const char    *password);
int  _desk_pbx_engine_remove_account (DeskPbxEngine *engine,
                                      const char    *user);
int  _desk_pbx_engine_set_realm    (DeskPbxEngine *engine,
                                    const char    *realm);
int  _desk_pbx_engine_set_policy   (DeskPbxEngine           *engine,
                                    const DeskPbxAuthPolicy *policy);
int  _desk_pbx_engine_set_expiry   (DeskPbxEngine *engine,
                                    guint          min_s,
                                    guint          max_s);

G_END_DECLS
