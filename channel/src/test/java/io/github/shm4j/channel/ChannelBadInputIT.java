/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.Access;
import io.github.shm4j.AlreadyExistsException;
import io.github.shm4j.InvalidNameException;
import io.github.shm4j.MappedView;
import io.github.shm4j.NotFoundException;
import io.github.shm4j.SharedMemory;
import io.github.shm4j.sync.EventReset;
import io.github.shm4j.sync.NamedEvent;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input: typed errors, and nothing left behind in /dev/shm. */
class ChannelBadInputIT {
    @AfterEach
    void nothingLeft() {
        Support.assertNothingLeft();
    }

    @Test
    void capacityMustBeAPowerOfTwoOfAtLeast1024AndSendersInRange() {
        for (int bad : new int[] {0, -1024, 512, 1000, 1025, 3 << 10, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChannelOptions.defaults().capacity(bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
        assertEquals(1024, ChannelOptions.defaults().capacity(1024).capacity());
        assertThrows(IllegalArgumentException.class, () -> ChannelOptions.defaults().maxSenders(0));
        assertThrows(IllegalArgumentException.class, () -> ChannelOptions.defaults().maxSenders(65));
        String name = Support.uniqueName("huge");
        assertThrows(IllegalArgumentException.class, () -> Channel.create(name,
                ChannelOptions.defaults().capacity(1 << 30).producers(Producers.MANY).maxSenders(2)));
    }

    @Test
    void openOfNothingIsNotFoundAndBadNamesAreInvalid() {
        assertThrows(NotFoundException.class, () -> Channel.open(Support.uniqueName("absent")));
        assertThrows(InvalidNameException.class, () -> Channel.create("Local\\a/b"));
        assertThrows(InvalidNameException.class, () -> Channel.create(""));
        // a name that fits, whose derived names (NAME.tx0-lock) do not: nothing is left of it
        String longName = Support.PREFIX + "x".repeat(255 - Support.PREFIX.length() - 3);
        assertThrows(InvalidNameException.class, () -> Channel.create(longName));
    }

    @Test
    void aTakenNameIsAlreadyExistsAndTheOtherChannelIsUntouched() {
        String name = Support.uniqueName("taken");
        try (Channel ch = Channel.create(name)) {
            assertThrows(AlreadyExistsException.class, () -> Channel.create(name));
            try (Sender tx = ch.sender(); Receiver rx = ch.receiver()) {
                tx.offer(new byte[3], 0, 3);
                assertEquals(1, rx.poll(m -> { }, 10));
            }
        }
    }

    @Test
    void creationThatFailsHalfWayRemovesWhatItMade() {
        String name = Support.uniqueName("half");
        try (NamedEvent squatter = NamedEvent.create(name + ".tx0", EventReset.AUTO, false)) {
            assertThrows(AlreadyExistsException.class, () -> Channel.create(name));
            if (!Support.WINDOWS) { // Windows has no /dev/shm to look at: its names go with their handles
                assertEquals(List.of(squatter.name()), Support.ourShmEntries().stream()
                        .filter(n -> n.startsWith(name)).collect(java.util.stream.Collectors.toList()));
            }
            assertThrows(io.github.shm4j.NotFoundException.class, () -> Channel.open(name), "no channel was left");
        }
    }

    @Test
    void garbageIsNotAChannel() {
        String name = Support.uniqueName("garbage");
        try (SharedMemory shm = SharedMemory.create(name, 1 << 16);
                MappedView v = shm.map(0, 1 << 16, Access.READ_WRITE)) {
            byte[] junk = new byte[1 << 16];
            new SplittableRandom(3).nextBytes(junk);
            v.put(0, junk);
            IncompatibleChannelException e = assertThrows(IncompatibleChannelException.class,
                    () -> Channel.open(name));
            assertTrue(e.getMessage().contains("not a channel"), e.getMessage());
            assertEquals(name, e.objectName());
        }
    }

    @Test
    void anObjectSmallerThanTheHeaderIsTruncated() {
        String name = Support.uniqueName("tiny");
        try (SharedMemory shm = SharedMemory.create(name, 100)) {
            IncompatibleChannelException e = assertThrows(IncompatibleChannelException.class,
                    () -> Channel.open(name));
            assertEquals(100, shm.size());
            if (Support.WINDOWS) { // an opener sees the section rounded up to a page: an empty, never-finished one
                assertTrue(e.getMessage().contains("not a finished channel"), e.getMessage());
            } else {
                assertTrue(e.getMessage().contains("less than a channel's header"), e.getMessage());
            }
        }
    }

    /** A valid channel header of version 1 over {@code size} bytes, then changed by {@code edit}. */
    private static IncompatibleChannelException openForged(String name, long size,
            java.util.function.Consumer<MappedView> edit) {
        return openForged(name, size, 1024, edit);
    }

    private static IncompatibleChannelException openForged(String name, long size, int capacity,
            java.util.function.Consumer<MappedView> edit) {
        try (SharedMemory shm = SharedMemory.create(name, size);
                MappedView v = shm.map(0, Layout.HEADER_SIZE, Access.READ_WRITE)) {
            v.buffer().order(ByteOrder.nativeOrder());
            v.putInt(Layout.H_MAGIC, Layout.MAGIC);
            v.putInt(Layout.H_VERSION, Layout.VERSION);
            v.putInt(Layout.H_CAPACITY, capacity);
            v.putInt(Layout.H_SLOTS, 1);
            v.putInt(Layout.H_MODE, Layout.MODE_ONE);
            v.putInt(Layout.H_MAX_MESSAGE, capacity / 8);
            v.putLong(Layout.H_TOTAL_SIZE, Layout.totalSize(1, capacity));
            v.putIntVolatile(Layout.H_READY, Layout.READY);
            edit.accept(v);
            return assertThrows(IncompatibleChannelException.class, () -> Channel.open(name));
        }
    }

    @Test
    void anotherLayoutVersionIsRefusedNamingBothVersions() {
        int older = Layout.VERSION - 1; // version 2 had no no-fence words: its parties fence every publication
        IncompatibleChannelException e = openForged(Support.uniqueName("v" + older), 4096,
                v -> v.putIntVolatile(Layout.H_VERSION, older));
        assertTrue(e.getMessage().contains("layout version is " + older)
                && e.getMessage().contains("layout version " + Layout.VERSION), e.getMessage());
    }

    @Test
    void aHeaderThatPromisesMoreThanTheObjectHoldsIsTruncated() {
        IncompatibleChannelException e = openForged(Support.uniqueName("short"), 4096, 8192, v -> { }); // needs 8704 bytes
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = openForged(Support.uniqueName("no-aux"), 4096, v -> { });
        assertTrue(e.getMessage().contains("auxiliary"), e.getMessage());
    }

    @Test
    void aHeaderThatContradictsItselfIsRefused() {
        IncompatibleChannelException e = openForged(Support.uniqueName("odd"), 4096,
                v -> v.putIntVolatile(Layout.H_CAPACITY, 1000));
        assertTrue(e.getMessage().contains("contradicts itself"), e.getMessage());
        e = openForged(Support.uniqueName("slots"), 4096, v -> v.putIntVolatile(Layout.H_SLOTS, 2));
        assertTrue(e.getMessage().contains("contradicts itself"), e.getMessage());
    }

    @Test
    void aChannelWhoseCreatorNeverFinishedIsRefusedAfterTwoSeconds() {
        String name = Support.uniqueName("unready");
        try (SharedMemory shm = SharedMemory.create(name, 4096)) {
            assertTrue(shm.isCreator());
            IncompatibleChannelException e = assertThrows(IncompatibleChannelException.class,
                    () -> Channel.open(name));
            assertTrue(e.getMessage().contains("not a finished channel"), e.getMessage());
        }
    }
}
