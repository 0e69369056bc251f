/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-agent"

#include "config.h"

#include "bench-agent.h"

#include "desk-agent-phone.h"
#include "desk-agent-window.h"
#include "desk-client-card-view.h"
#include "desk-contact-page.h"
#include "desk-login-page.h"
#include "desk-sqlite-store.h"
#include "desk-test-utils.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/*
 * "The caller's INVITE → the client card drawn in the agent window"
 * (issue 6, point 11). A real `frontdesk --server --headless` process on
 * an office seeded here (one operator, one queue, the route "100" straight
 * to it, known clients), and in this process the real agent window signed
 * in as that operator with its softphone registered. Callers on a thread
 * of their own call one at a time with the numbers of known clients; each
 * call is timed from its INVITE leaving the caller's socket to the first
 * frame painted after the card view shows the client, and the parts in
 * between are kept so that the figures say where the time goes.
 */

#define OPERATOR_LOGIN "bench-op"
#define OPERATOR_PASSWORD "bench-password"
#define SIP_PASSWORD "bench-sip-secret"
#define OFFICE_NUMBER "+380441112233"
#define CLIENT_PREFIX "+380501" /* + 6 digits; callers dial as 0501XXXXXX */
#define SETUP_MS 30000

static int opt_calls = 100;
static int opt_clients = 1000;
static double opt_rate = 1.0;
static int opt_timeout_ms = 5000;
static char *opt_dir;
static char *opt_csv;
static gboolean opt_keep;
static gboolean opt_quick;
static gboolean opt_no_animations;

static const GOptionEntry entries[]
    = { { "calls", 0, 0, G_OPTION_ARG_INT, &opt_calls, "Calls, one at a time (100)", "N" },
        { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "Known clients in the office (1000)",
          "N" },
        { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_rate,
          "At most this many calls a second (1); a call waits for the operator to be free", "R" },
        { "timeout-ms", 0, 0, G_OPTION_ARG_INT, &opt_timeout_ms,
          "A call whose card is not drawn by then failed (5000)", "MS" },
        { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where the temporary office goes", "DIR" },
        { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv, "Write every call's times to FILE",
          "FILE" },
        { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the temporary office", NULL },
        { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "20 calls", NULL },
        { "no-animations", 0, 0, G_OPTION_ARG_NONE, &opt_no_animations,
          "Turn GTK's animations off (the stacks' crossfades), as the desktop setting does",
          NULL },
        { NULL } };

typedef struct
{
  AgentRun run;
  DeskTestProcess *server;
  DeskAgentWindow *window;
  GSettings *settings;
  AgentCallers *callers;
  AgentCall *current; /* the call in flight, or NULL */
  DeskClientCard *card;
  gulong card_handler;
  GdkFrameClock *clock;
  gulong frame_handler;
  gulong paint_handler;
} Bench;

/* The office ---------------------------------------------------------------- */

/* One operator with a phone in one queue, the route "100" straight to it,
 * and the clients the callers are. */
static gboolean
seed_office (const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "office.sqlite", NULL);
  g_autoptr (DeskSqliteStore) sqlite = desk_sqlite_store_new (path, error);
  DeskStore *store = DESK_STORE (sqlite);
  DeskQueue queue = {
    .name = "Bench",
    .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE,
    .max_wait_seconds = 600,
    .max_length = 1000,
    .service_level_seconds = 20,
    .chat_weight = 0.5,
  };
  DeskUserNew op = { .login = OPERATOR_LOGIN,
                     .display_name = "Оператор",
                     .role = DESK_ROLE_OPERATOR,
                     .password = OPERATOR_PASSWORD,
                     .sip_user = OPERATOR_LOGIN,
                     .sip_password = SIP_PASSWORD,
                     .max_chats = 1 };
  gint64 queue_id, user_id;

  if (sqlite == NULL || !desk_store_set_setting (store, "default-country", "UA", error)
      || !desk_store_set_setting (store, "office-number", OFFICE_NUMBER, error)
      || (queue_id = desk_store_add_queue (store, &queue, error)) == 0
      || (user_id = desk_store_add_user (store, &op, error)) == 0
      || !desk_store_add_queue_member (store, queue_id, user_id, 0, error)
      || desk_store_add_inbound_route (store, "100", 0, queue_id, error) == 0
      || !desk_store_begin (store, error))
    return FALSE;
  for (int i = 0; i < opt_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("Клієнт %d", i);
      g_autofree char *e164 = g_strdup_printf (CLIENT_PREFIX "%06d", i);
      g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, name);

      desk_client_add_phone (client, e164, NULL);
      if (desk_store_add_client (store, 0, client, error) == 0)
        return FALSE;
    }
  if (!desk_store_commit (store, error))
    return FALSE;
  desk_sqlite_store_close (sqlite);
  return TRUE;
}

static guint
port_line (DeskTestProcess *server, const char *prefix)
{
  g_autofree char *rest = desk_test_process_wait_line (server, prefix, SETUP_MS);

  return rest ? (guint)g_ascii_strtoull (rest, NULL, 10) : 0;
}

static gboolean
start_server (Bench *b, const char *dir, GError **error)
{
  const char *binary = g_getenv ("FRONTDESK_BINARY");

  b->server = desk_test_process_spawn (error, binary ? binary : BENCH_FRONTDESK, "--server",
                                       "--headless", "--data-dir", dir, "--sip-port", "0",
                                       "--http-port", "0", "--no-tls", NULL);
  if (b->server == NULL)
    return FALSE;
  b->run.sip_port = port_line (b->server, "SIP port: ");
  b->run.http_port = b->run.sip_port ? port_line (b->server, "HTTP port: ") : 0;
  if (b->run.http_port == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The server did not start:\n%s",
                   desk_test_process_get_output (b->server));
      return FALSE;
    }
  return TRUE;
}

/* One second of silence, 8 kHz mono: the softphone's microphone. */
static char *
write_silence (const char *dir, GError **error)
{
  guint8 wav[44 + 16000] = { 0 };
  g_autofree char *path = g_build_filename (dir, "microphone.wav", NULL);
  const guint32 rate = 8000, data = 16000;
  guint32 u32;
  guint16 u16;

#define PUT(at, v) (memcpy (wav + (at), &(v), sizeof (v)))
  memcpy (wav, "RIFF", 4);
  u32 = GUINT32_TO_LE (36 + data), PUT (4, u32);
  memcpy (wav + 8, "WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16), PUT (16, u32);
  u16 = GUINT16_TO_LE (1), PUT (20, u16);  /* PCM */
  u16 = GUINT16_TO_LE (1), PUT (22, u16);  /* mono */
  u32 = GUINT32_TO_LE (rate), PUT (24, u32);
  u32 = GUINT32_TO_LE (rate * 2), PUT (28, u32);
  u16 = GUINT16_TO_LE (2), PUT (32, u16);
  u16 = GUINT16_TO_LE (16), PUT (34, u16);
  memcpy (wav + 36, "data", 4);
  u32 = GUINT32_TO_LE (data), PUT (40, u32);
#undef PUT
  if (!g_file_set_contents (path, (const char *)wav, sizeof wav, error))
    return NULL;
  return g_steal_pointer (&path);
}

/* Waiting --------------------------------------------------------------------- */

static gboolean
on_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done or @timeout_ms. The callers' thread
 * cannot wake the loop, so a short timer looks at its flags too; while a
 * card is on its way nothing needs it, and the loop sleeps until GTK or
 * the network wakes it. */
static gboolean
wait_for (DeskTestCondition done, gpointer data, guint timeout_ms, gboolean poll_thread)
{
  guint wake = poll_thread ? g_timeout_add (5, on_wake, NULL) : 0;
  gboolean ok = desk_test_wait_until (done, data, timeout_ms);

  if (wake)
    g_source_remove (wake);
  return ok;
}

static gboolean
signed_in (gpointer data)
{
  Bench *b = data;
  DeskLoginPage *page = DESK_LOGIN_PAGE (desk_agent_window_get_login_page (b->window));

  return desk_agent_window_get_session (b->window) != NULL
         || (page && !desk_login_page_get_busy (page) && desk_login_page_get_error (page));
}

static gboolean
contact_busy (DeskAgentSession *session)
{
  GListModel *inbox = desk_agent_session_get_inbox (session);

  for (guint i = 0; i < g_list_model_get_n_items (inbox); i++)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (inbox, i);

      if (desk_inbox_item_get_state (item) != DESK_INBOX_ENDED)
        return TRUE;
    }
  return FALSE;
}

/* Available, the softphone registered, nothing offered or up. */
static gboolean
operator_free (gpointer data)
{
  Bench *b = data;
  DeskAgentSession *session = desk_agent_window_get_session (b->window);
  GObject *phone = desk_agent_window_get_phone (b->window);

  return session && desk_agent_session_get_status (session) == DESK_AGENT_STATUS_AVAILABLE
         && phone && desk_agent_phone_get_registered (DESK_AGENT_PHONE (phone))
         && !contact_busy (session);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
call_settled (gpointer data)
{
  AgentCall *call = data;

  return call->drawn_us || call->failure || g_atomic_int_get (&call->ended);
}

static gboolean
call_ended (gpointer data)
{
  return g_atomic_int_get (&((AgentCall *)data)->ended);
}

/* Watching the window ------------------------------------------------------- */

static void
stop_watching (Bench *b)
{
  if (b->card_handler)
    g_clear_signal_handler (&b->card_handler, b->card);
  g_clear_object (&b->card);
  if (b->clock)
    {
      g_clear_signal_handler (&b->frame_handler, b->clock);
      g_clear_signal_handler (&b->paint_handler, b->clock);
    }
  g_clear_object (&b->clock);
}

static void
on_before_paint (GdkFrameClock *clock, Bench *b)
{
  if (b->current && b->current->frame_us == 0)
    b->current->frame_us = g_get_monotonic_time ();
  g_clear_signal_handler (&b->frame_handler, b->clock);
}

static void
on_after_paint (GdkFrameClock *clock, Bench *b)
{
  AgentCall *call = b->current;

  if (call && call->frame_us && call->drawn_us == 0)
    call->drawn_us = g_get_monotonic_time ();
  g_clear_signal_handler (&b->paint_handler, b->clock);
}

static void
on_card_state (DeskClientCard *card, GParamSpec *pspec, Bench *b)
{
  AgentCall *call = b->current;
  DeskCardState state = desk_client_card_get_state (card);
  GtkWidget *page = desk_agent_window_get_contact_page (b->window);
  DeskClientCardView *view = page ? desk_contact_page_get_card_view (DESK_CONTACT_PAGE (page))
                                  : NULL;
  gint64 now = g_get_monotonic_time ();

  if (call == NULL || state == DESK_CARD_LOADING)
    return;
  if (call->loaded_us == 0)
    call->loaded_us = now;
  /* The view's own handler ran first (it connected first): its page is
   * the one the next frame paints. */
  if (view == NULL || desk_client_card_view_get_card (view) != card)
    call->failure = "the card is not in front";
  else if (g_strcmp0 (desk_client_card_view_get_page (view), "card") != 0)
    call->failure = state == DESK_CARD_FAILED ? "the card failed" : "no single client found";
  else if (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    call->failure = "the card view is not on screen";
  else if (call->shown_us == 0)
    {
      call->shown_us = now;
      b->clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (b->window)));
      b->frame_handler
          = g_signal_connect (b->clock, "before-paint", G_CALLBACK (on_before_paint), b);
      b->paint_handler
          = g_signal_connect (b->clock, "after-paint", G_CALLBACK (on_after_paint), b);
    }
  g_clear_signal_handler (&b->card_handler, b->card);
}

static void
on_event (DeskAgentSession *session, const char *type, JsonObject *message, Bench *b)
{
  if (b->current && b->current->event_us == 0)
    b->current->event_us = g_get_monotonic_time ();
}

static void
on_inbox_changed (GListModel *inbox, guint position, guint removed, guint added, Bench *b)
{
  if (b->current && b->current->inbox_us == 0 && added > 0)
    b->current->inbox_us = g_get_monotonic_time ();
}

static void
on_contact_offered (DeskAgentSession *session, DeskInboxItem *item, Bench *b)
{
  AgentCall *call = b->current;
  const char *number = desk_inbox_item_get_number (item);
  GtkWidget *page;
  DeskClientCard *card;

  if (call == NULL || call->offered_us)
    return;
  /* "0501000007" and "+380501000007" end alike */
  if (desk_inbox_item_get_kind (item) != DESK_INBOX_CALL || number == NULL
      || !g_str_has_suffix (number, call->number + 1))
    {
      b->run.stray_offers++;
      return;
    }
  call->offered_us = g_get_monotonic_time ();
  page = desk_agent_window_get_contact_page (b->window);
  if (page == NULL || desk_contact_page_get_item (DESK_CONTACT_PAGE (page)) != item)
    {
      call->failure = "the offered call's page is not in front";
      return;
    }
  card = desk_client_card_view_get_card (desk_contact_page_get_card_view (DESK_CONTACT_PAGE (page)));
  stop_watching (b);
  b->card = g_object_ref (card);
  b->card_handler = g_signal_connect (card, "notify::state", G_CALLBACK (on_card_state), b);
  if (desk_client_card_get_state (card) != DESK_CARD_LOADING)
    on_card_state (card, NULL, b);
}

static void
on_phone_incoming (GObject *phone, guint id, const char *number, const char *name, Bench *b)
{
  if (b->current && b->current->ring_us == 0)
    b->current->ring_us = g_get_monotonic_time ();
}

/* The run -------------------------------------------------------------------- */

static gboolean
sign_in (Bench *b, GError **error)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", b->run.http_port);
  DeskLoginPage *page = DESK_LOGIN_PAGE (desk_agent_window_get_login_page (b->window));
  DeskAgentSession *session;
  GObject *phone;

  desk_login_page_fill (page, uri, OPERATOR_LOGIN, OPERATOR_PASSWORD);
  desk_login_page_sign_in (page);
  if (!wait_for (signed_in, b, SETUP_MS, FALSE) || desk_agent_window_get_session (b->window) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Sign-in failed: %s",
                   desk_login_page_get_error (page) ? desk_login_page_get_error (page)
                                                    : "timed out");
      return FALSE;
    }
  session = desk_agent_window_get_session (b->window);
  phone = desk_agent_window_get_phone (b->window);
  if (phone == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window has no softphone");
      return FALSE;
    }
  g_signal_connect (session, "event::call-offered", G_CALLBACK (on_event), b);
  g_signal_connect_after (session, "contact-offered", G_CALLBACK (on_contact_offered), b);
  g_signal_connect (desk_agent_session_get_inbox (session), "items-changed",
                    G_CALLBACK (on_inbox_changed), b);
  g_signal_connect (phone, "incoming", G_CALLBACK (on_phone_incoming), b);
  g_action_group_activate_action (G_ACTION_GROUP (b->window), "status",
                                  g_variant_new_string ("available"));
  if (!wait_for (operator_free, b, SETUP_MS, FALSE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The operator did not become available with a registered softphone "
                   "(status %d, softphone %s)",
                   desk_agent_session_get_status (session),
                   desk_agent_phone_get_registered (DESK_AGENT_PHONE (phone)) ? "registered"
                                                                               : "not registered");
      return FALSE;
    }
  return TRUE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
run_calls (Bench *b)
{
  gint64 interval = (gint64)(G_USEC_PER_SEC / opt_rate), last = 0;
  double cpu0 = cpu_seconds ();

  b->run.calls_started_us = g_get_monotonic_time ();
  for (int i = 0; i < b->run.n_calls; i++)
    {
      AgentCall *call = &b->run.calls[i];

      if (!wait_for (operator_free, b, 10000, FALSE))
        {
          call->failure = "the operator was not free";
          continue;
        }
      if (last && g_get_monotonic_time () < last + interval)
        wait_for (never, NULL, (guint)((last + interval - g_get_monotonic_time ()) / 1000), FALSE);
      b->current = call;
      agent_callers_call (b->callers, i);
      last = g_get_monotonic_time ();
      wait_for (call_settled, call, opt_timeout_ms, TRUE);
      if (call->drawn_us == 0 && call->failure == NULL)
        call->failure = g_atomic_int_get (&call->ended) ? "the office ended the call"
                        : call->shown_us                ? "no frame was drawn"
                        : call->offered_us              ? "the card did not load"
                        : call->event_us                ? "the inbox did not offer it"
                                                        : "no offer reached the agent";
      agent_callers_hangup (b->callers, i);
      if (!wait_for (call_ended, call, 5000, TRUE) && call->failure == NULL)
        call->failure = "the caller's hang-up was not answered";
      stop_watching (b);
      b->current = NULL;
      if ((i + 1) % 20 == 0)
        printf ("  %d calls…\n", i + 1);
    }
  b->run.calls_ended_us = g_get_monotonic_time ();
  b->run.cpu_s = cpu_seconds () - cpu0;
}

static void
prepare_calls (AgentRun *run)
{
  run->n_calls = opt_calls;
  run->calls = g_new0 (AgentCall, opt_calls);
  for (int i = 0; i < opt_calls; i++)
    {
      AgentCall *call = &run->calls[i];

      call->index = (guint)i;
      /* a different client each call, as far as there are clients */
      g_snprintf (call->number, sizeof call->number, "0501%06d", (i * 7919) % opt_clients);
      g_snprintf (call->call_id, sizeof call->call_id, "bench-agent-%d@127.0.0.1", i);
    }
}

static void
free_calls (AgentRun *run)
{
  for (int i = 0; i < run->n_calls; i++)
    {
      g_free (run->calls[i].to_tag);
      g_free (run->calls[i].target);
    }
  g_free (run->calls);
}

static gboolean
setup_window (Bench *b, const char *dir, GError **error)
{
  g_autofree char *microphone = write_silence (dir, error);
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autofree char *speaker = g_build_filename (dir, "speaker.wav", NULL);
  g_autoptr (GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;

  if (microphone == NULL)
    return FALSE;
  source = g_settings_schema_source_get_default ();
  schema = source ? g_settings_schema_source_lookup (source, "io.github.frontdesk.Frontdesk", TRUE)
                  : NULL;
  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No compiled settings schema in %s: build it (ninja -C BUILDDIR "
                   "data/gschemas.compiled) or set GSETTINGS_SCHEMA_DIR",
                   g_getenv ("GSETTINGS_SCHEMA_DIR"));
      return FALSE;
    }
  input = g_strconcat ("file:", microphone, NULL);
  output = g_strconcat ("file:", speaker, NULL);
  b->settings = g_settings_new ("io.github.frontdesk.Frontdesk");
  g_settings_set_string (b->settings, "audio-input-device", input);
  g_settings_set_string (b->settings, "audio-output-device", output);
  g_settings_set_int (b->settings, "window-width", 1280);
  g_settings_set_int (b->settings, "window-height", 720);
  g_settings_set_boolean (b->settings, "window-maximized", FALSE);
  b->window = desk_agent_window_new (NULL);
  gtk_window_present (GTK_WINDOW (b->window));
  return sign_in (b, error);
}

static void
teardown (Bench *b, const char *dir)
{
  int status;

  stop_watching (b);
  if (b->callers)
    agent_callers_stop (b->callers);
  if (b->window)
    gtk_window_destroy (GTK_WINDOW (b->window));
  g_clear_object (&b->settings);
  if (b->server)
    {
      desk_test_process_signal (b->server, SIGTERM);
      if (!desk_test_process_wait (b->server, 10000, &status))
        g_printerr ("The server did not stop in 10 s\n");
      desk_test_process_free (b->server);
    }
  if (dir && opt_keep)
    printf ("The office is kept in %s\n", dir);
  else if (dir)
    desk_test_tmpdir_free (g_strdup (dir));
}

static char *
make_dir (void)
{
  g_autofree char *template
      = g_build_filename (opt_dir ? opt_dir : g_get_tmp_dir (), "bench-agent-XXXXXX", NULL);

  return g_mkdtemp (template) ? g_steal_pointer (&template) : NULL;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  Bench b = { 0 };
  gint64 t0;
  int status = 1;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
      context, "Times \"the caller's INVITE → the client card drawn in the agent window\"\n"
               "against a real frontdesk server process. Run it under a display, e.g.\n"
               "dbus-run-session -- xvfb-run -a -s '-screen 0 1366x768x24' bench-agent");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_quick)
    opt_calls = MIN (opt_calls, 20);
  if (opt_calls < 1 || opt_calls > 0xffffff || opt_clients < 1 || opt_clients > 999999
      || opt_rate <= 0 || opt_timeout_ms < 100)
    {
      g_printerr ("Options out of range\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  /* Never the desktop's own settings; the schema from the build tree. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
  /* Xvfb has no GPU: GL there is Mesa's software rasteriser, slower than
   * any operator's desktop. Cairo paints on the CPU as the UI tests do;
   * GSK_RENDERER=gl measures the other (see README.md). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!gtk_init_check ())
    {
      g_printerr ("No display: run it under xvfb-run (see bench/README.md)\n");
      return 2;
    }
  adw_init ();
  if (opt_no_animations)
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  prepare_calls (&b.run);
  b.run.n_clients = opt_clients;
  bench_agent_print_header (&b.run);
  dir = make_dir ();
  if (dir == NULL)
    {
      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not make a directory in %s: %s", opt_dir ? opt_dir : g_get_tmp_dir (),
                   g_strerror (errno));
      goto out;
    }
  t0 = g_get_monotonic_time ();
  if (!seed_office (dir, &error) || !start_server (&b, dir, &error))
    goto out;
  printf ("  the office (1 operator, %d clients) and its server: %.1f s\n", opt_clients,
          (g_get_monotonic_time () - t0) / 1e6);
  t0 = g_get_monotonic_time ();
  if (!setup_window (&b, dir, &error))
    goto out;
  b.run.renderer = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (b.window)));
  g_object_get (gtk_settings_get_default (), "gtk-enable-animations", &b.run.animations, NULL);
  printf ("  signed in, available, softphone registered: %.1f s (renderer %s)\n",
          (g_get_monotonic_time () - t0) / 1e6, b.run.renderer);
  b.callers = agent_callers_start ((guint16)b.run.sip_port, b.run.calls, b.run.n_calls, &error);
  if (b.callers == NULL)
    goto out;

  run_calls (&b);
  b.run.unexpected = agent_callers_get_unexpected (b.callers);
  b.run.rtp = agent_callers_get_rtp (b.callers);
  bench_agent_report (&b.run);
  if (opt_csv && !bench_agent_write_csv (&b.run, opt_csv, &error))
    goto out;
  status = 0;

out:
  if (error)
    g_printerr ("%s\n", error->message);
  teardown (&b, dir);
  free_calls (&b.run);
  return status;
}
