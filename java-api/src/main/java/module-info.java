/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * shm4j: named shared memory for the JVM. Only the API packages are exported; the
 * loader and the native layer's types stay inside the module.
 */
@SuppressWarnings("module") // the channel's module is built after this one: javac warns that it is not found
module io.github.shm4j {
    requires static transitive org.jspecify; // its annotations are part of the API
    requires jdk.unsupported; // sun.misc.Unsafe, for the mutex fast path where it runs without a warning (MappedWords)

    exports io.github.shm4j;
    exports io.github.shm4j.sync;
    exports io.github.shm4j.internal to io.github.shm4j.channel; // ProcessBarrier
}
