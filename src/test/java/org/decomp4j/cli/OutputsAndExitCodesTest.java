package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(List.of(), Cli.list(out), "neither the first file, the manifest nor the staging directory remains");
    }

    @Test
    void aSuccessfulSetReplacesOldFiles() throws IOException {
        Path out = dir.resolve("a/b");
        Files.createDirectories(out);
        Files.writeString(out.resolve("X.npy"), "old");
        List<String> names = new Outputs(out).add("X.npy", f -> Files.writeString(f, "new")).commit();
        assertEquals(List.of("X.npy"), names);
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "X.npy"), Cli.list(out));
        assertEquals("new", Files.readString(out.resolve("X.npy")));
        assertEquals(List.of(), new Outputs(null).add("Y.npy", f -> Files.writeString(f, "")).commit());
    }

    @Test
    void aCommitThatCannotReplaceAMemberLeavesThePreviousSetIntact() throws IOException {
        Path in = Cli.npy(dir, "a.npy", org.decomp4j.TestMatrices.gaussian(6, 4, 1));
        Path in2 = Cli.npy(dir, "b.npy", org.decomp4j.TestMatrices.gaussian(6, 4, 2));
        Path out = dir.resolve("out");
        Cli.run("svd", "--in", in, "--out", out).ok();
        Files.delete(out.resolve("Vt.npy"));
        Files.createDirectory(out.resolve("Vt.npy")); // the last member cannot be replaced
        byte[] u = Files.readAllBytes(out.resolve("U.npy"));
        byte[] s = Files.readAllBytes(out.resolve("S.npy"));
        String err = Cli.run("svd", "--in", in2, "--out", out).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(out.resolve("Vt.npy") + ": is a directory"), err);
        org.junit.jupiter.api.Assertions.assertArrayEquals(u, Files.readAllBytes(out.resolve("U.npy")),
                "U.npy of the earlier set is untouched");
        org.junit.jupiter.api.Assertions.assertArrayEquals(s, Files.readAllBytes(out.resolve("S.npy")));
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "S.npy", "U.npy", "Vt.npy"), Cli.list(out),
                "no staging directory left");
    }

    @Test
    void aNewSetRemovesTheMembersOfTheEarlierSetItDoesNotWrite() throws IOException {
        double[][] b = org.decomp4j.TestMatrices.gaussian(6, 4, 2);
        Path in = Cli.npy(dir, "a.npy", org.decomp4j.TestMatrices.gaussian(6, 4, 1));
        Path in2 = Cli.npy(dir, "b.npy", b);
        Path out = dir.resolve("out");
        Cli.run("svd", "--in", in, "--out", out, "--full").ok();
        Files.writeString(out.resolve("notes.txt"), "mine");
        Cli.run("svd", "--in", in2, "--out", out, "--values-only").ok();
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "S.npy", "notes.txt"), Cli.list(out),
                "no U.npy or Vt.npy of the full set beside the new S.npy; the user's file kept");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(org.decomp4j.Svd.values(org.decomp4j.Matrix.of(b)),
                Cli.readVector(out.resolve("S.npy")), 1e-12);
        String manifest = Files.readString(out.resolve(org.decomp4j.io.OutputSet.MANIFEST));
        assertTrue(manifest.contains("\"members\": [\"S.npy\"]") && manifest.contains("\"command\": \"svd\""),
                manifest);
        // a user's file with the name of a new member is replaced, as asked; others stay
        Files.writeString(out.resolve("Q.npy"), "user's");
        Cli.run("qr", "--in", in, "--out", out).ok();
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "Q.npy", "R.npy", "notes.txt"), Cli.list(out));
        assertEquals(6, Cli.read(out.resolve("Q.npy")).length);
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
