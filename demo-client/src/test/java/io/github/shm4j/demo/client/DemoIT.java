/*
 * Copyright 2026 the shm4j authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.shm4j.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.shm4j.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The demos as users run them: the packaged jars ({@code java -jar}) as separate
 * processes, their consoles compared byte for byte with the original sample's, and
 * the same memory read and written by plain C programs.
 */
class DemoIT {
    private static final String NL = System.lineSeparator();
    private static final String MESSAGE = "Message from the first process.";
    private static final String PROMPT = "Press ENTER to clean up resources and quit";
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static final Path SERVER_JAR = Path.of(property("shm4j.demo.serverJar"));
    private static final Path CLIENT_JAR = Path.of(property("shm4j.demo.clientJar"));
    private static final Path C_SOURCES = Path.of(property("shm4j.demo.cSources"));
    private static final Path WORK = Path.of(property("shm4j.demo.workDir"));
    private static final Path JAVA = javaIn(Path.of(System.getProperty("java.home")));

    private final List<ChildProcess> processes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private static String property(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("system property " + key + " is not set (run with mvn verify)");
        }
        return value;
    }

    private static Path javaIn(Path home) {
        return home.resolve("bin").resolve(System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
    }

    static String serverOutput(String name, String message) {
        return "The file mapping (" + name + ") is created" + NL
                + "The file view is mapped" + NL
                + "This message is written to the view:" + NL
                + "\"" + message + "\"" + NL
                + PROMPT;
    }

    static String clientOutput(String name, String message) {
        return "The file mapping (" + name + ") is opened" + NL
                + "The file view is mapped" + NL
                + "Read from the file mapping:" + NL
                + "\"" + message + "\"" + NL
                + PROMPT;
    }

    @BeforeAll
    static void jarsArePackaged() throws IOException {
        assertTrue(Files.isRegularFile(SERVER_JAR), SERVER_JAR + " is missing");
        assertTrue(Files.isRegularFile(CLIENT_JAR), CLIENT_JAR + " is missing");
        Files.createDirectories(WORK);
    }

    /** A name no other test or user demo uses: {@code Local\shm4j-e2e-PID-N}. */
    private String uniqueName() {
        String name = "Local\\shm4j-e2e-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        names.add(name);
        return name;
    }

    /** Where Linux keeps the POSIX object behind {@code Local\X}. */
    private static Path devShm(String name) {
        return Path.of("/dev/shm", name.substring(name.indexOf('\\') + 1));
    }

    /**
     * The demos print the OS's error text, whose wording follows the locale: the tests
     * run them in the C locale so that the expected lines hold under any locale.
     */
    private static final Map<String, String> C_LOCALE = Map.of("LC_ALL", "C");
    /** How long any one wait for a child may take. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A process whose stdout and stderr are collected apart, byte for byte, as they come. */
    private static ChildProcess proc(String label, List<String> command, Map<String, String> env) {
        return ChildProcess.of(command).label(label).directory(WORK).env(env).timeout(TIMEOUT).separateStderr()
                .start();
    }

    private ChildProcess start(String label, List<String> command) {
        ChildProcess p = proc(label, command, C_LOCALE);
        processes.add(p);
        return p;
    }

    private ChildProcess java(Path java, Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return start(jar.getFileName().toString(), command);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (ChildProcess p : processes) {
            p.close();
        }
        if (LINUX) {
            for (String name : names) {
                Files.deleteIfExists(devShm(name)); // only if a test failed half way
            }
        }
    }

    private void assertGone(String name) {
        if (LINUX) {
            assertFalse(Files.exists(devShm(name)), devShm(name) + " is left behind");
        }
    }

    /** The sample's walkthrough: server, then client, then ENTER in both. */
    private void walkthrough(Path java) throws Exception {
        String name = uniqueName();
        ChildProcess server = java(java, SERVER_JAR, "--name", name);
        assertEquals(serverOutput(name, MESSAGE), server.awaitOutput(serverOutput(name, MESSAGE)),
                "server stdout up to the prompt; stderr: " + server.err());
        if (LINUX) {
            assertTrue(Files.exists(devShm(name)), devShm(name) + " while the server runs");
        }

        ChildProcess client = java(java, CLIENT_JAR, "--name", name);
        assertEquals(clientOutput(name, MESSAGE), client.awaitOutput(clientOutput(name, MESSAGE)),
                "client stdout up to the prompt; stderr: " + client.err());
        client.input("\n"); // ENTER
        assertEquals(0, client.awaitExit(), "client exit status; stderr: " + client.err());
        assertEquals(clientOutput(name, MESSAGE), client.out(), "client stdout, all of it");
        assertEquals("", client.err(), "client stderr");

        server.input("\n"); // ENTER
        assertEquals(0, server.awaitExit(), "server exit status; stderr: " + server.err());
        assertEquals(serverOutput(name, MESSAGE), server.out(), "server stdout, all of it");
        assertEquals("", server.err(), "server stderr");
        assertGone(name);
    }

    @Test
    void walkthroughWithThisJvm() throws Exception {
        walkthrough(JAVA);
    }

    /** JDK 24+ warns about JNI unless the jar's manifest enables native access. */
    @Test
    void walkthroughWithJdk25PrintsNoWarning() throws Exception {
        Path java = javaIn(Path.of(System.getProperty("shm4j.demo.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64")));
        assumeTrue(Files.isExecutable(java), "no JDK 25 at " + java);
        walkthrough(java);
    }

    @Test
    void serverWritesTheGivenMessageAndClientReadsIt() throws Exception {
        String name = uniqueName();
        String message = "Hello from the shm4j tests";
        ChildProcess server = java(JAVA, SERVER_JAR, "--message", message, "--name", name);
        assertEquals(serverOutput(name, message), server.awaitOutput(serverOutput(name, message)));
        ChildProcess client = java(JAVA, CLIENT_JAR, "--name", name);
        client.closeInput(); // end of input counts as ENTER
        assertEquals(0, client.awaitExit(), client.err());
        assertEquals(clientOutput(name, message), client.out());
        server.closeInput();
        assertEquals(0, server.awaitExit(), server.err());
        assertEquals("", server.err() + client.err());
        assertGone(name);
    }

    @Test
    void clientBeforeServerFailsWithTheOsError() throws Exception {
        String name = uniqueName();
        ChildProcess client = java(JAVA, CLIENT_JAR, "--name", name);
        client.closeInput();
        assertEquals(1, client.awaitExit());
        assertEquals("", client.out());
        if (LINUX) {
            assertEquals("OpenFileMapping failed w/err 2 (ENOENT: No such file or directory)" + NL, client.err());
        } else {
            // The text is FormatMessage's: Windows' words, or Wine's in the Windows leg.
            List<String> expected = List.of("The system cannot find the file specified", "File not found").stream()
                    .map(text -> "OpenFileMapping failed w/err 0x00000002 (ERROR_FILE_NOT_FOUND: " + text + ")" + NL)
                    .toList();
            assertTrue(expected.contains(client.err()), client.err());
        }
    }

    @Test
    void secondServerFailsWhileTheFirstRuns() throws Exception {
        assumeTrue(LINUX, "Windows opens an existing mapping in CreateFileMapping");
        String name = uniqueName();
        ChildProcess first = java(JAVA, SERVER_JAR, "--name", name);
        assertEquals(serverOutput(name, MESSAGE), first.awaitOutput(serverOutput(name, MESSAGE)));
        ChildProcess second = java(JAVA, SERVER_JAR, "--name", name);
        second.closeInput();
        assertEquals(1, second.awaitExit());
        assertEquals("", second.out());
        assertEquals("CreateFileMapping failed w/err 17 (EEXIST: File exists)" + NL, second.err());
        first.input("\n"); // ENTER
        assertEquals(0, first.awaitExit(), first.err());
        assertGone(name);
    }

    @Test
    void helpAndBadOptions() throws Exception {
        for (Path jar : List.of(SERVER_JAR, CLIENT_JAR)) {
            ChildProcess help = java(JAVA, jar, "--help");
            assertEquals(0, help.awaitExit(), jar + " --help");
            assertTrue(help.out().startsWith("Usage: java -jar " + jar.getFileName()), help.out());
            assertTrue(help.out().contains("--name NAME"), help.out());
            assertEquals("", help.err());

            for (String[] bad : List.of(new String[] {"--bogus"}, new String[] {"--name"})) {
                ChildProcess p = java(JAVA, jar, bad);
                p.closeInput();
                assertEquals(2, p.awaitExit(), jar + " " + String.join(" ", bad));
                assertEquals("", p.out());
                assertTrue(p.err().contains("Usage: java -jar " + jar.getFileName()), p.err());
            }
        }
        ChildProcess help = java(JAVA, SERVER_JAR, "--help");
        assertEquals(0, help.awaitExit());
        assertTrue(help.out().contains("--message TEXT"), help.out());
    }

    /** The one-terminal walkthrough: demo.sh runs both jars and cleans up its FIFO. */
    @Test
    void demoScript() throws Exception {
        assumeTrue(LINUX, "a bash script");
        String name = uniqueName();
        Path tmp = Files.createDirectories(WORK.resolve("demo-sh-tmp-" + COUNTER.incrementAndGet()));
        ChildProcess script = proc("demo.sh", List.of("bash", property("shm4j.demo.script"), "--name", name),
                Map.of("JAVA_HOME", System.getProperty("java.home"), "TMPDIR", tmp.toString()));
        processes.add(script);
        script.closeInput();
        assertEquals(0, script.awaitExit(), "demo.sh; stdout:\n" + script.out() + "\nstderr:\n" + script.err());
        assertTrue(script.out().contains(serverOutput(name, MESSAGE) + "\n"), script.out());
        assertTrue(script.out().contains(clientOutput(name, MESSAGE) + "\n"), script.out());
        assertTrue(script.out().contains("(server exited with status 0)"), script.out());
        assertEquals("", script.err());
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "left in TMPDIR");
        }
        assertGone(name);
    }

    // ---- C interop (Linux) --------------------------------------------------------------

    private static Path compile(String program) throws Exception {
        Path exe = WORK.resolve(program);
        ChildProcess gcc = proc("gcc", List.of("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-o",
                exe.toString(), C_SOURCES.resolve(program + ".c").toString(), "-lrt"), Map.of());
        try {
            assertEquals(0, gcc.awaitExit(), "gcc " + program + ".c: " + gcc.err());
        } finally {
            gcc.close();
        }
        return exe;
    }

    @Test
    void cProgramReadsWhatTheServerWrote() throws Exception {
        assumeTrue(LINUX, "POSIX shared memory");
        Path reader = compile("read_sample");
        String name = uniqueName();
        ChildProcess server = java(JAVA, SERVER_JAR, "--name", name);
        assertEquals(serverOutput(name, MESSAGE), server.awaitOutput(serverOutput(name, MESSAGE)));

        ChildProcess c = start("read_sample", List.of(reader.toString(), "/" + devShm(name).getFileName()));
        assertEquals(0, c.awaitExit(), c.err());
        assertEquals(MESSAGE + "\n", c.out());
        assertEquals("", c.err());

        server.input("\n"); // ENTER
        assertEquals(0, server.awaitExit(), server.err());
        assertEquals("", server.err());
        assertGone(name);
    }

    @Test
    void clientReadsWhatACProgramWrote() throws Exception {
        assumeTrue(LINUX, "POSIX shared memory");
        Path writer = compile("write_sample");
        String name = uniqueName();
        ChildProcess c = start("write_sample", List.of(writer.toString(), "/" + devShm(name).getFileName()));
        assertEquals("ready\n", c.awaitOutput("ready\n"), c.err());

        ChildProcess client = java(JAVA, CLIENT_JAR, "--name", name);
        assertEquals(clientOutput(name, MESSAGE), client.awaitOutput(clientOutput(name, MESSAGE)), client.err());
        client.input("\n"); // ENTER
        assertEquals(0, client.awaitExit(), client.err());
        assertEquals(clientOutput(name, MESSAGE), client.out());
        assertEquals("", client.err());

        c.input("\n"); // ENTER
        assertEquals(0, c.awaitExit(), c.err());
        assertEquals("", c.err());
        assertGone(name);
    }

    /**
     * Windows lifetime on Linux: the server killed with {@code kill -9} leaves its name
     * behind, yet a new server starts at once (before: "CreateFileMapping failed w/err 17
     * (EEXIST: File exists)" until someone deleted /dev/shm/X), and a client reads it.
     */
    @Test
    void aServerKilledWithSigkillCanBeStartedAgain() throws Exception {
        String name = uniqueName();
        ChildProcess first = java(JAVA, SERVER_JAR, "--name", name);
        assertEquals(serverOutput(name, MESSAGE), first.awaitOutput(serverOutput(name, MESSAGE)));
        first.close(); // SIGKILL
        if (LINUX) {
            assertTrue(Files.exists(devShm(name)), "the killed server left its name behind");
        }
        ChildProcess second = java(JAVA, SERVER_JAR, "--name", name);
        assertEquals(serverOutput(name, MESSAGE), second.awaitOutput(serverOutput(name, MESSAGE)),
                "the restarted server; stderr: " + second.err());
        ChildProcess client = java(JAVA, CLIENT_JAR, "--name", name);
        client.closeInput();
        assertEquals(0, client.awaitExit(), client.err());
        assertEquals(clientOutput(name, MESSAGE), client.out());
        second.closeInput();
        assertEquals(0, second.awaitExit(), second.err());
        assertEquals("", second.err() + client.err());
        assertGone(name);
    }

    // ---- the original sample, in plain Win32 (Windows) --------------------------------

    /** The sample's name, which the plain-Win32 programs use. */
    private static final String SAMPLE_MAP = "Local\\SampleMap";

    /** A plain-Win32 program of native/src/test/c, built by the Windows leg. */
    private static String win32(String program) {
        return Path.of(property("shm4j.test.win32Dir"), program + "_win32.exe").toString();
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "Windows: the sample's Win32 programs")
    void javaClientReadsThePlainWin32Server() throws Exception {
        ChildProcess server = start("sample_server_win32", List.of(win32("sample_server")));
        assertEquals(serverOutput(SAMPLE_MAP, MESSAGE), server.awaitOutput(serverOutput(SAMPLE_MAP, MESSAGE)),
                server.err());
        ChildProcess client = java(JAVA, CLIENT_JAR);
        assertEquals(clientOutput(SAMPLE_MAP, MESSAGE), client.awaitOutput(clientOutput(SAMPLE_MAP, MESSAGE)),
                client.err());
        client.input("\n"); // ENTER
        assertEquals(0, client.awaitExit(), client.err());
        assertEquals(clientOutput(SAMPLE_MAP, MESSAGE), client.out(), "byte for byte, CRLF");
        assertEquals("", client.err());
        server.input("\n"); // ENTER
        assertEquals(0, server.awaitExit(), server.err());
        assertEquals(serverOutput(SAMPLE_MAP, MESSAGE), server.out());
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "Windows: the sample's Win32 programs")
    void plainWin32ClientReadsTheJavaServer() throws Exception {
        ChildProcess server = java(JAVA, SERVER_JAR);
        assertEquals(serverOutput(SAMPLE_MAP, MESSAGE), server.awaitOutput(serverOutput(SAMPLE_MAP, MESSAGE)),
                server.err());
        ChildProcess client = start("sample_client_win32", List.of(win32("sample_client")));
        assertEquals(clientOutput(SAMPLE_MAP, MESSAGE), client.awaitOutput(clientOutput(SAMPLE_MAP, MESSAGE)),
                client.err());
        client.input("\n"); // ENTER
        assertEquals(0, client.awaitExit(), "the sample client exits 3 if the message differs; " + client.err());
        assertEquals(clientOutput(SAMPLE_MAP, MESSAGE), client.out());
        server.input("\n"); // ENTER
        assertEquals(0, server.awaitExit(), server.err());
        assertEquals(serverOutput(SAMPLE_MAP, MESSAGE), server.out(), "byte for byte, CRLF");
        assertEquals("", server.err());
    }
}
