package org.decomp4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.decomp4j.DType;

/**
 * What one command run tells its caller, collected while the command works and printed once at
 * the end: either one JSON line ({@code --json}) or a human summary.
 *
 * <p>JSON keys come in a fixed order: {@code command}, {@code shape} ([m, n]), {@code dtype}
 * ({@code "float64"}/{@code "float32"}), {@code driver} (the LAPACK routine that ran),
 * {@code reason}, {@code compute_seconds}, then the command's own keys, then {@code outputs}.
 * {@code compute_seconds} covers the LAPACK work only ({@link #time}), not file I/O or JVM start.
 * A command over many matrices ({@code batch}) writes {@code null} for shape, dtype and driver
 * ({@link #many}); every command but {@code info} prints the six keys. The schema of each
 * command is {@code docs/cli-json.md}, which {@code CliJsonSchemaTest} checks.
 */
final class Report {
    /** A computation whose wall time is measured. */
    @FunctionalInterface
    interface Computation<T> {
        T run() throws Exception;
    }

    private final String command;
    private int[] shape;
    private DType dtype;
    private String driver;
    private String reason;
    private long nanos;
    private boolean timed;
    private String source;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private List<String> outputs;
    private String outputDir;
    private boolean bare;
    private boolean many;

    Report(String command) {
        this.command = command;
    }

    /** The matrix the command worked on: its shape and the precision computed in. */
    Report matrix(String source, int rows, int cols, DType dtype) {
        this.source = source;
        this.shape = new int[] {rows, cols};
        this.dtype = dtype;
        return this;
    }

    /** The LAPACK routine that ran, e.g. {@code dgetrf}, and why. */
    Report driver(String routine, String why) {
        this.driver = routine;
        this.reason = why;
        return this;
    }

    /**
     * The command worked on many matrices, of possibly different shapes, dtypes and plans:
     * shape, dtype and driver are written as JSON {@code null}, and {@code why} as the reason.
     */
    Report many(String why) {
        this.many = true;
        this.reason = why;
        return this;
    }

    /** Runs {@code c}, adding its wall time to {@code compute_seconds}. */
    <T> T time(Computation<T> c) throws Exception {
        long t0 = System.nanoTime();
        try {
            return c.run();
        } finally {
            nanos += System.nanoTime() - t0;
            timed = true;
        }
    }

    /** A command-specific JSON value (see {@link Json} for the types allowed). */
    Report put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** A line of the human summary ({@link String#format} with {@link Locale#ROOT}). */
    Report line(String format, Object... args) {
        lines.add(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        return this;
    }

    /** Prints only the command's own lines in human mode (no header): for rank, cond, info, demo. */
    Report bare() {
        this.bare = true;
        return this;
    }

    /** The files written into {@code dir} (an empty list when nothing was asked for). */
    Report outputs(Outputs written, List<String> names) {
        this.outputs = names;
        this.outputDir = written.dir() == null ? null : written.dir().toString();
        return this;
    }

    /** Seconds measured by {@link #time} so far. */
    double seconds() {
        return nanos / 1e9;
    }

    /** The JSON object of this report, keys in their documented order. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        if (many) {
            m.put("shape", null);
            m.put("dtype", null);
            m.put("driver", null);
            m.put("reason", reason);
        }
        if (shape != null) {
            m.put("shape", shape);
            m.put("dtype", dtype.numpyName());
        }
        if (driver != null) {
            m.put("driver", driver);
            m.put("reason", reason);
        }
        if (timed) {
            m.put("compute_seconds", seconds());
        }
        m.putAll(values);
        if (outputs != null) {
            m.put("outputs", outputs);
        }
        return m;
    }

    /** Prints the report: one JSON line, or the human summary. */
    void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(Json.write(toJson()));
        } else {
            if (!bare) {
                if (shape != null) {
                    out.printf(Locale.ROOT, "%s of %s: %d×%d %s%n", command, source, shape[0], shape[1],
                            dtype.numpyName());
                }
                if (driver != null) {
                    out.printf(Locale.ROOT, "driver: %s (%s)%n", driver, reason);
                }
                if (timed) {
                    out.printf(Locale.ROOT, "time: %.3f ms%n", seconds() * 1e3);
                }
            }
            lines.forEach(out::println);
            if (outputs != null && !outputs.isEmpty()) {
                out.println("wrote " + String.join(", ", outputs) + " in " + outputDir);
            }
        }
        out.flush();
    }

    /** Compact human form of a number: 6 significant digits. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Up to {@code max} values as "a, b, c, … (n in all)". */
    static String list(double[] v, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(v.length, max); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(num(v[i]));
        }
        if (v.length > max) {
            sb.append(", … (").append(v.length).append(" in all)");
        }
        return sb.toString();
    }
}
