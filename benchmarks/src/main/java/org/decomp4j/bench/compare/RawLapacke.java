package org.decomp4j.bench.compare;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelsd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeev_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dge_nancheck;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sge_nancheck;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpo_nancheck;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spo_nancheck;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf2_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgelsd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgeqrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgetrf2_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spotrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.decomp4j.DType;
import org.decomp4j.dispatch.LuPlanner;

/**
 * The physical limit of this binding: the LAPACKE {@code _work} entry point decomp4j uses for an
 * operation, with every buffer and workspace allocated once, no NaN scan, no result objects. Each
 * {@link #run} copies the input into the work buffer first (the routines overwrite it; copying
 * is what a caller who keeps A must do, and decomp4j does it too — JMH sample 38).
 *
 * <p>Routines: SVD {@code ?gesdd} (JOBZ S, N, A), LU {@code ?getrf} or {@code ?getrf2} (the one
 * decomp4j picks for the size), QR {@code ?geqrf}, Cholesky {@code ?potrf} (lower), solve
 * {@code ?getrf}+{@code ?getrs}, least squares {@code ?gelsd} with rcond = max(m, n)·ε (as
 * {@code LinAlg.lstsq}), symmetric eigen {@code dsyevd} (JOBZ V, lower triangle; float64 only), general
 * eigen {@code dgeev} (right vectors only; float64 only). Shared by the library comparison and {@code LargeOverheadBenchmark}.
 * LU at n ≥ 256 with 2 OpenBLAS threads needs a thread stack of 16 MiB ({@code -Xss16m}).
 */
public final class RawLapacke implements AutoCloseable {
    private final Op op;
    private final int m;
    private final int n;
    private final boolean f32;
    private final int k;
    private final long elem;
    private final Pointer src;
    private final Pointer work;
    private final Pointer bsrc;
    private final Pointer bwork;
    private final Pointer s;
    private final Pointer u;
    private final Pointer vt;
    private final Pointer tau;
    private final Pointer lw;
    private final IntPointer ipiv;
    private final IntPointer iwork;
    private final IntPointer rank = new IntPointer(1);
    private final int lwork;
    private final int liwork;
    private final char jobz;
    private final boolean recursiveLu;
    private final double rcond;
    private boolean nanCheck;

    /** Allocates every buffer and queries the workspace for {@code op} on this column-major input. */
    public RawLapacke(Op op, int m, int n, DType dtype, double[] a, double[] b) {
        this.op = op;
        this.m = m;
        this.n = n;
        this.f32 = dtype == DType.F32;
        this.k = Math.min(m, n);
        this.elem = f32 ? 4 : 8;
        long mn = (long) m * n;
        src = alloc(mn);
        work = alloc(mn);
        put(src, a);
        int ldb = Math.max(m, n);
        bsrc = alloc(ldb);
        bwork = alloc(ldb);
        if (b != null) {
            put(bsrc, b);
        }
        jobz = switch (op) {
            case SVD_VALUES -> 'N';
            case SVD_FULL -> 'A';
            default -> 'S';
        };
        if ((op == Op.EIGH || op == Op.EIG) && f32) {
            throw new IllegalArgumentException(op + ": float64 only");
        }
        boolean svd = op == Op.SVD_THIN || op == Op.SVD_FULL || op == Op.SVD_VALUES;
        // geev's right vectors go to u (n×n); s and tau hold wr and wi (syevd: w in s, vectors in work)
        long uLen = op == Op.EIG ? mn : !svd || jobz == 'N' ? 1 : jobz == 'A' ? (long) m * m : (long) m * k;
        long vtLen = !svd || jobz == 'N' ? 1 : jobz == 'A' ? (long) n * n : (long) k * n;
        s = alloc(Math.max(1, k));
        u = alloc(uLen);
        vt = alloc(vtLen);
        tau = alloc(Math.max(1, k));
        ipiv = new IntPointer(Math.max(1, k));
        // gesdd: 8·min(m,n) integers; gelsd: queried below (at least this much)
        iwork = new IntPointer(Math.max(1, 8L * k + 64L * k));
        rcond = Math.max(m, n) * dtype.eps();
        recursiveLu = LuPlanner.plan(dtype, m, n).routine().endsWith("getrf2");
        int[] sizes = query();
        lwork = sizes[0];
        liwork = sizes[1];
        lw = alloc(Math.max(1, lwork));
    }

    /**
     * Makes {@link #run} scan the copied input for NaN/Inf with LAPACKE's own check before the
     * routine ({@code ?ge_nancheck}, {@code ?po_nancheck} on the lower triangle for Cholesky), as
     * the high-level LAPACKE calls do, without their per-call workspace allocation: the like-for-like
     * baseline for decomp4j's default, which scans too. SVD, LU, QR and Cholesky only.
     */
    public RawLapacke withNanCheck() {
        if (op != Op.SVD_THIN && op != Op.SVD_FULL && op != Op.SVD_VALUES && op != Op.LU && op != Op.QR
                && op != Op.CHOLESKY) {
            throw new IllegalArgumentException("no NaN check variant for " + op);
        }
        nanCheck = true;
        return this;
    }

    private void nanCheck() {
        int bad = op == Op.CHOLESKY
                ? (f32 ? LAPACKE_spo_nancheck(LAPACK_COL_MAJOR, (byte) 'L', n, (FloatPointer) work, n)
                        : LAPACKE_dpo_nancheck(LAPACK_COL_MAJOR, (byte) 'L', n, (DoublePointer) work, n))
                : (f32 ? LAPACKE_sge_nancheck(LAPACK_COL_MAJOR, m, n, (FloatPointer) work, m)
                        : LAPACKE_dge_nancheck(LAPACK_COL_MAJOR, m, n, (DoublePointer) work, m));
        if (bad != 0) {
            throw new IllegalStateException("LAPACKE " + op + ": input holds NaN");
        }
    }

    private Pointer alloc(long len) {
        return f32 ? new FloatPointer(len) : new DoublePointer(len);
    }

    private void put(Pointer p, double[] x) {
        if (f32) {
            ((FloatPointer) p).put(Problem.toFloats(x));
        } else {
            ((DoublePointer) p).put(x);
        }
    }

    private double get(Pointer p, long i) {
        return f32 ? ((FloatPointer) p).get(i) : ((DoublePointer) p).get(i);
    }

    private int ldu() {
        return m;
    }

    private int ldvt() {
        return jobz == 'A' ? n : k;
    }

    /** {lwork, liwork}: the routine's preferred workspace (liwork: the integers, where it queries them). */
    private int[] query() {
        Pointer q = alloc(1);
        IntPointer qi = new IntPointer(1);
        try {
            int info = 0;
            switch (op) {
                case SVD_THIN, SVD_VALUES, SVD_FULL -> info = f32
                        ? LAPACKE_sgesdd_work(LAPACK_COL_MAJOR, (byte) jobz, m, n, (FloatPointer) work, m,
                                (FloatPointer) s, (FloatPointer) u, ldu(), (FloatPointer) vt, Math.max(1, ldvt()),
                                (FloatPointer) q, -1, iwork)
                        : LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, (byte) jobz, m, n, (DoublePointer) work, m,
                                (DoublePointer) s, (DoublePointer) u, ldu(), (DoublePointer) vt, Math.max(1, ldvt()),
                                (DoublePointer) q, -1, iwork);
                case QR -> info = f32
                        ? LAPACKE_sgeqrf_work(LAPACK_COL_MAJOR, m, n, (FloatPointer) work, m, (FloatPointer) tau,
                                (FloatPointer) q, -1)
                        : LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, n, (DoublePointer) work, m, (DoublePointer) tau,
                                (DoublePointer) q, -1);
                case LSTSQ -> {
                    int ldb = Math.max(m, n);
                    info = f32
                            ? LAPACKE_sgelsd_work(LAPACK_COL_MAJOR, m, n, 1, (FloatPointer) work, m,
                                    (FloatPointer) bwork, ldb, (FloatPointer) s, (float) rcond, rank,
                                    (FloatPointer) q, -1, qi)
                            : LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, m, n, 1, (DoublePointer) work, m,
                                    (DoublePointer) bwork, ldb, (DoublePointer) s, rcond, rank,
                                    (DoublePointer) q, -1, qi);
                    if (qi.get(0) > iwork.limit()) {
                        throw new IllegalStateException("gelsd needs " + qi.get(0) + " integers");
                    }
                }
                case EIGH -> {
                    info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, (DoublePointer) work, n,
                            (DoublePointer) s, (DoublePointer) q, -1, qi, -1);
                    if (qi.get(0) > iwork.limit()) {
                        throw new IllegalStateException("syevd needs " + qi.get(0) + " integers");
                    }
                }
                case EIG -> info = LAPACKE_dgeev_work(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'V', n, (DoublePointer) work,
                        n, (DoublePointer) s, (DoublePointer) tau, (DoublePointer) vt, 1, (DoublePointer) u, n,
                        (DoublePointer) q, -1);
                default -> {
                    return new int[] {1, 0};
                }
            }
            if (info != 0) {
                throw new IllegalStateException(op + " workspace query: info " + info);
            }
            // round up: an f32 answer may be just below the true integer
            return new int[] {(int) Math.ceil(get(q, 0) * (1 + 1e-6)), op == Op.EIGH ? qi.get(0) : 0};
        } finally {
            q.deallocate();
            qi.deallocate();
        }
    }

    /** Copies A (and b) into the work buffers and runs the routine; returns a value of the result. */
    public double run() {
        Pointer.memcpy(work, src, elem * m * n);
        if (nanCheck) {
            nanCheck();
        }
        int info;
        switch (op) {
            case SVD_THIN, SVD_VALUES, SVD_FULL -> {
                info = f32
                        ? LAPACKE_sgesdd_work(LAPACK_COL_MAJOR, (byte) jobz, m, n, (FloatPointer) work, m,
                                (FloatPointer) s, (FloatPointer) u, ldu(), (FloatPointer) vt, Math.max(1, ldvt()),
                                (FloatPointer) lw, lwork, iwork)
                        : LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, (byte) jobz, m, n, (DoublePointer) work, m,
                                (DoublePointer) s, (DoublePointer) u, ldu(), (DoublePointer) vt, Math.max(1, ldvt()),
                                (DoublePointer) lw, lwork, iwork);
                check(info);
                return get(s, 0);
            }
            case LU, SOLVE -> {
                info = lu();
                check(info);
                if (op == Op.SOLVE) {
                    Pointer.memcpy(bwork, bsrc, elem * n);
                    info = f32
                            ? LAPACKE_sgetrs_work(LAPACK_COL_MAJOR, (byte) 'N', n, 1, (FloatPointer) work, n, ipiv,
                                    (FloatPointer) bwork, n)
                            : LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, (byte) 'N', n, 1, (DoublePointer) work, n, ipiv,
                                    (DoublePointer) bwork, n);
                    check(info);
                    return get(bwork, 0);
                }
                return get(work, 0);
            }
            case QR -> {
                info = f32
                        ? LAPACKE_sgeqrf_work(LAPACK_COL_MAJOR, m, n, (FloatPointer) work, m, (FloatPointer) tau,
                                (FloatPointer) lw, lwork)
                        : LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, n, (DoublePointer) work, m, (DoublePointer) tau,
                                (DoublePointer) lw, lwork);
                check(info);
                return get(work, 0);
            }
            case CHOLESKY -> {
                info = f32
                        ? LAPACKE_spotrf_work(LAPACK_COL_MAJOR, (byte) 'L', n, (FloatPointer) work, n)
                        : LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, (byte) 'L', n, (DoublePointer) work, n);
                check(info);
                return get(work, 0);
            }
            case LSTSQ -> {
                int ldb = Math.max(m, n);
                Pointer.memcpy(bwork, bsrc, elem * m);
                info = f32
                        ? LAPACKE_sgelsd_work(LAPACK_COL_MAJOR, m, n, 1, (FloatPointer) work, m, (FloatPointer) bwork,
                                ldb, (FloatPointer) s, (float) rcond, rank, (FloatPointer) lw, lwork, iwork)
                        : LAPACKE_dgelsd_work(LAPACK_COL_MAJOR, m, n, 1, (DoublePointer) work, m,
                                (DoublePointer) bwork, ldb, (DoublePointer) s, rcond, rank, (DoublePointer) lw, lwork,
                                iwork);
                check(info);
                return get(bwork, 0);
            }
            case EIGH -> {
                info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, (DoublePointer) work, n,
                        (DoublePointer) s, (DoublePointer) lw, lwork, iwork, liwork);
                check(info);
                return get(s, 0);
            }
            case EIG -> {
                info = LAPACKE_dgeev_work(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'V', n, (DoublePointer) work, n,
                        (DoublePointer) s, (DoublePointer) tau, (DoublePointer) vt, 1, (DoublePointer) u, n,
                        (DoublePointer) lw, lwork);
                check(info);
                return get(s, 0);
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }

    private int lu() {
        if (recursiveLu) {
            return f32 ? LAPACKE_sgetrf2_work(LAPACK_COL_MAJOR, m, n, (FloatPointer) work, m, ipiv)
                    : LAPACKE_dgetrf2_work(LAPACK_COL_MAJOR, m, n, (DoublePointer) work, m, ipiv);
        }
        return f32 ? LAPACKE_sgetrf_work(LAPACK_COL_MAJOR, m, n, (FloatPointer) work, m, ipiv)
                : LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, m, n, (DoublePointer) work, m, ipiv);
    }

    private void check(int info) {
        if (info != 0) {
            throw new IllegalStateException("LAPACKE " + op + " " + m + "x" + n + ": info " + info);
        }
    }

    /** The LU routine used ({@code getrf} or {@code getrf2}). */
    public String luRoutine() {
        return recursiveLu ? "getrf2" : "getrf";
    }

    /** Validates the result of the last {@link #run} (LU by a {@code getrs} solve of b). */
    public void validate(Problem p) {
        switch (op) {
            case SVD_THIN, SVD_FULL -> {
                int uCols = jobz == 'A' ? m : k;
                int vCols = jobz == 'A' ? n : k;
                int ldvt = ldvt();
                Check.svd(p, values(), (i, j) -> get(u, i + (long) j * m), uCols, (i, j) -> get(vt, j + (long) i * ldvt),
                        vCols);
            }
            case SVD_VALUES -> Check.values(p, values());
            case QR -> Check.qrR(p, (i, j) -> get(work, i + (long) j * m));
            case CHOLESKY -> Check.cholesky(p, (i, j) -> get(work, i + (long) j * n), true);
            case LU -> {
                Pointer.memcpy(bwork, bsrc, elem * n);
                check(f32
                        ? LAPACKE_sgetrs_work(LAPACK_COL_MAJOR, (byte) 'N', n, 1, (FloatPointer) work, n, ipiv,
                                (FloatPointer) bwork, n)
                        : LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, (byte) 'N', n, 1, (DoublePointer) work, n, ipiv,
                                (DoublePointer) bwork, n));
                Check.solve(p, vector(bwork, n));
            }
            case SOLVE -> Check.solve(p, vector(bwork, n));
            case LSTSQ -> Check.lstsq(p, vector(bwork, n));
            case EIGH -> Check.eigh(p, vector(s, n), (i, j) -> get(work, i + (long) j * n));
            case EIG -> {
                double[] wi = vector(tau, n);
                Check.Mat[] v = Check.unpack((i, j) -> get(u, i + (long) j * n), wi);
                Check.eig(p, vector(s, n), wi, v[0], v[1]);
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }

    private double[] values() {
        return vector(s, k);
    }

    private double[] vector(Pointer p, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = get(p, i);
        }
        return x;
    }

    @Override
    public void close() {
        for (Pointer p : new Pointer[] {src, work, bsrc, bwork, s, u, vt, tau, lw, ipiv, iwork, rank}) {
            p.deallocate();
        }
    }
}
