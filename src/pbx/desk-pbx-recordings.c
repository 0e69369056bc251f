/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "desk-pbx"

#include "config.h"

#include "desk-pbx.h"
#include "desk-pbx-private.h"

#include "desk-error.h"
#include "desk-i18n.h"

#include <glib/gstdio.h>


/* The recording half of DeskPbx: commands and the signal that reports a
 * finished file. The engine's side, and why the media path never writes a
 * file itself, is in desk-pbx-record.c.
 *
 * The facade keeps the recordings started by call id until their
 * recording-finished, so that a second start on the same id fails at once.
 * It does not know which legs are bridged: a start on the other leg of a
 * recorded conversation is found out by the engine, which finishes that
 * second file at once, empty. */

enum {
  RECORDING_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GHashTable *
recordings (DeskPbx *self)
{
  DeskPbxCallState *state = _desk_pbx_get_call_state (self);

  if (!state->recordings)
    state->recordings = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  return state->recordings;
}

void
_desk_pbx_recordings_class_init (GObjectClass *klass)
{
  /**
   * DeskPbx::recording-finished:
   * @self: the engine
   * @call_id: the call given to [method@Pbx.record_start]
   * @wav_path: the recording, as given to [method@Pbx.record_start]
   * @duration_ms: the length of the audio in the file
   *
   * A recording is complete: its file is closed, its header is right and it
   * will not change any more; it may be encoded now (see
   * `desk_recorder_encode_async()`). Emitted once for every recording
   * started: after [method@Pbx.record_stop], when the call ends, or when the
   * engine stops. A recording that could not start (the call ended before,
   * or the conversation was recorded already) finishes at once, empty.
   */
  signals[RECORDING_FINISHED] = g_signal_new ("recording-finished", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING,
                                              G_TYPE_UINT);
}

void
_desk_pbx_dispatch_recording_event (DeskPbx            *self,
                                    const DeskPbxEvent *event)
{
  GHashTable *table = recordings (self);
  const char *path = g_hash_table_lookup (table, GUINT_TO_POINTER (event->call_id));

  if (path && g_str_equal (path, event->text))
    g_hash_table_remove (table, GUINT_TO_POINTER (event->call_id));

  g_signal_emit (self, signals[RECORDING_FINISHED], 0, event->call_id, event->text,
                 event->duration_ms);
}

/* Hands a recording command for @call_id to the engine. */
static gboolean
push (DeskPbx        *self,
      DeskPbxCallOp   op,
      guint           call_id,
      DeskPbxRecFile *file,
      GError        **error)
{
  DeskPbxCallCommand *cmd = g_new0 (DeskPbxCallCommand, 1);

  cmd->op = op;
  cmd->call_id = call_id;
  cmd->rec_file = file;
  return _desk_pbx_push_call_command (self, cmd, error);
}

/**
 * desk_pbx_record_start:
 * @self: a #DeskPbx
 * @call_id: either leg of a bridged call
 * @wav_path: (type filename): where the recording goes; no file may be
 *   there yet
 * @error: return location for a #GError
 *
 * Records a conversation into one stereo WAV file (8 kHz, 16 bits): the
 * caller on the left channel, the operator on the right, aligned to the
 * sample. Of the two legs, the caller is the one that is not an operator's
 * phone (see [signal@Pbx::call-incoming] and [signal@Pbx::call-answered]);
 * if both or neither are, the leg named here. The recording follows the
 * caller's leg: when it is bridged to someone else (a transfer), the right
 * channel is that someone; while it is bridged to nobody, silence.
 *
 * The file is created here, valid and empty, readable by its owner only.
 * Its header is brought up to date every second, so that after a crash it
 * plays up to a second or two before the end. It is complete at
 * [signal@Pbx::recording-finished]: after [method@Pbx.record_stop], when
 * the call ends, or when the engine stops.
 *
 * Returns: %TRUE if the file was created and the engine took the command
 */
gboolean
desk_pbx_record_start (DeskPbx     *self,
                       guint        call_id,
                       const char  *wav_path,
                       GError     **error)
{
  DeskPbxRecFile *file;

  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (wav_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_desk_pbx_check_call (self, call_id, error))
    return FALSE;

  if (g_hash_table_contains (recordings (self), GUINT_TO_POINTER (call_id)))
    {
      g_set_error (error, DESK_ERROR, DESK_ERROR_CONFLICT, _("Call %u is being recorded already"),
                   call_id);
      return FALSE;
    }

  file = _desk_pbx_rec_file_create (wav_path, error);
  if (!file)
    return FALSE;

  if (!push (self, DESK_PBX_CALL_RECORD_START, call_id, file, error))
    {
      /* The command, and with it the file, is gone: so is the empty WAV. */
      g_unlink (wav_path);
      return FALSE;
    }

  g_hash_table_insert (recordings (self), GUINT_TO_POINTER (call_id), g_strdup (wav_path));
  return TRUE;
}

/**
 * desk_pbx_record_pause:
 * @self: a #DeskPbx
 * @call_id: either leg of a recorded call
 * @error: return location for a #GError
 *
 * Pauses the recording that covers the call, while the caller gives a card
 * number, say. The file gets silence meanwhile, so that it keeps the
 * call's timing, and the pause is marked in it (a cue point labelled
 * "pause", its region as long as the pause). Does nothing if the recording
 * is paused already.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_record_pause (DeskPbx  *self,
                       guint     call_id,
                       GError  **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_desk_pbx_check_call (self, call_id, error))
    return FALSE;

  return push (self, DESK_PBX_CALL_RECORD_PAUSE, call_id, NULL, error);
}

/**
 * desk_pbx_record_resume:
 * @self: a #DeskPbx
 * @call_id: either leg of a recorded call
 * @error: return location for a #GError
 *
 * Resumes a paused recording.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_record_resume (DeskPbx  *self,
                        guint     call_id,
                        GError  **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_desk_pbx_check_call (self, call_id, error))
    return FALSE;

  return push (self, DESK_PBX_CALL_RECORD_RESUME, call_id, NULL, error);
}

/**
 * desk_pbx_record_stop:
 * @self: a #DeskPbx
 * @call_id: either leg of a recorded call
 * @error: return location for a #GError
 *
 * Ends the recording that covers the call; the call goes on.
 * [signal@Pbx::recording-finished] follows once the file is complete.
 *
 * Returns: %TRUE if the engine took the command
 */
gboolean
desk_pbx_record_stop (DeskPbx  *self,
                      guint     call_id,
                      GError  **error)
{
  g_return_val_if_fail (DESK_IS_PBX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_desk_pbx_check_call (self, call_id, error))
    return FALSE;

  if (!push (self, DESK_PBX_CALL_RECORD_STOP, call_id, NULL, error))
    return FALSE;

  /* The call may be recorded again before the file is finished. */
  g_hash_table_remove (recordings (self), GUINT_TO_POINTER (call_id));
  return TRUE;
}
