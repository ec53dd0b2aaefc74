package org.decomp4j.io;

import org.decomp4j.DType;
import org.decomp4j.Matrix;

/**
 * A matrix read as a sequence of row blocks, top to bottom, one pass at a time: what an
 * out-of-core method needs from data that do not fit in memory. {@link DiskMatrix} is the
 * implementation for {@code .npy} files and directories of {@code .npy} shards.
 */
public interface RowBlockSource {

    /**
     * Rows of the whole matrix (m).
     * @return rows of the whole matrix (m)
     */
    int rows();

    /**
     * Columns (n), the same in every block.
     * @return columns (n), the same in every block
     */
    int cols();

    /**
     * The precision of the blocks handed out.
     * @return the precision of the blocks handed out
     */
    DType dtype();

    /**
     * The most rows one block holds.
     * @return the most rows one block holds
     */
    int blockRows();

    /**
     * Bytes of the source one pass reads.
     * @return bytes of the source one pass reads
     */
    long bytesPerPass();

    /**
     * One pass over the rows in order: {@code visitor.block(first, block)} for each row block, where
     * {@code block} is a read-only {@code b × n} view of rows {@code first … first + b − 1}, valid
     * only during the call (the next block reuses its storage).
     *
     * @throws DiskMatrixException if the data cannot be read, or changed since they were opened
     *     (the message names the file and the block)
     * @param visitor receives each block
     */
    void forEachBlock(BlockVisitor visitor);

    /** Receives the blocks of one pass. */
    @FunctionalInterface
    interface BlockVisitor {
        /**
         * One block: rows {@code first …} of the matrix as a read-only view.
         * @param block a b×n block of this file's dtype
         * @param first the first row
         */
        void block(int first, Matrix block);
    }
}
