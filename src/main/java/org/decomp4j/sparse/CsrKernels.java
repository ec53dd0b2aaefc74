package org.decomp4j.sparse;

import java.util.Arrays;

import org.decomp4j.Matrix;

/**
 * The product loops of {@link CsrMatrix}: {@code S·X} over compressed rows, and {@code Sᵀ·X} by
 * per-thread scatter. Rows are split into ranges of about equal non-zeros, one task each on
 * {@link SparsePools}. In {@link #product} each output element is summed by one task in a fixed
 * order (results independent of the thread count); {@link #scatterProduct} sums the per-task
 * accumulators in task order (deterministic for a given count). Products accumulate in double and
 * round once into the output. Shapes and dtypes are checked by the caller.
 */
final class CsrKernels {
    /** Below this many multiply-adds a product runs on the calling thread: forking costs more. */
    private static final long PARALLEL_MIN_WORK = 1L << 16;
    /** Dense scratch per product (x and out copies) is capped at about this many doubles. */
    private static final int SCRATCH_ELEMENTS = 1 << 25;

    private CsrKernels() {
    }

    /** Columns of {@code X} handled per pass, so that scratch arrays stay bounded. */
    private static int columnChunk(int k, int longest, int copies) {
        long per = Math.max(1L, (long) longest * copies);
        return (int) Math.max(1, Math.min(k, SCRATCH_ELEMENTS / per));
    }

    /** {@code out ← S·x} for the compressed rows {@code s} (s.rows × s.cols). */
    static void product(Compressed s, Matrix x, Matrix out, int threads) {
        int m = s.rows();
        int n = s.cols();
        int k = x.cols();
        if (m == 0 || k == 0) {
            return;
        }
        int kc = columnChunk(k, Math.max(m, n), 1);
        double[] xr = new double[n * kc];
        double[] oc = new double[m * kc];
        double[] col = new double[n];
        for (int c0 = 0; c0 < k; c0 += kc) {
            int w = Math.min(kc, k - c0);
            loadRowMajor(x, c0, w, n, col, xr);
            int[] bounds = split(s, (long) s.nnz() * w, threads);
            SparsePools.runAll(bounds.length - 1, t -> rowsKernel(s, xr, w, oc, bounds[t], bounds[t + 1]));
            for (int c = 0; c < w; c++) {
                out.setColumn(c0 + c, 0, oc, c * m, m);
            }
        }
    }

    /** Reads columns {@code c0..c0+w} of {@code x} (len rows) into row-major {@code xr[j·w + c]}. */
    private static void loadRowMajor(Matrix x, int c0, int w, int len, double[] col, double[] xr) {
        if (w == 1) {
            x.getColumn(c0, 0, xr, 0, len);
            return;
        }
        for (int c = 0; c < w; c++) {
            x.getColumn(c0 + c, 0, col, 0, len);
            for (int j = 0; j < len; j++) {
                xr[j * w + c] = col[j];
            }
        }
    }

    /** Rows {@code [from, to)} of {@code S·X}: {@code oc[c·m + i] = Σ_p val[p]·xr[idx[p]·w + c]}. */
    private static void rowsKernel(Compressed s, double[] xr, int w, double[] oc, int from, int to) {
        int[] ptr = s.ptr();
        int[] idx = s.idx();
        double[] val = s.val();
        int m = s.rows();
        if (w == 1) {
            for (int i = from; i < to; i++) {
                double acc = 0;
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    acc += val[p] * xr[idx[p]];
                }
                oc[i] = acc;
            }
            return;
        }
        double[] acc = new double[w];
        for (int i = from; i < to; i++) {
            Arrays.fill(acc, 0.0);
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                double v = val[p];
                int base = idx[p] * w;
                for (int c = 0; c < w; c++) {
                    acc[c] += v * xr[base + c];
                }
            }
            for (int c = 0; c < w; c++) {
                oc[c * m + i] = acc[c];
            }
        }
    }

    /** {@code out ← Sᵀ·x} by scattering each row of {@code s} into per-thread accumulators. */
    static void scatterProduct(Compressed s, Matrix x, Matrix out, int threads) {
        int m = s.rows();
        int n = s.cols();
        int k = x.cols();
        if (n == 0 || k == 0) {
            return;
        }
        int[] bounds = split(s, (long) s.nnz() * k, threads);
        int parts = bounds.length - 1;
        int kc = columnChunk(k, Math.max(m, n), parts + 1);
        double[] xr = new double[m * kc];
        double[][] acc = new double[parts][n * kc];
        double[] col = new double[m];
        double[] sum = new double[n];
        for (int c0 = 0; c0 < k; c0 += kc) {
            int w = Math.min(kc, k - c0);
            loadRowMajor(x, c0, w, m, col, xr);
            SparsePools.runAll(parts, t -> {
                double[] a = acc[t];
                Arrays.fill(a, 0, n * w, 0.0);
                int[] ptr = s.ptr();
                int[] idx = s.idx();
                double[] val = s.val();
                for (int i = bounds[t]; i < bounds[t + 1]; i++) {
                    for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                        double v = val[p];
                        int j = idx[p];
                        for (int c = 0; c < w; c++) {
                            a[c * n + j] += v * xr[i * w + c];
                        }
                    }
                }
            });
            for (int c = 0; c < w; c++) {
                System.arraycopy(acc[0], c * n, sum, 0, n);
                for (int t = 1; t < parts; t++) {
                    double[] a = acc[t];
                    for (int j = 0; j < n; j++) {
                        sum[j] += a[c * n + j];
                    }
                }
                out.setColumn(c0 + c, 0, sum, 0, n);
            }
        }
    }

    /** Row boundaries of up to {@code threads} ranges with about equal non-zeros. */
    private static int[] split(Compressed s, long work, int threads) {
        int m = s.rows();
        int parts = work < PARALLEL_MIN_WORK ? 1 : Math.min(threads, Math.max(1, m));
        int[] bounds = new int[parts + 1];
        bounds[parts] = m;
        int[] ptr = s.ptr();
        long nnz = s.nnz();
        for (int t = 1; t < parts; t++) {
            int target = (int) (nnz * t / parts);
            int lo = bounds[t - 1];
            int hi = m;
            while (lo < hi) { // first row whose start pointer reaches the target
                int mid = (lo + hi) >>> 1;
                if (ptr[mid] < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            bounds[t] = lo;
        }
        return bounds;
    }
}
