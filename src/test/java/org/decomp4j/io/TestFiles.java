package org.decomp4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers of the io tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** A fixture from src/test/resources/io (see make_fixtures.py there). */
    static Path fixture(String name) {
        URL url = TestFiles.class.getResource("/io/" + name);
        if (url == null) {
            fail("missing test fixture io/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static Path text(Path dir, String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    /** Same shape and dtype and bit-identical entries (NaN-safe, -0.0 distinct from 0.0). */
    static void assertSameMatrix(Matrix expected, Matrix actual) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.cols(), actual.cols(), "cols");
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        assertValues(expected.toArray(), actual);
    }

    /** Entries of {@code actual} are bit-identical to {@code expected[i][j]}. */
    static void assertValues(double[][] expected, Matrix actual) {
        assertEquals(expected.length, actual.rows(), "rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual.cols(), "cols");
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                double a = actual.get(i, j);
                if (Double.doubleToLongBits(e) != Double.doubleToLongBits(a)) {
                    fail("entry (" + i + ", " + j + "): expected " + e + ", got " + a);
                }
            }
        }
    }

    /** An F64 or F32 matrix with awkward values: signs, tiny, huge, non-terminating decimals. */
    static Matrix awkward(int rows, int cols, DType dtype) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                double v = switch (k % 6) {
                    case 0 -> (k + 1) / 7.0;
                    case 1 -> -Math.PI * k;
                    case 2 -> 1e-300 * (k + 1);
                    case 3 -> 1.7e308 / (k + 1);
                    case 4 -> -0.0;
                    default -> Math.nextUp(1.0) * k;
                };
                a[i][j] = v;
            }
        }
        return Matrix.of(a, dtype);
    }

    /**
     * Runs {@code read}, expects a {@link MatrixFormatException}, checks that its message
     * contains every fragment, and returns it.
     */
    static MatrixFormatException assertFormatError(Executable read, String... fragments) {
        MatrixFormatException e = assertThrows(MatrixFormatException.class, read);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e;
    }

    /** Names of the files in {@code dir}, hidden ones included. */
    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
