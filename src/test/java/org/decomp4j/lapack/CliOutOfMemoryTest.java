package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.decomp4j.Matrix;
import org.decomp4j.cli.Main;
import org.decomp4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * An honest request the C heap cannot serve (simulated by the allocation test hook, since a real
 * one would exhaust the test machine) is a usage outcome on the command line: exit 2 and one line
 * saying what was needed, never a JVM trace.
 */
class CliOutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aNativeAllocationTheMachineCannotServeIsExitTwoWithOneLine() throws Exception {
        Path in = dir.resolve("a.npy");
        try (Matrix a = Matrix.identity(300)) { // 703 KiB: above the pool's minimum, below any limit
            Npy.write(in, a);
        }
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        NativeBuffer.FAIL_NEXT_MALLOCS.set(Integer.MAX_VALUE);
        int code;
        try {
            code = cl.execute("svd", "--in", in.toString(), "--out", dir.resolve("r").toString());
        } finally {
            NativeBuffer.FAIL_NEXT_MALLOCS.set(0);
        }
        String e = err.toString();
        assertEquals(2, code, e);
        assertTrue(out.toString().isEmpty(), out::toString);
        assertFalse(e.contains("\tat "), () -> "no stack trace expected: " + e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.startsWith("decomp4j svd: out of memory: cannot allocate "), e);
        assertTrue(e.contains("is live") && e.contains("--budget"), e);
        assertFalse(Files.exists(dir.resolve("r").resolve("S.npy")));
    }
}
