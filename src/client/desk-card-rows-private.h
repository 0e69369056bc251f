/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-client-card.h"

G_BEGIN_DECLS

/* From the server's JSON: a client (GET /clients/{id}), a case, a contact. */
DeskClient        *_desk_client_from_json    (JsonObject *object);
DeskCardCandidate *_desk_card_candidate_new  (JsonObject *client);
DeskCardCase      *_desk_card_case_new       (JsonObject *kase);
DeskCardContact   *_desk_card_contact_new    (JsonObject *contact);

G_END_DECLS
