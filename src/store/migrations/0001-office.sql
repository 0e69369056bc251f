-- SPDX-License-Identifier: GPL-3.0-or-later
-- The office's whole data model. Times are Unix seconds (UTC); phone numbers
-- are E.164. Later migrations add to it, never rewrite it.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- People who log in.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(login) BETWEEN 1 AND 64),
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'owner')),
  password_hash TEXT NOT NULL,
  -- The SIP account of the operator's phone. The secret is kept in clear
  -- because the agent window is provisioned with it at login; it is a random
  -- string made by the server, never the person's password.
  sip_user      TEXT UNIQUE,
  sip_password  TEXT,
  max_chats     INTEGER NOT NULL DEFAULT 3 CHECK (max_chats BETWEEN 0 AND 20),
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL
);

CREATE TABLE skills (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE user_skills (
  user_id  INTEGER NOT NULL REFERENCES users (id),
  skill_id INTEGER NOT NULL REFERENCES skills (id),
  level    INTEGER NOT NULL DEFAULT 5 CHECK (level BETWEEN 1 AND 10),
  PRIMARY KEY (user_id, skill_id)
) WITHOUT ROWID;

-- API sessions: only a hash of the token is kept.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Clients: people and organisations.
CREATE TABLE clients (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
  name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  organization_id INTEGER REFERENCES clients (id),
  vip             INTEGER NOT NULL DEFAULT 0,
  note            TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

CREATE TABLE client_phones (
  id        INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  e164      TEXT NOT NULL CHECK (e164 GLOB '+[1-9]*' AND length(e164) BETWEEN 9 AND 16),
  label     TEXT,
  UNIQUE (client_id, e164)
);
-- Covering: a caller-ID lookup never touches the table.
CREATE INDEX client_phones_by_e164 ON client_phones (e164, client_id);

CREATE TABLE client_emails (
  id        INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  email     TEXT NOT NULL COLLATE NOCASE CHECK (email LIKE '%_@_%'),
  UNIQUE (client_id, email)
);
CREATE INDEX client_emails_by_email ON client_emails (email);

-- What a caller may identify by: contract, card, device, account numbers.
CREATE TABLE client_assets (
  id         INTEGER PRIMARY KEY,
  client_id  INTEGER NOT NULL REFERENCES clients (id),
  kind       TEXT NOT NULL CHECK (kind IN ('contract', 'card', 'device', 'account', 'other')),
  identifier TEXT NOT NULL CHECK (length(identifier) BETWEEN 1 AND 64),
  note       TEXT,
  UNIQUE (client_id, kind, identifier)
);
CREATE INDEX client_assets_by_identifier ON client_assets (identifier);

CREATE VIRTUAL TABLE clients_fts USING fts5 (
  name, content = 'clients', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN
  INSERT INTO clients_fts (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN
  INSERT INTO clients_fts (clients_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER clients_fts_au AFTER UPDATE OF name ON clients BEGIN
  INSERT INTO clients_fts (clients_fts, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO clients_fts (rowid, name) VALUES (new.id, new.name);
END;

-- Queues, and who answers them.
CREATE TABLE queues (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT NOT NULL UNIQUE,
  strategy              TEXT NOT NULL DEFAULT 'longest_idle'
                        CHECK (strategy IN ('ring_all', 'longest_idle', 'fewest_contacts', 'skills')),
  skill_id              INTEGER REFERENCES skills (id),
  skill_relax_seconds   INTEGER NOT NULL DEFAULT 30,
  sticky_seconds        INTEGER NOT NULL DEFAULT 0,
  sticky_days           INTEGER NOT NULL DEFAULT 30,
  max_wait_seconds      INTEGER NOT NULL DEFAULT 600,
  max_length            INTEGER NOT NULL DEFAULT 20,
  overflow_queue_id     INTEGER REFERENCES queues (id),
  overflow_to_callback  INTEGER NOT NULL DEFAULT 1,
  wrapup_seconds        INTEGER NOT NULL DEFAULT 30,
  announce_seconds      INTEGER NOT NULL DEFAULT 45,
  service_level_seconds INTEGER NOT NULL DEFAULT 20,
  callback_digit        TEXT NOT NULL DEFAULT '3' CHECK (callback_digit GLOB '[0-9*#]'),
  chat_weight           REAL NOT NULL DEFAULT 0.5 CHECK (chat_weight > 0 AND chat_weight <= 1)
);

CREATE TABLE queue_members (
  queue_id INTEGER NOT NULL REFERENCES queues (id),
  user_id  INTEGER NOT NULL REFERENCES users (id),
  penalty  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (queue_id, user_id)
) WITHOUT ROWID;

-- Case categories carry the SLA.
CREATE TABLE case_categories (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  sla_hours    INTEGER NOT NULL DEFAULT 24 CHECK (sla_hours > 0),
  escalate_to  INTEGER REFERENCES users (id),
  is_public    INTEGER NOT NULL DEFAULT 1   -- offered on the portal
);

-- Scenario buttons: one click, one typed case.
CREATE TABLE scenarios (
  id          INTEGER PRIMARY KEY,
  label       TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES case_categories (id),
  subject     TEXT NOT NULL,
  priority    TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  resolve_at_once INTEGER NOT NULL DEFAULT 0
);

-- IVR: a greeting and at most five items; sub-menus one level down at most.
CREATE TABLE ivr_menus (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  parent_id       INTEGER REFERENCES ivr_menus (id),
  greeting        TEXT NOT NULL,
  timeout_seconds INTEGER NOT NULL DEFAULT 5 CHECK (timeout_seconds BETWEEN 1 AND 30),
  max_retries     INTEGER NOT NULL DEFAULT 2 CHECK (max_retries BETWEEN 0 AND 5)
);

CREATE TABLE ivr_items (
  id          INTEGER PRIMARY KEY,
  menu_id     INTEGER NOT NULL REFERENCES ivr_menus (id),
  digit       TEXT NOT NULL CHECK (digit GLOB '[0-9*#]' AND length(digit) = 1),
  action      TEXT NOT NULL CHECK (action IN ('queue', 'info', 'case_status', 'typical_case',
                                              'callback', 'submenu', 'operator')),
  label       TEXT NOT NULL,
  queue_id    INTEGER REFERENCES queues (id),
  prompt      TEXT,
  category_id INTEGER REFERENCES case_categories (id),
  submenu_id  INTEGER REFERENCES ivr_menus (id),
  UNIQUE (menu_id, digit),
  CHECK (action <> 'queue' OR queue_id IS NOT NULL),
  CHECK (action <> 'submenu' OR submenu_id IS NOT NULL),
  CHECK (action <> 'typical_case' OR category_id IS NOT NULL),
  CHECK (action <> 'info' OR prompt IS NOT NULL)
);

CREATE TRIGGER ivr_items_at_most_five BEFORE INSERT ON ivr_items
WHEN (SELECT count(*) FROM ivr_items WHERE menu_id = new.menu_id) >= 5
BEGIN
  SELECT RAISE (ABORT, 'an IVR menu has at most 5 items');
END;

CREATE TRIGGER ivr_items_at_most_five_on_move BEFORE UPDATE OF menu_id ON ivr_items
WHEN new.menu_id <> old.menu_id
 AND (SELECT count(*) FROM ivr_items WHERE menu_id = new.menu_id) >= 5
BEGIN
  SELECT RAISE (ABORT, 'an IVR menu has at most 5 items');
END;

CREATE TRIGGER ivr_items_one_level BEFORE INSERT ON ivr_items
WHEN new.action = 'submenu'
 AND ((SELECT parent_id FROM ivr_menus WHERE id = new.menu_id) IS NOT NULL
      OR (SELECT parent_id FROM ivr_menus WHERE id = new.submenu_id) IS NOT new.menu_id)
BEGIN
  SELECT RAISE (ABORT, 'an IVR sub-menu must be a child of its menu, one level down at most');
END;

-- Which dialled number goes where (the office number, DIDs of the trunk).
CREATE TABLE inbound_routes (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,
  ivr_menu_id INTEGER REFERENCES ivr_menus (id),
  queue_id    INTEGER REFERENCES queues (id),
  CHECK ((ivr_menu_id IS NULL) <> (queue_id IS NULL))
);

CREATE TABLE trunks (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  registrar      TEXT NOT NULL,
  outbound_proxy TEXT,
  username       TEXT NOT NULL,
  auth_user      TEXT,
  password       TEXT NOT NULL,
  caller_id      TEXT,
  do_register    INTEGER NOT NULL DEFAULT 1,
  enabled        INTEGER NOT NULL DEFAULT 1
);

-- Contacts: calls and chats. They are facts of interaction, not cases.
CREATE TABLE calls (
  id                  INTEGER PRIMARY KEY,
  direction           TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
  caller              TEXT NOT NULL,
  caller_e164         TEXT,
  callee              TEXT NOT NULL,
  dialled             TEXT,
  client_id           INTEGER REFERENCES clients (id),
  queue_id            INTEGER REFERENCES queues (id),
  ivr_path            TEXT,
  operator_id         INTEGER REFERENCES users (id),
  offered_at          INTEGER NOT NULL,
  answered_at         INTEGER,
  ended_at            INTEGER,
  wait_seconds        INTEGER NOT NULL DEFAULT 0 CHECK (wait_seconds >= 0),
  talk_seconds        INTEGER NOT NULL DEFAULT 0 CHECK (talk_seconds >= 0),
  hold_seconds        INTEGER NOT NULL DEFAULT 0 CHECK (hold_seconds >= 0),
  wrapup_seconds      INTEGER NOT NULL DEFAULT 0 CHECK (wrapup_seconds >= 0),
  outcome             TEXT NOT NULL DEFAULT 'none'
                      CHECK (outcome IN ('none', 'answered', 'ivr_settled', 'abandoned_ivr',
                                         'abandoned_queue', 'callback', 'overflow', 'voicemail',
                                         'no_answer', 'busy', 'failed')),
  disposition         TEXT,
  recording_path      TEXT,
  hangup_cause        TEXT,
  campaign_contact_id INTEGER REFERENCES campaign_contacts (id),
  not_a_case          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calls_by_offered ON calls (offered_at);
CREATE INDEX calls_by_client ON calls (client_id, offered_at);
CREATE INDEX calls_by_caller ON calls (caller_e164, offered_at);
CREATE INDEX calls_by_operator ON calls (operator_id, offered_at);

CREATE TABLE recording_reviews (
  id          INTEGER PRIMARY KEY,
  call_id     INTEGER NOT NULL REFERENCES calls (id),
  reviewer_id INTEGER NOT NULL REFERENCES users (id),
  score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  comment     TEXT,
  at          INTEGER NOT NULL
);

CREATE TABLE chats (
  id              INTEGER PRIMARY KEY,
  visitor_name    TEXT,
  visitor_contact TEXT,
  visitor_token   TEXT UNIQUE,
  client_id       INTEGER REFERENCES clients (id),
  queue_id        INTEGER REFERENCES queues (id),
  operator_id     INTEGER REFERENCES users (id),
  channel         TEXT NOT NULL DEFAULT 'chat' CHECK (channel IN ('chat', 'portal')),
  started_at      INTEGER NOT NULL,
  answered_at     INTEGER,
  ended_at        INTEGER,
  wait_seconds    INTEGER NOT NULL DEFAULT 0,
  outcome         TEXT NOT NULL DEFAULT 'none'
                  CHECK (outcome IN ('none', 'answered', 'ivr_settled', 'abandoned_ivr',
                                     'abandoned_queue', 'callback', 'overflow', 'voicemail',
                                     'no_answer', 'busy', 'failed')),
  csat            INTEGER CHECK (csat BETWEEN 1 AND 5),
  not_a_case      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chats_by_started ON chats (started_at);
CREATE INDEX chats_by_client ON chats (client_id, started_at);

CREATE TABLE chat_messages (
  id          INTEGER PRIMARY KEY,
  chat_id     INTEGER NOT NULL REFERENCES chats (id),
  at          INTEGER NOT NULL,
  sender      TEXT NOT NULL CHECK (sender IN ('visitor', 'operator', 'bot', 'system')),
  operator_id INTEGER REFERENCES users (id),
  body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  read_at     INTEGER
);
CREATE INDEX chat_messages_by_chat ON chat_messages (chat_id, id);

-- Cases: the business matter. Never deleted; closed with a resolution.
CREATE TABLE cases (
  id                       INTEGER PRIMARY KEY,
  number                   INTEGER NOT NULL UNIQUE CHECK (number > 0),
  client_id                INTEGER REFERENCES clients (id),
  category_id              INTEGER REFERENCES case_categories (id),
  subject                  TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  description              TEXT,
  status                   TEXT NOT NULL DEFAULT 'new'
                           CHECK (status IN ('new', 'in_progress', 'waiting', 'resolved', 'closed')),
  priority                 TEXT NOT NULL DEFAULT 'normal'
                           CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  owner_id                 INTEGER REFERENCES users (id),
  channel                  TEXT NOT NULL
                           CHECK (channel IN ('phone', 'chat', 'portal', 'email', 'ivr', 'campaign', 'walk_in')),
  due_at                   INTEGER,
  escalated_at             INTEGER,
  first_contact_resolution INTEGER CHECK (first_contact_resolution IN (0, 1)),
  resolution               TEXT NOT NULL DEFAULT 'none'
                           CHECK (resolution IN ('none', 'solved', 'workaround', 'not_a_case',
                                                 'duplicate', 'rejected', 'no_response')),
  resolution_note          TEXT,
  portal_token             TEXT NOT NULL UNIQUE,
  created_at               INTEGER NOT NULL,
  updated_at               INTEGER NOT NULL,
  resolved_at              INTEGER,
  closed_at                INTEGER,
  CHECK (status NOT IN ('resolved', 'closed') OR resolution <> 'none')
);
CREATE INDEX cases_by_client ON cases (client_id, status);
CREATE INDEX cases_by_owner ON cases (owner_id, status);
CREATE INDEX cases_by_due ON cases (status, due_at);

CREATE TABLE case_status_transitions (
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  PRIMARY KEY (from_status, to_status)
) WITHOUT ROWID;
INSERT INTO case_status_transitions VALUES
  ('new', 'in_progress'), ('new', 'waiting'), ('new', 'resolved'),
  ('in_progress', 'waiting'), ('in_progress', 'resolved'),
  ('waiting', 'in_progress'), ('waiting', 'resolved'),
  ('resolved', 'closed'), ('resolved', 'in_progress'),
  ('closed', 'in_progress');

CREATE TRIGGER cases_never_deleted BEFORE DELETE ON cases
BEGIN
  SELECT RAISE (ABORT, 'cases are never deleted; close them with a resolution');
END;

CREATE TRIGGER cases_status_lifecycle BEFORE UPDATE OF status ON cases
WHEN new.status <> old.status
 AND NOT EXISTS (SELECT 1 FROM case_status_transitions
                 WHERE from_status = old.status AND to_status = new.status)
BEGIN
  SELECT RAISE (ABORT, 'this case status change is not allowed');
END;

CREATE TRIGGER cases_number_fixed BEFORE UPDATE OF number ON cases
WHEN new.number <> old.number
BEGIN
  SELECT RAISE (ABORT, 'a case number never changes');
END;

-- A case's timeline.
CREATE TABLE case_events (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases (id),
  at        INTEGER NOT NULL,
  actor_id  INTEGER REFERENCES users (id),
  kind      TEXT NOT NULL CHECK (kind IN ('created', 'call', 'chat', 'note', 'status', 'assignment',
                                          'portal_message', 'priority', 'client', 'escalation')),
  call_id   INTEGER REFERENCES calls (id),
  chat_id   INTEGER REFERENCES chats (id),
  old_value TEXT,
  new_value TEXT,
  body      TEXT,
  is_public INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_events_by_case ON case_events (case_id, at, id);

CREATE TRIGGER case_events_never_deleted BEFORE DELETE ON case_events
BEGIN
  SELECT RAISE (ABORT, 'the case history is never deleted');
END;
CREATE TRIGGER case_events_never_changed BEFORE UPDATE ON case_events
BEGIN
  SELECT RAISE (ABORT, 'the case history is never rewritten');
END;

-- Many-to-many between contacts and cases.
CREATE TABLE case_calls (
  case_id INTEGER NOT NULL REFERENCES cases (id),
  call_id INTEGER NOT NULL REFERENCES calls (id),
  PRIMARY KEY (case_id, call_id)
) WITHOUT ROWID;
CREATE INDEX case_calls_by_call ON case_calls (call_id);

CREATE TABLE case_chats (
  case_id INTEGER NOT NULL REFERENCES cases (id),
  chat_id INTEGER NOT NULL REFERENCES chats (id),
  PRIMARY KEY (case_id, chat_id)
) WITHOUT ROWID;
CREATE INDEX case_chats_by_chat ON case_chats (chat_id);

-- Knowledge base and news.
CREATE TABLE kb_articles (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  body       TEXT NOT NULL,
  visibility TEXT NOT NULL DEFAULT 'internal' CHECK (visibility IN ('public', 'internal')),
  category   TEXT,
  author_id  INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Titles and bodies are indexed apart: a title hit is what people mean most
-- of the time, and the small title index answers it without touching bodies.
CREATE VIRTUAL TABLE kb_titles_fts USING fts5 (
  title, content = 'kb_articles', content_rowid = 'id', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE kb_bodies_fts USING fts5 (
  body, content = 'kb_articles', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER kb_fts_ai AFTER INSERT ON kb_articles BEGIN
  INSERT INTO kb_titles_fts (rowid, title) VALUES (new.id, new.title);
  INSERT INTO kb_bodies_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER kb_fts_ad AFTER DELETE ON kb_articles BEGIN
  INSERT INTO kb_titles_fts (kb_titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO kb_bodies_fts (kb_bodies_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER kb_fts_au AFTER UPDATE OF title, body ON kb_articles BEGIN
  INSERT INTO kb_titles_fts (kb_titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO kb_bodies_fts (kb_bodies_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO kb_titles_fts (rowid, title) VALUES (new.id, new.title);
  INSERT INTO kb_bodies_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TABLE news (
  id           INTEGER PRIMARY KEY,
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  author_id    INTEGER REFERENCES users (id)
);

-- Callbacks: one pending per number per queue, never a duplicate.
CREATE TABLE callbacks (
  id              INTEGER PRIMARY KEY,
  e164            TEXT NOT NULL,
  client_id       INTEGER REFERENCES clients (id),
  queue_id        INTEGER REFERENCES queues (id),
  call_id         INTEGER REFERENCES calls (id),
  requested_at    INTEGER NOT NULL,
  enqueued_at     INTEGER NOT NULL,
  due_at          INTEGER NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'offered', 'dialing', 'done', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  max_attempts    INTEGER NOT NULL DEFAULT 3,
  next_attempt_at INTEGER,
  operator_id     INTEGER REFERENCES users (id),
  note            TEXT
);
CREATE UNIQUE INDEX callbacks_one_open ON callbacks (e164, ifnull (queue_id, 0))
  WHERE status IN ('pending', 'offered', 'dialing');
CREATE INDEX callbacks_by_due ON callbacks (status, due_at);

-- Outbound campaigns.
CREATE TABLE dispositions (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  label        TEXT NOT NULL,
  funnel_stage TEXT NOT NULL CHECK (funnel_stage IN ('dialled', 'reached', 'no_answer', 'callback',
                                                     'wrong_segment', 'refused', 'interested',
                                                     'meeting'))
);

CREATE TABLE campaigns (
  id                      INTEGER PRIMARY KEY,
  name                    TEXT NOT NULL UNIQUE,
  script                  TEXT,
  mode                    TEXT NOT NULL DEFAULT 'preview' CHECK (mode IN ('preview', 'progressive')),
  status                  TEXT NOT NULL DEFAULT 'draft'
                          CHECK (status IN ('draft', 'running', 'paused', 'finished')),
  caller_id               TEXT,
  queue_id                INTEGER REFERENCES queues (id),
  hours_start             TEXT NOT NULL DEFAULT '09:00' CHECK (hours_start GLOB '[0-2][0-9]:[0-5][0-9]'),
  hours_end               TEXT NOT NULL DEFAULT '19:00' CHECK (hours_end GLOB '[0-2][0-9]:[0-5][0-9]'),
  max_attempts            INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20),
  retry_busy_minutes      INTEGER NOT NULL DEFAULT 15,
  retry_no_answer_minutes INTEGER NOT NULL DEFAULT 60,
  created_at              INTEGER NOT NULL
);

CREATE TABLE campaign_contacts (
  id                   INTEGER PRIMARY KEY,
  campaign_id          INTEGER NOT NULL REFERENCES campaigns (id),
  client_id            INTEGER REFERENCES clients (id),
  name                 TEXT,
  e164                 TEXT NOT NULL,
  extra_json           TEXT,
  status               TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'scheduled', 'dialing', 'done', 'failed')),
  attempts             INTEGER NOT NULL DEFAULT 0,
  next_attempt_at      INTEGER,
  assigned_operator_id INTEGER REFERENCES users (id),
  disposition_id       INTEGER REFERENCES dispositions (id),
  UNIQUE (campaign_id, e164)
);
CREATE INDEX campaign_contacts_due ON campaign_contacts (campaign_id, status, next_attempt_at);

-- Agent states, from–to: the raw material of occupancy and utilisation.
CREATE TABLE agent_state_log (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  state      TEXT NOT NULL CHECK (state IN ('offline', 'available', 'on_contact', 'wrap_up', 'break')),
  reason     TEXT,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX agent_state_log_by_user ON agent_state_log (user_id, started_at);
CREATE UNIQUE INDEX agent_state_log_one_open ON agent_state_log (user_id) WHERE ended_at IS NULL;

CREATE TABLE bot_rules (
  id               INTEGER PRIMARY KEY,
  phrases          TEXT NOT NULL,
  answer           TEXT NOT NULL,
  suggest_articles INTEGER NOT NULL DEFAULT 0,
  hand_off         INTEGER NOT NULL DEFAULT 0,
  priority         INTEGER NOT NULL DEFAULT 0,
  enabled          INTEGER NOT NULL DEFAULT 1
);

-- Who did what. Append only.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_id    INTEGER REFERENCES users (id),
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   INTEGER,
  detail      TEXT
);
CREATE INDEX audit_log_by_object ON audit_log (object_type, object_id);

CREATE TRIGGER audit_log_never_deleted BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append only');
END;
CREATE TRIGGER audit_log_never_changed BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append only');
END;
