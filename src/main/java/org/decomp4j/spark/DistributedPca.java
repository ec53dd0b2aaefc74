package org.decomp4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * Principal component analysis of a distributed samples × features matrix X (m × n) by the
 * {@linkplain DistributedRandomizedSvd distributed randomized SVD} of the centred data
 * {@code X − 1·μᵀ}, with the outputs and conventions of the single-machine
 * {@link org.decomp4j.apps.Pca} (scikit-learn's): components ({@code k × n}, signs as
 * {@code svd_flip}: the largest entry of each row positive), explained variance
 * {@code σᵢ²/(m − 1)} and its ratio to the total variance, the mean, and {@link #transform} as a
 * column of a Dataset.
 *
 * <p>Sparse rows stay sparse: the mean is never subtracted from a row; it is applied inside the
 * products ({@code (X − 1μᵀ)·Ω = X·Ω − 1·(μᵀΩ)}, {@code (X − 1μᵀ)ᵀ·Y = Xᵀ·Y − μ·(1ᵀY)}). The
 * total variance {@code Σ‖xᵢ − μ‖²/(m − 1)} is summed exactly for dense rows and, for a sparse
 * row, as its entries' terms plus μ's at its zeros.
 *
 * <p>Cost: the randomized SVD's passes plus two (the mean; the total variance); U is not formed.
 * For the spark.ml form (usable in a {@code Pipeline}) see {@link PcaEstimator}.
 */
public final class DistributedPca implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int n;
    private final long samples;
    private final double[] components;     // k × n, row-major
    private final double[] mean;
    private final double[] singularValues;
    private final double[] explainedVariance;
    private final double[] ratio;
    private final double errorEstimate;
    private final String plan;

    private DistributedPca(int n, long samples, double[] components, double[] mean, double[] singularValues,
            double[] explainedVariance, double[] ratio, double errorEstimate, String plan) {
        this.n = n;
        this.samples = samples;
        this.components = components;
        this.mean = mean;
        this.singularValues = singularValues;
        this.explainedVariance = explainedVariance;
        this.ratio = ratio;
        this.errorEstimate = errorEstimate;
        this.plan = plan;
    }

    /**
     * Fits the first k components ({@code options.rank()}).
     *
     * @param rows the samples, one row each (dense or sparse)
     * @param options rank k, oversampling, power iterations, seed, probes
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}; for fewer than 2 rows,
     *     rows of different lengths (naming them), or a normaliser other than QR
     * @throws org.decomp4j.NonFiniteInputException for NaN or infinity (naming row id and column)
     */
    public static DistributedPca fit(SparkRows rows, RandomizedSvdOptions options) {
        Objects.requireNonNull(options, "options");
        DistributedRandomizedSvd.Fit f = DistributedRandomizedSvd.fit(rows, options.flipSigns(true), true, false);
        if (f.m() < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows (the variance divides by m − 1); "
                    + rows.source() + " has " + f.m());
        }
        int k = f.s().length;
        double[] comp = new double[k * f.n()];
        for (int i = 0; i < k; i++) {
            System.arraycopy(f.vt()[i], 0, comp, i * f.n(), f.n());
        }
        double[] ev = new double[k];
        double[] ratio = new double[k];
        double total = f.centredSquares() / (f.m() - 1);
        for (int i = 0; i < k; i++) {
            ev[i] = f.s()[i] * f.s()[i] / (f.m() - 1);
            ratio[i] = total > 0 ? ev[i] / total : 0.0;
        }
        return new DistributedPca(f.n(), f.m(), comp, f.mean(), f.s(), ev, ratio, f.estimate(), "PCA: " + f.plan());
    }

    /** k, the components kept. */
    public int componentCount() {
        return singularValues.length;
    }

    /** n, the features. */
    public int features() {
        return n;
    }

    /** m, the samples fitted. */
    public long samples() {
        return samples;
    }

    /** The components, {@code k × n} row by row (a copy). */
    public double[][] components() {
        double[][] c = new double[componentCount()][];
        for (int i = 0; i < c.length; i++) {
            c[i] = Arrays.copyOfRange(components, i * n, (i + 1) * n);
        }
        return c;
    }

    /** The column means μ (length n, a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Singular values of the centred data for the k components (a copy). */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /** Variance explained by each component, {@code σᵢ²/(m − 1)} (a copy). */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    /** Fraction of the total variance explained by each component, each in {@code [0, 1]} (a copy). */
    public double[] explainedVarianceRatio() {
        return ratio.clone();
    }

    /** The randomized SVD's bound on {@code ‖Xc − U·Σ·Vᵀ‖₂} (see {@link DistributedRandomizedSvd}). */
    public double errorEstimate() {
        return errorEstimate;
    }

    /** How it was computed. */
    public String plan() {
        return plan;
    }

    /** The scores of one sample, {@code (x − μ)·componentsᵀ} (length k); sparse x is not densified. */
    public double[] transform(Vector x) {
        return project(x, components, meanProjection(), n);
    }

    /**
     * The input with a column {@code outputCol} of scores (spark.ml dense vectors of length k),
     * computed lazily per row; the components travel to the executors by broadcast.
     *
     * @throws IllegalArgumentException if {@code inputCol} is missing or not a vector column, or
     *     {@code outputCol} exists; a row of another length fails its task, naming both lengths
     */
    public Dataset<Row> transform(Dataset<Row> data, String inputCol, String outputCol) {
        PcaEstimator.checkSchema(data.schema(), inputCol, outputCol);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<double[]> cb = sc.broadcast(components);
        double[] muProj = meanProjection();
        int cols = n;
        UserDefinedFunction f = functions.udf((UDF1<Vector, Vector>) x -> x == null ? null
                : Vectors.dense(project(x, cb.value(), muProj, cols)), SQLDataTypes.VectorType());
        return data.withColumn(outputCol, f.apply(functions.col(inputCol)));
    }

    private double[] meanProjection() {
        int k = componentCount();
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            double t = 0;
            for (int j = 0; j < n; j++) {
                t += mean[j] * components[i * n + j];
            }
            p[i] = t;
        }
        return p;
    }

    private static double[] project(Vector x, double[] comp, double[] muProj, int n) {
        if (x.size() != n) {
            throw new IllegalArgumentException("a vector of " + x.size() + " entries, but the PCA was fitted on " + n);
        }
        int k = muProj.length;
        double[] out = new double[k];
        if (x instanceof SparseVector s) {
            int[] idx = s.indices();
            double[] val = s.values();
            for (int i = 0; i < k; i++) {
                double t = 0;
                for (int e = 0; e < idx.length; e++) {
                    t += val[e] * comp[i * n + idx[e]];
                }
                out[i] = t - muProj[i];
            }
        } else {
            double[] v = x.toArray();
            for (int i = 0; i < k; i++) {
                double t = 0;
                for (int j = 0; j < n; j++) {
                    t += v[j] * comp[i * n + j];
                }
                out[i] = t - muProj[i];
            }
        }
        return out;
    }
}
