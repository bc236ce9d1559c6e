/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * A view's memory could not be read or written: the OS signalled a fault
 * ({@code SIGBUS}, {@code EXCEPTION_IN_PAGE_ERROR}) for its page. It happens when
 * another process shrinks the object under the view ({@code ftruncate}), or when the
 * page of a sparse file cannot be allocated on a full disk. The JVM survives it;
 * the view stays usable where its memory still exists.
 *
 * <p>Thrown by {@link MappedView}'s bulk copies where the JDK reports the fault
 * at once (JDK 25 was tested). JDK 17 reports it asynchronously, at the thread's next
 * check, as an {@link InternalError} ("a fault occurred in an unsafe memory
 * access"), which then surfaces just after the shm4j call; plain accessors and
 * buffers report it as the JDK does. Either way the JVM survives. Objects that shm4j
 * creates, or opens {@link Access#READ_WRITE}, have all their memory reserved, so
 * that only a misbehaving peer can cause it.
 *
 * <p>Immutable and safe to share across threads.
 */
public final class MemoryFaultException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    MemoryFaultException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** The exception for the JDK's report ({@code cause}) of a fault in the memory of {@code what}. */
    static MemoryFaultException of(String what, @Nullable InternalError cause) {
        return new MemoryFaultException(what + " could not be accessed: the object was shrunk by another process,"
                + " or its memory could not be allocated", cause);
    }
}
