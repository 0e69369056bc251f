/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-api-call"

#include "config.h"

#include "desk-api-call-private.h"

typedef struct
{
  GObject *self;
  GCancellable *cancellable;
  DeskApiCallDone done;
  gpointer data;
} Call;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                               &error);

  /* A cancelled call belongs to a model that moved on (a newer search,
   * a closed view): its answer, even one that came, is not used. */
  if (g_cancellable_is_cancelled (call->cancellable) && error == NULL)
    {
      g_clear_pointer (&reply, json_node_unref);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }
  call->done (call->self, reply, reply ? NULL : error, call->data);
  g_object_unref (call->self);
  g_clear_object (&call->cancellable);
  g_free (call);
}

void
_desk_api_call (DeskApiClient   *client,
                const char      *method,
                const char      *path,
                JsonNode        *body,
                GCancellable    *cancellable,
                gpointer         self,
                DeskApiCallDone  done,
                gpointer         data)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  call->done = done;
  call->data = data;
  desk_api_client_request_async (client, method, path, body, call->cancellable, on_reply, call);
}

static void
on_task_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = desk_api_client_request_finish (DESK_API_CLIENT (source), result,
                                                               &error);

  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
_desk_api_call_task (DeskApiClient *client,
                     const char    *method,
                     const char    *path,
                     JsonNode      *body,
                     GTask         *task)
{
  desk_api_client_request_async (client, method, path, body, g_task_get_cancellable (task),
                                 on_task_reply, g_object_ref (task));
}

JsonNode *
_desk_api_body (const char *first_member,
                ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  va_list ap;

  json_builder_begin_object (builder);
  va_start (ap, first_member);
  for (const char *name = first_member; name; name = va_arg (ap, const char *))
    {
      GType type = va_arg (ap, GType);

      if (type == G_TYPE_STRING)
        {
          const char *value = va_arg (ap, const char *);

          json_builder_set_member_name (builder, name);
          if (value)
            json_builder_add_string_value (builder, value);
          else
            json_builder_add_null_value (builder);
        }
      else if (type == G_TYPE_INT64)
        {
          gint64 value = va_arg (ap, gint64);

          if (value == 0)
            continue;
          json_builder_set_member_name (builder, name);
          json_builder_add_int_value (builder, value);
        }
      else if (type == G_TYPE_BOOLEAN)
        {
          json_builder_set_member_name (builder, name);
          json_builder_add_boolean_value (builder, va_arg (ap, gboolean));
        }
      else
        g_assert_not_reached ();
    }
  va_end (ap);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
_desk_api_query_path (const char *path,
                      const char *name,
                      const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value ? value : "", NULL, FALSE);

  return g_strdup_printf ("%s?%s=%s", path, name, escaped);
}

void
_desk_api_set_error (GObject       *self,
                     char         **field,
                     GParamSpec    *pspec,
                     const GError  *error)
{
  if (_desk_api_cancelled (error) || g_strcmp0 (*field, error ? error->message : NULL) == 0)
    return;
  g_free (*field);
  *field = error ? g_strdup (error->message) : NULL;
  g_object_notify_by_pspec (self, pspec);
}

void
_desk_api_task_done (GTask        *task,
                     const GError *error)
{
  if (error)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}
