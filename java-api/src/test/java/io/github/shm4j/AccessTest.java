/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What each Access means to the native layer (no native code needed). */
class AccessTest {

    @Test
    void onlyReadWriteOpensTheObjectForWriting() {
        assertEquals(0, Access.READ_ONLY.objectMode());
        assertEquals(1, Access.READ_WRITE.objectMode());
        assertEquals(0, Access.COPY_ON_WRITE.objectMode(), "its writes never reach the object");
    }

    @Test
    void viewModesAreTheCEnumShmAccess() {
        // the C enum shm_access: SHM_READ_ONLY 0, SHM_READ_WRITE 1, SHM_COPY_ON_WRITE 2
        assertEquals(0, Access.READ_ONLY.viewMode());
        assertEquals(1, Access.READ_WRITE.viewMode());
        assertEquals(2, Access.COPY_ON_WRITE.viewMode());
    }
}
