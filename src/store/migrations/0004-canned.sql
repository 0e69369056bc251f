-- SPDX-License-Identifier: GPL-3.0-or-later
-- Canned answers: ready texts an operator pastes into a chat or reads out
-- (a greeting, "one moment please", a closing), picked by their title.

CREATE TABLE canned_answers (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body       TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at INTEGER NOT NULL
);
