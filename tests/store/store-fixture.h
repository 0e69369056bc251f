/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "desk-error.h"
#include "desk-sqlite-store.h"
#include "desk-test-utils.h"

typedef struct
{
  char *dir;
  char *path;
  DeskStore *store;
} StoreFixture;

void   store_fixture_setup    (StoreFixture *fixture, gconstpointer data);
void   store_fixture_teardown (StoreFixture *fixture, gconstpointer data);
void   store_fixture_reopen   (StoreFixture *fixture);
gint64 store_fixture_count    (StoreFixture *fixture, const char *sql);
gint64 store_fixture_operator (StoreFixture *fixture, const char *login);

#define STORE_TEST(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)
