/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.ApiAccess;
import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.ObjectKind;
import java.lang.ref.Cleaner;
import org.jspecify.annotations.Nullable;

/**
 * What this package shares with shm4j's other API packages through
 * {@link ApiAccess}, without making it public: name rules, error translation, the
 * cleaner, the logger, views' addresses and memory faults.
 */
final class InternalApi implements ApiAccess.Api {
    static {
        ApiAccess.register(new InternalApi());
    }

    private InternalApi() {}

    @Override
    public byte[] osName(String name, String operation) {
        return ShmName.of(name, operation).osBytes;
    }

    @Override
    public RuntimeException error(String operation, ObjectKind kind, String objectName, NativeException e) {
        return Errors.of(operation, new Subject(kind, objectName), e);
    }

    @Override
    public void ensureLoaded() {
        ShmNative.ensureLoaded();
    }

    @Override
    public Cleaner cleaner() {
        return Resources.CLEANER;
    }

    @Override
    public void warnForgotten(String what) {
        Resources.warnForgotten(what);
    }

    @Override
    public System.Logger log() {
        return Resources.LOG;
    }

    @Override
    public long address(MappedView view) {
        return view.address();
    }

    @Override
    public RuntimeException memoryFault(String what, @Nullable InternalError cause) {
        return MemoryFaultException.of(what, cause);
    }

    @Override
    public long currentSize(SharedMemory shm) {
        return shm.handle().currentSize();
    }
}
