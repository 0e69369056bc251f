/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "desk-api-client.h"

G_BEGIN_DECLS

/* What the conversation panels' view-models (chat, cases, knowledge base)
 * share: one API call whose answer goes to a method of the model, and
 * small JSON bodies. */

/* @reply is the answer's root, or NULL with @error set (never both). */
typedef void (*DeskApiCallDone) (GObject      *self,
                                 JsonNode     *reply,
                                 const GError *error,
                                 gpointer      data);

/* Calls @done with @self alive (it is kept until the answer comes); once
 * @cancellable is cancelled the error is G_IO_ERROR_CANCELLED whatever the
 * server said (see _desk_api_cancelled()). @data is passed along. */
void      _desk_api_call       (DeskApiClient   *client,
                                const char      *method,
                                const char      *path,
                                JsonNode        *body,
                                GCancellable    *cancellable,
                                gpointer         self,
                                DeskApiCallDone  done,
                                gpointer         data);
/* TRUE for the error of a call that was cancelled: drop the answer. */
static inline gboolean
_desk_api_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Sets a model's "error" string member from @error (NULL: cleared) and
 * notifies @pspec when it changed; a cancelled call changes nothing. */
void      _desk_api_set_error  (GObject         *self,
                                char           **field,
                                GParamSpec      *pspec,
                                const GError    *error);

/* Returns @error or TRUE from @task, and drops the caller's ref on it. */
void      _desk_api_task_done  (GTask           *task,
                                const GError    *error);

/* The same, finishing @task: the reply is returned as a gboolean TRUE. */
void      _desk_api_call_task  (DeskApiClient   *client,
                                const char      *method,
                                const char      *path,
                                JsonNode        *body,
                                GTask           *task);

/* A JSON object from (name, GType, value) triples ending with NULL:
 * G_TYPE_STRING (const char *, NULL → null), G_TYPE_INT64 (gint64; 0 →
 * left out), G_TYPE_BOOLEAN (gboolean). */
JsonNode *_desk_api_body       (const char      *first_member,
                                ...) G_GNUC_NULL_TERMINATED;

/* "path?q=<escaped text>" */
char     *_desk_api_query_path (const char      *path,
                                const char      *name,
                                const char      *value);

G_END_DECLS
