/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

/** A second JVM for NativeLibraryIT: prints where the library came from, or why it did not load. */
public final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) {
        if (NativeLibrary.isAvailable()) {
            System.out.println("loaded " + NativeLibrary.source());
        } else {
            System.out.println("unavailable " + NativeLibrary.unavailabilityCause().orElseThrow().getMessage());
        }
    }
}
