// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command table and dispatcher. STUB: being written.
 */
#include "kmemlab/machine.h"
