package org.decomp4j;

import static org.decomp4j.FactorChecks.assertClose;
import static org.decomp4j.FactorChecks.assertLower;
import static org.decomp4j.FactorChecks.assertResidual;
import static org.decomp4j.FactorChecks.assertShape;
import static org.decomp4j.FactorChecks.assertUpper;
import static org.decomp4j.FactorChecks.tol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.decomp4j.FactorChecks.Input;
import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.Decompositions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Cholesky contract, {@code A = L·Lᵀ} ({@code A = Uᵀ·U} for UPPER), run through every entry
 * point — {@code Cholesky.of} LOWER and UPPER, one {@link CholeskyWorkspace} reused for all the
 * inputs of an order, the batch kernel {@code Decompositions.cholesky()} — over F64/F32 × orders
 * 0, 1, 40, 150 × identity, a random SPD {@code B·Bᵀ + n·I}, a constructed spectrum
 * {@code Q·diag(s)·Qᵀ}, and the zero and all-ones matrices, which are not positive definite
 * (failing at minor 1 and 2). Properties: the factor is triangular (exact zeros) with a positive
 * diagonal, {@code ‖A − L·Lᵀ‖ ≤ tol·‖A‖}, the identity's factor is the identity,
 * {@code ∏ l_ii² = det A = ∏ s}, a failure names its minor and leaves a reused workspace usable,
 * and the workspace and the batch agree with {@code Cholesky.of}.
 */
class CholeskyContractTest {
    static final int[] ORDERS = {0, 1, 40, 150};

    /** The lower factor of one input on the heap, or the error that stopped it. */
    record Result(double[][] l, Throwable error) {
    }

    enum Entry {
        OF_LOWER, OF_UPPER,
        WORKSPACE {
            @Override
            List<Result> run(List<Matrix> in) {
                List<Result> out = new ArrayList<>();
                int n = in.get(0).rows();
                try (CholeskyWorkspace ws = new CholeskyWorkspace(n, in.get(0).dtype(), FiniteCheck.ON)) {
                    for (Matrix a : in) {
                        try {
                            ws.compute(a);
                        } catch (NotPositiveDefiniteException e) {
                            out.add(new Result(null, e));
                            continue;
                        }
                        double[][] packed = ws.packed().toArray();
                        double[][] l = new double[n][n];
                        for (int i = 0; i < n; i++) {
                            System.arraycopy(packed[i], 0, l[i], 0, i + 1); // L on and below the diagonal
                        }
                        out.add(new Result(l, null));
                    }
                }
                return out;
            }
        },
        BATCH {
            @Override
            List<Result> run(List<Matrix> in) {
                List<Result> out = new ArrayList<>();
                for (BatchResult r : BatchRunner.withJobs(2).runAll(in, Decompositions.cholesky())) {
                    out.add(r.ok() ? new Result(r.factor("L").toArray(), null) : new Result(null, r.error()));
                }
                return out;
            }
        };

        List<Result> run(List<Matrix> in) {
            Cholesky.Triangle tri = this == OF_UPPER ? Cholesky.Triangle.UPPER : Cholesky.Triangle.LOWER;
            List<Result> out = new ArrayList<>();
            for (Matrix a : in) {
                try (Cholesky c = Cholesky.of(a, tri)) {
                    double[][] f = TestMatrices.read(c.factor());
                    if (tri == Cholesky.Triangle.UPPER) {
                        assertUpper(f, "U of Cholesky.of(UPPER)"); // exact zeros below, then L = Uᵀ
                        f = TestMatrices.transpose(f);
                    }
                    out.add(new Result(f, null));
                } catch (NotPositiveDefiniteException e) {
                    out.add(new Result(null, e));
                }
            }
            return out;
        }
    }

    /** Symmetric inputs of order n, rounded to t; zero and ones are not positive definite for n ≥ 1, 2. */
    static List<Input> inputs(DType t, int n, long seed) {
        List<Input> out = new ArrayList<>();
        out.add(new Input("spd", TestMatrices.input(t, TestMatrices.spd(n, seed)), n));
        out.add(new Input("zero", new double[n][n], n));
        out.add(new Input("identity", TestMatrices.identity(n), n));
        double[][] ones = new double[n][n];
        for (double[] row : ones) {
            Arrays.fill(row, 1);
        }
        out.add(new Input("ones", ones, n));
        double[][] q = TestMatrices.orthogonal(n, seed + 1);
        double[] s = FactorChecks.spectrum(n);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int p = 0; p < n; p++) {
                    sum += q[i][p] * s[p] * q[j][p];
                }
                a[i][j] = sum;
                a[j][i] = sum; // exactly symmetric, so both triangles describe the same matrix
            }
        }
        out.add(new Input("spectrum", TestMatrices.input(t, a), n));
        return out;
    }

    static Stream<Arguments> cases() {
        return FactorChecks.cases(Entry.values());
    }

    static Stream<Arguments> orders() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int n : ORDERS) {
                out.add(Arguments.of(t, n));
            }
        }
        return out.stream();
    }

    static List<Result> run(Entry e, DType t, List<Input> inputs) {
        return FactorChecks.runUntouched(e, t, inputs, e::run);
    }

    /** The order of the first leading minor that is not positive definite, or 0 if A is SPD. */
    static int failingMinor(String kind, int n) {
        return switch (kind) {
            case "zero" -> n >= 1 ? 1 : 0;
            case "ones" -> n >= 2 ? 2 : 0; // [[1,1],[1,1]]: 1 − 1·1 = 0 exactly
            default -> 0;
        };
    }

    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("cases")
    void factorIsTriangularAndReconstructsEachInputOrNamesTheFailingMinor(Entry e, DType t, int n) {
        List<Input> inputs = inputs(t, n, 83L * n);
        List<Result> results = run(e, t, inputs);
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            Result r = results.get(i);
            String what = e + " " + t + " n=" + n + " " + in.kind();
            int minor = failingMinor(in.kind(), n);
            if (minor > 0) {
                assertNull(r.l(), what + " is not positive definite");
                NotPositiveDefiniteException npd = assertInstanceOf(NotPositiveDefiniteException.class, r.error(), what);
                assertEquals(minor, npd.order(), "failing minor, " + what);
                continue;
            }
            assertNull(r.error(), what);
            double[][] l = r.l();
            double[][] a = in.a();
            assertShape(l, n, n, "L, " + what);
            assertLower(l, "L, " + what);
            double logDet = 0;
            for (int j = 0; j < n; j++) {
                assertTrue(l[j][j] > 0, "L[" + j + "][" + j + "] = " + l[j][j] + " must be positive, " + what);
                logDet += 2 * Math.log(l[j][j]);
            }
            double norm = TestMatrices.frobenius(a);
            assertResidual(TestMatrices.multiply(l, TestMatrices.transpose(l)), a, tol(t, n, n) * norm,
                    "‖A − L·Lᵀ‖ (‖A‖ = " + norm + "), " + what);
            if (in.kind().equals("identity") || in.kind().equals("ones")) {
                // √1 = 1 and nothing to eliminate: the factor of I (and of the 1×1 ones) is exactly I
                assertClose(TestMatrices.identity(n), l, 0.0, "L of " + in.kind() + ", " + what);
            }
            if (in.kind().equals("spectrum") && n > 0) {
                // det A = ∏ s; relative error ≤ n·κ·(backward error) with κ = 10
                double want = Math.log(FactorChecks.spectrumProduct(n));
                assertEquals(want, logDet, n * 10 * tol(t, n, n), "log det = Σ log s, " + what);
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("orders")
    void workspaceBatchAndUpperGiveTheOneShotLowerFactor(DType t, int n) {
        List<Input> inputs = inputs(t, n, 89L * n);
        List<Result> once = run(Entry.OF_LOWER, t, inputs);
        for (Entry e : new Entry[] {Entry.WORKSPACE, Entry.BATCH, Entry.OF_UPPER}) {
            List<Result> other = run(e, t, inputs);
            for (int i = 0; i < inputs.size(); i++) {
                String what = e + " vs Cholesky.of, " + t + " n=" + n + " " + inputs.get(i).kind();
                Result a = once.get(i);
                Result b = other.get(i);
                if (a.error() != null) {
                    NotPositiveDefiniteException x = (NotPositiveDefiniteException) a.error();
                    NotPositiveDefiniteException y = assertInstanceOf(NotPositiveDefiniteException.class, b.error(), what);
                    assertEquals(x.order(), y.order(), "failing minor, " + what);
                    continue;
                }
                // L's entries are of the order of √‖A‖; the lower and upper factors are each other's transpose
                double scale = tol(t, n, n) * Math.sqrt(Math.max(1, TestMatrices.frobenius(inputs.get(i).a())));
                assertClose(a.l(), b.l(), scale, "L, " + what);
            }
        }
    }
}
