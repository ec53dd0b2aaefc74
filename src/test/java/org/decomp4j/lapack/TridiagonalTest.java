package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.TestMatrices;
import org.decomp4j.engine.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three-stage wrappers. Q is formed in plain Java from sytrd's reflectors as LAPACK documents
 * them ({@code H(i) = I − τ·v·vᵀ}; 'L': {@code Q = H(0)···H(n−2)}, v's unit at row i+1 and its
 * tail below it in column i; 'U': {@code Q = H(n−2)···H(0)}, v's unit at row i and its head above
 * it in column i+1), so that {@code Qᵀ·A·Q} must be the tridiagonal (d, e) and the blocked
 * back-transformation must equal {@code Q·C}, whatever the panel width: one panel, many, a last
 * panel narrower than the others, and panels of one reflector.
 */
class TridiagonalTest {
    private static final double C = 10;

    /** Q from the reflectors in {@code a}'s {@code uplo} triangle and {@code tau}. */
    static double[][] formQ(char uplo, double[][] a, double[] tau) {
        int n = a.length;
        double[][] q = TestMatrices.identity(n);
        for (int s = 0; s < n - 1; s++) {
            int i = uplo == 'L' ? s : n - 2 - s; // right-multiply the factors in the product's order
            double[] v = new double[n];
            if (uplo == 'L') {
                v[i + 1] = 1;
                for (int r = i + 2; r < n; r++) {
                    v[r] = a[r][i];
                }
            } else {
                v[i] = 1;
                for (int r = 0; r < i; r++) {
                    v[r] = a[r][i + 1];
                }
            }
            for (int r = 0; r < n; r++) { // q ← q·(I − τ·v·vᵀ)
                double qv = 0;
                for (int k = 0; k < n; k++) {
                    qv += q[r][k] * v[k];
                }
                double f = tau[i] * qv;
                for (int k = 0; k < n; k++) {
                    q[r][k] -= f * v[k];
                }
            }
        }
        return q;
    }

    @ParameterizedTest(name = "{0} uplo={1} n={2} m={3} nb={4}")
    @CsvSource({"F64, L, 20, 20, 3", "F64, U, 20, 20, 3", "F64, L, 20, 7, 128", "F64, U, 37, 50, 8",
        "F64, L, 37, 50, 8", "F64, L, 2, 2, 1", "F64, U, 2, 3, 5", "F64, L, 9, 9, 1", "F64, U, 9, 9, 1",
        "F32, L, 33, 33, 4", "F32, U, 33, 33, 4", "F64, L, 300, 300, 128", "F64, U, 300, 300, 128",
        "F64, L, 300, 40, 64"})
    void backTransformEqualsQTimesC(DType t, char uplo, int n, int m, int nb) {
        double[][] sym = TestMatrices.input(t, symmetric(n, 7 + n));
        double[][] c0 = TestMatrices.input(t, TestMatrices.gaussian(n, m, 11 + m));
        try (Matrix am = Matrix.of(sym, t); Matrix cm = Matrix.of(c0, t);
             NativeBuffer d = NativeBuffer.allocate(t, n); NativeBuffer e = NativeBuffer.allocate(t, n);
             NativeBuffer tau = NativeBuffer.allocate(t, n)) {
            Block a = Storage.writable(am);
            long lw = Tridiagonal.sytrdQuery(t, n);
            try (NativeBuffer work = NativeBuffer.allocate(t, lw)) {
                Tridiagonal.sytrd(uplo, a, d, e, tau, work, lw);
            }
            double[][] red = am.toArray();
            double[] tv = new double[n];
            tau.read(0, tv, 0, n - 1);
            double[][] q = formQ(uplo, red, tv);
            double eps = t.eps();
            assertTrue(TestMatrices.orthogonalityError(q) <= C * n * eps, "Q from the reflectors is orthogonal");
            // QᵀAQ is the tridiagonal (d, e): the reflectors were read as LAPACK stores them
            double[][] tri = TestMatrices.multiply(TestMatrices.transpose(q), TestMatrices.multiply(sym, q));
            double[][] want = new double[n][n];
            for (int i = 0; i < n; i++) {
                want[i][i] = d.get(i);
                if (i + 1 < n) {
                    want[i + 1][i] = e.get(i);
                    want[i][i + 1] = e.get(i);
                }
            }
            double normA = TestMatrices.frobenius(sym);
            assertTrue(TestMatrices.frobeniusDiff(tri, want) <= C * n * eps * normA, "QᵀAQ = T");

            long need = Tridiagonal.backTransformWork(n, nb) + (long) Math.min(nb, Math.max(1, n - 1)) * (m - n);
            try (NativeBuffer work = NativeBuffer.allocate(t, Math.max(need, Tridiagonal.backTransformWork(n, nb)))) {
                Tridiagonal.backTransform(uplo, a, tau, Storage.writable(cm), nb, work, work.length());
            }
            double[][] got = cm.toArray();
            double[][] expected = TestMatrices.multiply(q, c0);
            double err = TestMatrices.frobeniusDiff(got, expected) / TestMatrices.frobenius(c0);
            assertTrue(err <= C * n * eps, "‖C' − Q·C‖/‖C‖ = " + err);
        }
    }

    /** stedc with exactly its documented minimal workspace: eigenpairs of the tridiagonal. */
    @ParameterizedTest
    @CsvSource({"F64, 1", "F64, 2", "F64, 50", "F32, 50"})
    void stedcRunsWithTheMinimalWorkspace(DType t, int n) {
        Syev.Sizes min = Tridiagonal.stedcMinimal(n);
        assertTrue(Tridiagonal.stedcQuery(t, n).lwork() >= min.lwork());
        double[] dv = new double[n];
        double[] ev = new double[Math.max(1, n - 1)];
        for (int i = 0; i < n; i++) {
            dv[i] = 2; // the (−1, 2, −1) matrix: λ_k = 2 − 2·cos(kπ/(n+1))
            if (i + 1 < n) {
                ev[i] = -1;
            }
        }
        try (NativeBuffer d = filled(t, dv); NativeBuffer e = filled(t, ev);
             Matrix zm = Matrix.zeros(n, n, t); NativeBuffer work = NativeBuffer.allocate(t, min.lwork());
             NativeBuffer iwork = NativeBuffer.ints(min.liwork())) {
            Tridiagonal.stedc(d, e, Storage.writable(zm), work, min.lwork(), iwork, min.liwork());
            for (int k = 1; k <= n; k++) {
                double want = n == 1 ? 2 : 2 - 2 * Math.cos(k * Math.PI / (n + 1));
                assertEquals(want, d.get(k - 1), C * n * t.eps() * 4, "λ" + k);
            }
            assertTrue(TestMatrices.orthogonalityError(zm.toArray()) <= C * n * t.eps());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeLapack() {
        DType t = DType.F64;
        int n = 6;
        try (Matrix am = Matrix.of(symmetric(n, 3)); Matrix cm = Matrix.zeros(n, n, t); Matrix shortC = Matrix.zeros(5, n, t);
             Matrix c32 = Matrix.zeros(n, n, DType.F32); Matrix cx = Matrix.zeros(n, n, DType.C128);
             NativeBuffer d = NativeBuffer.allocate(t, n); NativeBuffer e = NativeBuffer.allocate(t, n);
             NativeBuffer tiny = NativeBuffer.allocate(t, 2); NativeBuffer work = NativeBuffer.allocate(t, 1000);
             NativeBuffer iwork = NativeBuffer.ints(100)) {
            Block a = Storage.writable(am);
            Block c = Storage.writable(cm);
            assertMessage(() -> Tridiagonal.sytrd('X', a, d, e, e, work, 10), "UPLO");
            assertMessage(() -> Tridiagonal.sytrd('L', a, d, tiny, e, work, 10), "dsytrd: E has 2 elements, needs 5");
            assertMessage(() -> Tridiagonal.sytrd('L', a, d, e, e, work, 0), "LWORK 0");
            assertMessage(() -> Tridiagonal.sytrd('L', Storage.writable(cx), d, e, e, work, 10), "complex");
            assertMessage(() -> Tridiagonal.stedc(d, e, c, work, 10, iwork, 100), "LWORK 10 below the minimum 61");
            assertMessage(() -> Tridiagonal.stedc(d, e, c, work, 1000, iwork, 32), "LIWORK 32 below the minimum 33");
            assertMessage(() -> Tridiagonal.stedc(d, e, Storage.writable(shortC), work, 1000, iwork, 100),
                    "must be square");
            assertMessage(() -> Tridiagonal.backTransform('L', a, e, Storage.writable(shortC), 2, work, 1000),
                    "C is 5×6, expected 6×6");
            assertMessage(() -> Tridiagonal.backTransform('L', a, e, Storage.writable(c32), 2, work, 1000),
                    "C is F32, expected F64");
            assertMessage(() -> Tridiagonal.backTransform('L', a, e, c, 0, work, 1000), "panel width");
            assertMessage(() -> Tridiagonal.backTransform('L', a, e, c, 2, work, 20), "LWORK 20 below the 26");
            assertMessage(() -> Tridiagonal.backTransform('L', a, e, a, 2, work, 1000), "shares memory");
            assertMessage(() -> Tridiagonal.backTransform('Q', a, e, c, 2, work, 1000), "UPLO");
            assertThrows(IllegalArgumentException.class, () -> Tridiagonal.backTransformWork(5, 0));
        }
    }

    private static NativeBuffer filled(DType t, double[] v) {
        NativeBuffer b = NativeBuffer.allocate(t, v.length);
        for (int i = 0; i < v.length; i++) {
            b.set(i, v[i]);
        }
        return b;
    }

    private static void assertMessage(Runnable call, String part) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }

    private static double[][] symmetric(int n, long seed) {
        double[][] g = TestMatrices.gaussian(n, n, seed);
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = 0.5 * (g[i][j] + g[j][i]);
            }
        }
        return s;
    }
}
