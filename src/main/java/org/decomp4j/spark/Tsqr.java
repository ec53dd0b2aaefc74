package org.decomp4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.storage.StorageLevel;
import org.decomp4j.DecompositionException;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.Qr;
import org.decomp4j.engine.BlasThreadLease;

import scala.Tuple2;

/**
 * The three stages of direct TSQR (Benson, Gleich &amp; Demmel, "Direct QR factorizations for
 * tall-and-skinny matrices in MapReduce architectures", IEEE BigData 2013), shared by
 * {@link DistributedTsqr#qr} and {@link DistributedTsqr#svd}:
 * <ol>
 * <li>per partition p: its rows as an {@code m_p × n} block {@code A_p = Q_p·R_p} ({@code geqrf},
 *     Q formed by {@code orgqr}); {@code Q_p} stays with the partition (persisted), {@code R_p}
 *     ({@code min(m_p, n) × n}) goes to the driver;</li>
 * <li>on the driver, the R factors reduced in a tree of fan-in {@value #FAN_IN}: each group's
 *     stacked R factors {@code = Q_g·R_g}, each member keeping its slice of {@code Q_g}; the root R
 *     is R of A;</li>
 * <li>per partition: {@code Q_p·M_p}, where {@code M_p} is the product of the slices on the path
 *     from the leaf to the root, times the root's right factor (identity for Q, {@code U_R} of the
 *     root's SVD for U).</li>
 * </ol>
 * Every native call in a task holds the one-thread OpenBLAS lease (several tasks share an executor
 * JVM), so the bits depend neither on the executor's cores nor on which attempt of a task ran.
 */
final class Tsqr {
    /** R factors stacked per QR of the tree. */
    static final int FAN_IN = 8;
    /** Columns beyond which the driver's R factors ({@code n²} doubles per partition) are refused. */
    static final int MAX_COLUMNS = 8192;

    private Tsqr() {
    }

    /** One partition's factorisation: Q stays in the persisted RDD, R is collected. */
    static final class Leaf implements Serializable {
        private static final long serialVersionUID = 1L;
        final int part;
        final long[] ids;
        final int m;
        final int n;
        final int k;
        final double[] q;   // m × k, column-major
        double[] r;         // k × n, column-major; dropped once collected
        final long firstId;

        Leaf(int part, long[] ids, int m, int n, int k, double[] q, double[] r, long firstId) {
            this.part = part;
            this.ids = ids;
            this.m = m;
            this.n = n;
            this.k = k;
            this.q = q;
            this.r = r;
            this.firstId = firstId;
        }
    }

    /** What the driver learns of a partition in stage 1. */
    record Head(int part, int m, int n, int k, double[] r, long firstId) implements Serializable {
    }

    /** Stage 1 (lazy): each non-empty partition's block factored; empty partitions give no leaf. */
    static JavaRDD<Leaf> leaves(SparkRows rows) {
        return rows.rdd().mapPartitionsWithIndex(Tsqr::factorPartition, true);
    }

    private static Iterator<Leaf> factorPartition(int part, Iterator<Tuple2<Long, Vector>> it) {
        List<Tuple2<Long, Vector>> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        if (rows.isEmpty()) {
            return Collections.emptyIterator();
        }
        long firstId = rows.get(0)._1();
        int n = rows.get(0)._2().size();
        int m = rows.size();
        if (n > MAX_COLUMNS) {
            throw new IllegalArgumentException(String.format("TSQR is for tall-skinny inputs of at most %d columns"
                    + " (the driver holds an n×n R per partition); row id %d has %d", MAX_COLUMNS, firstId, n));
        }
        if ((long) m * n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format("partition %d holds %d rows of %d columns, more than"
                    + " LAPACK's 2^31-1 entries per block: repartition the input into more partitions", part, m, n));
        }
        double[] a = new double[m * n];
        long[] ids = new long[m];
        for (int i = 0; i < m; i++) {
            Tuple2<Long, Vector> row = rows.get(i);
            ids[i] = row._1();
            fillRow(a, m, i, n, row._1(), row._2(), firstId);
        }
        rows = null; // the block is all that is needed now
        int k = Math.min(m, n);
        try (BlasThreadLease lease = BlasThreadLease.acquire();
             Matrix block = Matrix.fromColumnMajor(m, n, a);
             Qr qr = Qr.of(block, Qr.Mode.ECONOMY, FiniteCheck.OFF)) {
            double[] q = qr.q().toColumnMajorArray();
            double[] r = qr.r().toColumnMajorArray();
            return List.of(new Leaf(part, ids, m, n, k, q, r, firstId)).iterator();
        }
    }

    /** Row i of a column-major m × n block from a dense or sparse vector, checked as it goes. */
    private static void fillRow(double[] a, int m, int i, int n, long id, Vector v, long firstId) {
        if (v.size() != n) {
            throw new IllegalArgumentException(String.format("row id %d has %d entries, but row id %d of the same"
                    + " partition has %d: every row needs the same length", id, v.size(), firstId, n));
        }
        if (v instanceof SparseVector s) {
            int[] idx = s.indices();
            double[] val = s.values();
            for (int t = 0; t < idx.length; t++) {
                a[idx[t] * m + i] = finite(val[t], id, idx[t]);
            }
        } else {
            double[] val = v.toArray();
            for (int j = 0; j < n; j++) {
                a[j * m + i] = finite(val[j], id, j);
            }
        }
    }

    private static double finite(double x, long id, int j) {
        if (!Double.isFinite(x)) {
            throw new NonFiniteInputException("check_finite", String.format("row id %d holds %s at column %d (0-based);"
                    + " LAPACK needs finite input. Clean or impute the data", id, Double.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf", j));
        }
        return x;
    }

    /** Stage 1's heads, in partition order, with the columns checked to agree. */
    static List<Head> heads(JavaRDD<Leaf> leaves) {
        List<Head> heads = collect(leaves.map(l -> new Head(l.part, l.m, l.n, l.k, l.r, l.firstId)));
        for (Head h : heads) {
            if (h.n() != heads.get(0).n()) {
                Head f = heads.get(0);
                throw new IllegalArgumentException(String.format("row id %d has %d entries, but row id %d has %d:"
                        + " every row needs the same length", h.firstId(), h.n(), f.firstId(), f.n()));
            }
        }
        return heads;
    }

    /** A node of the reduction tree: its R, and its slice of its parent's Q. */
    static final class Node {
        final int k;
        final int n;
        final double[] r;
        Node parent;
        double[] slice;  // k × parent.k, column-major

        Node(int k, int n, double[] r) {
            this.k = k;
            this.n = n;
            this.r = r;
        }
    }

    /** The tree over the leaves' R factors (driver); returns the root, whose R is R of A. */
    static Node reduce(List<Node> level, int[] levels) {
        List<Node> cur = level;
        int depth = 0;
        try (BlasThreadLease lease = BlasThreadLease.acquire()) {
            while (cur.size() > 1) {
                List<Node> next = new ArrayList<>();
                for (int g = 0; g < cur.size(); g += FAN_IN) {
                    next.add(merge(cur.subList(g, Math.min(cur.size(), g + FAN_IN))));
                }
                cur = next;
                depth++;
            }
        }
        levels[0] = depth;
        return cur.get(0);
    }

    private static Node merge(List<Node> group) {
        int n = group.get(0).n;
        int rows = 0;
        for (Node c : group) {
            rows += c.k;
        }
        double[] s = new double[rows * n];
        int off = 0;
        for (Node c : group) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(c.r, j * c.k, s, j * rows + off, c.k);
            }
            off += c.k;
        }
        int k = Math.min(rows, n);
        try (Matrix stacked = Matrix.fromColumnMajor(rows, n, s);
             Qr qr = Qr.of(stacked, Qr.Mode.ECONOMY, FiniteCheck.OFF)) {
            double[] q = qr.q().toColumnMajorArray();
            Node parent = new Node(k, n, qr.r().toColumnMajorArray());
            off = 0;
            for (Node c : group) {
                double[] slice = new double[c.k * k];
                for (int j = 0; j < k; j++) {
                    System.arraycopy(q, j * rows + off, slice, j * c.k, c.k);
                }
                c.parent = parent;
                c.slice = slice;
                off += c.k;
            }
            return parent;
        }
    }

    /**
     * {@code M} of every leaf: the slices on its path to the root times {@code top}
     * ({@code root.k × cols}, column-major), each {@code leaf.k × cols}.
     */
    static Map<Integer, double[]> pathProducts(List<Head> heads, List<Node> leaves, Node root, double[] top, int cols) {
        Map<Node, double[]> memo = new HashMap<>();
        memo.put(root, top);
        Map<Integer, double[]> out = new HashMap<>();
        try (BlasThreadLease lease = BlasThreadLease.acquire()) {
            for (int i = 0; i < leaves.size(); i++) {
                out.put(heads.get(i).part(), product(leaves.get(i), memo, cols));
            }
        }
        return out;
    }

    private static double[] product(Node node, Map<Node, double[]> memo, int cols) {
        double[] done = memo.get(node);
        if (done != null) {
            return done;
        }
        double[] above = product(node.parent, memo, cols);
        try (Matrix s = Matrix.fromColumnMajor(node.k, node.parent.k, node.slice);
             Matrix a = Matrix.fromColumnMajor(node.parent.k, cols, above);
             Matrix p = s.multiply(a)) {
            double[] m = p.toColumnMajorArray();
            memo.put(node, m);
            return m;
        }
    }

    /** Stage 3 (lazy): each partition's rows of {@code Q_p·M_p}, with their ids. */
    static JavaRDD<IndexedRow> apply(JavaRDD<Leaf> leaves, JavaSparkContext sc, Map<Integer, double[]> m, int cols) {
        Broadcast<Map<Integer, double[]>> b = sc.broadcast(m);
        return leaves.mapPartitions(it -> {
            List<IndexedRow> out = new ArrayList<>();
            while (it.hasNext()) {
                Leaf l = it.next();
                double[] mp = b.value().get(l.part);
                try (BlasThreadLease lease = BlasThreadLease.acquire();
                     Matrix q = Matrix.fromColumnMajor(l.m, l.k, l.q);
                     Matrix mm = Matrix.fromColumnMajor(l.k, cols, mp);
                     Matrix u = q.multiply(mm)) {
                    double[] rm = u.toRowMajorArray();
                    for (int i = 0; i < l.m; i++) {
                        double[] row = new double[cols];
                        System.arraycopy(rm, i * cols, row, 0, cols);
                        out.add(new IndexedRow(l.ids[i], Vectors.dense(row)));
                    }
                }
            }
            return out.iterator();
        }, true);
    }

    /** Persisted stage 1 (its Q blocks are read again by stage 3). */
    static JavaRDD<Leaf> persistedLeaves(SparkRows rows) {
        return leaves(rows).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** {@code collect} with a task's own exception (bad row, non-finite entry) rethrown as itself. */
    static <T> List<T> collect(JavaRDD<T> rdd) {
        try {
            return rdd.collect();
        } catch (Exception e) { // Scala code throws SparkException, a checked exception, undeclared
            throw unwrap(e);
        }
    }

    static long count(JavaRDD<?> rdd) {
        try {
            return rdd.count();
        } catch (Exception e) {
            throw unwrap(e);
        }
    }

    /**
     * The first {@link IllegalArgumentException} or decomp4j exception among the causes of a failed
     * job (what a task threw, as Spark passes it back), else the failure itself.
     */
    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof DecompositionException) {
                return (RuntimeException) t;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("Spark job failed: " + e.getMessage(), e);
    }
}
