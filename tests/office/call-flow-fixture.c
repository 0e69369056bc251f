/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-test"

#include "call-flow-fixture.h"

#include "desk-password.h"

#include <sqlite3.h>

static void
flow_event_free (gpointer data)
{
  FlowEvent *e = data;

  g_free (e->type);
  g_free (e->text);
  g_free (e);
}

static void
note (FlowFixture *f,
      const char  *type,
      gint64       call_id,
      gint64       user_id,
      const char  *text)
{
  FlowEvent *e = g_new0 (FlowEvent, 1);

  e->type = g_strdup (type);
  e->call_id = call_id;
  e->user_id = user_id;
  e->text = g_strdup (text);
  g_test_message ("flow: %s call %" G_GINT64_FORMAT " user %" G_GINT64_FORMAT " %s", type,
                  call_id, user_id, text ? text : "");
  g_ptr_array_add (f->events, e);
}

static void
on_offered (DeskCallFlow *flow, gint64 call_id, gint64 user_id, guint n, gint64 client,
            FlowFixture *f)
{
  g_autofree char *text = g_strdup_printf ("%u %" G_GINT64_FORMAT, n, client);

  note (f, "offered", call_id, user_id, text);
}

static void
on_answered (DeskCallFlow *flow, gint64 call_id, gint64 user_id, FlowFixture *f)
{
  note (f, "answered", call_id, user_id, NULL);
}

static void
on_ended (DeskCallFlow *flow, gint64 call_id, const char *outcome, FlowFixture *f)
{
  note (f, "ended", call_id, 0, outcome);
}

static void
on_state (DeskCallFlow *flow, gint64 user_id, const char *state, FlowFixture *f)
{
  note (f, "state", 0, user_id, state);
}

static void
on_pbx_incoming (DeskPbx *pbx, guint leg, const char *from, const char *to_user,
                 const char *source, const char *authenticated, FlowFixture *f)
{
  g_autofree char *text = g_strdup_printf ("%s %s", to_user, authenticated ? authenticated : "-");

  note (f, "pbx-incoming", leg, 0, text);
}

static void
on_pbx_ended (DeskPbx *pbx, guint leg, guint cause, const char *reason, FlowFixture *f)
{
  g_autofree char *text = g_strdup_printf ("%u", cause);

  note (f, "pbx-ended", leg, 0, text);
}

typedef struct
{
  FlowFixture *f;
  const char *type;
  guint from;
  FlowEvent *found;
} EventWait;

static gboolean
event_seen (gpointer data)
{
  EventWait *w = data;

  for (guint i = w->from; i < w->f->events->len; i++)
    {
      FlowEvent *e = g_ptr_array_index (w->f->events, i);

      if (g_str_equal (e->type, w->type))
        {
          w->found = e;
          return TRUE;
        }
    }
  return FALSE;
}

FlowEvent *
flow_find_event (FlowFixture *f,
                 const char  *type,
                 guint        from,
                 guint        timeout_ms)
{
  EventWait w = { f, type, from, NULL };

  desk_test_wait_until (event_seen, &w, timeout_ms);
  return w.found;
}

FlowEvent *
flow_wait_event (FlowFixture *f,
                 const char  *type,
                 guint        from,
                 guint        timeout_ms)
{
  FlowEvent *e = flow_find_event (f, type, from, timeout_ms);

  if (e == NULL)
    g_error ("no “%s” event in %u ms", type, timeout_ms);
  return e;
}

guint
flow_event_index (FlowFixture *f,
                  FlowEvent   *e)
{
  guint index = 0;

  g_assert_true (g_ptr_array_find (f->events, e, &index));
  return index;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
flow_pause_ms (guint ms)
{
  desk_test_wait_until (never, NULL, ms);
}

static gint64
add_operator (FlowFixture *f,
              const char  *login,
              const char  *sip_password)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = desk_password_hash ("operator-password", &error);
  DeskUserNew user = {
    .login = login,
    .display_name = login,
    .role = DESK_ROLE_OPERATOR,
    .password = hash,
    .sip_user = login,
    .sip_password = sip_password,
    .max_chats = 3,
  };
  gint64 id;

  g_assert_no_error (error);
  id = desk_store_add_user (f->store, &user, &error);
  g_assert_no_error (error);
  return id;
}

static void
seed_office (FlowFixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskClient) client = desk_client_new (DESK_CLIENT_KIND_PERSON, "Тарас Шевченко");
  g_autoptr (DeskCase) kase = NULL;
  DeskQueue queue = {
    .name = "Підтримка",
    .strategy = DESK_QUEUE_STRATEGY_LONGEST_IDLE,
    .skill_relax_seconds = 30,
    .sticky_seconds = 30,
    .sticky_days = 30,
    .max_wait_seconds = 600,
    .max_length = 20,
    .wrapup_seconds = 1,
    .announce_seconds = 0,
    .service_level_seconds = 20,
    .callback_digit = "3",
    .chat_weight = 0.5,
  };
  DeskIvrMenu menu = { "Головне меню", 0,
                       "Вітаємо. Оператор — один. Стан звернення — два.", 6, 2 };
  DeskIvrItem to_queue = { 0, "1", DESK_IVR_ACTION_QUEUE, "Оператор", 0, NULL, 0, 0 };
  DeskIvrItem status = { 0, "2", DESK_IVR_ACTION_CASE_STATUS, "Стан звернення", 0, NULL, 0, 0 };
  DeskIvrItem typical = { 0, FLOW_TYPICAL_KEY, DESK_IVR_ACTION_TYPICAL_CASE, FLOW_TYPICAL_LABEL,
                          0, NULL, 0, 0 };
  DeskCaseNew spec = { 0 };

  g_assert_true (desk_store_set_setting (f->store, "default-country", "UA", &error));
  g_assert_true (desk_store_set_setting (f->store, "office-number", FLOW_OFFICE_NUMBER, &error));
  f->op1 = add_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1);
  f->op2 = add_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2);

  f->queue = desk_store_add_queue (f->store, &queue, &error);
  g_assert_no_error (error);
  g_assert_true (desk_store_add_queue_member (f->store, f->queue, f->op1, 0, &error));
  g_assert_true (desk_store_add_queue_member (f->store, f->queue, f->op2, 0, &error));

  f->category = desk_store_add_category (f->store, "Інтернет", 24, 0, &error);
  g_assert_no_error (error);
  f->menu = desk_store_add_ivr_menu (f->store, &menu, &error);
  g_assert_no_error (error);
  to_queue.menu_id = status.menu_id = typical.menu_id = f->menu;
  to_queue.queue_id = f->queue;
  typical.category_id = f->category;
  desk_store_add_ivr_item (f->store, &to_queue, &error);
  g_assert_no_error (error);
  desk_store_add_ivr_item (f->store, &status, &error);
  g_assert_no_error (error);
  desk_store_add_ivr_item (f->store, &typical, &error);
  g_assert_no_error (error);
  desk_store_add_inbound_route (f->store, "100", f->menu, 0, &error);
  g_assert_no_error (error);

  /* The caller is a client whose open case op1 owns: op1 is sticky. */
  desk_client_add_phone (client, FLOW_CALLER_E164, NULL);
  f->client = desk_store_add_client (f->store, 0, client, &error);
  g_assert_no_error (error);
  spec.client_id = f->client;
  spec.category_id = f->category;
  spec.subject = "Немає інтернету";
  spec.priority = DESK_PRIORITY_NORMAL;
  spec.owner_id = f->op1;
  spec.channel = DESK_CHANNEL_PHONE;
  kase = desk_store_create_case (f->store, f->op1, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (desk_store_set_case_status (f->store, f->op1, kase->id,
                                             DESK_CASE_STATUS_IN_PROGRESS, DESK_RESOLUTION_NONE,
                                             NULL, &error));
  f->case_id = kase->id;
  f->case_number = kase->number;
}

void
flow_setup (FlowFixture   *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  DeskCallFlowOptions options = {
    .language = "uk",
    .offer_seconds = FLOW_OFFER_SECONDS,
    .record_calls = TRUE,
  };

  pbx_fixture_setup (&f->base, data);
  if (g_test_failed () || f->base.pbx == NULL)
    return;
  f->events = g_ptr_array_new_with_free_func (flow_event_free);
  f->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pbx_phone_free);
  f->db_path = g_build_filename (f->base.tmpdir, "office.sqlite", NULL);
  f->store = DESK_STORE (desk_sqlite_store_new (f->db_path, &error));
  g_assert_no_error (error);
  seed_office (f);

  f->data_dir = g_build_filename (f->base.tmpdir, "office", NULL);
  options.data_dir = f->data_dir;
  f->flow = desk_call_flow_new (f->store, f->base.pbx, &options, &error);
  g_assert_no_error (error);
  g_signal_connect (f->flow, "call-offered", G_CALLBACK (on_offered), f);
  g_signal_connect (f->flow, "call-answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->flow, "call-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->flow, "agent-state-changed", G_CALLBACK (on_state), f);
  g_signal_connect (f->base.pbx, "call-incoming", G_CALLBACK (on_pbx_incoming), f);
  g_signal_connect (f->base.pbx, "call-ended", G_CALLBACK (on_pbx_ended), f);

  f->caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", 440.0, 90, -1);
  f->op_wav = pbx_write_tone_wav (&f->base, "operator.wav", 1800.0, 90, -1);
}

void
flow_teardown (FlowFixture   *f,
               gconstpointer  data)
{
  g_clear_pointer (&f->phones, g_ptr_array_unref);
  g_clear_object (&f->flow);
  if (f->base.pbx)
    {
      g_signal_handlers_disconnect_by_func (f->base.pbx, on_pbx_incoming, f);
      g_signal_handlers_disconnect_by_func (f->base.pbx, on_pbx_ended, f);
    }
  pbx_fixture_teardown (&f->base, data);
  g_clear_object (&f->store);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_free (f->db_path);
  g_free (f->data_dir);
  g_free (f->caller_wav);
  g_free (f->op_wav);
}

PbxPhone *
flow_start_operator (FlowFixture *f,
                     const char  *user,
                     const char  *password,
                     const char  *answermode)
{
  g_autofree char *account = g_strdup_printf ("auth_pass=%s;regint=600;answermode=%s", password,
                                              answermode);
  PbxPhone *phone = pbx_phone_start (&f->base, user, user, account, f->op_wav);

  g_ptr_array_add (f->phones, phone);
  if (!pbx_wait_registrations (&f->base, user, TRUE, 1, 10000))
    g_error ("%s did not register:\n%s", user, desk_test_process_get_output (phone->process));
  return phone;
}

PbxPhone *
flow_start_caller (FlowFixture *f)
{
  PbxPhone *phone = pbx_phone_start (&f->base, "caller", FLOW_CALLER_USER, "regint=0",
                                     f->caller_wav);

  g_ptr_array_add (f->phones, phone);
  return phone;
}

void
flow_login (FlowFixture *f,
            gint64       user_id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_call_flow_agent_login (f->flow, user_id, &error));
  g_assert_no_error (error);
}

void
flow_dial_and_press (FlowFixture *f,
                     PbxPhone    *caller,
                     const char  *keys)
{
  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->base.port);
  flow_pause_ms (2500);
  for (const char *k = keys; *k; k++)
    {
      pbx_phone_command (caller, "/sndcode %c\n", *k);
      flow_pause_ms (400);
    }
}

DeskCall *
flow_get_call (FlowFixture *f,
               gint64       call_id)
{
  g_autoptr (GError) error = NULL;
  DeskCall *call = desk_store_get_call (f->store, call_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (call);
  return call;
}

gint64
flow_count (FlowFixture *f,
            const char  *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

void
flow_use_provider (FlowFixture *f,
                   guint        port)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *registrar = g_strdup_printf ("127.0.0.1:%u", port);
  DeskPbxTrunk trunk = {
    .registrar = registrar,
    .username = FLOW_TRUNK_USER,
    .password = FLOW_TRUNK_PASS,
    .caller_id = FLOW_OFFICE_NUMBER,
    .registration = FALSE,
  };

  g_assert_true (desk_pbx_set_trunk (f->base.pbx, &trunk, &error));
  g_assert_no_error (error);
}

DeskTestProcess *
flow_start_provider (FlowFixture *f,
                     guint        port,
                     char       **log)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "pbx",
                                                     "trunk-outbound.xml", NULL);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  DeskTestProcess *process;

  *log = g_strdup_printf ("%s/provider-messages.log", f->base.tmpdir);
  process = desk_test_process_spawn (&error, "sipp", "-sf", scenario, "-t", "u1",
                                     "-i", "127.0.0.1", "-p", port_text, "-m", "1", "-nostdin",
                                     "-timeout", "60s", "-timeout_error", "-trace_msg",
                                     "-message_file", *log, "-key", "trunk_user", FLOW_TRUNK_USER,
                                     "-key", "trunk_pass", FLOW_TRUNK_PASS, NULL);
  g_assert_no_error (error);
  return process;
}

/* Under AddressSanitizer (the CI's second run): full stack unwinding for
 * the tests that encode recordings on the recorder's worker. With the fast
 * unwinder, LeakSanitizer reports one 16 KiB g_malloc block at exit after a
 * recording was encoded there, with a two-frame stack that names nothing;
 * with full unwinding the same run reports nothing. Kept on so that, should
 * a leak show up here, its report names its origin. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
