/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j

import io.github.shm4j.sync.EventReset
import io.github.shm4j.sync.NamedEvent
import io.github.shm4j.sync.NamedMutex
import io.github.shm4j.sync.OwnerDiedException
import java.time.Duration
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * The README's sync examples in Kotlin, as written there but for the names (unique
 * per test run): the counter with two threads running it beside a Java process, and
 * the event handshake.
 */
class SyncKotlinExampleIT {

    private fun counter(counterName: String, lockName: String) {
        SharedMemory.openOrCreate(counterName, 4096).use { shm ->
            shm.map(0, 8, Access.READ_WRITE).use { view ->
                NamedMutex.openOrCreate(lockName).use { mutex ->
                    repeat(1000) {
                        try {
                            mutex.lock()
                        } catch (e: OwnerDiedException) {
                            // the last owner died holding it; we hold it now: nothing to repair
                        }
                        try {
                            view.putLong(0, view.getLong(0) + 1)
                        } finally {
                            mutex.unlock()
                        }
                    }
                }
            }
        }
    }

    @Test
    fun theCounterCountsEveryIncrement() {
        val counterName = TestSupport.uniqueName("kt-counter")
        val lockName = TestSupport.uniqueName("kt-counter-lock")
        SharedMemory.create(counterName, 4096).use { keep ->
            keep.map(0, 8, Access.READ_ONLY).use { view ->
                TestSupport.syncChild("counter", counterName, lockName).use { other ->
                    val threads = List(2) { Thread { counter(counterName, lockName) }.apply { start() } }
                    threads.forEach { it.join() }
                    assertEquals(0, other.awaitExit())
                }
                assertEquals(3000L, view.getLongVolatile(0))
            }
        }
    }

    @Test
    fun theHandshakeEndsOnceTheOtherSideSetsTheEvent() {
        val name = TestSupport.uniqueName("kt-ready")
        // first process
        NamedEvent.create(name, EventReset.AUTO, false).use { ready ->
            TestSupport.syncChild("ready", name).use { second -> // the second process: NamedEvent.open(name).use { it.set() }
                check(ready.await(Duration.ofSeconds(10))) { "the other process did not start" }
                assertEquals(0, second.awaitExit())
            }
        }
        // and the second process's line, here, on an event that someone waits for
        NamedEvent.create(name, EventReset.AUTO, false).use { ready ->
            NamedEvent.open(name).use { it.set() }
            assertEquals(true, ready.await(Duration.ZERO))
        }
    }
}
