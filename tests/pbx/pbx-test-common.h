/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "desk-pbx.h"
#include "desk-test-utils.h"

G_BEGIN_DECLS

/* Accounts every fixture's engine knows. */
#define PBX_TEST_USER1     "op1"
#define PBX_TEST_PASSWORD1 "op1-secret"
#define PBX_TEST_USER2     "op2"
#define PBX_TEST_PASSWORD2 "op2-secret"

typedef struct
{
  char *user;
  char *contact;
  char *source;
  gboolean registered;
} PbxRegistration;

typedef struct
{
  DeskPbx *pbx;
  guint port;
  char *tmpdir;
  GPtrArray *registrations;   /* PbxRegistration, in the order signalled */
  GPtrArray *blocked;         /* addresses from auth-blocked */
} PbxFixture;

/* Makes an engine with the two test accounts, records its signals and starts
 * it on 127.0.0.1, port 0. */
void      pbx_fixture_setup        (PbxFixture    *f,
                                    gconstpointer  data);
void      pbx_fixture_teardown     (PbxFixture    *f,
                                    gconstpointer  data);

guint     pbx_count_registrations  (PbxFixture    *f,
                                    const char    *user,
                                    gboolean       registered);
/* Iterates the main context until @count matching events were recorded. */
gboolean  pbx_wait_registrations   (PbxFixture    *f,
                                    const char    *user,
                                    gboolean       registered,
                                    guint          count,
                                    guint          timeout_ms);
gboolean  pbx_wait_blocked         (PbxFixture    *f,
                                    guint          timeout_ms);

/* Skips the test (and returns FALSE) when @program is not installed. */
gboolean  pbx_require_program      (const char    *program);

typedef struct
{
  const char *scenario;    /* file name in tests/pbx */
  gboolean tcp;
  const char *user;        /* the AOR user (sipp -s) */
  const char *auth_user;   /* -au, defaults to user */
  const char *password;    /* -ap */
  guint expires;           /* -key expires; 0 means 3600 */
  guint calls;             /* -m; 0 means 1 */
} PbxSipp;

/* Runs sipp against the fixture's engine; returns its exit status (0: every
 * call went as the scenario says) and, if @messages is not NULL, its message
 * log. */
int       pbx_run_sipp             (PbxFixture    *f,
                                    const PbxSipp *run,
                                    char         **messages);

/* "SIP/2.0 401 Unauthorized|Via|From|...|WWW-Authenticate(realm,nonce,...)"
 * for each message sipp received, in order. */
GPtrArray *pbx_received_shapes     (const char    *messages);

/* A UDP socket bound to 127.0.0.1 on a port of its own. */
GSocket  *pbx_udp_socket_new       (void);
/* Sends @request to the engine on 127.0.0.1:@port and returns the first
 * reply, or NULL after @timeout_ms, sending it again every 500 ms as UAs do
 * over UDP. In @request, "%PORT%" becomes the
 * socket's port and "%BRANCH%" a new branch. Drops stale datagrams first. */
char     *pbx_udp_request          (GSocket       *socket,
                                    guint          port,
                                    const char    *request,
                                    guint          timeout_ms);
/* The same from a new socket. */
char     *pbx_udp_exchange         (guint          port,
                                    const char    *request,
                                    guint          timeout_ms);
/* An OPTIONS request for pbx_udp_request(). */
extern const char pbx_options_request[];

/* Real phones: baresip processes, driven over their console (cons module;
 * see PBX-NOTES.md). Each sends a WAV file as its voice and records what
 * it hears into its directory (dump-*-dec.wav). */
typedef struct
{
  char *name;
  char *dir;
  guint16 cons_port;
  DeskTestProcess *process;
} PbxPhone;

#define PBX_TEST_RATE 8000

/* Skips the test (and returns FALSE) without baresip, or on a host with no
 * address but loopback (baresip 1.0 needs one). */
gboolean  pbx_require_phones       (void);
/* An 8 kHz mono s16 WAV (what baresip's aufile needs for G.711) in the
 * fixture's directory: a tone of @hz, and if @dtmf_at is not negative the
 * DTMF pair of "1" for 300 ms from that second on. */
char     *pbx_write_tone_wav       (PbxFixture    *f,
                                    const char    *name,
                                    double         hz,
                                    guint          seconds,
                                    double         dtmf_at);
/* Starts a phone for @user of the fixture's engine and waits until it is
 * ready; @account is what follows the AOR in its accounts line, such as
 * "auth_pass=x;answermode=auto" or "regint=0". */
PbxPhone *pbx_phone_start          (PbxFixture    *f,
                                    const char    *name,
                                    const char    *user,
                                    const char    *account,
                                    const char    *source_wav);
void      pbx_phone_command        (PbxPhone      *phone,
                                    const char    *format,
                                    ...) G_GNUC_PRINTF (2, 3);
/* Quits the phone; phones must go before the engine, or baresip retries
 * its un-REGISTER for half a minute. */
void      pbx_phone_quit           (PbxPhone      *phone);
void      pbx_phone_free           (PbxPhone      *phone);
/* The share of the energy of @n samples, every @stride-th of @s, at @hz
 * (Goertzel, at PBX_TEST_RATE): about 1 for a pure tone of that frequency,
 * 0 for silence (below about -50 dBFS) or another tone. */
double    pbx_tone_share           (const gint16  *s,
                                    gsize          n,
                                    gsize          stride,
                                    double         hz);

/* A port for baresip's SIP whose neighbour (baresip's SIP over TLS) is
 * free too. */
guint16   pbx_free_sip_port        (void);

/* What phones heard (baresip's sndfile dumps) ----------------------------- */

/* The first channel of a WAV file as 16-bit samples, to the end of the
 * file (a recorder still writing may not have finished the header). */
gint16   *pbx_read_wav_mono        (const char    *path,
                                    gsize         *countp);
/* The newest of a phone's recordings. */
#define PBX_HEARD_LAST G_MAXUINT
/* What the phone heard in its @nth call (baresip names its recordings by
 * the second the call's audio started), or PBX_HEARD_LAST. */
gint16   *pbx_phone_heard          (PbxPhone      *phone,
                                    guint          nth,
                                    gsize         *countp);
/* The first one-second window from @from on where @hz dominates, or -1. */
int       pbx_find_tone            (const gint16  *s,
                                    gsize          n,
                                    double         hz,
                                    int            from);
/* Waits (5 s at most, else fails the test) until @phone printed that it
 * received the RFC 4733 event @digit, to its end. */
void      pbx_phone_assert_dtmf    (PbxPhone      *phone,
                                    char           digit);
/* Lets audio flow for a while, with the main loop running. */
void      pbx_let_audio_flow       (guint          ms);

G_END_DECLS
