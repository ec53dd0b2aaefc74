package org.decomp4j;

/**
 * Element type of a {@link Matrix}: IEEE double ({@link #F64}) or single ({@link #F32}) precision,
 * real or complex ({@link #C128}, {@link #C64}: two components of F64 or F32, stored interleaved
 * {@code re, im} as LAPACK and NumPy store them).
 *
 * <p>A decomposition computes in the dtype of its input — F64 calls LAPACK's d-routines, F32 its
 * s-routines, C128 its z-routines and C64 its c-routines — and its factors keep that dtype;
 * singular values of a complex matrix are real, of the dtype's {@link #real()} type. {@link #eps()} is NumPy's {@code finfo(dtype).eps},
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
    F32(4, "float32", 0x1p-23, 's', 1),
    /** Complex of two 64-bit components (NumPy {@code complex128}, LAPACK prefix {@code z}). */
    C128(16, "complex128", 0x1p-52, 'z', 2),
    /** Complex of two 32-bit components (NumPy {@code complex64}, LAPACK prefix {@code c}). */
    C64(8, "complex64", 0x1p-23, 'c', 2);

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
     * Real components per element.
     *
     * @return 1 for F64 and F32, 2 for the complex C128 and C64
     */
    public int components() {
        return components;
    }

    /**
     * True for {@link #C128} and {@link #C64}.
     *
     * @return whether an element is a complex number of two components
     */
    public boolean isComplex() {
        return components == 2;
    }

    /**
     * The real dtype of this dtype's components.
     *
     * @return itself for F64 and F32, F64 for C128, F32 for C64
     */
    public DType real() {
        return switch (this) {
            case C128 -> F64;
            case C64 -> F32;
            default -> this;
        };
    }

    /**
     * The complex dtype whose components are {@link #real()}.
     *
     * @return C128 for F64 and C128, C64 for F32 and C64
     */
    public DType complex() {
        return real() == F64 ? C128 : C64;
    }

    /**
     * Bytes per element.
     *
     * @return 8 for F64 and C64, 4 for F32, 16 for C128
     */
    public int bytes() {
        return bytes;
    }

    /**
     * NumPy's name for this dtype.
     *
     * @return {@code "float64"}, {@code "float32"}, {@code "complex128"} or {@code "complex64"}
     */
    public String numpyName() {
        return numpyName;
    }

    /**
     * Machine epsilon as NumPy defines it, that of the real component type.
     *
     * @return 2<sup>-52</sup> for F64 and C128, 2<sup>-23</sup> for F32 and C64
     */
    public double eps() {
        return eps;
    }

    /**
     * LAPACK's routine prefix for this dtype.
     *
     * @return {@code 'd'}, {@code 's'}, {@code 'z'} or {@code 'c'}
     */
    public char prefix() {
        return prefix;
    }

    /**
     * The dtype two operands are computed in, as NumPy promotes them ({@code np.result_type}): the
     * shared dtype, else the wider real precision of the two, complex if either is (float32 with
     * complex64 stays complex64; float64 with complex64 is complex128).
     *
     * @param a one operand's dtype
     * @param b the other's
     * @return the common dtype
     */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        DType real = a.real().bytes() >= b.real().bytes() ? a.real() : b.real();
        return a.isComplex() || b.isComplex() ? real.complex() : real;
    }
}
