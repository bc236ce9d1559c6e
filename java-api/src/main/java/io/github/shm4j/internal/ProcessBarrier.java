/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Asymmetric memory barriers between processes (native/src/main/c/barrier_platform.h):
 * Linux's {@code membarrier(2)}; nothing on Windows.
 *
 * <p>A busy side that publishes (stores) and then reads a flag that a waiting side sets
 * needs a full barrier between the two, once per publication, unless
 * {@link #lightPublisher()} says this process may leave it out: then every waiting side
 * calls {@link #all()} between setting its flag and reading the publication, which
 * makes each running thread of every registered process pass a full barrier. The busy
 * side's store and load stay in program order without one: a release store and a
 * volatile load through var handles are never reordered by the JIT.
 *
 * <p>The system property {@value #PROPERTY}{@code =off} keeps every barrier (as on
 * Windows). Not an API: this package is exported to shm4j's own modules only.
 */
public final class ProcessBarrier {
    /** The system property that turns the light publisher off ({@code off}). */
    public static final String PROPERTY = "io.github.shm4j.membarrier";

    private ProcessBarrier() {}

    /**
     * Decided on first use, not when this class initializes: JNI_OnLoad initializes it
     * (FindClass) before its natives are bound.
     */
    private static final class Light {
        static final boolean VALUE = decide(System.getProperty(PROPERTY), ProcessBarrier::tryRegister);
    }

    /**
     * Whether this process's busy sides may publish without a full barrier: it is
     * registered for {@link #all()} (once, on the first call).
     */
    public static boolean lightPublisher() {
        return Light.VALUE;
    }

    /**
     * Makes every running thread of every process whose {@link #lightPublisher()} is
     * true pass a full memory barrier before this returns (a few microseconds).
     *
     * @return false if the OS cannot (Windows, a kernel before 4.16, a seccomp filter):
     *     then a light publisher's store may not be visible yet
     */
    public static boolean all() {
        return succeeds(ProcessBarrier::barrierAll, "no barrier across processes");
    }

    /** The choice, given the property's value and the registration. */
    static boolean decide(@Nullable String property, BooleanSupplier register) {
        if ("off".equals(property)) {
            return false;
        }
        return register.getAsBoolean();
    }

    private static boolean tryRegister() {
        return succeeds(ProcessBarrier::register, "membarrier unavailable, keeping full barriers");
    }

    /** Runs a native; false (logged at DEBUG with the OS's error) if it threw. */
    private static boolean succeeds(Runnable nativeCall, String whenNot) {
        try {
            ApiAccess.api().ensureLoaded();
            nativeCall.run();
            return true;
        } catch (NativeException e) {
            ApiAccess.api().log().log(System.Logger.Level.DEBUG, () -> whenNot + ": " + e.getMessage());
            return false;
        }
    }

    private static native void register();

    private static native void barrierAll();
}
