/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-agent-window.h"
#include "desk-agent-session.h"
#include "desk-login-page.h"

G_BEGIN_DECLS

struct _DeskAgentWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  DeskAgentSession *session;
  GObject *phone;                 /* DeskAgentPhone, NULL in desk-phone mode */
  guint phone_ringing;            /* the softphone's ringing call, 0 if none */
  guint phone_call;               /* its answered call */
  GtkSingleSelection *selection;
  GHashTable *pages;              /* DeskInboxItem → its page in contact_stack */
  GPtrArray *age_labels;          /* the inbox rows' age labels, ticked each second */
  guint tick;

  /* template */
  AdwToastOverlay *toasts;
  GtkStack *main_stack;
  AdwBin *login_slot;
  AdwLeaflet *leaflet;
  GtkWidget *content;
  GtkMenuButton *status_button;
  GtkImage *status_icon;
  GtkLabel *status_label;
  AdwWindowTitle *inbox_title;
  GtkImage *phone_icon;
  GtkRevealer *wrapup_revealer;
  GtkLabel *wrapup_label;
  GtkDropDown *disposition_dropdown;
  GtkEntry *wrapup_note;
  GtkStack *inbox_stack;
  AdwStatusPage *inbox_empty;
  GtkListView *inbox_view;
  AdwWindowTitle *contact_title;
  AdwFlap *kb_flap;
  GtkStack *contact_stack;
  AdwStatusPage *idle_page;
  AdwBin *kb_slot;
};

/* desk-agent-window-actions.c */
void           _desk_agent_window_add_actions     (DeskAgentWindow *self);
void           _desk_agent_window_update_actions  (DeskAgentWindow *self);
DeskInboxItem *_desk_agent_window_current_item    (DeskAgentWindow *self);
void           _desk_agent_window_request         (DeskAgentWindow *self,
                                                   const char      *method,
                                                   const char      *path,
                                                   JsonNode        *body);

/* desk-agent-window-phone.c */
void           _desk_agent_window_start_phone     (DeskAgentWindow *self);
void           _desk_agent_window_stop_phone      (DeskAgentWindow *self);
gboolean       _desk_agent_window_answer          (DeskAgentWindow *self,
                                                   DeskInboxItem   *item,
                                                   GError         **error);
void           _desk_agent_window_set_muted       (DeskAgentWindow *self,
                                                   gboolean         muted);
gboolean       _desk_agent_window_get_muted       (DeskAgentWindow *self);
gboolean       _desk_agent_window_send_dtmf       (DeskAgentWindow *self,
                                                   const char      *digits,
                                                   GError         **error);

G_END_DECLS
