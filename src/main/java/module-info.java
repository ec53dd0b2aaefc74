/**
 * decomp4j: LAPACK decompositions for the JVM through the bytedeco OpenBLAS presets.
 *
 * <p>Exports the API packages alone. {@code org.decomp4j.engine} (executors, storage access) and
 * {@code org.decomp4j.lapack} (the binding) are internal; {@code org.decomp4j.cli} is the shaded
 * command-line tool, which runs on the class path. picocli and progressbar are needed by the CLI
 * only: {@code requires static}, so library users on the module path do without them.
 * {@code org.decomp4j.spark} (the optional Spark integration) is not exported and Spark is not
 * required: Spark's jars have no valid module names, so Spark applications run on the class path
 * ({@code spark-submit}), and the package is compiled reading the class path
 * ({@code --add-reads org.decomp4j=ALL-UNNAMED}, in the POM).
 *
 * <p>On the module path, JavaCPP loads native code from this module's dependencies: run with
 * {@code --enable-native-access=org.bytedeco.javacpp} or {@code =ALL-UNNAMED} on Java 22+
 * (see the README).
 */
module org.decomp4j {
    // only org.decomp4j.lapack uses them, and no exported signature names their types
    requires org.bytedeco.javacpp;
    requires org.bytedeco.openblas;
    // io.Images, apps.ImageCompression: javax.imageio; BufferedImage is in their public signatures
    requires transitive java.desktop;
    requires jdk.management;    // NativeConfig, lapack.NativeMemoryLimit: com.sun.management.OperatingSystemMXBean

    requires static info.picocli;
    requires static me.tongfei.progressbar;

    exports org.decomp4j;
    exports org.decomp4j.apps;
    exports org.decomp4j.batch;
    exports org.decomp4j.dispatch;
    exports org.decomp4j.io;
    exports org.decomp4j.lowrank;
    exports org.decomp4j.sparse;

    // picocli reads and sets the commands' annotated fields reflectively
    opens org.decomp4j.cli to info.picocli;
}
