package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.decomp4j.apps.Denoise;
import org.decomp4j.apps.Pca;
import org.decomp4j.apps.PcaOptions;
import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.batch.Factor;
import org.decomp4j.lowrank.LowRank;
import org.decomp4j.lowrank.RandomizedSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.decomp4j.lowrank.SparseSvd;
import org.decomp4j.lowrank.StreamingSvd;
import org.decomp4j.lowrank.TopKOptions;
import org.decomp4j.lowrank.TruncatedSvd;
import org.decomp4j.sparse.CsrMatrix;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every public entry point that takes a dense matrix, fed a complex one: each either answers
 * correctly (checked in the complex contract suites) or refuses with an
 * {@link IllegalArgumentException} naming the operation and the dtype — never a crash, a raw
 * binding error, or a silently dropped imaginary part.
 */
class ComplexEntryPointsTest {

    /** The refusals: operation → call. Each message must name the dtype. */
    private static Map<String, Executable> refusals(Matrix a, Matrix b, DType t) {
        Map<String, Executable> m = new java.util.LinkedHashMap<>();
        m.put("Svd.of JAVA_QR", () -> Svd.of(a, SvdOptions.thin().driver(Driver.JAVA_QR)).close());
        m.put("Svd.of JAVA_JACOBI", () -> Svd.of(a, SvdOptions.thin().driver(Driver.JAVA_JACOBI)).close());
        m.put("Svd.of GESVJ", () -> Svd.of(a, SvdOptions.thin().driver(Driver.GESVJ)).close());
        m.put("SvdWorkspace arrays", () -> {
            try (SvdWorkspace w = new SvdWorkspace(6, 6, t, SvdOptions.thin())) {
                w.compute(a, new double[6], new double[36], new double[36]);
            }
        });
        m.put("LinAlg.det", () -> LinAlg.det(a));
        m.put("TruncatedSvd.of", () -> TruncatedSvd.of(a, 2).close());
        m.put("LowRank.plan", () -> LowRank.plan(a, 2, TopKOptions.exact()));
        m.put("LowRank.svd", () -> LowRank.svd(a, 2, TopKOptions.approximate()).close());
        m.put("RandomizedSvd.of", () -> RandomizedSvd.of(a, RandomizedSvdOptions.rank(2)).close());
        m.put("SparseSvd.of", () -> SparseSvd.of(LinearOperator.of(a), 2).close());
        m.put("StreamingSvd.of", () -> StreamingSvd.of(6, 2, t, StreamingSvd.Keep.U_AND_V));
        m.put("CsrMatrix.fromDense", () -> CsrMatrix.fromDense(a));
        m.put("Pca.fit", () -> Pca.fit(a, PcaOptions.components(2)).close());
        m.put("Denoise.of", () -> Denoise.of(a, org.decomp4j.apps.RankRule.fixed(2)).close());
        m.put("Denoise.snrDb", () -> Denoise.snrDb(a, a));
        m.put("Factor.copyOf", () -> Factor.copyOf("A", a));
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void realOnlyEntryPointsRefuseWithATypedMessage(DType t) {
        List<String> failures = new ArrayList<>();
        try (Matrix a = Matrix.random(6, 6, 1, t); Matrix b = Matrix.random(6, 2, 2, t)) {
            for (Map.Entry<String, Executable> e : refusals(a, b, t).entrySet()) {
                Throwable x = null;
                try {
                    e.getValue().execute();
                } catch (Throwable thrown) {
                    x = thrown;
                }
                if (!(x instanceof IllegalArgumentException) || !x.getMessage().contains(t.numpyName())) {
                    failures.add(e.getKey() + ": " + (x == null ? "no exception" : x));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * The entry points that take complex input, each with a residual it must meet (the contract
     * suites check them in depth): operation → ‖residual‖ / scale.
     */
    private static Map<String, java.util.function.DoubleSupplier> answers(Matrix a, Matrix b) {
        Map<String, java.util.function.DoubleSupplier> m = new java.util.LinkedHashMap<>();
        m.put("Lu.of", () -> {
            try (Lu lu = Lu.of(a); Matrix pl = lu.p().multiply(lu.l()); Matrix plu = pl.multiply(lu.u())) {
                return ComplexChecks.distance(plu, a) / a.normFrobenius();
            }
        });
        m.put("Qr.of", () -> {
            try (Qr qr = Qr.of(a); Matrix p = qr.q().multiply(qr.r())) {
                return ComplexChecks.distance(p, a) / a.normFrobenius();
            }
        });
        m.put("Qr.pivoted", () -> {
            try (Qr qr = Qr.pivoted(a); Matrix p = qr.q().multiply(qr.r())) {
                int[] perm = qr.permutation();
                double sum = 0;
                for (int j = 0; j < a.cols(); j++) {
                    for (int i = 0; i < a.rows(); i++) {
                        double dr = p.getRe(i, j) - a.getRe(i, perm[j]);
                        double di = p.getIm(i, j) - a.getIm(i, perm[j]);
                        sum += dr * dr + di * di;
                    }
                }
                return Math.sqrt(sum) / a.normFrobenius();
            }
        });
        m.put("Cholesky.of", () -> {
            try (Matrix ah = a.conjugateTranspose(); Matrix h = ah.multiply(a); Cholesky c = Cholesky.of(h);
                 Matrix fh = c.factor().conjugateTranspose(); Matrix p = c.factor().multiply(fh)) {
                if (!Cholesky.isPositiveDefinite(h)) {
                    return Double.NaN;
                }
                return ComplexChecks.distance(p, h) / h.normFrobenius();
            }
        });
        m.put("LinAlg.solve", () -> {
            try (Matrix x = LinAlg.solve(a, b); Matrix ax = a.multiply(x)) {
                return ComplexChecks.distance(ax, b) / (a.normFrobenius() * x.normFrobenius());
            }
        });
        m.put("LinAlg.lstsq", () -> {
            try (Lstsq ls = LinAlg.lstsq(a, b); Matrix ax = a.multiply(ls.x())) {
                return ComplexChecks.distance(ax, b) / (a.normFrobenius() * ls.x().normFrobenius());
            }
        });
        m.put("LinAlg.inv", () -> {
            try (Matrix x = LinAlg.inv(a); Matrix ax = a.multiply(x); Matrix i = Matrix.identity(a.rows(), a.dtype())) {
                return ComplexChecks.distance(ax, i) / (a.normFrobenius() * x.normFrobenius());
            }
        });
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexEntryPointsAnswerWithinTheirResidualBound(DType t) {
        List<String> failures = new ArrayList<>();
        try (Matrix a = Matrix.random(6, 6, 1, t); Matrix b = Matrix.random(6, 2, 2, t)) {
            for (Map.Entry<String, java.util.function.DoubleSupplier> e : answers(a, b).entrySet()) {
                try {
                    double r = e.getValue().getAsDouble();
                    if (!(r <= FactorChecks.tol(t, 6, 6))) {
                        failures.add(e.getKey() + ": relative residual " + r);
                    }
                } catch (RuntimeException x) {
                    failures.add(e.getKey() + ": " + x);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void batchReportsTheRefusalPerInput(DType t) {
        try (Matrix a = Matrix.random(5, 5, 3, t)) {
            List<BatchResult> r = BatchRunner.withJobs(1).runAll(List.of(a), Decompositions.cholesky());
            assertFalse(r.get(0).ok());
            assertTrue(r.get(0).error() instanceof IllegalArgumentException, String.valueOf(r.get(0).error()));
            assertTrue(r.get(0).errorMessage().orElse("").contains(t.numpyName()), r.get(0).errorMessage().orElse(""));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void workspacesRefuseAComplexDtypeAtConstruction(DType t) {
        assertRefused(t, () -> new LuWorkspace(4, 4, t, FiniteCheck.ON).close());
        assertRefused(t, () -> new QrWorkspace(4, 4, t, FiniteCheck.ON).close());
        assertRefused(t, () -> new CholeskyWorkspace(4, t, FiniteCheck.ON).close());
    }

    static void assertRefused(DType t, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(t.numpyName()), e.getMessage());
    }
}
