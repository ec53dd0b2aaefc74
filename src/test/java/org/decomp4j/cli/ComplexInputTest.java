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

    /** A well-conditioned complex 3×3 Hermitian positive definite matrix: diag(4, 5, 6) + a Hermitian perturbation. */
    private Path hpd() throws IOException {
        Path in = dir.resolve("h.npy");
        try (Matrix a = Matrix.ofComplex(new double[][] {
            {4, 0, 1, 1, 0, 0},
            {1, -1, 5, 0, 0, 2},
            {0, 0, 0, -2, 6, 0}}, DType.C128)) {
            Npy.write(in, a);
        }
        return in;
    }

    private Path rhs() throws IOException {
        Path b = dir.resolve("b.npy");
        try (Matrix m = Matrix.ofComplex(new double[][] {{1, 1}, {0, -2}, {3, 0}}, DType.C128)) {
            Npy.write(b, m);
        }
        return b;
    }

    @Test
    void factorizationsWriteComplexFactorsThatReconstructA() throws IOException {
        Path in = hpd();
        try (Matrix a = Npy.read(in)) {
            Cli.Run lu = Cli.run("lu", "--in", in, "--out", dir.resolve("lu"));
            assertEquals(0, lu.code(), lu.err());
            assertTrue(lu.out().contains("zgetrf"), lu.out());
            try (Matrix p = Npy.read(dir.resolve("lu/P.npy")); Matrix l = Npy.read(dir.resolve("lu/L.npy"));
                 Matrix u = Npy.read(dir.resolve("lu/U.npy")); Matrix pl = p.multiply(l); Matrix plu = pl.multiply(u);
                 Matrix d = plu.subtract(a)) {
                assertEquals(DType.C128, l.dtype());
                assertTrue(d.normFrobenius() <= 1e-14 * a.normFrobenius(), "‖PLU − A‖ = " + d.normFrobenius());
            }
            Cli.Run qr = Cli.run("qr", "--in", in, "--out", dir.resolve("qr"), "--pivot");
            assertEquals(0, qr.code(), qr.err());
            assertTrue(qr.out().contains("zungqr"), qr.out());
            try (Matrix q = Npy.read(dir.resolve("qr/Q.npy")); Matrix r = Npy.read(dir.resolve("qr/R.npy"))) {
                assertEquals(DType.C128, q.dtype());
                assertEquals(DType.C128, r.dtype());
            }
            Cli.Run ch = Cli.run("cholesky", "--in", in, "--out", dir.resolve("ch"));
            assertEquals(0, ch.code(), ch.err());
            assertTrue(ch.out().contains("zpotrf") && ch.out().contains("Hermitian"), ch.out());
            try (Matrix l = Npy.read(dir.resolve("ch/L.npy")); Matrix lh = l.conjugateTranspose(); Matrix llh = l.multiply(lh);
                 Matrix d = llh.subtract(a)) {
                assertTrue(d.normFrobenius() <= 1e-14 * a.normFrobenius(), "‖LLᴴ − A‖ = " + d.normFrobenius());
            }
        }
    }

    @Test
    void solveAndLstsqWriteAComplexSolution() throws IOException {
        Path in = hpd();
        Path b = rhs();
        for (String cmd : new String[] {"solve", "lstsq"}) {
            Cli.Run r = Cli.run(cmd, "--in", in, "--rhs", b, "--out", dir.resolve(cmd));
            assertEquals(0, r.code(), cmd + ": " + r.err());
            try (Matrix a = Npy.read(in); Matrix bm = Npy.read(b); Matrix x = Npy.read(dir.resolve(cmd + "/X.npy"));
                 Matrix ax = a.multiply(x); Matrix d = ax.subtract(bm)) {
                assertEquals(DType.C128, x.dtype(), cmd);
                assertTrue(d.normFrobenius() <= 1e-13 * bm.normFrobenius(), cmd + ": ‖AX − B‖ = " + d.normFrobenius());
            }
        }
        assertTrue(Files.readString(dir.resolve("solve/X.npy"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("'<c16'"));
    }

    @Test
    void eigOfAComplexMatrixWritesComplexValuesAndVectors() throws IOException {
        Path in = hpd(); // Hermitian: its eigenvalues are real, its eigenvectors complex
        Cli.Run r = Cli.run("eig", "--in", in, "--out", dir.resolve("eig"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("zgeev"), r.out());
        try (Matrix a = Npy.read(in); Matrix w = Npy.read(dir.resolve("eig/w.npy")); Matrix v = Npy.read(dir.resolve("eig/v.npy"))) {
            assertEquals(DType.C128, w.dtype());
            assertEquals(DType.C128, v.dtype());
            try (Matrix av = a.multiply(v); Matrix d = Matrix.zeros(3, 3, DType.C128)) {
                for (int j = 0; j < 3; j++) {
                    d.setComplex(j, j, w.getRe(j, 0), w.getIm(j, 0));
                    assertEquals(0.0, w.getIm(j, 0), 1e-13, "a Hermitian matrix has real eigenvalues");
                }
                try (Matrix vd = v.multiply(d); Matrix diff = av.subtract(vd)) {
                    assertTrue(diff.normFrobenius() <= 1e-13 * a.normFrobenius(), "‖AV − VΛ‖ = " + diff.normFrobenius());
                }
            }
        }
    }

    @Test
    void realOnlyCommandsRefuseWithBadInputAndAMessage() throws IOException {
        Path in = input();
        Cli.Run r = Cli.run("rsvd", "--in", in, "--out", dir.resolve("rsvd"), "-k", "1");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("complex128 input is not supported"), r.err());
    }
}
