/* rill-version.c
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "rill-version-functions.h"

/**
 * rill_get_major_version:
 *
 * Returns the major version of the Rill library in use at run time.
 *
 * Returns: the major version
 */
guint
rill_get_major_version (void)
{
  return RILL_MAJOR_VERSION;
}

/**
 * rill_get_minor_version:
 *
 * Returns the minor version of the Rill library in use at run time.
 *
 * Returns: the minor version
 */
guint
rill_get_minor_version (void)
{
  return RILL_MINOR_VERSION;
}

/**
 * rill_get_micro_version:
 *
 * Returns the micro version of the Rill library in use at run time.
 *
 * Returns: the micro version
 */
guint
rill_get_micro_version (void)
{
  return RILL_MICRO_VERSION;
}
