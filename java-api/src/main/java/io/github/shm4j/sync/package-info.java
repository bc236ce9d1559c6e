/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Named mutexes, events and semaphores between processes, robust to a killed owner:
 * {@link io.github.shm4j.sync.NamedMutex}, {@link io.github.shm4j.sync.NamedEvent}
 * and {@link io.github.shm4j.sync.NamedSemaphore}, named like
 * {@link io.github.shm4j.SharedMemory} ({@code Local\X}, {@code Global\X}, {@code X}).
 *
 * <p>On Windows they are the Win32 named kernel objects ({@code CreateMutexW},
 * {@code CreateEventW}, {@code CreateSemaphoreW}), so C, C++ and .NET programs
 * coordinate with them by name. On Linux each is a small file in {@code /dev/shm}
 * whose layout and protocol {@code native/src/main/c/shm4j_sync.h} documents for C
 * programs: a robust process-shared pthread mutex, or futex words. In both, a name
 * lives while some process has the object open, mutexes, events, semaphores and
 * shared memory share one namespace, and a mutex whose owner died goes to the next
 * locker with an {@link io.github.shm4j.sync.OwnerDiedException}.
 *
 * <p>Waiting uses no CPU: the kernel parks the thread. On Linux 5.16 and later
 * (futex_waitv), a wait sleeps for its whole length and ends at once on
 * {@link java.lang.Thread#interrupt()} or {@code close()} (a mutex wait within 2 ms: it
 * first waits in the C library's own timed lock); on Windows, older kernels
 * and under qemu-user, waits are cut into slices of 5 ms so that they see interrupts
 * and close within a few milliseconds. Timeouts are
 * honoured to about a millisecond. Every object is {@link java.lang.AutoCloseable},
 * thread-safe, and released by a cleaner if forgotten. No method returns null.
 */
@NullMarked
package io.github.shm4j.sync;

import org.jspecify.annotations.NullMarked;
