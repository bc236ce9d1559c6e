/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import io.github.shm4j.internal.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A shared memory name checked against the rules of the operating system, and the
 * form the OS gets: Windows gets {@code Local\X}, {@code Global\X} and {@code X} as
 * given; POSIX gets {@code /X} for all three, the object that {@code shm_open("/X")},
 * Python's {@code SharedMemory(name="X")} and Boost.Interprocess use.
 */
final class ShmName {
    /** POSIX: NAME_MAX of the tmpfs file behind the object, in bytes. */
    static final int POSIX_MAX_BYTES = 255;
    /** Windows: MAX_PATH characters for the whole name, prefix included. */
    static final int WINDOWS_MAX_CHARS = 260;

    private static final String[] PREFIXES = {"Local\\", "Global\\"};

    /** The OS's form of the name, in UTF-8, as the native layer takes it. */
    final byte[] osBytes;

    private ShmName(String osName) {
        this.osBytes = osName.getBytes(StandardCharsets.UTF_8);
    }

    /** The name for this OS, or {@link InvalidNameException} naming the {@code operation}. */
    static ShmName of(String name, String operation) {
        return of(name, operation, Platform.isWindows());
    }

    static ShmName of(String name, String operation, boolean windows) {
        String rest = name;
        for (String prefix : PREFIXES) {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                rest = name.substring(prefix.length());
                break;
            }
        }
        String reason = problem(rest, name, windows);
        if (reason != null) {
            throw new InvalidNameException(operation, name, reason);
        }
        return new ShmName(windows ? name : "/" + rest);
    }

    private static @Nullable String problem(String rest, String name, boolean windows) {
        if (rest.isEmpty()) {
            return "the name is empty";
        }
        if (rest.equals(".") || rest.equals("..")) {
            return "'" + rest + "' is not a name";
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '\\' || c == '\0') {
                return "'" + (c == '\0' ? "\\0" : String.valueOf(c)) + "' is not allowed after the Local\\ or Global\\ prefix";
            }
            if (Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < rest.length()
                            && Character.isLowSurrogate(rest.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(rest.charAt(i - 1)))) {
                return "the name is not valid Unicode (unpaired surrogate)";
            }
        }
        if (windows && name.length() > WINDOWS_MAX_CHARS) {
            return "longer than " + WINDOWS_MAX_CHARS + " characters";
        }
        if (!windows && rest.getBytes(StandardCharsets.UTF_8).length > POSIX_MAX_BYTES) {
            return "longer than " + POSIX_MAX_BYTES + " bytes in UTF-8";
        }
        return null;
    }
}
