/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.bench;

import io.github.shm4j.Access;
import io.github.shm4j.MappedView;
import io.github.shm4j.SharedMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The Java sides of the lifecycle benchmark: one cycle each, shared by the harness and JMH. */
final class Lifecycle {
    static final int SIZE = 64 * 1024;

    private Lifecycle() {}

    /** create + map + unmap (close the view) + close (which removes the name on Linux). */
    static long shm4j(String name) {
        SharedMemory shm = SharedMemory.create(name, SIZE);
        long sink;
        try {
            MappedView view = shm.map(0, SIZE, Access.READ_WRITE);
            sink = view.length();
            view.close();
        } finally {
            shm.close();
        }
        return sink;
    }

    /**
     * The JDK path: FileChannel.open(CREATE_NEW, READ, WRITE) on /dev/shm/X, map (which
     * sets the size with ftruncate), close the channel, delete the file. The mapping
     * cannot be unmapped: the JDK has no public unmap; it goes when the buffer is
     * garbage (its Cleaner calls munmap).
     */
    static long jdk(Path path) {
        try {
            long sink;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
                sink = buf.capacity();
            }
            Files.delete(path);
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
