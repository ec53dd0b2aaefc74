package org.decomp4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.engine.BlasThreadLease;

import scala.Tuple2;

/**
 * One partition's rows, checked once and kept for the passes of a randomized SVD: dense rows as one
 * column-major block (products by native {@code gemm}), sparse rows in CSR (products entry by
 * entry, never densified). Exactly one block per partition, empty ones included, so that blocks
 * derived from it line up partition by partition.
 */
final class RowBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    final int part;
    final int m;
    /** Columns; -1 for an empty partition. */
    final int n;
    final long[] ids;
    final long firstId;
    final long nnz;
    private final int[] denseAt;     // local row of each dense row
    private final double[] dense;    // denseAt.length × n, column-major
    private final int[] sparseAt;    // local row of each sparse row
    private final int[] ptr;
    private final int[] col;
    private final double[] val;

    private RowBlock(int part, int m, int n, long[] ids, int[] denseAt, double[] dense, int[] sparseAt, int[] ptr,
            int[] col, double[] val) {
        this.part = part;
        this.m = m;
        this.n = n;
        this.ids = ids;
        this.firstId = m == 0 ? -1 : ids[0];
        this.denseAt = denseAt;
        this.dense = dense;
        this.sparseAt = sparseAt;
        this.ptr = ptr;
        this.col = col;
        this.val = val;
        this.nnz = (long) denseAt.length * Math.max(n, 0) + val.length;
    }

    /** The partition's rows as one block, lengths and finiteness checked (naming the row id). */
    static Iterator<RowBlock> of(int part, Iterator<Tuple2<Long, Vector>> it) {
        List<Tuple2<Long, Vector>> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        int m = rows.size();
        if (m == 0) {
            return List.of(new RowBlock(part, 0, -1, new long[0], new int[0], new double[0], new int[0], new int[1],
                    new int[0], new double[0])).iterator();
        }
        long firstId = rows.get(0)._1();
        int n = rows.get(0)._2().size();
        long[] ids = new long[m];
        int dn = 0;
        long sn = 0;
        for (int i = 0; i < m; i++) {
            Tuple2<Long, Vector> r = rows.get(i);
            ids[i] = r._1();
            if (r._2().size() != n) {
                throw new IllegalArgumentException(String.format("row id %d has %d entries, but row id %d of the same"
                        + " partition has %d: every row needs the same length", r._1(), r._2().size(), firstId, n));
            }
            if (r._2() instanceof SparseVector s) {
                sn += s.indices().length;
            } else {
                dn++;
            }
        }
        if ((long) dn * n > Integer.MAX_VALUE || sn > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format("partition %d holds %d dense rows of %d columns and %d"
                    + " sparse entries, more than 2^31-1 in one block: repartition the input into more partitions",
                    part, dn, n, sn));
        }
        int[] denseAt = new int[dn];
        double[] dense = new double[dn * n];
        int[] sparseAt = new int[m - dn];
        int[] ptr = new int[m - dn + 1];
        int[] col = new int[(int) sn];
        double[] val = new double[(int) sn];
        int d = 0;
        int s = 0;
        for (int i = 0; i < m; i++) {
            long id = ids[i];
            Vector v = rows.get(i)._2();
            if (v instanceof SparseVector sv) {
                int[] idx = sv.indices();
                double[] x = sv.values();
                int at = ptr[s];
                for (int t = 0; t < idx.length; t++) {
                    col[at + t] = idx[t];
                    val[at + t] = finite(x[t], id, idx[t]);
                }
                sparseAt[s] = i;
                ptr[s + 1] = at + idx.length;
                s++;
            } else {
                double[] x = v.toArray();
                for (int j = 0; j < n; j++) {
                    dense[j * dn + d] = finite(x[j], id, j);
                }
                denseAt[d++] = i;
            }
        }
        return List.of(new RowBlock(part, m, n, ids, denseAt, dense, sparseAt, ptr, col, val)).iterator();
    }

    static double finite(double x, long id, int j) {
        if (!Double.isFinite(x)) {
            throw new NonFiniteInputException("check_finite", String.format("row id %d holds %s at column %d (0-based);"
                    + " LAPACK needs finite input. Clean or impute the data", id, Double.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf", j));
        }
        return x;
    }

    /** Sum of the rows (length n), for the column means. */
    double[] columnSums() {
        double[] s = new double[n];
        int dn = denseAt.length;
        for (int j = 0; j < n; j++) {
            double t = 0;
            for (int d = 0; d < dn; d++) {
                t += dense[j * dn + d];
            }
            s[j] = t;
        }
        for (int t = 0; t < val.length; t++) {
            s[col[t]] += val[t];
        }
        return s;
    }

    /** {@code Σ_i ‖a_i − μ‖²}: dense rows exactly; a sparse row as its entries' terms plus μ's at its zeros. */
    double centredSquares(double[] mu) {
        double muSq = 0;
        for (double v : mu) {
            muSq += v * v;
        }
        double total = 0;
        int dn = denseAt.length;
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < dn; d++) {
                double x = dense[j * dn + d] - mu[j];
                total += x * x;
            }
        }
        for (int s = 0; s < sparseAt.length; s++) {
            double row = muSq;
            for (int t = ptr[s]; t < ptr[s + 1]; t++) {
                double x = val[t] - mu[col[t]];
                row += x * x - mu[col[t]] * mu[col[t]];
            }
            total += row;
        }
        return total;
    }

    /** {@code A_p·X − 1·shiftᵀ}: X is n × c column-major, shift (length c) may be null; m × c column-major. */
    double[] times(double[] x, int c, double[] shift) {
        double[] y = new double[m * c];
        int dn = denseAt.length;
        if (dn > 0) {
            double[] yd;
            try (BlasThreadLease lease = BlasThreadLease.acquire();
                 Matrix a = Matrix.fromColumnMajor(dn, n, dense);
                 Matrix b = Matrix.fromColumnMajor(n, c, x);
                 Matrix p = a.multiply(b)) {
                yd = p.toColumnMajorArray();
            }
            for (int j = 0; j < c; j++) {
                for (int d = 0; d < dn; d++) {
                    y[j * m + denseAt[d]] = yd[j * dn + d];
                }
            }
        }
        for (int s = 0; s < sparseAt.length; s++) {
            int i = sparseAt[s];
            for (int t = ptr[s]; t < ptr[s + 1]; t++) {
                double v = val[t];
                int jj = col[t];
                for (int j = 0; j < c; j++) {
                    y[j * m + i] += v * x[j * n + jj];
                }
            }
        }
        if (shift != null) {
            for (int j = 0; j < c; j++) {
                for (int i = 0; i < m; i++) {
                    y[j * m + i] -= shift[j];
                }
            }
        }
        return y;
    }

    /** {@code A_pᵀ·Y}: Y is m × c column-major; n × c column-major. */
    double[] transposeTimes(double[] y, int c) {
        double[] z;
        int dn = denseAt.length;
        if (dn > 0) {
            double[] yd = new double[dn * c];
            for (int j = 0; j < c; j++) {
                for (int d = 0; d < dn; d++) {
                    yd[j * dn + d] = y[j * m + denseAt[d]];
                }
            }
            try (BlasThreadLease lease = BlasThreadLease.acquire();
                 Matrix a = Matrix.fromColumnMajor(dn, n, dense);
                 Matrix b = Matrix.fromColumnMajor(dn, c, yd);
                 Matrix p = a.transpose().multiply(b)) {
                z = p.toColumnMajorArray();
            }
        } else {
            z = new double[n * c];
        }
        for (int s = 0; s < sparseAt.length; s++) {
            int i = sparseAt[s];
            for (int t = ptr[s]; t < ptr[s + 1]; t++) {
                double v = val[t];
                int jj = col[t];
                for (int j = 0; j < c; j++) {
                    z[j * n + jj] += v * y[j * m + i];
                }
            }
        }
        return z;
    }
}
