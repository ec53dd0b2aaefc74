package org.decomp4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.storage.StorageLevel;
import org.decomp4j.DType;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.Qr;
import org.decomp4j.Svd;
import org.decomp4j.engine.BlasThreadLease;
import org.decomp4j.engine.SignConvention;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * Randomized SVD of a distributed matrix of any shape (Halko, Martinsson &amp; Tropp, "Finding
 * structure with randomness", SIAM Review 53(2), 2011; Algorithms 4.4 and 5.1), for
 * {@code k ≪ min(m, n)}: the distributed twin of {@link org.decomp4j.lowrank.RandomizedSvd}, with
 * the same Ω (for the same seed), the same steps and the same error estimate.
 *
 * <ol>
 * <li>{@code Y = A·Ω}, Ω an {@code n × l} Gaussian block ({@code l = min(k + p, min(m, n))})
 *     drawn on the driver from the seed and broadcast; each partition forms its rows of Y;</li>
 * <li>{@code Q = orth(Y)} by direct TSQR (as {@link DistributedTsqr}: per-partition {@code geqrf},
 *     R factors reduced in a tree on the driver, {@code Q_p·M_p} per partition);</li>
 * <li>q power steps: {@code Z = Aᵀ·Q} (each partition's {@code n × l} product, summed on the
 *     driver in partition order), {@code Z} orthonormalised on the driver, {@code Y = A·Z},
 *     {@code Q = orth(Y)} by TSQR;</li>
 * <li>{@code Bᵀ = Aᵀ·Q} ({@code n × l}), its local SVD {@code Bᵀ = Ũ·Σ·Ṽᵀ}; {@code U = Q·Ṽ_k}
 *     formed per partition under the input's row ids; {@code Vᵀ = Ũ_kᵀ}.</li>
 * </ol>
 *
 * <p>Sparse rows stay sparse: a partition keeps its dense rows as one block (products by
 * {@code gemm}) and its sparse rows in CSR (products entry by entry). Every sum over partitions is
 * taken on the driver in partition order and every task runs at one OpenBLAS thread, so a retried
 * task, or a run on other executors, gives the same bits.
 *
 * <pre>{@code
 * try (DistributedSvd svd = DistributedRandomizedSvd.svd(SparkRows.of(df, "features", "id"),
 *         RandomizedSvdOptions.rank(20).seed(7))) {
 *     double[] s = svd.singularValues();
 *     double err = svd.errorEstimate();      // bounds ‖A − U·Σ·Vᵀ‖₂ with probability ≥ 1 − 10^−r
 * }
 * }</pre>
 *
 * <p>Error estimate (as {@code RandomizedSvd}'s): with r Gaussian probes {@code ω_i} (the
 * options' {@code probes}, drawn from their own seed), {@code 10·√(2/π)·max_i ‖(I − QQᵀ)·A·ω_i‖}
 * plus {@code σ_{k+1}(B)}; NaN with 0 probes.
 *
 * <p>Cost: {@code 2q + 3} passes over the partitions (q power steps of two, a sketch, the last
 * product with the probes, the probes' residual) plus one to form U; per pass about
 * {@code 2·nnz(A)·l} flops. Driver memory: Ω and Z ({@code n × l} doubles each), the probes
 * ({@code n × r}), the R factors ({@code P·l²}); the partitions' {@code n × l} products arrive a
 * few at a time. Only the Householder QR normaliser is supported (the default).
 */
public final class DistributedRandomizedSvd {
    /** Halko et al. eq. (4.3): the constant {@code 10·√(2/π)} of the probabilistic bound. */
    static final double PROBE_FACTOR = 10 * Math.sqrt(2 / Math.PI);

    private DistributedRandomizedSvd() {
    }

    /**
     * Rank-k randomized SVD.
     *
     * @param rows the m × n matrix, dense or sparse rows
     * @param options rank k, oversampling p, power iterations q, seed, probes, sign convention
     * @return Σ (k values, non-increasing) and Vᵀ ({@code k × n}) local, U ({@code m × k}) in Spark
     *     under the input's row ids, the error estimate and the plan; close it to unpersist U
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}; for rows of different
     *     lengths (naming the rows), no rows, a normaliser other than QR, or an {@code n × l} block
     *     beyond 2³¹ − 1 entries
     * @throws NonFiniteInputException for NaN or infinity (naming row id and column)
     */
    public static DistributedSvd svd(SparkRows rows, RandomizedSvdOptions options) {
        Fit f = fit(rows, options, false, true);
        return new DistributedSvd(f.s, f.vt, f.u, f.plan, f.estimate);
    }

    /** Everything a fit produces; U is null when not asked for. */
    record Fit(long m, int n, double[] s, double[][] vt, DistributedFactor u, double estimate, String plan,
            double[] mean, double centredSquares) {
    }

    /** Per-partition summary of the first pass. */
    private record Stats(int part, int m, int n, long firstId, long nnz, double[] sums) implements Serializable {
    }

    /** A dense m_p × c block of one partition, column-major; m = 0 for an empty partition. */
    private record Dense(int part, int m, int c, double[] a) implements Serializable {
    }

    /** A partition's QR leaf in the TSQR of Y. */
    private record Leaf(int part, int m, int k, double[] q, double[] r) implements Serializable {
    }

    /**
     * The randomized SVD of A, or of {@code A − 1·μᵀ} when {@code center} (μ the column means,
     * applied inside the products: {@code (A − 1μᵀ)X = AX − 1(μᵀX)}, {@code (A − 1μᵀ)ᵀY = AᵀY − μ(1ᵀY)}).
     */
    static Fit fit(SparkRows rows, RandomizedSvdOptions o, boolean center, boolean wantU) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(o, "options");
        if (o.normalizer() != RandomizedSvdOptions.Normalizer.QR) {
            throw new IllegalArgumentException("the distributed randomized SVD orthonormalises by TSQR only:"
                    + " normalizer " + o.normalizer() + " is not supported; use Normalizer.QR (the default)");
        }
        JavaSparkContext sc = rows.context();
        JavaRDD<RowBlock> blocks = rows.rdd().mapPartitionsWithIndex(RowBlock::of, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<Object> persisted = new ArrayList<>();
        try {
            // pass 1: shape, consistency, column sums
            long[] mm = {0};
            int[] nn = {-1};
            long[] first = {0};
            long[] nnz = {0};
            double[][] sums = {null};
            inOrder(blocks.map(b -> new Stats(b.part, b.m, b.n, b.firstId, b.nnz, center && b.m > 0 ? b.columnSums() : null)),
                    st -> {
                        if (st.m() == 0) {
                            return;
                        }
                        if (nn[0] < 0) {
                            nn[0] = st.n();
                            first[0] = st.firstId();
                        } else if (st.n() != nn[0]) {
                            throw new IllegalArgumentException(String.format("row id %d has %d entries, but row id %d"
                                    + " has %d: every row needs the same length", st.firstId(), st.n(), first[0], nn[0]));
                        }
                        mm[0] += st.m();
                        nnz[0] += st.nnz();
                        if (center) {
                            if (sums[0] == null) {
                                sums[0] = new double[st.n()];
                            }
                            for (int j = 0; j < st.n(); j++) {
                                sums[0][j] += st.sums()[j];
                            }
                        }
                    });
            long m = mm[0];
            int n = nn[0];
            if (m == 0) {
                throw new IllegalArgumentException("no rows: all " + rows.partitions() + " partitions of " + rows.source() + " are empty");
            }
            int k = o.rank();
            if (k < 1 || k > Math.min(m, n)) {
                throw new IllegalArgumentException(String.format("k = %d is out of range for a %d×%d matrix:"
                        + " 1 ≤ k ≤ min(m, n) = %d", k, m, n, Math.min(m, n)));
            }
            int l = (int) Math.min((long) k + o.oversampling(), Math.min(m, n));
            int r = o.probes();
            if ((long) n * Math.max(l, r) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(String.format("the driver's %d×%d block (n × l) exceeds 2^31-1 entries;"
                        + " lower k + oversampling", n, l));
            }
            int q = o.powerItersFor(m, n);
            double[] mu = null;
            double centred = Double.NaN;
            if (center) {
                mu = sums[0];
                for (int j = 0; j < n; j++) {
                    mu[j] /= m;
                }
                double[] muF = mu;
                double[] tot = {0};
                inOrder(blocks.map(b -> b.m == 0 ? 0.0 : b.centredSquares(muF)), v -> tot[0] += v);
                centred = tot[0];
            }
            double[] omega;
            try (Matrix w = Matrix.randomNormal(n, l, o.seed(), DType.F64)) {
                omega = w.toColumnMajorArray();
            }
            JavaRDD<Dense> qb = orth(sc, sketch(sc, blocks, omega, l, mu), l, persisted);
            for (int i = 1; i <= q; i++) {
                double[] z = transposeProduct(sc, blocks, qb, n, l, mu, null, 0)[0];
                try (BlasThreadLease lease = BlasThreadLease.acquire();
                     Matrix zm = Matrix.fromColumnMajor(n, l, z);
                     Qr qr = Qr.of(zm, Qr.Mode.ECONOMY, FiniteCheck.OFF)) {
                    z = qr.q().toColumnMajorArray();
                }
                JavaRDD<Dense> next = orth(sc, sketch(sc, blocks, z, l, mu), l, persisted);
                qb.unpersist(false);
                qb = next;
                o.progress().progress(i, q, "power iteration " + i + " of " + q);
            }
            double[] probes = null;
            if (r > 0) {
                try (Matrix w = Matrix.randomNormal(n, r, probeSeed(o.seed()), DType.F64)) {
                    probes = w.toColumnMajorArray();
                }
            }
            double[][] last = transposeProduct(sc, blocks, qb, n, l, mu, probes, r);
            double[] bt = last[0];
            double estimate = r == 0 ? Double.NaN : PROBE_FACTOR * residual(sc, blocks, qb, probes, r, l, last[1], mu);
            double[] s = new double[k];
            double[][] vt = new double[k][n];
            double[] vk;   // Ṽ_k, l × k column-major
            double tail;
            try (BlasThreadLease lease = BlasThreadLease.acquire();
                 Matrix b = Matrix.fromColumnMajor(n, l, bt);
                 Svd small = Svd.of(b)) {
                double[] all = small.singularValues();
                for (double v : all) {
                    if (!Double.isFinite(v)) {
                        throw new NonFiniteInputException("randomized", "distributed randomized SVD: the products of the "
                                + m + "×" + n + " matrix produced NaN or infinity");
                    }
                }
                System.arraycopy(all, 0, s, 0, k);
                tail = l > k ? all[k] : 0.0;
                try (Matrix v = small.vt().transpose().view(0, 0, l, k).copy();
                     Matrix vtm = small.u().view(0, 0, n, k).transpose().copy()) {
                    if (o.flipSigns()) {
                        SignConvention.flipSigns(v, vtm, k);
                    }
                    vk = v.toColumnMajorArray();
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < n; j++) {
                            vt[i][j] = vtm.get(i, j);
                        }
                    }
                }
            }
            if (r > 0) {
                estimate += tail;
            }
            DistributedFactor u = null;
            if (wantU) {
                Broadcast<double[]> vb = sc.broadcast(vk);
                JavaRDD<IndexedRow> ur = blocks.zipPartitions(qb, (ia, iq) -> uRows(ia.next(), iq.next(), vb.value(), l, k))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                Tsqr.count(ur);
                u = new DistributedFactor(ur, m, k);
            }
            qb.unpersist(false);
            String plan = String.format(Locale.ROOT, "distributed randomized SVD of %d×%d%s (%s, %d stored entries):"
                    + " %d partitions, l = %d (k = %d, p = %d), q = %d power iterations, Ω drawn from seed %d on the"
                    + " driver, Y orthonormalised by direct TSQR (dgeqrf per partition at 1 OpenBLAS thread, R"
                    + " factors reduced on the driver), Aᵀ·Q summed on the driver in partition order, dgesdd of the"
                    + " %d×%d Bᵀ, %d probes%s", m, n, center ? " centred (mean applied inside the products)" : "",
                    rows.source(), nnz[0], rows.partitions(), l, k, l - k, q, o.seed(), n, l, r,
                    wantU ? ", U = Q·Ṽ_k per partition" : "");
            return new Fit(m, n, s, vt, u, estimate, plan, mu, centred);
        } finally {
            for (Object p : persisted) {
                ((JavaRDD<?>) p).unpersist(false);
            }
            blocks.unpersist(false);
        }
    }

    /** A seed of the probes' own (as {@code RandomizedSvd}'s), so that they are independent of Ω. */
    static long probeSeed(long seed) {
        return new SplittableRandom(seed).split().nextLong();
    }

    /** {@code Y_p = A_p·X − 1·(μᵀX)} per partition (lazy). */
    private static JavaRDD<Dense> sketch(JavaSparkContext sc, JavaRDD<RowBlock> blocks, double[] x, int c, double[] mu) {
        double[] shift = mu == null ? null : muTimes(mu, x, c);
        Broadcast<double[]> xb = sc.broadcast(x);
        return blocks.map(b -> new Dense(b.part, b.m, c, b.m == 0 ? new double[0] : b.times(xb.value(), c, shift)));
    }

    private static double[] muTimes(double[] mu, double[] x, int c) {
        int n = mu.length;
        double[] out = new double[c];
        for (int j = 0; j < c; j++) {
            double t = 0;
            for (int i = 0; i < n; i++) {
                t += mu[i] * x[j * n + i];
            }
            out[j] = t;
        }
        return out;
    }

    /**
     * Direct TSQR of the blocks Y: an orthonormal basis Q ({@code m × l}) of their column span, as
     * blocks in the same partitions, persisted and counted (the caller unpersists it).
     */
    private static JavaRDD<Dense> orth(JavaSparkContext sc, JavaRDD<Dense> y, int l, List<Object> persisted) {
        JavaRDD<Leaf> leaves = y.map(DistributedRandomizedSvd::factor).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Tsqr.Head> heads = Tsqr.collect(leaves.filter(f -> f.m() > 0)
                    .map(f -> new Tsqr.Head(f.part(), f.m(), l, f.k(), f.r(), 0L)));
            List<Tsqr.Node> nodes = new ArrayList<>();
            for (Tsqr.Head h : heads) {
                nodes.add(new Tsqr.Node(h.k(), l, h.r()));
            }
            Tsqr.Node root = Tsqr.reduce(nodes, new int[1]);
            double[] identity = new double[root.k * root.k];
            for (int i = 0; i < root.k; i++) {
                identity[i * root.k + i] = 1;
            }
            int cols = root.k;
            Broadcast<Map<Integer, double[]>> mb = sc.broadcast(Tsqr.pathProducts(heads, nodes, root, identity, cols));
            JavaRDD<Dense> q = leaves.map(f -> {
                if (f.m() == 0) {
                    return new Dense(f.part(), 0, cols, new double[0]);
                }
                try (BlasThreadLease lease = BlasThreadLease.acquire();
                     Matrix qp = Matrix.fromColumnMajor(f.m(), f.k(), f.q());
                     Matrix mp = Matrix.fromColumnMajor(f.k(), cols, mb.value().get(f.part()));
                     Matrix p = qp.multiply(mp)) {
                    return new Dense(f.part(), f.m(), cols, p.toColumnMajorArray());
                }
            }).persist(StorageLevel.MEMORY_AND_DISK());
            persisted.add(q);
            Tsqr.count(q);
            return q;
        } finally {
            leaves.unpersist(false);
        }
    }

    private static Leaf factor(Dense y) {
        if (y.m() == 0) {
            return new Leaf(y.part(), 0, 0, new double[0], new double[0]);
        }
        try (BlasThreadLease lease = BlasThreadLease.acquire();
             Matrix a = Matrix.fromColumnMajor(y.m(), y.c(), y.a());
             Qr qr = Qr.of(a, Qr.Mode.ECONOMY, FiniteCheck.OFF)) {
            return new Leaf(y.part(), y.m(), Math.min(y.m(), y.c()), qr.q().toColumnMajorArray(), qr.r().toColumnMajorArray());
        }
    }

    /**
     * {@code (A − 1μᵀ)ᵀ·Q} ({@code n × l}, column-major) and, with probes W ({@code n × r}),
     * {@code Qᵀ·(A − 1μᵀ)·W} ({@code l × r}); partitions' parts summed in partition order.
     */
    private static double[][] transposeProduct(JavaSparkContext sc, JavaRDD<RowBlock> blocks, JavaRDD<Dense> qb, int n,
            int l, double[] mu, double[] probes, int r) {
        Broadcast<double[]> wb = probes == null ? null : sc.broadcast(probes);
        double[] shift = probes == null || mu == null ? null : muTimes(mu, probes, r);
        int len = n * l + l + l * r;
        JavaRDD<double[]> parts = blocks.zipPartitions(qb, (ia, iq) -> {
            RowBlock b = ia.next();
            Dense q = iq.next();
            double[] out = new double[len];
            if (b.m == 0) {
                return List.of(out).iterator();
            }
            System.arraycopy(b.transposeTimes(q.a(), l), 0, out, 0, n * l);
            for (int j = 0; j < l; j++) {
                double t = 0;
                for (int i = 0; i < b.m; i++) {
                    t += q.a()[j * b.m + i];
                }
                out[n * l + j] = t;
            }
            if (wb != null) {
                double[] p = b.times(wb.value(), r, shift);
                try (BlasThreadLease lease = BlasThreadLease.acquire();
                     Matrix qm = Matrix.fromColumnMajor(b.m, l, q.a());
                     Matrix pm = Matrix.fromColumnMajor(b.m, r, p);
                     Matrix c = qm.transpose().multiply(pm)) {
                    System.arraycopy(c.toColumnMajorArray(), 0, out, n * l + l, l * r);
                }
            }
            return List.of(out).iterator();
        });
        double[] total = new double[len];
        inOrder(parts, p -> {
            for (int i = 0; i < len; i++) {
                total[i] += p[i];
            }
        });
        double[] z = Arrays.copyOf(total, n * l);
        if (mu != null) {
            for (int j = 0; j < l; j++) {
                double colSum = total[n * l + j];
                for (int i = 0; i < n; i++) {
                    z[j * n + i] -= mu[i] * colSum;
                }
            }
        }
        return new double[][] {z, Arrays.copyOfRange(total, n * l + l, len)};
    }

    /** {@code max_i ‖(I − QQᵀ)·(A − 1μᵀ)·ω_i‖} given {@code C = Qᵀ(A − 1μᵀ)W} ({@code l × r}). */
    private static double residual(JavaSparkContext sc, JavaRDD<RowBlock> blocks, JavaRDD<Dense> qb, double[] probes,
            int r, int l, double[] c, double[] mu) {
        Broadcast<double[]> wb = sc.broadcast(probes);
        Broadcast<double[]> cb = sc.broadcast(c);
        double[] shift = mu == null ? null : muTimes(mu, probes, r);
        JavaRDD<double[]> parts = blocks.zipPartitions(qb, (ia, iq) -> {
            RowBlock b = ia.next();
            Dense q = iq.next();
            double[] out = new double[r];
            if (b.m == 0) {
                return List.of(out).iterator();
            }
            double[] p = b.times(wb.value(), r, shift);
            try (BlasThreadLease lease = BlasThreadLease.acquire();
                 Matrix qm = Matrix.fromColumnMajor(b.m, l, q.a());
                 Matrix cm = Matrix.fromColumnMajor(l, r, cb.value());
                 Matrix pm = Matrix.fromColumnMajor(b.m, r, p)) {
                qm.multiplyInto(cm, pm, -1.0, 1.0);
                double[] res = pm.toColumnMajorArray();
                for (int j = 0; j < r; j++) {
                    double t = 0;
                    for (int i = 0; i < b.m; i++) {
                        t += res[j * b.m + i] * res[j * b.m + i];
                    }
                    out[j] = t;
                }
            }
            return List.of(out).iterator();
        });
        double[] sq = new double[r];
        inOrder(parts, p -> {
            for (int j = 0; j < r; j++) {
                sq[j] += p[j];
            }
        });
        double worst = 0;
        for (double v : sq) {
            worst = Math.max(worst, Math.sqrt(v));
        }
        return worst;
    }

    private static Iterator<IndexedRow> uRows(RowBlock b, Dense q, double[] vk, int l, int k) {
        if (b.m == 0) {
            return java.util.Collections.emptyIterator();
        }
        double[] rm;
        try (BlasThreadLease lease = BlasThreadLease.acquire();
             Matrix qm = Matrix.fromColumnMajor(b.m, l, q.a());
             Matrix vm = Matrix.fromColumnMajor(l, k, vk);
             Matrix u = qm.multiply(vm)) {
            rm = u.toRowMajorArray();
        }
        List<IndexedRow> out = new ArrayList<>(b.m);
        for (int i = 0; i < b.m; i++) {
            out.add(new IndexedRow(b.ids[i], Vectors.dense(Arrays.copyOfRange(rm, i * k, (i + 1) * k))));
        }
        return out.iterator();
    }

    /**
     * Each element of {@code rdd} handed to {@code sink} in partition order, fetched a few partitions
     * per job (so that the driver holds a few partitions' results at once, and sums taken in this
     * order do not depend on which task finished first).
     */
    static <T> void inOrder(JavaRDD<T> rdd, Consumer<T> sink) {
        int parts = rdd.getNumPartitions();
        int group = Math.max(2, 2 * rdd.context().defaultParallelism());
        for (int g = 0; g < parts; g += group) {
            int[] ids = new int[Math.min(group, parts - g)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = g + i;
            }
            List<T>[] got;
            try {
                got = rdd.collectPartitions(ids);
            } catch (Exception e) { // Scala throws SparkException undeclared
                throw Tsqr.unwrap(e);
            }
            for (List<T> list : got) {
                list.forEach(sink);
            }
        }
    }
}
