/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-call-flow.h"
#include "desk-store.h"

G_BEGIN_DECLS

#define DESK_TYPE_OFFICE (desk_office_get_type ())
G_DECLARE_FINAL_TYPE (DeskOffice, desk_office, DESK, OFFICE, GObject)

DeskOffice *desk_office_new            (DeskStore   *store);
DeskStore  *desk_office_get_store      (DeskOffice  *self);
gboolean    desk_office_start          (DeskOffice  *self,
                                        const char  *sip_address,
                                        guint        sip_port,
                                        const char  *data_dir,
                                        GError     **error);
void        desk_office_stop           (DeskOffice  *self);
guint       desk_office_get_sip_port   (DeskOffice  *self);
DeskPbx    *desk_office_get_pbx        (DeskOffice  *self);
DeskCallFlow *desk_office_get_call_flow (DeskOffice *self);
char       *desk_office_dup_name       (DeskOffice  *self);
gboolean    desk_office_sync_accounts  (DeskOffice  *self,
                                        GError     **error);

/* Calls and cases (desk-office-cases.c). */
DeskCase   *desk_office_open_case      (DeskOffice         *self,
                                        gint64              actor_id,
                                        gint64              call_id,
                                        const DeskCaseNew  *spec,
                                        GError            **error);
gboolean    desk_office_link_call      (DeskOffice  *self,
                                        gint64       actor_id,
                                        gint64       call_id,
                                        gint64       case_id,
                                        GError     **error);
gboolean    desk_office_mark_not_a_case (DeskOffice *self,
                                         gint64      actor_id,
                                         gint64      call_id,
                                         GError    **error);
DeskCase   *desk_office_run_scenario   (DeskOffice  *self,
                                        gint64       actor_id,
                                        gint64       call_id,
                                        gint64       scenario_id,
                                        GError     **error);

G_END_DECLS
