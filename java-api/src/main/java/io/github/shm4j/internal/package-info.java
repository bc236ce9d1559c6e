/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
/** shm4j's internals: the native library loader, the platforms, the native layer's error record and the barrier across processes. Not an API: the module exports it only to shm4j's channel (ProcessBarrier). */
@NullMarked
package io.github.shm4j.internal;

import org.jspecify.annotations.NullMarked;
