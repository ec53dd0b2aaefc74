package org.decomp4j.cli;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer (RFC 8259) for the one-line reports of {@code --json}.
 *
 * <p>Values: {@code null}, {@link Boolean}, {@link String}, integral {@link Number}s, {@link Double}
 * and {@link Float}, {@code double[]}, {@code int[]}, {@link List} and {@link Map} with string keys
 * (written in iteration order). Two choices a reader should know:
 * <ul>
 *   <li>Non-finite doubles, which JSON cannot express, are written as the strings
 *       {@code "Infinity"}, {@code "-Infinity"} and {@code "NaN"} (not {@code null}, so that the
 *       condition number of a singular matrix stays distinguishable from a missing value;
 *       Python's {@code float()} and JavaScript's {@code Number()} parse them).</li>
 *   <li>The output is pure ASCII: every character outside printable ASCII is written as a
 *       {@code \\uXXXX} escape, so the line survives any console encoding.</li>
 * </ul>
 * The writer never emits a line break, so one value is one line.
 */
final class Json {
    private Json() {
    }

    /**
     * The JSON text of {@code value}.
     *
     * @throws IllegalArgumentException for a type outside the list above (a bug in the caller)
     */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double || v instanceof Float) {
            number(sb, ((Number) v).doubleValue());
        } else if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                number(sb, a[i]);
            }
            sb.append(']');
        } else if (v instanceof int[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(a[i]);
            }
            sb.append(']');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                append(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, key);
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static void number(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            sb.append("\"NaN\"");
        } else if (Double.isInfinite(d)) {
            sb.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            // the shortest round-trip form; its exponent form "1.0E-5" is valid JSON
            sb.append(Double.toString(d));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
