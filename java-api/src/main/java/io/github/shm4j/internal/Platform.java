/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platforms shm4j ships a native library for, and the one this JVM runs on.
 * The {@link #id()} names the jar folder {@code io/github/shm4j/native/<id>/}.
 */
public enum Platform {
    LINUX_X86_64("linux-x86_64", "libshm4j", ".so"),
    WINDOWS_X86_64("windows-x86_64", "shm4j", ".dll");

    private final String id;
    private final String baseName;
    private final String extension;

    Platform(String id, String baseName, String extension) {
        this.id = id;
        this.baseName = baseName;
        this.extension = extension;
    }

    /** "linux-x86_64", "windows-x86_64". */
    public String id() {
        return id;
    }

    /** The library's resource path inside the jar. */
    public String resourcePath() {
        return "/io/github/shm4j/native/" + id + "/" + baseName + extension;
    }

    /** The library's file name with {@code tag} (e.g. a content hash) before the extension. */
    public String fileName(String tag) {
        return baseName + "-" + tag + extension;
    }

    /** Every supported platform's id, for messages. */
    public static List<String> supportedIds() {
        return List.of(LINUX_X86_64.id, WINDOWS_X86_64.id);
    }

    /** The platform of {@code os.name}/{@code os.arch}, if shm4j supports it. */
    public static Optional<Platform> of(String osName, String osArch) {
        String os = normalizeOs(osName);
        String arch = normalizeArch(osArch);
        for (Platform p : values()) {
            if (p.id.equals(os + "-" + arch)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The platform this JVM runs on, if shm4j supports it. */
    public static Optional<Platform> current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Whether this JVM runs on Windows. */
    public static boolean isWindows() {
        return isWindows(System.getProperty("os.name", ""));
    }

    /** Whether {@code osName} (the {@code os.name} property) names Windows. */
    public static boolean isWindows(String osName) {
        return normalizeOs(osName).equals("windows");
    }

    /** "linux", "windows", "macos", or the lower-cased name without spaces. */
    static String normalizeOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "macos";
        }
        return os.replaceAll("[^a-z0-9]+", "");
    }

    /** "x86_64", "x86_32", "aarch64", "arm32", or the lower-cased name. */
    static String normalizeArch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "");
        switch (arch) {
            case "amd64":
            case "x8664":
            case "x86_64":
            case "x64":
            case "em64t":
                return "x86_64";
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
            case "ia32":
                return "x86_32";
            case "aarch64":
            case "arm64":
                return "aarch64";
            case "arm":
            case "arm32":
                return "arm32";
            default:
                return arch;
        }
    }
}
