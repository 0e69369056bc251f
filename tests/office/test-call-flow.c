/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-call-flow-test"

#include "pbx-test-common.h"

#include "desk-call-flow.h"
#include "desk-error.h"
#include "desk-password.h"
#include "desk-sqlite-store.h"
#include "desk-voice.h"

#include <math.h>
#include <string.h>

/* The office's call flow end to end: a real engine, a real store, baresip
 * phones for the caller and the operators, sipp as the SIP provider. The
 * test logs operators in and watches the flow's signals; everything else is
 * the office's own doing. */

#define CALLER_USER   "0501234567"       /* +380501234567 for a UA office */
#define CALLER_E164   "+380501234567"
#define OFFER_SECONDS 4
#define TRUNK_USER    "office"
#define TRUNK_PASS    "trunk-secret"

typedef struct
{
  char *type;
  gint64 call_id;
  gint64 user_id;
  char *text;
} FlowEvent;

typedef struct
{
  PbxFixture base;
  DeskStore *store;
  DeskCallFlow *flow;
  GPtrArray *events;
  GPtrArray *phones;
  char *data_dir;
  char *caller_wav;
  char *op_wav;
  gint64 op1, op2, client, queue, case_id, case_number;
} FlowFixture;

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

/* The first event of @type recorded at index @from or later. */
static FlowEvent *
wait_event (FlowFixture *f,
            const char  *type,
            guint        from,
            guint        timeout_ms)
{
  EventWait w = { f, type, from, NULL };

  if (!desk_test_wait_until (event_seen, &w, timeout_ms))
    g_error ("no “%s” event in %u ms", type, timeout_ms);
  return w.found;
}

static guint
event_index (FlowFixture *f,
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

/* Lets the main loop run for a while. */
static void
pause_ms (guint ms)
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
  DeskCaseNew spec = { 0 };
  gint64 menu_id, category;

  g_assert_true (desk_store_set_setting (f->store, "default-country", "UA", &error));
  g_assert_true (desk_store_set_setting (f->store, "office-number", "+380441112233", &error));
  f->op1 = add_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1);
  f->op2 = add_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2);

  f->queue = desk_store_add_queue (f->store, &queue, &error);
  g_assert_no_error (error);
  g_assert_true (desk_store_add_queue_member (f->store, f->queue, f->op1, 0, &error));
  g_assert_true (desk_store_add_queue_member (f->store, f->queue, f->op2, 0, &error));

  menu_id = desk_store_add_ivr_menu (f->store, &menu, &error);
  g_assert_no_error (error);
  to_queue.menu_id = status.menu_id = menu_id;
  to_queue.queue_id = f->queue;
  desk_store_add_ivr_item (f->store, &to_queue, &error);
  g_assert_no_error (error);
  desk_store_add_ivr_item (f->store, &status, &error);
  g_assert_no_error (error);
  desk_store_add_inbound_route (f->store, "100", menu_id, 0, &error);
  g_assert_no_error (error);

  /* The caller is a client whose open case op1 owns: op1 is sticky. */
  desk_client_add_phone (client, CALLER_E164, NULL);
  f->client = desk_store_add_client (f->store, 0, client, &error);
  g_assert_no_error (error);
  category = desk_store_add_category (f->store, "Інтернет", 24, 0, &error);
  g_assert_no_error (error);
  spec.client_id = f->client;
  spec.category_id = category;
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

static void
flow_setup (FlowFixture   *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  DeskCallFlowOptions options = {
    .language = "uk",
    .offer_seconds = OFFER_SECONDS,
    .record_calls = TRUE,
  };

  pbx_fixture_setup (&f->base, data);
  if (g_test_failed () || f->base.pbx == NULL)
    return;
  f->events = g_ptr_array_new_with_free_func (flow_event_free);
  f->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pbx_phone_free);
  path = g_build_filename (f->base.tmpdir, "office.sqlite", NULL);
  f->store = DESK_STORE (desk_sqlite_store_new (path, &error));
  g_assert_no_error (error);
  seed_office (f);

  f->data_dir = g_build_filename (f->base.tmpdir, "office", NULL);
  options.data_dir = f->data_dir;
  f->flow = desk_call_flow_new (f->store, f->base.pbx, &options, &error);
  g_assert_no_error (error);
  g_signal_connect (f->flow, "call-offered", G_CALLBACK (on_offered), f);
  g_signal_connect (f->flow, "call-answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->flow, "call-ended", G_CALLBACK (on_ended), f);

  f->caller_wav = pbx_write_tone_wav (&f->base, "caller.wav", 440.0, 90, -1);
  f->op_wav = pbx_write_tone_wav (&f->base, "operator.wav", 1800.0, 90, -1);
}

static void
flow_teardown (FlowFixture   *f,
               gconstpointer  data)
{
  g_clear_pointer (&f->phones, g_ptr_array_unref);
  g_clear_object (&f->flow);
  pbx_fixture_teardown (&f->base, data);
  g_clear_object (&f->store);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_free (f->data_dir);
  g_free (f->caller_wav);
  g_free (f->op_wav);
}

static PbxPhone *
start_operator (FlowFixture *f,
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

static PbxPhone *
start_caller (FlowFixture *f)
{
  PbxPhone *phone = pbx_phone_start (&f->base, "caller", CALLER_USER, "regint=0", f->caller_wav);

  g_ptr_array_add (f->phones, phone);
  return phone;
}

static void
login (FlowFixture *f,
       gint64       user_id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_call_flow_agent_login (f->flow, user_id, &error));
  g_assert_no_error (error);
}

/* The caller dials the office and picks @key in the IVR once the greeting
 * has begun. */
static void
dial_and_press (FlowFixture *f,
                PbxPhone    *caller,
                const char  *keys)
{
  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->base.port);
  pause_ms (2500);
  for (const char *k = keys; *k; k++)
    {
      pbx_phone_command (caller, "/sndcode %c\n", *k);
      pause_ms (400);
    }
}

static DeskCall *
get_call (FlowFixture *f,
          gint64       call_id)
{
  g_autoptr (GError) error = NULL;
  DeskCall *call = desk_store_get_call (f->store, call_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (call);
  return call;
}

/* caller → IVR (DTMF 1) → queue → the sticky operator (op1, who owns the
 * caller's open case) rings first and lets it ring out → op2 rings and
 * answers. The record tells the whole way. */
static void
test_sticky_then_next (FlowFixture   *f,
                       gconstpointer  data)
{
  g_autoptr (DeskCall) call = NULL;
  g_autofree char *identified = g_strdup_printf ("1 %" G_GINT64_FORMAT, f->client);
  FlowEvent *first, *second, *answered, *ended;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "manual");
  start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  /* op1 has been idle for a shorter time: without stickiness op2 would go first. */
  login (f, f->op2);
  pause_ms (1100);
  login (f, f->op1);

  caller = start_caller (f);
  dial_and_press (f, caller, "1");

  first = wait_event (f, "offered", 0, 20000);
  g_assert_cmpint (first->user_id, ==, f->op1);
  g_assert_cmpstr (first->text, ==, identified);
  second = wait_event (f, "offered", event_index (f, first) + 1, (OFFER_SECONDS + 10) * 1000);
  g_assert_cmpint (second->user_id, ==, f->op2);
  g_assert_cmpint (second->call_id, ==, first->call_id);
  answered = wait_event (f, "answered", 0, 15000);
  g_assert_cmpint (answered->user_id, ==, f->op2);

  pause_ms (2000);
  pbx_phone_command (caller, "/hangup\n");
  ended = wait_event (f, "ended", 0, 10000);
  g_assert_cmpstr (ended->text, ==, "answered");

  call = get_call (f, first->call_id);
  g_assert_cmpint (call->direction, ==, DESK_CALL_DIRECTION_INBOUND);
  g_assert_cmpstr (call->caller_e164, ==, CALLER_E164);
  g_assert_cmpint (call->client_id, ==, f->client);
  g_assert_cmpint (call->queue_id, ==, f->queue);
  g_assert_cmpint (call->operator_id, ==, f->op2);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ANSWERED);
  g_assert_nonnull (call->ivr_path);
  g_assert_nonnull (strstr (call->ivr_path, "Головне меню > 1 Оператор"));
  g_assert_cmpint (call->wait_seconds, >=, OFFER_SECONDS - 1);
  g_assert_cmpint (call->talk_seconds, >=, 1);
  g_assert_cmpint (call->answered_at, >, 0);
  g_assert_cmpint (call->ended_at, >=, call->answered_at);

  /* op1 let one offer ring out: still available (auto-break comes at 2). */
  g_assert_cmpint (desk_call_flow_get_agent_state (f->flow, f->op1), ==,
                   DESK_AGENT_STATE_AVAILABLE);
}

static gboolean
call_has_recording (gpointer data)
{
  FlowFixture *f = ((gpointer *) data)[0];
  gint64 call_id = *(gint64 *) ((gpointer *) data)[1];
  g_autoptr (DeskCall) call = desk_store_get_call (f->store, call_id, NULL);

  return call && call->recording_path && g_str_has_suffix (call->recording_path, ".ogg");
}

/* The answered call's recording ends up as Ogg/Opus on the record. */
static void
test_recorded (FlowFixture   *f,
               gconstpointer  data)
{
  FlowEvent *answered;
  PbxPhone *caller;
  gint64 call_id;
  gpointer args[2];

  if (!pbx_require_phones ())
    return;
  start_operator (f, PBX_TEST_USER2, PBX_TEST_PASSWORD2, "auto");
  login (f, f->op2);
  caller = start_caller (f);
  dial_and_press (f, caller, "1");
  answered = wait_event (f, "answered", 0, 20000);
  call_id = answered->call_id;
  pause_ms (2000);
  pbx_phone_command (caller, "/hangup\n");
  wait_event (f, "ended", 0, 10000);

  args[0] = f;
  args[1] = &call_id;
  g_assert_true (desk_test_wait_until (call_has_recording, args, 30000));
}

/* Nobody free (the only operator is on a break): the caller waits, gives
 * up, and the record says so with the wait. */
static void
test_abandoned (FlowFixture   *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskCall) call = NULL;
  FlowEvent *ended;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  login (f, f->op1);
  g_assert_true (desk_call_flow_agent_set_break (f->flow, f->op1, "lunch", &error));
  g_assert_no_error (error);

  caller = start_caller (f);
  dial_and_press (f, caller, "1");
  pause_ms (3500);
  g_assert_cmpuint (desk_call_flow_count_waiting (f->flow, f->queue), ==, 1);
  pbx_phone_command (caller, "/hangup\n");
  ended = wait_event (f, "ended", 0, 10000);
  g_assert_cmpstr (ended->text, ==, "abandoned_queue");
  g_assert_cmpuint (desk_call_flow_count_waiting (f->flow, f->queue), ==, 0);

  call = get_call (f, ended->call_id);
  g_assert_cmpint (call->outcome, ==, DESK_CALL_OUTCOME_ABANDONED_QUEUE);
  g_assert_cmpint (call->wait_seconds, >=, 2);
  g_assert_cmpint (call->operator_id, ==, 0);
  g_assert_cmpint (call->answered_at, ==, 0);
}

/* Sipp as the SIP provider ---------------------------------------------- */

static DeskTestProcess *
start_provider (FlowFixture *f,
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
                                     "-message_file", *log, "-key", "trunk_user", TRUNK_USER,
                                     "-key", "trunk_pass", TRUNK_PASS, NULL);
  g_assert_no_error (error);
  return process;
}

static gboolean
callback_is (gpointer data)
{
  gpointer *args = data;
  FlowFixture *f = args[0];
  const char *status = args[1];
  g_autoptr (GPtrArray) open = desk_store_list_open_callbacks (f->store, NULL);

  if (g_str_equal (status, "pending"))
    {
      for (guint i = 0; open && i < open->len; i++)
        if (((DeskCallbackInfo *) g_ptr_array_index (open, i))->status ==
            DESK_CALLBACK_STATUS_PENDING)
          return TRUE;
      return FALSE;
    }
  return open && open->len == 0;
}

/* The caller presses 3 while waiting and hangs up; when the operator is
 * free, their phone rings first, then the provider is asked to call the
 * customer with the office's number, and the two are bridged. */
static void
test_callback (FlowFixture   *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (DeskCall) call = NULL;
  g_autofree char *registrar = NULL;
  g_autofree char *log = NULL;
  g_autofree char *messages = NULL;
  g_autoptr (DeskTestProcess) provider = NULL;
  DeskCallbackInfo *callback;
  FlowEvent *ended, *offered, *answered;
  PbxPhone *caller, *op;
  guint provider_port = desk_test_free_port ();
  gpointer args[2] = { f, "pending" };
  int status = -1;
  DeskPbxTrunk trunk = {
    .username = TRUNK_USER,
    .password = TRUNK_PASS,
    .caller_id = "+380441112233",
    .registration = FALSE,
  };

  if (!pbx_require_phones () || !pbx_require_program ("sipp"))
    return;
  registrar = g_strdup_printf ("127.0.0.1:%u", provider_port);
  trunk.registrar = registrar;
  g_assert_true (desk_pbx_set_trunk (f->base.pbx, &trunk, &error));
  g_assert_no_error (error);

  op = start_operator (f, PBX_TEST_USER1, PBX_TEST_PASSWORD1, "auto");
  login (f, f->op1);
  g_assert_true (desk_call_flow_agent_set_break (f->flow, f->op1, "training", &error));

  caller = start_caller (f);
  dial_and_press (f, caller, "1");
  pause_ms (2000);
  pbx_phone_command (caller, "/sndcode 3\n");
  ended = wait_event (f, "ended", 0, 20000);
  g_assert_cmpstr (ended->text, ==, "callback");
  g_assert_true (desk_test_wait_until (callback_is, args, 5000));

  open = desk_store_list_open_callbacks (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  callback = g_ptr_array_index (open, 0);
  g_assert_cmpstr (callback->e164, ==, CALLER_E164);
  g_assert_cmpint (callback->client_id, ==, f->client);
  g_assert_cmpint (callback->queue_id, ==, f->queue);
  g_assert_cmpint (callback->call_id, ==, ended->call_id);
  /* The caller keeps the place they had in the line, before pressing 3. */
  g_assert_cmpint (callback->enqueued_at, <, callback->requested_at);

  /* Pressing 3 again from the same number makes no second request. */
  provider = start_provider (f, provider_port, &log);
  pause_ms (500);
  g_assert_true (desk_call_flow_agent_set_available (f->flow, f->op1, &error));
  g_assert_no_error (error);

  offered = wait_event (f, "offered", 0, 15000);
  g_assert_cmpint (offered->user_id, ==, f->op1);
  answered = wait_event (f, "answered", 0, 20000);
  g_assert_cmpint (answered->user_id, ==, f->op1);
  pause_ms (1500);
  pbx_phone_command (op, "/hangup\n");
  g_assert_true (desk_test_process_wait (provider, 15000, &status));
  g_assert_cmpint (status, ==, 0);

  args[1] = "done";
  g_assert_true (desk_test_wait_until (callback_is, args, 5000));
  call = get_call (f, answered->call_id);
  g_assert_cmpint (call->direction, ==, DESK_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpstr (call->callee, ==, CALLER_E164);
  g_assert_cmpint (call->operator_id, ==, f->op1);
  g_assert_cmpint (call->client_id, ==, f->client);
  g_assert_cmpint (call->answered_at, >, 0);

  /* The provider was asked for the customer, from the office's number. */
  g_assert_true (g_file_get_contents (log, &messages, NULL, NULL));
  g_assert_nonnull (strstr (messages, "INVITE sip:" CALLER_E164 "@"));
  g_assert_nonnull (strstr (messages, "+380441112233"));
}

/* The prompt, found in what the caller heard ------------------------------- */

static gint16 *
read_mono (const char *path,
           gsize      *n)
{
  g_autofree char *data = NULL;
  gsize len = 0, pos = 12;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  while (pos + 8 <= len)
    {
      guint32 size = GUINT32_FROM_LE (*(guint32 *) (data + pos + 4));

      if (memcmp (data + pos, "data", 4) == 0)
        {
          gsize count = (len - pos - 8) / 2;
          gint16 *out = g_new (gint16, count + 1);

          memcpy (out, data + pos + 8, count * 2);
          *n = count;
          return out;
        }
      pos += 8 + size + (size & 1);
    }
  g_assert_not_reached ();
}

static char *
heard_by (PbxPhone *phone)
{
  g_autoptr (GDir) dir = g_dir_open (phone->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, "dump-") && g_str_has_suffix (name, "-dec.wav"))
      return g_build_filename (phone->dir, name, NULL);
  g_error ("%s recorded nothing", phone->name);
}

/* How well @prompt matches @heard at its best alignment: the normalised
 * correlation of the samples, 1 for an exact copy. Candidates come from the
 * correlation of 10 ms energy envelopes; the samples are then compared
 * around each. G.711 keeps the waveform, so a prompt that was played scores
 * near 1 and any other sound far less. */
static double
best_match (const gint16 *heard,
            gsize         n_heard,
            const gint16 *prompt,
            gsize         n_prompt)
{
  enum { FRAME = 80 };
  gsize fh = n_heard / FRAME, fp = n_prompt / FRAME;
  g_autofree double *eh = g_new0 (double, fh + 1);
  g_autofree double *ep = g_new0 (double, fp + 1);
  double best = 0;

  if (fp == 0 || fh < fp)
    return 0;
  for (gsize i = 0; i < fh * FRAME; i++)
    eh[i / FRAME] += fabs ((double) heard[i]);
  for (gsize i = 0; i < fp * FRAME; i++)
    ep[i / FRAME] += fabs ((double) prompt[i]);

  for (gsize off = 0; off + fp <= fh; off++)
    {
      double dot = 0, a = 0, b = 0, env;

      for (gsize j = 0; j < fp; j++)
        {
          dot += eh[off + j] * ep[j];
          a += eh[off + j] * eh[off + j];
          b += ep[j] * ep[j];
        }
      env = a > 0 && b > 0 ? dot / sqrt (a * b) : 0;
      if (env < 0.8)
        continue;
      /* Refine on samples around this frame offset. */
      for (gssize shift = -FRAME; shift <= FRAME; shift++)
        {
          gssize start = (gssize) (off * FRAME) + shift;
          double sdot = 0, sa = 0, sb = 0;

          if (start < 0 || (gsize) start + n_prompt > n_heard)
            continue;
          for (gsize j = 0; j < n_prompt; j++)
            {
              double x = heard[start + j], y = prompt[j];

              sdot += x * y;
              sa += x * x;
              sb += y * y;
            }
          if (sa > 0 && sb > 0)
            best = MAX (best, sdot / sqrt (sa * sb));
        }
    }
  return best;
}

/* The IVR reads out the status of the caller's case; the spoken sentence
 * is found in what the caller heard, and a sentence with another status is
 * not. */
static void
test_case_status (FlowFixture   *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskVoice) voice = NULL;
  g_autofree char *prompts = g_build_filename (f->data_dir, "prompts", NULL);
  g_autofree char *keys = g_strdup_printf ("2%" G_GINT64_FORMAT "#", f->case_number);
  g_autofree char *right_text = NULL, *wrong_text = NULL;
  g_autofree char *right_path = NULL, *wrong_path = NULL, *heard_path = NULL;
  g_autofree gint16 *right = NULL, *wrong = NULL, *heard = NULL;
  gsize n_right = 0, n_wrong = 0, n_heard = 0;
  double right_score, wrong_score;
  PbxPhone *caller;

  if (!pbx_require_phones ())
    return;
  caller = start_caller (f);
  dial_and_press (f, caller, keys);
  pause_ms (9000);
  pbx_phone_command (caller, "/hangup\n");
  wait_event (f, "ended", 0, 10000);
  pbx_phone_quit (caller);

  voice = desk_voice_new (prompts);
  right_text = desk_voice_case_status_text ("uk", f->case_number, "in_progress");
  wrong_text = desk_voice_case_status_text ("uk", f->case_number, "closed");
  right_path = desk_voice_say_sync (voice, "uk", right_text, NULL, &error);
  g_assert_no_error (error);
  wrong_path = desk_voice_say_sync (voice, "uk", wrong_text, NULL, &error);
  g_assert_no_error (error);
  right = read_mono (right_path, &n_right);
  wrong = read_mono (wrong_path, &n_wrong);
  heard_path = heard_by (caller);
  heard = read_mono (heard_path, &n_heard);

  right_score = best_match (heard, n_heard, right, n_right);
  wrong_score = best_match (heard, n_heard, wrong, n_wrong);
  g_test_message ("“%s”: %.3f; “%s”: %.3f", right_text, right_score, wrong_text, wrong_score);
  g_assert_cmpfloat (right_score, >, 0.8);
  g_assert_cmpfloat (wrong_score, <, right_score - 0.2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FLOW_TEST(path, func) \
  g_test_add (path, FlowFixture, NULL, flow_setup, func, flow_teardown)
  FLOW_TEST ("/desk/office/call-flow/sticky-then-next", test_sticky_then_next);
  FLOW_TEST ("/desk/office/call-flow/recorded", test_recorded);
  FLOW_TEST ("/desk/office/call-flow/abandoned", test_abandoned);
  FLOW_TEST ("/desk/office/call-flow/callback", test_callback);
  FLOW_TEST ("/desk/office/call-flow/case-status", test_case_status);
#undef FLOW_TEST

  return g_test_run ();
}
