package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Driver#GESVJ} on the inputs where LAPACK's one-sided Jacobi stops at its 30-sweep limit
 * ({@code info > 0}): repeated singular values with zeros ({@code Q·diag(5,5,5,1,1,0)·Qᵀ} and its
 * tall, wide and larger relatives) and all-ones matrices (rank one, identical columns) from 17
 * columns up. Every job × dtype must pass the SVD contract of {@link SvdChecks#check}
 * (reconstruction, orthogonality of U and V, non-increasing values, Σσ² = ‖A‖²) within
 * {@code c·max(m,n)·ε}, and the singular values must be those of the construction within
 * {@code c·max(m,n)·ε·‖A‖}. {@code LapackJacobiLimitTest} shows that the all-ones inputs do
 * reach the sweep limit, so these cases run the continuation path.
 */
class JacobiRobustnessTest {
    /** A named input with its exact singular values (min(m, n) of them, non-increasing). */
    record Input(String name, double[][] a, double[] s) {
        @Override
        public String toString() {
            return name + " " + a.length + "×" + a[0].length;
        }
    }

    static List<Input> inputs() {
        List<Input> out = new ArrayList<>();
        double[] s6 = {5, 5, 5, 1, 1, 0};
        for (long seed = 1; seed <= 12; seed++) {
            out.add(new Input("Q·diag(5,5,5,1,1,0)·Qᵀ seed " + seed, symmetric(s6, seed), s6));
        }
        out.add(new Input("repeated with zeros, tall", TestMatrices.withSpectrum(40, 6, s6, 21), s6));
        out.add(new Input("repeated with zeros, wide", TestMatrices.withSpectrum(6, 40, s6, 22), s6));
        double[] s12 = {3, 3, 3, 3, 2, 2, 1, 0, 0, 0, 0, 0};
        out.add(new Input("Q·diag(3,3,3,3,2,2,1,0…)·Qᵀ", symmetric(s12, 23), s12));
        out.add(new Input("repeated with zeros 30×12", TestMatrices.withSpectrum(30, 12, s12, 24), s12));
        for (int[] sh : new int[][] {{64, 64}, {150, 20}, {20, 150}, {33, 17}, {17, 33}}) {
            double[][] ones = new double[sh[0]][sh[1]];
            for (double[] row : ones) {
                Arrays.fill(row, 1);
            }
            double[] s = new double[Math.min(sh[0], sh[1])];
            s[0] = Math.sqrt((double) sh[0] * sh[1]);
            out.add(new Input("ones", ones, s));
        }
        return out;
    }

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (Input in : inputs()) {
            for (DType t : new DType[] {DType.F64, DType.F32}) {
                for (Job job : new Job[] {Job.THIN, Job.ALL, Job.NONE}) {
                    out.add(Arguments.of(in, t, job));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("grid")
    void gesvjMeetsTheContractOnRepeatedAndZeroSingularValues(Input in, DType t, Job job) {
        double[][] a = TestMatrices.input(t, in.a());
        int m = a.length;
        int n = a[0].length;
        try (Matrix am = Matrix.of(a, t);
             Svd svd = Svd.of(am, SvdOptions.thin().job(job).driver(Driver.GESVJ))) {
            SvdChecks.Result r = SvdChecks.of(svd);
            SvdChecks.check(a, t, job, r, "gesvj", in.name());
            double tol = SvdChecks.tol(t, m, n) * TestMatrices.frobenius(a);
            assertEquals(in.s().length, r.s().length);
            for (int i = 0; i < in.s().length; i++) {
                double want = in.s()[i];
                double got = r.s()[i];
                int k = i;
                assertTrue(Math.abs(got - want) <= tol,
                        () -> String.format("σ%d = %s, expected %s ± %.2e, %s %s %s", k, got, want, tol, in, t, job));
            }
        }
    }

    /** {@code Q·diag(s)·Qᵀ} with Q a random orthogonal matrix (symmetric, singular values |s|). */
    static double[][] symmetric(double[] s, long seed) {
        int n = s.length;
        double[][] q = TestMatrices.orthogonal(n, seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += q[i][k] * s[k] * q[j][k];
                }
            }
        }
        return a;
    }
}
