package org.decomp4j.bench.compare;

import org.decomp4j.DType;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Commons Math's decompositions on an {@code Array2DRowRealMatrix}: one constructor call per
 * decomposition (the library's only API); solve and least squares through
 * {@code getSolver().solve(b)} of LU and QR. Its SVD always computes the compact U and V (there is
 * no values-only or full variant); float64 only; single-threaded.
 */
final class CommonsMathLib implements Library {
    @Override
    public String name() {
        return "Commons Math";
    }

    @Override
    public String version() {
        return "org.apache.commons:commons-math3:3.6.1";
    }

    @Override
    public String howCalled() {
        return "`new SingularValueDecomposition(A)` (compact U, V always computed, also for values only), "
                + "`new LUDecomposition(A)`, `new QRDecomposition(A)`, `new CholeskyDecomposition(A)`, "
                + "solve = LU `getSolver().solve(b)`, least squares = QR `getSolver().solve(b)`, "
                + "`new EigenDecomposition(A)` (it tests symmetry itself: tridiagonal QL or Hessenberg–Schur; V in the real "
                + "pair layout); "
                + "single-threaded";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return dtype == DType.F64 && op != Op.SVD_FULL && op != Op.QR_Q;
    }

    @Override
    public Task task(Problem p) {
        RealMatrix a = new Array2DRowRealMatrix(p.rows(), false);
        ArrayRealVector b = new ArrayRealVector(p.b, false);
        return switch (p.op) {
            case SVD_THIN -> new Task(() -> new SingularValueDecomposition(a), r -> {
                SingularValueDecomposition d = (SingularValueDecomposition) r;
                RealMatrix u = d.getU();
                RealMatrix v = d.getV();
                Check.svd(p, d.getSingularValues(), u::getEntry, u.getColumnDimension(), v::getEntry,
                        v.getColumnDimension());
            });
            case SVD_VALUES -> new Task(() -> new SingularValueDecomposition(a).getSingularValues(),
                    r -> Check.values(p, (double[]) r));
            case LU -> new Task(() -> new LUDecomposition(a), r -> {
                LUDecomposition d = (LUDecomposition) r;
                Check.lu(p, d.getL()::getEntry, d.getU()::getEntry, d.getPivot());
            });
            case QR -> new Task(() -> new QRDecomposition(a), r -> Check.qrR(p, ((QRDecomposition) r).getR()::getEntry));
            case CHOLESKY -> new Task(() -> new CholeskyDecomposition(a),
                    r -> Check.cholesky(p, ((CholeskyDecomposition) r).getL()::getEntry, true));
            case SOLVE -> new Task(() -> new LUDecomposition(a).getSolver().solve(b),
                    r -> Check.solve(p, ((ArrayRealVector) r).toArray()));
            case LSTSQ -> new Task(() -> new QRDecomposition(a).getSolver().solve(b),
                    r -> Check.lstsq(p, ((ArrayRealVector) r).toArray()));
            case EIGH, EIG -> new Task(() -> new EigenDecomposition(a), r -> {
                EigenDecomposition d = (EigenDecomposition) r;
                RealMatrix v = d.getV();
                if (p.op == Op.EIGH) {
                    Check.eigh(p, d.getRealEigenvalues(), v::getEntry);
                } else {
                    Check.Mat[] x = Check.unpack(v::getEntry, d.getImagEigenvalues());
                    Check.eig(p, d.getRealEigenvalues(), d.getImagEigenvalues(), x[0], x[1]);
                }
            });
            case SVD_FULL -> throw new UnsupportedOperationException("no full SVD in Commons Math");
            case QR_Q -> throw new UnsupportedOperationException("QR with Q formed: native peers only");
        };
    }
}
