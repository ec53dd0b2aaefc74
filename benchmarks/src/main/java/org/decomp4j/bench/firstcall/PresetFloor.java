package org.decomp4j.bench.firstcall;

import java.util.Locale;

/**
 * What the JavaCPP OpenBLAS preset costs a fresh JVM before any library built on it runs a line:
 * JavaCPP's {@code Pointer} class initialisation (its own loader, properties and
 * {@code libjnijavacpp}), loading the preset's 2.7 MB {@code openblas} class (parsing and linking,
 * not initialising it), then initialising it (JavaCPP loading the OpenBLAS and JNI libraries).
 * decomp4j's first call pays the first two whatever it does (its opt-in direct load replaces only
 * the third), so their sum is the floor of its cold start on this preset. No decomp4j class is
 * touched. Run it in fresh processes:
 *
 * <pre>
 * java -cp JAVACPP_AND_OPENBLAS_JARS:benchmarks/target/classes org.decomp4j.bench.firstcall.PresetFloor
 * </pre>
 */
public final class PresetFloor {
    private PresetFloor() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        ClassLoader cl = PresetFloor.class.getClassLoader();
        long t0 = System.nanoTime();
        Class.forName("org.bytedeco.javacpp.Pointer", true, cl);
        long t1 = System.nanoTime();
        Class.forName("org.bytedeco.openblas.global.openblas", false, cl);
        long t2 = System.nanoTime();
        Class.forName("org.bytedeco.openblas.global.openblas", true, cl);
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "pointer_init_ms %.1f preset_class_load_ms %.1f preset_init_ms %.1f floor_ms %.1f%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t2 - t0) / 1e6);
    }
}
