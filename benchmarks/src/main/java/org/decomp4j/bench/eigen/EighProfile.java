package org.decomp4j.bench.eigen;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyev_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd_2stage_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsytrd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dormtr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dstedc_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dstemr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlarfb_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlarft_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dorgtr_work;
import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.decomp4j.EighDriver;
import org.decomp4j.EighOptions;
import org.decomp4j.Eigh;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Where the time of a warm all-pairs {@code Eigh.of} goes at one n (issue 16's peer target):
 * raw LAPACKE drivers ({@code dsyevd}, {@code dsyevr} RANGE=A, {@code dsyev}, the 2-stage
 * {@code dsyevd} with values only, {@code dsytrd} alone) beside decomp4j's {@code Eigh} (AUTO,
 * SYEVR, one triangle named, finiteness scan off) and ojAlgo, on the same matrix in one JVM.
 * The cases alternate round by round; each line prints the median wall time and the median
 * process CPU time ÷ wall time (how many cores the case kept busy).
 *
 * <p>Arguments: {@code n rounds threads [regex]} (the regex keeps the cases whose name it finds). Input: {@code (R + Rᵀ)/2}, R seeded uniform [0, 1), as
 * in the comparison. Run with {@code -Xss16m}: every case runs on a 512 MiB-stack thread.
 */
public final class EighProfile {
    private EighProfile() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        java.util.regex.Pattern only = java.util.regex.Pattern.compile(args.length > 3 ? args[3] : ".*");
        Thread t = new Thread(null, () -> run(n, rounds, threads, only), "eigh-profile", 512L << 20);
        t.start();
        t.join();
    }

    private static void run(int n, int rounds, int threads, java.util.regex.Pattern only) {
        NativeConfig.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(42);
        double[] r = new double[n * n];
        for (int i = 0; i < r.length; i++) {
            r[i] = rnd.nextDouble();
        }
        double[] s = new double[n * n]; // column-major = row-major: symmetric
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                s[i + j * n] = 0.5 * (r[i + j * n] + r[j + i * n]);
            }
        }
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += s[i + i * n];
        }
        final double tr = trace;
        Matrix a = Matrix.fromColumnMajor(n, n, s);
        DoublePointer src = new DoublePointer(s);
        DoublePointer buf = new DoublePointer((long) n * n);
        DoublePointer z = new DoublePointer((long) n * n);
        DoublePointer w = new DoublePointer(n);
        DoublePointer tau = new DoublePointer(n);
        DoublePointer e = new DoublePointer(n);
        IntPointer isuppz = new IntPointer(2L * n);
        DoublePointer q = new DoublePointer(1);
        IntPointer qi = new IntPointer(1);
        byte v = (byte) 'V';
        byte l = (byte) 'L';

        // workspaces: LAPACK's preferred sizes
        check("syevd query", LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, v, l, n, buf, n, w, q, -1, qi, -1));
        DoublePointer wkD = new DoublePointer((long) q.get(0));
        IntPointer iwD = new IntPointer(qi.get(0));
        int lwD = (int) q.get(0);
        int liwD = qi.get(0);
        check("syevr query", LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, v, (byte) 'A', l, n, buf, n, 0, 0, 0, 0, 0,
                new IntPointer(1), w, z, n, isuppz, q, -1, qi, -1));
        DoublePointer wkR = new DoublePointer((long) q.get(0));
        IntPointer iwR = new IntPointer(qi.get(0));
        int lwR = (int) q.get(0);
        int liwR = qi.get(0);
        IntPointer mOut = new IntPointer(1);
        check("syev query", LAPACKE_dsyev_work(LAPACK_COL_MAJOR, v, l, n, buf, n, w, q, -1));
        int lwS = (int) q.get(0);
        DoublePointer wkS = new DoublePointer(lwS);
        check("syevd_2stage query", LAPACKE_dsyevd_2stage_work(LAPACK_COL_MAJOR, (byte) 'N', l, n, buf, n, w, q, -1,
                qi, -1));
        int lw2 = (int) q.get(0);
        DoublePointer wk2 = new DoublePointer(lw2);
        int liw2 = qi.get(0);
        IntPointer iw2 = new IntPointer(Math.max(1, liw2));
        check("syevd N query", LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, (byte) 'N', l, n, buf, n, w, q, -1, qi, -1));
        int lwN = (int) q.get(0);
        DoublePointer wkN = new DoublePointer(lwN);
        int liwN = qi.get(0);
        IntPointer iwN = new IntPointer(Math.max(1, liwN));
        check("sytrd query", LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, l, n, buf, n, w, e, tau, q, -1));
        int lwT = (int) q.get(0);
        DoublePointer wkT = new DoublePointer(lwT);

        // the stages of dsyevd/dsyevr: reduce once, keep the reflectors, d, e and tau
        copy(src, buf, n);
        check("dsytrd", LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, l, n, buf, n, w, e, tau, wkT, lwT));
        DoublePointer red = new DoublePointer((long) n * n);
        copy(buf, red, n);
        DoublePointer d0 = new DoublePointer(n);
        DoublePointer e0 = new DoublePointer(n);
        org.bytedeco.javacpp.Pointer.memcpy(d0, w, 8L * n);
        org.bytedeco.javacpp.Pointer.memcpy(e0, e, 8L * n);
        check("dstedc query", LAPACKE_dstedc_work(LAPACK_COL_MAJOR, (byte) 'I', n, w, e, z, n, q, -1, qi, -1));
        int lwC = (int) q.get(0);
        DoublePointer wkC = new DoublePointer(lwC);
        int liwC = qi.get(0);
        IntPointer iwC = new IntPointer(liwC);
        check("dormtr query", LAPACKE_dormtr_work(LAPACK_COL_MAJOR, (byte) 'L', l, (byte) 'N', n, n, buf, n, tau, z, n,
                q, -1));
        int lwO = (int) q.get(0);
        DoublePointer wkO = new DoublePointer(lwO);
        IntPointer tryrac = new IntPointer(1);
        tryrac.put(0, 1);
        check("dstemr query", LAPACKE_dstemr_work(LAPACK_COL_MAJOR, v, (byte) 'A', n, w, e, 0, 0, 0, 0, mOut, w, z, n,
                n, isuppz, tryrac, q, -1, qi, -1));
        int lwM = (int) q.get(0);
        DoublePointer wkM = new DoublePointer(lwM);
        int liwM = qi.get(0);
        IntPointer iwM = new IntPointer(liwM);
        DoublePointer wM = new DoublePointer(n);

        check("dorgtr query", LAPACKE_dorgtr_work(LAPACK_COL_MAJOR, l, n, buf, n, tau, q, -1));
        int lwG = (int) q.get(0);
        DoublePointer wkG = new DoublePointer(lwG);
        DoublePointer out = new DoublePointer((long) n * n);
        DoublePointer tmat = new DoublePointer(256L * 256);
        DoublePointer wkB = new DoublePointer(256L * n);
        // a reference Z·(tridiagonal vectors) to compare the back-transformations with
        org.bytedeco.javacpp.Pointer.memcpy(w, d0, 8L * n);
        org.bytedeco.javacpp.Pointer.memcpy(e, e0, 8L * n);
        check("dstedc", LAPACKE_dstedc_work(LAPACK_COL_MAJOR, (byte) 'I', n, w, e, z, n, wkC, lwC, iwC, liwC));
        DoublePointer zt = new DoublePointer((long) n * n);
        copy(z, zt, n);
        DoublePointer ref = new DoublePointer((long) n * n);
        copy(zt, ref, n);
        check("dormtr", LAPACKE_dormtr_work(LAPACK_COL_MAJOR, (byte) 'L', l, (byte) 'N', n, n, red, n, tau, ref, n,
                wkO, lwO));

        Eigenvalue<Double> oj = Eigenvalue.R064.make(R064Store.wrap(s.clone(), n), true);
        R064Store ojIn = R064Store.wrap(s.clone(), n);

        Map<String, Supplier<Double>> cases = new LinkedHashMap<>();
        cases.put("copy n² (memcpy)", () -> {
            copy(src, buf, n);
            return tr;
        });
        cases.put("raw dsyevd_work V", () -> {
            copy(src, buf, n);
            check("dsyevd", LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, v, l, n, buf, n, w, wkD, lwD, iwD, liwD));
            return sum(w, n);
        });
        cases.put("raw dsyevd_work V, upper", () -> {
            copy(src, buf, n);
            check("dsyevd U", LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, v, (byte) 'U', n, buf, n, w, wkD, lwD, iwD, liwD));
            return sum(w, n);
        });
        cases.put("raw dsyevr_work V A", () -> {
            copy(src, buf, n);
            check("dsyevr", LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, v, (byte) 'A', l, n, buf, n, 0, 0, 0, 0, 0, mOut,
                    w, z, n, isuppz, wkR, lwR, iwR, liwR));
            return sum(w, n);
        });
        cases.put("raw dsyev_work V", () -> {
            copy(src, buf, n);
            check("dsyev", LAPACKE_dsyev_work(LAPACK_COL_MAJOR, v, l, n, buf, n, w, wkS, lwS));
            return sum(w, n);
        });
        cases.put("raw dsytrd_work alone", () -> {
            copy(src, buf, n);
            check("dsytrd", LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, l, n, buf, n, w, e, tau, wkT, lwT));
            return tr;
        });
        cases.put("raw dsytrd_work alone, upper", () -> {
            copy(src, buf, n);
            check("dsytrd U", LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, (byte) 'U', n, buf, n, w, e, tau, wkT, lwT));
            return tr;
        });
        cases.put("raw dsyevd_work N", () -> {
            copy(src, buf, n);
            check("dsyevd N", LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, (byte) 'N', l, n, buf, n, w, wkN, lwN, iwN, liwN));
            return sum(w, n);
        });
        cases.put("raw dsyevd_2stage_work N", () -> {
            copy(src, buf, n);
            check("dsyevd_2stage", LAPACKE_dsyevd_2stage_work(LAPACK_COL_MAJOR, (byte) 'N', l, n, buf, n, w, wk2, lw2,
                    iw2, liw2));
            return sum(w, n);
        });
        cases.put("stage dstedc I (tridiagonal D&C)", () -> {
            org.bytedeco.javacpp.Pointer.memcpy(w, d0, 8L * n);
            org.bytedeco.javacpp.Pointer.memcpy(e, e0, 8L * n);
            check("dstedc", LAPACKE_dstedc_work(LAPACK_COL_MAJOR, (byte) 'I', n, w, e, z, n, wkC, lwC, iwC, liwC));
            return sum(w, n);
        });
        cases.put("stage dstemr A (tridiagonal MRRR)", () -> {
            org.bytedeco.javacpp.Pointer.memcpy(w, d0, 8L * n);
            org.bytedeco.javacpp.Pointer.memcpy(e, e0, 8L * n);
            tryrac.put(0, 1);
            check("dstemr", LAPACKE_dstemr_work(LAPACK_COL_MAJOR, v, (byte) 'A', n, w, e, 0, 0, 0, 0, mOut, wM, z, n,
                    n, isuppz, tryrac, wkM, lwM, iwM, liwM));
            return sum(wM, n);
        });
        cases.put("stage dormtr (apply Q to n×n)", () -> {
            copy(red, buf, n);
            check("dormtr", LAPACKE_dormtr_work(LAPACK_COL_MAJOR, (byte) 'L', l, (byte) 'N', n, n, buf, n, tau, z, n,
                    wkO, lwO));
            return tr;
        });
        cases.put("cblas_dgemm n³", () -> {
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, zt, n, zt, n, 0.0, out, n);
            return tr;
        });
        cases.put("back: dorgtr + dgemm", () -> {
            copy(red, buf, n);
            check("dorgtr", LAPACKE_dorgtr_work(LAPACK_COL_MAJOR, l, n, buf, n, tau, wkG, lwG));
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, buf, n, zt, n, 0.0, out, n);
            compare("dorgtr + dgemm", out, ref, n);
            return tr;
        });
        cases.put("back: dorgtr alone", () -> {
            copy(red, buf, n);
            check("dorgtr", LAPACKE_dorgtr_work(LAPACK_COL_MAJOR, l, n, buf, n, tau, wkG, lwG));
            return tr;
        });
        for (int nb : new int[] {32, 64, 128, 256}) {
            cases.put("back: dlarft/dlarfb nb " + nb, () -> {
                copy(zt, out, n);
                int k = n - 1;
                int m = n - 1;
                for (int i = ((k - 1) / nb) * nb; i >= 0; i -= nb) {
                    int ib = Math.min(nb, k - i);
                    DoublePointer vv = red.getPointer(1L + i + (long) i * n);
                    check("dlarft", LAPACKE_dlarft_work(LAPACK_COL_MAJOR, (byte) 'F', (byte) 'C', m - i, ib, vv, n,
                            tau.getPointer(i), tmat, nb));
                    check("dlarfb", LAPACKE_dlarfb_work(LAPACK_COL_MAJOR, (byte) 'L', (byte) 'N', (byte) 'F',
                            (byte) 'C', m - i, n, ib, vv, n, tmat, nb, out.getPointer(1L + i), n, wkB, n));
                }
                compare("dlarfb " + nb, out, ref, n);
                return tr;
            });
        }
        DoublePointer panel = new DoublePointer(512L * n);
        DoublePointer wy = new DoublePointer(512L * n);
        DoublePointer tm2 = new DoublePointer(512L * 512);
        for (int nb : new int[] {64, 128, 256, 512}) {
            cases.put("back: dlarft alone nb " + nb, () -> {
                int k = n - 1;
                int m = n - 1;
                for (int i = ((k - 1) / nb) * nb; i >= 0; i -= nb) {
                    int ib = Math.min(nb, k - i);
                    DoublePointer vv = red.getPointer(1L + i + (long) i * n);
                    check("dlarft", LAPACKE_dlarft_work(LAPACK_COL_MAJOR, (byte) 'F', (byte) 'C', m - i, ib, vv, n,
                            tau.getPointer(i), tmat, nb));
                }
                return tr;
            });
            for (boolean syrkT : new boolean[] {false, true}) {
                cases.put("back: gemm-WY " + (syrkT ? "syrk-T" : "dlarft-T") + " nb " + nb, () -> {
                    copy(zt, out, n);
                    int k = n - 1;
                    int m = n - 1;
                    for (int i = ((k - 1) / nb) * nb; i >= 0; i -= nb) {
                        int ib = Math.min(nb, k - i);
                        int rows = m - i;
                        // dense panel: zeros above the unit diagonal
                        for (int c = 0; c < ib; c++) {
                            long col = (long) c * rows;
                            for (int rr = 0; rr < c; rr++) {
                                panel.put(col + rr, 0.0);
                            }
                            panel.put(col + c, 1.0);
                            org.bytedeco.javacpp.Pointer.memcpy(panel.getPointer(col + c + 1),
                                    red.getPointer(1L + i + c + 1 + (long) (i + c) * n), 8L * (rows - c - 1));
                        }
                        if (syrkT) {
                            org.bytedeco.openblas.global.openblas.cblas_dsyrk(CblasColMajor,
                                    org.bytedeco.openblas.global.openblas.CblasUpper,
                                    org.bytedeco.openblas.global.openblas.CblasTrans, ib, rows, 1.0, panel, rows, 0.0,
                                    tm2, ib);
                            for (int c = 0; c < ib; c++) {
                                double tc = tau.get(i + c);
                                long col = (long) c * ib;
                                for (int rr = 0; rr < c; rr++) {
                                    tm2.put(col + rr, -tc * tm2.get(col + rr));
                                }
                                if (c > 0) {
                                    org.bytedeco.openblas.global.openblas.cblas_dtrmv(CblasColMajor,
                                            org.bytedeco.openblas.global.openblas.CblasUpper, CblasNoTrans,
                                            org.bytedeco.openblas.global.openblas.CblasNonUnit, c, tm2, ib,
                                            tm2.getPointer(col), 1);
                                }
                                tm2.put(col + c, tc);
                            }
                        } else {
                            check("dlarft", LAPACKE_dlarft_work(LAPACK_COL_MAJOR, (byte) 'F', (byte) 'C', rows, ib,
                                    panel, rows, tau.getPointer(i), tm2, ib));
                        }
                        DoublePointer cs = out.getPointer(1L + i);
                        cblas_dgemm(CblasColMajor, org.bytedeco.openblas.global.openblas.CblasTrans, CblasNoTrans, ib, n,
                                rows, 1.0, panel, rows, cs, n, 0.0, wy, ib);
                        org.bytedeco.openblas.global.openblas.cblas_dtrmm(CblasColMajor,
                                org.bytedeco.openblas.global.openblas.CblasLeft,
                                org.bytedeco.openblas.global.openblas.CblasUpper, CblasNoTrans,
                                org.bytedeco.openblas.global.openblas.CblasNonUnit, ib, n, 1.0, tm2, ib, wy, ib);
                        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, rows, n, ib, -1.0, panel, rows, wy, ib,
                                1.0, cs, n);
                    }
                    compare("gemm-WY " + nb, out, ref, n);
                    return tr;
                });
            }
        }
        // decomp4j's own back-transformation (lapack.Tridiagonal), on the same reflectors and vectors
        double[] redArr = new double[n * n];
        red.get(redArr);
        double[] ztArr = new double[n * n];
        zt.get(ztArr);
        Matrix redM = Matrix.fromColumnMajor(n, n, redArr);
        Matrix ztM = Matrix.fromColumnMajor(n, n, ztArr);
        Matrix outM = Matrix.zeros(n, n, org.decomp4j.DType.F64);
        org.decomp4j.lapack.NativeBuffer tauB = org.decomp4j.lapack.NativeBuffer.allocate(org.decomp4j.DType.F64, n);
        for (int i = 0; i < n - 1; i++) {
            tauB.set(i, tau.get(i));
        }
        long lwBt = org.decomp4j.lapack.Tridiagonal.backTransformWork(n, 512);
        org.decomp4j.lapack.NativeBuffer wkBt = org.decomp4j.lapack.NativeBuffer.allocate(org.decomp4j.DType.F64, lwBt);
        for (int nb : new int[] {org.decomp4j.lapack.Tridiagonal.PANEL, 64, 96, 192}) {
            cases.put("stage: Tridiagonal.backTransform nb " + nb, () -> {
                org.decomp4j.lapack.Block c = org.decomp4j.engine.Storage.writable(outM);
                org.decomp4j.lapack.Blas.copy(org.decomp4j.engine.Storage.block(ztM), c);
                org.decomp4j.lapack.Tridiagonal.backTransform('L', org.decomp4j.engine.Storage.block(redM), tauB, c, nb,
                        wkBt, lwBt);
                if (checking) {
                    double worst = 0;
                    for (int j = 0; j < n; j++) {
                        for (int i = 0; i < n; i++) {
                            worst = Math.max(worst, Math.abs(outM.get(i, j) - ref.get(i + (long) j * n)));
                        }
                    }
                    if (!(worst < 1e-12 * n)) {
                        throw new IllegalStateException("backTransform differs from dormtr by " + worst);
                    }
                }
                return tr;
            });
        }
        cases.put("split: dsytrd + dstedc + dlarfb 64", () -> {
            int nb = 64;
            copy(src, buf, n);
            check("dsytrd", LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, l, n, buf, n, w, e, tau, wkT, lwT));
            check("dstedc", LAPACKE_dstedc_work(LAPACK_COL_MAJOR, (byte) 'I', n, w, e, out, n, wkC, lwC, iwC, liwC));
            int k = n - 1;
            for (int i = ((k - 1) / nb) * nb; i >= 0; i -= nb) {
                int ib = Math.min(nb, k - i);
                DoublePointer vv = buf.getPointer(1L + i + (long) i * n);
                check("dlarft", LAPACKE_dlarft_work(LAPACK_COL_MAJOR, (byte) 'F', (byte) 'C', k - i, ib, vv, n,
                        tau.getPointer(i), tmat, nb));
                check("dlarfb", LAPACKE_dlarfb_work(LAPACK_COL_MAJOR, (byte) 'L', (byte) 'N', (byte) 'F',
                        (byte) 'C', k - i, n, ib, vv, n, tmat, nb, out.getPointer(1L + i), n, wkB, n));
            }
            return sum(w, n);
        });
        cases.put("Eigh.of (AUTO)", () -> eigh(a, EighOptions.all()));
        cases.put("Eigh.of lower() (no symmetry check)", () -> eigh(a, EighOptions.all().lower()));
        cases.put("Eigh.of lower(), finite OFF", () -> eigh(a, EighOptions.all().lower().finiteCheck(FiniteCheck.OFF)));
        cases.put("Eigh.of driver SYEVR", () -> eigh(a, EighOptions.all().driver(EighDriver.SYEVR)));
        cases.put("Eigh.of driver SYEVD", () -> eigh(a, EighOptions.all().driver(EighDriver.SYEVD)));
        cases.put("Eigh.of driver STEDC", () -> eigh(a, EighOptions.all().driver(EighDriver.STEDC)));
        cases.put("Eigh.of driver STEDC lower()", () -> eigh(a, EighOptions.all().lower().driver(EighDriver.STEDC)));
        cases.put("Eigh.of driver STEDC upper()", () -> eigh(a, EighOptions.all().upper().driver(EighDriver.STEDC)));
        // the symmetry (Hermitian) check alone: a matrix off in its last pair is scanned whole, then refused
        double[] sc = new double[2 * n * n];
        for (int k = 0; k < n * n; k++) {
            sc[2 * k] = s[k];
        }
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) { // imaginary parts: +x below, −x above (Hermitian)
                double x = r[i + j * n] - 0.5;
                sc[2 * (i + j * n) + 1] = x;
                sc[2 * (j + i * n) + 1] = -x;
            }
        }
        double[] sBad = s.clone();
        sBad[(n - 1) + (n - 2) * n] += 1;
        sc[2 * ((n - 1) + (n - 2) * n)] += 1;
        Matrix aBad = Matrix.fromColumnMajor(n, n, sBad);
        Matrix cBad = Matrix.fromColumnMajorComplex(n, n, sc, org.decomp4j.DType.C128);
        cases.put("symmetry check alone, F64", () -> refused(aBad, tr));
        cases.put("Hermitian check alone, C128", () -> refused(cBad, tr));
        org.decomp4j.dispatch.EighPlan plan = Eigh.plan(a, EighOptions.all());
        cases.put("part: EighWork new + close (query, alloc)", () -> {
            try (org.decomp4j.engine.EighWork ew = new org.decomp4j.engine.EighWork(plan, 'L',
                    org.decomp4j.engine.EighWork.Subset.ALL)) {
                return tr;
            }
        });
        cases.put("part: EighWork new + run + close", () -> {
            try (org.decomp4j.engine.EighWork ew = new org.decomp4j.engine.EighWork(plan, 'L',
                    org.decomp4j.engine.EighWork.Subset.ALL)) {
                ew.run(a, null);
                return Arrays.stream(ew.values()).sum();
            }
        });
        cases.put("part: ... + values + vectors", () -> {
            try (org.decomp4j.engine.EighWork ew = new org.decomp4j.engine.EighWork(plan, 'L',
                    org.decomp4j.engine.EighWork.Subset.ALL)) {
                ew.run(a, null);
                ew.vectors().close();
                return Arrays.stream(ew.values()).sum();
            }
        });
        cases.put("part: requireSymmetric F64 (passes)", () -> {
            org.decomp4j.engine.EighWork.requireSymmetric(a, "A");
            return tr;
        });
        cases.put("Matrix.requireFinite", () -> {
            a.requireFinite("A");
            return tr;
        });
        cases.put("ojAlgo decompose + getV", () -> {
            if (!oj.decompose(ojIn)) {
                throw new IllegalStateException("ojAlgo failed");
            }
            oj.getV();
            double[] ev = new double[n];
            oj.getEigenvalues(ev, java.util.Optional.empty());
            double sm = 0;
            for (double x : ev) {
                sm += x;
            }
            return sm;
        });

        cases.keySet().removeIf(name -> !only.matcher(name).find());
        Map<String, List<double[]>> times = new LinkedHashMap<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int k = -1; k < rounds; k++) { // round -1 warms up
            checking = k < 0;
            for (var c : cases.entrySet()) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                double got = c.getValue().get();
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                if (Math.abs(got - tr) > 1e-9 * n * Math.abs(tr)) {
                    throw new IllegalStateException(c.getKey() + ": Σλ " + got + " ≠ trace " + tr);
                }
                if (k >= 0) {
                    times.computeIfAbsent(c.getKey(), x -> new ArrayList<>()).add(new double[] {wall / 1e6,
                        (double) cpu / wall});
                }
            }
        }
        System.out.printf("n = %d, %d OpenBLAS threads, %d rounds, load %.2f%n", n, threads, rounds,
                os.getSystemLoadAverage());
        System.out.printf("%-40s %10s %10s %8s%n", "case", "median ms", "min ms", "cpu/wall");
        for (var c : times.entrySet()) {
            double[] ms = c.getValue().stream().mapToDouble(x -> x[0]).sorted().toArray();
            double[] util = c.getValue().stream().mapToDouble(x -> x[1]).sorted().toArray();
            System.out.printf("%-40s %10.2f %10.2f %8.2f%n", c.getKey(), ms[ms.length / 2], ms[0],
                    util[util.length / 2]);
        }
    }

    private static double refused(Matrix bad, double tr) {
        try (Eigh e = Eigh.of(bad, EighOptions.all().finiteCheck(FiniteCheck.OFF))) {
            throw new IllegalStateException("not refused");
        } catch (IllegalArgumentException expected) {
            return tr;
        }
    }

    private static double eigh(Matrix a, EighOptions o) {
        try (Eigh e = Eigh.of(a, o)) {
            e.vectors();
            return Arrays.stream(e.values()).sum();
        }
    }

    private static void copy(DoublePointer from, DoublePointer to, int n) {
        org.bytedeco.javacpp.Pointer.memcpy(to, from, 8L * n * n);
    }

    private static boolean checking;

    private static void compare(String what, DoublePointer x, DoublePointer y, int n) {
        if (!checking) {
            return;
        }
        double worst = 0;
        for (long i = 0; i < (long) n * n; i++) {
            worst = Math.max(worst, Math.abs(x.get(i) - y.get(i)));
        }
        if (!(worst < 1e-12 * n)) {
            throw new IllegalStateException(what + " differs from dormtr by " + worst);
        }
    }

    private static double sum(DoublePointer w, int n) {
        double sm = 0;
        for (int i = 0; i < n; i++) {
            sm += w.get(i);
        }
        return sm;
    }

    private static void check(String what, int info) {
        if (info != 0) {
            throw new IllegalStateException(what + ": info " + info);
        }
    }
}
