package org.decomp4j.bench.compare;

import org.decomp4j.DType;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F32;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.DecompositionInterface;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.LUDecomposition_F32;
import org.ejml.interfaces.decomposition.LUDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F32;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * EJML's dense row-major API as its documentation recommends for speed: a decomposition (or
 * linear solver) from {@code DecompositionFactory_DDRM}/{@code LinearSolverFactory_DDRM} (FDRM
 * for float32) built once for the size, then {@code decompose(A)} per call, copying A first only
 * where the algorithm says it modifies its input.
 */
final class EjmlLib implements Library {
    @Override
    public String name() {
        return "EJML";
    }

    @Override
    public String version() {
        return "org.ejml:ejml-ddense/ejml-fdense:0.46.1";
    }

    @Override
    public String howCalled() {
        return "`DecompositionFactory_DDRM.svd(m, n, needU, needV, compact)` (needU = needV = false for values only, "
                + "compact = false for full), `.lu`, `.qr`, `.chol(n, true)`, `LinearSolverFactory_DDRM.lu(n)` and "
                + "`.leastSquares(m, n)` (Householder QR), `.eig(n, true, true)` (symmetric QR algorithm; no general eigen: "
                + "no vectors for complex eigenvalues); FDRM for float32; object built once, "
                + "`decompose(A)` per call; single-threaded (EJML's default)";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return op != Op.QR_Q && op != Op.EIG && (dtype == DType.F64 || op.float32());
    }

    @Override
    public Task task(Problem p) {
        return p.dtype == DType.F32 ? f32(p) : f64(p);
    }

    private static <T extends DMatrixRMaj> DMatrixRMaj in(DecompositionInterface<DMatrixRMaj> d, DMatrixRMaj a) {
        return d.inputModified() ? a.copy() : a;
    }

    private static FMatrixRMaj inF(DecompositionInterface<FMatrixRMaj> d, FMatrixRMaj a) {
        return d.inputModified() ? a.copy() : a;
    }

    private static Task f64(Problem p) {
        int m = p.m;
        int n = p.n;
        DMatrixRMaj a = new DMatrixRMaj(m, n, true, p.rowMajor());
        DMatrixRMaj b = new DMatrixRMaj(m, 1, true, p.b);
        return switch (p.op) {
            case SVD_THIN, SVD_FULL, SVD_VALUES -> {
                boolean vectors = p.op != Op.SVD_VALUES;
                SingularValueDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.svd(m, n, vectors, vectors,
                        p.op != Op.SVD_FULL);
                yield new Task(() -> {
                    requireOk(d.decompose(in(d, a)));
                    return d;
                }, r -> {
                    if (!vectors) {
                        Check.values(p, d.getSingularValues());
                        return;
                    }
                    DMatrixRMaj u = d.getU(null, false);
                    DMatrixRMaj v = d.getV(null, false);
                    Check.svd(p, d.getSingularValues(), u::get, u.numCols, v::get, v.numCols);
                });
            }
            case LU -> {
                LUDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.lu(m, n);
                yield new Task(() -> {
                    requireOk(d.decompose(in(d, a)));
                    return d;
                }, r -> Check.lu(p, d.getLower(null)::get, d.getUpper(null)::get, d.getRowPivotV(null)));
            }
            case QR -> {
                QRDecomposition<DMatrixRMaj> d = DecompositionFactory_DDRM.qr(m, n);
                yield new Task(() -> {
                    requireOk(d.decompose(in(d, a)));
                    return d;
                }, r -> Check.qrR(p, d.getR(null, true)::get));
            }
            case CHOLESKY -> {
                CholeskyDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.chol(n, true);
                yield new Task(() -> {
                    requireOk(d.decompose(in(d, a)));
                    return d;
                }, r -> Check.cholesky(p, d.getT(null)::get, true));
            }
            case SOLVE, LSTSQ -> {
                LinearSolverDense<DMatrixRMaj> s = p.op == Op.SOLVE ? LinearSolverFactory_DDRM.lu(n)
                        : LinearSolverFactory_DDRM.leastSquares(m, n);
                DMatrixRMaj x = new DMatrixRMaj(n, 1);
                yield new Task(() -> {
                    requireOk(s.setA(s.modifiesA() ? a.copy() : a));
                    s.solve(s.modifiesB() ? b.copy() : b, x);
                    return x;
                }, r -> solution(p, x.data));
            }
            case EIGH -> {
                EigenDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.eig(n, true, true);
                yield new Task(() -> {
                    requireOk(d.decompose(in(d, a)));
                    return d;
                }, r -> {
                    double[] w = new double[n];
                    for (int j = 0; j < n; j++) {
                        w[j] = d.getEigenvalue(j).real;
                    }
                    Check.eigh(p, w, (i, j) -> d.getEigenVector(j).get(i, 0));
                });
            }
            case EIG -> throw new UnsupportedOperationException(NO_COMPLEX_VECTORS);
            case QR_Q -> throw new UnsupportedOperationException("QR with Q formed: native peers only");
        };
    }

    /** Why EJML is not in the general eigen comparison. */
    static final String NO_COMPLEX_VECTORS = "EJML's general eigen returns no eigenvector for a complex eigenvalue "
            + "(getEigenVector is null): it cannot deliver the right vectors the operation asks for";

    private static Task f32(Problem p) {
        int m = p.m;
        int n = p.n;
        FMatrixRMaj a = new FMatrixRMaj(m, n, true, p.rowMajorFloats());
        FMatrixRMaj b = new FMatrixRMaj(m, 1, true, p.bFloats());
        return switch (p.op) {
            case SVD_THIN, SVD_FULL, SVD_VALUES -> {
                boolean vectors = p.op != Op.SVD_VALUES;
                SingularValueDecomposition_F32<FMatrixRMaj> d = DecompositionFactory_FDRM.svd(m, n, vectors, vectors,
                        p.op != Op.SVD_FULL);
                yield new Task(() -> {
                    requireOk(d.decompose(inF(d, a)));
                    return d;
                }, r -> {
                    double[] s = toDoubles(d.getSingularValues());
                    if (!vectors) {
                        Check.values(p, s);
                        return;
                    }
                    FMatrixRMaj u = d.getU(null, false);
                    FMatrixRMaj v = d.getV(null, false);
                    Check.svd(p, s, u::get, u.numCols, v::get, v.numCols);
                });
            }
            case LU -> {
                LUDecomposition_F32<FMatrixRMaj> d = DecompositionFactory_FDRM.lu(m, n);
                yield new Task(() -> {
                    requireOk(d.decompose(inF(d, a)));
                    return d;
                }, r -> Check.lu(p, d.getLower(null)::get, d.getUpper(null)::get, d.getRowPivotV(null)));
            }
            case QR -> {
                QRDecomposition<FMatrixRMaj> d = DecompositionFactory_FDRM.qr(m, n);
                yield new Task(() -> {
                    requireOk(d.decompose(inF(d, a)));
                    return d;
                }, r -> Check.qrR(p, d.getR(null, true)::get));
            }
            case CHOLESKY -> {
                CholeskyDecomposition_F32<FMatrixRMaj> d = DecompositionFactory_FDRM.chol(n, true);
                yield new Task(() -> {
                    requireOk(d.decompose(inF(d, a)));
                    return d;
                }, r -> Check.cholesky(p, d.getT(null)::get, true));
            }
            case SOLVE, LSTSQ -> {
                LinearSolverDense<FMatrixRMaj> s = p.op == Op.SOLVE ? LinearSolverFactory_FDRM.lu(n)
                        : LinearSolverFactory_FDRM.leastSquares(m, n);
                FMatrixRMaj x = new FMatrixRMaj(n, 1);
                yield new Task(() -> {
                    requireOk(s.setA(s.modifiesA() ? a.copy() : a));
                    s.solve(s.modifiesB() ? b.copy() : b, x);
                    return x;
                }, r -> solution(p, toDoubles(x.data)));
            }
            case EIGH, EIG -> throw new UnsupportedOperationException("eigen: float64 only");
            case QR_Q -> throw new UnsupportedOperationException("QR with Q formed: native peers only");
        };
    }

    private static void solution(Problem p, double[] x) {
        if (p.op == Op.SOLVE) {
            Check.solve(p, x);
        } else {
            Check.lstsq(p, x);
        }
    }

    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void requireOk(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("EJML decomposition failed");
        }
    }
}
