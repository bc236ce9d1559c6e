/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.modulepath;

import io.github.shm4j.internal.MappedWords;
import io.github.shm4j.sync.NamedMutex;

/**
 * A second JVM for {@code ModuleIT}, with the library on the module path and this class
 * on the class path (a package of its own: the module's packages are the module's):
 * locks and unlocks a mutex, and prints the module and the mutex fast path's way of
 * access ({@code --add-exports} opens the internal package to it).
 */
public final class ModulePathProbe {
    private ModulePathProbe() {}

    public static void main(String[] args) {
        try (NamedMutex m = NamedMutex.create(args[0])) {
            for (int i = 0; i < 1000; i++) {
                m.lock();
                m.unlock();
            }
            System.out.println("module " + NamedMutex.class.getModule().getName());
            System.out.println("words " + MappedWords.INSTANCE.kind());
        }
    }
}
