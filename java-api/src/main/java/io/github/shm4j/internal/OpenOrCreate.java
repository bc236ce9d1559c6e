/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import io.github.shm4j.AlreadyExistsException;
import io.github.shm4j.NotFoundException;
import java.util.function.Supplier;

/** The one "open if the name exists, else create" of every kind of object. */
public final class OpenOrCreate {
    /** How many lost races in a row (created by another, removed before the open) end the attempt. */
    public static final int ROUNDS = 10;

    private OpenOrCreate() {}

    /**
     * Tries {@code create}; if the name is taken, {@code open}; if the name was removed
     * meanwhile, starts again, at most {@code rounds} times, after which the last
     * {@code NotFoundException} is thrown. Any other failure ends at once.
     */
    public static <T> T attempt(Supplier<T> create, Supplier<T> open, int rounds) {
        for (int round = 1; ; round++) {
            try {
                return create.get();
            } catch (AlreadyExistsException exists) {
                try {
                    return open.get();
                } catch (NotFoundException removedMeanwhile) {
                    if (round >= rounds) {
                        throw removedMeanwhile;
                    }
                }
            }
        }
    }
}
