/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
/** shm4j's internals: the JNI entry points, the native library loader and name rules. Not an API. */
@NullMarked
package io.github.shm4j.internal;

import org.jspecify.annotations.NullMarked;
