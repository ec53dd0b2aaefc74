package org.decomp4j.dispatch;

/**
 * When an orthonormal basis of a tall, narrow block goes by one-level TSQR instead of one
 * {@code geqrf} + {@code orgqr} over the whole block, and what that costs in memory: a pure
 * function of the shape, priced by the randomized SVD's budget and the out-of-core planner.
 *
 * <p>Why: a Householder QR of an m×l block with m ≫ l streams every column of its current panel
 * through memory once per reflector, so it runs at memory speed (measured here: 5.4 s for a
 * 2,000,000 × 60 float32 block with one OpenBLAS thread, ~4 GFLOP/s). Cut into row blocks that stay
 * in cache, the same flops run at cache speed (1.3 s), and the blocks are independent, so they
 * spread over threads.
 */
public final class TallQr {
    /** Elements of one row block: 2 MiB of float64, 1 MiB of float32 (measured fastest here of 2^17 and 2^18). */
    public static final long BLOCK_ELEMENTS = 1L << 18;
    /** The tall path takes at most this many columns: its stacked R factors grow as m·l²/blockRows. */
    public static final int MAX_COLS = 256;
    /** ... and at least this many row blocks: below, one geqrf over the whole block is as quick. */
    public static final int MIN_BLOCKS = 4;
    /** Threads the tall path spreads its blocks over, at most. */
    public static final int MAX_PARTS = 8;
    /** Rows each thread's scratch product holds ({@code X_i·S_i} is formed in chunks of this many rows). */
    public static final int CHUNK_ROWS = 1024;

    private TallQr() {
    }

    /**
     * Rows per block of the tall path for a {@code rows × cols} block, or 0 when one {@code geqrf}
     * over the whole block is the way: at most {@link #MAX_COLS} columns and at least
     * {@link #MIN_BLOCKS} blocks of about {@link #BLOCK_ELEMENTS}, each at least 8·cols rows (so that
     * the stacked R factors take at most an eighth of the block). The last block takes the
     * remainder, so it holds between this and twice this many rows, less one.
     *
     * @param rows m
     * @param cols l
     * @return rows per block, or 0 for one geqrf over the whole block
     */
    public static int blockRows(long rows, long cols) {
        if (cols < 1 || cols > MAX_COLS) {
            return 0;
        }
        long rb = Math.max(8 * cols, BLOCK_ELEMENTS / cols);
        return rows / rb >= MIN_BLOCKS ? (int) rb : 0;
    }

    /**
     * Elements the tall path holds besides the block itself and the plain path's {@code tau} and
     * workspace: the stacked R factors ({@code (m / rb)·l × l}) and, per extra thread, its own
     * {@code tau}, workspace (bounded by {@code 65·l}, as the plain path's) and scratch product
     * ({@link #CHUNK_ROWS}{@code ·l}), counted for {@link #MAX_PARTS} threads. 0 when the plain
     * path runs.
     *
     * @param rows m
     * @param cols l
     * @return extra elements, or 0
     */
    public static long extraElements(long rows, long cols) {
        int rb = blockRows(rows, cols);
        if (rb == 0) {
            return 0;
        }
        return (rows / rb) * cols * cols + MAX_PARTS * (cols + 65 * cols + (long) CHUNK_ROWS * cols);
    }
}
