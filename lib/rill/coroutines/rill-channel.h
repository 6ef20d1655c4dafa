/* rill-channel.h
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RILL_INSIDE) && !defined(RILL_COMPILATION)
# error "Only <rill.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rill-buffer-overflow.h"
#include "rill-types.h"

G_BEGIN_DECLS

/**
 * RILL_CHANNEL_RENDEZVOUS:
 *
 * The capacity of a channel without a buffer: a sender waits for a receiver
 * and hands its element over directly.
 */
#define RILL_CHANNEL_RENDEZVOUS 0

/**
 * RILL_CHANNEL_CONFLATED:
 *
 * The capacity of a channel that keeps only the latest element: a buffer of
 * one with %RILL_BUFFER_OVERFLOW_DROP_OLDEST. Senders never suspend.
 */
#define RILL_CHANNEL_CONFLATED (-1)

/**
 * RILL_CHANNEL_BUFFERED:
 *
 * The capacity of a channel with the default buffer, 64 elements (one
 * element when the overflow policy is not
 * %RILL_BUFFER_OVERFLOW_SUSPEND).
 */
#define RILL_CHANNEL_BUFFERED (-2)

/**
 * RILL_CHANNEL_UNLIMITED:
 *
 * The capacity of a channel whose buffer grows without a limit: senders
 * never suspend.
 */
#define RILL_CHANNEL_UNLIMITED 0x7fffffff   /* G_MAXINT, spelled out for introspection */

/**
 * RILL_CHANNEL_DEFAULT_BUFFER_SIZE:
 *
 * The size of the buffer of a [const@Rill.CHANNEL_BUFFERED] channel.
 */
#define RILL_CHANNEL_DEFAULT_BUFFER_SIZE 64

/**
 * RILL_CHANNEL_ERROR:
 *
 * The error domain of channels.
 */
#define RILL_CHANNEL_ERROR (rill_channel_error_quark ())

/**
 * RillChannelError:
 * @RILL_CHANNEL_ERROR_CLOSED: the channel was closed without a cause: no
 *   more elements can be sent, or none is left to receive
 *
 * Errors of [class@Rill.Channel].
 */
typedef enum {
  RILL_CHANNEL_ERROR_CLOSED,
} RillChannelError;

#define RILL_TYPE_CHANNEL (rill_channel_get_type ())

RILL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RillChannel, rill_channel, RILL, CHANNEL, GObject)

/**
 * RillProducerBlock:
 * @scope: the scope of the producing coroutine
 * @channel: the channel to send the elements to
 * @user_data: the data given with the block
 * @error: return location for the failure of the block
 *
 * The body of a coroutine started with [func@Rill.produce]. The channel is
 * closed when it returns: normally when it returns %TRUE, with @error as the
 * cause when it fails.
 *
 * Returns: %TRUE when done, %FALSE with @error set when the block failed
 */
typedef gboolean (*RillProducerBlock) (RillScope    *scope,
                                       RillChannel  *channel,
                                       gpointer      user_data,
                                       GError      **error);

RILL_AVAILABLE_IN_ALL
GQuark        rill_channel_error_quark           (void) G_GNUC_CONST;

RILL_AVAILABLE_IN_ALL
RillChannel  *rill_channel_new                   (GType               value_type,
                                                  int                 capacity,
                                                  RillBufferOverflow  overflow);
RILL_AVAILABLE_IN_ALL
GType         rill_channel_get_value_type        (RillChannel        *self);
RILL_AVAILABLE_IN_ALL
int           rill_channel_get_capacity          (RillChannel        *self);
RILL_AVAILABLE_IN_ALL
RillBufferOverflow rill_channel_get_overflow     (RillChannel        *self);

RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_send                  (RillChannel        *self,
                                                  const GValue       *value,
                                                  GError            **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_receive               (RillChannel        *self,
                                                  GValue             *value,
                                                  GError            **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_try_send              (RillChannel        *self,
                                                  const GValue       *value,
                                                  GError            **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_try_receive           (RillChannel        *self,
                                                  GValue             *value,
                                                  GError            **error);

RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_send_int              (RillChannel        *self,
                                                  int                 value,
                                                  GError            **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_receive_int           (RillChannel        *self,
                                                  int                *value,
                                                  GError            **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_send_string           (RillChannel        *self,
                                                  const char         *value,
                                                  GError            **error);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_receive_string        (RillChannel        *self,
                                                  char              **value,
                                                  GError            **error);

RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_close                 (RillChannel        *self,
                                                  const GError       *cause);
RILL_AVAILABLE_IN_ALL
void          rill_channel_cancel                (RillChannel        *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_is_closed_for_send    (RillChannel        *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_is_closed_for_receive (RillChannel        *self);
RILL_AVAILABLE_IN_ALL
gboolean      rill_channel_is_empty              (RillChannel        *self);

RILL_AVAILABLE_IN_ALL
RillChannel  *rill_produce                       (RillScope          *scope,
                                                  RillContext        *context,
                                                  GType               value_type,
                                                  int                 capacity,
                                                  RillProducerBlock   block,
                                                  gpointer            user_data,
                                                  GDestroyNotify      destroy);

G_END_DECLS
