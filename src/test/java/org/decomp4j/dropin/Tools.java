package org.decomp4j.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Subprocesses of the drop-in tests: the JDK's own tools, output captured, exit status checked. */
final class Tools {
    private Tools() {
    }

    record Result(String out, String err) {
    }

    /** A tool of the JDK running the tests (java, javac). */
    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Runs {@code cmd}, asserts it ends with status 0 within {@code seconds}; stdout and stderr apart. */
    static Result run(List<String> cmd, int seconds) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p, true));
            String out = read(p, false);
            assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "hung: " + cmd);
            String e = err.join();
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\nstdout:\n" + out + "\nstderr:\n" + e);
            return new Result(out, e);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Process p, boolean err) {
        try {
            return new String((err ? p.getErrorStream() : p.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
