-- SPDX-License-Identifier: GPL-3.0-or-later
-- What live routing reads while a caller waits: a queue's recent handle
-- time (for the wait it announces) and how many contacts each operator
-- answered today (fewest-contacts). Without these both scan every call and
-- chat ever stored. Only answered contacts are indexed: the reads ask for
-- nothing else, and unanswered calls are a large share of the table.

CREATE INDEX calls_answered_by_queue ON calls (queue_id, answered_at)
  WHERE answered_at IS NOT NULL;
CREATE INDEX calls_answered_by_operator ON calls (operator_id, answered_at)
  WHERE answered_at IS NOT NULL;
CREATE INDEX chats_answered_by_operator ON chats (operator_id, answered_at)
  WHERE answered_at IS NOT NULL;
