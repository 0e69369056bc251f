/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "desk-api-client.h"
#include "desk-inbox-item.h"
#include "desk-records.h"

G_BEGIN_DECLS

/**
 * DeskCardState:
 * @DESK_CARD_LOADING: asking the server
 * @DESK_CARD_NONE: no client has the number: search, prefilled, and "new client"
 * @DESK_CARD_ONE: one client: the card
 * @DESK_CARD_SEVERAL: several clients: a short list to pick from
 * @DESK_CARD_FAILED: the server could not be asked ("error" says why)
 */
typedef enum {
  DESK_CARD_LOADING,
  DESK_CARD_NONE,
  DESK_CARD_ONE,
  DESK_CARD_SEVERAL,
  DESK_CARD_FAILED,
} DeskCardState;

/* The "client" property's boxed type: a DeskClient record. */
#define DESK_TYPE_CARD_CLIENT (desk_card_client_get_type ())
GType desk_card_client_get_type (void) G_GNUC_CONST;

#define DESK_TYPE_CLIENT_CARD (desk_client_card_get_type ())
G_DECLARE_FINAL_TYPE (DeskClientCard, desk_client_card, DESK, CLIENT_CARD, GObject)

/* The card of the contact in @item: loads the matched clients (their ids
 * came with the offer), and for one client its open cases and last
 * contacts. Properties: "state", "number" (the contact's number, to
 * prefill search), "client" (boxed DeskClient, NULL unless ONE),
 * "candidates" (GListModel of DeskCardCandidate for SEVERAL and for search
 * results), "open-cases" (GListModel of DeskCardCase), "last-contacts"
 * (GListModel of DeskCardContact), "error". */
DeskClientCard *desk_client_card_new              (DeskApiClient  *client,
                                                   DeskInboxItem  *item);
/* A card for a client picked by hand (search result, case's client). */
DeskClientCard *desk_client_card_new_for_client   (DeskApiClient  *client,
                                                   gint64          client_id);

DeskCardState   desk_client_card_get_state        (DeskClientCard *self);
const char     *desk_client_card_get_number       (DeskClientCard *self);
const DeskClient *desk_client_card_get_client     (DeskClientCard *self);
GListModel     *desk_client_card_get_candidates   (DeskClientCard *self);
GListModel     *desk_client_card_get_open_cases   (DeskClientCard *self);
GListModel     *desk_client_card_get_last_contacts (DeskClientCard *self);
const char     *desk_client_card_get_error        (DeskClientCard *self);

/* Shows one candidate's card (SEVERAL → ONE, or after a search). */
void            desk_client_card_pick             (DeskClientCard *self,
                                                   gint64          client_id);
/* Fills "candidates" with the server's search for @text (name, phone,
 * asset); the state stays as it is. */
void            desk_client_card_search           (DeskClientCard *self,
                                                   const char     *text);
/* Edits in place; the card reloads when the server has it. Errors come as
 * the "failed" signal (const char *message) and leave the card as it was. */
void            desk_client_card_add_phone        (DeskClientCard *self,
                                                   const char     *number,
                                                   const char     *label);
void            desk_client_card_remove_phone     (DeskClientCard *self,
                                                   const char     *e164);
void            desk_client_card_add_asset        (DeskClientCard *self,
                                                   const char     *kind,
                                                   const char     *identifier);
void            desk_client_card_remove_asset     (DeskClientCard *self,
                                                   const char     *identifier);
/* The operator's "new client" with the contact's number: the card becomes
 * ONE with it. */
void            desk_client_card_create_client    (DeskClientCard *self,
                                                   const char     *name,
                                                   const char     *kind);

/* Rows of the card's lists: plain GObjects with read-only properties. */
#define DESK_TYPE_CARD_CANDIDATE (desk_card_candidate_get_type ())
G_DECLARE_FINAL_TYPE (DeskCardCandidate, desk_card_candidate, DESK, CARD_CANDIDATE, GObject)
gint64      desk_card_candidate_get_id      (DeskCardCandidate *self);
const char *desk_card_candidate_get_name    (DeskCardCandidate *self);
const char *desk_card_candidate_get_detail  (DeskCardCandidate *self); /* phone, asset */

#define DESK_TYPE_CARD_CASE (desk_card_case_get_type ())
G_DECLARE_FINAL_TYPE (DeskCardCase, desk_card_case, DESK, CARD_CASE, GObject)
gint64      desk_card_case_get_id           (DeskCardCase *self);
gint64      desk_card_case_get_number       (DeskCardCase *self);
const char *desk_card_case_get_subject      (DeskCardCase *self);
const char *desk_card_case_get_status       (DeskCardCase *self); /* server nick */
gint64      desk_card_case_get_due_at       (DeskCardCase *self);

#define DESK_TYPE_CARD_CONTACT (desk_card_contact_get_type ())
G_DECLARE_FINAL_TYPE (DeskCardContact, desk_card_contact, DESK, CARD_CONTACT, GObject)
const char *desk_card_contact_get_channel   (DeskCardContact *self); /* "phone", "chat"… */
gint64      desk_card_contact_get_at        (DeskCardContact *self);
const char *desk_card_contact_get_summary   (DeskCardContact *self);

G_END_DECLS
