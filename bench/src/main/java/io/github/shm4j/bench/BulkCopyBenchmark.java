/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH figure for shm4j's bulk copy: one op is one pass of 1 MiB put(byte[]) calls
 * over a 64 MiB view (GB/s = 64 MiB * ops/s). Ratios against memcpy come from
 * {@link Harness}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BulkCopyBenchmark {
    private SharedMemory shm;
    private MappedView view;
    private byte[] chunk;

    @Setup(Level.Trial)
    public void setUp() {
        shm = SharedMemory.create("shm4j-bench-jmh-bulk-" + ProcessHandle.current().pid(), BulkCopy.SIZE);
        view = shm.map(0, BulkCopy.SIZE, Access.READ_WRITE);
        chunk = BulkCopy.chunk();
        BulkCopy.prefault(view);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        shm.close();
    }

    @Benchmark
    public void shm4jPass() {
        BulkCopy.pass(view, chunk);
    }
}
