package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Potrf;

/**
 * The one Cholesky executor: the n×n factor of one triangle ({@code 'L'}: A = L·Lᵀ, {@code 'U'}:
 * A = Uᵀ·U), allocated once, filled by {@link #run} once ({@code Cholesky.of}) or many times
 * ({@code CholeskyWorkspace}, the batch); it also solves, inverts and estimates the condition
 * from the factor. One thread at a time; not a user API.
 */
public final class CholeskyWork implements AutoCloseable {
    private final int n;
    private final DType dtype;
    private final char uplo;
    private final Block f;
    private volatile double anorm = -1; // ‖A‖₁, rebuilt from the factor on the first rcond()
    private boolean otherTriangleZeroed;

    /** Allocates for n×n matrices of {@code dtype}, factor in triangle {@code uplo} ('L' or 'U'). */
    public CholeskyWork(int n, DType dtype, char uplo) {
        this.n = n;
        this.dtype = dtype;
        this.uplo = uplo;
        this.f = Block.allocate(dtype, n, n);
    }

    /**
     * Factors {@code a} (untouched; only the {@code uplo} triangle is read).
     *
     * @param scan scan that triangle for NaN/Inf first
     * @throws NonFiniteInputException      naming the entry, when scanning
     * @throws org.decomp4j.NotPositiveDefiniteException naming the failing leading minor
     */
    public void run(Matrix a, boolean scan) {
        Storage.copyInto(a, f);
        if (scan) {
            requireFiniteTriangle();
        }
        // the real path rebuilds ‖A‖₁ from the factor on demand (syrk + lansy); their Hermitian
        // twins (herk, lanhe) are not bound, so a complex run sums the triangle now, O(n²)
        anorm = dtype.isComplex() ? hermitianNorm1() : -1;
        Potrf.potrf(uplo, f);
        otherTriangleZeroed = false;
    }

    /** ‖A‖₁ of the Hermitian matrix whose {@code uplo} triangle is in {@code f} (diagonal: real part only, as potrf reads it). */
    private double hermitianNorm1() {
        double[] colSum = new double[n];
        double[] col = new double[2 * Math.max(1, n)];
        for (int j = 0; j < n; j++) {
            int from = uplo == 'L' ? j : 0;
            int count = uplo == 'L' ? n - j : j + 1;
            f.buffer().read(f.index(from, j) * 2, col, 0, 2 * count);
            for (int q = 0; q < count; q++) {
                int i = from + q;
                if (i == j) {
                    colSum[j] += Math.abs(col[2 * q]);
                } else {
                    double v = Math.hypot(col[2 * q], col[2 * q + 1]);
                    colSum[j] += v; // a[i][j] and its mirror a[j][i] = conj(a[i][j]) in column i
                    colSum[i] += v;
                }
            }
        }
        double norm = 0;
        for (double v : colSum) {
            norm = Double.isNaN(v) ? v : Math.max(norm, v);
            if (Double.isNaN(norm)) {
                break;
            }
        }
        return norm;
    }

    /**
     * Scans the triangle potrf reads, as LAPACKE's own check does. One vectorised {@code ?asum}
     * over the whole copy settles the usual case; only when it is not finite are the columns of
     * the triangle summed, and searched where their sum is not finite.
     */
    private void requireFiniteTriangle() {
        if (Double.isFinite(Blas.asum(f.buffer(), f.offset(), f.size(), 1))) {
            return; // one call over the whole (contiguous) copy: every entry finite
        }
        for (int j = 0; j < n; j++) {
            int from = uplo == 'L' ? j : 0;
            int count = uplo == 'L' ? n - j : j + 1;
            if (!Double.isFinite(Blas.asum(f.buffer(), f.index(from, j), count, 1))) {
                for (int i = from; i < from + count; i++) {
                    double re = f.re(i, j);
                    double im = f.im(i, j);
                    if (!Double.isFinite(re)) {
                        throw dtype.isComplex() ? new NonFiniteInputException("A", "real part", i, j, re, n, n)
                                : new NonFiniteInputException("A", i, j, re, n, n);
                    }
                    if (!Double.isFinite(im)) {
                        throw new NonFiniteInputException("A", "imaginary part", i, j, im, n, n);
                    }
                }
            }
        }
    }

    /** The factor as potrf leaves it (the other triangle holds A's entries); owned by this work. */
    public Block packed() {
        return f;
    }

    /** The factor with the other triangle set to zero (done once per run). */
    public synchronized Block factor() {
        if (!otherTriangleZeroed) { // potrf leaves the other triangle as it was
            Blas.zeroStrictTriangle(uplo == 'L' ? 'U' : 'L', f);
            otherTriangleZeroed = true;
        }
        return f;
    }

    /** Diagonal entry {@code i} of the factor (real and positive, also for a complex factor). */
    public double diagonal(int i) {
        return f.re(i, i);
    }

    /** Solves {@code A·X = B} in place in {@code x} ({@code potrs}). */
    public void solve(Block x) {
        Potrf.potrs(uplo, f, x);
    }

    /** Writes {@code A⁻¹} (symmetric or Hermitian, both triangles) into the n×n {@code dst} ({@code potri}). */
    public void inverse(Block dst) {
        Blas.copy(f, dst);
        Potrf.potri(uplo, dst);
        if (dtype.isComplex()) { // mirror the conjugates, element by element (O(n²) beside potri's n³)
            for (int j = 0; j < n; j++) {
                for (int i = j + 1; i < n; i++) {
                    if (uplo == 'L') {
                        dst.set(j, i, dst.re(i, j), -dst.im(i, j));
                    } else {
                        dst.set(i, j, dst.re(j, i), -dst.im(j, i));
                    }
                }
            }
            return;
        }
        double[] col = new double[Math.max(1, n)];
        for (int j = 0; j < n; j++) { // potri fills one triangle; mirror it, a column at a time
            int len = n - j - 1;
            if (len == 0) {
                continue;
            }
            if (uplo == 'L') { // column j below the diagonal becomes row j right of it
                dst.buffer().read(dst.index(j + 1, j), col, 0, len);
                for (int i = 0; i < len; i++) {
                    dst.set(j, j + 1 + i, col[i]);
                }
            } else { // row j right of the diagonal becomes column j below it
                for (int i = 0; i < len; i++) {
                    col[i] = dst.get(j, j + 1 + i);
                }
                dst.buffer().write(dst.index(j + 1, j), col, 0, len);
            }
        }
    }

    /**
     * Reciprocal condition estimate in the 1-norm ({@code pocon}). The first call rebuilds A's
     * triangle from the factor ({@code syrk}, {@code n³/3} flops) and keeps the norm.
     */
    public double rcond() {
        double norm = anorm;
        if (norm < 0) {
            Block a = Block.allocate(dtype, n, n);
            try {
                Blas.syrk(uplo, uplo == 'U', 1.0, f, 0.0, a); // L·Lᵀ or Uᵀ·U
                norm = Blas.lansy('1', uplo, a);
            } finally {
                a.buffer().close();
            }
            anorm = norm;
        }
        return Double.isFinite(norm) ? Potrf.pocon(uplo, f, norm) : 0.0;
    }

    /** True once closed. */
    public boolean isClosed() {
        return f.buffer().isClosed();
    }

    /** Frees the factor. Idempotent. */
    @Override
    public void close() {
        f.buffer().close();
    }
}
