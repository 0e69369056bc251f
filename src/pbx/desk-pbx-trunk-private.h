/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The office's SIP trunk: what its facade half (desk-pbx-trunk.c, main
 * thread) and its engine half (desk-pbx-trunk-sip.c, PBX thread) share.
 * The first part names no libre type; the second only forward-declares the
 * libre structures it takes by pointer. */

#include "desk-pbx-private.h"

#include <stdbool.h>

G_BEGIN_DECLS

/* Defaults and bounds of desk_pbx_set_trunk(). */
#define DESK_PBX_TRUNK_PORT_DEFAULT    5060
#define DESK_PBX_TRUNK_EXPIRES_DEFAULT 3600
#define DESK_PBX_TRUNK_EXPIRES_MIN     60
#define DESK_PBX_TRUNK_EXPIRES_MAX     86400
#define DESK_PBX_TRUNK_NUMBER_MAX      32

/* A trunk as the engine gets it: every field checked by the facade, the
 * address already numeric (the engine resolves no names). Owned strings. */
typedef struct
{
  char *domain;         /* "host[:port]" of the registrar: the host of the
                         * AOR and of the request URIs */
  char *address;        /* numeric "ip:port" ("[ip6]:port"): where every
                         * request goes, and where the provider's come from */
  gboolean route;       /* reach @address through a Route header (an outbound
                         * proxy, or a registrar known by name) */
  char *username;
  char *auth_user;
  char *password;
  char *caller_id;
  gboolean registration;
  guint expires;
} DeskPbxTrunkConfig;

void                _desk_pbx_trunk_config_free (DeskPbxTrunkConfig       *config);
DeskPbxTrunkConfig *_desk_pbx_trunk_config_copy (const DeskPbxTrunkConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskPbxTrunkConfig, _desk_pbx_trunk_config_free)

/* desk-pbx-trunk.c: the facade's half, kept inside DeskPbx. */
typedef struct _DeskPbxTrunkState DeskPbxTrunkState;

DeskPbxTrunkState *_desk_pbx_trunk_state_new      (void);
void               _desk_pbx_trunk_state_free     (DeskPbxTrunkState  *state);
DeskPbxTrunkState *_desk_pbx_get_trunk_state      (DeskPbx            *self);
void               _desk_pbx_trunk_class_init     (GObjectClass       *klass);
/* Gives a freshly started engine the trunk, if one is set. */
void               _desk_pbx_trunk_started        (DeskPbx            *self);
void               _desk_pbx_dispatch_trunk_event (DeskPbx            *self,
                                                   const DeskPbxEvent *event);

/* desk-pbx-engine.c. Takes @config (NULL removes the trunk); 0 or errno. */
int  _desk_pbx_engine_set_trunk (DeskPbxEngine      *engine,
                                 DeskPbxTrunkConfig *config);

/* PBX thread (desk-pbx-trunk-sip.c) ---------------------------------------- */

struct sip;
struct sip_msg;
struct pl;
struct pbx_calls;
struct pbx_trunk;

/* Starts the registration if @config asks for one. Events (trunk-state)
 * go to @eventh, which takes them. */
int  pbx_trunk_alloc   (struct pbx_trunk         **trunkp,
                        struct sip                *sip,
                        const DeskPbxTrunkConfig  *config,
                        void                     (*eventh) (DeskPbxEvent *event,
                                                            void         *arg),
                        void                      *arg);
/* Whether an INVITE came from the trunk (@trunk may be NULL: no trunk). If
 * so, @did is the number dialled; otherwise it is left as it was. */
bool pbx_trunk_inbound (const struct pbx_trunk *trunk,
                        const struct sip_msg   *msg,
                        struct pl              *did);
/* The trunk whose INVITEs on_connect() recognises and whose legs
 * DESK_PBX_CALL_DIAL_OUT makes; NULL for none. */
void pbx_calls_set_trunk (struct pbx_calls *calls,
                          struct pbx_trunk *trunk);
/* DESK_PBX_CALL_DIAL_OUT: a new outgoing leg to the provider; @trunk may be
 * NULL (then the call ends at once with 503). */
void pbx_trunk_dial    (struct pbx_trunk         *trunk,
                        struct pbx_calls         *calls,
                        const DeskPbxCallCommand *cmd);

G_END_DECLS
