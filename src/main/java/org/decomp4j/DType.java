package org.decomp4j;

/**
 * Element type of a {@link Matrix}: IEEE double ({@link #F64}) or single ({@link #F32}) precision.
 *
 * <p>A decomposition computes in the dtype of its input — F64 calls LAPACK's d-routines, F32 its
 * s-routines — and its factors keep that dtype. {@link #eps()} is NumPy's {@code finfo(dtype).eps},
 * the spacing of floating-point numbers at 1.0 (2<sup>-52</sup> and 2<sup>-23</sup>), which the
 * rank and pseudo-inverse tolerances use as NumPy does.
 *
 * <p>Room to grow: a dtype is described by its LAPACK prefix, its components per element and the
 * real dtype of its components, so complex dtypes ({@code c}/{@code z}, two components of F32/F64)
 * add constants here rather than branches everywhere; code that sizes storage uses
 * {@link #bytes()}, code that scales tolerances uses {@link #eps()} of {@link #real()}.
 */
public enum DType {
    /** 64-bit IEEE 754 (Java {@code double}, NumPy {@code float64}). */
    F64(8, "float64", 0x1p-52, 'd', 1),
    /** 32-bit IEEE 754 (Java {@code float}, NumPy {@code float32}). */
    F32(4, "float32", 0x1p-23, 's', 1);

    private final int bytes;
    private final String numpyName;
    private final double eps;
    private final char prefix;
    private final int components;

    DType(int bytes, String numpyName, double eps, char prefix, int components) {
        this.bytes = bytes;
        this.numpyName = numpyName;
        this.eps = eps;
        this.prefix = prefix;
        this.components = components;
    }

    /**
     * Real components per element: 1 (2 for a complex dtype).
     *
     * @return 1 for F64 and F32
     */
    public int components() {
        return components;
    }

    /**
     * True for a complex dtype (none yet).
     *
     * @return false for every dtype so far
     */
    public boolean isComplex() {
        return components == 2;
    }

    /**
     * The real dtype of this dtype's components: itself for F64 and F32.
     *
     * @return this dtype itself (F64 or F32)
     */
    public DType real() {
        return this;
    }

    /**
     * Bytes per element: 8 or 4.
     *
     * @return 8 for F64, 4 for F32
     */
    public int bytes() {
        return bytes;
    }

    /**
     * NumPy's name for this dtype: {@code "float64"} or {@code "float32"}.
     *
     * @return {@code "float64"} or {@code "float32"}
     */
    public String numpyName() {
        return numpyName;
    }

    /**
     * Machine epsilon as NumPy defines it: 2<sup>-52</sup> for F64, 2<sup>-23</sup> for F32.
     *
     * @return 2<sup>-52</sup> or 2<sup>-23</sup>
     */
    public double eps() {
        return eps;
    }

    /**
     * LAPACK's routine prefix for this dtype: {@code 'd'} or {@code 's'}.
     *
     * @return {@code 'd'} or {@code 's'}
     */
    public char prefix() {
        return prefix;
    }
}
