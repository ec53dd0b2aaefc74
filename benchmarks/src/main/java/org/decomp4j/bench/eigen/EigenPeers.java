package org.decomp4j.bench.eigen;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Warm median of a pure-Java peer's symmetric eigendecomposition (values and vectors) of an n×n
 * {@code (G + Gᵀ)/2}, G Gaussian, printed as {@code lib n median_seconds}; run by
 * {@code run-eigen.sh} in its own JVM per library. Arguments: {@code lib n reps}, lib one of
 * {@code ejml}, {@code ojalgo}. Each call checks {@code Σλ = trace} and fails otherwise.
 */
public final class EigenPeers {
    private EigenPeers() {
    }

    public static void main(String[] args) {
        String lib = args[0];
        int n = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        SplittableRandom r = new SplittableRandom(7);
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        double[] s = new double[n * n]; // row-major, symmetric
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i * n + j] = 0.5 * (g[i * n + j] + g[j * n + i]);
            }
            trace += s[i * n + i];
        }
        double expectedTrace = trace;
        Runnable call = switch (lib) {
            case "ejml" -> () -> {
                EigenDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.eig(n, true, true);
                if (!d.decompose(new DMatrixRMaj(n, n, true, s))) {
                    throw new IllegalStateException("EJML eig failed");
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += d.getEigenvalue(i).real;
                    d.getEigenVector(i);
                }
                check(sum, expectedTrace, n);
            };
            case "ojalgo" -> () -> {
                Eigenvalue<Double> d = Eigenvalue.R064.make(true);
                if (!d.decompose(R064Store.wrap(s.clone(), n))) {
                    throw new IllegalStateException("ojAlgo eig failed");
                }
                d.getV();
                double sum = 0;
                for (double v : d.getEigenvalues().stream().mapToDouble(c -> c.getReal()).toArray()) {
                    sum += v;
                }
                check(sum, expectedTrace, n);
            };
            default -> throw new IllegalArgumentException(lib);
        };
        call.run();
        double[] t = new double[reps];
        for (int k = 0; k < reps; k++) {
            long t0 = System.nanoTime();
            call.run();
            t[k] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        System.out.printf("%s %d %.4f%n", lib, n, t[reps / 2]);
    }

    private static void check(double sum, double trace, int n) {
        if (Math.abs(sum - trace) > 1e-8 * n) {
            throw new IllegalStateException("Σλ " + sum + " ≠ trace " + trace);
        }
    }
}
