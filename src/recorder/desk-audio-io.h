/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DeskAudioIoDirection:
 * @DESK_AUDIO_IO_INPUT: microphones and other sources
 * @DESK_AUDIO_IO_OUTPUT: speakers, headsets and other sinks
 */
typedef enum {
  DESK_AUDIO_IO_INPUT  = 1 << 0,
  DESK_AUDIO_IO_OUTPUT = 1 << 1,
} DeskAudioIoDirection;

/**
 * DeskAudioDevice:
 * @id: what desk_audio_io_set_input_device() and
 *   desk_audio_io_set_output_device() take
 * @name: the name to show
 * @direction: input or output
 */
typedef struct
{
  char *id;
  char *name;
  DeskAudioIoDirection direction;
} DeskAudioDevice;

void desk_audio_device_free (DeskAudioDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskAudioDevice, desk_audio_device_free)

#define DESK_TYPE_AUDIO_IO (desk_audio_io_get_type ())
G_DECLARE_FINAL_TYPE (DeskAudioIo, desk_audio_io, DESK, AUDIO_IO, GObject)

GPtrArray   *desk_audio_io_list_devices      (DeskAudioIoDirection  directions);

DeskAudioIo *desk_audio_io_new               (void);
gboolean     desk_audio_io_set_input_device  (DeskAudioIo          *self,
                                              const char           *id,
                                              GError              **error);
const char  *desk_audio_io_get_input_device  (DeskAudioIo          *self);
gboolean     desk_audio_io_set_output_device (DeskAudioIo          *self,
                                              const char           *id,
                                              GError              **error);
const char  *desk_audio_io_get_output_device (DeskAudioIo          *self);
void         desk_audio_io_set_volume        (DeskAudioIo          *self,
                                              double                volume);
double       desk_audio_io_get_volume        (DeskAudioIo          *self);
void         desk_audio_io_set_ring_volume   (DeskAudioIo          *self,
                                              double                volume);
double       desk_audio_io_get_ring_volume   (DeskAudioIo          *self);

gboolean     desk_audio_io_start             (DeskAudioIo          *self,
                                              GError              **error);
void         desk_audio_io_stop              (DeskAudioIo          *self);
gboolean     desk_audio_io_is_running        (DeskAudioIo          *self);
void         desk_audio_io_ring              (DeskAudioIo          *self,
                                              gboolean              on);
gboolean     desk_audio_io_get_ringing       (DeskAudioIo          *self);

/* Thread-safe: for the softphone's audio callbacks. */
void         desk_audio_io_write             (DeskAudioIo          *self,
                                              const gint16         *samples,
                                              guint                 n_samples);
void         desk_audio_io_read              (DeskAudioIo          *self,
                                              gint16               *samples,
                                              guint                 n_samples);

G_END_DECLS
