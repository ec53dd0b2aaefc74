package org.decomp4j.lapack;

import org.decomp4j.DType;

/**
 * What every routine wrapper shares: routine names, the translation of a negative {@code info},
 * the rounding and 32-bit check of queried workspace sizes, and argument checks.
 *
 * <p>A negative {@code info} means LAPACK rejected an argument. decomp4j validates every argument
 * before calling, so this is a decomp4j bug, reported as an {@link IllegalStateException} naming
 * the routine and the argument (by its Fortran name, since the {@code _work} entry points pass
 * column-major calls straight to Fortran). Positive {@code info} values carry meaning per routine
 * and are translated by each wrapper into a typed {@link org.decomp4j.DecompositionException}.
 */
final class Lapack {
    /** LAPACKE's column-major layout flag. */
    static final int COL_MAJOR = 102;
    // LAPACKE's own failure codes (not LAPACK's): it could not allocate a temporary
    private static final int LAPACK_WORK_MEMORY_ERROR = -1010;
    private static final int LAPACK_TRANSPOSE_MEMORY_ERROR = -1011;

    private Lapack() {
    }

    /** The routine's name for dtype {@code t}: {@code "d"}, {@code "s"}, {@code "z"} or {@code "c"} + base. */
    static String name(DType t, String base) {
        return t.prefix() + base;
    }

    /**
     * The name of a routine decomp4j binds for real dtypes only ({@code d}/{@code s}): the
     * binding's last line against a complex buffer reaching a real routine, which would read
     * interleaved {@code re, im} pairs as real elements.
     *
     * @throws IllegalArgumentException for a complex {@code t}
     */
    static String realName(DType t, String base) {
        if (t.isComplex()) {
            throw new IllegalArgumentException(String.format(
                    "?%s: %s input is not supported: decomp4j binds only d%s/s%s for this routine",
                    base, t.numpyName(), base, base));
        }
        return t.prefix() + base;
    }

    /**
     * Fails on a negative {@code info}; returns {@code info} otherwise.
     *
     * @param routine full routine name, e.g. {@code dgesdd}
     * @param info    LAPACK's info
     * @param args    Fortran argument names in order (Fortran argument {@code i} is {@code args[i-1]};
     *                LAPACKE reports it as {@code info = -(i + 1)})
     */
    static int checkArgs(String routine, int info, String... args) {
        if (info >= 0) {
            return info;
        }
        if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR) {
            throw new OutOfMemoryError(routine + ": LAPACKE could not allocate a temporary (info " + info + ")");
        }
        // LAPACKE counts matrix_layout as argument 1, one ahead of Fortran's numbering
        int fortran = -info - 1;
        String arg = fortran == 0 ? "matrix_layout" : fortran <= args.length ? args[fortran - 1] : "?";
        throw new IllegalStateException(String.format(
                "%s: argument %s (LAPACK argument %d) had an illegal value. decomp4j validates arguments before"
                        + " calling LAPACK, so this is a decomp4j bug: please report it with the shapes involved",
                routine, arg, fortran));
    }

    /**
     * Some drivers test their input for NaN themselves and report it as an illegal value of A
     * ({@code gesdd}: argument 4, {@code gesvj}: argument 6). That happens only when the caller
     * turned decomp4j's own scan off, so it is reported as non-finite input, not as a bug.
     *
     * @param fortranArgOfA Fortran position of A in the routine's argument list
     */
    static void nonFiniteA(String routine, int info, int fortranArgOfA) {
        if (info < 0 && -info - 1 == fortranArgOfA) {
            throw new org.decomp4j.NonFiniteInputException(routine, routine
                    + ": LAPACK found NaN or infinity in A (the finiteness scan was turned off with FiniteCheck.OFF)");
        }
    }

    /**
     * Workspace length from a query's answer ({@code work[0]}), never below {@code minimal}.
     *
     * <p>Single-precision routines return the length as a float, which cannot hold every integer
     * above 2<sup>24</sup> and may have been rounded down; the next float up is taken so that
     * the buffer is never short (SciPy's {@code _compute_lwork} does the same).
     *
     * @throws IllegalArgumentException if the length exceeds LAPACK's 32-bit integers
     */
    static long lwork(String routine, DType t, double queried, long minimal) {
        double q = t.real() == DType.F32 ? Math.nextUp((float) queried) : queried;
        long lw = (long) Math.ceil(q);
        lw = Math.max(lw, Math.max(1, minimal));
        return int32(routine, "workspace length (LWORK)", lw);
    }

    /** Returns {@code v} if it fits LAPACK's 32-bit INTEGER, else explains why it cannot. */
    static long int32(String routine, String what, long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "%s: %s = %d exceeds LAPACK's 32-bit integer limit (%d). The bundled OpenBLAS uses"
                            + " 32-bit integers; split the problem, use a low-rank method, or compute fewer vectors",
                    routine, what, v, Integer.MAX_VALUE));
        }
        return v;
    }

    /** Checks that {@code b} is a floating block of dtype {@code t} with the given shape. */
    static void shape(String routine, String arg, Block b, DType t, long rows, long cols) {
        if (b == null) {
            throw new IllegalArgumentException(routine + ": " + arg + " is required");
        }
        if (b.dtype() != t) {
            throw new IllegalArgumentException(routine + ": " + arg + " is " + b.dtype() + ", expected " + t);
        }
        if (b.rows() != rows || b.cols() != cols) {
            throw new IllegalArgumentException(String.format(
                    "%s: %s is %d×%d, expected %d×%d", routine, arg, b.rows(), b.cols(), rows, cols));
        }
    }

    /** Checks a triangle argument: {@code 'L'} or {@code 'U'}. */
    static void uplo(String routine, char uplo) {
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException(routine + ": UPLO must be L or U; got '" + uplo + "'");
        }
    }

    /** Checks that {@code a} is given, square and open; returns its order. */
    static int square(String routine, String arg, Block a) {
        if (a == null) {
            throw new IllegalArgumentException(routine + ": " + arg + " is required");
        }
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(routine + ": " + arg + " must be square, got " + a.rows() + "×" + a.cols());
        }
        a.buffer().checkOpen();
        return a.rows();
    }

    /**
     * Runs a call on an n×n matrix on a deep stack from OpenBLAS's parallel size on (the symmetric
     * eigen wrappers' rule: {@link Getrf#SINGLE_THREAD_ELEMENTS}), else on the calling thread.
     */
    static int deepFromSquare(int n, DeepStack.IntCall call) {
        return DeepStack.runFrom((long) n * n, Getrf.SINGLE_THREAD_ELEMENTS, call);
    }

    /** Checks that {@code v} is a buffer of {@code kind} with at least {@code need} elements after {@code off}. */
    static void vector(String routine, String arg, NativeBuffer v, NativeBuffer.Kind kind, long need) {
        if (v == null) {
            throw new IllegalArgumentException(routine + ": " + arg + " is required");
        }
        if (v.kind() != kind) {
            throw new IllegalArgumentException(routine + ": " + arg + " holds " + v.kind() + ", expected " + kind);
        }
        if (v.length() < need) {
            throw new IllegalArgumentException(String.format(
                    "%s: %s has %d elements, needs %d", routine, arg, v.length(), need));
        }
        v.checkOpen();
    }

    /**
     * The size check of a least-squares workspace query: fails on a negative size, and says
     * whether the system is empty (then nothing is queried and one element of workspace does).
     */
    static boolean emptyLeastSquares(String routine, int m, int n, int nrhs) {
        if (m < 0 || n < 0 || nrhs < 0) {
            throw new IllegalArgumentException(String.format("%s: negative size %d×%d, nrhs %d", routine, m, n, nrhs));
        }
        return Math.min(m, n) == 0;
    }
}
