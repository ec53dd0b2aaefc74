package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code -} on the command line, through {@link Main} in-process with {@code System.in} and
 * {@code System.out} replaced: {@code --in -} (and {@code --rhs -}) reads standard input, its format
 * sniffed or named by {@code --format}; {@code --out -} writes the one result matrix to standard
 * output as {@code .npy} and nothing else (the summary or {@code --json} goes to standard error).
 */
class StdioTest {
    @TempDir
    Path dir;

    /** 3×2 with singular values 5 and 2. */
    private static final double[][] A = {{4, 0}, {3, 0}, {0, 2}};

    /** Exit code, the bytes of System.out, and picocli's out and err writers. */
    private record Run(int code, byte[] stdout, String out, String err) {
        Map<String, Object> json(String where) {
            assertEquals(0, code, () -> "exit code; stderr: " + err);
            String line = (where.equals("out") ? out : err).strip();
            assertTrue(line.startsWith("{") && line.endsWith("}") && !line.contains("\n"), () -> "not one JSON line: "
                    + line);
            return MiniJson.object(line);
        }
    }

    private static synchronized Run run(byte[] stdin, Object... args) {
        String[] a = Stream.of(args).map(String::valueOf).toArray(String[]::new);
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(bytes, true));
            CommandLine cl = Main.commandLine(a);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(a);
            System.out.flush();
            return new Run(code, bytes.toByteArray(), out.toString(), err.toString());
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
        }
    }

    private static byte[] npy(double[][] a) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (Matrix m = Matrix.of(a)) {
            Npy.write(b, m);
        }
        return b.toByteArray();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static double[][] readNpy(byte[] b) throws IOException {
        try (Matrix m = Npy.read(new ByteArrayInputStream(b))) { // refuses trailing bytes: nothing else on stdout
            return m.toArray();
        }
    }

    @Test
    void inDashReadsStandardInputInEveryFormat() throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(z)) {
            zip.putNextEntry(new ZipEntry("A.npy"));
            zip.write(npy(A));
        }
        byte[][] inputs = {npy(A), z.toByteArray(), text("4,0\n3,0\n0,2\n"), text("4 0\n3 0\n0 2\n"),
            text("%%MatrixMarket matrix coordinate real general\n3 2 3\n1 1 4\n2 1 3\n3 2 2\n")};
        for (byte[] in : inputs) {
            Map<String, Object> j = run(in, "svd", "--in", "-", "--values-only", "--json").json("out");
            assertEquals(List.of(5.0, 2.0), j.get("singular_values"));
            assertEquals(List.of(3.0, 2.0), j.get("shape"));
        }
        Map<String, Object> j = run(text("4;0\n3;0\n0;2\n"), "svd", "--in", "-", "--format", "csv", "--json").json("out");
        assertEquals(List.of(5.0, 2.0), j.get("singular_values"));
        j = run(npy(new double[][] {{4, 2}, {2, 3}}), "cholesky", "--in", "-", "--json").json("out");
        assertEquals(List.of(2.0, 2.0), j.get("shape"));
    }

    @Test
    void outDashWritesTheOneMatrixAsNpyAndTheReportToStderr() throws IOException {
        Path a = Cli.npy(dir, "A.npy", new double[][] {{2, 0}, {0, 4}});
        Run r = run(npy(new double[][] {{2}, {8}}), "solve", "--in", a, "--rhs", "-", "--out", "-", "--json");
        Map<String, Object> j = r.json("err");
        assertEquals("solve", j.get("command"));
        assertEquals("", r.out(), "picocli's stdout must stay empty");
        assertArrayEquals(new double[][] {{1}, {2}}, readNpy(r.stdout()));

        Run s = run(npy(A), "svd", "--in", "-", "--values-only", "--out", "-");
        assertEquals(0, s.code(), s.err());
        assertEquals("", s.out());
        assertTrue(s.err().contains("singular values"), s.err());
        assertArrayEquals(new double[][] {{5}, {2}}, readNpy(s.stdout()));

        Run c = run(npy(new double[][] {{4, 2}, {2, 5}}), "cholesky", "--in", "-", "--out", "-");
        assertEquals(0, c.code(), c.err());
        assertArrayEquals(new double[][] {{2, 0}, {1, 2}}, readNpy(c.stdout()));

        for (String cmd : new String[] {"pinv", "lstsq"}) {
            Object[] args = cmd.equals("pinv") ? new Object[] {cmd, "--in", "-", "--out", "-"}
                    : new Object[] {cmd, "--in", a, "--rhs", "-", "--out", "-"};
            Run p = run(npy(cmd.equals("pinv") ? new double[][] {{2, 0}, {0, 4}} : new double[][] {{2}, {8}}), args);
            assertEquals(0, p.code(), p.err());
            double[][] expected = cmd.equals("pinv") ? new double[][] {{0.5, 0}, {0, 0.25}} : new double[][] {{1}, {2}};
            double[][] got = readNpy(p.stdout());
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], got[i], 1e-15, cmd);
            }
        }

        Run d = run(npy(new double[][] {{1, 2, 3}, {2, 4, 6}, {3, 6, 9.5}}), "denoise", "--in", "-", "--rank", "1",
                "--out", "-");
        assertEquals(0, d.code(), d.err());
        assertEquals(3, readNpy(d.stdout()).length);
    }

    @Test
    void misuseIsRefusedWithNothingOnStdout() throws IOException {
        Run twice = run(npy(A), "solve", "--in", "-", "--rhs", "-");
        assertEquals(ExitCodes.BAD_INPUT, twice.code());
        assertTrue(twice.err().contains("only once"), twice.err());

        Run many = run(npy(A), "svd", "--in", "-", "--out", "-");
        assertEquals(ExitCodes.BAD_INPUT, many.code());
        assertTrue(many.err().contains("standard output takes one matrix") && many.err().contains("U.npy, S.npy, Vt.npy"),
                many.err());
        assertEquals(0, many.stdout().length);

        Path f = Cli.npy(dir, "A.npy", A);
        Run fmt = run(new byte[0], "svd", "--in", f, "--format", "csv");
        assertEquals(ExitCodes.BAD_INPUT, fmt.code());
        assertTrue(fmt.err().contains("--format csv names the format of '-'"), fmt.err());

        Run bad = run(text("1,2\n3,x\n"), "svd", "--in", "-");
        assertEquals(ExitCodes.BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("<stdin>: line 2, column 2"), bad.err());

        Run nan = run(text("1,2\n3,nan\n"), "svd", "--in", "-");
        assertEquals(ExitCodes.BAD_INPUT, nan.code());
        assertTrue(nan.err().contains("<stdin>: NaN at row 2, column 2"), nan.err());

        Run unknown = run(npy(A), "svd", "--in", "-", "--format", "xlsx");
        assertEquals(ExitCodes.BAD_INPUT, unknown.code());
        assertTrue(unknown.err().contains("npy, npz, mtx, csv"), unknown.err());
        assertTrue(Files.exists(f));
    }
}
