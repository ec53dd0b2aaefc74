package org.decomp4j.bench.compare;

import org.decomp4j.DType;
import org.nd4j.linalg.api.blas.Lapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J 1.0.0-M2.1 ({@code org.nd4j:nd4j-native} + {@code linux-x86_64}) on bytedeco OpenBLAS
 * 0.3.19, through its LAPACK interface ({@code Nd4j.getBlasWrapper().lapack()}), input a
 * column-major ('f') {@code INDArray} duplicated before each call (the routines overwrite it):
 * {@code gesvd} with U (m×m, always full) and Vᵀ (n×n), or with none for values only;
 * {@code getrf}; {@code geqrf(A, R)} (A becomes Q); {@code potrf(A, lower)}. A native peer: run
 * in its own JVM by {@link NativePeers}, never on a class path with decomp4j's OpenBLAS.
 */
final class Nd4jLib implements Library {
    @Override
    public String name() {
        return "ND4J";
    }

    @Override
    public String version() {
        return "org.nd4j:nd4j-native:1.0.0-M2.1 (linux-x86_64; org.bytedeco:openblas:0.3.19-1.5.7)";
    }

    @Override
    public String howCalled() {
        return "`lapack().gesvd(A, S, U, VT)` (U always m×m), `gesvd(A, S, null, null)`, `getrf(A)`, `geqrf(A, R)` "
                + "(A becomes Q), `potrf(A, true)`, on `A.dup('f')`";
    }

    @Override
    public String backend() {
        var blas = Nd4j.factory().blas();
        return "nd4j-native, BLAS " + blas.getBlasVendor() + ", " + blas.getMaxThreads() + " BLAS threads";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        if (dtype != DType.F64) {
            return false;
        }
        return switch (op) {
            // gesvd forms the full m×m U: 3.2 GB for 20000×200
            case SVD_THIN -> shape.rows() <= 4 * shape.cols();
            case SVD_VALUES, LU, QR_Q, CHOLESKY -> true;
            default -> false;
        };
    }

    @Override
    public Task task(Problem p) {
        int m = p.m;
        int n = p.n;
        int k = Math.min(m, n);
        INDArray a = Nd4j.create(p.a.clone(), new long[] {m, n}, 'f');
        Lapack la = Nd4j.getBlasWrapper().lapack();
        return switch (p.op) {
            case SVD_THIN -> new Task(() -> {
                INDArray x = a.dup('f');
                INDArray s = Nd4j.create(DataType.DOUBLE, new long[] {k}, 'f');
                INDArray u = Nd4j.create(DataType.DOUBLE, new long[] {m, m}, 'f');
                INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
                la.gesvd(x, s, u, vt);
                return new INDArray[] {s, u, vt};
            }, r -> {
                INDArray[] x = (INDArray[]) r;
                Check.svd(p, x[0].toDoubleVector(), (i, j) -> x[1].getDouble(i, j), m,
                        (i, j) -> x[2].getDouble(j, i), n);
            });
            case SVD_VALUES -> new Task(() -> {
                INDArray x = a.dup('f');
                INDArray s = Nd4j.create(DataType.DOUBLE, new long[] {k}, 'f');
                la.gesvd(x, s, null, null);
                return s;
            }, r -> Check.values(p, ((INDArray) r).toDoubleVector()));
            case LU -> new Task(() -> {
                INDArray x = a.dup('f');
                INDArray piv = la.getrf(x);
                return new INDArray[] {x, piv};
            }, r -> {
                INDArray[] x = (INDArray[]) r;
                Check.lu(p, (i, j) -> x[0].getDouble(i, j), (i, j) -> x[0].getDouble(i, j),
                        Check.permutation(x[1].toIntVector(), 1));
            });
            case QR_Q -> new Task(() -> {
                INDArray x = a.dup('f');
                INDArray rr = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
                la.geqrf(x, rr);
                return new INDArray[] {x, rr};
            }, r -> {
                INDArray[] x = (INDArray[]) r;
                Check.qr(p, (i, j) -> x[0].getDouble(i, j), (i, j) -> x[1].getDouble(i, j));
            });
            case CHOLESKY -> new Task(() -> {
                INDArray x = a.dup('f');
                la.potrf(x, true);
                return x;
            }, r -> Check.cholesky(p, (i, j) -> ((INDArray) r).getDouble(i, j), true));
            default -> throw new UnsupportedOperationException(p.op + " is not measured for ND4J");
        };
    }
}
