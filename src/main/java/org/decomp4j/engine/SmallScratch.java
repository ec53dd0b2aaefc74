package org.decomp4j.engine;

/**
 * The per-thread heap scratch of {@link SmallSvd}: arrays grown on demand and kept between calls
 * up to {@link #CACHED_ELEMENTS} elements each, so repeated small SVDs on one thread allocate
 * nothing. One named slot per use, so that no slot means two things on two paths; an array above
 * the limit is handed out once and not kept.
 */
final class SmallScratch {
    /** Scratch up to this many elements per array is kept per thread between calls. */
    static final int CACHED_ELEMENTS = 1 << 16;

    // both paths: the loaded input, its transposition, the heap outputs
    static final int W = 0;
    static final int LOAD_T = 1;
    static final int OUT_S = 2;
    static final int OUT_U = 3;
    static final int OUT_VT = 4;
    // the Jacobi path
    static final int J_X = 5;
    static final int J_VX = 6;
    static final int J_BETA = 7;
    static final int J_NRM = 8;
    static final int J_SV = 9;
    static final int J_OUT = 10;
    static final int J_PERM = 0; // int slots
    static final int J_ORDER = 1;
    static final int J_COLUMNS = 0; // column-array slots
    // the QR path
    static final int Q_D = 11;
    static final int Q_E = 12;
    static final int Q_TAU_L = 13;
    static final int Q_TAU_R = 14;
    static final int Q_TMP = 15;
    static final int Q_W = 1; // column-array slots
    static final int Q_LEFT = 2;
    static final int Q_RIGHT = 3;

    private static final ThreadLocal<SmallScratch> SCRATCH = ThreadLocal.withInitial(SmallScratch::new);

    private final double[][] d = new double[16][0];
    private final int[][] ints = new int[2][0];
    private final double[][][] cols = new double[4][][];

    private SmallScratch() {
    }

    /** This thread's scratch. */
    static SmallScratch get() {
        return SCRATCH.get();
    }

    /** At least {@code need} doubles in the slot, kept when small. */
    double[] d(int slot, long need) {
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the Java Jacobi SVD holds at most 2^31 elements per array, needs "
                    + need + "; use Driver.AUTO");
        }
        if (d[slot].length >= need) {
            return d[slot];
        }
        double[] fresh = new double[(int) need];
        if (need <= CACHED_ELEMENTS) {
            d[slot] = fresh;
        }
        return fresh;
    }

    /** count arrays of len doubles, kept when small. */
    double[][] cols(int slot, int count, int len) {
        double[][] c = cols[slot];
        if (c != null && c.length == count && (count == 0 || c[0].length == len)) {
            return c;
        }
        c = new double[count][len];
        if ((long) count * len <= CACHED_ELEMENTS) {
            cols[slot] = c;
        }
        return c;
    }

    /** At least {@code need} ints in the slot, kept when small. */
    int[] i(int slot, int need) {
        if (ints[slot].length >= need) {
            return ints[slot];
        }
        int[] fresh = new int[need];
        if (need <= CACHED_ELEMENTS) {
            ints[slot] = fresh;
        }
        return fresh;
    }
}
