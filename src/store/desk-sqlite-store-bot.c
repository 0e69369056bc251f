/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-sqlite-store"

#include "config.h"

#include "desk-sqlite-store-private.h"

#include "desk-error.h"

/* What the chat bot reads: its rules. They are added in
 * desk-sqlite-store-office.c with the rest of the office's configuration. */

/* The enabled rules, the highest priority first, then the oldest: the order
 * in which the bot weighs them. */
static GPtrArray *
store_list_bot_rules (DeskStore  *store,
                      GError    **error)
{
  DeskSqliteStore *self = DESK_SQLITE_STORE (store);
  g_autoptr (GPtrArray) rules =
    g_ptr_array_new_with_free_func ((GDestroyNotify) desk_bot_rule_info_free);
  g_autoptr (DeskStmt) stmt = _desk_sqlite_store_prepare (self,
    "SELECT id, phrases, answer, suggest_articles, hand_off, priority "
    "FROM bot_rules WHERE enabled != 0 ORDER BY priority DESC, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DeskBotRuleInfo *rule = g_new0 (DeskBotRuleInfo, 1);

      rule->id = sqlite3_column_int64 (stmt, 0);
      rule->phrases = _desk_column_text (stmt, 1);
      rule->answer = _desk_column_text (stmt, 2);
      rule->suggest_articles = sqlite3_column_int (stmt, 3) != 0;
      rule->hand_off = sqlite3_column_int (stmt, 4) != 0;
      rule->priority = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (rules, rule);
    }
  if (rc != SQLITE_DONE)
    {
      _desk_sqlite_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

void
_desk_sqlite_store_bot_init (DeskStoreInterface *iface)
{
  iface->list_bot_rules = store_list_bot_rules;
}
