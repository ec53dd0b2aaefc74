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

    // ---- every dtype through Cholesky.of, complex Hermitian included (zpotrf/cpotrf) ----

    /** A positive spectrum for the constructed Q·diag(λ)·Qᴴ: κ₂ = 8. */
    private static final double[] HPD = {0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4};

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(DType.class)
    void factorReconstructsSolvesAndHasTheConstructedDeterminantInEveryDtype(DType t) {
        int n = HPD.length;
        double det = 1;
        for (double v : HPD) {
            det *= v;
        }
        double tol = FactorChecks.tol(t, n, n);
        try (Matrix a = ComplexChecks.withEigenvalues(HPD, new double[n], 3, t)) {
            for (Cholesky.Triangle tri : Cholesky.Triangle.values()) {
                String what = t + " " + tri;
                try (Cholesky c = tri == Cholesky.Triangle.LOWER ? Cholesky.of(a) : Cholesky.of(a, tri);
                     Matrix b = Matrix.randomNormal(n, 2, 5, t); Matrix x = c.solve(b); Matrix ax = a.multiply(x);
                     Matrix inv = c.inverse(); Matrix ai = a.multiply(inv); Matrix id = Matrix.identity(n, t)) {
                    Matrix f = c.factor();
                    org.junit.jupiter.api.Assertions.assertEquals(t, f.dtype(), what);
                    for (int j = 0; j < n; j++) {
                        org.junit.jupiter.api.Assertions.assertTrue(f.getRe(j, j) > 0, what + ": positive diagonal");
                        org.junit.jupiter.api.Assertions.assertEquals(0.0, f.getIm(j, j), what + ": real diagonal");
                        for (int i = 0; i < n; i++) {
                            boolean outside = tri == Cholesky.Triangle.LOWER ? i < j : i > j;
                            if (outside) {
                                org.junit.jupiter.api.Assertions.assertEquals(0.0, Math.hypot(f.getRe(i, j), f.getIm(i, j)),
                                        what + ": zero outside the triangle");
                            }
                        }
                    }
                    try (Matrix fh = f.conjugateTranspose();
                         Matrix prod = tri == Cholesky.Triangle.LOWER ? f.multiply(fh) : fh.multiply(f)) {
                        double err = ComplexChecks.distance(prod, a);
                        org.junit.jupiter.api.Assertions.assertTrue(err <= tol * a.normFrobenius(),
                                what + ": ‖A − LLᴴ‖ = " + err);
                    }
                    double res = ComplexChecks.distance(ax, b);
                    org.junit.jupiter.api.Assertions.assertTrue(res <= tol * a.normFrobenius() * x.normFrobenius(),
                            what + ": ‖AX − B‖ = " + res);
                    // κ₂ = 8: ‖A·A⁻¹ − I‖_F ≤ c·n·ε·κ
                    double ie = ComplexChecks.distance(ai, id);
                    org.junit.jupiter.api.Assertions.assertTrue(ie <= 8 * tol, what + ": ‖A·A⁻¹ − I‖ = " + ie);
                    org.junit.jupiter.api.Assertions.assertEquals(det, c.determinant(), tol * det, what + ": det = ∏λ");
                    org.junit.jupiter.api.Assertions.assertEquals(Math.log(det), c.logDeterminant(), tol, what);
                    double rc = c.rcond();
                    // 1/κ₁ lies within a factor n of 1/κ₂ = 1/8
                    org.junit.jupiter.api.Assertions.assertTrue(rc >= 1.0 / (8 * n) && rc <= 1, what + ": rcond " + rc);
                }
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexBadInputGivesTypedErrors(DType t) {
        int n = HPD.length;
        double[] indefinite = HPD.clone();
        indefinite[0] = -1; // one negative eigenvalue: Hermitian, not positive definite
        try (Matrix notHpd = ComplexChecks.withEigenvalues(indefinite, new double[n], 3, t)) {
            NotPositiveDefiniteException e = org.junit.jupiter.api.Assertions.assertThrows(
                    NotPositiveDefiniteException.class, () -> Cholesky.of(notHpd).close());
            org.junit.jupiter.api.Assertions.assertEquals(t.prefix() + "potrf", e.routine());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(t.prefix() + "potrf"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertFalse(Cholesky.isPositiveDefinite(notHpd));
        }
        try (Matrix a = ComplexChecks.withEigenvalues(HPD, new double[n], 3, t); Matrix lower = a.copy()) {
            // garbage in the strict upper triangle: not Hermitian, refused by of(a) ...
            for (int j = 1; j < n; j++) {
                for (int i = 0; i < j; i++) {
                    lower.setComplex(i, j, 7 + i, -3 * j);
                }
            }
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Cholesky.of(lower).close());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not Hermitian"), e.getMessage());
            // ... and read as its lower triangle when the caller names it: the factor of the Hermitian A
            try (Cholesky c1 = Cholesky.of(a, Cholesky.Triangle.LOWER);
                 Cholesky c2 = Cholesky.of(lower, Cholesky.Triangle.LOWER)) {
                org.junit.jupiter.api.Assertions.assertEquals(0.0, ComplexChecks.distance(c1.factor(), c2.factor()));
            }
            a.setComplex(2, 1, 0.5, Double.NaN);
            NonFiniteInputException nf = org.junit.jupiter.api.Assertions.assertThrows(NonFiniteInputException.class,
                    () -> Cholesky.of(a).close());
            org.junit.jupiter.api.Assertions.assertTrue(nf.getMessage().contains("imag"), nf.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(NonFiniteInputException.class,
                    () -> Cholesky.of(a, Cholesky.Triangle.LOWER).close());
        }
        try (Matrix wide = Matrix.randomNormal(3, 4, 1, t)) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Cholesky.of(wide).close());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = DType.class, names = {"C128", "C64"})
    void largeComplexCholeskyRunsOnTheDeepStack(DType t) {
        int n = 300;
        try (Matrix x = Matrix.randomNormal(2 * n, n, 6, t); Matrix xh = x.conjugateTranspose(); Matrix a = xh.multiply(x);
             Cholesky c = Cholesky.of(a, Cholesky.Triangle.LOWER); Matrix b = Matrix.randomNormal(n, 1, 7, t);
             Matrix s = c.solve(b); Matrix as = a.multiply(s)) {
            double tol = FactorChecks.tol(t, n, n);
            org.junit.jupiter.api.Assertions.assertTrue(
                    ComplexChecks.distance(as, b) <= tol * a.normFrobenius() * s.normFrobenius());
        }
    }
}
