-- SPDX-License-Identifier: GPL-3.0-or-later
-- What an operator notes in the wrap-up after a contact: a disposition (a
-- short word such as "Resolved") and a free note, on the call or chat they
-- just finished. Calls had a disposition already (campaigns); chats get one.

ALTER TABLE calls ADD COLUMN wrapup_note TEXT CHECK (length(wrapup_note) <= 2000);
ALTER TABLE chats ADD COLUMN disposition TEXT CHECK (length(disposition) <= 64);
ALTER TABLE chats ADD COLUMN wrapup_note TEXT CHECK (length(wrapup_note) <= 2000);

