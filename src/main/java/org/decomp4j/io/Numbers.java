package org.decomp4j.io;

/**
 * Number syntax of the text formats: what NumPy's {@code loadtxt} and SciPy's {@code mmread}
 * accept, not what Java's {@link Double#parseDouble} accepts. Java also takes {@code 1d},
 * {@code 1f}, hexadecimal floats and surrounding blanks, which no other tool writes and which
 * would hide a garbled file.
 */
final class Numbers {
    /**
     * The longest number read, in characters: 1024, well beyond the 17 significant digits a
     * double holds and any exponent, so that longer text can only be garbage.
     */
    static final int MAX_TOKEN_CHARS = 1024;

    private Numbers() {
    }

    /**
     * The value of {@code s}: a decimal ({@code 1}, {@code -2.5e3}, {@code .5}, {@code 3.}) or,
     * ignoring case and with an optional sign, {@code nan}, {@code inf} or {@code infinity}.
     *
     * @throws NumberFormatException if {@code s} is none of these (the caller adds the place)
     */
    static double parse(String s) {
        if (s.length() > MAX_TOKEN_CHARS) {
            // Bounded before Double.parseDouble, whose work and memory grow with the text.
            throw new NumberFormatException(s);
        }
        if (isDecimal(s)) {
            return Double.parseDouble(s);
        }
        int start = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        String word = s.substring(start);
        boolean negative = s.startsWith("-");
        if (word.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new NumberFormatException(s);
    }

    /** True if {@link #parse} accepts {@code s}. */
    static boolean isNumber(String s) {
        try {
            parse(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** True for an optionally signed run of ASCII digits. */
    static boolean isInteger(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        int digits = skipDigits(s, i) - i;
        return digits > 0 && i + digits == s.length();
    }

    /** {@code [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?} */
    private static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intEnd = skipDigits(s, i);
        int mantissaDigits = intEnd - i;
        i = intEnd;
        if (i < n && s.charAt(i) == '.') {
            int fracEnd = skipDigits(s, i + 1);
            mantissaDigits += fracEnd - (i + 1);
            i = fracEnd;
        }
        if (mantissaDigits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expEnd = skipDigits(s, i);
            if (expEnd == i) {
                return false;
            }
            i = expEnd;
        }
        return i == n;
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /**
     * Text that parses back to exactly {@code v} ({@link Double#toString}: round-trips on every
     * JDK and is the shortest such text from JDK 19 on). An F32 entry is written as the double it
     * widens to, so that reading the file back is exact in either precision.
     */
    static String format(double v) {
        return Double.toString(v);
    }
}
