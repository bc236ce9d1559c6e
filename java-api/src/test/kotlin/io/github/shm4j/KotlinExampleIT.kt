/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import org.jspecify.annotations.NullMarked
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The README's Kotlin example as written, and the API's nullness as Kotlin sees it. */
class KotlinExampleIT {
    private val message = "Message from the first process."

    @Test
    fun theReadmesKotlinExampleRunsAsWritten() {
        TestSupport.awaitSampleNameFree() // a demo server may hold the name: wait, or skip saying why
        SharedMemory.create("Local\\SampleMap", 65536).use { creator ->
            creator.map(0, 1024, Access.READ_WRITE).use { it.putString(0, message, Charsets.UTF_16LE) }

            val printed = captureStdout {
                // The example from the issue, verbatim:
                SharedMemory.open("Local\\SampleMap", Access.READ_ONLY).use { shm ->
                    shm.map(0, 1024, Access.READ_ONLY).use { println(it.getString(0, Charsets.UTF_16LE)) }
                }
            }
            assertEquals(message + System.lineSeparator(), printed)
        }
        assertThrows(NotFoundException::class.java) { SharedMemory.open("Local\\SampleMap", Access.READ_ONLY) }
    }

    /**
     * With @NullMarked, Kotlin types the API's results as non-null: they go into
     * non-null variables without `!!`, and chains need no `?.`: this file compiles
     * with -Werror. (Checked by hand with kotlinc 2.2.21: `getString(…) == null` is
     * reported "condition is always 'false'", and `SharedMemory.open(null, …)` is an
     * error "null cannot be a value of a non-null type 'String'": not platform types.)
     */
    @Test
    fun kotlinSeesTheApisNullness() {
        val name = TestSupport.uniqueName("kotlin")
        SharedMemory.create(name, 4096).use { shm ->
            shm.map(0, 4096, Access.READ_WRITE).use { view ->
                view.putString(0, "héllo", Charsets.UTF_8)
                val s: String = view.getString(0, Charsets.UTF_8)
                val length: Int = view.getString(0, Charsets.UTF_8).length
                val shmName: String = shm.name()
                val access: Access = view.access()
                val buffer: java.nio.ByteBuffer = view.buffer()
                val file: java.util.Optional<java.nio.file.Path> = shm.file()
                assertEquals("héllo", s)
                assertEquals(5, length)
                assertEquals(name, shmName)
                assertEquals(Access.READ_WRITE, access)
                assertEquals(4096, buffer.capacity())
                assertFalse(file.isPresent)
            }
        }
        val e = assertThrows(NotFoundException::class.java) { SharedMemory.open(name, Access.READ_ONLY) }
        val errorName: String = e.errorName()
        assertEquals(TestSupport.posixOrWindows("ENOENT", "ERROR_FILE_NOT_FOUND"), errorName)
    }

    /** What Kotlin reads the nullness from: @NullMarked on the package, kept in the jar at run time. */
    @Test
    fun theApiPackageIsNullMarked() {
        val marked = SharedMemory::class.java.`package`.isAnnotationPresent(NullMarked::class.java)
        assertTrue(marked, "io.github.shm4j must be @NullMarked for Kotlin to see non-null types")
    }

    private fun captureStdout(block: () -> Unit): String {
        val old = System.out
        val bytes = ByteArrayOutputStream()
        System.setOut(PrintStream(bytes, true, Charsets.UTF_8))
        try {
            block()
        } finally {
            System.setOut(old)
        }
        return bytes.toString(Charsets.UTF_8)
    }
}
