package org.decomp4j.spark;

import java.util.Arrays;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * decomp4j's distributed PCA as a spark.ml {@link Estimator}: {@code fit} runs
 * {@link DistributedPca#fit} on the vector column {@code inputCol} (dense or sparse) and returns a
 * {@link PcaModel} whose {@code transform} adds the scores as the vector column {@code outputCol}.
 * Usable as a stage of a {@link org.apache.spark.ml.Pipeline}, as spark.ml's own
 * {@code feature.PCA}, but without forming the {@code n × n} covariance on the driver.
 *
 * <pre>{@code
 * PipelineModel m = new Pipeline().setStages(new PipelineStage[] {
 *         new PcaEstimator().setInputCol("features").setOutputCol("pca").setK(20)}).fit(df);
 * Dataset<Row> scored = m.transform(df);
 * }</pre>
 *
 * <p>Params: {@code inputCol} (default "features"), {@code outputCol} (default "pca"), {@code k}
 * (required, ≥ 1), {@code seed} (default 0), {@code powerIters} (default -1: automatic, as
 * {@link RandomizedSvdOptions#powerItersFor}), {@code oversampling} (default 10). Not persistable
 * (no {@code MLWritable}): save {@link PcaModel#pca()}'s arrays instead.
 */
public final class PcaEstimator extends Estimator<PcaModel> {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final IntParam k;
    private final LongParam seed;
    private final IntParam powerIters;
    private final IntParam oversampling;

    /** An estimator with a fresh uid. */
    public PcaEstimator() {
        this(Identifiable.randomUID("decomp4jPca"));
    }

    /** An estimator with the given uid (spark.ml's copy protocol needs this constructor). */
    public PcaEstimator(String uid) {
        this.uid = uid;
        this.inputCol = new Param<>(this, "inputCol", "input column of spark.ml vectors");
        this.outputCol = new Param<>(this, "outputCol", "output column of scores");
        this.k = new IntParam(this, "k", "number of principal components (>= 1)", ParamValidators.gtEq(1));
        this.seed = new LongParam(this, "seed", "seed of the random test matrix");
        this.powerIters = new IntParam(this, "powerIters", "power iterations (-1: automatic)", ParamValidators.gtEq(-1));
        this.oversampling = new IntParam(this, "oversampling", "extra columns of the sketch", ParamValidators.gtEq(0));
        setDefault(inputCol, "features");
        setDefault(outputCol, "pca");
        setDefault(seed, 0L);
        setDefault(powerIters, RandomizedSvdOptions.AUTO_POWER_ITERS);
        setDefault(oversampling, RandomizedSvdOptions.DEFAULT_OVERSAMPLING);
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * The input column param.
     *
     * @return the input column param
     */
    public Param<String> inputCol() {
        return inputCol;
    }

    /**
     * The output column param.
     *
     * @return the output column param
     */
    public Param<String> outputCol() {
        return outputCol;
    }

    /**
     * The number-of-components param.
     *
     * @return the number-of-components param
     */
    public IntParam k() {
        return k;
    }

    /**
     * The seed param.
     *
     * @return the seed param
     */
    public LongParam seed() {
        return seed;
    }

    /**
     * The power-iterations param.
     *
     * @return the power-iterations param
     */
    public IntParam powerIters() {
        return powerIters;
    }

    /**
     * The oversampling param.
     *
     * @return the oversampling param
     */
    public IntParam oversampling() {
        return oversampling;
    }

    /**
     * Sets the input vector column.
     *
     * @param value the input vector column
     * @return this
     */
    public PcaEstimator setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    /**
     * Sets the output column.
     *
     * @param value the output column
     * @return this
     */
    public PcaEstimator setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    /**
     * Sets components to keep, ≥ 1.
     *
     * @param value components to keep, ≥ 1
     * @return this
     */
    public PcaEstimator setK(int value) {
        set(k, value);
        return this;
    }

    /**
     * Sets the seed.
     *
     * @param value the seed
     * @return this
     */
    public PcaEstimator setSeed(long value) {
        set(seed, value);
        return this;
    }

    /**
     * Sets power iterations, -1 for automatic.
     *
     * @param value power iterations, -1 for automatic
     * @return this
     */
    public PcaEstimator setPowerIters(int value) {
        set(powerIters, value);
        return this;
    }

    /**
     * Sets oversampling p.
     *
     * @param value oversampling p
     * @return this
     */
    public PcaEstimator setOversampling(int value) {
        set(oversampling, value);
        return this;
    }

    /**
     * Fits the PCA of the input column.
     *
     * @throws IllegalArgumentException if k is not set, the columns are wrong (see
     *     {@link #transformSchema}), or as {@link DistributedPca#fit}
     */
    @Override
    public PcaModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        if (!isDefined(k)) {
            throw new IllegalArgumentException("PcaEstimator: k is not set; call setK(k) with 1 ≤ k ≤ min(m, n)");
        }
        RandomizedSvdOptions o = RandomizedSvdOptions.rank((Integer) getOrDefault(k))
                .seed((Long) getOrDefault(seed))
                .powerIters((Integer) getOrDefault(powerIters))
                .oversampling((Integer) getOrDefault(oversampling));
        DistributedPca pca = DistributedPca.fit(SparkRows.of(dataset.toDF(), getOrDefault(inputCol)), o);
        PcaModel model = new PcaModel(uid, pca);
        copyValues(model, ParamMap.empty());
        return model.setParent(this);
    }

    /**
     * The input schema with {@code outputCol} (a vector column) added.
     *
     * @throws IllegalArgumentException if {@code inputCol} is missing or not a spark.ml vector
     *     column, or {@code outputCol} already exists
     */
    @Override
    public StructType transformSchema(StructType schema) {
        return checkSchema(schema, getOrDefault(inputCol), getOrDefault(outputCol));
    }

    @Override
    public PcaEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    static StructType checkSchema(StructType schema, String in, String out) {
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("no column '" + in + "'; the Dataset has " + Arrays.toString(schema.fieldNames()));
        }
        DataType t = schema.apply(in).dataType();
        if (!t.equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("column '" + in + "' is " + t.simpleString()
                    + "; it must hold spark.ml vectors (VectorAssembler makes them)");
        }
        if (Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("output column '" + out + "' already exists; choose another name");
        }
        return schema.add(out, SQLDataTypes.VectorType(), true);
    }
}
