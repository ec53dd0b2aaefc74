package org.decomp4j.apps;

/**
 * How many singular values a truncation keeps, given the spectrum {@code s} (non-increasing) of an
 * m×n matrix: a fixed count, an energy fraction, or the Gavish–Donoho optimal hard threshold.
 */
public sealed interface RankRule {

    /**
     * The rank chosen for {@code s}.
     *
     * @param s the singular values, non-increasing
     * @param m rows of the decomposed matrix
     * @param n columns of the decomposed matrix
     * @return the rank, in {@code [0, s.length]}
     * @throws IllegalArgumentException if a fixed rank exceeds {@code s.length = min(m, n)}
     */
    int choose(double[] s, int m, int n);

    /**
     * Keep exactly {@code k} values ({@code k ≥ 0}).
     *
     * @param k the rank, ≥ 0
     * @return the rule
     */
    static RankRule fixed(int k) {
        return new Fixed(k);
    }

    /**
     * Keep the smallest k with {@code Σ_{i<k} sᵢ² ≥ fraction·Σ sᵢ²}, {@code 0 < fraction ≤ 1}.
     *
     * @param fraction the energy kept, in (0, 1]
     * @return the rule
     */
    static RankRule energy(double fraction) {
        return new Energy(fraction);
    }

    /**
     * Keep the values above {@code ω(β)·median(s)}, the optimal hard threshold for white noise of
     * unknown level (Gavish &amp; Donoho, "The optimal hard threshold for singular values is 4/√3",
     * IEEE Trans. Inf. Theory 60(8), 2014, eq. (5)), with {@code β = min(m,n)/max(m,n)} and their
     * approximation {@code ω(β) ≈ 0.56β³ − 0.95β² + 1.82β + 1.43}.
     *
     * @return the rule
     */
    static RankRule optimalHardThreshold() {
        return new OptimalHardThreshold();
    }

    /** A fixed count. */
    record Fixed(int k) implements RankRule {
        /**
         * Checks {@code k ≥ 0}.
         *
         * @param k the rank, ≥ 0
         */
        public Fixed {
            if (k < 0) {
                throw new IllegalArgumentException("the rank must be at least 0, got " + k);
            }
        }

        @Override
        public int choose(double[] s, int m, int n) {
            if (k > s.length) {
                throw new IllegalArgumentException(String.format(
                        "rank %d exceeds min(m, n) = %d of the %d×%d matrix: at most %d singular values exist",
                        k, s.length, m, n, s.length));
            }
            return k;
        }
    }

    /** An energy fraction. */
    record Energy(double fraction) implements RankRule {
        /**
         * Checks {@code 0 < fraction ≤ 1}.
         *
         * @param fraction the energy kept, in (0, 1]
         */
        public Energy {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("the energy fraction must be in (0, 1], got " + fraction);
            }
        }

        @Override
        public int choose(double[] s, int m, int n) {
            double total = 0;
            for (double v : s) {
                total += v * v;
            }
            if (total == 0) {
                return 0;
            }
            double kept = 0;
            for (int k = 0; k < s.length; k++) {
                kept += s[k] * s[k];
                // a hair of slack so that fraction 1 is reached despite rounding in the sums
                if (kept >= fraction * total * (1 - 1e-12)) {
                    return k + 1;
                }
            }
            return s.length;
        }
    }

    /** The Gavish–Donoho threshold for unknown noise. */
    record OptimalHardThreshold() implements RankRule {
        @Override
        public int choose(double[] s, int m, int n) {
            double tau = threshold(s, m, n);
            int k = 0;
            while (k < s.length && s[k] > tau) {
                k++;
            }
            return k;
        }

        /**
         * {@code ω(β)·median(s)}; 0 for an empty spectrum.
         *
         * @param s the singular values
         * @param m rows of the decomposed matrix
         * @param n columns of the decomposed matrix
         * @return the threshold, ≥ 0
         */
        public static double threshold(double[] s, int m, int n) {
            if (s.length == 0) {
                return 0;
            }
            double beta = (double) Math.min(m, n) / Math.max(m, n);
            return omega(beta) * median(s);
        }

        /**
         * Gavish–Donoho's polynomial approximation of ω(β), β in (0, 1].
         *
         * @param beta the aspect ratio {@code min(m,n)/max(m,n)}, in (0, 1]
         * @return ω(β)
         */
        public static double omega(double beta) {
            return 0.56 * beta * beta * beta - 0.95 * beta * beta + 1.82 * beta + 1.43;
        }

        private static double median(double[] s) {
            double[] c = s.clone();
            java.util.Arrays.sort(c);
            int h = c.length / 2;
            return c.length % 2 == 1 ? c[h] : 0.5 * (c[h - 1] + c[h]);
        }
    }
}
