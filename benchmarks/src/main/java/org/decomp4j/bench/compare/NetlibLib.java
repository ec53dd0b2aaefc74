package org.decomp4j.bench.compare;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import org.decomp4j.DType;
import org.netlib.util.intW;

/**
 * netlib-java 3.x ({@code dev.ludovic.netlib:lapack}, the one Spark ships), called as its users
 * call it: Fortran-style {@code double[]} routines, workspace queried per call. {@code netlib}
 * takes {@code LAPACK.getInstance()}: JNI to the system {@code liblapack.so.3} when that loads,
 * otherwise (one WARNING log line) the F2J translation; {@code netlib-F2J} forces the pure-Java
 * F2J path ({@code JavaLAPACK.getInstance()}). {@link #backend()} says which ran. A native peer:
 * run in its own JVM by {@link NativePeers}, never in {@link Compare}'s JMH runs.
 */
final class NetlibLib implements Library {
    private final boolean f2j;
    private LAPACK lapack;

    NetlibLib(boolean f2j) {
        this.f2j = f2j;
    }

    @Override
    public String name() {
        return f2j ? "netlib-F2J" : "netlib";
    }

    @Override
    public String version() {
        return "dev.ludovic.netlib:lapack:3.0.3";
    }

    @Override
    public String howCalled() {
        return "`dgesdd` (JOBZ S / N), `dgetrf`, `dgeqrf` + `dorgqr`, `dpotrf` on `double[]`, workspace queried per "
                + "call, input copied first (the routines overwrite it)";
    }

    @Override
    public String backend() {
        return lapack == null ? "not loaded" : lapack.getClass().getSimpleName();
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return dtype == DType.F64 && switch (op) {
            case SVD_THIN, SVD_VALUES, LU, QR_Q, CHOLESKY -> true;
            default -> false;
        };
    }

    private LAPACK lapack() {
        if (lapack == null) {
            lapack = f2j ? JavaLAPACK.getInstance() : LAPACK.getInstance();
        }
        return lapack;
    }

    @Override
    public Task task(Problem p) {
        LAPACK la = lapack();
        int m = p.m;
        int n = p.n;
        int k = Math.min(m, n);
        return switch (p.op) {
            case SVD_THIN, SVD_VALUES -> {
                boolean vectors = p.op == Op.SVD_THIN;
                yield new Task(() -> {
                    double[] a = p.a.clone();
                    double[] s = new double[k];
                    double[] u = new double[vectors ? m * k : 1];
                    double[] vt = new double[vectors ? k * n : 1];
                    int[] iwork = new int[8 * k];
                    String jobz = vectors ? "S" : "N";
                    double[] q = new double[1];
                    intW info = new intW(0);
                    la.dgesdd(jobz, m, n, a, m, s, u, m, vt, vectors ? k : 1, q, -1, iwork, info);
                    ok("dgesdd", info);
                    double[] work = new double[(int) q[0]];
                    la.dgesdd(jobz, m, n, a, m, s, u, m, vt, vectors ? k : 1, work, work.length, iwork, info);
                    ok("dgesdd", info);
                    return new double[][] {s, u, vt};
                }, r -> {
                    double[][] x = (double[][]) r;
                    if (vectors) {
                        Check.svd(p, x[0], (i, j) -> x[1][i + j * m], k, (i, j) -> x[2][j + i * k], k);
                    } else {
                        Check.values(p, x[0]);
                    }
                });
            }
            case LU -> new Task(() -> {
                double[] a = p.a.clone();
                int[] ipiv = new int[n];
                intW info = new intW(0);
                la.dgetrf(n, n, a, n, ipiv, info);
                ok("dgetrf", info);
                return new Object[] {a, ipiv};
            }, r -> {
                double[] a = (double[]) ((Object[]) r)[0];
                Check.lu(p, (i, j) -> a[i + j * n], (i, j) -> a[i + j * n],
                        Check.permutation((int[]) ((Object[]) r)[1], 1));
            });
            case QR_Q -> new Task(() -> {
                double[] a = p.a.clone();
                double[] tau = new double[k];
                double[] q = new double[1];
                intW info = new intW(0);
                la.dgeqrf(m, n, a, m, tau, q, -1, info);
                ok("dgeqrf", info);
                double[] work = new double[(int) q[0]];
                la.dgeqrf(m, n, a, m, tau, work, work.length, info);
                ok("dgeqrf", info);
                double[] rr = new double[k * n];
                for (int j = 0; j < n; j++) {
                    System.arraycopy(a, j * m, rr, j * k, Math.min(j + 1, k));
                }
                la.dorgqr(m, k, k, a, m, tau, q, -1, info);
                ok("dorgqr", info);
                if (q[0] > work.length) {
                    work = new double[(int) q[0]];
                }
                la.dorgqr(m, k, k, a, m, tau, work, work.length, info);
                ok("dorgqr", info);
                return new double[][] {a, rr};
            }, r -> {
                double[][] x = (double[][]) r;
                Check.qr(p, (i, j) -> x[0][i + j * m], (i, j) -> x[1][i + j * k]);
            });
            case CHOLESKY -> new Task(() -> {
                double[] a = p.a.clone();
                intW info = new intW(0);
                la.dpotrf("L", n, a, n, info);
                ok("dpotrf", info);
                return a;
            }, r -> Check.cholesky(p, (i, j) -> ((double[]) r)[i + j * n], true));
            default -> throw new UnsupportedOperationException(p.op + " is not measured for netlib-java");
        };
    }

    private static void ok(String routine, intW info) {
        if (info.val != 0) {
            throw new IllegalStateException(routine + " info = " + info.val);
        }
    }
}
