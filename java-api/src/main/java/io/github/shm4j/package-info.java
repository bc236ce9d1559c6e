/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Named shared memory for the JVM: {@link io.github.shm4j.SharedMemory} creates or
 * opens an object by name (a Win32 file mapping on Windows, a POSIX shared memory
 * object on Linux) or maps a regular file, and {@link io.github.shm4j.MappedView}
 * gives bounds-checked, typed and atomic access to a window of it, plus a direct
 * {@link java.nio.ByteBuffer}.
 *
 * <p>The promises: no method returns {@code null}; every failure is an unchecked
 * {@link io.github.shm4j.SharedMemoryException} (or a standard Java exception for a
 * caller's mistake, as each method documents); and nothing a caller does with this
 * API, including touching a buffer after its view was closed, crashes the JVM.
 */
@NullMarked
package io.github.shm4j;

import org.jspecify.annotations.NullMarked;
