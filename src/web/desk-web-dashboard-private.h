/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-web-private.h"
#include "desk-web-dashboard.h"
#include "desk-kpi.h"

G_BEGIN_DECLS

/* What desk-web-dashboard.c (the page, the figures as JSON) and
 * desk-web-dashboard-live.c (the WebSocket) share, kept on the server
 * object. */
typedef struct
{
  DeskWebServer *server;         /* the owner of this; not a ref */
  DeskOffice *office;
  GPtrArray *viewers;            /* DashboardViewer, owned */
  DeskCallFlow *flow;            /* whose signals wake the viewers; a ref */
  GArray *flow_handlers;         /* gulong */
  guint tick_id;                 /* every DASHBOARD_TICK_MS while anyone watches */
  guint soon_id;                 /* a push soon after an event */
} DeskDashboard;

/* The figures of now as JSON: the reply of GET /api/v1/dashboard, and with
 * @reason ("hello", "tick", "event") a frame of the live stream. %NULL
 * after a logged error. */
JsonNode *_desk_dashboard_figures    (DeskDashboard *dashboard,
                                      const char    *reason);

/* desk-web-dashboard-live.c */
void      _desk_dashboard_live_init  (DeskDashboard *dashboard);
void      _desk_dashboard_live_free  (DeskDashboard *dashboard);

G_END_DECLS
