package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.NotConvergedException;
import org.decomp4j.NotPositiveDefiniteException;
import org.decomp4j.SingularMatrixException;
import org.decomp4j.io.MatrixFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The output set is all-or-nothing, and each failure maps to its documented exit code. */
class OutputsAndExitCodesTest {
    @TempDir
    Path dir;

    @Test
    void aFailingWriteLeavesNoFileOfTheSet() throws IOException {
        Path out = dir.resolve("out");
        Outputs o = new Outputs(out)
                .add("A.npy", f -> Files.writeString(f, "first"))
                .add("B.npy", f -> {
                    Files.writeString(f, "half");
                    throw new IOException("disk full");
                });
        assertThrows(IOException.class, o::commit);
        assertEquals(List.of(), Cli.list(out), "neither the first file nor the staging directory remains");
    }

    @Test
    void aSuccessfulSetReplacesOldFiles() throws IOException {
        Path out = dir.resolve("a/b");
        Files.createDirectories(out);
        Files.writeString(out.resolve("X.npy"), "old");
        List<String> names = new Outputs(out).add("X.npy", f -> Files.writeString(f, "new")).commit();
        assertEquals(List.of("X.npy"), names);
        assertEquals(List.of("X.npy"), Cli.list(out));
        assertEquals("new", Files.readString(out.resolve("X.npy")));
        assertEquals(List.of(), new Outputs(null).add("Y.npy", f -> Files.writeString(f, "")).commit());
    }

    @Test
    void exitCodesFollowTheDocumentedMapping() {
        ExitCodes c = new ExitCodes();
        assertEquals(2, c.getExitCode(new CommandLine.ParameterException(new CommandLine(new Main()), "x")));
        assertEquals(2, c.getExitCode(new MatrixFormatException(null, "bad")));
        assertEquals(2, c.getExitCode(new NoSuchFileException("f")));
        assertEquals(2, c.getExitCode(new UncheckedIOException(new NoSuchFileException("f"))));
        assertEquals(2, c.getExitCode(new IllegalArgumentException("shape")));
        assertEquals(2, c.getExitCode(new NonFiniteInputException("A", 0, 0, Double.NaN, 1, 1)));
        assertEquals(2, c.getExitCode(new MemoryBudgetException(10, 5, "too big")));
        assertEquals(3, c.getExitCode(new NotConvergedException("dgesvd", 1, "no")));
        assertEquals(3, c.getExitCode(new SingularMatrixException("dgetrf", 0, "no")));
        assertEquals(3, c.getExitCode(new NotPositiveDefiniteException("dpotrf", 1, "no")));
        assertEquals(1, c.getExitCode(new IllegalStateException("bug")));
        assertEquals(1, c.getExitCode(new NullPointerException()));
    }

    @Test
    void unexpectedFailuresPrintATrace() {
        CommandLine cl = Main.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = new ExitCodes().handleExecutionException(new IllegalStateException("boom"), cl, null);
        assertEquals(1, code);
        String s = err.toString();
        assertEquals(true, s.startsWith("decomp4j: internal error") && s.contains("boom") && s.contains("\tat "), s);
    }
}
