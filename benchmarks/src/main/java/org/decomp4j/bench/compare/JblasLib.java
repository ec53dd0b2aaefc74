package org.decomp4j.bench.compare;

import org.decomp4j.DType;
import org.jblas.Decompose;
import org.jblas.DoubleMatrix;
import org.jblas.Singular;

/**
 * jblas 1.2.5 ({@code org.jblas:jblas}, natives inside the jar), through its user API:
 * {@code Singular.sparseSVD} (thin, {@code dgesvd}), {@code Singular.SVDValues},
 * {@code Decompose.lu} (forms L, U and the n×n permutation matrix), {@code Decompose.qr} (forms
 * the m×m Q), {@code Decompose.cholesky} (upper factor). A native peer: run in its own JVM by
 * {@link NativePeers}.
 */
final class JblasLib implements Library {
    @Override
    public String name() {
        return "jblas";
    }

    @Override
    public String version() {
        return "org.jblas:jblas:1.2.5";
    }

    @Override
    public String howCalled() {
        return "`Singular.sparseSVD(A)` (dgesvd, thin), `Singular.SVDValues(A)`, `Decompose.lu(A)` (L, U, P formed), "
                + "`Decompose.qr(A)` (m×m Q formed), `Decompose.cholesky(A)`; each copies A itself";
    }

    @Override
    public String backend() {
        return "libjblas.so from the jar (OpenBLAS linked in statically)";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return dtype == DType.F64 && switch (op) {
            case SVD_THIN, SVD_VALUES, LU, QR_Q, CHOLESKY -> true;
            default -> false;
        };
    }

    @Override
    public Task task(Problem p) {
        DoubleMatrix a = new DoubleMatrix(p.m, p.n, p.a.clone());
        int k = Math.min(p.m, p.n);
        return switch (p.op) {
            case SVD_THIN -> new Task(() -> Singular.sparseSVD(a), r -> {
                DoubleMatrix[] x = (DoubleMatrix[]) r;
                Check.svd(p, x[1].toArray(), x[0]::get, k, x[2]::get, k);
            });
            case SVD_VALUES -> new Task(() -> Singular.SVDValues(a), r -> Check.values(p, ((DoubleMatrix) r).toArray()));
            case LU -> new Task(() -> Decompose.lu(a), r -> {
                @SuppressWarnings("unchecked")
                Decompose.LUDecomposition<DoubleMatrix> d = (Decompose.LUDecomposition<DoubleMatrix>) r;
                // A = P·L·U, so row i of L·U is the row j of A with P(j, i) = 1
                int[] perm = new int[p.n];
                for (int i = 0; i < p.n; i++) {
                    for (int j = 0; j < p.n; j++) {
                        if (d.p.get(j, i) == 1) {
                            perm[i] = j;
                        }
                    }
                }
                Check.lu(p, d.l::get, d.u::get, perm);
            });
            case QR_Q -> new Task(() -> Decompose.qr(a), r -> {
                @SuppressWarnings("unchecked")
                Decompose.QRDecomposition<DoubleMatrix> d = (Decompose.QRDecomposition<DoubleMatrix>) r;
                Check.qr(p, d.q::get, d.r::get);
            });
            case CHOLESKY -> new Task(() -> Decompose.cholesky(a), r -> Check.cholesky(p, ((DoubleMatrix) r)::get, false));
            default -> throw new UnsupportedOperationException(p.op + " is not measured for jblas");
        };
    }
}
