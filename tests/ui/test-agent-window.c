/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The operator's window against a real office: a `frontdesk --server
 * --headless --demo` process, a real baresip caller, the window's own
 * softphone registered with the office (its microphone and speaker are
 * WAV files: the same GStreamer pipelines with another element at the
 * end). Each state is saved as a PNG in the build folder. */
#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "desk-agent-window.h"
#include "desk-application.h"
#include "desk-agent-phone.h"
#include "desk-call-panel.h"
#include "desk-case-draft.h"
#include "desk-case-panel.h"
#include "desk-chat-view.h"
#include "desk-error.h"
#include "desk-client-card-view.h"
#include "desk-contact-page.h"
#include "desk-login-page.h"
#include "desk-test-server.h"
#include "panel-test-common.h"
#include "pbx-test-common.h"
#include "ui-test-common.h"

#define WAIT_MS 20000

typedef struct
{
  DeskTestServer *server;
  PbxFixture phones;        /* port and folder for baresip callers */
  GSettings *settings;
  DeskAgentWindow *window;
  DeskApplication *app;     /* only for the notification test */
  DeskTestProcess *dunst;   /* the desktop's notification server, there */
  char *tone;
  char *speaker;
  GPtrArray *callers;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *mic = NULL;
  g_autofree char *out = NULL;

  f->server = desk_test_server_start (FALSE);
  f->phones.port = f->server->sip_port;
  f->phones.tmpdir = desk_test_tmpdir_new ("desk-agent-ui");
  f->callers = g_ptr_array_new_with_free_func ((GDestroyNotify) pbx_phone_free);
  f->tone = pbx_write_tone_wav (&f->phones, "operator.wav", 1000.0, 60, -1);
  f->speaker = g_build_filename (f->phones.tmpdir, "speaker.wav", NULL);
  mic = g_strconcat ("file:", f->tone, NULL);
  out = g_strconcat ("file:", f->speaker, NULL);
  f->settings = g_settings_new ("io.github.frontdesk.Frontdesk");
  g_settings_set_string (f->settings, "audio-input-device", mic);
  g_settings_set_string (f->settings, "audio-output-device", out);
  g_settings_set_string (f->settings, "last-server", "");
  g_settings_set_string (f->settings, "last-user", "");
  if (data)
    {
      g_autoptr (GError) error = NULL;

      /* a registered application, as `frontdesk --agent` runs */
      f->app = desk_application_new_agent ();
      g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
      g_assert_no_error (error);
    }
  f->window = desk_agent_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < f->callers->len; i++)
    pbx_phone_quit (g_ptr_array_index (f->callers, i));
  g_ptr_array_unref (f->callers);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->app);
  if (f->dunst)
    {
      desk_test_process_signal (f->dunst, SIGTERM);
      desk_test_process_wait (f->dunst, 5000, NULL);
      g_clear_pointer (&f->dunst, desk_test_process_free);
    }
  g_clear_object (&f->settings);
  desk_test_server_stop (f->server);
  desk_test_tmpdir_free (f->phones.tmpdir);
  g_free (f->tone);
  g_free (f->speaker);
}

static gboolean
signed_in (gpointer data)
{
  Fixture *f = data;
  return desk_agent_window_get_session (f->window) != NULL;
}

static gboolean
login_settled (gpointer data)
{
  return !desk_login_page_get_busy (data);
}

static void
sign_in (Fixture    *f,
         const char *login)
{
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", f->server->http_port);
  g_autofree char *plain = g_strconcat ("http://", address, NULL);
  DeskLoginPage *page = DESK_LOGIN_PAGE (desk_agent_window_get_login_page (f->window));

  desk_login_page_fill (page, plain, login, "demo");
  desk_login_page_sign_in (page);
  g_assert_true (desk_test_wait_until (signed_in, f, WAIT_MS));
  g_assert_cmpstr (desk_agent_session_get_login (desk_agent_window_get_session (f->window)), ==,
                   login);
}

static gboolean
is_available (gpointer data)
{
  Fixture *f = data;
  DeskAgentSession *session = desk_agent_window_get_session (f->window);

  return session && desk_agent_session_get_status (session) == DESK_AGENT_STATUS_AVAILABLE;
}

static gboolean
phone_registered (gpointer data)
{
  Fixture *f = data;
  GObject *phone = desk_agent_window_get_phone (f->window);

  return phone && desk_agent_phone_get_registered (DESK_AGENT_PHONE (phone));
}

static void
go_available (Fixture *f)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "status",
                                  g_variant_new_string ("available"));
  g_assert_true (desk_test_wait_until (is_available, f, WAIT_MS));
  g_assert_true (desk_test_wait_until (phone_registered, f, WAIT_MS));
}

/* A client made through the API, as an operator's "new client" would. */
static gint64
add_client (Fixture    *f,
            const char *name,
            const char *number)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"kind\": \"person\", "
                                           "\"phones\": [\"%s\"]}", name, number);
  g_autoptr (JsonNode) reply = panel_test_call (desk_agent_window_get_session (f->window), "POST",
                                                "/clients", body);

  return json_object_get_int_member (json_node_get_object (reply), "id");
}

/* A baresip caller with @number as its caller ID dials the office and
 * presses 1 (the support queue: op1 is in it). */
static void
call_in (Fixture    *f,
         const char *number)
{
  g_autofree char *name = g_strdup_printf ("caller%u", f->callers->len);
  g_autofree char *wav = pbx_write_tone_wav (&f->phones, "caller.wav", 440.0, 90, -1);
  PbxPhone *caller = pbx_phone_start (&f->phones, name, number, "regint=0", wav);

  g_ptr_array_add (f->callers, caller);
  pbx_phone_command (caller, "/dial sip:100@127.0.0.1:%u\n", f->server->sip_port);
  pbx_let_audio_flow (2500);
  pbx_phone_command (caller, "/sndcode 1\n");
}

typedef struct
{
  Fixture *f;
  const char *number;   /* the call's, or NULL */
  gint64 chat_id;       /* the chat's, or 0 */
} OfferWait;

static gboolean
is_awaited (OfferWait     *w,
            DeskInboxItem *item)
{
  if (w->chat_id)
    return desk_inbox_item_get_kind (item) == DESK_INBOX_CHAT &&
           desk_inbox_item_get_id (item) == w->chat_id;
  return g_strcmp0 (desk_inbox_item_get_number (item), w->number) == 0;
}

/* The office may offer its callback backlog first (the demo has some):
 * the operator declines what is not the test's call, as people do. */
static gboolean
contact_offered (gpointer data)
{
  OfferWait *w = data;
  DeskAgentSession *session = desk_agent_window_get_session (w->f->window);
  GListModel *inbox = desk_agent_session_get_inbox (session);
  GtkWidget *page;

  for (guint i = 0; i < g_list_model_get_n_items (inbox); i++)
    {
      g_autoptr (DeskInboxItem) item = g_list_model_get_item (inbox, i);

      if (desk_inbox_item_get_state (item) == DESK_INBOX_OFFERED && !is_awaited (w, item) &&
          g_object_get_data (G_OBJECT (item), "declined") == NULL)
        {
          g_object_set_data (G_OBJECT (item), "declined", GINT_TO_POINTER (1));
          desk_agent_session_decline_async (session, item, NULL, NULL, NULL);
        }
    }
  page = desk_agent_window_get_contact_page (w->f->window);
  return page && desk_inbox_item_get_state (desk_contact_page_get_item (DESK_CONTACT_PAGE (page))) ==
                 DESK_INBOX_OFFERED &&
         is_awaited (w, desk_contact_page_get_item (DESK_CONTACT_PAGE (page)));
}

static DeskContactPage *
wait_offer (Fixture    *f,
            const char *number)
{
  OfferWait w = { f, number, 0 };

  g_assert_true (desk_test_wait_until (contact_offered, &w, 40000));
  return DESK_CONTACT_PAGE (desk_agent_window_get_contact_page (f->window));
}

static DeskContactPage *
wait_chat_offer (Fixture *f,
                 gint64   chat_id)
{
  OfferWait w = { f, NULL, chat_id };

  g_assert_true (desk_test_wait_until (contact_offered, &w, 40000));
  return DESK_CONTACT_PAGE (desk_agent_window_get_contact_page (f->window));
}

typedef struct
{
  DeskContactPage *page;
  const char *wanted;
} CardWait;

static gboolean
card_shows (gpointer data)
{
  CardWait *w = data;

  return g_strcmp0 (desk_client_card_view_get_page (desk_contact_page_get_card_view (w->page)),
                    w->wanted) == 0;
}

static void
wait_card (DeskContactPage *page,
           const char      *wanted)
{
  CardWait w = { page, wanted };

  desk_test_wait_until (card_shows, &w, WAIT_MS);
  g_assert_cmpstr (desk_client_card_view_get_page (desk_contact_page_get_card_view (page)), ==,
                   wanted);
}

static gboolean
item_active (gpointer data)
{
  return desk_inbox_item_get_state (data) == DESK_INBOX_ACTIVE;
}

static gboolean
item_held (gpointer data)
{
  return desk_inbox_item_get_state (data) == DESK_INBOX_HELD;
}

static gboolean
in_wrapup (gpointer data)
{
  Fixture *f = data;

  return desk_agent_session_get_status (desk_agent_window_get_session (f->window)) ==
         DESK_AGENT_STATUS_WRAPUP;
}

static gboolean
two_cases_opened (gpointer data)
{
  return g_list_model_get_n_items (desk_case_draft_get_opened (data)) == 2;
}

/* The operator opens two cases from the call in the contact page; the
 * server has both, each with the call as the first entry of its
 * timeline. */
static void
open_two_cases (Fixture         *f,
                DeskContactPage *page)
{
  DeskCasePanel *panel = DESK_CASE_PANEL (desk_contact_page_get_case_panel (page));
  DeskCaseDraft *draft = desk_case_panel_get_draft (panel);
  gint64 call_id = desk_inbox_item_get_id (desk_contact_page_get_item (page));
  const char *subjects[] = { "Немає інтернету з ранку", "Перейти на тариф 300 Мбіт/с" };

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      desk_case_panel_set_subject (panel, subjects[i]);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "case.open", NULL));
      if (i == 0)
        {
          /* one at a time, as a person clicks */
          while (g_list_model_get_n_items (desk_case_draft_get_opened (draft)) == 0)
            g_main_context_iteration (NULL, TRUE);
        }
    }
  g_assert_true (desk_test_wait_until (two_cases_opened, draft, WAIT_MS));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (DeskCaseSummary) kase = g_list_model_get_item (desk_case_draft_get_opened (draft), i);
      g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT,
                                               desk_case_summary_get_id (kase));
      g_autoptr (JsonNode) stored = panel_test_call (desk_agent_window_get_session (f->window),
                                                     "GET", path, NULL);
      JsonObject *root = json_node_get_object (stored);
      JsonObject *record = json_object_get_object_member (root, "case");
      JsonArray *events = json_object_get_array_member (root, "timeline");
      gboolean linked = FALSE;

      g_assert_cmpstr (json_object_get_string_member (record, "subject"), ==, subjects[i]);
      g_assert_cmpstr (json_object_get_string_member (record, "channel"), ==, "phone");
      for (guint e = 0; e < json_array_get_length (events); e++)
        linked |= json_object_get_int_member_with_default (
                    json_array_get_object_element (events, e), "call_id", 0) == call_id;
      g_assert_true (linked);
    }
}

/* The wrap-up bar: a disposition and a note, "Done"; the call's record
 * has them and the operator is available again. */
static void
finish_wrapup (Fixture *f,
               gint64   call_id)
{
  /* the bar's disposition, and the note under it */
  GtkWidget *dropdown = ui_test_find_by_type (GTK_WIDGET (f->window), GTK_TYPE_DROP_DOWN);
  GtkWidget *note = gtk_widget_get_next_sibling (dropdown);
  g_autofree char *path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT, call_id);
  g_autoptr (JsonNode) record = NULL;
  JsonObject *call;

  g_assert_true (GTK_IS_ENTRY (note));
  g_assert_true (gtk_widget_get_mapped (note));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);   /* Needs follow-up */
  gtk_editable_set_text (GTK_EDITABLE (note), "Передзвонити після ремонту");
  g_signal_emit_by_name (note, "activate");
  g_assert_true (desk_test_wait_until (is_available, f, WAIT_MS));
  record = panel_test_call (desk_agent_window_get_session (f->window), "GET", path, NULL);
  call = json_node_get_object (record);
  if (json_object_has_member (call, "call"))
    call = json_object_get_object_member (call, "call");
  g_assert_cmpstr (json_object_get_string_member (call, "disposition"), ==, "Needs follow-up");
  g_assert_cmpstr (json_object_get_string_member (call, "wrapup_note"), ==,
                   "Передзвонити після ремонту");
}

/* A website visitor's chat, end to end in the window: offered, the card
 * and the chat view pop, the operator accepts, both write. */
static void
test_chat (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (PanelVisitor) visitor = NULL;
  DeskContactPage *page;
  GtkWidget *view;
  guint mark;

  sign_in (f, "op1");
  go_available (f);
  visitor = panel_visitor_start (f->server, "Олена");
  page = wait_chat_offer (f, visitor->chat_id);
  view = desk_contact_page_get_conversation (page);
  g_assert_true (DESK_IS_CHAT_VIEW (view));
  wait_card (page, "search");   /* a visitor with no phone: search, never a made-up client */
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-chat-offered.png");

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "answer", NULL);
  g_assert_true (desk_test_wait_until (item_active, desk_contact_page_get_item (page), WAIT_MS));
  panel_visitor_say (visitor, "Добрий день, не працює інтернет");
  ui_test_wait_label (view, "Добрий день, не працює інтернет");

  mark = visitor->frames->len;
  desk_chat_view_insert_text (DESK_CHAT_VIEW (view), "Перевірю лінію, хвилинку");
  g_assert_true (gtk_widget_activate_action (view, "chat.send", NULL));
  panel_visitor_wait_frame (visitor, mark, "message", "body", "Перевірю лінію, хвилинку");
  ui_test_wait_label (view, "Перевірю лінію, хвилинку");
  ui_test_assert_all_named (GTK_WIDGET (f->window));
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-chat-active.png");
}

/* What `dunstctl` prints, or NULL. */
static char *
dunstctl (const char *first_arg,
          ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  int status = -1;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "dunstctl");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     NULL, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

static gboolean
notification_shown (gpointer data)
{
  g_autofree char *count = dunstctl ("count", "displayed", NULL);

  return count && g_ascii_strtoull (count, NULL, 10) > 0;
}

static gboolean
dunst_ready (gpointer data)
{
  g_autofree char *paused = dunstctl ("is-paused", NULL);

  return paused != NULL;
}

static gboolean
window_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* An offer while the window is not in front: the desktop shows a
 * notification (a real notification server, dunst, on this session bus)
 * with the caller's number; its default action brings the window back,
 * and its Answer button's action answers on the softphone. */
static void
test_notification (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *history = NULL;
  DeskContactPage *page;
  DeskInboxItem *item;

  f->dunst = desk_test_process_spawn (&error, "dunst", NULL);
  g_assert_no_error (error);
  g_assert_true (desk_test_wait_until (dunst_ready, NULL, WAIT_MS));
  sign_in (f, "op1");
  go_available (f);
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);   /* the operator is elsewhere */

  call_in (f, "+380671239988");
  page = wait_offer (f, "+380671239988");
  item = desk_contact_page_get_item (page);
  g_assert_true (desk_test_wait_until (notification_shown, NULL, WAIT_MS));

  /* the default action ("show") brings the window back with the call */
  g_free (dunstctl ("action", "0", NULL));
  g_assert_true (desk_test_wait_until (window_shown, f->window, WAIT_MS));
  g_assert_true (desk_contact_page_get_item (DESK_CONTACT_PAGE (
                   desk_agent_window_get_contact_page (f->window))) == item);

  /* the notification said who calls */
  g_free (dunstctl ("close-all", NULL));
  history = dunstctl ("history", NULL);
  g_assert_nonnull (history);
  g_assert_nonnull (strstr (history, "Incoming call"));
  g_assert_nonnull (strstr (history, "+380671239988"));

  /* its Answer button names app.accept-contact: it answers the call */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "accept-contact",
                                  g_variant_new ("(ix)", (int) DESK_INBOX_CALL,
                                                 desk_inbox_item_get_id (item)));
  g_assert_true (desk_test_wait_until (item_active, item, WAIT_MS));
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *plain = g_strdup_printf ("http://127.0.0.1:%u", f->server->http_port);
  DeskLoginPage *page = DESK_LOGIN_PAGE (desk_agent_window_get_login_page (f->window));
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;

  /* what an operator may type */
  uri = desk_login_page_base_uri_of ("10.0.0.5", &error);
  g_assert_cmpstr (uri, ==, "https://10.0.0.5:8080");
  g_clear_pointer (&uri, g_free);
  uri = desk_login_page_base_uri_of ("http://office.lan:8443/", &error);
  g_assert_cmpstr (uri, ==, "http://office.lan:8443");
  g_assert_null (desk_login_page_base_uri_of ("ftp://x", &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);

  ui_test_screenshot (GTK_WIDGET (f->window), "agent-sign-in.png");
  desk_login_page_fill (page, plain, "op1", "wrong");
  desk_login_page_sign_in (page);
  g_assert_true (desk_test_wait_until (login_settled, page, WAIT_MS));
  g_assert_nonnull (desk_login_page_get_error (page));
  g_assert_null (desk_agent_window_get_session (f->window));
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-sign-in-refused.png");

  sign_in (f, "op1");
  {
    g_autofree char *last = g_settings_get_string (f->settings, "last-server");
    g_assert_cmpstr (last, ==, plain);
  }
  go_available (f);
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-available.png");
}

static void
test_call_one_client (Fixture       *f,
                      gconstpointer  data)
{
  DeskContactPage *page;
  DeskInboxItem *item;
  const DeskClient *client;

  sign_in (f, "op1");
  add_client (f, "Марія Test", "+380671234501");
  go_available (f);
  call_in (f, "+380671234501");
  page = wait_offer (f, "+380671234501");
  item = desk_contact_page_get_item (page);
  g_assert_cmpint (desk_inbox_item_get_kind (item), ==, DESK_INBOX_CALL);
  g_assert_cmpstr (desk_inbox_item_get_number (item), ==, "+380671234501");
  wait_card (page, "card");
  client = desk_client_card_get_client (desk_client_card_view_get_card (
                                          desk_contact_page_get_card_view (page)));
  g_assert_cmpstr (client->name, ==, "Марія Test");
  ui_test_assert_all_named (GTK_WIDGET (f->window));
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-call-offered-one.png");

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "answer", NULL);
  g_assert_true (desk_test_wait_until (item_active, item, WAIT_MS));
  pbx_let_audio_flow (1500);
  ui_test_assert_all_named (GTK_WIDGET (f->window));

  /* the keypad: the softphone's RFC 4733 reaches the caller through the office */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "dtmf", g_variant_new_string ("5"));
  pbx_phone_assert_dtmf (g_ptr_array_index (f->callers, 0), '5');
  /* hold plays music to the caller; resume brings the operator back */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "hold", NULL);
  g_assert_true (desk_test_wait_until (item_held, item, WAIT_MS));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "hold", NULL);
  g_assert_true (desk_test_wait_until (item_active, item, WAIT_MS));
  /* mute is the softphone's own */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "mute", NULL);
  g_assert_true (desk_agent_phone_get_muted (DESK_AGENT_PHONE (desk_agent_window_get_phone (f->window))));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "mute", NULL);
  g_assert_false (desk_agent_phone_get_muted (DESK_AGENT_PHONE (desk_agent_window_get_phone (f->window))));

  open_two_cases (f, page);
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-call-active.png");

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "hang-up", NULL);
  g_assert_true (desk_test_wait_until (in_wrapup, f, WAIT_MS));
  pbx_let_audio_flow (500);   /* the wrap-up bar slides in */
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-wrapup.png");
  finish_wrapup (f, desk_inbox_item_get_id (item));
}

static void
test_call_unknown (Fixture       *f,
                   gconstpointer  data)
{
  DeskContactPage *page;

  sign_in (f, "op1");
  go_available (f);
  call_in (f, "+380671239999");
  page = wait_offer (f, "+380671239999");
  wait_card (page, "search");
  g_assert_cmpint (desk_client_card_get_state (desk_client_card_view_get_card (
                     desk_contact_page_get_card_view (page))), ==, DESK_CARD_NONE);
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-call-offered-none.png");
}

static void
test_call_several (Fixture       *f,
                   gconstpointer  data)
{
  DeskContactPage *page;
  DeskClientCard *card;

  sign_in (f, "op1");
  add_client (f, "Іван Shared", "+380671234502");
  add_client (f, "Ірина Shared", "+380671234502");
  go_available (f);
  call_in (f, "+380671234502");
  page = wait_offer (f, "+380671234502");
  wait_card (page, "search");
  card = desk_client_card_view_get_card (desk_contact_page_get_card_view (page));
  g_assert_cmpint (desk_client_card_get_state (card), ==, DESK_CARD_SEVERAL);
  g_assert_cmpuint (g_list_model_get_n_items (desk_client_card_get_candidates (card)), ==, 2);
  ui_test_screenshot (GTK_WIDGET (f->window), "agent-call-offered-several.png");
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (!pbx_require_phones ())
    return 77;
  g_test_add ("/desk/ui/agent/sign-in", Fixture, NULL, fixture_setup, test_sign_in,
              fixture_teardown);
  g_test_add ("/desk/ui/agent/call-one-client", Fixture, NULL, fixture_setup,
              test_call_one_client, fixture_teardown);
  if (g_find_program_in_path ("dunst"))
    g_test_add ("/desk/ui/agent/notification", Fixture, "app", fixture_setup, test_notification,
                fixture_teardown);
  g_test_add ("/desk/ui/agent/chat", Fixture, NULL, fixture_setup, test_chat, fixture_teardown);
  g_test_add ("/desk/ui/agent/call-unknown", Fixture, NULL, fixture_setup, test_call_unknown,
              fixture_teardown);
  g_test_add ("/desk/ui/agent/call-several", Fixture, NULL, fixture_setup, test_call_several,
              fixture_teardown);
  return g_test_run ();
}
