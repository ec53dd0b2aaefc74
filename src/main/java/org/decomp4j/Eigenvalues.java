package org.decomp4j;

import java.util.Arrays;

/**
 * Complex eigenvalues {@code re[j] + i·im[j]}, as {@link Eig} returns them: in LAPACK's order
 * (not sorted, as NumPy's {@code eig}); for a real matrix a complex conjugate pair is adjacent
 * with the positive imaginary part first (a complex matrix has no pairing). Immutable; the array
 * accessors return copies.
 */
public final class Eigenvalues {
    private final double[] re;
    private final double[] im;

    /**
     * @param re real parts
     * @param im imaginary parts, same length
     */
    public Eigenvalues(double[] re, double[] im) {
        if (re.length != im.length) {
            throw new IllegalArgumentException("real and imaginary parts differ in length: " + re.length + " vs "
                    + im.length);
        }
        this.re = re.clone();
        this.im = im.clone();
    }

    /**
     * Number of eigenvalues, n.
     *
     * @return n
     */
    public int size() {
        return re.length;
    }

    /**
     * Real part of eigenvalue j.
     *
     * @param j index, 0-based
     * @return its real part
     */
    public double re(int j) {
        return re[j];
    }

    /**
     * Imaginary part of eigenvalue j.
     *
     * @param j index, 0-based
     * @return its imaginary part
     */
    public double im(int j) {
        return im[j];
    }

    /**
     * Modulus {@code |λ_j|}.
     *
     * @param j index, 0-based
     * @return its modulus
     */
    public double abs(int j) {
        return Math.hypot(re[j], im[j]);
    }

    /**
     * The real parts (a copy).
     *
     * @return n real parts
     */
    public double[] real() {
        return re.clone();
    }

    /**
     * The imaginary parts (a copy).
     *
     * @return n imaginary parts
     */
    public double[] imaginary() {
        return im.clone();
    }

    /**
     * True when every imaginary part is exactly zero.
     *
     * @return whether no eigenvalue has an imaginary part
     */
    public boolean isReal() {
        for (double v : im) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < re.length; j++) {
            sb.append(j == 0 ? "" : ", ").append(re[j]);
            if (im[j] != 0) {
                sb.append(im[j] < 0 ? " - " : " + ").append(Math.abs(im[j])).append('i');
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Eigenvalues e && Arrays.equals(re, e.re) && Arrays.equals(im, e.im);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(re) + Arrays.hashCode(im);
    }
}
