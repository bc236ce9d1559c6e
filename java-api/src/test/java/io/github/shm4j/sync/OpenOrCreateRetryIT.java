/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.shm4j.AlreadyExistsException;
import io.github.shm4j.NotFoundException;
import io.github.shm4j.internal.OpenOrCreate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retry of every {@code openOrCreate} (shared memory and the sync objects alike
 * use {@link OpenOrCreate}): create; if the name is taken, open; if the name vanished
 * meanwhile, start again, a given number of rounds at most (three here, to count
 * them). The race cannot be provoked deterministically through the public API (a
 * peer removing the name at the right instant), so this drives the loop with scripted
 * steps; the exceptions are real ones, from real calls.
 */
class OpenOrCreateRetryIT {
    private static AlreadyExistsException taken;
    private static NotFoundException vanished;

    @BeforeAll
    static void realExceptions() {
        String name = "shm4j-it-" + ProcessHandle.current().pid() + "-ooc-retry";
        vanished = assertThrows(NotFoundException.class, () -> NamedMutex.open(name));
        NamedMutex m = NamedMutex.create(name);
        try {
            taken = assertThrows(AlreadyExistsException.class, () -> NamedMutex.create(name));
        } finally {
            m.close();
        }
    }

    /** Plays a scripted list of outcomes, one per call: a value to return or an exception to throw. */
    private static final class Script implements Supplier<String> {
        private final String what;
        private final List<Object> outcomes;
        final List<String> calls = new ArrayList<>();

        Script(String what, Object... outcomes) {
            this.what = what;
            this.outcomes = new ArrayList<>(List.of(outcomes));
        }

        @Override
        public String get() {
            calls.add(what);
            if (outcomes.isEmpty()) {
                throw new AssertionError(what + " called more often than scripted");
            }
            Object next = outcomes.remove(0);
            if (next instanceof RuntimeException) {
                throw (RuntimeException) next;
            }
            return (String) next;
        }
    }

    @Test
    void aFreeNameIsCreatedAndNothingOpened() {
        Script create = new Script("create", "created");
        Script open = new Script("open");
        assertEquals("created", OpenOrCreate.attempt(create, open, 3));
        assertEquals(List.of("create"), create.calls);
        assertEquals(List.of(), open.calls);
    }

    @Test
    void aTakenNameIsOpened() {
        Script create = new Script("create", taken);
        Script open = new Script("open", "opened");
        assertEquals("opened", OpenOrCreate.attempt(create, open, 3));
        assertEquals(1, create.calls.size());
        assertEquals(1, open.calls.size());
    }

    @Test
    void aNameThatVanishesBetweenCreateAndOpenIsTriedAgain() {
        Script create = new Script("create", taken, taken, "created");
        Script open = new Script("open", vanished, vanished);
        assertEquals("created", OpenOrCreate.attempt(create, open, 3));
        assertEquals(3, create.calls.size());
        assertEquals(2, open.calls.size());

        create = new Script("create", taken, taken, taken);
        open = new Script("open", vanished, vanished, "opened");
        assertEquals("opened", OpenOrCreate.attempt(create, open, 3), "the third round's open counts");
    }

    @Test
    void threeLostRoundsGiveUpWithTheLastNotFound() {
        Script create = new Script("create", taken, taken, taken, taken);
        NotFoundException last = anotherNotFound();
        Script open = new Script("open", vanished, vanished, last, vanished);
        assertSame(last, assertThrows(NotFoundException.class, () -> OpenOrCreate.attempt(create, open, 3)));
        assertEquals(3, create.calls.size(), "three rounds");
        assertEquals(3, open.calls.size());
    }

    @Test
    void otherFailuresEndAtOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        Script create = new Script("create", boom);
        Script open = new Script("open");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> OpenOrCreate.attempt(create, open, 3)));
        assertEquals(List.of(), open.calls);

        Script create2 = new Script("create", vanished);
        assertSame(vanished, assertThrows(NotFoundException.class, () -> OpenOrCreate.attempt(create2, open, 3)),
                "NotFound from create is not a lost race");
        assertEquals(1, create2.calls.size());

        Script create3 = new Script("create", taken);
        Script open3 = new Script("open", taken);
        assertSame(taken, assertThrows(AlreadyExistsException.class, () -> OpenOrCreate.attempt(create3, open3, 3)));
        Script create4 = new Script("create", taken);
        Script open4 = new Script("open", boom);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> OpenOrCreate.attempt(create4, open4, 3)));
        assertEquals(1, create4.calls.size());
    }

    /** A NotFoundException distinct from {@link #vanished}, to see which one is thrown. */
    private static NotFoundException anotherNotFound() {
        return assertThrows(NotFoundException.class,
                () -> NamedEvent.open("shm4j-it-" + ProcessHandle.current().pid() + "-ooc-retry-other"));
    }
}
