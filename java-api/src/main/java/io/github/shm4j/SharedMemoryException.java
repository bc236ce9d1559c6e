/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception that shm4j throws for a failure of the operating
 * system or of its own native library. Unchecked: catch it, or one of its
 * subclasses, where you can act.
 *
 * <p>An exception from a failed operation names the operation ({@link #operation()},
 * e.g. {@code "open"}), the object ({@link #objectName()}, as the caller gave it) and,
 * when a system call failed, the OS error: {@link #errorCode()} ({@code errno} on
 * Linux, {@code GetLastError()} on Windows), its symbolic {@link #errorName()}
 * ({@code "ENOENT"}, {@code "ERROR_FILE_NOT_FOUND"}), the {@link #systemCall()} and
 * the OS's {@link #errorText()}. The message holds all of them, e.g.
 * <pre>cannot open shared memory 'Local\SampleMap': no such object (ENOENT, errno 2: No such file or directory)</pre>
 *
 * <p>Subclasses: {@link NotFoundException}, {@link AlreadyExistsException},
 * {@link PermissionDeniedException}, {@link InvalidNameException},
 * {@link InsufficientSpaceException}, {@link WrongObjectTypeException},
 * {@link NativeLibraryException}. Other OS
 * failures (out of address space, too many open objects, …) are thrown as this class.
 *
 * <p>Instances are immutable and safe to share across threads. An exception
 * describes this process's failure only; other processes sharing the object are not
 * affected by it.
 */
public class SharedMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The operation that failed; "" if none. See {@link #operation()}. */
    private final String operation;
    /** The object's name or file path as the caller gave it; "" if none. See {@link #objectName()}. */
    private final String objectName;
    /** The OS error code; 0 when no system call failed. See {@link #errorCode()}. */
    private final long errorCode;
    /** The symbolic name of the error code; "" if unknown or none. See {@link #errorName()}. */
    private final String errorName;
    /** The system call that failed; "" if none. See {@link #systemCall()}. */
    private final String systemCall;
    /** The OS's text for the error code, or shm4j's explanation; "" if none. See {@link #errorText()}. */
    private final String errorText;

    /** An exception with only a message: no operation, object or OS error. */
    SharedMemoryException(String message, @Nullable Throwable cause) {
        this(new Failure(message, "", "", 0, "", "", ""), cause);
    }

    /** An exception that describes {@code failure}. */
    SharedMemoryException(Failure failure, @Nullable Throwable cause) {
        super(failure.message, cause);
        this.operation = failure.operation;
        this.objectName = failure.objectName;
        this.errorCode = failure.errorCode;
        this.errorName = failure.errorName;
        this.systemCall = failure.systemCall;
        this.errorText = failure.errorText;
    }

    /**
     * An exception with every detail given, for subclasses in other shm4j packages
     * (such as {@code io.github.shm4j.sync}).
     *
     * @param message the whole message
     * @param operation the operation that failed, "" if none
     * @param objectName the object's name as the caller gave it, "" if none
     * @param errorCode the OS error code, 0 if no system call failed
     * @param errorName its symbolic name, "" if unknown or none
     * @param systemCall the system call that failed, "" if none
     * @param errorText the OS's text, or shm4j's explanation
     * @param cause the cause, if any
     */
    protected SharedMemoryException(String message, String operation, String objectName, long errorCode,
            String errorName, String systemCall, String errorText, @Nullable Throwable cause) {
        this(new Failure(message, operation, objectName, errorCode, errorName, systemCall, errorText), cause);
    }

    /**
     * The operation that failed, e.g. {@code "create"}, {@code "open"}, {@code "map"}; "" if none.
     *
     * @return the operation's name, or ""
     */
    public String operation() {
        return operation;
    }

    /**
     * The shared memory name or file path as the caller gave it; "" if none.
     *
     * @return the name or path, or ""
     */
    public String objectName() {
        return objectName;
    }

    /**
     * {@code errno} on Linux, {@code GetLastError()} on Windows; 0 when no system call failed.
     *
     * @return the OS error code, or 0
     */
    public long errorCode() {
        return errorCode;
    }

    /**
     * The symbolic name of {@link #errorCode()}, e.g. {@code "ENOENT"}; "" if unknown or none.
     *
     * @return the error's symbolic name, or ""
     */
    public String errorName() {
        return errorName;
    }

    /**
     * The system call that failed, e.g. {@code "open"} or {@code "CreateFileMappingW"}; "" if none.
     *
     * @return the system call's name, or ""
     */
    public String systemCall() {
        return systemCall;
    }

    /**
     * The operating system's text for {@link #errorCode()}, or shm4j's own explanation; "" if none.
     *
     * @return the error's description, or ""
     */
    public String errorText() {
        return errorText;
    }
}
