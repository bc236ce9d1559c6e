/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.channel

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.ByteBuffer
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicReference
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

/** The README's Kotlin request/response example as written: server in a thread, client here. */
class ReadmeChannelKotlinExampleIT {
    @Volatile private var serving = true

    private fun priceOf(symbol: String): Double = if (symbol == "ACME") 42.5 else 0.0

    @AfterEach
    fun nothingLeft() = Support.assertNothingLeft()

    @Test
    fun theReadmesKotlinExampleRunsAsWritten() {
        val up = CountDownLatch(1)
        val failed = AtomicReference<Throwable?>()
        val server = Thread {
            try {
                // The README's server, verbatim (with a latch to say it is up):
                Channel.create("Local\\Quotes.requests").use { requests ->
                    Channel.create("Local\\Quotes.replies").use { replies ->
                        requests.receiver().use { rx ->
                            replies.sender().use { tx ->
                                up.countDown()
                                val reply = ByteBuffer.allocate(8)
                                while (serving) {
                                    rx.receive({ request ->
                                        val symbol = Charsets.UTF_8.decode(request).toString()
                                        reply.clear().putDouble(priceOf(symbol)).flip()
                                        check(tx.offer(reply)) { "the client does not read its replies" }
                                    }, 16, Duration.ofMillis(100))
                                }
                            }
                        }
                    }
                }
            } catch (e: Throwable) {
                failed.set(e)
                up.countDown()
            }
        }
        server.start()
        up.await()
        val printed = ByteArrayOutputStream()
        val stdout = System.out
        System.setOut(PrintStream(printed, true, Charsets.UTF_8))
        try {
            // The README's client, verbatim:
            Channel.open("Local\\Quotes.requests").use { requests ->
                Channel.open("Local\\Quotes.replies").use { replies ->
                    requests.sender().use { tx ->
                        replies.receiver().use { rx ->
                            tx.send(ByteBuffer.wrap("ACME".toByteArray()))
                            var price = 0.0
                            check(rx.receive({ price = it.getDouble() }, 1, Duration.ofSeconds(5)) > 0) { "no reply within 5 s" }
                            println("ACME: $price")
                        }
                    }
                }
            }
        } finally {
            System.setOut(stdout)
            serving = false
            server.join(30_000)
        }
        assertNull(failed.get())
        assertEquals("ACME: 42.5" + System.lineSeparator(), printed.toString(Charsets.UTF_8))
    }
}
