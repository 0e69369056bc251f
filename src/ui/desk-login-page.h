/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-agent-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_LOGIN_PAGE (desk_login_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskLoginPage, desk_login_page, DESK, LOGIN_PAGE, AdwBin)

GtkWidget *desk_login_page_new          (GSettings     *settings);
/* Starts or stops looking for offices on the network (mDNS). */
void       desk_login_page_set_browsing (DeskLoginPage *self,
                                         gboolean       browsing);
/* Fills the form (NULL leaves a field as it is), as the command line's
 * --server and --login do and tests do. */
void       desk_login_page_fill         (DeskLoginPage *self,
                                         const char    *address,
                                         const char    *login,
                                         const char    *password);
/* Signs in with what the form holds, as the Sign In button does. */
void       desk_login_page_sign_in      (DeskLoginPage *self);
gboolean   desk_login_page_get_busy     (DeskLoginPage *self);
const char *desk_login_page_get_error   (DeskLoginPage *self);

/* Signal "signed-in" (DeskAgentSession *session). */

/* "https://host:port" for what the operator typed ("10.0.0.5",
 * "10.0.0.5:8443", "http://office.lan:8080"); the port defaults to
 * 8080, the scheme to https. */
char      *desk_login_page_base_uri_of  (const char    *typed,
                                         GError       **error);

G_END_DECLS
