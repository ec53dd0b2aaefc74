package org.decomp4j.bench.firstcall;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.decomp4j.Cholesky;
import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.Qr;
import org.decomp4j.Svd;
import org.decomp4j.io.Npy;

/**
 * The warm half of {@code benchmarks/first-call/first_call.py}: in one JVM, each case's
 * decomposition once to warm up, then the best of R calls, timed as the CLI's
 * {@code compute_seconds} times them (the decomposition; for QR also forming Q). Prints one JSON
 * line {@code {"case": seconds, ...}}. Run from source with the CLI jar on the class path:
 * {@code java -cp target/decomp4j-cli.jar WarmCalls.java R name=command=file.npy ...}.
 */
public final class WarmCalls {
    private WarmCalls() {
    }

    /** Runs the cases named on the command line. */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        NativeConfig.setThreads(2);
        Map<String, Double> best = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split("=", 3);
            try (Matrix a = Npy.read(Path.of(p[2]))) {
                double b = Double.MAX_VALUE;
                for (int r = 0; r <= rounds; r++) {
                    long t0 = System.nanoTime();
                    once(p[1], a);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (r > 0) {
                        b = Math.min(b, s);
                    }
                }
                best.put(p[0], b);
            }
        }
        StringBuilder sb = new StringBuilder("{");
        best.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(String.format(Locale.ROOT, "%.6f", v)));
        System.out.println(sb.append('}'));
    }

    private static void once(String command, Matrix a) {
        switch (command) {
            case "svd" -> {
                try (Svd s = Svd.of(a)) {
                    s.rank();
                }
            }
            case "lu" -> {
                try (Lu lu = Lu.of(a)) {
                    lu.isSingular();
                }
            }
            case "qr" -> {
                try (Qr qr = Qr.of(a); Matrix q = qr.q()) {
                    q.rows();
                }
            }
            case "cholesky" -> {
                try (Cholesky c = Cholesky.of(a)) {
                    c.dtype();
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }
}
