package org.decomp4j.spark;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link PcaEstimator}: {@code transform} adds {@code outputCol}, the scores
 * {@code (x − μ)·componentsᵀ} (dense vectors of length k) of each row's {@code inputCol}, sparse
 * rows projected without densifying. The fit itself is {@link #pca()}. Not persistable (no
 * {@code MLWritable}).
 */
public final class PcaModel extends Model<PcaModel> {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final DistributedPca pca;
    private final Param<String> inputCol;
    private final Param<String> outputCol;

    PcaModel(String uid, DistributedPca pca) {
        this.uid = uid;
        this.pca = pca;
        this.inputCol = new Param<>(this, "inputCol", "input column of spark.ml vectors");
        this.outputCol = new Param<>(this, "outputCol", "output column of scores");
        setDefault(inputCol, "features");
        setDefault(outputCol, "pca");
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
     * Sets the input vector column.
     *
     * @param value the input vector column
     * @return this
     */
    public PcaModel setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    /**
     * Sets the output column.
     *
     * @param value the output column
     * @return this
     */
    public PcaModel setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    /** The fit: components, mean, explained variance and ratio. */
    public DistributedPca pca() {
        return pca;
    }

    /**
     * The input with the scores column added (lazy).
     *
     * @throws IllegalArgumentException as {@link #transformSchema}
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return pca.transform(dataset.toDF(), getOrDefault(inputCol), getOrDefault(outputCol));
    }

    /**
     * The input schema with {@code outputCol} (a vector column) added.
     *
     * @throws IllegalArgumentException if {@code inputCol} is missing or not a vector column, or
     *     {@code outputCol} already exists
     */
    @Override
    public StructType transformSchema(StructType schema) {
        return PcaEstimator.checkSchema(schema, getOrDefault(inputCol), getOrDefault(outputCol));
    }

    @Override
    public PcaModel copy(ParamMap extra) {
        PcaModel c = new PcaModel(uid, pca);
        copyValues(c, extra);
        return c.setParent(parent());
    }
}
