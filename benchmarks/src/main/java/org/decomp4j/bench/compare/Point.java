package org.decomp4j.bench.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One measured (or skipped) cell of the comparison, as stored in the raw JSON: per-iteration
 * times in milliseconds over all forks, or the reason it was not measured.
 */
public final class Point {
    public String lib;
    public String op;
    public String shape;
    public String dtype;
    /** JMH mode used: "avgt" (time-based iterations) or "ss" (one call per iteration). */
    public String mode;
    public List<Double> samples = new ArrayList<>();
    /** Null when measured; otherwise why not (cap, unsupported, failure). */
    public String skipped;

    Point() {
    }

    Point(String lib, Op op, Shape shape, String dtype) {
        this.lib = lib;
        this.op = op.name();
        this.shape = shape.toString();
        this.dtype = dtype;
    }

    public Op opValue() {
        return Op.valueOf(op);
    }

    public Shape shapeValue() {
        return Shape.parse(shape);
    }

    public boolean measured() {
        return skipped == null && !samples.isEmpty();
    }

    public double median() {
        return quantile(0.5);
    }

    public double q1() {
        return quantile(0.25);
    }

    public double q3() {
        return quantile(0.75);
    }

    /** Linear-interpolated quantile of the samples. */
    public double quantile(double q) {
        return quantile(samples, q);
    }

    /** Linear-interpolated quantile of {@code xs} (a sorted copy); also used for JMH result files. */
    static double quantile(List<Double> xs, double q) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        double pos = q * (s.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
    }

    /** The work of the operation up to a constant: m·n·min(m, n). */
    static double cost(Shape s) {
        return (double) s.rows() * s.cols() * Math.min(s.rows(), s.cols());
    }
}
