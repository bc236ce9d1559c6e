/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.shm4j.testkit.ChildProcess;
import io.github.shm4j.Child.Contention;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every atomic, contended by two JVMs at once on one object: get-and-add counts
 * exactly, a compare-and-set spin-lock loses no update of the plain counter it
 * guards, and data written before a release is seen after the matching acquire.
 * Each for {@code int} and {@code long}.
 */
class CrossProcessAtomicsIT {
    private static final int N = 200_000;

    /** Runs the children {@code a} and {@code b} at once (the object exists); returns their outputs. */
    private static List<String> race(List<String> a, List<String> b) {
        try (ChildProcess first = TestSupport.startChild(a.toArray(String[]::new));
                ChildProcess second = TestSupport.startChild(b.toArray(String[]::new))) {
            TestSupport.Result one = TestSupport.result(first);
            TestSupport.Result two = TestSupport.result(second);
            assertEquals(0, one.exit(), one::toString);
            assertEquals(0, two.exit(), two::toString);
            return List.of(one.output(), two.output());
        }
    }

    private static MappedView check(SharedMemory shm) {
        return shm.map(0, 4096, Access.READ_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"int", "long"})
    void getAndAddFromTwoJvmsCountsExactlyAndHandsOutEveryValueOnce(String kind) {
        String name = TestSupport.uniqueName("add-" + kind);
        // long: a delta above 2^32, so that a 32-bit add would be caught
        long delta = kind.equals("int") ? 3 : (1L << 33) + 3;
        List<String> args = List.of("contend-add", name, kind, Integer.toString(N), Long.toString(delta));
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = check(shm)) {
            List<String> out = race(args, args);
            long total = 2L * N;
            assertEquals(total * delta, kind.equals("int") ? view.getIntVolatile(Contention.COUNTER)
                    : view.getLongVolatile(Contention.COUNTER), "no add was lost");
            // the results are the values before each add: 0, d, 2d, … (2N-1)d, each once, so they
            // sum to d·2N(2N-1)/2 (adds that returned the value after would sum 2N·d more)
            assertEquals(delta * (total * (total - 1) / 2), sum(out.get(0)) + sum(out.get(1)),
                    "the values the two JVMs got back");
        }
    }

    private static long sum(String output) {
        String[] parts = output.trim().split(" ");
        assertEquals("sum", parts[0], output);
        return Long.parseLong(parts[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"int", "long"})
    void aCompareAndSetSpinLockLosesNoUpdateAcrossJvms(String kind) {
        String name = TestSupport.uniqueName("lock-" + kind);
        List<String> args = List.of("lock", name, kind, Integer.toString(N));
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = check(shm)) {
            List<String> out = race(args, args);
            assertEquals(List.of("done " + N, "done " + N), out);
            assertEquals(2L * N, view.getLongVolatile(Contention.DATA), "every increment under the lock counted");
            assertEquals(0, kind.equals("int") ? view.getIntVolatile(Contention.LOCK)
                    : view.getLongVolatile(Contention.LOCK), "the lock is free at the end");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"int", "long"})
    void dataWrittenBeforeAReleaseIsSeenAfterTheMatchingAcquire(String kind) {
        String name = TestSupport.uniqueName("litmus-" + kind);
        int rounds = 20_000;
        try (SharedMemory shm = SharedMemory.create(name, 4096);
                MappedView view = check(shm)) {
            List<String> out = race(List.of("litmus", name, kind, Integer.toString(rounds), "writer"),
                    List.of("litmus", name, kind, Integer.toString(rounds), "reader"));
            assertEquals(List.of("wrote " + rounds, "stale 0"), out,
                    "the reader saw every round's data once it acquired the round");
            long last = kind.equals("int") ? view.getIntVolatile(Contention.ACK)
                    : view.getLongVolatile(Contention.ACK) - (1L << 40);
            assertEquals(rounds, last, "the last round was acknowledged");
        }
    }
}
