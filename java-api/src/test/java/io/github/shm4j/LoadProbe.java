/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Security;

/**
 * A second JVM for the loader's tests: prints where the library came from, or why it did not load.
 * With {@code -D}{@value #NO_ENTROPY} every {@link SecureRandom} of this JVM throws, as the JDK's
 * seeding does on Windows where the network adapters cannot be listed (seen under Wine).
 */
public final class LoadProbe {
    /** The property that takes this JVM's entropy away before loading. */
    public static final String NO_ENTROPY = "shm4j.test.noEntropy";

    private LoadProbe() {}

    public static void main(String[] args) {
        if (Boolean.getBoolean(NO_ENTROPY)) {
            Security.insertProviderAt(new NoEntropy(), 1);
            try {
                new SecureRandom().nextInt();
                System.out.println("SecureRandom still works: the probe cannot take the entropy away");
                return;
            } catch (NoEntropyError expected) {
                // as intended: anything that needs a SecureRandom now fails
            }
        }
        try {
            ShmNative.ensureLoaded();
            System.out.println("loaded " + ShmNative.source());
        } catch (NativeLibraryException e) {
            System.out.println("unavailable " + e.getMessage());
        }
    }

    /** What a {@link SecureRandom} throws in a probe without entropy. */
    static final class NoEntropyError extends Error {
        private static final long serialVersionUID = 1L;

        NoEntropyError() {
            super("no entropy: this probe's SecureRandom always fails");
        }
    }

    /** The highest-priority provider in a probe without entropy: its SecureRandom fails. */
    static final class NoEntropy extends Provider {
        private static final long serialVersionUID = 1L;

        NoEntropy() {
            super("NoEntropy", "1", "a SecureRandom that always fails");
            put("SecureRandom.Failing", Failing.class.getName());
        }
    }

    /** The failing SecureRandom; public with a public constructor, as providers are instantiated. */
    public static final class Failing extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        public Failing() {}

        @Override
        protected void engineSetSeed(byte[] seed) {
            throw new NoEntropyError();
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            throw new NoEntropyError();
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new NoEntropyError();
        }
    }
}
