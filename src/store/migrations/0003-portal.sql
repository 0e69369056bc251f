-- SPDX-License-Identifier: GPL-3.0-or-later
-- Who left a request on the self-care portal. A visitor is not made a
-- client (that fills the base with junk): the contact stays with the case,
-- an operator links a client once they know who it is, and the visitor can
-- follow the case by its number and this phone.

CREATE TABLE case_portal_contacts (
  case_id INTEGER PRIMARY KEY REFERENCES cases (id),
  name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  e164    TEXT CHECK (e164 IS NULL OR (e164 GLOB '+[1-9]*' AND length(e164) BETWEEN 9 AND 16)),
  email   TEXT COLLATE NOCASE CHECK (email IS NULL OR (email LIKE '%_@_%' AND length(email) <= 254)),
  CHECK (e164 IS NOT NULL OR email IS NOT NULL)
);
CREATE INDEX case_portal_contacts_by_e164 ON case_portal_contacts (e164) WHERE e164 IS NOT NULL;
