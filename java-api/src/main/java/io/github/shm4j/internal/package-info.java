/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
/** shm4j's internals: the native library loader, the platforms, and the native layer's error record. Not an API: the module does not export it. */
@NullMarked
package io.github.shm4j.internal;

import org.jspecify.annotations.NullMarked;
