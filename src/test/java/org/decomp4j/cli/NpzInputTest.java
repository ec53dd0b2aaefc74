package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.decomp4j.Matrix;
import org.decomp4j.io.MatrixFiles;
import org.decomp4j.io.MatrixFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .npz} wherever a matrix is read: the only array, or {@code FILE.npz:NAME}. */
class NpzInputTest {
    @TempDir
    Path dir;

    private Path npz(String name, Map<String, double[][]> arrays) throws IOException {
        Path z = dir.resolve(name);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (OutputStream os = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (var e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(Files.readAllBytes(Cli.npy(tmp, "x.npy", e.getValue())));
                zip.closeEntry();
            }
        }
        return z;
    }

    @Test
    void theOnlyArrayOrANamedOne() throws IOException {
        double[][] a = {{3, 0}, {0, 2}};
        double[][] b = {{1}, {2}};
        Path one = npz("one.npz", Map.of("A.npy", a));
        Path two = npz("two.npz", new java.util.LinkedHashMap<>(Map.of("A.npy", a, "B.npy", b)));
        try (Matrix m = MatrixFiles.read(one); Matrix n = MatrixFiles.read(Path.of(two + ":B"));
             Matrix k = MatrixFiles.read(Path.of(two + ":A.npy"))) {
            assertArrayEquals(a, m.toArray());
            assertArrayEquals(b, n.toArray());
            assertArrayEquals(a, k.toArray());
        }
        MatrixFormatException e = org.junit.jupiter.api.Assertions.assertThrows(MatrixFormatException.class,
                () -> MatrixFiles.read(two));
        assertTrue(e.getMessage().contains("holds 2 arrays") && e.getMessage().contains("two.npz:NAME"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(MatrixFormatException.class,
                () -> MatrixFiles.read(Path.of(two + ":C")));
        assertTrue(e.getMessage().contains("no array 'C'") && e.getMessage().contains("A.npy"), e.getMessage());
    }

    @Test
    void theCliReadsNpzForInAndRhs() throws IOException {
        Path z = npz("sys.npz", new java.util.LinkedHashMap<>(Map.of("A.npy", new double[][] {{2, 0}, {0, 4}},
                "b.npy", new double[][] {{2}, {8}})));
        Map<String, Object> svd = Cli.run("svd", "--in", z + ":A", "--json").json();
        assertEquals(List.of(4.0, 2.0), svd.get("singular_values"));
        Path out = dir.resolve("x");
        Cli.run("solve", "--in", z + ":A", "--rhs", z + ":b", "--out", out, "--json").json();
        assertArrayEquals(new double[][] {{1}, {2}}, Cli.read(out.resolve("X.npy")));
        String err = Cli.run("svd", "--in", z).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("sys.npz:NAME"), err);
    }
}
