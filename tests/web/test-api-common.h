/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "desk-office.h"
#include "desk-sqlite-store.h"
#include "desk-web-server.h"
#include "desk-test-utils.h"

G_BEGIN_DECLS

/* A real office for the API tests: an SQLite store in a temp dir seeded
 * with staff, clients, calls, cases and articles; the office's telephony
 * started on 127.0.0.1 port 0 so the call flow exists; the web server on
 * 127.0.0.1 port 0; and a libsoup client. */
typedef struct
{
  char *dir;
  DeskStore *store;
  DeskOffice *office;
  DeskWebServer *web;
  SoupSession *session;
  char *base;

  gint64 owner, supervisor, op1, op2, clerk;   /* clerk: an operator with no phone */
  gint64 lesya, ivan, ivanna, company;
  gint64 category, scenario;
  gint64 call1, call1b, call2;                 /* call1, call1b: op1's; call2: op2's */
  gint64 case1, case2;                         /* owned by op1, op2 */
  gint64 article_public, article_internal;
  gint64 callback_free, callback_op2;
} ApiFixture;

typedef struct
{
  guint status;
  char *text;
  JsonNode *root;
  SoupMessageHeaders *headers;
} ApiReply;

void        api_fixture_setup    (ApiFixture    *f,
                                  gconstpointer  data);
void        api_fixture_teardown (ApiFixture    *f,
                                  gconstpointer  data);

/* Sends one request and waits for its answer. @token and @body may be NULL. */
ApiReply   *api_call             (ApiFixture    *f,
                                  const char    *method,
                                  const char    *path,
                                  const char    *token,
                                  const char    *body);
void        api_reply_free       (ApiReply      *reply);
JsonObject *api_object           (ApiReply      *reply);
/* Asserts the status and, for 4xx, the error's shape and code. */
void        api_assert           (ApiReply      *reply,
                                  guint          status,
                                  const char    *code);
/* Logs in and returns the token. */
char       *api_login            (ApiFixture    *f,
                                  const char    *login);
gint64      api_int              (JsonObject    *object,
                                  const char    *member);
const char *api_str              (JsonObject    *object,
                                  const char    *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApiReply, api_reply_free)

G_END_DECLS
