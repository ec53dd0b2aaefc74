package org.decomp4j.spark;

import java.util.Objects;

import org.apache.spark.sql.SparkSession;

/**
 * The one place that starts a local Spark session (tests, {@link SparkDemo}, the benchmark): local
 * mode, bound to the loopback address only, no web UI. On a cluster, use the session that
 * {@code spark-submit} gives; nothing in decomp4j needs this class there.
 */
public final class LocalSpark {
    /** The only address a local session binds to or advertises. */
    public static final String LOOPBACK = "127.0.0.1";

    private LocalSpark() {
    }

    /**
     * A local session ({@code getOrCreate}: an active one with the same master is returned), with
     * {@code spark.driver.bindAddress} and {@code spark.driver.host} set to {@value #LOOPBACK} and
     * {@code spark.ui.enabled=false}; log level WARN.
     *
     * @param master {@code local}, {@code local[N]}, {@code local[*]} or {@code local[N,F]} (F: task
     *     attempts before a job fails)
     * @throws IllegalArgumentException for a master that is not local
     */
    public static SparkSession session(String master, String appName) {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(appName, "appName");
        if (!master.matches("local(\\[(\\*|\\d+)(,\\d+)?])?")) {
            throw new IllegalArgumentException("LocalSpark starts local sessions only (local, local[N], local[*], local[N,F]),"
                    + " not '" + master + "'; on a cluster use the session spark-submit gives");
        }
        SparkSession s = SparkSession.builder()
                .master(master)
                .appName(appName)
                .config("spark.driver.bindAddress", LOOPBACK)
                .config("spark.driver.host", LOOPBACK)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // small jobs: a few shuffle partitions, not Spark's default 200
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }
}
