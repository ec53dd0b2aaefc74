package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

import picocli.CommandLine;

/**
 * Runs the CLI in-process through {@link Main#commandLine(String...)}, the command line
 * {@code main} builds (only the subcommand named), and reads and writes test files.
 */
final class Cli {
    /** JSON keys every matrix command prints. */
    static final List<String> REQUIRED_KEYS = List.of("command", "shape", "dtype", "driver", "reason",
            "compute_seconds");

    private Cli() {
    }

    /** Exit code and captured streams of one run. */
    record Run(int code, String out, String err) {
        /**
         * The single JSON line on stdout, parsed, after checking it is exactly one line with the
         * required keys and a non-negative compute time.
         */
        Map<String, Object> json() {
            assertEquals(0, code, () -> "exit code; stderr: " + err);
            String line = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
            assertFalse(line.contains("\n") || line.contains("\r"), () -> "more than one line on stdout: " + out);
            assertTrue(line.startsWith("{") && line.endsWith("}"), () -> "not a JSON object: " + out);
            Map<String, Object> m = MiniJson.object(line);
            if (m.containsKey("driver")) {
                for (String k : REQUIRED_KEYS) {
                    assertTrue(m.containsKey(k), () -> "missing key " + k + " in " + line);
                }
                assertTrue(((Double) m.get("compute_seconds")) >= 0, line);
            }
            return m;
        }

        /** Asserts a failure with {@code expected} and returns stderr. */
        String fails(int expected) {
            assertEquals(expected, code, () -> "exit code; stdout: " + out + "\nstderr: " + err);
            assertTrue(out.isEmpty(), () -> "stdout should be empty on failure: " + out);
            assertTrue(err.startsWith("decomp4j"), () -> "message should name the command: " + err);
            assertFalse(err.contains("\tat "), () -> "no stack trace expected: " + err);
            return err;
        }

        /** Asserts success and returns stdout. */
        String ok() {
            assertEquals(0, code, () -> "exit code; stderr: " + err);
            return out;
        }
    }

    static Run run(Object... args) {
        String[] a = Stream.of(args).map(String::valueOf).toArray(String[]::new);
        CommandLine cl = Main.commandLine(a);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(a);
        return new Run(code, out.toString(), err.toString());
    }

    /** Writes {@code a} as a Fortran-order .npy of the given dtype. */
    static Path npy(Path dir, String name, double[][] a, DType dtype) throws IOException {
        Path f = dir.resolve(name);
        try (Matrix m = Matrix.of(a, dtype)) {
            Npy.write(f, m);
        }
        return f;
    }

    static Path npy(Path dir, String name, double[][] a) throws IOException {
        return npy(dir, name, a, DType.F64);
    }

    /** Writes {@code a} as a C-order (row-major) {@code <f8} .npy, byte by byte as NumPy does. */
    static Path cOrderNpy(Path dir, String name, double[][] a) throws IOException {
        int m = a.length;
        int n = a[0].length;
        StringBuilder h = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (" + m + ", " + n
                + "), }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + 8 * m * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length).put(header);
        for (double[] row : a) {
            for (double v : row) {
                b.putDouble(v);
            }
        }
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    /** Writes {@code a} as comma-separated text. */
    static Path csv(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Reads a 2-D .npy as rows. */
    static double[][] read(Path f) throws IOException {
        try (Matrix m = Npy.read(f)) {
            return m.toArray();
        }
    }

    /** Reads a 1-D .npy (an n×1 column) as a vector. */
    static double[] readVector(Path f) throws IOException {
        try (Matrix m = Npy.read(f)) {
            assertEquals(1, m.cols(), f + " should be 1-D");
            return m.column(0);
        }
    }

    /** The dtype of a written .npy file. */
    static DType dtypeOf(Path f) throws IOException {
        try (Matrix m = Npy.read(f)) {
            return m.dtype();
        }
    }

    /** The names in {@code dir}, sorted (hidden staging leftovers included), or none if it is absent. */
    static List<String> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Tolerance c·max(m, n)·eps·‖A‖ of DESIGN.md, with c = 10. */
    static double tol(double[][] a, DType t) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        return 10.0 * Math.max(m, n) * t.eps() * Math.max(1, org.decomp4j.TestMatrices.frobenius(a));
    }

    /** The doubles of a JSON array. */
    @SuppressWarnings("unchecked")
    static double[] doubles(Object jsonArray) {
        return ((List<Object>) jsonArray).stream().mapToDouble(o -> (Double) o).toArray();
    }
}
