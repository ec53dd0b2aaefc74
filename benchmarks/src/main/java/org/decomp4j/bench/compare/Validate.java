package org.decomp4j.bench.compare;

import java.util.List;

import org.decomp4j.Cholesky;
import org.decomp4j.DType;
import org.decomp4j.Eig;
import org.decomp4j.Eigh;
import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.Qr;
import org.decomp4j.Svd;

/**
 * Runs every library's check on every operation, dtype and shape family at small sizes, without
 * timing: a quick proof that each benchmark computes what it claims before anything is measured.
 * Prints one line per case and fails (exit status 1) if any check fails.
 */
final class Validate {
    private Validate() {
    }

    static void run() {
        List<String> shapes = List.of("4", "16", "65", "120x30", "30x120");
        int ok = 0;
        int failed = 0;
        for (Op op : Op.values()) {
            for (DType t : op.float32() ? List.of(DType.F64, DType.F32) : List.of(DType.F64)) {
                for (String sh : shapes) {
                    Shape s = Shape.parse(sh);
                    if (!op.accepts(s.rows(), s.cols())) {
                        continue;
                    }
                    for (Library l : Library.all()) {
                        if (!l.supports(op, t, s)) {
                            continue;
                        }
                        try {
                            l.task(new Problem(op, s, t, 7)).check();
                            ok++;
                        } catch (RuntimeException e) {
                            failed++;
                            System.out.println("FAILED " + l.name() + " " + op + " " + sh + " " + t + ": " + e);
                        }
                    }
                }
            }
        }
        System.out.printf("correct answers came to at most %.3g of a check's limit%n", Check.worstPassing);
        int[] c = controls();
        ok += c[0];
        failed += c[1];
        System.out.println(ok + " passed, " + failed + " failed");
        if (failed > 0) {
            System.exit(1);
        }
    }

    /**
     * Negative controls: each check must reject a slightly wrong answer (one column or value off
     * by 0.1% in float64, 3% in float32), or it could not stop a fast wrong answer either. Returns {passed, failed}.
     */
    private static int[] controls() {
        int ok = 0;
        int failed = 0;
        for (DType t : List.of(DType.F64, DType.F32)) {
            for (String sh : List.of("65", "120x30")) {
                Shape s = Shape.parse(sh);
                List<Runnable> wrong = new java.util.ArrayList<>();
                double f = t == DType.F64 ? 1.001 : 1.03;
                Problem p = new Problem(Op.SVD_THIN, s, t, 7);
                Matrix a = t == DType.F32 ? Matrix.fromColumnMajor(s.rows(), s.cols(), p.floats())
                        : Matrix.fromColumnMajor(s.rows(), s.cols(), p.a);
                Svd svd = Svd.of(a);
                double[] sv = svd.singularValues();
                Matrix u = svd.u();
                Matrix vt = svd.vt();
                int k = sv.length;
                double[] bad = sv.clone();
                bad[k / 2] *= f;
                wrong.add(() -> Check.svd(p, bad, u::get, k, (i, j) -> vt.get(j, i), k));
                double[] bad1 = sv.clone();
                bad1[0] *= f;
                wrong.add(() -> Check.values(p, bad1));
                wrong.add(() -> Check.svd(p, sv, (i, j) -> u.get(i, j) * (j == 1 ? f : 1), k,
                        (i, j) -> vt.get(j, i), k));
                Problem pq = new Problem(Op.QR, s, t, 7);
                Qr qr = Qr.of(a);
                Matrix r = qr.r();
                wrong.add(() -> Check.qrR(pq, (i, j) -> r.get(i, j) * (i == 1 ? f : 1)));
                Matrix q = qr.q();
                wrong.add(() -> Check.qr(pq, (i, j) -> q.get(i, j) * (j == 1 ? f : 1), r::get));
                wrong.add(() -> Check.qr(pq, q::get, (i, j) -> r.get(i, j) * (i == 0 ? f : 1)));
                Problem pl = new Problem(Op.LSTSQ, s, t, 7);
                wrong.add(() -> {
                    Matrix bm = t == DType.F32 ? Matrix.fromColumnMajor(s.rows(), 1, pl.bFloats())
                            : Matrix.fromColumnMajor(s.rows(), 1, pl.b);
                    double[] x = org.decomp4j.LinAlg.lstsq(a, bm).x().toColumnMajorArray();
                    for (int i = 0; i < x.length; i++) {
                        x[i] *= f;
                    }
                    Check.lstsq(pl, x);
                });
                if (s.square()) {
                    Problem pc = new Problem(Op.CHOLESKY, s, t, 7);
                    Matrix spd = t == DType.F32 ? Matrix.fromColumnMajor(s.rows(), s.cols(), pc.floats())
                            : Matrix.fromColumnMajor(s.rows(), s.cols(), pc.a);
                    Matrix fac = Cholesky.of(spd).factor();
                    wrong.add(() -> Check.cholesky(pc, (i, j) -> fac.get(i, j) * (j == 2 ? f : 1), true));
                    Problem pu = new Problem(Op.LU, s, t, 7);
                    Lu lu = Lu.of(a);
                    Matrix l = lu.l();
                    Matrix uu = lu.u();
                    int[] perm = lu.permutation();
                    int[] swapped = perm.clone();
                    swapped[0] = perm[1];
                    swapped[1] = perm[0];
                    wrong.add(() -> Check.lu(pu, l::get, uu::get, swapped));
                    wrong.add(() -> Check.lu(pu, (i, j) -> l.get(i, j) * (j == 1 ? f : 1), uu::get,
                            perm));
                    Problem ps = new Problem(Op.SOLVE, s, t, 7);
                    wrong.add(() -> {
                        Matrix bm = t == DType.F32 ? Matrix.fromColumnMajor(s.rows(), 1, ps.bFloats())
                                : Matrix.fromColumnMajor(s.rows(), 1, ps.b);
                        double[] x = org.decomp4j.LinAlg.solve(a, bm).toColumnMajorArray();
                        for (int i = 0; i < x.length; i++) {
                            x[i] *= f;
                        }
                        Check.solve(ps, x);
                    });
                }
                if (s.square() && !t.equals(DType.F32)) {
                    eigenControls(s, f, wrong);
                }
                for (int i = 0; i < wrong.size(); i++) {
                    try {
                        wrong.get(i).run();
                        failed++;
                        System.out.println("FAILED control " + i + " " + sh + " " + t + ": a wrong answer passed");
                    } catch (IllegalStateException expected) {
                        ok++;
                    }
                }
            }
        }
        return new int[] {ok, failed};
    }

    /**
     * Wrong eigen answers (float64, square): one eigenvalue off by the factor {@code f}; one
     * eigenvector scaled (not orthonormal); two eigenvalues swapped, so each is right as a set but
     * paired with the wrong vector; for the general problem also one complex vector conjugated
     * (the other eigenvalue's vector) and one vector zero.
     */
    private static void eigenControls(Shape s, double f, List<Runnable> wrong) {
        int n = s.rows();
        Problem ph = new Problem(Op.EIGH, s, DType.F64, 7);
        Matrix sym = Matrix.fromColumnMajor(n, n, ph.a);
        Eigh h = Eigh.of(sym);
        double[] w = h.values();
        Matrix v = h.vectors();
        double[] off = w.clone();
        off[n / 2] *= f;
        wrong.add(() -> Check.eigh(ph, off, v::get));
        wrong.add(() -> Check.eigh(ph, w, (i, j) -> v.get(i, j) * (j == 1 ? f : 1)));
        double[] swapped = w.clone();
        swapped[0] = w[n - 1];
        swapped[n - 1] = w[0];
        wrong.add(() -> Check.eigh(ph, swapped, v::get));

        Problem pg = new Problem(Op.EIG, s, DType.F64, 7);
        Eig g = Eig.of(Matrix.fromColumnMajor(n, n, pg.a));
        double[] re = g.values().real();
        double[] im = g.values().imaginary();
        Matrix vr = g.vectorsRe();
        Matrix vi = g.vectorsIm();
        int c = 0;
        while (c < n && im[c] == 0) {
            c++;
        }
        if (c == n) {
            throw new IllegalStateException("the general eigen control needs a complex eigenvalue");
        }
        int complex = c;
        int r = 0;
        while (r < n && im[r] != 0) {
            r++;
        }
        if (r == n) {
            throw new IllegalStateException("the general eigen control needs a real eigenvalue");
        }
        int real = r;
        double[] reOff = re.clone();
        reOff[complex] *= f;
        wrong.add(() -> Check.eig(pg, reOff, im, vr::get, vi::get));
        wrong.add(() -> Check.eig(pg, re, im, vr::get, (i, j) -> vi.get(i, j) * (j == complex ? -1 : 1)));
        double[] reSwap = re.clone();
        double[] imSwap = im.clone();
        reSwap[complex] = re[real];
        imSwap[complex] = im[real];
        reSwap[real] = re[complex];
        imSwap[real] = im[complex];
        wrong.add(() -> Check.eig(pg, reSwap, imSwap, vr::get, vi::get));
        wrong.add(() -> Check.eig(pg, re, im, (i, j) -> j == real ? 0 : vr.get(i, j), vi::get));
    }
}
