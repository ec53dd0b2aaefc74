package org.decomp4j.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Turns JMH JSON results into the markdown tables of {@code results/}: per parameter set, each
 * variant's median over every measured iteration of every fork, its interquartile range, and its
 * ratio to the baselines measured in the same run.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.Summary results/*.json</pre>
 */
public final class Summary {
    private Summary() {
    }

    /** Median, quartiles and unit of one benchmark variant. */
    record Stat(double median, double q1, double q3, String unit) {
        static Stat of(List<Double> xs, String unit) {
            List<Double> s = new ArrayList<>(xs);
            Collections.sort(s);
            return new Stat(quantile(s, 0.5), quantile(s, 0.25), quantile(s, 0.75), unit);
        }

        private static double quantile(List<Double> s, double q) {
            double pos = q * (s.size() - 1);
            int lo = (int) Math.floor(pos);
            int hi = (int) Math.ceil(pos);
            return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
        }
    }

    public static void main(String[] args) throws IOException {
        // benchmark class -> params text -> variant -> stat, in the order met
        Map<String, Map<String, Map<String, Stat>>> tables = new LinkedHashMap<>();
        for (String file : args) {
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                for (JsonElement e : JsonParser.parseReader(r).getAsJsonArray()) {
                    JsonObject b = e.getAsJsonObject();
                    String full = b.get("benchmark").getAsString();
                    int dot = full.lastIndexOf('.');
                    String benchmarkClass = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
                    String variant = full.substring(dot + 1);
                    Map<String, String> params = new TreeMap<>();
                    if (b.has("params")) {
                        for (Map.Entry<String, JsonElement> p : b.getAsJsonObject("params").entrySet()) {
                            params.put(p.getKey(), p.getValue().getAsString());
                        }
                    }
                    JsonObject metric = b.getAsJsonObject("primaryMetric");
                    List<Double> raw = new ArrayList<>();
                    for (JsonElement fork : metric.getAsJsonArray("rawData")) {
                        for (JsonElement x : (JsonArray) fork) {
                            raw.add(x.getAsDouble());
                        }
                    }
                    tables.computeIfAbsent(benchmarkClass, k -> new LinkedHashMap<>())
                            .computeIfAbsent(params.toString(), k -> new LinkedHashMap<>())
                            .put(variant, Stat.of(raw, metric.get("scoreUnit").getAsString()));
                }
            }
        }
        for (Map.Entry<String, Map<String, Map<String, Stat>>> t : tables.entrySet()) {
            print(t.getKey(), t.getValue());
        }
    }

    private static void print(String benchmarkClass, Map<String, Map<String, Stat>> table) {
        System.out.println("### " + benchmarkClass);
        System.out.println();
        System.out.println("| parameters | variant | median | IQR | unit | ÷ lapacke | ÷ lapackeWork | − lapackeWork |");
        System.out.println("|---|---|---:|---:|---|---:|---:|---:|");
        for (Map.Entry<String, Map<String, Stat>> row : table.entrySet()) {
            Stat hi = row.getValue().get("lapacke");
            Stat work = row.getValue().get("lapackeWork");
            for (Map.Entry<String, Stat> v : row.getValue().entrySet()) {
                Stat s = v.getValue();
                System.out.printf(Locale.ROOT, "| %s | %s | %.4g | %.3g–%.3g | %s | %s | %s | %s |%n", row.getKey(),
                        v.getKey(), s.median(), s.q1(), s.q3(), s.unit(),
                        hi == null ? "" : String.format(Locale.ROOT, "%.3f", s.median() / hi.median()),
                        work == null ? "" : String.format(Locale.ROOT, "%.3f", s.median() / work.median()),
                        work == null ? "" : String.format(Locale.ROOT, "%+.4g", s.median() - work.median()));
            }
        }
        System.out.println();
    }
}
