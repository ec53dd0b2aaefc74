package org.decomp4j.bench.compare;

import org.decomp4j.DType;

import Jama.CholeskyDecomposition;
import Jama.EigenvalueDecomposition;
import Jama.LUDecomposition;
import Jama.Matrix;
import Jama.QRDecomposition;
import Jama.SingularValueDecomposition;

/**
 * JAMA, the reference Java matrix package: {@code A.svd()}, {@code A.lu()}, {@code A.qr()},
 * {@code A.chol()}, {@code A.solve(b)}. Its SVD requires m ≥ n and always computes U and V: a
 * wide A is decomposed as Aᵀ (transpose inside the timing) with U and V swapped. float64 only,
 * single-threaded.
 */
final class JamaLib implements Library {
    @Override
    public String name() {
        return "Jama";
    }

    @Override
    public String version() {
        return "gov.nist.math:jama:1.0.3";
    }

    @Override
    public String howCalled() {
        return "`A.svd()` (U and V always computed; wide A as `A.transpose().svd()`), `A.lu()`, `A.qr()`, "
                + "`A.chol()`, solve = `A.solve(b)` (LU), least squares = `A.qr().solve(b)`, `A.eig()` (tests symmetry itself: "
                + "tred2/tql2 or orthes/hqr2; V in the real pair layout); single-threaded";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return dtype == DType.F64 && op != Op.SVD_FULL && op != Op.QR_Q;
    }

    @Override
    public Task task(Problem p) {
        Matrix a = new Matrix(p.a, p.m);
        Matrix b = new Matrix(p.b, p.m);
        boolean wide = p.m < p.n;
        return switch (p.op) {
            case SVD_THIN -> new Task(() -> wide ? a.transpose().svd() : a.svd(), r -> {
                SingularValueDecomposition d = (SingularValueDecomposition) r;
                Matrix u = wide ? d.getV() : d.getU();
                Matrix v = wide ? d.getU() : d.getV();
                Check.svd(p, d.getSingularValues(), u::get, u.getColumnDimension(), v::get, v.getColumnDimension());
            });
            case SVD_VALUES -> new Task(() -> (wide ? a.transpose().svd() : a.svd()).getSingularValues(),
                    r -> Check.values(p, (double[]) r));
            case LU -> new Task(a::lu, r -> {
                LUDecomposition d = (LUDecomposition) r;
                Check.lu(p, d.getL()::get, d.getU()::get, d.getPivot());
            });
            case QR -> new Task(a::qr, r -> Check.qrR(p, ((QRDecomposition) r).getR()::get));
            case CHOLESKY -> new Task(a::chol, r -> Check.cholesky(p, ((CholeskyDecomposition) r).getL()::get, true));
            case SOLVE -> new Task(() -> a.solve(b), r -> Check.solve(p, ((Matrix) r).getColumnPackedCopy()));
            case LSTSQ -> new Task(() -> a.qr().solve(b), r -> Check.lstsq(p, ((Matrix) r).getColumnPackedCopy()));
            case EIGH, EIG -> new Task(a::eig, r -> {
                EigenvalueDecomposition d = (EigenvalueDecomposition) r;
                Matrix v = d.getV();
                if (p.op == Op.EIGH) {
                    Check.eigh(p, d.getRealEigenvalues(), v::get);
                } else {
                    Check.Mat[] x = Check.unpack(v::get, d.getImagEigenvalues());
                    Check.eig(p, d.getRealEigenvalues(), d.getImagEigenvalues(), x[0], x[1]);
                }
            });
            case SVD_FULL -> throw new UnsupportedOperationException("no full SVD in JAMA");
            case QR_Q -> throw new UnsupportedOperationException("QR with Q formed: native peers only");
        };
    }
}
