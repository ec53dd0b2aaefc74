package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Geev;
import org.decomp4j.lapack.NativeBuffer;

/**
 * The one general eigen executor ({@code ?geev}): the input copy, eigenvalues, left and right
 * eigenvectors and workspace of one order, allocated once, {@link #run} once ({@code Eig.of}) or
 * many times. Also the one place that turns LAPACK's packed real layout of complex eigenvectors
 * into separate real and imaginary parts, or into one complex matrix. A complex dtype runs
 * {@code zgeev}/{@code cgeev}: {@code wr} then holds the n complex eigenvalues and {@code wi} the
 * 2n-element real workspace. One thread at a time; not a user API.
 */
public final class EigWork implements AutoCloseable {
    private final int n;
    private final DType dtype;
    private final boolean left;
    private final boolean right;
    private final Block a;
    private final NativeBuffer wr;
    private final NativeBuffer wi;
    private Block vl;
    private Block vr;
    private final NativeBuffer work;
    private final long lwork;

    /**
     * Allocates for n×n matrices of {@code dtype}: LAPACK's preferred workspace when it fits the
     * budget, else the minimum.
     *
     * @throws MemoryBudgetException if even the minimum exceeds {@code budgetBytes} (nothing is allocated)
     */
    public EigWork(int n, DType dtype, boolean left, boolean right, long budgetBytes) {
        this.n = n;
        this.dtype = dtype;
        this.left = left;
        this.right = right;
        char jl = left ? 'V' : 'N';
        char jr = right ? 'V' : 'N';
        long b = dtype.bytes();
        long matrices = (long) n * n * (1 + (left ? 1 : 0) + (right ? 1 : 0)) + 2L * n;
        long min = Geev.minimalWork(dtype, left || right, n);
        long need = (matrices + min) * b;
        if (need > budgetBytes) {
            throw new MemoryBudgetException(need, budgetBytes, String.format(
                    "eig of a %d×%d %s matrix: %sgeev needs %s; the budget is %s: raise it, or skip the %s vectors",
                    n, n, dtype, dtype.prefix(), NativeBuffer.formatBytes(need), NativeBuffer.formatBytes(budgetBytes),
                    left ? "left" : "right"));
        }
        long preferred = Geev.query(dtype, jl, jr, n);
        this.lwork = (matrices + preferred) * b <= budgetBytes ? preferred : min;
        Block ab = null;
        NativeBuffer r = null;
        NativeBuffer i = null;
        NativeBuffer w = null;
        try {
            ab = Block.allocate(dtype, n, n);
            r = NativeBuffer.allocate(dtype, Math.max(1, n)); // complex: W
            i = NativeBuffer.allocate(dtype.real(), Math.max(1, dtype.isComplex() ? 2L * n : n)); // complex: RWORK
            w = NativeBuffer.allocate(dtype, lwork);
            vl = left ? Block.allocate(dtype, n, n) : null;
            vr = right ? Block.allocate(dtype, n, n) : null;
        } catch (RuntimeException | Error e) {
            for (NativeBuffer x : new NativeBuffer[] {ab == null ? null : ab.buffer(), r, i, w,
                vl == null ? null : vl.buffer(), vr == null ? null : vr.buffer()}) {
                if (x != null) {
                    x.close();
                }
            }
            throw e;
        }
        this.a = ab;
        this.wr = r;
        this.wi = i;
        this.work = w;
    }

    /** Solves for {@code m} (untouched, converted to this dtype). */
    public void run(Matrix m) {
        if (n == 0) {
            return;
        }
        Storage.copyInto(m, a);
        if (dtype.isComplex()) {
            Geev.geevComplex(left ? 'V' : 'N', right ? 'V' : 'N', a, wr, vl, vr, work, lwork, wi);
        } else {
            Geev.geev(left ? 'V' : 'N', right ? 'V' : 'N', a, wr, wi, vl, vr, work, lwork);
        }
    }

    /** The routine, e.g. {@code "dgeev"}. */
    public String routine() {
        return dtype.prefix() + "geev";
    }

    /** Real parts of the eigenvalues of the last run, in LAPACK's order. */
    public double[] real() {
        return dtype.isComplex() ? component(0) : read(wr);
    }

    /** Imaginary parts; for a real matrix a conjugate pair is adjacent, positive imaginary part first. */
    public double[] imaginary() {
        return dtype.isComplex() ? component(1) : read(wi);
    }

    /** Real (0) or imaginary (1) parts of the complex eigenvalues W of a complex run. */
    private double[] component(int part) {
        double[] pairs = new double[2 * n];
        if (n > 0) {
            wr.read(0, pairs, 0, 2 * n);
        }
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = pairs[2 * j + part];
        }
        return out;
    }

    private double[] read(NativeBuffer b) {
        double[] out = new double[n];
        if (n > 0) {
            b.read(0, out, 0, n);
        }
        return out;
    }

    /** Hands the right eigenvectors (LAPACK's layout) to the caller, or null without them; once. */
    public Matrix takeRight() {
        Matrix m = vr == null ? null : Storage.own(vr);
        vr = null;
        return m;
    }

    /** Hands the left eigenvectors (LAPACK's layout) to the caller, or null without them; once. */
    public Matrix takeLeft() {
        Matrix m = vl == null ? null : Storage.own(vl);
        vl = null;
        return m;
    }

    /** Bytes of LAPACK workspace allocated. */
    public long workspaceBytes() {
        return lwork * dtype.bytes();
    }

    /**
     * The real ({@code imaginary = false}) or imaginary part of the complex eigenvectors held in
     * LAPACK's real layout {@code packed}: for a real eigenvalue {@code j} (wi[j] = 0) column j is
     * the vector; for a pair {@code (j, j+1)} (wi[j] &gt; 0) the vectors are
     * {@code v(:,j) ± i·v(:,j+1)}. A new n×n matrix of the same dtype, owned by the caller.
     */
    public static Matrix part(Matrix packed, double[] wi, boolean imaginary) {
        int n = packed.rows();
        Matrix out = Matrix.zeros(n, n, packed.dtype());
        try {
            double[] c = new double[n];
            double[] neg = new double[n];
            for (int j = 0; j < n; j++) {
                if (wi[j] == 0 || j + 1 == n) {
                    if (!imaginary) {
                        packed.getColumn(j, 0, c, 0, n);
                        out.setColumn(j, 0, c, 0, n);
                    }
                    continue;
                }
                // a pair: columns j and j+1 hold the real and imaginary parts of the first vector
                packed.getColumn(j + (imaginary ? 1 : 0), 0, c, 0, n);
                out.setColumn(j, 0, c, 0, n);
                if (imaginary) {
                    for (int i = 0; i < n; i++) {
                        neg[i] = -c[i];
                    }
                    out.setColumn(j + 1, 0, neg, 0, n);
                } else {
                    out.setColumn(j + 1, 0, c, 0, n);
                }
                j++;
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /**
     * The n complex eigenvectors held in LAPACK's real layout {@code packed} (see {@link #part})
     * as one complex matrix: C128 for F64, C64 for F32; a complex {@code packed} is copied as it
     * is. A new n×n matrix owned by the caller.
     */
    public static Matrix complex(Matrix packed, double[] wi) {
        if (packed.dtype().isComplex()) {
            return packed.copy();
        }
        int n = packed.rows();
        Matrix out = Matrix.zeros(n, n, packed.dtype().complex());
        try {
            double[] re = new double[n];
            double[] im = new double[n];
            double[] pairs = new double[2 * n];
            for (int j = 0; j < n; j++) {
                packed.getColumn(j, 0, re, 0, n);
                boolean pair = wi[j] != 0 && j + 1 < n;
                if (pair) {
                    packed.getColumn(j + 1, 0, im, 0, n);
                }
                for (int i = 0; i < n; i++) { // v(:,j) + i·v(:,j+1)
                    pairs[2 * i] = re[i];
                    pairs[2 * i + 1] = pair ? im[i] : 0;
                }
                out.setColumnComplex(j, 0, pairs, 0, n);
                if (pair) { // its conjugate, v(:,j) − i·v(:,j+1)
                    for (int i = 0; i < n; i++) {
                        pairs[2 * i + 1] = -im[i];
                    }
                    out.setColumnComplex(j + 1, 0, pairs, 0, n);
                    j++;
                }
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /** Frees what was not handed over. Idempotent. */
    @Override
    public void close() {
        a.buffer().close();
        wr.close();
        wi.close();
        work.close();
        if (vl != null) {
            vl.buffer().close();
        }
        if (vr != null) {
            vr.buffer().close();
        }
    }
}
