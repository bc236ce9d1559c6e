/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.lang.ref.Cleaner;

/** What every shm4j resource shares: one cleaner thread and one logger. */
final class Resources {
    /**
     * Releases what callers forgot to close, and placeholders nobody can reach any
     * more. The JDK's default thread ("Cleaner-N", an innocuous daemon thread) holds
     * no context class loader or access context of ours, so that a web application's
     * class loader can be collected once its objects are released.
     */
    static final Cleaner CLEANER = Cleaner.create();

    static final System.Logger LOG = System.getLogger("io.github.shm4j");

    private Resources() {}

    /** Logs that a resource was released by the cleaner, not by its owner. */
    static void warnForgotten(String what) {
        LOG.log(System.Logger.Level.WARNING, what + " was not closed and has been released by the garbage"
                + " collector; close it (try-with-resources, Kotlin's use) to release it on time");
    }
}
