package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI reads complex .npy: SVD-based commands answer, real-only ones refuse with exit code 2 and a message. */
class ComplexInputTest {
    @TempDir
    Path dir;

    private Path input() throws IOException {
        Path in = dir.resolve("z.npy");
        // columns (3, 4i, 0) and (0, 0, 1 + i) are orthogonal with norms 5 and √2: σ = (5, √2)
        try (Matrix a = Matrix.ofComplex(new double[][] {{3, 0, 0, 0}, {0, 4, 0, 0}, {0, 0, 1, 1}}, DType.C128)) {
            Npy.write(in, a);
        }
        return in;
    }

    @Test
    void svdWritesComplexFactorsAndRealValues() throws IOException {
        Path in = input();
        Path out = dir.resolve("svd");
        Cli.Run r = Cli.run("svd", "--in", in, "--out", out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("zgesdd"), r.out());
        try (Matrix s = Npy.read(out.resolve("S.npy")); Matrix u = Npy.read(out.resolve("U.npy"))) {
            assertEquals(DType.F64, s.dtype(), "singular values of complex128 are float64");
            assertEquals(5, s.get(0, 0), 1e-14);
            assertEquals(Math.sqrt(2), s.get(1, 0), 1e-14);
            assertEquals(DType.C128, u.dtype());
        }
        assertTrue(Files.readString(out.resolve("U.npy"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("'<c16'"));
    }

    @Test
    void realOnlyCommandsRefuseWithBadInputAndAMessage() throws IOException {
        Path in = input();
        // LU takes complex input since complex LU landed (zgetrf/cgetrf); QR is still real-only
        Cli.Run r = Cli.run("qr", "--in", in, "--out", dir.resolve("qr"));
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("complex128 input is not supported"), r.err());
    }
}
