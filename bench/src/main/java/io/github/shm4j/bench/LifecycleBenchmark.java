/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JMH figures for the Java sides of the lifecycle benchmark (absolute ops/s, for
 * reference). The ratios against C come from {@link Harness}, which alternates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LifecycleBenchmark {
    private final String name = "shm4j-bench-jmh-lc-" + ProcessHandle.current().pid();
    private final Path path = Path.of("/dev/shm", "shm4j-bench-jmh-lc-jdk-" + ProcessHandle.current().pid());

    @Benchmark
    public long shm4j() {
        return Lifecycle.shm4j(name);
    }

    @Benchmark
    public long jdkFileChannel() {
        return Lifecycle.jdk(path);
    }
}
