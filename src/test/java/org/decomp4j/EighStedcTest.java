package org.decomp4j;

import static org.decomp4j.EighTest.assertEigenpairs;
import static org.decomp4j.EighTest.clustered;
import static org.decomp4j.EighTest.distinct;
import static org.decomp4j.EighTest.sorted;
import static org.decomp4j.EighTest.withEigenvalues;
import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.dispatch.EighPlanner;
import org.decomp4j.dispatch.EighRoutine;
import org.decomp4j.lapack.Tridiagonal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * All pairs by the three stages ({@link EighDriver#STEDC}: sytrd, stedc, the blocked
 * back-transformation) at orders where the back-transformation runs several panels of
 * {@link Tridiagonal#PANEL} reflectors and a narrower last one, reading either triangle:
 * known spectra ({@code Q·diag(λ)·Qᵀ}), the residual {@code ‖AV − VΛ‖} and {@code ‖VᵀV − I‖}
 * against {@code c·n·ε}, and the eigenvalues against syevd's (an independent LAPACK path) to
 * {@code c·n·ε·‖A‖}. The EighTest contract suite runs the same driver at n ≤ 60 (one panel).
 */
class EighStedcTest {
    private static double tol(DType t, int n) {
        return 10.0 * n * t.eps();
    }

    @ParameterizedTest(name = "{0} {1} {2} n={3}")
    @CsvSource({"F64, distinct, checked, 300", "F64, clustered, lower, 300", "F64, distinct, upper, 300",
        "F32, distinct, checked, 300", "F32, clustered, upper, 300", "F64, distinct, upper, 129",
        "F64, clustered, lower, 258"})
    void knownSpectrumInSeveralPanels(DType t, String kind, String triangle, int n) {
        double[] d = kind.equals("distinct") ? distinct(n) : clustered(n);
        double[][] sym = input(t, withEigenvalues(d, 77 + n));
        double[][] given = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) { // garbage in the triangle that is not to be read
                boolean read = switch (triangle) {
                    case "lower" -> i >= j;
                    case "upper" -> i <= j;
                    default -> true;
                };
                given[i][j] = read ? sym[i][j] : 1e3;
            }
        }
        EighOptions o = switch (triangle) {
            case "lower" -> EighOptions.all().lower();
            case "upper" -> EighOptions.all().upper();
            default -> EighOptions.all();
        };
        double[] expected = sorted(d);
        try (Matrix m = Matrix.of(given, t); Eigh split = Eigh.of(m, o.driver(EighDriver.STEDC));
             Eigh dc = Eigh.of(m, o.driver(EighDriver.SYEVD))) {
            assertEquals(t.prefix() + "sytrd+stedc", split.routine());
            assertEquals(EighRoutine.STEDC, split.plan().routine());
            double[] w = split.values();
            double scale = Math.max(Math.abs(expected[0]), Math.abs(expected[n - 1]));
            double[] oracle = dc.values();
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], w[i], tol(t, n) * scale, "eigenvalue " + i);
                assertEquals(oracle[i], w[i], tol(t, n) * EighTest.normF(sym), "eigenvalue " + i + " against syevd");
            }
            assertEigenpairs(sym, w, read(split.vectors()), t, kind + " " + triangle);
        }
    }

    /** The planner takes the three stages by itself from {@code STEDC_FROM} on, with both dtypes. */
    @ParameterizedTest
    @CsvSource({"F64", "F32"})
    void thePlannerTakesThemForLargeRealMatrices(DType t) {
        int n = EighPlanner.STEDC_FROM;
        double[] d = distinct(n);
        double[][] a = input(t, withEigenvalues(d, 5));
        try (Matrix m = Matrix.of(a, t); Eigh e = Eigh.of(m)) {
            assertEquals(t.prefix() + "sytrd+stedc", e.routine());
            assertTrue(e.plan().reason().contains("GEMM speed"), e.plan().reason());
            double[] expected = sorted(d);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], e.values()[i], tol(t, n) * 5, "eigenvalue " + i);
            }
            assertEigenpairs(a, e.values(), read(e.vectors()), t, "auto");
        }
    }

    @Test
    void badInputIsATypedError() {
        double[][] a = withEigenvalues(distinct(5), 1);
        a[3][1] = Double.NaN;
        a[1][3] = Double.NaN;
        try (Matrix m = Matrix.of(a); Matrix c = Matrix.zeros(5, 5, DType.C128);
             Matrix clean = Matrix.of(withEigenvalues(distinct(5), 1))) {
            NonFiniteInputException x = assertThrows(NonFiniteInputException.class,
                    () -> Eigh.of(m, EighOptions.all().driver(EighDriver.STEDC)));
            assertTrue(x.getMessage().contains("NaN"), x.getMessage());
            IllegalArgumentException values = assertThrows(IllegalArgumentException.class,
                    () -> Eigh.of(c, EighOptions.all().driver(EighDriver.STEDC)));
            assertTrue(values.getMessage().contains("sytrd+stedc"), values.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> Eigh.of(clean, EighOptions.valuesOnly().driver(EighDriver.STEDC)));
        }
    }
}
