package org.decomp4j.io;

import java.math.BigInteger;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser for the Python literals a .npy header may contain: a dict of strings, booleans,
 * integers, tuples and lists. It evaluates nothing, so a malicious header can only fail to parse.
 *
 * <p>Results: {@link String}, {@link Boolean}, {@link BigInteger} (Python integers are unbounded;
 * the caller checks ranges), {@link Tuple}, {@link List}, {@link Map} (insertion order).
 */
final class PyLiteral {
    /** A Python tuple, kept distinct from a list because NumPy requires {@code shape} to be one. */
    record Tuple(List<Object> items) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(items.get(i)));
            }
            return sb.append(items.size() == 1 ? ",)" : ")").toString();
        }
    }

    /**
     * Deepest nesting of tuples, lists and dicts: a real header nests 2 deep (a dict holding a
     * shape tuple, or a structured dtype's list of tuples); the parser recurses per level, so a
     * crafted header of a million '[' would otherwise overflow the stack.
     */
    static final int MAX_DEPTH = 32;
    /** Longest integer literal: a dimension has at most 19 digits; more is garbage, and slow to parse. */
    private static final int MAX_INTEGER_DIGITS = 64;

    private final String text;
    private int pos;
    private int depth;

    private PyLiteral(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text}, one literal surrounded by optional whitespace.
     *
     * @throws ParseException with the 0-based offset of the first unexpected character
     */
    static Object parse(String text) throws ParseException {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value();
        p.skipBlanks();
        if (p.pos != text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the literal");
        }
        return v;
    }

    /** Python's repr of a parsed value, for messages. */
    static String repr(Object v) {
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(list.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, x) -> sb.append(sb.length() > 1 ? ", " : "").append(repr(k)).append(": ").append(repr(x)));
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }

    private Object value() throws ParseException {
        skipBlanks();
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '\'':
            case '"':
                return string(c);
            case '(', '[', '{':
                if (depth == MAX_DEPTH) {
                    throw error("nested more than " + MAX_DEPTH + " levels deep");
                }
                depth++;
                try {
                    return c == '{' ? dict() : c == '(' ? sequence('(', ')') : sequence('[', ']');
                } finally {
                    depth--;
                }
            default:
                break;
        }
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
            return integer();
        }
        if (text.startsWith("True", pos) && !identifierContinues(pos + 4)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", pos) && !identifierContinues(pos + 5)) {
            pos += 5;
            return Boolean.FALSE;
        }
        throw error("unexpected " + describeHere());
    }

    private String string(char quote) throws ParseException {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else if (c == '\n') {
                break;
            } else {
                sb.append(c);
            }
        }
        pos = start;
        throw error("unterminated string");
    }

    private BigInteger integer() throws ParseException {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digits) {
            pos = start;
            throw error("unexpected " + describeHere());
        }
        if (pos - digits > MAX_INTEGER_DIGITS) {
            pos = start;
            throw error("integer of more than " + MAX_INTEGER_DIGITS + " digits");
        }
        BigInteger v = new BigInteger(text.substring(start, pos));
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++; // Python 2 long suffix, written by old NumPy versions
        }
        if (identifierContinues(pos) || (pos < text.length() && text.charAt(pos) == '.')) {
            pos = start;
            throw error("expected an integer at " + describeHere());
        }
        return v;
    }

    private Object sequence(char open, char close) throws ParseException {
        pos++;
        List<Object> items = new ArrayList<>();
        boolean trailingComma = false;
        while (true) {
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == close) {
                pos++;
                break;
            }
            items.add(value());
            skipBlanks();
            trailingComma = false;
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                trailingComma = true;
            } else if (pos >= text.length() || text.charAt(pos) != close) {
                throw error("expected ',' or '" + close + "' at " + describeHere());
            }
        }
        if (open == '[') {
            return items;
        }
        // "(3)" is the integer 3 in Python; only "(3,)" is a one-element tuple.
        if (items.size() == 1 && !trailingComma) {
            return items.get(0);
        }
        return new Tuple(List.copyOf(items));
    }

    private Map<Object, Object> dict() throws ParseException {
        pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return map;
            }
            Object key = value();
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error("expected ':' after the key " + repr(key) + " at " + describeHere());
            }
            pos++;
            map.put(key, value());
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= text.length() || text.charAt(pos) != '}') {
                throw error("expected ',' or '}' at " + describeHere());
            }
        }
    }

    private boolean identifierContinues(int i) {
        return i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_');
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "end of header";
        }
        int end = Math.min(text.length(), pos + 12);
        return "'" + text.substring(pos, end).replace("\n", "\\n") + (end < text.length() ? "…'" : "'");
    }

    private ParseException error(String message) {
        return new ParseException(message + " (header offset " + pos + ")", pos);
    }
}
