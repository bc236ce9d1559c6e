/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

/** The details of one failure, as every {@link SharedMemoryException} carries them. */
final class Failure {
    final String message;
    final String operation;
    final String objectName;
    final long errorCode;
    final String errorName;
    final String systemCall;
    final String errorText;

    Failure(String message, String operation, String objectName, long errorCode, String errorName,
            String systemCall, String errorText) {
        this.message = message;
        this.operation = operation;
        this.objectName = objectName;
        this.errorCode = errorCode;
        this.errorName = errorName;
        this.systemCall = systemCall;
        this.errorText = errorText;
    }
}
