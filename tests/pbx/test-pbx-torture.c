/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx-test"

#include "pbx-test-common.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>

/* Torture and malformed SIP (after the categories of RFC 4475, with a set of
 * our own): every case is a file in tests/pbx/torture/, sent over UDP and,
 * for a subset, over TCP, to an engine on 127.0.0.1. For each case:
 *
 * - every reply is a well-formed response: status line, CRLF lines, token
 *   header names, Content-Length that fits, the request's Via headers (all of
 *   them, in order), Call-ID, CSeq and From copied, To copied with a tag;
 * - the outcome (the final status, else the last provisional one, else
 *   "none") is one the table below allows;
 * - INVITEs that ring are cancelled (200 to the CANCEL, 487 to the INVITE),
 *   every final answer to an INVITE is acknowledged, and every call the case
 *   started has ended afterwards;
 * - the engine still answers a plain OPTIONS with 200 (over TCP too for TCP
 *   cases).
 *
 * Case files are plain text with LF line endings, turned into CRLF at load
 * time (RAW cases keep their bytes). A line "%%NEXT%%" separates the
 * requests of a case that sends several. Placeholders:
 *   %PORT%     our port (Via, Contact, From)      %SPORT%   the engine's port
 *   %TP%       UDP or TCP                         %TPL%     udp or tcp
 *   %BRANCH%   this case's branch                 %BRANCH2% a second branch
 *   %TAG%      a From tag                         %CALLID%  this case's Call-ID
 *   %CSEQ%     1, one more after a 401            %RTPPORT% a UDP sink for RTP
 *   %CLEN%     the length of this request's body  %AUTH%    an Authorization
 *   %xHH%      the byte 0xHH                        line (AUTH cases) or nothing
 *   %FILL:N%   N filler characters                %TOTAG%   the To tag of the
 *                                                           last reply
 *
 * No message names a host other than 127.0.0.1 (TESTING.md: SIP test traffic
 * stays on this machine); test_files_stay_local() checks the files for it.
 *
 * Beside the table: every case again, one after another, against one engine
 * ("all-in-a-row"); TCP framing (a message cut over several writes, three in
 * one write, writes cut across two messages, CRLF keep-alives); seeded random
 * mutations of the valid and transaction cases; and a flood of INVITEs that
 * nobody answers.
 *
 * Every case is strict: an answer the table does not allow, a malformed
 * reply, a crash, an engine that stops answering or a call left behind
 * fail it. What libre 1.1.0 lets through or drops is put right in the
 * engine (desk-pbx-transport.c). */

typedef enum {
  CAT_VALID,        /* valid but unusual */
  CAT_INVALID,      /* invalid syntax */
  CAT_TRANSACTION,  /* transaction layer */
  CAT_APPLICATION,  /* application layer */
} Category;

static const char *const category_names[] = { "valid", "invalid", "transaction", "application" };

enum {
  ON_UDP    = 1 << 0,
  ON_TCP    = 1 << 1,
  RAW       = 1 << 2,  /* bytes as in the file: no LF -> CRLF */
  AUTH      = 1 << 3,  /* answer a 401 with op1's digest credentials */
  ACK_CHECK = 1 << 4,  /* UDP: our ACK stops the final's retransmissions */
};

#define UDP  ON_UDP
#define TCP  ON_TCP
#define BOTH (ON_UDP | ON_TCP)

typedef struct
{
  const char *name;       /* torture/<name>.sip */
  Category category;
  guint flags;
  /* Outcomes allowed per request of the case, ';' between requests; each a
   * '|' list of "NNN", "Nxx" or "none". @expect_tcp is for TCP if set. */
  const char *expect;
  const char *expect_tcp;
  const char *what;
} TortureCase;

static const TortureCase cases[] = {
  /* Valid but unusual: the engine must understand these. */
  { "valid-compact-headers", CAT_VALID, BOTH, "200", NULL,
    "compact forms v f t i m k l" },
  { "valid-line-folding", CAT_VALID, BOTH, "200", NULL,
    "headers folded over lines with spaces and tabs, inside a quoted display name too" },
  { "valid-header-case", CAT_VALID, BOTH, "200", NULL,
    "header and parameter names in mixed case" },
  { "valid-unknown-headers", CAT_VALID, BOTH, "200", NULL,
    "unknown headers, empty values, every token character in a name" },
  { "valid-multiple-via", CAT_VALID, BOTH, "200", NULL,
    "four Via values, two of them in one header, the last in compact form" },
  { "valid-escaped-uri", CAT_VALID, UDP, "200", NULL,
    "escaped characters in user parts and URI parameters" },
  { "valid-ipv6-param", CAT_VALID, UDP, "200", NULL,
    "IPv6 references in Via, From and Contact parameters" },
  { "valid-long-values", CAT_VALID, BOTH, "200", NULL,
    "a 600-character Call-ID, 300-character tag and branch, 3000-character header" },
  { "valid-many-headers", CAT_VALID, UDP, "200", NULL,
    "150 unknown headers" },
  { "valid-many-via", CAT_VALID, UDP, "200", NULL,
    "61 Via values in one header" },
  { "valid-many-params", CAT_VALID, UDP, "200", NULL,
    "300 parameters on the Via" },
  { "valid-long-ruri", CAT_VALID, UDP, "200|414", NULL,
    "a 4000-character user part in the Request-URI" },
  { "valid-leading-crlf", CAT_VALID, UDP, "200", NULL,
    "CRLF CRLF before the request line (RFC 3261 7.5: ignore it)" },
  { "valid-whitespace", CAT_VALID, BOTH, "200", NULL,
    "tabs and runs of spaces around colons, no space after colons" },
  { "valid-via-sws", CAT_VALID, UDP, "200", NULL,
    "spaces around the slashes of the Via protocol and the = of its branch" },
  { "valid-display-name-semicolons", CAT_VALID, UDP, "200", NULL,
    "semicolons, commas and angle brackets inside quoted display names" },
  { "valid-quoted-pairs", CAT_VALID, UDP, "200", NULL,
    "escaped quotes and backslashes in display names" },
  { "valid-no-content-length", CAT_VALID, UDP, "200", NULL,
    "no Content-Length and no body over UDP" },
  { "valid-body-without-content-length", CAT_VALID, UDP, "200|415", NULL,
    "a body without Content-Length over UDP" },
  { "valid-content-length-smaller", CAT_VALID, UDP, "200", NULL,
    "Content-Length 0 and bytes after it over UDP: they are not part of the message" },
  { "valid-invite-trailing-bytes", CAT_VALID, UDP, "180", NULL,
    "INVITE, Content-Length 0, then bytes that are no SDP over UDP" },
  { "valid-rport-no-port", CAT_VALID, UDP, "200", NULL,
    "Via with rport and no port: the answer goes to the source port" },
  { "valid-lowercase-via", CAT_VALID, UDP, "200", NULL,
    "Via protocol and transport in lower case" },
  { "valid-via-no-branch", CAT_VALID, UDP, "200", NULL,
    "an RFC 2543 style Via without branch" },
  { "valid-user-phone", CAT_VALID, UDP, "200", NULL,
    "telephone-subscriber user part with user=phone" },
  { "valid-from-no-tag", CAT_VALID, UDP, "200|400", NULL,
    "From without a tag (RFC 2543)" },
  { "valid-register-unusual", CAT_VALID, BOTH, "401", NULL,
    "REGISTER with two contacts, q values, escaped and unknown parameters" },
  { "valid-register-compact-folded", CAT_VALID, BOTH | AUTH, "200", NULL,
    "an authenticated REGISTER in compact form with folded lines" },
  { "valid-invite-unusual", CAT_VALID, BOTH | ACK_CHECK, "180|183", NULL,
    "INVITE with compact headers, folding, unknown headers and odd SDP lines" },
  { "valid-invite-route", CAT_VALID, UDP, "180|183", NULL,
    "INVITE with a Route to the engine itself and a Record-Route" },

  /* Invalid syntax: a refusal or silence, never a crash. */
  { "invalid-missing-call-id", CAT_INVALID, BOTH, "400|none", NULL, "no Call-ID" },
  { "invalid-missing-cseq", CAT_INVALID, UDP, "400|none", NULL, "no CSeq" },
  { "invalid-missing-from", CAT_INVALID, UDP, "400|none", NULL, "no From" },
  { "invalid-missing-to", CAT_INVALID, UDP, "400|none", NULL, "no To" },
  { "invalid-missing-via", CAT_INVALID, BOTH, "none", NULL,
    "no Via: nowhere to answer" },
  { "invalid-cseq-not-a-number", CAT_INVALID, UDP, "400|none", NULL, "CSeq: one OPTIONS" },
  { "invalid-cseq-negative", CAT_INVALID, UDP, "400", NULL, "CSeq: -1 OPTIONS" },
  { "invalid-cseq-huge", CAT_INVALID, UDP, "400", NULL,
    "CSeq: 4294967297 OPTIONS (more than 2^31)" },
  { "invalid-cseq-method-mismatch", CAT_INVALID, BOTH, "400", NULL,
    "OPTIONS with CSeq: 1 INVITE" },
  { "invalid-content-length-negative", CAT_INVALID, BOTH, "400", "400",
    "Content-Length: -5" },
  { "invalid-content-length-huge", CAT_INVALID, BOTH, "400", "400|none",
    "Content-Length: 99999999999 (over TCP libre waits for that much body and closes the "
    "connection at 64 KiB: no message ever reaches the engine)" },
  { "invalid-content-length-larger", CAT_INVALID, BOTH, "400", "none",
    "Content-Length 500 with a 20-byte body" },
  { "invalid-content-length-not-a-number", CAT_INVALID, UDP, "400", NULL,
    "Content-Length: zero" },
  { "invalid-content-length-overflow", CAT_INVALID, TCP, NULL, "400",
    "TCP: Content-Length 4294967296 and a request hidden in the body" },
  { "invalid-content-length-missing-tcp", CAT_INVALID, TCP, NULL, "400|none",
    "TCP without Content-Length" },
  { "invalid-unterminated-quote", CAT_INVALID, UDP, "400", NULL,
    "From display name opens a quote and never closes it" },
  { "invalid-version", CAT_INVALID, BOTH, "505|400|none", NULL, "SIP/7.0" },
  { "invalid-ruri-scheme", CAT_INVALID, UDP, "416", NULL,
    "Request-URI with scheme nosuch:" },
  { "invalid-ruri-not-a-uri", CAT_INVALID, UDP, "400|416|none", NULL,
    "Request-URI without a scheme" },
  { "invalid-ruri-angle-brackets", CAT_INVALID, UDP, "400", NULL,
    "Request-URI in angle brackets" },
  { "invalid-request-line-spaces", CAT_INVALID, UDP, "400|none", NULL,
    "two spaces between the parts of the request line" },
  { "invalid-nul-in-call-id", CAT_INVALID, BOTH, "none", NULL,
    "a NUL byte inside the Call-ID" },
  { "invalid-nul-in-subject", CAT_INVALID, UDP, "200|400|none", NULL,
    "a NUL byte inside a header the engine does not read" },
  { "invalid-nul-in-method", CAT_INVALID, UDP, "400|501|none", NULL,
    "a NUL byte inside the method" },
  { "invalid-non-utf8-display-name", CAT_INVALID, UDP, "200|400|none", NULL,
    "bytes that are no UTF-8 in the From display name" },
  { "invalid-non-utf8-ruri", CAT_INVALID, UDP, "200|400|416|none", NULL,
    "bytes that are no UTF-8, unescaped, in the Request-URI user part" },
  { "invalid-oversize-udp", CAT_INVALID, UDP, "513|400|none", NULL,
    "a 65000-byte datagram" },
  { "invalid-oversize-tcp", CAT_INVALID, TCP, NULL, "513|400|none",
    "a 70000-byte header over TCP" },
  { "invalid-empty-datagram", CAT_INVALID, UDP, "none", NULL, "an empty datagram" },
  { "invalid-crlf-only", CAT_INVALID, UDP | RAW, "none", NULL, "a datagram of CRLF CRLF" },
  { "invalid-request-line-only", CAT_INVALID, UDP, "none", NULL,
    "a request line and nothing else" },
  { "invalid-header-without-colon", CAT_INVALID, BOTH, "400|none", NULL,
    "a header line without a colon" },
  { "invalid-empty-header-name", CAT_INVALID, UDP, "400|none", NULL,
    "a header line that starts with its colon" },
  { "invalid-header-name-space", CAT_INVALID, UDP, "400|none", NULL,
    "Call ID: (a space in the name), so no Call-ID" },
  { "invalid-control-bytes", CAT_INVALID, UDP, "400|none", NULL,
    "control bytes where a header should start" },
  { "invalid-lf-only", CAT_INVALID, UDP | RAW, "200|400|none", NULL,
    "bare LF line endings" },
  { "invalid-to-not-a-uri", CAT_INVALID, UDP, "400|none", NULL, "To: not a uri" },
  { "invalid-via-no-host", CAT_INVALID, UDP, "400|none", NULL, "Via without sent-by" },
  { "invalid-via-unknown-transport", CAT_INVALID, UDP, "200|400|none", NULL,
    "Via transport XYZ" },
  { "invalid-duplicate-call-id", CAT_INVALID, UDP, "400", NULL,
    "two Call-ID headers with different values" },
  { "invalid-duplicate-cseq", CAT_INVALID, UDP, "400", NULL,
    "two CSeq headers" },
  { "invalid-duplicate-from", CAT_INVALID, UDP, "400", NULL,
    "two From headers" },
  { "invalid-max-forwards-zero-options", CAT_INVALID, UDP, "200|483", NULL,
    "OPTIONS with Max-Forwards: 0 (the engine is the UAS)" },
  { "invalid-max-forwards-zero-register", CAT_INVALID, UDP, "401|483", NULL,
    "REGISTER with Max-Forwards: 0 (the registrar is the UAS)" },
  { "invalid-max-forwards-zero-invite", CAT_INVALID, BOTH, "483", NULL,
    "INVITE with Max-Forwards: 0 to a back-to-back user agent" },
  { "invalid-max-forwards-not-a-number", CAT_INVALID, UDP, "200|400|483|none", NULL,
    "Max-Forwards: many" },
  { "invalid-unknown-method", CAT_INVALID, BOTH, "501|405", NULL, "method FOOBAR" },
  { "invalid-lowercase-method", CAT_INVALID, UDP, "501|405", NULL,
    "method options: methods are case-sensitive" },
  { "invalid-ruri-foreign-options", CAT_INVALID, UDP, "2xx|4xx", NULL,
    "OPTIONS for a host:port that is not ours" },
  { "invalid-ruri-foreign-register", CAT_INVALID, UDP, "401|403|404", NULL,
    "REGISTER for a host:port that is not ours" },
  { "invalid-ruri-foreign-invite", CAT_INVALID, UDP, "180|403|404|416|480", NULL,
    "INVITE for a host:port that is not ours" },
  { "invalid-unsolicited-response", CAT_INVALID, UDP, "none", NULL,
    "a 200 OK that answers nothing" },

  /* Transaction layer. */
  { "txn-ack-no-transaction", CAT_TRANSACTION, BOTH, "none", NULL,
    "ACK that matches no transaction" },
  { "txn-ack-with-to-tag", CAT_TRANSACTION, UDP, "none", NULL,
    "ACK in a dialog that does not exist" },
  { "txn-cancel-unknown", CAT_TRANSACTION, BOTH, "481", NULL,
    "CANCEL that matches no transaction" },
  { "txn-options-retransmission", CAT_TRANSACTION, UDP, "200;200", NULL,
    "the same OPTIONS twice, same branch" },
  { "txn-register-retransmission", CAT_TRANSACTION, UDP, "401;401", NULL,
    "the same REGISTER twice, same branch" },
  { "txn-invite-retransmission", CAT_TRANSACTION, BOTH | ACK_CHECK, "180;180|100|none", NULL,
    "the same INVITE twice, same branch: one call" },
  { "txn-invite-cancel", CAT_TRANSACTION, BOTH | ACK_CHECK, "180;200", NULL,
    "INVITE, then its CANCEL: 200, then 487 to the INVITE" },
  { "txn-cancel-wrong-branch", CAT_TRANSACTION, UDP, "180;481", NULL,
    "CANCEL with a branch of its own" },
  { "txn-cancel-after-final", CAT_TRANSACTION, UDP, "488|415|400;200|481", NULL,
    "CANCEL after the INVITE got its final answer" },
  { "txn-merged-request", CAT_TRANSACTION, UDP, "180;482", NULL,
    "the INVITE again with another branch (RFC 3261 8.2.2.2)" },
  { "txn-bye-early-dialog", CAT_TRANSACTION, BOTH, "180;200", NULL,
    "the caller's BYE in the early dialog: 200, and 487 to the INVITE (RFC 3261 15.1.2)" },
  { "txn-reinvite-early-dialog", CAT_TRANSACTION, UDP, "180;491|500", NULL,
    "a re-INVITE while the first INVITE still rings" },
  { "txn-info-early-dialog", CAT_TRANSACTION, UDP, "180;200|481|501", NULL,
    "INFO in the early dialog" },
  { "txn-cancel-twice", CAT_TRANSACTION, UDP, "180;200;200|481", NULL,
    "the same CANCEL twice" },
  { "txn-invite-after-cancel", CAT_TRANSACTION, UDP | ACK_CHECK, "180;200;487|none", NULL,
    "the cancelled INVITE retransmitted after its 487 was acknowledged: no new call" },
  { "txn-same-call-id-new-cseq", CAT_TRANSACTION, UDP, "180;180|4xx|5xx", NULL,
    "a second INVITE with the Call-ID and From tag of a ringing one, a higher CSeq, no To tag" },
  { "txn-bye-unknown-dialog", CAT_TRANSACTION, BOTH, "481", NULL,
    "BYE for a dialog that does not exist" },
  { "txn-reinvite-unknown-dialog", CAT_TRANSACTION, UDP, "481", NULL,
    "re-INVITE (To tag) for a dialog that does not exist" },
  { "txn-info-unknown-dialog", CAT_TRANSACTION, UDP, "481|501", NULL,
    "INFO for a dialog that does not exist" },
  { "txn-refer-unknown-dialog", CAT_TRANSACTION, UDP, "481|501", NULL,
    "REFER for a dialog that does not exist" },
  { "txn-prack-unknown", CAT_TRANSACTION, UDP, "481|501", NULL,
    "PRACK for nothing" },
  { "txn-options-unknown-dialog", CAT_TRANSACTION, UDP, "200|481", NULL,
    "OPTIONS with a To tag of no dialog" },
  { "txn-stray-provisional", CAT_TRANSACTION, UDP, "none", NULL,
    "a 180 that matches no client transaction" },

  /* Application layer. */
  { "app-register-star-expires", CAT_APPLICATION, BOTH, "400", NULL,
    "Contact: * with Expires: 60" },
  { "app-register-star-no-expires", CAT_APPLICATION, UDP, "400", NULL,
    "Contact: * without Expires" },
  { "app-register-star-and-contact", CAT_APPLICATION, UDP, "400", NULL,
    "Contact: * beside another contact" },
  { "app-register-contact-scheme", CAT_APPLICATION, UDP, "400|416", NULL,
    "Contact with scheme nosuch:" },
  { "app-register-contact-bad-expires", CAT_APPLICATION, UDP, "400", NULL,
    "Contact expires=soon" },
  { "app-register-expires-negative", CAT_APPLICATION, UDP, "400", NULL,
    "Expires: -1" },
  { "app-register-expires-huge", CAT_APPLICATION, UDP, "401", NULL,
    "Expires: 99999999999 (clamped, so fine)" },
  { "app-register-too-many-contacts", CAT_APPLICATION, UDP, "400|403", NULL,
    "eleven contacts" },
  { "app-register-call-id-too-long", CAT_APPLICATION, UDP, "400", NULL,
    "a 300-character Call-ID" },
  { "app-register-foreign-realm", CAT_APPLICATION, UDP, "401", NULL,
    "credentials for another realm: a challenge" },
  { "app-register-require-unknown", CAT_APPLICATION, UDP, "420", NULL,
    "Require: x-no-such-extension" },
  { "app-options-require-unknown", CAT_APPLICATION, BOTH, "420", NULL,
    "OPTIONS with Require: x-no-such-extension" },
  { "app-options-accept-unknown", CAT_APPLICATION, UDP, "200|406", NULL,
    "Accept: text/x-nothing" },
  { "app-invite-require-unknown", CAT_APPLICATION, UDP, "420", NULL,
    "INVITE with Require: x-no-such-extension" },
  { "app-invite-sdp-garbage", CAT_APPLICATION, BOTH, "488|400|606", NULL,
    "INVITE whose application/sdp body is no SDP" },
  { "app-invite-sdp-no-media", CAT_APPLICATION, UDP, "488|606", NULL,
    "SDP without m= line" },
  { "app-invite-sdp-no-codec", CAT_APPLICATION, UDP, "488|606", NULL,
    "SDP offering only a codec the engine lacks" },
  { "app-invite-sdp-port-zero", CAT_APPLICATION, UDP, "488|606", NULL,
    "SDP whose only stream is refused (port 0)" },
  { "app-invite-sdp-odd-values", CAT_APPLICATION, UDP, "180|183|488|400|606", NULL,
    "SDP with out-of-range numbers and unknown lines" },
  { "app-invite-not-sdp", CAT_APPLICATION, UDP, "415", NULL,
    "INVITE with a text/plain body" },
  { "app-invite-no-content-type", CAT_APPLICATION, UDP, "415|400", NULL,
    "INVITE with SDP but no Content-Type" },
  { "app-invite-no-contact", CAT_APPLICATION, UDP, "400", NULL,
    "INVITE without Contact" },
  { "app-invite-contact-scheme", CAT_APPLICATION, UDP, "180|400|416|500", NULL,
    "INVITE with Contact scheme nosuch:" },
  { "app-invite-foreign-realm", CAT_APPLICATION, UDP, "401", NULL,
    "INVITE with credentials for another realm: a challenge" },
  { "app-invite-from-no-tag", CAT_APPLICATION, UDP, "400", NULL,
    "INVITE whose From has no tag (RFC 2543)" },
  { "app-invite-contact-star", CAT_APPLICATION, UDP, "400", NULL,
    "INVITE with Contact: *" },
  { "app-invite-cseq-max", CAT_APPLICATION, UDP, "180", NULL,
    "INVITE with CSeq 2^31 - 1, then its CANCEL" },
  { "app-invite-wrong-password", CAT_APPLICATION, UDP, "403|401", NULL,
    "INVITE with op1's name, a made-up nonce and a wrong answer (one failure)" },
  { "app-invite-multipart", CAT_APPLICATION, UDP, "415|180", NULL,
    "INVITE with a multipart/mixed body holding the SDP" },
  { "app-register-auth-incomplete", CAT_APPLICATION, UDP, "401|400", NULL,
    "Authorization: Digest username=\"op1\" and nothing else" },
  { "app-subscribe", CAT_APPLICATION, UDP, "501|405|489", NULL, "SUBSCRIBE" },
  { "app-message", CAT_APPLICATION, UDP, "501|405|415", NULL, "MESSAGE" },
  { "app-notify-no-subscription", CAT_APPLICATION, UDP, "481|501", NULL,
    "NOTIFY for no subscription" },
};

/* ------------------------------------------------------------------------ */
/* Messages: the bits of SIP the checks need, read leniently. */

typedef struct
{
  char *start;          /* the first line */
  GPtrArray *names;     /* lower case, compact forms expanded */
  GPtrArray *values;    /* unfolded, trimmed */
  gsize body_offset;    /* after the blank line, or the length if none */
  gboolean has_end;     /* the blank line was there */
} SipText;

static void
sip_text_free (SipText *t)
{
  if (!t)
    return;
  g_free (t->start);
  g_ptr_array_unref (t->names);
  g_ptr_array_unref (t->values);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipText, sip_text_free)

static const char *
long_name (const char *name)
{
  static const char *const compact[][2] = {
    { "v", "via" }, { "f", "from" }, { "t", "to" }, { "i", "call-id" },
    { "m", "contact" }, { "l", "content-length" }, { "c", "content-type" },
    { "k", "supported" }, { "e", "content-encoding" }, { "s", "subject" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (compact); i++)
    if (g_str_equal (name, compact[i][0]))
      return compact[i][1];
  return name;
}

/* Copies @len bytes; NUL bytes become "\\0" so that values stay strings. */
static char *
text_dup (const guint8 *p,
          gsize         len)
{
  GString *s = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (p[i] == '\0')
        g_string_append (s, "\\0");
      else
        g_string_append_c (s, (char) p[i]);
    }
  return g_string_free (s, FALSE);
}

static SipText *
sip_text_parse (const guint8 *data,
                gsize         len)
{
  SipText *t = g_new0 (SipText, 1);
  gsize pos = 0;
  gboolean first = TRUE;

  t->names = g_ptr_array_new_with_free_func (g_free);
  t->values = g_ptr_array_new_with_free_func (g_free);
  t->body_offset = len;

  while (pos < len)
    {
      const guint8 *nl = memchr (data + pos, '\n', len - pos);
      gsize end = nl ? (gsize) (nl - data) : len;
      gsize next = nl ? end + 1 : len;
      gsize line_end = end;
      g_autofree char *line = NULL;

      if (line_end > pos && data[line_end - 1] == '\r')
        line_end--;
      line = text_dup (data + pos, line_end - pos);
      pos = next;

      if (first)
        {
          t->start = g_steal_pointer (&line);
          first = FALSE;
          continue;
        }

      if (*line == '\0')
        {
          t->has_end = TRUE;
          t->body_offset = pos;
          break;
        }

      if ((*line == ' ' || *line == '\t') && t->values->len > 0)
        {
          char *prev = g_ptr_array_index (t->values, t->values->len - 1);
          char *joined = g_strjoin (" ", prev, g_strstrip (line), NULL);

          g_free (prev);
          t->values->pdata[t->values->len - 1] = g_strchomp (joined);
          continue;
        }

      {
        char *colon = strchr (line, ':');
        g_autofree char *name = NULL;

        if (!colon)
          {
            g_ptr_array_add (t->names, g_strdup (""));
            g_ptr_array_add (t->values, g_strdup (g_strstrip (line)));
            continue;
          }

        name = g_ascii_strdown (line, colon - line);
        g_strstrip (name);
        g_ptr_array_add (t->names, g_strdup (long_name (name)));
        g_ptr_array_add (t->values, g_strdup (g_strstrip (colon + 1)));
      }
    }

  if (!t->start)
    t->start = g_strdup ("");
  return t;
}

static guint
sip_text_count (const SipText *t,
                const char    *name)
{
  guint n = 0;

  for (guint i = 0; i < t->names->len; i++)
    if (g_str_equal (g_ptr_array_index (t->names, i), name))
      n++;
  return n;
}

static const char *
sip_text_get (const SipText *t,
              const char    *name)
{
  for (guint i = 0; i < t->names->len; i++)
    if (g_str_equal (g_ptr_array_index (t->names, i), name))
      return g_ptr_array_index (t->values, i);
  return NULL;
}

/* Every Via value, headers split at their commas. */
static GPtrArray *
sip_text_vias (const SipText *t)
{
  GPtrArray *vias = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < t->names->len; i++)
    {
      g_auto (GStrv) parts = NULL;

      if (!g_str_equal (g_ptr_array_index (t->names, i), "via"))
        continue;
      parts = g_strsplit (g_ptr_array_index (t->values, i), ",", -1);
      for (guint j = 0; parts[j]; j++)
        g_ptr_array_add (vias, g_strdup (g_strstrip (parts[j])));
    }
  return vias;
}

/* No white space, lower case, without the parameters a server adds. */
static char *
via_normalize (const char *via)
{
  g_autoptr (GString) packed = g_string_new (NULL);
  g_auto (GStrv) params = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  for (const char *p = via; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (packed, g_ascii_tolower (*p));

  params = g_strsplit (packed->str, ";", -1);
  for (guint i = 0; params[i]; i++)
    {
      if (i > 0 && (*params[i] == '\0' || g_str_has_prefix (params[i], "received=")
                    || g_str_equal (params[i], "rport") || g_str_has_prefix (params[i], "rport=")))
        continue;
      if (i > 0)
        g_string_append_c (out, ';');
      g_string_append (out, params[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
via_branch (const char *via)
{
  g_autofree char *norm = via_normalize (via);
  const char *b = strstr (norm, ";branch=");
  const char *end;

  if (!b)
    return NULL;
  b += strlen (";branch=");
  end = strchr (b, ';');
  return g_strndup (b, end ? (gsize) (end - b) : strlen (b));
}

/* Runs of white space as one space. */
static char *
ws_normalize (const char *s)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (; s && *s; s++)
    {
      if (g_ascii_isspace (*s))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *s);
    }
  return g_string_free (out, FALSE);
}

static char *
cseq_method (const char *cseq)
{
  g_autofree char *norm = ws_normalize (cseq);
  const char *sp = strchr (norm, ' ');

  return sp ? g_strdup (sp + 1) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Template expansion. */

typedef struct
{
  guint server_port;
  guint local_port;
  guint rtp_port;
  gboolean tcp;
  char *branch;
  char *branch2;
  char *tag;
  char *call_id;
  guint cseq;
  char *auth;           /* "Authorization: ...\r\n" or NULL */
  char *to_tag;         /* of the last reply that had one */
} Vars;

static void
vars_clear (Vars *v)
{
  g_free (v->branch);
  g_free (v->branch2);
  g_free (v->tag);
  g_free (v->call_id);
  g_free (v->auth);
  g_free (v->to_tag);
}

static char *
new_token (const char *prefix)
{
  static guint serial;

  return g_strdup_printf ("%s%u-%u-%08x", prefix, (guint) getpid (), ++serial,
                          g_random_int ());
}

static gboolean
expand_one (GByteArray  *out,
            const char  *name,
            const Vars  *v,
            gboolean    *skip_eol)
{
  char num[32];
  const char *s = NULL;

  *skip_eol = FALSE;

  if (g_str_equal (name, "PORT"))
    s = (g_snprintf (num, sizeof num, "%u", v->local_port), num);
  else if (g_str_equal (name, "SPORT"))
    s = (g_snprintf (num, sizeof num, "%u", v->server_port), num);
  else if (g_str_equal (name, "RTPPORT"))
    s = (g_snprintf (num, sizeof num, "%u", v->rtp_port), num);
  else if (g_str_equal (name, "CSEQ"))
    s = (g_snprintf (num, sizeof num, "%u", v->cseq), num);
  else if (g_str_equal (name, "TP"))
    s = v->tcp ? "TCP" : "UDP";
  else if (g_str_equal (name, "TPL"))
    s = v->tcp ? "tcp" : "udp";
  else if (g_str_equal (name, "BRANCH"))
    s = v->branch;
  else if (g_str_equal (name, "BRANCH2"))
    s = v->branch2;
  else if (g_str_equal (name, "TAG"))
    s = v->tag;
  else if (g_str_equal (name, "CALLID"))
    s = v->call_id;
  else if (g_str_equal (name, "TOTAG"))
    s = v->to_tag ? v->to_tag : "no-tag-yet";
  else if (g_str_equal (name, "CLEN"))
    s = "%CLEN%";               /* filled in once the body is known */
  else if (g_str_equal (name, "AUTH"))
    {
      s = v->auth ? v->auth : "";
      *skip_eol = TRUE;         /* the line that held it goes */
    }
  else if (name[0] == 'x' && strlen (name) == 3 && g_ascii_isxdigit (name[1])
           && g_ascii_isxdigit (name[2]))
    {
      guint8 byte = (g_ascii_xdigit_value (name[1]) << 4) | g_ascii_xdigit_value (name[2]);

      g_byte_array_append (out, &byte, 1);
      return TRUE;
    }
  else if (g_str_has_prefix (name, "FILL:"))
    {
      guint64 n = g_ascii_strtoull (name + 5, NULL, 10);

      for (guint64 i = 0; i < n; i++)
        {
          guint8 c = "abcdefghijklmnopqrstuvwxyz0123456789"[i % 36];

          g_byte_array_append (out, &c, 1);
        }
      return TRUE;
    }
  else
    return FALSE;

  g_byte_array_append (out, (const guint8 *) s, strlen (s));
  return TRUE;
}

static gssize
find_bytes (const guint8 *hay,
            gsize         len,
            const char   *needle)
{
  gsize nlen = strlen (needle);

  for (gsize i = 0; i + nlen <= len; i++)
    if (memcmp (hay + i, needle, nlen) == 0)
      return i;
  return -1;
}

static GBytes *
expand (const char *tmpl,
        const Vars *v)
{
  GByteArray *out = g_byte_array_new ();
  gssize hend, clen_at;
  gsize body_len;

  for (const char *p = tmpl; *p;)
    {
      char name[24];
      gsize n = 0;
      gboolean skip_eol = FALSE;

      if (*p != '%')
        {
          g_byte_array_append (out, (const guint8 *) p++, 1);
          continue;
        }

      while (n < sizeof name - 1 && (g_ascii_isalnum (p[1 + n]) || p[1 + n] == ':'))
        {
          name[n] = p[1 + n];
          n++;
        }
      name[n] = '\0';

      if (n == 0 || p[1 + n] != '%' || !expand_one (out, name, v, &skip_eol))
        {
          /* An escaped character in a URI, not a placeholder. */
          g_byte_array_append (out, (const guint8 *) p++, 1);
          continue;
        }

      p += n + 2;
      /* The header (or nothing) replaces the whole line. */
      if (skip_eol)
        {
          if (p[0] == '\r' && p[1] == '\n')
            p += 2;
          else if (p[0] == '\n')
            p++;
        }
    }

  /* %CLEN%: the bytes after the first blank line. */
  hend = find_bytes (out->data, out->len, "\r\n\r\n");
  body_len = hend >= 0 ? out->len - (hend + 4) : 0;
  if (hend < 0)
    {
      hend = find_bytes (out->data, out->len, "\n\n");
      body_len = hend >= 0 ? out->len - (hend + 2) : 0;
    }
  while ((clen_at = find_bytes (out->data, out->len, "%CLEN%")) >= 0)
    {
      g_autofree char *digits = g_strdup_printf ("%" G_GSIZE_FORMAT, body_len);

      g_array_remove_range ((GArray *) out, clen_at, 6);
      g_array_insert_vals ((GArray *) out, clen_at, digits, strlen (digits));
    }

  return g_byte_array_free_to_bytes (out);
}

static char **
one_empty_string (void)
{
  char **v = g_new0 (char *, 2);

  v[0] = g_strdup ("");
  return v;
}

/* The requests of a case, as templates with CRLF line endings. */
static GPtrArray *
load_case (const TortureCase *c)
{
  g_autofree char *file = g_strconcat (c->name, ".sip", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "pbx", "torture", file, NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) parts = NULL;
  GPtrArray *steps = g_ptr_array_new_with_free_func (g_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  /* An empty file is one empty request (g_strsplit() would give none). */
  parts = *text ? g_strsplit (text, "\n%%NEXT%%\n", -1) : one_empty_string ();
  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *part = parts[i + 1] ? g_strconcat (parts[i], "\n", NULL)
                                           : g_strdup (parts[i]);

      if (c->flags & RAW)
        g_ptr_array_add (steps, g_steal_pointer (&part));
      else
        {
          g_auto (GStrv) lines = g_strsplit (part, "\n", -1);

          g_ptr_array_add (steps, g_strjoinv ("\r\n", lines));
        }
    }
  return steps;
}

/* ------------------------------------------------------------------------ */
/* A peer: our end of UDP or TCP. */

typedef struct
{
  gboolean tcp;
  GSocket *socket;
  GSocketConnection *conn;
  GSocketAddress *dst;
  guint local_port;
  GByteArray *in;
  gboolean closed;
  guint pongs;
} Peer;

static Peer *
peer_new (guint    server_port,
          gboolean tcp)
{
  Peer *p = g_new0 (Peer, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) local = NULL;

  p->tcp = tcp;
  p->in = g_byte_array_new ();

  if (tcp)
    {
      g_autoptr (GSocketClient) client = g_socket_client_new ();

      /* Straight to 127.0.0.1, whatever the proxy settings say. */
      g_socket_client_set_enable_proxy (client, FALSE);
      p->conn = g_socket_client_connect_to_host (client, "127.0.0.1", server_port, NULL, &error);
      g_assert_no_error (error);
      p->socket = g_object_ref (g_socket_connection_get_socket (p->conn));
      g_socket_set_option (p->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      local = g_socket_get_local_address (p->socket, &error);
    }
  else
    {
      p->socket = pbx_udp_socket_new ();
      p->dst = g_inet_socket_address_new_from_string ("127.0.0.1", server_port);
      local = g_socket_get_local_address (p->socket, &error);
    }
  g_assert_no_error (error);
  p->local_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return p;
}

static void
peer_free (Peer *p)
{
  if (!p)
    return;
  if (p->conn)
    g_io_stream_close (G_IO_STREAM (p->conn), NULL, NULL);
  g_clear_object (&p->conn);
  g_clear_object (&p->socket);
  g_clear_object (&p->dst);
  g_byte_array_unref (p->in);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

static void
peer_send (Peer         *p,
           const guint8 *data,
           gsize         len)
{
  g_autoptr (GError) error = NULL;

  if (!p->tcp)
    {
      g_socket_send_to (p->socket, p->dst, (const char *) data, len, NULL, &error);
      g_assert_no_error (error);
      return;
    }

  while (len > 0 && !p->closed)
    {
      gssize n = g_socket_send (p->socket, (const char *) data, len, NULL, &error);

      if (n < 0)
        {
          g_test_message ("TCP send: %s", error->message);
          p->closed = TRUE;
          return;
        }
      data += n;
      len -= n;
    }
}

static gboolean
wait_readable (GSocket *socket,
               gint64   deadline)
{
  gint64 left = deadline - g_get_monotonic_time ();

  if (left <= 0)
    return g_socket_condition_check (socket, G_IO_IN) & G_IO_IN;
  return g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL);
}

/* One whole message from the TCP stream, or NULL if there is none yet.
 * Without Content-Length the header block alone is taken (and the checks
 * refuse it). */
static GBytes *
tcp_frame (Peer *p)
{
  gssize hend;
  gsize need;
  g_autoptr (SipText) t = NULL;
  const char *clen;
  GBytes *msg;

  while (p->in->len >= 2 && p->in->data[0] == '\r' && p->in->data[1] == '\n')
    {
      g_byte_array_remove_range (p->in, 0, 2);
      p->pongs++;
    }

  hend = find_bytes (p->in->data, p->in->len, "\r\n\r\n");
  if (hend < 0)
    return NULL;

  t = sip_text_parse (p->in->data, hend + 4);
  clen = sip_text_get (t, "content-length");
  need = hend + 4 + (clen ? g_ascii_strtoull (clen, NULL, 10) : 0);
  if (p->in->len < need)
    return NULL;

  msg = g_bytes_new (p->in->data, need);
  g_byte_array_remove_range (p->in, 0, need);
  return msg;
}

static GBytes *
peer_receive (Peer   *p,
              gint64  deadline)
{
  guint8 *buf = g_malloc (65536);
  GBytes *msg = NULL;

  for (;;)
    {
      gssize n;

      if (p->tcp && (msg = tcp_frame (p)))
        break;
      if (p->tcp && p->closed)
        break;
      if (!wait_readable (p->socket, deadline))
        break;

      n = g_socket_receive (p->socket, (char *) buf, 65536, NULL, NULL);
      if (!p->tcp)
        {
          if (n >= 0)
            msg = g_bytes_new (buf, n);
          break;
        }
      if (n <= 0)
        {
          p->closed = TRUE;
          continue;
        }
      g_byte_array_append (p->in, buf, n);
    }

  g_free (buf);
  return msg;
}

/* ------------------------------------------------------------------------ */
/* Checks on a reply. */

typedef struct
{
  GBytes *bytes;        /* the request as sent */
  SipText *text;
  char *method;
  char *ruri;
  GPtrArray *vias;      /* raw values */
  char *branch;
  char *cseq_method;
  guint64 cseq_num;
} Request;

static void
request_free (Request *r)
{
  if (!r)
    return;
  g_bytes_unref (r->bytes);
  sip_text_free (r->text);
  g_free (r->method);
  g_free (r->ruri);
  g_ptr_array_unref (r->vias);
  g_free (r->branch);
  g_free (r->cseq_method);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static Request *
request_new (GBytes *bytes)
{
  Request *r = g_new0 (Request, 1);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_auto (GStrv) words = NULL;
  const char *cseq;

  r->bytes = g_bytes_ref (bytes);
  r->text = sip_text_parse (data, len);
  words = g_strsplit (r->text->start, " ", 3);
  r->method = g_strdup (words[0] ? words[0] : "");
  r->ruri = g_strdup (words[0] && words[1] ? words[1] : "");
  r->vias = sip_text_vias (r->text);
  r->branch = r->vias->len ? via_branch (g_ptr_array_index (r->vias, 0)) : NULL;
  cseq = sip_text_get (r->text, "cseq");
  r->cseq_method = cseq ? cseq_method (cseq) : NULL;
  r->cseq_num = cseq ? g_ascii_strtoull (cseq, NULL, 10) : 0;
  return r;
}

static gboolean
is_token_char (guint8 c)
{
  return g_ascii_isalnum (c) || strchr ("-.!%*_+`'~", c);
}

/* Returns the status code of a well-formed response to @req, or 0 with the
 * reason in @why. */
static guint
check_reply (const guint8  *d,
             gsize          len,
             gboolean       tcp,
             const Request *req,
             GString       *why)
{
  gssize hend;
  guint code;
  g_autoptr (SipText) t = NULL;
  g_autoptr (GPtrArray) vias = NULL;
  const char *v;

  if (len < 13 || memcmp (d, "SIP/2.0 ", 8) != 0 || !g_ascii_isdigit (d[8])
      || !g_ascii_isdigit (d[9]) || !g_ascii_isdigit (d[10]) || d[11] != ' ')
    return g_string_append (why, "no status line"), 0;
  code = (d[8] - '0') * 100 + (d[9] - '0') * 10 + (d[10] - '0');
  if (code < 100 || code > 699)
    return g_string_append_printf (why, "status %u", code), 0;

  hend = find_bytes (d, len, "\r\n\r\n");
  if (hend < 0)
    return g_string_append (why, "no blank line after the headers"), 0;

  for (gsize i = 0; i < (gsize) hend + 4; i++)
    {
      if (d[i] == '\r' && (i + 1 >= len || d[i + 1] != '\n'))
        return g_string_append_printf (why, "bare CR at %" G_GSIZE_FORMAT, i), 0;
      if (d[i] == '\n' && (i == 0 || d[i - 1] != '\r'))
        return g_string_append_printf (why, "bare LF at %" G_GSIZE_FORMAT, i), 0;
      if ((d[i] < 0x20 && d[i] != '\r' && d[i] != '\n' && d[i] != '\t') || d[i] == 0x7f)
        return g_string_append_printf (why, "control byte 0x%02x at %" G_GSIZE_FORMAT, d[i],
                                       i), 0;
    }

  /* Header lines: a token, optional white space, a colon; or a fold. */
  for (gssize i = find_bytes (d, len, "\r\n") + 2; i < hend + 2;)
    {
      gssize eol = i + find_bytes (d + i, len - i, "\r\n");
      gssize j = i;

      if (d[i] == ' ' || d[i] == '\t')
        {
          if (i == find_bytes (d, len, "\r\n") + 2)
            return g_string_append (why, "the first header line is a fold"), 0;
          i = eol + 2;
          continue;
        }
      while (j < eol && is_token_char (d[j]))
        j++;
      if (j == i)
        return g_string_append_printf (why, "header line %" G_GSSIZE_FORMAT
                                       " has no name", i), 0;
      while (j < eol && (d[j] == ' ' || d[j] == '\t'))
        j++;
      if (j >= eol || d[j] != ':')
        return g_string_append_printf (why, "header line at %" G_GSSIZE_FORMAT
                                       " has no colon after its name", i), 0;
      i = eol + 2;
    }

  t = sip_text_parse (d, len);

  if (sip_text_count (t, "content-length") > 1)
    return g_string_append (why, "two Content-Length headers"), 0;
  v = sip_text_get (t, "content-length");
  if (v)
    {
      for (const char *p = v; *p; p++)
        if (!g_ascii_isdigit (*p))
          return g_string_append_printf (why, "Content-Length \"%s\"", v), 0;
      if (g_ascii_strtoull (v, NULL, 10) != len - (hend + 4))
        return g_string_append_printf (why, "Content-Length %s for a %" G_GSIZE_FORMAT
                                       "-byte body", v, len - (hend + 4)), 0;
    }
  else if (tcp)
    return g_string_append (why, "no Content-Length over TCP"), 0;

  /* The request's Via headers, all of them, in order. */
  vias = sip_text_vias (t);
  if (req->vias->len > 0)
    {
      if (vias->len != req->vias->len)
        return g_string_append_printf (why, "%u Via values for the request's %u", vias->len,
                                       req->vias->len), 0;
      for (guint i = 0; i < vias->len; i++)
        {
          g_autofree char *a = via_normalize (g_ptr_array_index (vias, i));
          g_autofree char *b = via_normalize (g_ptr_array_index (req->vias, i));

          if (!g_str_equal (a, b))
            return g_string_append_printf (why, "Via %u is \"%s\", not \"%s\"", i, a, b), 0;
        }
    }

  /* Call-ID, CSeq and From copied; To copied with a tag added. */
  {
    static const char *const copied[] = { "call-id", "cseq", "from", "to" };

    for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
      {
        const char *want = sip_text_get (req->text, copied[i]);
        const char *got = sip_text_get (t, copied[i]);
        g_autofree char *w = NULL;
        g_autofree char *g = NULL;

        if (!want)
          continue;
        if (sip_text_count (t, copied[i]) != 1)
          return g_string_append_printf (why, "%u %s headers", sip_text_count (t, copied[i]),
                                         copied[i]), 0;
        w = ws_normalize (want);
        g = ws_normalize (got);
        if (g_str_equal (copied[i], "to") ? !g_str_has_prefix (g, w) : !g_str_equal (g, w))
          return g_string_append_printf (why, "%s \"%s\", not \"%s\"", copied[i], g, w), 0;
        if (g_str_equal (copied[i], "to") && code > 100 && !strstr (w, "tag=")
            && !strstr (g, "tag="))
          return g_string_append (why, "no To tag"), 0;
      }
  }

  if (code == 401 && !sip_text_get (t, "www-authenticate"))
    return g_string_append (why, "401 without WWW-Authenticate"), 0;
  if (code == 405 && !sip_text_get (t, "allow"))
    return g_string_append (why, "405 without Allow"), 0;
  if (code == 420 && !sip_text_get (t, "unsupported"))
    return g_string_append (why, "420 without Unsupported"), 0;
  if (code == 423 && !sip_text_get (t, "min-expires"))
    return g_string_append (why, "423 without Min-Expires"), 0;

  return code;
}

/* ------------------------------------------------------------------------ */
/* Running a case. */

typedef struct
{
  PbxFixture pbx;
  GHashTable *live_calls;     /* call ids that rang and have not ended */
  guint calls_seen;
  GSocket *rtp_sink;
} TortureFixture;

typedef struct
{
  Request *req;
  GString *seen;              /* statuses as received, "200,487" */
  guint final;                /* the first final status, 0 if none */
  guint provisional;          /* the last provisional status */
  guint finals_after_ack;     /* arrived well after our ACK */
  gboolean acked;
  gint64 acked_at;
} Step;

static void
step_free (Step *s)
{
  request_free (s->req);
  g_string_free (s->seen, TRUE);
  g_free (s);
}

typedef struct
{
  TortureFixture *tf;
  const TortureCase *c;
  Peer *peer;
  Vars vars;
  GPtrArray *steps;
  GString *log;               /* what happened, for the messages */
  GString *problems;          /* what is wrong: not empty means the case failed */
  char *www_authenticate;     /* of the last 401 */
} Run;

static void
problem (Run        *r,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (Run        *r,
         const char *format,
         ...)
{
  va_list ap;

  va_start (ap, format);
  if (r->problems->len)
    g_string_append (r->problems, "; ");
  g_string_append_vprintf (r->problems, format, ap);
  va_end (ap);
}

static Step *
find_step (Run           *r,
           const SipText *reply)
{
  g_autoptr (GPtrArray) vias = sip_text_vias (reply);
  g_autofree char *branch = vias->len ? via_branch (g_ptr_array_index (vias, 0)) : NULL;
  const char *cseq = sip_text_get (reply, "cseq");
  g_autofree char *method = cseq ? cseq_method (cseq) : NULL;

  /* The latest request it can answer. */
  for (guint i = r->steps->len; i > 0; i--)
    {
      Step *s = g_ptr_array_index (r->steps, i - 1);

      if (s->req->branch && g_strcmp0 (s->req->branch, branch) != 0)
        continue;
      if (s->req->cseq_method && method && g_strcmp0 (s->req->cseq_method, method) != 0)
        continue;
      return s;
    }
  return NULL;
}

/* ACK for a final answer to an INVITE other than 2xx (RFC 3261 17.1.1.3). */
static void
send_ack (Run           *r,
          Step          *s,
          const SipText *reply)
{
  g_autofree char *ack = NULL;

  ack = g_strdup_printf ("ACK %s SIP/2.0\r\n"
                         "Via: %s\r\n"
                         "From: %s\r\n"
                         "To: %s\r\n"
                         "Call-ID: %s\r\n"
                         "CSeq: %" G_GUINT64_FORMAT " ACK\r\n"
                         "Max-Forwards: 70\r\n"
                         "Content-Length: 0\r\n"
                         "\r\n",
                         s->req->ruri, (const char *) g_ptr_array_index (s->req->vias, 0),
                         sip_text_get (s->req->text, "from"), sip_text_get (reply, "to"),
                         sip_text_get (s->req->text, "call-id"), s->req->cseq_num);
  peer_send (r->peer, (const guint8 *) ack, strlen (ack));
  s->acked = TRUE;
  s->acked_at = g_get_monotonic_time ();
}

static void
handle_reply (Run    *r,
              GBytes *bytes)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  g_autoptr (SipText) t = sip_text_parse (d, len);
  g_autoptr (GString) why = g_string_new (NULL);
  Step *s = find_step (r, t);
  guint code;

  g_string_append_printf (r->log, "  <- %s\n", t->start);

  if (!s)
    {
      problem (r, "a reply that answers nothing we sent: \"%s\"", t->start);
      return;
    }

  code = check_reply (d, len, r->peer->tcp, s->req, why);
  if (!code)
    {
      g_autofree char *shown = text_dup (d, MIN (len, 2000));

      g_string_append_printf (s->seen, "%s%.3s(malformed)", s->seen->len ? "," : "",
                              len >= 11 ? (const char *) d + 8 : "???");

      problem (r, "malformed reply to %s (%s):\n%s", s->req->method, why->str, shown);
      return;
    }

  g_string_append_printf (s->seen, "%s%u", s->seen->len ? "," : "", code);
  if (code >= 200)
    {
      if (s->final && s->final != code)
        problem (r, "two final answers to one %s: %u and %u", s->req->method, s->final, code);
      if (!s->final)
        s->final = code;
      /* A copy sent before our ACK arrived may still cross it. */
      if (s->acked && g_get_monotonic_time () > s->acked_at + 200 * 1000)
        s->finals_after_ack++;
    }
  else
    s->provisional = code;

  {
    const char *to = sip_text_get (t, "to");
    g_autofree char *lower = to ? g_ascii_strdown (to, -1) : NULL;
    const char *tag = lower ? strstr (lower, ";tag=") : NULL;

    if (tag)
      {
        gsize at = tag - lower + strlen (";tag=");

        g_free (r->vars.to_tag);
        r->vars.to_tag = g_strndup (to + at, strcspn (to + at, "; \t"));
      }
  }

  if (code == 401)
    {
      g_free (r->www_authenticate);
      r->www_authenticate = g_strdup (sip_text_get (t, "www-authenticate"));
    }

  if (code >= 300 && g_strcmp0 (s->req->method, "INVITE") == 0
      && g_strcmp0 (s->req->cseq_method, "INVITE") == 0 && s->req->vias->len > 0)
    send_ack (r, s, t);
}

/* Reads replies until @s has a final answer (and a little after), rang
 * for a while, or @wait_ms passed; without @linger, until its first answer. */
static void
collect_full (Run      *r,
              Step     *s,
              guint     wait_ms,
              gboolean  linger)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_ms * 1000;
  gboolean settled = FALSE;

  for (;;)
    {
      g_autoptr (GBytes) bytes = peer_receive (r->peer, deadline);

      if (!bytes)
        break;
      handle_reply (r, bytes);

      if (!settled && (s->final || s->provisional))
        {
          /* A final answer: wait a little for a second, wrong one. A ring:
           * wait a little for a quick final answer. */
          deadline = MIN (deadline, g_get_monotonic_time ()
                                    + (linger ? (s->final ? 50 : 100) : 0) * 1000);
          settled = TRUE;
        }
    }
}

static void
collect (Run  *r,
         Step *s,
         guint wait_ms)
{
  collect_full (r, s, wait_ms, TRUE);
}

static guint
outcome (const Step *s)
{
  return s->final ? s->final : s->provisional;
}

static gboolean
outcome_allowed (const char *alternatives,
                 guint       code)
{
  g_auto (GStrv) alts = g_strsplit (alternatives, "|", -1);

  for (guint i = 0; alts[i]; i++)
    {
      const char *a = alts[i];

      if (g_str_equal (a, "none") ? code == 0
          : (strlen (a) == 3 && a[1] == 'x') ? code / 100 == (guint) (a[0] - '0')
          : code == (guint) atoi (a))
        return TRUE;
    }
  return FALSE;
}

static char *
param (const char *header,
       const char *name)
{
  g_autofree char *key = g_strconcat (name, "=", NULL);
  const char *p = header;

  while ((p = strstr (p, key)))
    {
      if (p == header || p[-1] == ' ' || p[-1] == ',')
        {
          p += strlen (key);
          if (*p == '"')
            {
              const char *end = strchr (p + 1, '"');

              return end ? g_strndup (p + 1, end - p - 1) : NULL;
            }
          return g_strndup (p, strcspn (p, ", "));
        }
      p++;
    }
  return NULL;
}

static char *
md5_hex (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static char *
md5_hex (const char *format,
         ...)
{
  va_list ap;
  g_autofree char *text = NULL;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* op1's answer to the last challenge, for @method @uri. */
static char *
authorization (Run        *r,
               const char *method,
               const char *uri)
{
  g_autofree char *realm = param (r->www_authenticate, "realm");
  g_autofree char *nonce = param (r->www_authenticate, "nonce");
  g_autofree char *ha1 = NULL;
  g_autofree char *ha2 = NULL;
  g_autofree char *response = NULL;
  const char *cnonce = "0a4f113b";

  g_assert_nonnull (realm);
  g_assert_nonnull (nonce);
  ha1 = md5_hex ("%s:%s:%s", PBX_TEST_USER1, realm, PBX_TEST_PASSWORD1);
  ha2 = md5_hex ("%s:%s", method, uri);
  response = md5_hex ("%s:%s:00000001:%s:auth:%s", ha1, nonce, cnonce, ha2);
  return g_strdup_printf ("Authorization: Digest username=\"%s\", realm=\"%s\", "
                          "nonce=\"%s\", uri=\"%s\", response=\"%s\", algorithm=MD5, "
                          "cnonce=\"%s\", qop=auth, nc=00000001\r\n",
                          PBX_TEST_USER1, realm, nonce, uri, response, cnonce);
}

static Step *
send_step (Run    *r,
           GBytes *bytes)
{
  Step *s = g_new0 (Step, 1);
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  const guint8 *nl = len ? memchr (d, '\n', len) : NULL;
  g_autofree char *first = text_dup (d, nl ? (gsize) (nl - d) : len);

  s->req = request_new (bytes);
  s->seen = g_string_new (NULL);
  g_ptr_array_add (r->steps, s);
  g_string_append_printf (r->log, "  -> %s (%" G_GSIZE_FORMAT " bytes)\n",
                          len ? g_strchomp (first) : "(empty)", len);
  peer_send (r->peer, d, len);
  return s;
}

static void
run_step (Run        *r,
          const char *tmpl,
          const char *expect)
{
  g_autoptr (GBytes) bytes = expand (tmpl, &r->vars);
  gboolean none_ok = outcome_allowed (expect, 0);
  Step *s = send_step (r, bytes);
  guint got;

  /* Silence is an answer only after a while; an answer comes at once on
   * loopback, even under valgrind. */
  collect (r, s, none_ok ? 300 : 2000);

  if ((r->c->flags & AUTH) && s->final == 401 && r->www_authenticate)
    {
      g_autoptr (GBytes) again = NULL;

      r->vars.cseq++;
      g_free (r->vars.branch);
      r->vars.branch = new_token ("z9hG4bK-tt-");
      g_free (r->vars.auth);
      r->vars.auth = authorization (r, s->req->method, s->req->ruri);
      again = expand (tmpl, &r->vars);
      s = send_step (r, again);
      collect (r, s, 4000);
    }

  got = outcome (s);
  if (!outcome_allowed (expect, got))
    {
      g_autofree char *shown = got ? g_strdup_printf ("%u", got) : g_strdup ("none");

      problem (r, "%s answered %s, want %s", s->req->method[0] ? s->req->method : "(nothing)",
               shown, expect);
    }
}

static gboolean
same_transaction (const Step *a,
                  const Step *b)
{
  return a->req->branch && g_strcmp0 (a->req->branch, b->req->branch) == 0
         && g_strcmp0 (a->req->cseq_method, b->req->cseq_method) == 0;
}

/* The final answer of @s's transaction: a retransmitted request is a step
 * of its own, and the answer goes to the latest. */
static guint
transaction_final (Run        *r,
                   const Step *s)
{
  for (guint i = 0; i < r->steps->len; i++)
    {
      const Step *t = g_ptr_array_index (r->steps, i);

      if ((t == s || same_transaction (s, t)) && t->final)
        return t->final;
    }
  return 0;
}

/* Every INVITE that still rings is cancelled: 200 to the CANCEL, then 487
 * to the INVITE, which we acknowledge. */
static void
finish_invites (Run *r)
{
  guint n = r->steps->len;

  for (guint i = 0; i < n; i++)
    {
      Step *inv = g_ptr_array_index (r->steps, i);
      gboolean later = FALSE;

      /* Retransmissions: the last copy stands for the transaction. */
      for (guint j = i + 1; j < n; j++)
        later |= same_transaction (inv, g_ptr_array_index (r->steps, j));
      if (later)
        continue;
      g_autofree char *cancel = NULL;
      g_autoptr (GBytes) bytes = NULL;
      gint64 deadline;
      Step *s;

      if (g_strcmp0 (inv->req->method, "INVITE") != 0 || inv->final || !inv->provisional)
        continue;

      cancel = g_strdup_printf ("CANCEL %s SIP/2.0\r\n"
                                "Via: %s\r\n"
                                "From: %s\r\n"
                                "To: %s\r\n"
                                "Call-ID: %s\r\n"
                                "CSeq: %" G_GUINT64_FORMAT " CANCEL\r\n"
                                "Max-Forwards: 70\r\n"
                                "Content-Length: 0\r\n"
                                "\r\n",
                                inv->req->ruri,
                                (const char *) g_ptr_array_index (inv->req->vias, 0),
                                sip_text_get (inv->req->text, "from"),
                                sip_text_get (inv->req->text, "to"),
                                sip_text_get (inv->req->text, "call-id"), inv->req->cseq_num);
      bytes = g_bytes_new (cancel, strlen (cancel));
      s = send_step (r, bytes);

      deadline = g_get_monotonic_time () + 4000 * 1000;
      while ((!s->final || !inv->final) && g_get_monotonic_time () < deadline)
        {
          g_autoptr (GBytes) reply = peer_receive (r->peer, deadline);

          if (!reply)
            break;
          handle_reply (r, reply);
        }

      if (s->final != 200)
        problem (r, "CANCEL answered %u, want 200", s->final);
      if (inv->final != 487)
        problem (r, "the cancelled INVITE answered %u, want 487", inv->final);
    }

  for (guint i = 0; i < r->steps->len; i++)
    {
      Step *s = g_ptr_array_index (r->steps, i);

      if (g_strcmp0 (s->req->method, "INVITE") == 0 && s->final >= 300 && !s->acked
          && s->req->vias->len > 0)
        problem (r, "an INVITE's %u was never acknowledged", s->final);
      if (g_strcmp0 (s->req->method, "INVITE") == 0 && s->provisional
          && !transaction_final (r, s))
        problem (r, "an INVITE that rang never got a final answer");
    }

  /* Our ACK ends the engine's retransmissions of its final answer (the
   * first would come T1 = 500 ms after the answer). */
  if ((r->c->flags & ACK_CHECK) && !r->peer->tcp)
    {
      guint after = 0;
      gint64 deadline = g_get_monotonic_time () + 900 * 1000;

      for (;;)
        {
          g_autoptr (GBytes) reply = peer_receive (r->peer, deadline);

          if (!reply)
            break;
          handle_reply (r, reply);
        }

      for (guint i = 0; i < r->steps->len; i++)
        after += ((Step *) g_ptr_array_index (r->steps, i))->finals_after_ack;
      if (after > 0)
        problem (r, "the engine went on retransmitting a final answer after our ACK");
    }
}

static gboolean
no_live_calls (gpointer data)
{
  TortureFixture *tf = data;

  return g_hash_table_size (tf->live_calls) == 0;
}

/* Whether the engine answers a plain OPTIONS with 200 on a new TCP
 * connection. */
static gboolean
serves_tcp (TortureFixture *tf)
{
  g_autoptr (Peer) p = peer_new (tf->pbx.port, TRUE);
  Vars v = { 0 };
  g_autoptr (GBytes) req = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autofree char *tmpl = NULL;

  v.server_port = tf->pbx.port;
  v.local_port = p->local_port;
  v.tcp = TRUE;
  v.branch = new_token ("z9hG4bK-probe-");
  v.call_id = new_token ("probe-");
  v.tag = g_strdup ("probe");
  tmpl = g_strdup ("OPTIONS sip:probe@127.0.0.1:%SPORT%;transport=tcp SIP/2.0\r\n"
                   "Via: SIP/2.0/TCP 127.0.0.1:%PORT%;branch=%BRANCH%\r\n"
                   "From: <sip:probe@127.0.0.1:%PORT%>;tag=%TAG%\r\n"
                   "To: <sip:probe@127.0.0.1:%SPORT%>\r\n"
                   "Call-ID: %CALLID%\r\n"
                   "CSeq: 1 OPTIONS\r\n"
                   "Max-Forwards: 70\r\n"
                   "Content-Length: 0\r\n"
                   "\r\n");
  req = expand (tmpl, &v);
  peer_send (p, g_bytes_get_data (req, NULL), g_bytes_get_size (req));
  answer = peer_receive (p, g_get_monotonic_time () + 5 * G_USEC_PER_SEC);
  vars_clear (&v);
  return answer && g_bytes_get_size (answer) >= 12
         && memcmp (g_bytes_get_data (answer, NULL), "SIP/2.0 200 ", 12) == 0;
}

/* The engine answers a plain OPTIONS with 200, over UDP and, if @tcp, over
 * a new TCP connection. */
static void
assert_engine_serves (TortureFixture *tf,
                      gboolean        tcp,
                      const char     *after)
{
  g_autofree char *reply = pbx_udp_exchange (tf->pbx.port, pbx_options_request, 5000);

  if (!reply || !g_str_has_prefix (reply, "SIP/2.0 200 "))
    g_error ("After %s the engine no longer answers OPTIONS over UDP: %s", after,
             reply ? reply : "(nothing)");

  if (tcp && !serves_tcp (tf))
    g_error ("After %s the engine no longer answers OPTIONS over TCP", after);
}

/* Runs one case; returns FALSE if it went wrong (already reported). */
static gboolean
run_case (TortureFixture    *tf,
          const TortureCase *c,
          gboolean           tcp)
{
  g_autoptr (GPtrArray) templates = load_case (c);
  g_autoptr (GSocketAddress) rtp = NULL;
  const char *expect = tcp && c->expect_tcp ? c->expect_tcp : c->expect;
  g_auto (GStrv) expects = g_strsplit (expect, ";", -1);
  g_autofree char *label = g_strdup_printf ("%s over %s", c->name, tcp ? "TCP" : "UDP");
  Run r = { 0 };
  gboolean ok;
  guint calls_before = tf->calls_seen;

  g_assert_cmpuint (g_strv_length (expects), ==, templates->len);

  r.tf = tf;
  r.c = c;
  r.peer = peer_new (tf->pbx.port, tcp);
  r.steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  r.log = g_string_new (NULL);
  r.problems = g_string_new (NULL);
  rtp = g_socket_get_local_address (tf->rtp_sink, NULL);
  r.vars.server_port = tf->pbx.port;
  r.vars.local_port = r.peer->local_port;
  r.vars.rtp_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (rtp));
  r.vars.tcp = tcp;
  r.vars.branch = new_token ("z9hG4bK-tt-");
  r.vars.branch2 = new_token ("z9hG4bK-tt2-");
  r.vars.tag = new_token ("tag-");
  r.vars.call_id = new_token ("torture-");
  r.vars.cseq = 1;

  for (guint i = 0; i < templates->len; i++)
    run_step (&r, g_ptr_array_index (templates, i), expects[i]);

  finish_invites (&r);
  if (r.peer->tcp && r.peer->closed)
    g_string_append (r.log, "  (the engine closed the connection)\n");
  g_clear_pointer (&r.peer, peer_free);

  /* Every call the case started has ended. */
  if (!desk_test_wait_until (no_live_calls, tf, 5000))
    problem (&r, "%u call(s) still live after the case", g_hash_table_size (tf->live_calls));
  if (tf->calls_seen > calls_before)
    g_string_append_printf (r.log, "  (%u call(s) came in and ended)\n",
                            tf->calls_seen - calls_before);

  {
    g_autoptr (GString) got = g_string_new (NULL);

    for (guint i = 0; i < r.steps->len; i++)
      {
        Step *s = g_ptr_array_index (r.steps, i);

        g_string_append_printf (got, "%s%s:", i ? " " : "", s->req->method[0]
                                ? s->req->method : "-");
        g_string_append (got, s->seen->len ? s->seen->str : "none");
      }
    g_test_message ("RESULT %s %s %s | expect %s | got %s | %s", tcp ? "tcp" : "udp",
                    category_names[c->category], c->name, expect, got->str,
                    r.problems->len ? r.problems->str : "ok");
  }
  g_test_message ("%s:\n%s", label, r.log->str);

  ok = r.problems->len == 0;
  if (!ok)
    g_test_fail_printf ("%s: %s", label, r.problems->str);

  assert_engine_serves (tf, tcp, label);

  vars_clear (&r.vars);
  g_free (r.www_authenticate);
  g_ptr_array_unref (r.steps);
  g_string_free (r.log, TRUE);
  g_string_free (r.problems, TRUE);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Fixture and tests. */

static void
on_call_incoming (DeskPbx        *pbx,
                  guint           call_id,
                  const char     *from_uri,
                  const char     *to_user,
                  const char     *source,
                  const char     *user,
                  TortureFixture *tf)
{
  g_hash_table_add (tf->live_calls, GUINT_TO_POINTER (call_id));
  tf->calls_seen++;
}

static void
on_call_ended (DeskPbx        *pbx,
               guint           call_id,
               guint           cause,
               const char     *reason,
               TortureFixture *tf)
{
  g_hash_table_remove (tf->live_calls, GUINT_TO_POINTER (call_id));
}

static void
torture_setup (TortureFixture *tf,
               gconstpointer   data)
{
  pbx_fixture_setup (&tf->pbx, data);
  tf->live_calls = g_hash_table_new (NULL, NULL);
  tf->rtp_sink = pbx_udp_socket_new ();
  g_signal_connect (tf->pbx.pbx, "call-incoming", G_CALLBACK (on_call_incoming), tf);
  g_signal_connect (tf->pbx.pbx, "call-ended", G_CALLBACK (on_call_ended), tf);
}

static void
torture_teardown (TortureFixture *tf,
                  gconstpointer   data)
{
  g_signal_handlers_disconnect_by_data (tf->pbx.pbx, tf);
  pbx_fixture_teardown (&tf->pbx, data);
  g_clear_pointer (&tf->live_calls, g_hash_table_unref);
  g_clear_object (&tf->rtp_sink);
}

typedef struct
{
  const TortureCase *c;
  gboolean tcp;
} CaseRun;

static void
test_case (TortureFixture *tf,
           gconstpointer   data)
{
  const CaseRun *run = data;

  run_case (tf, run->c, run->tcp);
}

/* Every case, one after another, against one engine. */
static void
test_all_in_a_row (TortureFixture *tf,
                   gconstpointer   data)
{
  gboolean tcp = GPOINTER_TO_INT (data);
  guint failed = 0, n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (!(cases[i].flags & (tcp ? ON_TCP : ON_UDP)))
        continue;
      n++;
      if (!run_case (tf, &cases[i], tcp))
        failed++;
    }

  g_test_message ("%u cases over %s, %u with a deviation", n, tcp ? "TCP" : "UDP", failed);
  assert_engine_serves (tf, TRUE, "all cases");
}

/* Mutations: the valid cases with random edits (a seeded GRand, so a
 * failure repeats), sent without waiting for answers; and the transaction
 * cases, their first requests sent as they are and the last one mutated (a
 * broken CANCEL, BYE or re-INVITE for a call that rings). Whatever comes
 * back must at least be a response, and the engine must go on serving.
 * DESK_TORTURE_MUTATIONS sets how many (default 400 per transport). */

/* What the office would do with calls nobody wants: refuse them. */
static void
reject_live_calls (TortureFixture *tf)
{
  g_autofree gpointer *ids = NULL;
  guint n;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  ids = g_hash_table_get_keys_as_array (tf->live_calls, &n);
  for (guint i = 0; i < n; i++)
    (void) desk_pbx_reject (tf->pbx.pbx, GPOINTER_TO_UINT (ids[i]), 603, NULL);
}

static void
mutate (GRand      *rand,
        GByteArray *m)
{
  static const char specials[] = { '\0', '\r', '\n', ' ', '\t', ':', ';', ',', '"', '<', '>',
                                   '%', '=', '@', '\\', '\xff', '\x80' };
  guint edits = g_rand_int_range (rand, 1, 4);

  for (guint e = 0; e < edits && m->len > 2; e++)
    {
      guint at = g_rand_int_range (rand, 0, m->len);

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:   /* a random byte */
          m->data[at] = g_rand_int_range (rand, 0, 256);
          break;
        case 1:   /* a byte that means something in SIP */
          m->data[at] = specials[g_rand_int_range (rand, 0, sizeof specials)];
          break;
        case 2:   /* cut a range out */
          {
            guint n = g_rand_int_range (rand, 1, 40);

            g_byte_array_remove_range (m, at, MIN (m->len - at, n));
          }
          break;
        case 3:   /* cut the message short */
          g_byte_array_set_size (m, at);
          break;
        case 4:   /* a line twice */
          {
            gssize start = at, end = at;

            while (start > 0 && m->data[start - 1] != '\n')
              start--;
            while ((guint) end < m->len && m->data[end] != '\n')
              end++;
            if ((guint) end < m->len)
              {
                g_autofree guint8 *line = g_memdup2 (m->data + start, end - start + 1);

                g_array_insert_vals ((GArray *) m, start, line, end - start + 1);
              }
          }
          break;
        case 5:   /* digits become huge */
          if (g_ascii_isdigit (m->data[at]))
            g_array_insert_vals ((GArray *) m, at, "99999999999", 11);
          break;
        case 6:   /* a run of one byte */
          {
            guint n = g_rand_int_range (rand, 1, 3000);
            g_autofree guint8 *run = g_malloc (n);

            memset (run, m->data[at], n);
            g_array_insert_vals ((GArray *) m, at, run, n);
          }
          break;
        default:  /* swap two bytes */
          {
            guint other = g_rand_int_range (rand, 0, m->len);
            guint8 b = m->data[at];

            m->data[at] = m->data[other];
            m->data[other] = b;
          }
          break;
        }
    }
}

static void
test_mutations (TortureFixture *tf,
                gconstpointer   data)
{
  gboolean tcp = GPOINTER_TO_INT (data);
  const char *env = g_getenv ("DESK_TORTURE_MUTATIONS");
  guint count = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 400;
  g_autoptr (GRand) rand = g_rand_new_with_seed (tcp ? 3261 : 4475);
  g_autoptr (GPtrArray) templates = g_ptr_array_new ();
  g_autoptr (Peer) udp = tcp ? NULL : peer_new (tf->pbx.port, FALSE);
  g_autoptr (GSocketAddress) rtp = g_socket_get_local_address (tf->rtp_sink, NULL);
  guint replies = 0;

  /* Not those that authenticate: a broken answer to a challenge counts as
   * a failure, and ten of them block 127.0.0.1. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if ((cases[i].category == CAT_VALID || cases[i].category == CAT_TRANSACTION)
        && !(cases[i].flags & (AUTH | RAW)) && (cases[i].flags & (tcp ? ON_TCP : ON_UDP)))
      g_ptr_array_add (templates, (gpointer) &cases[i]);

  for (guint i = 0; i < count; i++)
    {
      const TortureCase *c = g_ptr_array_index (templates,
                                                g_rand_int_range (rand, 0, templates->len));
      g_autoptr (GPtrArray) steps = load_case (c);
      g_autoptr (Peer) conn = tcp ? peer_new (tf->pbx.port, TRUE) : NULL;
      Peer *p = tcp ? conn : udp;
      Vars v = { 0 };
      g_autoptr (GBytes) clean = NULL;
      GByteArray *m;
      gint64 deadline;

      v.server_port = tf->pbx.port;
      v.local_port = p->local_port;
      v.rtp_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (rtp));
      v.tcp = tcp;
      v.branch = new_token ("z9hG4bK-mut-");
      v.branch2 = new_token ("z9hG4bK-mut2-");
      v.tag = new_token ("tag-");
      v.call_id = new_token ("mutant-");
      v.cseq = 1;
      for (guint k = 0; k < steps->len; k++)
        {
          gboolean last = k + 1 == steps->len;

          clean = expand (g_ptr_array_index (steps, k), &v);
          m = g_bytes_unref_to_array (g_steal_pointer (&clean));
          if (last)
            mutate (rand, m);
          peer_send (p, m->data, m->len);
          g_byte_array_unref (m);

          /* Whatever comes back is a response; the first requests wait for
           * theirs, for the To tag of an early dialog. */
          deadline = g_get_monotonic_time () + (last ? (tcp ? 20 : 0) : 500) * 1000;
          for (;;)
            {
              g_autoptr (GBytes) reply = peer_receive (p, deadline);
              g_autoptr (SipText) t = NULL;
              const char *to;
              const char *tag;

              if (!reply)
                break;
              replies++;
              if (g_bytes_get_size (reply) < 8
                  || memcmp (g_bytes_get_data (reply, NULL), "SIP/2.0 ", 8) != 0)
                g_error ("Mutant %u of %s got something that is no response", i, c->name);
              t = sip_text_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
              to = sip_text_get (t, "to");
              tag = to ? strstr (to, ";tag=") : NULL;
              if (tag)
                {
                  g_free (v.to_tag);
                  v.to_tag = g_strndup (tag + 5, strcspn (tag + 5, "; \t"));
                }
              if (!last)
                deadline = 0;
            }
        }
      vars_clear (&v);

      if (i % 50 == 49)
        {
          g_autofree char *after = g_strdup_printf ("mutant %u of %s", i, c->name);

          reject_live_calls (tf);
          assert_engine_serves (tf, tcp, after);
        }
    }

  g_test_message ("%u mutants over %s, %u replies", count, tcp ? "TCP" : "UDP", replies);
  assert_engine_serves (tf, TRUE, "the mutants");
}

/* INVITEs that nobody answers or cancels: each call holds its RTP and RTCP
 * sockets while it rings, and without limits ~2040 of them used up the
 * engine's 4096 file descriptors. Now the calls from one address that may
 * ring are capped (DeskPbxCallLimits, 20 by default): the rest get 503.
 * The engine must go on serving, over TCP too (a phone that connects
 * anew), and recover once the calls are gone. test-pbx-guard.c tests the
 * limits themselves. DESK_TORTURE_FLOOD sets how many INVITEs (default
 * 2100). */

static void
test_invite_flood (TortureFixture *tf,
                   gconstpointer   data)
{
  const char *env = g_getenv ("DESK_TORTURE_FLOOD");
  guint count = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 2100;
  TortureCase flood = { "valid-invite-route", CAT_VALID, UDP, "180", NULL, "flood" };
  g_autoptr (GPtrArray) templates = load_case (&flood);
  g_autoptr (GSocketAddress) rtp = g_socket_get_local_address (tf->rtp_sink, NULL);
  Run r = { 0 };
  guint rang = 0, refused = 0, silent = 0;
  gboolean tcp_ok;
  Step *last;
  DeskPbxCallLimits limits;

  desk_pbx_get_call_limits (tf->pbx.pbx, &limits);

  r.tf = tf;
  r.c = &flood;
  r.peer = peer_new (tf->pbx.port, FALSE);
  r.steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  r.log = g_string_new (NULL);
  r.problems = g_string_new (NULL);
  r.vars.server_port = tf->pbx.port;
  r.vars.local_port = r.peer->local_port;
  r.vars.rtp_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (rtp));
  r.vars.tag = new_token ("tag-");
  r.vars.cseq = 1;

  for (guint i = 0; i < count; i++)
    {
      g_autoptr (GBytes) bytes = NULL;
      Step *s;

      g_free (r.vars.branch);
      r.vars.branch = new_token ("z9hG4bK-flood-");
      g_free (r.vars.call_id);
      r.vars.call_id = new_token ("flood-");
      bytes = expand (g_ptr_array_index (templates, 0), &r.vars);
      s = send_step (&r, bytes);
      collect_full (&r, s, 2000, FALSE);
      if (s->final == 503)
        refused++;
      else if (s->provisional)
        rang++;
      else
        silent++;
    }
  g_test_message ("%u INVITEs: %u ring, %u refused, %u unanswered", count, rang, refused,
                  silent);

  /* Still serving: UDP, TCP, and one more call gets an answer. */
  assert_engine_serves (tf, FALSE, "the INVITE flood");
  tcp_ok = serves_tcp (tf);
  {
    g_autoptr (GBytes) bytes = NULL;

    g_free (r.vars.branch);
    r.vars.branch = new_token ("z9hG4bK-flood-");
    g_free (r.vars.call_id);
    r.vars.call_id = new_token ("flood-last-");
    bytes = expand (g_ptr_array_index (templates, 0), &r.vars);
    last = send_step (&r, bytes);
    collect (&r, last, 4000);
    g_test_message ("after the flood: TCP %s, a new INVITE gets %u", tcp_ok ? "served" : "refused",
                    outcome (last));
  }

  /* The caller gives up on every call; then the engine is as before. */
  g_string_truncate (r.log, 0);
  finish_invites (&r);
  if (r.problems->len)
    g_test_fail_printf ("cancelling the flood: %s", r.problems->str);
  g_clear_pointer (&r.peer, peer_free);
  if (!desk_test_wait_until (no_live_calls, tf, 20000))
    g_test_fail_printf ("%u call(s) still live after the flood was cancelled",
                        g_hash_table_size (tf->live_calls));
  assert_engine_serves (tf, TRUE, "the INVITE flood was cancelled");

  if (!tcp_ok)
    g_test_fail_printf ("After %u INVITEs the engine no longer answers over TCP", count);
  g_assert_cmpuint (rang, ==, MIN (count, limits.max_ringing_per_source));
  g_assert_cmpuint (refused, ==, count - rang);
  g_assert_cmpuint (silent, ==, 0);
  g_assert_cmpuint (outcome (last), ==, count >= limits.max_ringing_per_source ? 503 : 180);

  vars_clear (&r.vars);
  g_free (r.www_authenticate);
  g_ptr_array_unref (r.steps);
  g_string_free (r.log, TRUE);
  g_string_free (r.problems, TRUE);
}

/* TCP framing: what one write holds has nothing to do with messages. */

static GBytes *
options_bytes (Peer       *p,
               guint       server_port,
               const char *extra_headers,
               const char *body)
{
  Vars v = { 0 };
  g_autofree char *tmpl = NULL;
  GBytes *bytes;

  v.server_port = server_port;
  v.local_port = p->local_port;
  v.tcp = TRUE;
  v.branch = new_token ("z9hG4bK-tt-");
  v.call_id = new_token ("torture-");
  v.tag = g_strdup ("t1");
  tmpl = g_strdup_printf ("OPTIONS sip:probe@127.0.0.1:%%SPORT%% SIP/2.0\r\n"
                          "Via: SIP/2.0/TCP 127.0.0.1:%%PORT%%;branch=%%BRANCH%%\r\n"
                          "From: <sip:probe@127.0.0.1:%%PORT%%>;tag=%%TAG%%\r\n"
                          "To: <sip:probe@127.0.0.1:%%SPORT%%>\r\n"
                          "Call-ID: %%CALLID%%\r\n"
                          "CSeq: 1 OPTIONS\r\n"
                          "Max-Forwards: 70\r\n"
                          "%s"
                          "Content-Length: %%CLEN%%\r\n"
                          "\r\n"
                          "%s",
                          extra_headers ? extra_headers : "", body ? body : "");
  bytes = expand (tmpl, &v);
  vars_clear (&v);
  return bytes;
}

/* Sends @msgs (concatenated) in writes cut at @cuts (offsets into the whole
 * stream), then expects one well-formed 200 per message, in order. */
static void
tcp_stream_test (TortureFixture *tf,
                 Peer           *p,
                 GPtrArray      *msgs,
                 const gsize    *cuts,
                 guint           n_cuts)
{
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  gsize pos = 0;

  for (guint i = 0; i < msgs->len; i++)
    {
      GBytes *m = g_ptr_array_index (msgs, i);

      g_byte_array_append (stream, g_bytes_get_data (m, NULL), g_bytes_get_size (m));
    }

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? MIN (cuts[i], stream->len) : stream->len;

      if (end > pos)
        {
          peer_send (p, stream->data + pos, end - pos);
          g_usleep (30 * 1000);   /* separate segments */
        }
      pos = MAX (pos, end);
    }

  for (guint i = 0; i < msgs->len; i++)
    {
      g_autoptr (Request) req = request_new (g_ptr_array_index (msgs, i));
      g_autoptr (GBytes) reply = peer_receive (p, g_get_monotonic_time () + 5 * G_USEC_PER_SEC);
      g_autoptr (GString) why = g_string_new (NULL);
      guint code;

      g_assert_nonnull (reply);
      code = check_reply (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), TRUE, req,
                          why);
      if (!code)
        g_error ("Reply %u is malformed: %s", i, why->str);
      g_test_message ("message %u: %u", i, code);
      g_assert_cmpuint (code, ==, 200);
    }

  assert_engine_serves (tf, TRUE, "the TCP stream");
}

static void
test_tcp_split_writes (TortureFixture *tf,
                       gconstpointer   data)
{
  g_autoptr (Peer) p = peer_new (tf->pbx.port, TRUE);
  g_autoptr (GPtrArray) msgs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GBytes *m = options_bytes (p, tf->pbx.port, "Content-Type: text/plain\r\n",
                             "a body of twenty-six bytes");
  const guint8 *d;
  gsize len, cuts[8];
  gssize via, hend;

  g_ptr_array_add (msgs, m);
  d = g_bytes_get_data (m, &len);
  via = find_bytes (d, len, "Via");
  hend = find_bytes (d, len, "\r\n\r\n");

  /* One byte; into a header name; between CR and LF; inside the blank
   * line; into the body; the rest. */
  cuts[0] = 1;
  cuts[1] = via + 2;
  cuts[2] = find_bytes (d + via, len - via, "\r\n") + via + 1;
  cuts[3] = hend + 1;
  cuts[4] = hend + 3;
  cuts[5] = hend + 4 + 5;
  cuts[6] = len - 1;
  tcp_stream_test (tf, p, msgs, cuts, 7);
}

static void
test_tcp_two_in_one_write (TortureFixture *tf,
                           gconstpointer   data)
{
  g_autoptr (Peer) p = peer_new (tf->pbx.port, TRUE);
  g_autoptr (GPtrArray) msgs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (msgs, options_bytes (p, tf->pbx.port, NULL, NULL));
  g_ptr_array_add (msgs, options_bytes (p, tf->pbx.port, "Content-Type: text/plain\r\n",
                                        "body\r\nthat looks like\r\n\r\nheaders: no\r\n"));
  g_ptr_array_add (msgs, options_bytes (p, tf->pbx.port, NULL, NULL));
  tcp_stream_test (tf, p, msgs, NULL, 0);
}

/* Writes cut across the boundary between two messages with bodies. */
static void
test_tcp_pipelined_split (TortureFixture *tf,
                          gconstpointer   data)
{
  g_autoptr (Peer) p = peer_new (tf->pbx.port, TRUE);
  g_autoptr (GPtrArray) msgs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize first, cuts[3];

  g_ptr_array_add (msgs, options_bytes (p, tf->pbx.port, "Content-Type: text/plain\r\n",
                                        "0123456789"));
  g_ptr_array_add (msgs, options_bytes (p, tf->pbx.port, "Content-Type: text/plain\r\n",
                                        "abcdefghij"));
  first = g_bytes_get_size (g_ptr_array_index (msgs, 0));
  cuts[0] = first - 4;        /* inside the first body */
  cuts[1] = first + 20;       /* the rest of it and the second's request line */
  cuts[2] = first + 21;
  tcp_stream_test (tf, p, msgs, cuts, 3);
}

/* RFC 5626 keep-alive: CRLF CRLF gets CRLF, and the connection still
 * carries requests. */
static void
test_tcp_keepalive (TortureFixture *tf,
                    gconstpointer   data)
{
  g_autoptr (Peer) p = peer_new (tf->pbx.port, TRUE);
  g_autoptr (GPtrArray) msgs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  peer_send (p, (const guint8 *) "\r\n\r\n", 4);
  while (p->pongs == 0 && !p->closed && g_get_monotonic_time () < deadline)
    {
      g_autoptr (GBytes) none = peer_receive (p, MIN (deadline, g_get_monotonic_time ()
                                                                + 100 * 1000));

      g_assert_null (none);
    }
  g_assert_cmpuint (p->pongs, ==, 1);

  g_ptr_array_add (msgs, options_bytes (p, tf->pbx.port, NULL, NULL));
  tcp_stream_test (tf, p, msgs, NULL, 0);
}

/* The files name no host but 127.0.0.1 where an address goes. */
static void
test_files_stay_local (void)
{
  g_autoptr (GRegex) hosts = g_regex_new (
    "(?:^(?:Via|v|Contact|m|Route|Record-Route|From|f|To|t)[ \\t]*:.*|^[A-Za-z]+ [^ ]+ SIP/2\\.0$"
    "|^c=IN IP[46] .*|^o=.*)",
    G_REGEX_MULTILINE | G_REGEX_CASELESS, 0, NULL);
  g_autoptr (GRegex) addr = g_regex_new (
    "(?:@|SIP/2\\.0/[A-Za-z]+ +|IP4 |IP6 |<[a-z]+:)([^;:>@ \\t%,/]+)", G_REGEX_CASELESS, 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) steps = load_case (&cases[i]);

      for (guint j = 0; j < steps->len; j++)
        {
          g_autoptr (GMatchInfo) line = NULL;

          g_regex_match (hosts, g_ptr_array_index (steps, j), 0, &line);
          for (; g_match_info_matches (line); g_match_info_next (line, NULL))
            {
              g_autofree char *text = g_match_info_fetch (line, 0);
              g_autoptr (GMatchInfo) m = NULL;

              g_regex_match (addr, text, 0, &m);
              for (; g_match_info_matches (m); g_match_info_next (m, NULL))
                {
                  g_autofree char *host = g_match_info_fetch (m, 1);
                  g_autofree char *whole = g_match_info_fetch (m, 0);

                  if (g_str_equal (host, "127.0.0.1"))
                    continue;
                  /* "<sip:user@...": a user part, not a host. */
                  if (g_str_has_prefix (whole, "<") && strchr (text, '@'))
                    continue;
                  g_error ("%s names the host \"%s\": %s", cases[i].name, host, text);
                }
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  CaseRun *runs;
  guint n = 0;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/pbx/torture/files-stay-local", test_files_stay_local);

  runs = g_new0 (CaseRun, 2 * G_N_ELEMENTS (cases));
  for (guint t = 0; t < 2; t++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const TortureCase *c = &cases[i];
        g_autofree char *path = NULL;

        if (!(c->flags & (t ? ON_TCP : ON_UDP)))
          continue;
        runs[n].c = c;
        runs[n].tcp = t == 1;
        path = g_strdup_printf ("/desk/pbx/torture/%s/%s/%s", t ? "tcp" : "udp",
                                category_names[c->category], c->name);
        g_test_add (path, TortureFixture, &runs[n], torture_setup, test_case,
                    torture_teardown);
        n++;
      }

  g_test_add ("/desk/pbx/torture/udp/all-in-a-row", TortureFixture, GINT_TO_POINTER (FALSE),
              torture_setup, test_all_in_a_row, torture_teardown);
  g_test_add ("/desk/pbx/torture/tcp/all-in-a-row", TortureFixture, GINT_TO_POINTER (TRUE),
              torture_setup, test_all_in_a_row, torture_teardown);
  g_test_add ("/desk/pbx/torture/udp/invite-flood", TortureFixture, NULL, torture_setup,
              test_invite_flood, torture_teardown);
  g_test_add ("/desk/pbx/torture/udp/mutations", TortureFixture, GINT_TO_POINTER (FALSE),
              torture_setup, test_mutations, torture_teardown);
  g_test_add ("/desk/pbx/torture/tcp/mutations", TortureFixture, GINT_TO_POINTER (TRUE),
              torture_setup, test_mutations, torture_teardown);
  g_test_add ("/desk/pbx/torture/tcp/split-writes", TortureFixture, NULL, torture_setup,
              test_tcp_split_writes, torture_teardown);
  g_test_add ("/desk/pbx/torture/tcp/two-in-one-write", TortureFixture, NULL, torture_setup,
              test_tcp_two_in_one_write, torture_teardown);
  g_test_add ("/desk/pbx/torture/tcp/pipelined-split", TortureFixture, NULL, torture_setup,
              test_tcp_pipelined_split, torture_teardown);
  g_test_add ("/desk/pbx/torture/tcp/keepalive", TortureFixture, NULL, torture_setup,
              test_tcp_keepalive, torture_teardown);

  {
    int status = g_test_run ();

    g_free (runs);
    return status;
  }
}
