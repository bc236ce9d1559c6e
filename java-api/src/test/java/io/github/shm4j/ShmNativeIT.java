/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.shm4j.internal.ErrorKind;
import io.github.shm4j.internal.NativeException;
import io.github.shm4j.internal.Platform;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JNI glue through the package-private natives, and what the jar lets others reach. */
class ShmNativeIT {
    private static final Platform PLATFORM = Platform.current().orElseThrow();

    @BeforeAll
    static void load() {
        ShmNative.ensureLoaded();
    }

    @Test
    void loadsTheLibraryExtractedFromTheJar() {
        String resource = ShmNative.class.getResource(PLATFORM.resourcePath()).toString();
        assertTrue(resource.startsWith("jar:file:"), "the library must come from the jar: " + resource);
        assertTrue(ShmNative.source().matches(".*" + PLATFORM.fileName("[0-9a-f]{32}").replace(".", "\\.")),
                "extracted to a content-addressed file: " + ShmNative.source());
        assertEquals(ShmNative.ABI_VERSION, ShmNative.abiVersion());
    }

    @Test
    void errorKindsMatchTheNativeTable() {
        for (ErrorKind kind : ErrorKind.values()) {
            assertEquals(kind.name(), ShmNative.errorKindName(kind.ordinal()));
        }
        assertNull(ShmNative.errorKindName(ErrorKind.values().length), "C has no kind Java lacks");
        assertNull(ShmNative.errorKindName(-1));
    }

    @Test
    void createMapWriteReadThroughJni() {
        byte[] name = ("/" + TestSupport.uniqueName("jni")).getBytes(StandardCharsets.UTF_8);
        long granularity = ShmNative.mapGranularity();
        assertTrue(granularity >= 4096 && Long.bitCount(granularity) == 1, "granularity " + granularity);
        long size = 2 * granularity;
        long creator = ShmNative.create(name, size, 0600, 0);
        try {
            assertEquals(size, ShmNative.size(creator));
            long address = ShmNative.map(creator, 0, size, 1);
            ByteBuffer buffer = ShmNative.buffer(address, (int) size);
            assertTrue(buffer.isDirect());
            assertEquals(size, buffer.capacity());
            buffer.put(0, (byte) 42).put((int) size - 1, (byte) 7);

            long reader = ShmNative.open(name, 0);
            long view = ShmNative.map(reader, granularity, granularity, 0);
            ByteBuffer read = ShmNative.buffer(view, (int) granularity);
            assertEquals(7, read.get((int) granularity - 1));
            ShmNative.unmap(view, granularity);
            ShmNative.close(reader);
            ShmNative.unmap(address, size);
        } finally {
            ShmNative.close(creator);
        }
    }

    @Test
    void failuresCarryTheOsCodeAndText() {
        byte[] missing = "/shm4j-no-such-object".getBytes(StandardCharsets.UTF_8);
        NativeException e = assertThrows(NativeException.class, () -> ShmNative.open(missing, 0));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals(2, e.code());
        assertFalse(e.text().isEmpty(), "the OS's text, in the OS's language");
        if (Platform.isWindows()) {
            assertEquals("ERROR_FILE_NOT_FOUND", e.codeName());
            assertEquals("OpenFileMappingW", e.call());
            ShmNative.remove(missing); // a Windows name cannot be removed: nothing to do, no error
        } else {
            assertEquals("ENOENT", e.codeName());
            assertEquals("open", e.call());
            NativeException remove = assertThrows(NativeException.class, () -> ShmNative.remove(missing));
            assertEquals(ErrorKind.NOT_FOUND, remove.kind());
        }

        NativeException nul = assertThrows(NativeException.class,
                () -> ShmNative.open("/a\0b".getBytes(StandardCharsets.UTF_8), 0));
        assertEquals(ErrorKind.INVALID_ARGUMENT, nul.kind());
        assertEquals(0, nul.code());

        NativeException access = assertThrows(NativeException.class,
                () -> ShmNative.open("/x".getBytes(StandardCharsets.UTF_8), 7));
        assertEquals(ErrorKind.INVALID_ARGUMENT, access.kind());
    }

    /** A zero, closed or forged handle is refused by the glue, never dereferenced. */
    @Test
    void handlesThatTheGlueDidNotIssueAreRefused() {
        byte[] name = ("/" + TestSupport.uniqueName("handle")).getBytes(StandardCharsets.UTF_8);
        long h = ShmNative.create(name, 4096, 0600, 0);
        ShmNative.close(h);
        for (long bogus : new long[] {0L, h, -1L, 1L, h + 1, 0x7fff_0000_0000_0001L, Long.MIN_VALUE}) {
            for (Runnable call : List.<Runnable>of(
                    () -> ShmNative.close(bogus),
                    () -> ShmNative.size(bogus),
                    () -> ShmNative.map(bogus, 0, 4096, 0),
                    () -> ShmNative.flush(bogus, 1, 4096))) {
                NativeException e = assertThrows(NativeException.class, call::run, "handle " + bogus);
                assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
                assertTrue(e.text().contains("not a handle of an open object"), e.text());
            }
        }
        for (Runnable call : List.<Runnable>of(
                () -> ShmNative.unmap(0, 4096),
                () -> ShmNative.release(0, 4096),
                () -> ShmNative.retire(0, 4096, 1),
                () -> ShmNative.buffer(0, 16))) {
            NativeException e = assertThrows(NativeException.class, call::run);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        }
    }

    /** Nothing public in the jar takes a raw handle or address: only the API's own types. */
    @Test
    void noPublicMethodInTheJarTakesANativeHandleOrAddress() throws Exception {
        assertFalse(Modifier.isPublic(ShmNative.class.getModifiers()), "the natives' class is package-private");
        for (Method m : ShmNative.class.getDeclaredMethods()) {
            assertFalse(Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()),
                    "not reachable from other packages: " + m);
        }
        List<String> nativeMethods = new ArrayList<>();
        try (JarFile jar = new JarFile(TestSupport.packagedApiJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String entry = e.nextElement().getName();
                if (!entry.endsWith(".class") || entry.endsWith("module-info.class")) {
                    continue;
                }
                Class<?> c = Class.forName(entry.replace('/', '.').replace(".class", ""), false,
                        ShmNativeIT.class.getClassLoader());
                for (Method m : c.getDeclaredMethods()) {
                    if (Modifier.isNative(m.getModifiers())) {
                        nativeMethods.add(m.toString());
                        assertFalse(Modifier.isPublic(m.getModifiers()), "a public native: " + m);
                    }
                }
            }
        }
        assertFalse(nativeMethods.isEmpty(), "the jar's natives were found and checked");
    }

    /**
     * On the module path only the API packages are exported to all; the internals only to
     * shm4j's channel (for {@code ProcessBarrier}).
     */
    @Test
    void theModuleExportsOnlyTheApi() throws Exception {
        ModuleDescriptor module = ModuleFinder.of(TestSupport.packagedApiJar()).findAll().iterator().next().descriptor();
        assertEquals("io.github.shm4j", module.name());
        assertFalse(module.isAutomatic(), "a real module-info, not an automatic module");
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("io.github.shm4j", "io.github.shm4j.sync"), exported);
        Set<String> qualified = module.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " to " + e.targets()).collect(Collectors.toSet());
        assertEquals(Set.of("io.github.shm4j.internal to [io.github.shm4j.channel]"), qualified);
    }
}
