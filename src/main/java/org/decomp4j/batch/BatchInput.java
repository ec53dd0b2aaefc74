package org.decomp4j.batch;

import java.io.IOException;
import java.util.Objects;

import org.decomp4j.Matrix;

/**
 * One matrix of a batch: a name for reports and a way to get the matrix, called on the worker
 * thread that decomposes it (so reading files is parallel too). A matrix the input {@link #owned()
 * owns} is closed by the batch once decomposed.
 */
public interface BatchInput {
    /**
     * Name used in results and error reports (e.g. the file name, or {@code "#17"}).
     *
     * @return the name, not {@code null}
     */
    String name();

    /**
     * The matrix to decompose.
     *
     * @return the matrix; the batch closes it when {@link #owned()} is true
     * @throws IOException if reading it fails; reported as this input's failure
     */
    Matrix open() throws IOException;

    /**
     * Whether the batch closes the matrix {@link #open()} returned (true unless said otherwise).
     *
     * @return true by default
     */
    default boolean owned() {
        return true;
    }

    /**
     * An in-memory matrix, borrowed: the batch neither copies nor closes it.
     *
     * @param name the name reported for it, not {@code null}
     * @param m the matrix; must stay open until the batch is done
     * @return an input whose {@link #owned()} is false
     */
    static BatchInput of(String name, Matrix m) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(m, "m");
        return new BatchInput() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Matrix open() {
                return m;
            }

            @Override
            public boolean owned() {
                return false;
            }
        };
    }
}
