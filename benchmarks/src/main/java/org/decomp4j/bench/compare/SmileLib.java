package org.decomp4j.bench.compare;

import org.decomp4j.DType;

import smile.math.blas.UPLO;
import smile.math.matrix.Matrix;

/**
 * Smile 3.1.1's {@code smile.math.matrix.Matrix}, which calls LAPACKE through bytedeco's OpenBLAS
 * (here the same OpenBLAS 0.3.31 as decomp4j: Smile's own bytedeco 1.5.10 artifacts are
 * excluded). {@code svd(vectors, overwrite = false)}, {@code lu(false)}, {@code qr(false)},
 * {@code cholesky(false)} on a lower-{@code uplo} matrix, solve through LU, least squares through
 * QR. No full SVD; float32 is not measured (Smile 3's float matrices are a separate API).
 */
final class SmileLib implements Library {
    @Override
    public String name() {
        return "Smile";
    }

    @Override
    public String version() {
        return "com.github.haifengl:smile-core:3.1.1 (on org.bytedeco:openblas:0.3.31-1.5.13)";
    }

    @Override
    public String howCalled() {
        return "`A.svd(true, false)` (thin, gesdd), `A.svd(false, false)` (values only), `A.lu(false)`, "
                + "`A.qr(false)`, `A.uplo(LOWER).cholesky(false)`, solve = `A.lu(false).solve(b)`, "
                + "least squares = `A.qr(false).solve(b)`, `A.uplo(LOWER).eigen(false, true, false)` (symmetric: syevd), "
                + "`A.eigen(false, true, false)` (general: geev, right vectors); LAPACKE through OpenBLAS, threads as stated";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return dtype == DType.F64 && op != Op.SVD_FULL && op != Op.QR_Q;
    }

    @Override
    public Task task(Problem p) {
        Matrix a = new Matrix(p.m, p.n, p.m, p.a.clone());
        if (p.op == Op.CHOLESKY || p.op == Op.EIGH) {
            a.uplo(UPLO.LOWER);
        }
        double[] b = p.b.clone();
        return switch (p.op) {
            case SVD_THIN -> new Task(() -> a.svd(true, false), r -> {
                Matrix.SVD d = (Matrix.SVD) r;
                Check.svd(p, d.s, d.U::get, d.U.ncol(), d.V::get, d.V.ncol());
            });
            case SVD_VALUES -> new Task(() -> a.svd(false, false), r -> Check.values(p, ((Matrix.SVD) r).s));
            case LU -> new Task(() -> a.lu(false), r -> Check.solve(p, ((Matrix.LU) r).solve(b)));
            case QR -> new Task(() -> a.qr(false), r -> Check.qrR(p, ((Matrix.QR) r).qr::get));
            case CHOLESKY -> new Task(() -> a.cholesky(false), r -> Check.cholesky(p, ((Matrix.Cholesky) r).lu::get, true));
            case SOLVE -> new Task(() -> a.lu(false).solve(b), r -> Check.solve(p, (double[]) r));
            case LSTSQ -> new Task(() -> a.qr(false).solve(b), r -> Check.lstsq(p, (double[]) r));
            case EIGH -> new Task(() -> a.eigen(false, true, false), r -> {
                Matrix.EVD d = (Matrix.EVD) r;
                Check.eigh(p, d.wr, d.Vr::get);
            });
            case EIG -> new Task(() -> a.eigen(false, true, false), r -> {
                Matrix.EVD d = (Matrix.EVD) r;
                Check.Mat[] v = Check.unpack(d.Vr::get, d.wi);
                Check.eig(p, d.wr, d.wi, v[0], v[1]);
            });
            case SVD_FULL -> throw new UnsupportedOperationException("no full SVD in Smile");
            case QR_Q -> throw new UnsupportedOperationException("QR with Q formed: native peers only");
        };
    }
}
