package org.decomp4j;

import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.decomp4j.dispatch.QrBlocking;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Geqrf;
import org.decomp4j.lapack.Geqrt;
import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked QR path ({@code geqrt} + Q by block reflectors, {@link QrBlocking}) at shapes that
 * take each block size, with remainder blocks: the factors' properties against c·max(m, n)·ε, and Q
 * and R against the plain path ({@code geqrf} + {@code orgqr}, called directly), which is
 * independent code computing the same reflectors. Then the wrapper's typed refusals.
 */
class QrBlockedTest {
    private static final double C = 10;

    static Stream<Arguments> shapes() {
        // {m, n}: nb 32 (k = 200: six blocks and one of 8), nb 64 (k = 400: six and one of 16; wide too),
        // nb 128 (k = 1030: eight and one of 6)
        int[][] shapes = {{300, 200}, {520, 400}, {400, 520}, {1100, 1030}};
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int[] s : shapes) {
                for (Qr.Mode mode : Qr.Mode.values()) {
                    if (mode == Qr.Mode.COMPLETE && s[0] > 600) {
                        continue; // the complete Q of the large shape adds nothing the tall 300×200 does not test
                    }
                    out.add(Arguments.of(t, s[0], s[1], mode));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}×{2} {3}")
    @MethodSource("shapes")
    void blockedFactorsAreOrthogonalTriangularReconstructAAndEqualThePlainPath(DType t, int m, int n, Qr.Mode mode) {
        assertTrue(QrBlocking.blockSize(t, m, n) > 0, "the shape must take the blocked path");
        double[][] a = input(t, TestMatrices.gaussian(m, n, 31L * m + n));
        int k = Math.min(m, n);
        int qc = mode == Qr.Mode.COMPLETE ? m : k;
        try (Matrix am = Matrix.of(a, t); Qr qr = Qr.of(am, mode)) {
            assertEquals(t.prefix() + "geqrt", qr.routine());
            assertEquals(t.prefix() + "larfb", qr.qRoutine());
            double[][] q = read(qr.q());
            double[][] r = read(qr.r());
            assertEquals(m, q.length);
            assertEquals(qc, q[0].length);
            double tol = C * Math.max(m, n) * t.eps();
            double orth = TestMatrices.orthogonalityError(q);
            assertTrue(orth <= tol, String.format("‖QᵀQ − I‖ = %.3e > %.3e", orth, tol));
            for (int i = 0; i < r.length; i++) {
                for (int j = 0; j < Math.min(i, n); j++) {
                    assertEquals(0.0, r[i][j], 0.0, "R[" + i + "][" + j + "] below the diagonal");
                }
            }
            double resid = TestMatrices.frobeniusDiff(TestMatrices.multiply(q, r), a);
            double bound = tol * TestMatrices.frobenius(a);
            assertTrue(resid <= bound, String.format("‖QR − A‖ = %.3e > %.3e", resid, bound));

            double[][] plainQ = plainQ(t, a, qc);
            double worst = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < qc; j++) {
                    worst = Math.max(worst, Math.abs(q[i][j] - plainQ[i][j]));
                }
            }
            assertTrue(worst <= tol, String.format("max |Q − Q(geqrf, orgqr)| = %.3e > %.3e", worst, tol));
        }
    }

    @Test
    void leastSquaresThroughTheBlockedFactorsSatisfyTheNormalEquations() {
        int m = 700;
        int n = 450; // nb 64
        double[][] a = TestMatrices.gaussian(m, n, 5);
        double[][] b = TestMatrices.gaussian(m, 2, 6);
        try (Matrix am = Matrix.of(a); Matrix bm = Matrix.of(b); Qr qr = Qr.of(am); Matrix x = qr.solve(bm)) {
            // Aᵀ(Ax − b) = 0 at the least-squares solution
            double[][] res = TestMatrices.subtract(TestMatrices.multiply(a, x.toArray()), b);
            double[][] g = TestMatrices.multiply(TestMatrices.transpose(a), res);
            double bound = C * m * DType.F64.eps() * TestMatrices.frobenius(a) * TestMatrices.frobenius(a)
                    * TestMatrices.frobenius(x.toArray());
            assertTrue(TestMatrices.frobenius(g) <= bound,
                    String.format("‖Aᵀ(Ax − b)‖ = %.3e > %.3e", TestMatrices.frobenius(g), bound));
        }
    }

    /** Q from geqrf + orgqr on the same input (qc columns; the complete Q through orgqr with m columns). */
    private static double[][] plainQ(DType t, double[][] a, int qc) {
        int m = a.length;
        int n = a[0].length;
        int k = Math.min(m, n);
        int w = Math.max(n, qc);
        try (NativeBuffer buf = NativeBuffer.zeros(t, (long) m * w); NativeBuffer tau = NativeBuffer.allocate(t, k)) {
            Block f = Block.of(buf, m, w);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    f.set(i, j, a[i][j]);
                }
            }
            Block fa = f.sub(0, 0, m, n);
            long lw = Math.max(Geqrf.geqrfQuery(t, m, n), Geqrf.orgqrQuery(t, m, qc, k));
            try (NativeBuffer work = NativeBuffer.allocate(t, lw)) {
                Geqrf.geqrf(fa, tau, work, lw);
                Geqrf.orgqr(f.sub(0, 0, m, qc), k, tau, work, lw);
            }
            double[][] q = new double[m][qc];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < qc; j++) {
                    q[i][j] = f.get(i, j);
                }
            }
            return q;
        }
    }

    @Test
    void smallPivotedAndComplexQrKeepTheirRoutinesAndSayWhichRan() {
        try (Matrix small = Matrix.random(200, 100, 1); Qr qr = Qr.of(small); Qr piv = Qr.pivoted(small);
             Matrix big = Matrix.random(300, 200, 2); Matrix z = big.copy(DType.C128); Qr zqr = Qr.of(z)) {
            assertEquals("dgeqrf", qr.routine(), "k = 100 < MIN_K");
            assertEquals("dorgqr", qr.qRoutine());
            assertEquals("dgeqp3", piv.routine());
            assertEquals("zgeqrf", zqr.routine(), "complex keeps geqrf");
            assertEquals("zungqr", zqr.qRoutine());
        }
    }

    @Test
    void theRuleTakesRealMatricesFromMinKAndNeverABlockLargerThanK() {
        assertEquals(0, QrBlocking.blockSize(DType.F64, 127, 5000));
        assertEquals(0, QrBlocking.blockSize(DType.F64, 5000, 127));
        assertEquals(32, QrBlocking.blockSize(DType.F64, 5000, 128));
        assertEquals(32, QrBlocking.blockSize(DType.F32, 383, 383));
        assertEquals(64, QrBlocking.blockSize(DType.F64, 384, 9000));
        assertEquals(64, QrBlocking.blockSize(DType.F64, 1023, 1023));
        assertEquals(128, QrBlocking.blockSize(DType.F64, 1024, 1024));
        assertEquals(0, QrBlocking.blockSize(DType.C128, 2048, 2048), "complex keeps geqrf");
        assertEquals(0, QrBlocking.blockSize(DType.C64, 2048, 2048));
        for (int k = QrBlocking.MIN_K; k < 3000; k += 37) {
            int nb = QrBlocking.blockSize(DType.F64, k, k + 5);
            assertTrue(nb >= 1 && nb <= k, "nb " + nb + " for k " + k);
            assertEquals((long) nb * k, QrBlocking.extraElements(DType.F64, k, k + 5));
        }
    }

    @Test
    void geqrtAndFormQRefuseBadArgumentsBeforeCallingLapack() {
        try (NativeBuffer ab = NativeBuffer.zeros(DType.F64, 40 * 30); NativeBuffer tb = NativeBuffer.zeros(DType.F64, 8 * 30);
             NativeBuffer wb = NativeBuffer.zeros(DType.F64, 8 * 30); NativeBuffer qb = NativeBuffer.zeros(DType.F64, 40 * 30);
             NativeBuffer cb = NativeBuffer.zeros(DType.C128, 40 * 30)) {
            Block a = Block.of(ab, 40, 30);
            Block t = Block.of(tb, 8, 30);
            Block q = Block.of(qb, 40, 30);
            assertThrows(IllegalArgumentException.class, () -> Geqrt.geqrt(a, 0, t, wb), "nb < 1");
            assertThrows(IllegalArgumentException.class, () -> Geqrt.geqrt(a, 31, Block.of(tb, 8, 30), wb), "nb > k");
            assertThrows(IllegalArgumentException.class, () -> Geqrt.geqrt(a, 8, Block.of(tb, 8, 29), wb), "T too narrow");
            assertThrows(IllegalArgumentException.class, () -> Geqrt.geqrt(a, 8, Block.of(tb, 7, 30), wb), "T rows ≠ nb");
            try (NativeBuffer small = NativeBuffer.zeros(DType.F64, 8 * 30 - 1)) {
                assertThrows(IllegalArgumentException.class, () -> Geqrt.geqrt(a, 8, t, small), "workspace short");
                Geqrt.geqrt(a, 8, t, wb);
                assertThrows(IllegalArgumentException.class, () -> Geqrt.formQ(a, 30, 8, t, q, small), "workspace short");
            }
            assertThrows(IllegalArgumentException.class, () -> Geqrt.formQ(a, 31, 8, t, q, wb), "k > min(m, n)");
            assertThrows(IllegalArgumentException.class, () -> Geqrt.formQ(a, 30, 8, t, q.sub(0, 0, 40, 29), wb),
                    "Q narrower than k");
            assertThrows(IllegalArgumentException.class, () -> Geqrt.formQ(a, 30, 8, t, q.sub(0, 0, 39, 30), wb),
                    "Q rows ≠ m");
            assertThrows(IllegalArgumentException.class, () -> Geqrt.formQ(a, 30, 31, t, q, wb), "nb > k");
            IllegalArgumentException complex = assertThrows(IllegalArgumentException.class,
                    () -> Geqrt.geqrt(Block.of(cb, 40, 30), 8, t, wb));
            assertTrue(complex.getMessage().contains("zgeqrt"), complex.getMessage());
            // the valid call still runs after the refusals: A = 0 has every τ = 0, so Q is exactly the identity
            Geqrt.formQ(a, 30, 8, t, q, wb);
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 30; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, q.get(i, j), 0.0, "Q[" + i + "][" + j + "] of a zero matrix");
                }
            }
        }
    }
}
