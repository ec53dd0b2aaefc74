package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A locked-down container: home and temp directory not writable, so JavaCPP cannot extract
 * OpenBLAS. Tests run as root, whom permission bits do not stop, so the cache, the home and the
 * temp directory are put under a regular file, where nobody can create a directory.
 */
class NativeLoadFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUnwritableNativeCacheIsExitTwoWithOneLineNamingTheCachedirProperty() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "a file, not a directory");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + file.resolve("cache"),
                "-Djava.io.tmpdir=" + file.resolve("tmp"), "-Duser.home=" + file.resolve("home"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "info", "--json");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String e = Files.readString(err);
        assertEquals(ExitCodes.BAD_INPUT, p.exitValue(), e);
        assertEquals("", Files.readString(out), "stdout stays empty under --json");
        assertFalse(e.contains("\tat "), () -> "no stack trace expected: " + e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.startsWith("decomp4j info: decomp4j could not load OpenBLAS: JavaCPP extracts it into its cache"
                + " directory " + file.resolve("cache")), e);
        assertTrue(e.contains("is not a directory") && e.contains("-Dorg.bytedeco.javacpp.cachedir="), e);
        assertFalse(e.contains("to the classpath"), () -> "the classpath advice is wrong here: " + e);
    }
}
