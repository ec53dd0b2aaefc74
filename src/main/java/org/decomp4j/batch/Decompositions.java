package org.decomp4j.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.decomp4j.CholeskyWorkspace;
import org.decomp4j.DType;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Job;
import org.decomp4j.LuWorkspace;
import org.decomp4j.Matrix;
import org.decomp4j.QrWorkspace;
import org.decomp4j.SvdOptions;
import org.decomp4j.SvdWorkspace;

/**
 * The built-in batch decompositions. Each kernel keeps one core workspace ({@link SvdWorkspace},
 * {@link LuWorkspace}, {@link QrWorkspace}, {@link CholeskyWorkspace}) per input shape and dtype
 * (the {@value #SHAPES_PER_KERNEL} most recently used), so a batch of same-shape matrices
 * allocates its native buffers once per worker. Factors have the names and shapes of the single
 * CLI commands' files.
 */
public final class Decompositions {
    /** Workspaces (distinct shape × dtype) a kernel keeps; the least recently used is freed. */
    public static final int SHAPES_PER_KERNEL = 8;

    private Decompositions() {
    }

    /**
     * SVD with these options: factors {@code U} (m×k, or m×m for {@link Job#ALL}), {@code S}
     * (k values, non-increasing) and {@code Vt} (k×n or n×n); {@code S} alone for {@link Job#NONE}.
     * Small matrices take the dispatcher's pure-Java path, larger ones LAPACK.
     *
     * @param options job, driver, budget and checks for every input
     * @return a decomposition named {@code "svd"}
     */
    public static Decomposition svd(SvdOptions options) {
        Objects.requireNonNull(options, "options");
        return of("svd", key -> new SvdWorkspace(key.rows, key.cols, key.dtype, options), (ws, a) -> {
            int m = a.rows();
            int n = a.cols();
            int k = Math.min(m, n);
            DType t = ws.plan().dtype();
            double[] s = new double[k];
            if (options.job() == Job.NONE) {
                ws.compute(a, s, null, null);
                return List.of(new Factor("S", Factor.Kind.VECTOR, k, 1, t, s));
            }
            int uc = options.job() == Job.ALL ? m : k;
            int vr = options.job() == Job.ALL ? n : k;
            double[] u = new double[Math.multiplyExact(m, uc)];
            double[] vt = new double[Math.multiplyExact(vr, n)];
            ws.compute(a, s, u, vt); // straight into the factors' arrays
            return List.of(new Factor("U", Factor.Kind.MATRIX, m, uc, t, u), new Factor("S", Factor.Kind.VECTOR, k, 1, t, s),
                    new Factor("Vt", Factor.Kind.MATRIX, vr, n, t, vt));
        });
    }

    /**
     * Thin SVD with the AUTO driver.
     *
     * @return a decomposition named {@code "svd"}
     */
    public static Decomposition svd() {
        return svd(SvdOptions.thin());
    }

    /**
     * LU with partial pivoting, {@code A = P·L·U}: {@code P} (m×m), {@code L} (m×k, unit lower),
     * {@code U} (k×n, upper) and {@code piv} (k LAPACK row interchanges, 0-based). A singular
     * matrix is a result, not an error (a zero on U's diagonal).
     *
     * @return a decomposition named {@code "lu"}
     */
    public static Decomposition lu() {
        return of("lu", key -> new LuWorkspace(key.rows, key.cols, key.dtype, FiniteCheck.ON), (ws, a) -> {
            ws.compute(a);
            int m = a.rows();
            int n = a.cols();
            int k = Math.min(m, n);
            double[] l = new double[m * k];
            double[] u = new double[k * n];
            double[] p = new double[m * m];
            ws.factors(p, l, u);
            int[] piv = new int[k];
            ws.pivots(piv);
            double[] pv = new double[k];
            for (int i = 0; i < k; i++) {
                pv[i] = piv[i];
            }
            DType t = ws.dtype();
            return List.of(new Factor("P", Factor.Kind.MATRIX, m, m, t, p), new Factor("L", Factor.Kind.MATRIX, m, k, t, l),
                    new Factor("U", Factor.Kind.MATRIX, k, n, t, u), new Factor("piv", Factor.Kind.INT_VECTOR, k, 1, t, pv));
        });
    }

    /**
     * Economy QR, {@code A = Q·R}: {@code Q} (m×k, orthonormal columns) and {@code R} (k×n, upper).
     *
     * @return a decomposition named {@code "qr"}
     */
    public static Decomposition qr() {
        return of("qr", key -> new QrWorkspace(key.rows, key.cols, key.dtype, FiniteCheck.ON), (ws, a) -> {
            ws.compute(a);
            int m = a.rows();
            int n = a.cols();
            int k = Math.min(m, n);
            double[] r = new double[k * n];
            if (k > 0) {
                Matrix f = ws.packed();
                double[] col = new double[k];
                for (int j = 0; j < n; j++) {
                    int len = Math.min(j + 1, k);
                    f.getColumn(j, 0, col, 0, len);
                    System.arraycopy(col, 0, r, j * k, len);
                }
            }
            Factor q = k > 0 ? Factor.copyOf("Q", ws.q()) : new Factor("Q", Factor.Kind.MATRIX, m, 0, ws.dtype(),
                    new double[0]);
            return List.of(q, new Factor("R", Factor.Kind.MATRIX, k, n, ws.dtype(), r));
        });
    }

    /**
     * Cholesky {@code A = L·Lᵀ} of a symmetric positive definite matrix (lower triangle read):
     * {@code L} (n×n, lower). A matrix that is not positive definite fails with
     * {@link org.decomp4j.NotPositiveDefiniteException} (reported, the batch goes on).
     *
     * @return a decomposition named {@code "cholesky"}
     */
    public static Decomposition cholesky() {
        return of("cholesky", key -> {
            if (key.rows != key.cols) {
                throw new IllegalArgumentException("Cholesky needs a square matrix, got " + key.rows + "×" + key.cols);
            }
            return new CholeskyWorkspace(key.rows, key.dtype, FiniteCheck.ON);
        }, (ws, a) -> {
            ws.compute(a);
            int n = a.rows();
            double[] l = new double[n * n];
            Matrix f = ws.packed();
            for (int j = 0; j < n; j++) {
                f.getColumn(j, j, l, j * n + j, n - j);
            }
            return List.of(new Factor("L", Factor.Kind.MATRIX, n, n, ws.dtype(), l));
        });
    }

    /** Shape and dtype of an input: the key of a kernel's workspaces. */
    record Key(int rows, int cols, DType dtype) {
    }

    /** Runs a workspace on a matrix and copies the factors out. */
    @FunctionalInterface
    interface Step<W> {
        List<Factor> apply(W workspace, Matrix a);
    }

    private static <W extends AutoCloseable> Decomposition of(String name, Function<Key, W> create, Step<W> step) {
        return new Decomposition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BatchKernel newKernel() {
                return new CachingKernel<>(create, step);
            }
        };
    }

    /** A kernel with an LRU of workspaces by shape and dtype. */
    private static final class CachingKernel<W extends AutoCloseable> implements BatchKernel {
        private final Function<Key, W> create;
        private final Step<W> step;
        private final LinkedHashMap<Key, W> cache = new LinkedHashMap<>(16, 0.75f, true);

        CachingKernel(Function<Key, W> create, Step<W> step) {
            this.create = create;
            this.step = step;
        }

        /** The last workspace used: batches are mostly one shape, so the map is skipped then. */
        private Key lastKey;
        private W last;

        @Override
        public List<Factor> apply(Matrix a) {
            Key k = lastKey;
            if (k != null && k.rows == a.rows() && k.cols == a.cols() && k.dtype == a.dtype()) {
                return step.apply(last, a);
            }
            Key key = new Key(a.rows(), a.cols(), a.dtype());
            W ws = cache.get(key);
            if (ws == null) {
                ws = create.apply(key);
                cache.put(key, ws);
                if (cache.size() > SHAPES_PER_KERNEL) {
                    Map.Entry<Key, W> eldest = cache.entrySet().iterator().next();
                    cache.remove(eldest.getKey());
                    closeQuietly(eldest.getValue());
                }
            }
            lastKey = key;
            last = ws;
            return step.apply(ws, a);
        }

        @Override
        public void close() {
            lastKey = null;
            last = null;
            for (W ws : cache.values()) {
                closeQuietly(ws);
            }
            cache.clear();
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // workspaces free native memory; nothing a caller could do about a failure here
            }
        }
    }
}
