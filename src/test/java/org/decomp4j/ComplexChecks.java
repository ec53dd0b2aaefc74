package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/**
 * Complex test matrices built from mathematics, on the heap, and the residual checks of the
 * complex contracts: unitary factors from products of Householder reflectors
 * {@code H = I − 2·v·vᴴ/(vᴴv)}, so a constructed {@code Q₁·diag(σ)·Q₂ᴴ} has exactly the singular
 * values σ; residuals are measured with decomp4j's own products and norms, which the storage
 * tests check against hand-computed values.
 */
final class ComplexChecks {
    private ComplexChecks() {
    }

    /** A seeded n×n unitary matrix as interleaved rows: the product of three random reflectors. */
    static double[][] unitary(int n, long seed) {
        return reflectors(n, seed, true);
    }

    /**
     * As {@link #unitary}, from real reflectors when {@code complex} is false (then a real
     * orthogonal matrix, its imaginary parts zero).
     */
    static double[][] reflectors(int n, long seed, boolean complex) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] q = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            q[i][2 * i] = 1;
        }
        for (int r = 0; r < 3; r++) {
            double[] v = new double[2 * n];
            double norm2 = 0;
            for (int i = 0; i < 2 * n; i++) {
                v[i] = complex || i % 2 == 0 ? rng.nextGaussian() : 0;
                norm2 += v[i] * v[i];
            }
            // Q ← Q·H = Q − (2/vᴴv)·(Q·v)·vᴴ
            for (int i = 0; i < n; i++) {
                double qvRe = 0;
                double qvIm = 0;
                for (int k = 0; k < n; k++) {
                    double a = q[i][2 * k];
                    double b = q[i][2 * k + 1];
                    qvRe += a * v[2 * k] - b * v[2 * k + 1];
                    qvIm += a * v[2 * k + 1] + b * v[2 * k];
                }
                for (int j = 0; j < n; j++) { // times conj(v_j)
                    double cr = v[2 * j];
                    double ci = -v[2 * j + 1];
                    q[i][2 * j] -= 2 / norm2 * (qvRe * cr - qvIm * ci);
                    q[i][2 * j + 1] -= 2 / norm2 * (qvRe * ci + qvIm * cr);
                }
            }
        }
        return q;
    }

    /** {@code Q₁[:, :k]·diag(σ)·Q₂[:, :k]ᴴ}, m×n with k = σ.length ≤ min(m, n), as interleaved rows. */
    static double[][] withSpectrum(int m, int n, double[] sigma, long seed) {
        double[][] q1 = unitary(m, seed);
        double[][] q2 = unitary(n, seed + 1);
        double[][] a = new double[m][2 * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double re = 0;
                double im = 0;
                for (int k = 0; k < sigma.length; k++) {
                    double ar = q1[i][2 * k] * sigma[k];
                    double ai = q1[i][2 * k + 1] * sigma[k];
                    double br = q2[j][2 * k];
                    double bi = -q2[j][2 * k + 1]; // conj
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                a[i][2 * j] = re;
                a[i][2 * j + 1] = im;
            }
        }
        return a;
    }

    /** A seeded n×n unitary (complex t) or orthogonal (real t) matrix of dtype t. */
    static Matrix unitaryMatrix(int n, long seed, DType t) {
        double[][] q = reflectors(n, seed, t.isComplex());
        return fromPairs(q, n, n, t);
    }

    /** A matrix of dtype t from interleaved rows (imaginary parts must be 0 for a real t). */
    static Matrix fromPairs(double[][] pairs, int m, int n, DType t) {
        if (t.isComplex()) {
            return m == 0 ? Matrix.zeros(0, n, t) : Matrix.ofComplex(pairs, t);
        }
        Matrix a = Matrix.zeros(m, n, t);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(0.0, pairs[i][2 * j + 1], "real dtype from a complex value");
                a.set(i, j, pairs[i][2 * j]);
            }
        }
        return a;
    }

    /**
     * {@code Q·diag(λ)·Qᴴ} of dtype t with Q from {@link #unitaryMatrix}: eigenvalues exactly λ
     * (re[j] + i·im[j]; im must be 0 for a real t), determinant their product. Hermitian when
     * every λ is real.
     */
    static Matrix withEigenvalues(double[] re, double[] im, long seed, DType t) {
        int n = re.length;
        double[][] d = new double[n][2 * n];
        for (int j = 0; j < n; j++) {
            d[j][2 * j] = re[j];
            d[j][2 * j + 1] = im[j];
        }
        try (Matrix q = unitaryMatrix(n, seed, t); Matrix dm = fromPairs(d, n, n, t); Matrix qh = q.conjugateTranspose();
             Matrix qd = q.multiply(dm)) {
            return qd.multiply(qh);
        }
    }

    /** ‖X − Y‖_F. */
    static double distance(Matrix x, Matrix y) {
        try (Matrix d = x.subtract(y)) {
            return d.normFrobenius();
        }
    }

    /** ‖XᴴX − I‖_F for an m×c matrix X with c ≤ m (orthonormal columns). */
    static double unitaryColumnsError(Matrix x) {
        try (Matrix xh = x.conjugateTranspose(); Matrix g = xh.multiply(x); Matrix i = Matrix.identity(g.rows(), g.dtype());
             Matrix d = g.subtract(i)) {
            return d.normFrobenius();
        }
    }

    /** ‖XXᴴ − I‖_F for an r×n matrix X with r ≤ n (orthonormal rows). */
    static double unitaryRowsError(Matrix x) {
        try (Matrix xh = x.conjugateTranspose(); Matrix g = x.multiply(xh); Matrix i = Matrix.identity(g.rows(), g.dtype());
             Matrix d = g.subtract(i)) {
            return d.normFrobenius();
        }
    }

    /** ‖A − U[:, :k]·diag(s)·Vᴴ[:k, :]‖_F / ‖A‖_F (0 for a zero A with a zero residual). */
    static double reconstructionError(Matrix a, double[] s, Matrix u, Matrix vt) {
        int k = s.length;
        try (Matrix us = u.view(0, 0, u.rows(), k).copy(); Matrix v = vt.view(0, 0, k, vt.cols())) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < us.rows(); i++) {
                    us.setComplex(i, j, us.getRe(i, j) * s[j], us.getIm(i, j) * s[j]);
                }
            }
            try (Matrix r = us.multiply(v); Matrix d = a.subtract(r)) {
                double na = a.normFrobenius();
                return na == 0 ? d.normFrobenius() : d.normFrobenius() / na;
            }
        }
    }

    /** The complex SVD contract for one input and result (shapes, dtypes, order, residuals). */
    static void checkSvd(Matrix a, Svd svd, Job job, String what) {
        DType t = a.dtype();
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        double tol = SvdChecks.tol(t, m, n);
        double[] s = svd.singularValues();
        assertEquals(k, s.length, what);
        for (int i = 0; i < k; i++) {
            assertTrue(s[i] >= 0 && (i == 0 || s[i] <= s[i - 1]), what + ": σ non-negative, non-increasing: σ" + i);
        }
        assertTrue(svd.routine().startsWith(String.valueOf(t.prefix())), what + " ran " + svd.routine());
        if (job == Job.NONE) {
            return;
        }
        Matrix u = svd.u();
        Matrix vt = svd.vt();
        assertEquals(t, u.dtype(), what + ": U keeps the dtype");
        assertEquals(t, vt.dtype(), what + ": Vᴴ keeps the dtype");
        assertEquals(m, u.rows());
        assertEquals(job == Job.ALL ? m : k, u.cols());
        assertEquals(job == Job.ALL ? n : k, vt.rows());
        assertEquals(n, vt.cols());
        double ue = unitaryColumnsError(u);
        double ve = unitaryRowsError(vt);
        double re = reconstructionError(a, s, u, vt);
        assertTrue(ue <= tol, what + ": ‖UᴴU − I‖ = " + ue + " > " + tol);
        assertTrue(ve <= tol, what + ": ‖VᴴV − I‖ = " + ve + " > " + tol);
        assertTrue(re <= tol, what + ": ‖A − UΣVᴴ‖/‖A‖ = " + re + " > " + tol);
    }

    /** Asserts that {@code call} refuses a complex dtype with an IllegalArgumentException naming it. */
    static void assertRefused(DType t, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(t.numpyName()), e.getMessage());
    }
}
