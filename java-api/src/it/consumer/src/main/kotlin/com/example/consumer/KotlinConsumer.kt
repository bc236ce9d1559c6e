/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package com.example.consumer

import io.github.shm4j.Access
import io.github.shm4j.NotFoundException
import io.github.shm4j.SharedMemory
import io.github.shm4j.sync.NamedMutex

/**
 * The same in Kotlin, the write under a named mutex: `use` closes everything, and the
 * API's types are non-null (JSpecify), so no `!!` anywhere. Prints one line that
 * verify.groovy checks.
 */
fun main() {
    val name = "Local\\shm4j-consumer-kotlin-${ProcessHandle.current().pid()}"
    val message = "Hello from Kotlin"
    val read: String = SharedMemory.create(name, 4096).use { shm ->
        NamedMutex.create("$name-lock").use { mutex ->
            mutex.lock()
            try {
                shm.map(0, 1024, Access.READ_WRITE).use { it.putString(0, message, Charsets.UTF_8) }
            } finally {
                mutex.unlock()
            }
        }
        SharedMemory.open(name, Access.READ_ONLY).use { reader ->
            reader.map(0, 1024, Access.READ_ONLY).use { it.getString(0, Charsets.UTF_8) }
        }
    }
    check(read == message) { "read back '$read', wrote '$message'" }
    try {
        SharedMemory.open(name, Access.READ_ONLY).close()
        error("$name still opens after the last close")
    } catch (expected: NotFoundException) {
        // the last holder closed it: the name is gone
    }
    println("KotlinConsumer (class path): read back '$read', name gone after close")
}
