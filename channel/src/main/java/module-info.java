/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * shm4j's message channel: lossless messages between processes through named shared
 * memory. Only the API package is exported.
 */
module io.github.shm4j.channel {
    requires transitive io.github.shm4j;
    requires static transitive org.jspecify;

    exports io.github.shm4j.channel;
}
