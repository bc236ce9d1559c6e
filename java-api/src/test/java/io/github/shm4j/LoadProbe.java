/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

/** A second JVM for the loader's tests: prints where the library came from, or why it did not load. */
public final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) {
        try {
            ShmNative.ensureLoaded();
            System.out.println("loaded " + ShmNative.source());
        } catch (NativeLibraryException e) {
            System.out.println("unavailable " + e.getMessage());
        }
    }
}
