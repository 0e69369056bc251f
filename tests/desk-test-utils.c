/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-test"

#include "desk-test-utils.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <signal.h>
#include <sys/prctl.h>

char *
desk_test_tmpdir_new (const char *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmpl = g_strdup_printf ("%s-XXXXXX", prefix ? prefix : "desk-test");
  char *path = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return path;
}

static void
rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

void
desk_test_tmpdir_free (char *path)
{
  if (path == NULL)
    return;
  if (g_getenv ("DESK_TEST_KEEP_TMP") == NULL)
    rm_rf (path);
  g_free (path);
}

static gboolean
on_wait_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
desk_test_wait_until (DeskTestCondition condition,
                      gpointer          user_data,
                      guint             timeout_ms)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean timed_out = FALSE;
  GSource *timeout;
  gboolean ok;

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_wait_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);

  while (!(ok = condition (user_data)) && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  g_source_unref (timeout);
  return ok;
}

guint16
desk_test_free_port (void)
{
  for (int attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr (GSocket) tcp = NULL;
      g_autoptr (GSocket) udp = NULL;
      g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
      g_autoptr (GSocketAddress) bound = NULL;
      g_autoptr (GSocketAddress) same = NULL;
      guint16 port;

      tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      if (!tcp || !g_socket_bind (tcp, any, FALSE, NULL))
        continue;
      bound = g_socket_get_local_address (tcp, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
      same = g_inet_socket_address_new (lo, port);
      if (udp && g_socket_bind (udp, same, FALSE, NULL))
        return port;
    }
  g_error ("No free port on 127.0.0.1");
}

const char *
desk_test_frontdesk_binary (void)
{
  const char *path = g_getenv ("FRONTDESK_BINARY");

  g_assert_nonnull (path);
  return path;
}

struct _DeskTestProcess
{
  GSubprocess *subprocess;
  GDataInputStream *stdout_lines;
  GString *output;
  GQueue pending;       /* lines read, not yet consumed by wait_line */
  gboolean eof;
  gboolean reading;
  gboolean exited;
  gboolean waiting;     /* one wait_async at a time, however often waited for */
  int exit_status;
};

static void on_line_read (GObject *source, GAsyncResult *result, gpointer data);

static void
read_next_line (DeskTestProcess *self)
{
  self->reading = TRUE;
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, NULL,
                                       on_line_read, self);
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  DeskTestProcess *self = data;
  g_autoptr (GError) error = NULL;
  char *line;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL,
                                               &error);
  self->reading = FALSE;
  if (line == NULL)
    {
      self->eof = TRUE;
      return;
    }
  g_string_append (self->output, line);
  g_string_append_c (self->output, '\n');
  g_queue_push_tail (&self->pending, line);
  if (self->subprocess)
    read_next_line (self);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

DeskTestProcess *
desk_test_process_spawnv (const char * const *argv,
                          GError            **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) subprocess = NULL;
  DeskTestProcess *self;

  /* A test that aborts takes its phones and servers with it: otherwise they
   * keep meson's output pipe open and the whole run hangs. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  subprocess = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (subprocess == NULL)
    return NULL;

  self = g_new0 (DeskTestProcess, 1);
  self->subprocess = g_steal_pointer (&subprocess);
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->subprocess));
  self->output = g_string_new (NULL);
  g_queue_init (&self->pending);
  read_next_line (self);
  return self;
}

DeskTestProcess *
desk_test_process_spawn (GError     **error,
                         const char  *first_arg,
                         ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return desk_test_process_spawnv ((const char * const *) argv->pdata, error);
}

typedef struct
{
  DeskTestProcess *self;
  const char *prefix;
  char *found;
} WaitLine;

static gboolean
line_arrived (gpointer data)
{
  WaitLine *w = data;

  while (!g_queue_is_empty (&w->self->pending))
    {
      g_autofree char *line = g_queue_pop_head (&w->self->pending);

      if (g_str_has_prefix (line, w->prefix))
        {
          w->found = g_strdup (line + strlen (w->prefix));
          return TRUE;
        }
    }
  return w->self->eof;
}

char *
desk_test_process_wait_line (DeskTestProcess *self,
                             const char      *prefix,
                             guint            timeout_ms)
{
  WaitLine w = { self, prefix, NULL };

  desk_test_wait_until (line_arrived, &w, timeout_ms);
  return w.found;
}

const char *
desk_test_process_get_output (DeskTestProcess *self)
{
  return self->output->str;
}

void
desk_test_process_signal (DeskTestProcess *self,
                          int              signum)
{
  g_subprocess_send_signal (self->subprocess, signum);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  DeskTestProcess *self = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  self->waiting = FALSE;
  self->exited = TRUE;
}

static gboolean
has_exited (gpointer data)
{
  DeskTestProcess *self = data;

  return self->exited && self->eof;
}

gboolean
desk_test_process_wait (DeskTestProcess *self,
                        guint            timeout_ms,
                        int             *exit_status)
{
  if (!self->waiting)
    {
      self->waiting = TRUE;
      g_subprocess_wait_async (self->subprocess, NULL, on_exited, self);
    }
  if (!desk_test_wait_until (has_exited, self, timeout_ms))
    return FALSE;
  if (exit_status)
    *exit_status = g_subprocess_get_if_exited (self->subprocess)
                   ? g_subprocess_get_exit_status (self->subprocess)
                   : 128 + g_subprocess_get_term_sig (self->subprocess);
  return TRUE;
}

static gboolean
is_idle (gpointer data)
{
  DeskTestProcess *self = data;

  return !self->reading && self->exited;
}

void
desk_test_process_free (DeskTestProcess *self)
{
  if (self == NULL)
    return;
  if (!self->exited)
    {
      g_subprocess_force_exit (self->subprocess);
      desk_test_process_wait (self, 5000, NULL);
    }
  desk_test_wait_until (is_idle, self, 5000);
  if (self->waiting)
    {
      /* A child that would not die: its wait still holds this struct. */
      g_test_message ("A test process outlived its kill; its record stays");
      return;
    }
  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->subprocess);
  g_queue_clear_full (&self->pending, g_free);
  g_string_free (self->output, TRUE);
  g_free (self);
}
