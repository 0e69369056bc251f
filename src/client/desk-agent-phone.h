/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-api-client.h"
#include "desk-softphone.h"

G_BEGIN_DECLS

#define DESK_AGENT_PHONE_MODE_BUILTIN    "builtin"
#define DESK_AGENT_PHONE_MODE_DESK_PHONE "desk-phone"

#define DESK_TYPE_AGENT_PHONE (desk_agent_phone_get_type ())
G_DECLARE_FINAL_TYPE (DeskAgentPhone, desk_agent_phone, DESK, AGENT_PHONE, GObject)

DeskAgentPhone *desk_agent_phone_new               (const DeskSession *session,
                                                    const char        *server_host);
gboolean        desk_agent_phone_start             (DeskAgentPhone    *self,
                                                    GError           **error);
void            desk_agent_phone_stop              (DeskAgentPhone    *self);

const char     *desk_agent_phone_get_mode          (DeskAgentPhone    *self);
gboolean        desk_agent_phone_set_mode          (DeskAgentPhone    *self,
                                                    const char        *mode,
                                                    GError           **error);
gboolean        desk_agent_phone_get_registered    (DeskAgentPhone    *self);
guint           desk_agent_phone_get_local_port    (DeskAgentPhone    *self);
gboolean        desk_agent_phone_get_muted         (DeskAgentPhone    *self);
void            desk_agent_phone_set_muted         (DeskAgentPhone    *self,
                                                    gboolean           muted);
double          desk_agent_phone_get_volume        (DeskAgentPhone    *self);
void            desk_agent_phone_set_volume        (DeskAgentPhone    *self,
                                                    double             volume);
const char     *desk_agent_phone_get_input_device  (DeskAgentPhone    *self);
gboolean        desk_agent_phone_set_input_device  (DeskAgentPhone    *self,
                                                    const char        *id,
                                                    GError           **error);
const char     *desk_agent_phone_get_output_device (DeskAgentPhone    *self);
gboolean        desk_agent_phone_set_output_device (DeskAgentPhone    *self,
                                                    const char        *id,
                                                    GError           **error);

guint           desk_agent_phone_dial              (DeskAgentPhone    *self,
                                                    const char        *number,
                                                    GError           **error);
gboolean        desk_agent_phone_answer            (DeskAgentPhone    *self,
                                                    guint              call_id,
                                                    GError           **error);
void            desk_agent_phone_hangup            (DeskAgentPhone    *self,
                                                    guint              call_id);
gboolean        desk_agent_phone_hold              (DeskAgentPhone    *self,
                                                    guint              call_id,
                                                    gboolean           hold,
                                                    GError           **error);
gboolean        desk_agent_phone_send_dtmf         (DeskAgentPhone    *self,
                                                    guint              call_id,
                                                    const char        *digits,
                                                    GError           **error);

/* The sound devices this computer has for @input (else output), as
 * pairs: { id, name, id, name, …, NULL }. The ids are what the device
 * setters take; "" (the system default) is not listed. */
GStrv           desk_agent_phone_list_devices      (gboolean           input);

G_END_DECLS
