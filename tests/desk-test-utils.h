/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A directory under the system's temp dir, removed with everything in it by
 * desk_test_tmpdir_free(). */
char     *desk_test_tmpdir_new     (const char    *prefix);
void      desk_test_tmpdir_free    (char          *path);

/* Iterates the thread-default main context until @condition returns TRUE or
 * @timeout_ms pass. Returns the condition's last answer. */
typedef gboolean (*DeskTestCondition) (gpointer user_data);
gboolean  desk_test_wait_until     (DeskTestCondition condition,
                                    gpointer       user_data,
                                    guint          timeout_ms);

/* A port that was free on 127.0.0.1 for both UDP and TCP a moment ago. */
guint16   desk_test_free_port      (void);

/* Path of the built frontdesk binary (FRONTDESK_BINARY, set by meson). */
const char *desk_test_frontdesk_binary (void);

/* A child process whose stdout is read line by line. */
typedef struct _DeskTestProcess DeskTestProcess;

DeskTestProcess *desk_test_process_spawn      (GError         **error,
                                               const char      *first_arg,
                                               ...) G_GNUC_NULL_TERMINATED;
DeskTestProcess *desk_test_process_spawnv     (const char * const *argv,
                                               GError         **error);
/* Waits for a stdout line starting with @prefix; returns the rest of it. */
char            *desk_test_process_wait_line  (DeskTestProcess *self,
                                               const char      *prefix,
                                               guint            timeout_ms);
/* Everything read from stdout so far. */
const char      *desk_test_process_get_output (DeskTestProcess *self);
void             desk_test_process_signal     (DeskTestProcess *self,
                                               int              signum);
/* Waits for the exit; returns FALSE on timeout. */
gboolean         desk_test_process_wait       (DeskTestProcess *self,
                                               guint            timeout_ms,
                                               int             *exit_status);
void             desk_test_process_free       (DeskTestProcess *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskTestProcess, desk_test_process_free)

G_END_DECLS
