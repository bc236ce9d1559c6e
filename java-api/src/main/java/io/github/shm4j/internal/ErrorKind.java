/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

/**
 * The portable error kinds of the native layer, in the order of the C table
 * {@code SHM_ERROR_KINDS} (native/src/main/c/shm_error.h); ordinal = C value.
 * A test compares both tables through the native errorKindName.
 */
public enum ErrorKind {
    NONE("success"),
    NOT_FOUND("no such object"),
    ALREADY_EXISTS("object already exists"),
    ACCESS_DENIED("access denied"),
    INVALID_ARGUMENT("invalid argument"),
    INSUFFICIENT_SPACE("insufficient space"),
    OUT_OF_MEMORY("out of memory or address space"),
    NAME_TOO_LONG("name too long"),
    TOO_MANY_OPEN("too many open objects"),
    UNSUPPORTED("operation not supported"),
    WRONG_TYPE("name used by an object of another type"),
    IO("input/output error"),
    SYSTEM("system error");

    private static final ErrorKind[] VALUES = values();

    private final String description;

    ErrorKind(String description) {
        this.description = description;
    }

    /** The short description used in messages, e.g. "no such object". */
    public String description() {
        return description;
    }

    /** The kind with C value {@code value}; unknown values map to {@link #SYSTEM}. */
    public static ErrorKind of(int value) {
        return value > 0 && value < VALUES.length ? VALUES[value] : SYSTEM;
    }
}
