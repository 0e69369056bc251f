/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *token;
  gint64 user_id;
  char *login;
  char *name;
  char *role;
  char *sip_user;      /* NULL: no phone */
  char *sip_password;
  guint sip_port;
} DeskSession;

void desk_session_free (DeskSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskSession, desk_session_free)

#define DESK_TYPE_API_CLIENT (desk_api_client_get_type ())
G_DECLARE_FINAL_TYPE (DeskApiClient, desk_api_client, DESK, API_CLIENT, GObject)

DeskApiClient *desk_api_client_new          (const char           *base_uri);
const char    *desk_api_client_get_base_uri (DeskApiClient        *self);
void           desk_api_client_login_async  (DeskApiClient        *self,
                                             const char           *login,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DeskSession   *desk_api_client_login_finish (DeskApiClient        *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
