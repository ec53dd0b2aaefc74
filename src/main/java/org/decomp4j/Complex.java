package org.decomp4j;

/**
 * One complex number {@code re + i·im}, as scalar results of complex matrices come back (for
 * example {@link Lu#complexDeterminant()}). Immutable.
 *
 * @param re real part
 * @param im imaginary part
 */
public record Complex(double re, double im) {
    /** Zero. */
    public static final Complex ZERO = new Complex(0, 0);

    /**
     * Modulus {@code |z|}, without intermediate overflow.
     *
     * @return {@code hypot(re, im)}
     */
    public double abs() {
        return Math.hypot(re, im);
    }

    /**
     * Argument (phase) in {@code (−π, π]}.
     *
     * @return {@code atan2(im, re)}
     */
    public double arg() {
        return Math.atan2(im, re);
    }

    @Override
    public String toString() {
        return re + (im < 0 || (im == 0 && 1 / im < 0) ? " - " : " + ") + Math.abs(im) + "i";
    }
}
