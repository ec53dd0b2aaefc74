package org.decomp4j.bench.compare;

import org.decomp4j.DType;
import org.ojalgo.matrix.decomposition.Cholesky;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.decomposition.LU;
import org.ojalgo.matrix.decomposition.QR;
import org.ojalgo.matrix.decomposition.SingularValue;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * ojAlgo's decompositions as its documentation shows them: {@code SingularValue.R064.make(A)}
 * (economy size unless full is asked), {@code LU.R064}, {@code QR.R064}, {@code Cholesky.R064},
 * built once, then {@code decompose(A)} (or {@code computeValuesOnly(A)}) per call; solve and
 * least squares through {@code getSolution(b)} of LU and QR. float64 only (ojAlgo's
 * decompositions are R064 or wider).
 */
final class OjalgoLib implements Library {
    @Override
    public String name() {
        return "ojAlgo";
    }

    @Override
    public String version() {
        return "org.ojalgo:ojalgo:57.1.0";
    }

    @Override
    public String howCalled() {
        return "`SingularValue.R064.make(A[, fullSize])` then `decompose(A)` / `computeValuesOnly(A)`, "
                + "`LU.R064`, `QR.R064`, `Cholesky.R064` then `decompose(A)`, solve = LU `getSolution(b)`, "
                + "least squares = QR `getSolution(b)`, `Eigenvalue.R064.make(A, true)` then `decompose(A)` + `getV()` (symmetric), "
                + "`make(A, false)` then `decompose(A)` + `getEigenpairs()` (general, complex vectors); decomposition built once; ojAlgo's default threading "
                + "(it may split large operations over its own worker threads)";
    }

    @Override
    public boolean supports(Op op, DType dtype, Shape shape) {
        return dtype == DType.F64 && op != Op.QR_Q;
    }

    @Override
    public Task task(Problem p) {
        R064Store a = R064Store.wrap(p.a.clone(), p.m);
        R064Store b = R064Store.wrap(p.b.clone(), p.m);
        return switch (p.op) {
            case SVD_THIN, SVD_FULL -> {
                SingularValue<Double> d = SingularValue.R064.make(a, p.op == Op.SVD_FULL);
                yield new Task(() -> {
                    requireOk(d.decompose(a));
                    return d;
                }, r -> {
                    MatrixStore<Double> u = d.getU();
                    MatrixStore<Double> v = d.getV();
                    double[] s = new double[Math.min(p.m, p.n)];
                    d.getSingularValues(s);
                    Check.svd(p, s, u::doubleValue, (int) u.countColumns(), v::doubleValue, (int) v.countColumns());
                });
            }
            case SVD_VALUES -> {
                SingularValue<Double> d = SingularValue.R064.make(a);
                yield new Task(() -> {
                    requireOk(d.computeValuesOnly(a));
                    return d;
                }, r -> {
                    double[] s = new double[Math.min(p.m, p.n)];
                    d.getSingularValues(s);
                    Check.values(p, s);
                });
            }
            case LU, SOLVE -> {
                LU<Double> d = LU.R064.make(a);
                if (p.op == Op.LU) {
                    yield new Task(() -> {
                        requireOk(d.decompose(a));
                        return d;
                    }, r -> Check.lu(p, d.getL()::doubleValue, d.getU()::doubleValue, d.getPivotOrder()));
                }
                yield new Task(() -> {
                    requireOk(d.decompose(a));
                    return d.getSolution(b);
                }, r -> Check.solve(p, ((MatrixStore<?>) r).toRawCopy1D()));
            }
            case QR, LSTSQ -> {
                QR<Double> d = QR.R064.make(a);
                if (p.op == Op.QR) {
                    yield new Task(() -> {
                        requireOk(d.decompose(a));
                        return d;
                    }, r -> Check.qrR(p, d.getR()::doubleValue));
                }
                yield new Task(() -> {
                    requireOk(d.decompose(a));
                    return d.getSolution(b);
                }, r -> Check.lstsq(p, ((MatrixStore<?>) r).toRawCopy1D()));
            }
            case CHOLESKY -> {
                Cholesky<Double> d = Cholesky.R064.make(a);
                yield new Task(() -> {
                    requireOk(d.decompose(a));
                    return d;
                }, r -> Check.cholesky(p, d.getL()::doubleValue, true));
            }
            case EIGH -> {
                Eigenvalue<Double> d = Eigenvalue.R064.make(a, true);
                yield new Task(() -> {
                    requireOk(d.decompose(a));
                    d.getV();
                    return d;
                }, r -> {
                    double[] w = new double[p.n];
                    d.getEigenvalues(w, java.util.Optional.empty());
                    Check.eigh(p, w, d.getV()::doubleValue);
                });
            }
            case EIG -> {
                Eigenvalue<Double> d = Eigenvalue.R064.make(a, false);
                yield new Task(() -> {
                    requireOk(d.decompose(a));
                    return d.getEigenpairs();
                }, r -> {
                    @SuppressWarnings("unchecked")
                    java.util.List<Eigenvalue.Eigenpair> pairs = (java.util.List<Eigenvalue.Eigenpair>) r;
                    double[] re = new double[p.n];
                    double[] im = new double[p.n];
                    for (int j = 0; j < p.n; j++) {
                        re[j] = pairs.get(j).value.getReal();
                        im[j] = pairs.get(j).value.getImaginary();
                    }
                    Check.eig(p, re, im, (i, j) -> pairs.get(j).vector.get(i).getReal(),
                            (i, j) -> pairs.get(j).vector.get(i).getImaginary());
                });
            }
            case QR_Q -> throw new UnsupportedOperationException("QR with Q formed: native peers only");
        };
    }

    private static void requireOk(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("ojAlgo decomposition failed");
        }
    }
}
