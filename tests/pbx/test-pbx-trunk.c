/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include "desk-error.h"

#include <string.h>

/* The office's SIP trunk, with sipp standing in for the provider on
 * 127.0.0.1 (tests/pbx/trunk-*.xml): registration with digest, its refresh
 * and its failures; the provider's calls to the office's number; calls out
 * through it; and toll fraud: whoever calls the engine, to whatever
 * number, the provider receives nothing. The test stands in for the
 * office layer and uses only DeskPbx's public API. */

#define TRUNK_USER     "office1"
#define TRUNK_PASSWORD "trunk-secret"
#define OFFICE_DID     "+380441234567"
#define OFFICE_CLI     "+380441112233"

typedef struct
{
  char *type;           /* "trunk", "incoming", "ringing", "answered", "ended", "digit" */
  guint call_id;
  gboolean registered;  /* trunk */
  guint code;           /* trunk: status; ended: cause */
  char *text;           /* trunk, ended: reason; incoming: from; digit: source */
  char *to_user;
  char *user;
  gboolean from_trunk;
  char digit;
} TrunkEvent;

typedef struct
{
  PbxFixture base;
  GPtrArray *events;
  guint provider_port;
  gboolean reject_outside;    /* the office refuses calls from outside (403) */
} TrunkFixture;

/* A sipp process: the provider, or a caller. */
typedef struct
{
  char *name;
  char *log;
  char *errors;
  DeskTestProcess *process;
} Sipp;

/* Events -------------------------------------------------------------------- */

static void
trunk_event_free (gpointer data)
{
  TrunkEvent *e = data;

  g_free (e->type);
  g_free (e->text);
  g_free (e->to_user);
  g_free (e->user);
  g_free (e);
}

static TrunkEvent *
record (TrunkFixture *f,
        const char   *type,
        guint         call_id)
{
  TrunkEvent *e = g_new0 (TrunkEvent, 1);

  e->type = g_strdup (type);
  e->call_id = call_id;
  g_ptr_array_add (f->events, e);
  return e;
}

static void
on_trunk_state (DeskPbx *pbx, gboolean registered, guint code, const char *reason,
                TrunkFixture *f)
{
  TrunkEvent *e = record (f, "trunk", 0);

  g_test_message ("trunk-state-changed %s %u %s", registered ? "registered" : "not registered",
                  code, reason);
  e->registered = registered;
  e->code = code;
  e->text = g_strdup (reason);
}

static void
on_incoming (DeskPbx *pbx, guint id, const char *from, const char *to_user, const char *source,
             const char *user, TrunkFixture *f)
{
  TrunkEvent *e = record (f, "incoming", id);
  g_autoptr (GError) error = NULL;

  e->from_trunk = desk_pbx_call_is_from_trunk (pbx, id);
  g_test_message ("call-incoming %u from %s to %s at %s as %s%s", id, from, to_user, source,
                  user ? user : "(outside)", e->from_trunk ? ", from the trunk" : "");
  e->text = g_strdup (from);
  e->to_user = g_strdup (to_user);
  e->user = g_strdup (user);

  /* The office layer's part in toll fraud: an outside caller is never
   * dialled out for; here, simply refused. */
  if (f->reject_outside && !user && !e->from_trunk)
    {
      desk_pbx_reject (pbx, id, 403, &error);
      g_assert_no_error (error);
    }
}

static void
on_ringing (DeskPbx *pbx, guint id, TrunkFixture *f)
{
  g_test_message ("call-ringing %u", id);
  record (f, "ringing", id);
}

static void
on_answered (DeskPbx *pbx, guint id, const char *user, TrunkFixture *f)
{
  g_test_message ("call-answered %u by %s", id, user ? user : "-");
  record (f, "answered", id)->user = g_strdup (user);
}

static void
on_ended (DeskPbx *pbx, guint id, guint code, const char *reason, TrunkFixture *f)
{
  TrunkEvent *e = record (f, "ended", id);

  g_test_message ("call-ended %u %u %s", id, code, reason);
  e->code = code;
  e->text = g_strdup (reason);
}

static void
on_digit (DeskPbx *pbx, guint id, char digit, const char *source, TrunkFixture *f)
{
  TrunkEvent *e = record (f, "digit", id);

  g_test_message ("digit %u %c %s", id, digit, source);
  e->digit = digit;
  e->text = g_strdup (source);
}

typedef struct
{
  TrunkFixture *f;
  const char *type;
  guint call_id;
  guint skip;           /* matching events to pass over */
  TrunkEvent *found;
} EventWait;

static gboolean
event_seen (gpointer data)
{
  EventWait *w = data;
  guint skip = w->skip;

  for (guint i = 0; i < w->f->events->len; i++)
    {
      TrunkEvent *e = g_ptr_array_index (w->f->events, i);

      if (g_str_equal (e->type, w->type) && (w->call_id == 0 || e->call_id == w->call_id)
          && skip-- == 0)
        {
          w->found = e;
          return TRUE;
        }
    }

  return FALSE;
}

/* The (@skip + 1)th event of @type (for @call_id, or any call if 0). */
static TrunkEvent *
wait_event_nth (TrunkFixture *f,
                const char   *type,
                guint         call_id,
                guint         skip,
                guint         timeout_ms)
{
  EventWait w = { f, type, call_id, skip, NULL };

  if (!desk_test_wait_until (event_seen, &w, timeout_ms))
    g_error ("No %s event %u for call %u within %u ms", type, skip + 1, call_id, timeout_ms);

  return w.found;
}

static TrunkEvent *
wait_event (TrunkFixture *f,
            const char   *type,
            guint         call_id,
            guint         timeout_ms)
{
  return wait_event_nth (f, type, call_id, 0, timeout_ms);
}

static guint
count_events (TrunkFixture *f,
              const char   *type)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    n += g_str_equal (((TrunkEvent *) g_ptr_array_index (f->events, i))->type, type);

  return n;
}

/* sipp ------------------------------------------------------------------------ */

static void
sipp_free (Sipp *sipp)
{
  g_clear_pointer (&sipp->process, desk_test_process_free);
  g_free (sipp->name);
  g_free (sipp->log);
  g_free (sipp->errors);
  g_free (sipp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sipp, sipp_free)

/* Starts sipp on 127.0.0.1:@port with a scenario of tests/pbx; @remote is
 * NULL for a UAS. The arguments after @remote (NULL-terminated) are added
 * as they are. Bounded: sipp quits after 60 s in any case. Its media ports
 * are its own choice: it tries even ports from 6000 until two are free. */
static Sipp *
sipp_start (TrunkFixture *f,
            const char   *scenario,
            guint         port,
            const char   *remote,
            ...) G_GNUC_NULL_TERMINATED;

static Sipp *
sipp_start (TrunkFixture *f,
            const char   *scenario,
            guint         port,
            const char   *remote,
            ...)
{
  static guint serial;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "pbx", scenario, NULL);
  Sipp *sipp = g_new0 (Sipp, 1);
  va_list ap;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  sipp->name = g_strdup_printf ("%s#%u", scenario, ++serial);
  sipp->log = g_strdup_printf ("%s/trunk-sipp-%u-messages.log", f->base.tmpdir, serial);
  sipp->errors = g_strdup_printf ("%s/trunk-sipp-%u-errors.log", f->base.tmpdir, serial);

  g_ptr_array_add (argv, g_strdup ("sipp"));
  if (remote)
    g_ptr_array_add (argv, g_strdup (remote));
  g_ptr_array_add (argv, g_strdup ("-sf"));
  g_ptr_array_add (argv, g_steal_pointer (&path));
  g_ptr_array_add (argv, g_strdup ("-t"));
  g_ptr_array_add (argv, g_strdup ("u1"));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("1"));
  g_ptr_array_add (argv, g_strdup ("-nostdin"));
  g_ptr_array_add (argv, g_strdup ("-timeout"));
  g_ptr_array_add (argv, g_strdup ("60s"));
  g_ptr_array_add (argv, g_strdup ("-timeout_error"));
  g_ptr_array_add (argv, g_strdup ("-trace_msg"));
  g_ptr_array_add (argv, g_strdup ("-message_file"));
  g_ptr_array_add (argv, g_strdup (sipp->log));
  g_ptr_array_add (argv, g_strdup ("-trace_err"));
  g_ptr_array_add (argv, g_strdup ("-error_file"));
  g_ptr_array_add (argv, g_strdup (sipp->errors));

  va_start (ap, remote);
  for (const char *arg = va_arg (ap, const char *); arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_test_message ("starting sipp %s on port %u", scenario, port);
  sipp->process = desk_test_process_spawnv ((const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return sipp;
}

/* Waits for sipp's exit (the main loop runs meanwhile, so the office's
 * handlers do); returns its status and its message log. */
static int
sipp_finish (Sipp  *sipp,
             guint  timeout_ms,
             char **messages)
{
  int status = -1;

  if (!desk_test_process_wait (sipp->process, timeout_ms, &status))
    {
      g_test_message ("sipp %s did not finish in %u ms", sipp->name, timeout_ms);
      status = -1;
    }

  if (status != 0)
    {
      g_autofree char *text = NULL;

      g_file_get_contents (sipp->errors, &text, NULL, NULL);
      g_test_message ("sipp %s exited with %d:\n%s%s", sipp->name, status,
                      desk_test_process_get_output (sipp->process), text ? text : "");
    }

  if (messages && !g_file_get_contents (sipp->log, messages, NULL, NULL))
    *messages = g_strdup ("");

  return status;
}

/* The first line of every message sipp received, in order. */
static GPtrArray *
received_first_lines (const char *messages)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) entries = g_strsplit (messages, "-----------------------------------------------",
                                       -1);

  for (guint i = 0; entries[i]; i++)
    {
      const char *body;
      const char *eol;

      if (!strstr (entries[i], "message received"))
        continue;

      body = strstr (entries[i], "\n\n");
      if (!body)
        continue;
      body += 2;
      while (*body == '\n' || *body == '\r' || *body == ' ')
        body++;
      eol = strpbrk (body, "\r\n");
      g_ptr_array_add (lines, eol ? g_strndup (body, eol - body) : g_strdup (body));
    }

  return lines;
}

/* The value of @header in the @nth message received that starts with
 * @first_line_prefix, or NULL. */
static char *
received_header (const char *messages,
                 const char *first_line_prefix,
                 guint       nth,
                 const char *header)
{
  g_auto (GStrv) entries = g_strsplit (messages, "-----------------------------------------------",
                                       -1);

  for (guint i = 0; entries[i]; i++)
    {
      g_auto (GStrv) lines = NULL;
      const char *body;
      guint first = 0;

      if (!strstr (entries[i], "message received") || !(body = strstr (entries[i], "\n\n")))
        continue;

      lines = g_strsplit (body + 2, "\n", -1);
      while (lines[first] && *g_strstrip (lines[first]) == '\0')
        first++;
      if (!lines[first] || !g_str_has_prefix (lines[first], first_line_prefix) || nth-- > 0)
        continue;

      for (guint j = first + 1; lines[j]; j++)
        {
          char *line = g_strstrip (lines[j]);
          gsize n = strlen (header);

          if (g_ascii_strncasecmp (line, header, n) == 0 && line[n] == ':')
            return g_strdup (g_strstrip (line + n + 1));
        }
      return NULL;
    }

  return NULL;
}

/* Fixture ------------------------------------------------------------------- */

static void
trunk_setup (TrunkFixture  *f,
             gconstpointer  data)
{
  pbx_fixture_setup (&f->base, data);
  f->events = g_ptr_array_new_with_free_func (trunk_event_free);
  f->provider_port = desk_test_free_port ();

  g_signal_connect (f->base.pbx, "trunk-state-changed", G_CALLBACK (on_trunk_state), f);
  g_signal_connect (f->base.pbx, "call-incoming", G_CALLBACK (on_incoming), f);
  g_signal_connect (f->base.pbx, "call-ringing", G_CALLBACK (on_ringing), f);
  g_signal_connect (f->base.pbx, "call-answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->base.pbx, "call-ended", G_CALLBACK (on_ended), f);
  g_signal_connect (f->base.pbx, "digit", G_CALLBACK (on_digit), f);
}

static void
trunk_teardown (TrunkFixture  *f,
                gconstpointer  data)
{
  pbx_fixture_teardown (&f->base, data);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static void
set_trunk (TrunkFixture *f,
           const char   *host,
           const char   *password,
           gboolean      registration)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *registrar = g_strdup_printf ("%s:%u", host, f->provider_port);
  DeskPbxTrunk trunk = {
    .registrar = registrar,
    .username = TRUNK_USER,
    .password = password,
    .caller_id = OFFICE_CLI,
    .registration = registration,
    .expires = 300,
  };

  g_assert_true (desk_pbx_set_trunk (f->base.pbx, &trunk, &error));
  g_assert_no_error (error);
  g_assert_true (desk_pbx_has_trunk (f->base.pbx));
}

static char *
pbx_address (TrunkFixture *f)
{
  return g_strdup_printf ("127.0.0.1:%u", f->base.port);
}

/* Tests --------------------------------------------------------------------- */

/* Checks of the configuration and of numbers, without any peer. */
static void
test_config (TrunkFixture  *f,
             gconstpointer  data)
{
  static const char *bad_hosts[] = {
    "", "sip:provider.test", "provider.test:0", "provider.test:65536", "provider.test:",
    "::1:5060", "[::1", "pro vider.test", "-provider.test", "provider..test", "1.2.3.4:50x",
    "[provider.test]:5060",
  };
  static const char *good_hosts[] = {
    "127.0.0.1", "127.0.0.1:5070", "[::1]:5070", "[::1]", "sip.provider-1.test",
    "sip.provider.test:5080",
  };
  static const char *bad_numbers[] = {
    "", "+", "12a", "sip:1@evil.test", "1;user=phone", "1@127.0.0.1", "+-1", "**",
    "123456789012345678901234567890123",
  };
  g_autoptr (GError) error = NULL;
  DeskPbxTrunk trunk = {
    .registrar = "127.0.0.1:5070",
    .username = TRUNK_USER,
    .password = TRUNK_PASSWORD,
  };
  DeskPbxTrunk bad;

  /* Nothing to dial out through yet. */
  g_assert_false (desk_pbx_has_trunk (f->base.pbx));
  g_assert_cmpuint (desk_pbx_dial_out (f->base.pbx, "+380501234567", NULL, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
    {
      bad = trunk;
      bad.registrar = bad_hosts[i];
      g_assert_false (desk_pbx_set_trunk (f->base.pbx, &bad, &error));
      g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
      g_clear_error (&error);

      bad = trunk;
      bad.outbound_proxy = bad_hosts[i][0] ? bad_hosts[i] : "a b";
      g_assert_false (desk_pbx_set_trunk (f->base.pbx, &bad, &error));
      g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
      g_clear_error (&error);
    }

  bad = trunk;
  bad.username = "office 1";
  g_assert_false (desk_pbx_set_trunk (f->base.pbx, &bad, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  bad = trunk;
  bad.auth_user = "a@b";
  g_assert_false (desk_pbx_set_trunk (f->base.pbx, &bad, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  bad = trunk;
  bad.password = "";
  g_assert_false (desk_pbx_set_trunk (f->base.pbx, &bad, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  bad = trunk;
  bad.caller_id = "<sip:x@evil.test>";
  g_assert_false (desk_pbx_set_trunk (f->base.pbx, &bad, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  bad = trunk;
  bad.expires = 10;
  g_assert_false (desk_pbx_set_trunk (f->base.pbx, &bad, &error));
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_pbx_has_trunk (f->base.pbx));

  for (guint i = 0; i < G_N_ELEMENTS (good_hosts); i++)
    {
      DeskPbxTrunk good = trunk;

      good.registrar = good_hosts[i];
      g_assert_true (desk_pbx_set_trunk (f->base.pbx, &good, &error));
      g_assert_no_error (error);
    }

  g_assert_true (desk_pbx_set_trunk (f->base.pbx, &trunk, &error));
  g_assert_no_error (error);
  g_assert_true (desk_pbx_has_trunk (f->base.pbx));
  g_assert_false (desk_pbx_trunk_is_registered (f->base.pbx));

  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      g_assert_cmpuint (desk_pbx_dial_out (f->base.pbx, bad_numbers[i], NULL, &error), ==, 0);
      g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpuint (desk_pbx_dial_out (f->base.pbx, "+380501234567", "a b", &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_INVALID);
  g_clear_error (&error);

  /* No engine, no call; the trunk stays for the next start. */
  desk_pbx_stop (f->base.pbx);
  g_assert_cmpuint (desk_pbx_dial_out (f->base.pbx, "+380501234567", NULL, &error), ==, 0);
  g_assert_error (error, DESK_ERROR, DESK_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (desk_pbx_has_trunk (f->base.pbx));

  desk_pbx_clear_trunk (f->base.pbx);
  g_assert_false (desk_pbx_has_trunk (f->base.pbx));
  g_assert_cmpuint (count_events (f, "trunk"), ==, 0);
}

/* Registration with digest; the provider's short grant makes the engine
 * refresh at once; a refusal later is reported. */
static void
test_register (TrunkFixture  *f,
               gconstpointer  data)
{
  g_autoptr (Sipp) provider = NULL;
  g_autofree char *messages = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *to = NULL;
  g_autofree char *expected = NULL;
  TrunkEvent *e;
  guint registers = 0;

  if (!pbx_require_program ("sipp"))
    return;

  provider = sipp_start (f, "trunk-register.xml", f->provider_port, NULL, "-key", "trunk_user",
                         TRUNK_USER, "-key", "trunk_pass", TRUNK_PASSWORD, NULL);
  set_trunk (f, "127.0.0.1", TRUNK_PASSWORD, TRUE);

  e = wait_event (f, "trunk", 0, 10000);
  g_assert_true (e->registered);
  g_assert_cmpuint (e->code, ==, 200);
  g_assert_true (desk_pbx_trunk_is_registered (f->base.pbx));

  /* Two refreshes later (2 s granted each time), the provider refuses. */
  e = wait_event_nth (f, "trunk", 0, 1, 15000);
  g_assert_false (e->registered);
  g_assert_cmpuint (e->code, ==, 403);
  g_assert_cmpstr (e->text, ==, "Forbidden");
  g_assert_false (desk_pbx_trunk_is_registered (f->base.pbx));

  g_assert_cmpint (sipp_finish (provider, 20000, &messages), ==, 0);
  /* The refresh that succeeded as before said nothing. */
  g_assert_cmpuint (count_events (f, "trunk"), ==, 2);

  lines = received_first_lines (messages);
  for (guint i = 0; i < lines->len; i++)
    {
      g_test_message ("provider received: %s", (char *) g_ptr_array_index (lines, i));
      g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, i), "REGISTER sip:127.0.0.1:"));
      registers++;
    }
  g_assert_cmpuint (registers, ==, 5);

  /* The AOR and the digest user are the account's. */
  to = received_header (messages, "REGISTER", 0, "To");
  expected = g_strdup_printf ("<sip:" TRUNK_USER "@127.0.0.1:%u>", f->provider_port);
  g_assert_cmpstr (to, ==, expected);
  auth = received_header (messages, "REGISTER", 1, "Authorization");
  g_assert_nonnull (auth);
  g_assert_nonnull (strstr (auth, "username=\"" TRUNK_USER "\""));
  g_assert_nonnull (strstr (auth, "realm=\"provider.test\""));
}

/* A wrong password: the provider refuses, the office hears why. */
static void
test_wrong_password (TrunkFixture  *f,
                     gconstpointer  data)
{
  g_autoptr (Sipp) provider = NULL;
  TrunkEvent *e;

  if (!pbx_require_program ("sipp"))
    return;

  provider = sipp_start (f, "trunk-register.xml", f->provider_port, NULL, "-key", "trunk_user",
                         TRUNK_USER, "-key", "trunk_pass", TRUNK_PASSWORD, NULL);
  set_trunk (f, "127.0.0.1", "not-the-password", TRUE);

  e = wait_event (f, "trunk", 0, 10000);
  g_assert_false (e->registered);
  g_assert_cmpuint (e->code, ==, 403);
  g_assert_cmpstr (e->text, ==, "Forbidden");
  g_assert_false (desk_pbx_trunk_is_registered (f->base.pbx));

  g_assert_cmpint (sipp_finish (provider, 10000, NULL), ==, 0);
  g_assert_cmpuint (count_events (f, "trunk"), ==, 1);
}

/* The provider brings a customer who dialled the office's number: an
 * office call for that number, answered, with media, ended by the
 * provider. */
static void
test_inbound (TrunkFixture  *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Sipp) provider = NULL;
  g_autofree char *remote = pbx_address (f);
  TrunkEvent *e;
  guint id;

  if (!pbx_require_program ("sipp"))
    return;

  set_trunk (f, "127.0.0.1", TRUNK_PASSWORD, FALSE);
  provider = sipp_start (f, "trunk-inbound.xml", f->provider_port, remote, "-s", OFFICE_DID,
                         NULL);

  e = wait_event (f, "incoming", 0, 10000);
  id = e->call_id;
  g_assert_cmpstr (e->to_user, ==, OFFICE_DID);
  g_assert_true (e->from_trunk);
  g_assert_null (e->user);
  g_assert_true (g_str_has_prefix (e->text, "sip:+380671112233@127.0.0.1"));
  g_assert_true (desk_pbx_call_is_from_trunk (f->base.pbx, id));

  desk_pbx_answer (f->base.pbx, id, &error);
  g_assert_no_error (error);
  wait_event (f, "answered", id, 5000);

  e = wait_event (f, "digit", id, 5000);
  g_assert_cmpint (e->digit, ==, '1');
  g_assert_cmpstr (e->text, ==, "rfc4733");

  e = wait_event (f, "ended", id, 10000);
  g_assert_cmpuint (e->code, ==, DESK_PBX_CAUSE_NORMAL);
  g_assert_cmpstr (e->text, ==, "bye");
  g_assert_false (desk_pbx_call_is_from_trunk (f->base.pbx, id));
  g_assert_cmpint (sipp_finish (provider, 10000, NULL), ==, 0);
}

/* The provider calls the contact the engine registered, from an address
 * of its own: still the trunk, for the number in To. Without that contact,
 * the same INVITE is an outside call. */
static void
test_inbound_contact (TrunkFixture  *f,
                      gconstpointer  data)
{
  static const char invite[] =
    "INVITE sip:%s@127.0.0.1:%u SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:%%PORT%%;branch=%%BRANCH%%\r\n"
    "From: <sip:+380671112233@127.0.0.1:%%PORT%%>;tag=p%u\r\n"
    "To: <sip:" OFFICE_DID "@127.0.0.1:%u>\r\n"
    "Call-ID: %%BRANCH%%@127.0.0.1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:provider@127.0.0.1:%%PORT%%>\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n"
    "\r\n";
  g_autoptr (Sipp) provider = NULL;
  g_autoptr (GSocket) socket = pbx_udp_socket_new ();
  g_autofree char *messages = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *user = NULL;
  g_autofree char *request = NULL;
  g_autofree char *reply = NULL;
  const char *at;
  TrunkEvent *e;

  if (!pbx_require_program ("sipp"))
    return;

  provider = sipp_start (f, "trunk-register-once.xml", f->provider_port, NULL, "-key",
                         "trunk_user", TRUNK_USER, "-key", "trunk_pass", TRUNK_PASSWORD, NULL);
  set_trunk (f, "127.0.0.1", TRUNK_PASSWORD, TRUE);
  g_assert_true (wait_event (f, "trunk", 0, 10000)->registered);

  /* sipp writes its log as it goes: the contact registered. */
  g_assert_true (g_file_get_contents (provider->log, &messages, NULL, NULL));
  contact = received_header (messages, "REGISTER", 1, "Contact");
  g_assert_nonnull (contact);
  g_assert_true (g_str_has_prefix (contact, "<sip:" TRUNK_USER "-"));
  at = strchr (contact, '@');
  g_assert_nonnull (at);
  user = g_strndup (contact + strlen ("<sip:"), at - contact - strlen ("<sip:"));

  request = g_strdup_printf (invite, user, f->base.port, 1, f->base.port);
  reply = pbx_udp_request (socket, f->base.port, request, 2000);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 180 Ringing\r\n"));
  e = wait_event (f, "incoming", 0, 5000);
  g_assert_true (e->from_trunk);
  g_assert_cmpstr (e->to_user, ==, OFFICE_DID);
  g_assert_null (e->user);

  /* The account's name is no secret: it proves nothing. */
  g_clear_pointer (&request, g_free);
  g_clear_pointer (&reply, g_free);
  request = g_strdup_printf (invite, TRUNK_USER, f->base.port, 2, f->base.port);
  reply = pbx_udp_request (socket, f->base.port, request, 2000);
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 180 Ringing\r\n"));
  e = wait_event_nth (f, "incoming", 0, 1, 5000);
  g_assert_false (e->from_trunk);
  g_assert_cmpstr (e->to_user, ==, TRUNK_USER);

  g_clear_pointer (&messages, g_free);
  desk_pbx_clear_trunk (f->base.pbx);
  g_assert_cmpint (sipp_finish (provider, 15000, &messages), ==, 0);
  g_assert_null (strstr (messages, "INVITE"));
}

typedef struct
{
  TrunkFixture *f;
  const char *number;
  const char *caller_id;
  guint call_id;
} DialOut;

static gboolean
dialled (gpointer data)
{
  DialOut *d = data;
  g_autoptr (GError) error = NULL;

  d->call_id = desk_pbx_dial_out (d->f->base.pbx, d->number, d->caller_id, &error);
  if (d->call_id == 0)
    g_assert_error (error, DESK_ERROR, DESK_ERROR_FAILED);
  return d->call_id != 0;
}

static guint
dial_out (TrunkFixture *f,
          const char   *number,
          const char   *caller_id)
{
  DialOut d = { f, number, caller_id, 0 };

  /* The provider's name may still be being looked up. */
  if (!desk_test_wait_until (dialled, &d, 5000))
    g_error ("Could not dial %s out", number);
  return d.call_id;
}

/* Calls out through the trunk, with its caller ID or another, to a
 * provider known by name; the provider's digest challenge is answered. */
static void
test_dial_out (TrunkFixture  *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Sipp) provider = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *request_prefix = NULL;
  g_autofree char *via = NULL;
  g_autofree char *from = NULL;
  g_autofree char *route = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *expected = NULL;
  TrunkEvent *e;
  guint id;

  if (!pbx_require_program ("sipp"))
    return;

  provider = sipp_start (f, "trunk-outbound.xml", f->provider_port, NULL, "-key", "trunk_user",
                         TRUNK_USER, "-key", "trunk_pass", TRUNK_PASSWORD, NULL);
  set_trunk (f, "localhost", TRUNK_PASSWORD, FALSE);

  id = dial_out (f, "+380501234567", NULL);
  g_assert_true (desk_pbx_has_call (f->base.pbx, id));
  g_assert_false (desk_pbx_call_is_from_trunk (f->base.pbx, id));
  wait_event (f, "ringing", id, 10000);
  e = wait_event (f, "answered", id, 10000);
  g_assert_null (e->user);

  desk_pbx_hangup (f->base.pbx, id, 0, &error);
  g_assert_no_error (error);
  e = wait_event (f, "ended", id, 5000);
  g_assert_cmpstr (e->text, ==, "hangup");
  g_assert_cmpint (sipp_finish (provider, 10000, &messages), ==, 0);

  /* What the provider got: the number at its domain, the office's caller
   * ID in From, the Route to its address (it was known by name), and the
   * account's digest. */
  request_prefix = g_strdup_printf ("INVITE sip:+380501234567@localhost:%u SIP/2.0",
                                    f->provider_port);
  via = received_header (messages, request_prefix, 0, "Via");
  g_assert_nonnull (via);
  from = received_header (messages, "INVITE", 1, "From");
  expected = g_strdup_printf ("<sip:" OFFICE_CLI "@localhost:%u>;", f->provider_port);
  g_assert_true (g_str_has_prefix (from, expected));
  route = received_header (messages, "INVITE", 1, "Route");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("<sip:127.0.0.1:%u;lr>", f->provider_port);
  g_assert_cmpstr (route, ==, expected);
  auth = received_header (messages, "INVITE", 1, "Authorization");
  g_assert_nonnull (strstr (auth, "username=\"" TRUNK_USER "\""));

  /* Another caller ID, for one call. */
  g_clear_pointer (&provider, sipp_free);
  g_clear_pointer (&messages, g_free);
  g_clear_pointer (&from, g_free);
  provider = sipp_start (f, "trunk-outbound.xml", f->provider_port, NULL, "-key", "trunk_user",
                         TRUNK_USER, "-key", "trunk_pass", TRUNK_PASSWORD, NULL);
  id = dial_out (f, "0501234568", "+380449998877");
  wait_event (f, "answered", id, 10000);
  desk_pbx_hangup (f->base.pbx, id, 0, &error);
  g_assert_no_error (error);
  wait_event (f, "ended", id, 5000);
  g_assert_cmpint (sipp_finish (provider, 10000, &messages), ==, 0);
  from = received_header (messages, "INVITE", 1, "From");
  g_assert_true (g_str_has_prefix (from, "<sip:+380449998877@localhost:"));
}

/* Toll fraud: outside callers dialling outside numbers, and an office
 * phone with a wrong password, never reach the provider; the office only
 * hears call-incoming for the outside callers (and refuses them). */
static void
test_toll_fraud (TrunkFixture  *f,
                 gconstpointer  data)
{
  static const char *numbers[] = { "00380501234567", "+79161234567" };
  g_autoptr (Sipp) provider = NULL;
  g_autofree char *remote = pbx_address (f);
  g_autofree char *trunk_port = g_strdup_printf ("%u", f->provider_port);
  g_autofree char *messages = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autofree char *contact = NULL;
  TrunkEvent *e;

  if (!pbx_require_program ("sipp"))
    return;

  f->reject_outside = TRUE;
  provider = sipp_start (f, "trunk-register-once.xml", f->provider_port, NULL, "-key",
                         "trunk_user", TRUNK_USER, "-key", "trunk_pass", TRUNK_PASSWORD, NULL);
  /* Known by name: the REGISTERs go through a Route to its address. */
  set_trunk (f, "localhost", TRUNK_PASSWORD, TRUE);
  e = wait_event (f, "trunk", 0, 10000);
  g_assert_true (e->registered);

  /* Outside callers, from their own ports, to outside numbers. */
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr (Sipp) fraud = NULL;

      fraud = sipp_start (f, "trunk-fraud-invite.xml", desk_test_free_port (), remote, "-s",
                          numbers[i], "-key", "trunk_port", trunk_port, NULL);
      g_assert_cmpint (sipp_finish (fraud, 15000, NULL), ==, 0);

      e = wait_event_nth (f, "incoming", 0, i, 5000);
      g_assert_cmpstr (e->to_user, ==, numbers[i]);
      g_assert_null (e->user);
      g_assert_false (e->from_trunk);
      e = wait_event (f, "ended", e->call_id, 5000);
      g_assert_cmpuint (e->code, ==, 403);
    }

  /* An office phone that registered, then answers the INVITE's challenge
   * with a wrong password: 401, then 403, and no call at all. */
  {
    g_autoptr (Sipp) phone = NULL;

    phone = sipp_start (f, "trunk-phone-wrong-auth.xml", desk_test_free_port (), remote, "-s",
                        PBX_TEST_USER1, "-au", PBX_TEST_USER1, "-ap", PBX_TEST_PASSWORD1, "-key",
                        "number", numbers[1], NULL);
    g_autofree char *said = NULL;
    g_autoptr (GPtrArray) replies = NULL;

    g_assert_cmpint (sipp_finish (phone, 15000, &said), ==, 0);
    g_assert_true (pbx_wait_registrations (&f->base, PBX_TEST_USER1, TRUE, 1, 1000));
    replies = received_first_lines (said);
    g_assert_cmpuint (replies->len, >=, 4);
    g_assert_cmpstr (g_ptr_array_index (replies, replies->len - 2), ==,
                     "SIP/2.0 401 Unauthorized");
    g_assert_cmpstr (g_ptr_array_index (replies, replies->len - 1), ==, "SIP/2.0 403 Forbidden");
  }
  g_assert_cmpuint (count_events (f, "incoming"), ==, G_N_ELEMENTS (numbers));

  /* The provider has seen nothing but the registration: removing the trunk
   * un-registers, which ends its scenario. Any INVITE would have started a
   * call it does not expect, and failed it. */
  desk_pbx_clear_trunk (f->base.pbx);
  g_assert_cmpint (sipp_finish (provider, 15000, &messages), ==, 0);
  e = wait_event_nth (f, "trunk", 0, 1, 5000);
  g_assert_false (e->registered);
  g_assert_cmpuint (count_events (f, "ringing") + count_events (f, "answered"), ==, 0);

  lines = received_first_lines (messages);
  g_assert_cmpuint (lines->len, ==, 4);
  for (guint i = 0; i < lines->len; i++)
    {
      g_test_message ("provider received: %s", (char *) g_ptr_array_index (lines, i));
      g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, i), "REGISTER sip:localhost:"));
    }
  g_assert_null (strstr (messages, "INVITE"));
  contact = received_header (messages, "REGISTER", 2, "Contact");
  g_assert_true (g_str_has_suffix (contact, ";expires=0"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/desk/pbx/trunk/" path, TrunkFixture, NULL, trunk_setup, func, trunk_teardown)

  ADD ("config", test_config);
  ADD ("register", test_register);
  ADD ("wrong-password", test_wrong_password);
  ADD ("inbound", test_inbound);
  ADD ("inbound-contact", test_inbound_contact);
  ADD ("dial-out", test_dial_out);
  ADD ("toll-fraud", test_toll_fraud);

#undef ADD

  return g_test_run ();
}
