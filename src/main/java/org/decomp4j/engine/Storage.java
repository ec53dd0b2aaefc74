package org.decomp4j.engine;

import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.lapack.Block;

/**
 * The storage behind a {@link Matrix}, for decomp4j's own layers: the engine, {@code lowrank},
 * {@code batch}. {@code Matrix} keeps its fields to itself and grants this class, once, the few
 * operations that hand its native block to a routine wrapper ({@link Access}); nothing here is
 * a user API (the package is not exported), and a wrong size passed on is caught by the wrapper.
 */
public final class Storage {
    private static volatile Access access;

    private Storage() {
    }

    /** What {@link Matrix} grants: implemented inside it, where its fields are. */
    public interface Access {
        /** The storage as a block: the matrix itself, or its transpose for a transposed view. */
        Block stored(Matrix m);

        /** True for a transposed view ({@link #stored} then holds the transpose). */
        boolean isTransposed(Matrix m);

        /** A matrix that takes ownership of the dense block {@code b}. */
        Matrix own(Block b);

        /** A new dense block with {@code m}'s contents in dtype {@code t}; the caller owns it. */
        Block denseCopy(Matrix m, DType t);

        /** Copies {@code m} into {@code dst} (same shape; dtype converted, transposition undone). */
        void copyInto(Matrix m, Block dst);
    }

    /**
     * Called once, by {@code Matrix}'s static initializer.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void grant(Access a) {
        if (access != null) {
            throw new IllegalStateException("Matrix storage access is granted once, by Matrix itself");
        }
        access = Objects.requireNonNull(a);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try { // the grant runs when Matrix is initialised; calls that create a Matrix may come first
                Class.forName(Matrix.class.getName(), true, Matrix.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    /** The storage of {@code m} (shared, no copy); see {@link Access#stored}. */
    public static Block block(Matrix m) {
        return access().stored(m);
    }

    /** True for a transposed view. */
    public static boolean isTransposed(Matrix m) {
        return access().isTransposed(m);
    }

    /**
     * The storage of {@code m} for a routine that writes it.
     *
     * @throws IllegalArgumentException if {@code m} is a transposed or read-only view (LAPACK would
     *     read it the wrong way round, or write into a factor)
     * @throws IllegalStateException if {@code m} is closed
     */
    public static Block writable(Matrix m) {
        Objects.requireNonNull(m, "m");
        if (isTransposed(m) || m.isReadOnly()) {
            throw new IllegalArgumentException("needs a writable, untransposed matrix, got a "
                    + (isTransposed(m) ? "transposed" : "read-only") + " view " + m.rows() + "×" + m.cols());
        }
        return block(m);
    }

    /** A matrix owning {@code b}. */
    public static Matrix own(Block b) {
        return access().own(b);
    }

    /** A new {@code rows × cols} matrix with undefined contents, for a routine to fill. */
    public static Matrix uninitialized(int rows, int cols, DType t) {
        return own(Block.allocate(t, rows, cols));
    }

    /** A new dense copy of {@code m} in dtype {@code t}, owned by the caller. */
    public static Block denseCopy(Matrix m, DType t) {
        return access().denseCopy(m, t);
    }

    /** Copies {@code m} into {@code dst}. */
    public static void copyInto(Matrix m, Block dst) {
        access().copyInto(m, dst);
    }
}
