package org.decomp4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.storage.StorageLevel;
import org.decomp4j.Driver;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.engine.BlasThreadLease;

/**
 * Tall-skinny QR and SVD of a distributed matrix by direct TSQR (Benson, Gleich &amp; Demmel, IEEE
 * BigData 2013): a Householder QR ({@code geqrf}/{@code orgqr}) of each partition's rows on
 * native buffers, the partitions' R factors reduced in a tree on the driver, a local
 * {@code gesdd} of the final {@code n × n} R, and U formed per partition as {@code Q_p·M_p}. U is
 * orthonormal to working precision whatever the condition of A: nothing forms {@code AᵀA}, unlike
 * MLlib's {@code RowMatrix.computeSVD}, which squares the condition number.
 *
 * <pre>{@code
 * try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(df, "features", "id"), 50)) {
 *     double[] s = svd.singularValues();
 *     Dataset<Row> u = svd.u().toDataset(spark, "id", "u");     // join back on "id"
 * }
 * }</pre>
 *
 * <p>Shapes: {@code m ≥ n} and {@code n ≤ 8192}; the rows of one partition must fit one LAPACK
 * block ({@code m_p·n < 2³¹}) and a task's memory (the block and its Q, {@code 16·m_p·n} bytes).
 * Cost: two passes over the input's partitions (factor; form U) plus one to count U; per
 * partition {@code 4·m_p·n²} flops for QR and Q and {@code 2·m_p·n·k} for U; on the driver
 * {@code P·n²} doubles for the R factors and {@code O(P·n³)} flops for the tree.
 *
 * <p>Errors (typed, with the row id): rows of different lengths, non-finite entries, no rows,
 * {@code m < n} (wide), k out of range. A failure inside a task is rethrown on the driver as the
 * task's own exception.
 */
public final class DistributedTsqr {
    private DistributedTsqr() {
    }

    /**
     * Thin rank-k SVD: the k largest singular values and their vectors.
     *
     * @param k {@code 1 ≤ k ≤ n}
     * @throws IllegalArgumentException if k is out of range, the input is wide ({@code m < n}),
     *     empty, wider than 8192 columns, or its rows differ in length (naming the rows)
     * @throws org.decomp4j.NonFiniteInputException for NaN or infinity (naming row id and column)
     */
    public static DistributedSvd svd(SparkRows rows, int k) {
        Objects.requireNonNull(rows, "rows");
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + " is out of range: TSQR keeps 1 ≤ k ≤ n singular triplets");
        }
        JavaRDD<Tsqr.Leaf> leaves = Tsqr.persistedLeaves(rows);
        try {
            Front f = front(rows, leaves);
            if (k > f.n) {
                throw new IllegalArgumentException(String.format("k = %d is out of range for a %d×%d matrix:"
                        + " 1 ≤ k ≤ min(m, n) = %d", k, f.m, f.n, f.n));
            }
            double[] s = new double[k];
            double[][] vt = new double[k][];
            double[] ur;
            try (BlasThreadLease lease = BlasThreadLease.acquire();
                 Matrix r = Matrix.fromColumnMajor(f.root.k, f.n, f.root.r);
                 Svd svd = Svd.of(r, SvdOptions.thin().driver(Driver.GESDD))) {
                System.arraycopy(svd.singularValues(), 0, s, 0, k);
                try (Matrix u = svd.u().view(0, 0, f.root.k, k); Matrix v = svd.vt()) {
                    ur = u.toColumnMajorArray();
                    for (int i = 0; i < k; i++) {
                        vt[i] = new double[f.n];
                        for (int j = 0; j < f.n; j++) {
                            vt[i][j] = v.get(i, j);
                        }
                    }
                }
            }
            DistributedFactor u = finish(rows, leaves, f, ur, k);
            String plan = f.plan(rows, "dgesdd of the " + f.n + "×" + f.n + " R, U = Q_p·M_p per partition (k = " + k + ")");
            return new DistributedSvd(s, vt, u, plan);
        } finally {
            leaves.unpersist(false);
        }
    }

    /**
     * Thin QR: Q ({@code m × n}) in Spark, R ({@code n × n}) local.
     *
     * @throws IllegalArgumentException if the input is wide ({@code m < n}), empty, wider than
     *     8192 columns, or its rows differ in length (naming the rows)
     * @throws org.decomp4j.NonFiniteInputException for NaN or infinity (naming row id and column)
     */
    public static DistributedQr qr(SparkRows rows) {
        Objects.requireNonNull(rows, "rows");
        JavaRDD<Tsqr.Leaf> leaves = Tsqr.persistedLeaves(rows);
        try {
            Front f = front(rows, leaves);
            double[] identity = new double[f.root.k * f.root.k];
            for (int i = 0; i < f.root.k; i++) {
                identity[i * f.root.k + i] = 1;
            }
            DistributedFactor q = finish(rows, leaves, f, identity, f.root.k);
            double[][] r = new double[f.root.k][f.n];
            for (int i = 0; i < f.root.k; i++) {
                for (int j = 0; j < f.n; j++) {
                    r[i][j] = f.root.r[j * f.root.k + i];
                }
            }
            return new DistributedQr(r, q, f.plan(rows, "Q = Q_p·M_p per partition"));
        } finally {
            leaves.unpersist(false);
        }
    }

    /** Stages 1 and 2: the partitions factored, their R factors reduced. */
    private record Front(long m, int n, List<Tsqr.Head> heads, List<Tsqr.Node> leaves, Tsqr.Node root, int levels) {
        String plan(SparkRows rows, String last) {
            long rBytes = 0;
            for (Tsqr.Head h : heads) {
                rBytes += 8L * h.k() * n;
            }
            return String.format(Locale.ROOT, "direct TSQR of %d×%d (%s): %d partitions (%d non-empty), dgeqrf+dorgqr"
                    + " per partition at 1 OpenBLAS thread, %d R factors (%.1f MB) reduced on the driver in a tree of"
                    + " fan-in %d (%d level%s), %s", m, n, rows.source(), rows.partitions(), heads.size(), heads.size(),
                    rBytes / 1e6, Tsqr.FAN_IN, levels, levels == 1 ? "" : "s", last);
        }
    }

    private static Front front(SparkRows rows, JavaRDD<Tsqr.Leaf> leaves) {
        List<Tsqr.Head> heads = Tsqr.heads(leaves);
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("no rows: all " + rows.partitions() + " partitions of " + rows.source() + " are empty");
        }
        int n = heads.get(0).n();
        long m = 0;
        for (Tsqr.Head h : heads) {
            m += h.m();
        }
        if (m < n) {
            throw new IllegalArgumentException(String.format("TSQR needs a tall-skinny input (m ≥ n), but this one is"
                    + " %d×%d (wide): transpose it (the SVD of Aᵀ gives V as its U), or use the randomized SVD"
                    + " (DistributedRandomizedSvd.svd) for k ≪ min(m, n)", m, n));
        }
        List<Tsqr.Node> nodes = new ArrayList<>();
        for (Tsqr.Head h : heads) {
            nodes.add(new Tsqr.Node(h.k(), n, h.r()));
        }
        int[] levels = new int[1];
        Tsqr.Node root = Tsqr.reduce(nodes, levels);
        return new Front(m, n, heads, nodes, root, levels[0]);
    }

    private static DistributedFactor finish(SparkRows rows, JavaRDD<Tsqr.Leaf> leaves, Front f, double[] top, int cols) {
        Map<Integer, double[]> m = Tsqr.pathProducts(f.heads, f.leaves, f.root, top, cols);
        JavaRDD<IndexedRow> u = Tsqr.apply(leaves, rows.context(), m, cols).persist(StorageLevel.MEMORY_AND_DISK());
        Tsqr.count(u);
        return new DistributedFactor(u, f.m, cols);
    }
}
