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
    void eighOfAHermitianMatrixWritesRealValuesAndComplexVectors() throws IOException {
        Path in = hpd(); // [[4, 1+i, 0], [1−i, 5, 2i], [0, −2i, 6]]: trace 15, determinant 4·26 − 2·6 = 92
        Cli.Run r = Cli.run("eigh", "--in", in, "--out", dir.resolve("eigh"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("zheevd"), r.out());
        String header = Files.readString(dir.resolve("eigh/w.npy"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'<f8'"), "w.npy holds real eigenvalues");
        try (Matrix a = Npy.read(in); Matrix w = Npy.read(dir.resolve("eigh/w.npy"));
             Matrix v = Npy.read(dir.resolve("eigh/v.npy"))) {
            assertEquals(DType.F64, w.dtype());
            assertEquals(DType.C128, v.dtype());
            double sum = 0;
            double product = 1;
            for (int j = 0; j < 3; j++) {
                sum += w.get(j, 0);
                product *= w.get(j, 0);
                assertTrue(j == 0 || w.get(j - 1, 0) <= w.get(j, 0), "ascending");
            }
            assertEquals(15, sum, 1e-12);
            assertEquals(92, product, 1e-11);
            try (Matrix av = a.multiply(v); Matrix vw = v.copy(); Matrix vh = v.conjugateTranspose();
                 Matrix g = vh.multiply(v); Matrix i = Matrix.identity(3, DType.C128); Matrix gi = g.subtract(i)) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 3; k++) {
                        vw.setComplex(k, j, v.getRe(k, j) * w.get(j, 0), v.getIm(k, j) * w.get(j, 0));
                    }
                }
                try (Matrix diff = av.subtract(vw)) {
                    assertTrue(diff.normFrobenius() <= 1e-13 * a.normFrobenius(), "‖AV − VΛ‖ = " + diff.normFrobenius());
                }
                assertTrue(gi.normFrobenius() <= 1e-14, "‖VᴴV − I‖ = " + gi.normFrobenius());
            }
        }
        // A·x = λ·A·x: every eigenvalue is 1
        Cli.Run g = Cli.run("eigh", "--in", in, "--b", in, "--values-only", "--out", dir.resolve("gen"));
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("zhegvd"), g.out());
        try (Matrix w = Npy.read(dir.resolve("gen/w.npy"))) {
            for (int j = 0; j < 3; j++) {
                assertEquals(1.0, w.get(j, 0), 1e-13);
            }
        }
        assertTrue(!Files.exists(dir.resolve("gen/v.npy")), "values only: no v.npy");
    }

    @Test
    void realOnlyCommandsRefuseWithBadInputAndAMessage() throws IOException {
        Path in = input();
        Cli.Run r = Cli.run("rsvd", "--in", in, "--out", dir.resolve("rsvd"), "-k", "1");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("complex128 input is not supported"), r.err());
    }
}
