package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The JSON writer: RFC 8259 escapes, ASCII-only output, non-finite numbers as strings. */
class JsonTest {
    @Test
    void escapesStringsAndStaysAscii() {
        String s = "quote \" backslash \\ newline \n tab \t bell \u0007 times × transposed ᵀ";
        String json = Json.write(s);
        assertEquals("\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 times \\u00d7 transposed \\u1d40\"",
                json);
        assertEquals(s, MiniJson.parse(json), "round trip");
    }

    @Test
    void nonFiniteNumbersAreStrings() {
        assertEquals("[1.5,\"Infinity\",\"-Infinity\",\"NaN\",1.0E-300]",
                Json.write(new double[] {1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-300}));
        assertEquals("\"Infinity\"", Json.write(Double.POSITIVE_INFINITY));
    }

    @Test
    void writesNestedValuesInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1, true, "x"));
        m.put("a", new int[] {2, 3});
        m.put("n", null);
        m.put("o", Map.of("k", 2.5));
        String json = Json.write(m);
        assertEquals("{\"b\":[1,true,\"x\"],\"a\":[2,3],\"n\":null,\"o\":{\"k\":2.5}}", json);
        assertEquals(4, MiniJson.object(json).size());
    }

    @Test
    void refusesWhatItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
