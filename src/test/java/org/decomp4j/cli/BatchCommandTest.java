package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.decomp4j.DType;
import org.decomp4j.TestMatrices;
import org.decomp4j.io.MatrixFormatException;
import org.decomp4j.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch}: per-input output directories with the single commands' files, a corrupt input
 * among good ones, resuming (skips complete outputs, redoes incomplete ones), a run killed with
 * SIGKILL leaving only complete output directories, .npz input, exit codes and the JSON summary.
 */
class BatchCommandTest {
    @TempDir
    Path dir;

    private Path inputs(int count, int m, int n) throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        for (int i = 0; i < count; i++) {
            Cli.npy(in, String.format("a%03d.npy", i), TestMatrices.gaussian(m, n, i));
        }
        return in;
    }

    private static void checkSvd(Path in, Path out, String stem) throws IOException {
        double[][] a = Cli.read(in.resolve(stem + ".npy"));
        Path d = out.resolve(stem);
        double[][] u = Cli.read(d.resolve("U.npy"));
        double[] s = Cli.readVector(d.resolve("S.npy"));
        double[][] vt = Cli.read(d.resolve("Vt.npy"));
        double r = TestMatrices.svdResidual(a, u, s, vt);
        assertTrue(r <= Cli.tol(a, DType.F64), stem + ": residual " + r);
    }

    private static List<String> stagingLeft(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(BatchCommand.STAGING_PREFIX)).toList();
        }
    }

    @Test
    void corruptInputFailsAloneAndARerunSkipsWhatIsComplete() throws IOException {
        Path in = inputs(6, 9, 5);
        Files.write(in.resolve("bad.npy"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", out, "--jobs", 2, "--json");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        Map<String, Object> j = MiniJson.object(r.out().strip());
        assertEquals("batch", j.get("command"));
        assertEquals(7.0, j.get("inputs"));
        assertEquals(6.0, j.get("done"));
        assertEquals(0.0, j.get("skipped"));
        assertEquals(1.0, j.get("failed"));
        @SuppressWarnings("unchecked")
        Map<String, Object> failures = (Map<String, Object>) j.get("failures");
        assertTrue(((String) failures.get("bad.npy")).contains("MatrixFormatException"), failures.toString());
        assertTrue(((String) failures.get("bad.npy")).contains("not a .npy file"), failures.toString());
        for (int i = 0; i < 6; i++) {
            String stem = String.format("a%03d", i);
            assertEquals(List.of(BatchCommand.RESULT_MANIFEST, "S.npy", "U.npy", "Vt.npy"), Cli.list(out.resolve(stem)));
            checkSvd(in, out, stem);
        }
        assertFalse(Files.exists(out.resolve("bad")));
        assertEquals(List.of(), stagingLeft(out));

        // rerun: the six are skipped, the bad one fails again
        j = MiniJson.object(Cli.run("batch", "svd", "--in", in, "--out", out, "--json").out().strip());
        assertEquals(0.0, j.get("done"));
        assertEquals(6.0, j.get("skipped"));
        assertEquals(1.0, j.get("failed"));
        // fixed input: exit 0, and only the fixed one is computed
        Files.delete(in.resolve("bad.npy"));
        Cli.npy(in, "bad.npy", TestMatrices.gaussian(4, 4, 77));
        Cli.Run ok = Cli.run("batch", "svd", "--in", in, "--out", out, "--json");
        assertEquals(0, ok.code(), ok.err());
        j = MiniJson.object(ok.out().strip());
        assertEquals(1.0, j.get("done"));
        assertEquals(6.0, j.get("skipped"));
        checkSvd(in, out, "bad");
    }

    @Test
    void incompleteOutputsAndStagingLeftoversAreRedone() throws IOException {
        Path in = inputs(4, 6, 6);
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run("batch", "svd", "--in", in, "--out", out, "--json").code());
        // as if killed: a staging directory with a partial file, one output missing a file
        Path stale = Files.createDirectories(out.resolve(BatchCommand.STAGING_PREFIX + "a002-dead"));
        Files.write(stale.resolve("U.npy"), new byte[] {1, 2, 3});
        Files.delete(out.resolve("a001").resolve("Vt.npy"));
        Map<String, Object> j = MiniJson.object(Cli.run("batch", "svd", "--in", in, "--out", out, "--json").out().strip());
        assertEquals(1.0, j.get("done"));
        assertEquals(3.0, j.get("skipped"));
        assertEquals(List.of(), stagingLeft(out));
        checkSvd(in, out, "a001");
    }

    @Test
    void aRunKilledMidwayLeavesOnlyCompleteOutputsAndResumes() throws Exception {
        Path in = inputs(300, 96, 96);
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "batch", "svd", "--in", in.toString(),
                "--out", out.toString(), "--jobs", "1", "--quiet"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int done = 0;
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    done = (int) s.filter(x -> !x.getFileName().toString().startsWith(".")).count();
                }
            }
            if (done >= 5) {
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the batch ended before it could be killed (" + done + " done); log: "
                + Files.readString(dir.resolve("log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> present;
        try (Stream<Path> s = Files.list(out)) {
            present = s.map(x -> x.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
        assertTrue(present.size() >= 5 && present.size() < 300, present.size() + " outputs after the kill");
        for (String stem : present) { // every visible output directory is complete and correct
            assertEquals(List.of(BatchCommand.RESULT_MANIFEST, "S.npy", "U.npy", "Vt.npy"), Cli.list(out.resolve(stem)), stem);
            checkSvd(in, out, stem);
        }
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", out, "--jobs", 2, "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = MiniJson.object(r.out().strip());
        assertEquals((double) present.size(), j.get("skipped"));
        assertEquals(300.0 - present.size(), j.get("done"));
        assertEquals(List.of(), stagingLeft(out));
        checkSvd(in, out, "a299");
    }

    private Path npz(String name, String... entries) throws IOException {
        Path z = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < entries.length; i++) {
                zip.putNextEntry(new ZipEntry(entries[i]));
                if (entries[i].endsWith(".npy")) {
                    Path tmp = Cli.npy(dir, "tmp" + i + ".npy", TestMatrices.spd(4 + i, i));
                    zip.write(Files.readAllBytes(tmp));
                } else {
                    zip.write(new byte[] {1, 2, 3});
                }
                zip.closeEntry();
            }
        }
        return z;
    }

    @Test
    void npzArchivesAreReadEntryByEntry() throws IOException {
        Path z = npz("m.npz", "x.npy", "y.npy", "sub/z.npy");
        Path out = dir.resolve("out");
        Map<String, Object> j = MiniJson.object(Cli.run("batch", "cholesky", "--in", z, "--out", out, "--json", "--fsync").out()
                .strip());
        assertEquals(3.0, j.get("done"));
        assertEquals(List.of("x", "y", "z"), Cli.list(out));
        double[][] a = TestMatrices.spd(4, 0);
        double[][] l = Cli.read(out.resolve("x").resolve("L.npy"));
        assertTrue(TestMatrices.frobeniusDiff(a, TestMatrices.multiply(l, TestMatrices.transpose(l)))
                <= Cli.tol(a, DType.F64));
        // lu writes the single command's four files
        Path lu = dir.resolve("lu");
        assertEquals(0, Cli.run("batch", "lu", "--in", z, "--out", lu, "--json", "--memory").code());
        assertEquals(List.of(BatchCommand.RESULT_MANIFEST, "L.npy", "P.npy", "U.npy", "piv.npy"), Cli.list(lu.resolve("y")));
    }

    @Test
    void npzReaderGivesTypedErrors() throws IOException {
        Path notZip = dir.resolve("fake.npz");
        Files.writeString(notZip, "hello");
        MatrixFormatException e = org.junit.jupiter.api.Assertions.assertThrows(MatrixFormatException.class,
                () -> Npz.open(notZip));
        assertTrue(e.getMessage().contains("not a .npz"), e.getMessage());
        Path other = npz("o.npz", "a.npy", "notes.txt");
        e = org.junit.jupiter.api.Assertions.assertThrows(MatrixFormatException.class, () -> Npz.open(other));
        assertTrue(e.getMessage().contains("'notes.txt' is not a .npy"), e.getMessage());
        Path broken = dir.resolve("b.npz");
        try (OutputStream os = Files.newOutputStream(broken); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("k.npy"));
            zip.write("\u0093NUMPY garbage".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            zip.closeEntry();
        }
        try (Npz npz = Npz.open(broken)) {
            assertEquals(List.of("k.npy"), npz.names());
            MatrixFormatException bad = org.junit.jupiter.api.Assertions.assertThrows(MatrixFormatException.class,
                    () -> npz.read("k.npy"));
            assertTrue(bad.getMessage().startsWith(broken + "!k.npy: "), bad.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> npz.read("nope.npy"));
        }
        String err = Cli.run("batch", "svd", "--in", notZip, "--out", dir.resolve("o")).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("not a .npz"), err);
        err = Cli.run("batch", "eig", "--in", dir, "--out", dir.resolve("o")).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("unknown batch command 'eig'"), err);
        err = Cli.run("batch", "qr", "--in", dir, "--out", dir.resolve("o"), "--full").fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("svd only"), err);
    }
}
