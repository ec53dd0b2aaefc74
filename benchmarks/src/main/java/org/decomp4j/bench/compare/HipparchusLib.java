package org.decomp4j.bench.compare;

import java.util.ArrayList;
import java.util.List;

import org.decomp4j.DType;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.complex.Complex;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.FieldVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;
import org.hipparchus.util.Precision;

/**
 * Hipparchus's decompositions on an {@code Array2DRowRealMatrix}: one constructor call per
 * decomposition (the library's only API); solve and least squares through
 * {@code getSolver().solve(b)} of LU and QR. Its SVD always computes the compact U and V (there is
 * no values-only or full variant); float64 only; single-threaded.
 */
final class HipparchusLib implements Library {
    @Override
    public String name() {
        return "Hipparchus";
    }

    @Override
    public String version() {
        return "org.hipparchus:hipparchus-core:4.0.3";
    }

    @Override
    public String howCalled() {
        return "`new SingularValueDecomposition(A)` (compact U, V always computed, also for values only), "
                + "`new LUDecomposition(A)`, `new QRDecomposition(A)`, `new CholeskyDecomposition(A)`, "
                + "solve = LU `getSolver().solve(b)`, least squares = QR `getSolver().solve(b)`, "
                + "`new EigenDecompositionSymmetric(A)`, `new EigenDecompositionNonSymmetric(A, Precision.EPSILON)` "
                + "(complex vectors; its default epsilon 1e-12 fails the accuracy check); "
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
            case EIGH -> new Task(() -> new EigenDecompositionSymmetric(a), r -> {
                EigenDecompositionSymmetric d = (EigenDecompositionSymmetric) r;
                Check.eigh(p, d.getEigenvalues(), d.getV()::getEntry);
            });
            // the default epsilon (1e-12) ends the Schur iteration early: at n = 65 the eigenvalues were off
            // by 7e-13·‖A‖_F and the residual 2.6e-12·‖A‖_F, 6× and 23× the check's limit
            case EIG -> new Task(() -> new EigenDecompositionNonSymmetric(a, Precision.EPSILON), r -> {
                EigenDecompositionNonSymmetric d = (EigenDecompositionNonSymmetric) r;
                Complex[] w = d.getEigenvalues();
                double[] re = new double[w.length];
                double[] im = new double[w.length];
                List<FieldVector<Complex>> v = new ArrayList<>();
                for (int j = 0; j < w.length; j++) {
                    re[j] = w[j].getReal();
                    im[j] = w[j].getImaginary();
                    v.add(d.getEigenvector(j));
                }
                Check.eig(p, re, im, (i, j) -> v.get(j).getEntry(i).getReal(),
                        (i, j) -> v.get(j).getEntry(i).getImaginary());
            });
            case SVD_FULL -> throw new UnsupportedOperationException("no full SVD in Hipparchus");
            case QR_Q -> throw new UnsupportedOperationException("QR with Q formed: native peers only");
        };
    }
}
