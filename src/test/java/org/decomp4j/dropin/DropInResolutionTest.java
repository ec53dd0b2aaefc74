package org.decomp4j.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A consumer that declares only {@code org.decomp4j:decomp4j} gets the natives of its platform.
 *
 * <p>What is checked is the POM this build installs and publishes ({@code .flattened-pom.xml},
 * written at process-resources, so {@code mvn test} has it), as a consumer's Maven reads it: a
 * subprocess runs {@code ConsumerResolve} (a test resource) with Maven's own resolver from
 * {@code ${maven.home}/lib}, which collects the consumer's dependency graph the way
 * {@code mvn dependency:tree} does, offline, from the local repository. Only POMs are read, so no
 * other platform's native jars are downloaded, and CI needs nothing beyond what {@code mvn test}
 * itself resolved. The platform is simulated by the subprocess JVM's {@code os.name}/{@code os.arch},
 * which is what Maven's OS profile activation reads.
 */
class DropInResolutionTest {
    private static final Path FLATTENED = Path.of(".flattened-pom.xml").toAbsolutePath();
    private static final Pattern NATIVE = Pattern.compile("org\\.bytedeco:(openblas|javacpp):([^:]+):[^:]+:compile");

    /** JVM os.name / os.arch as each platform's JDK reports them → the bytedeco classifier. */
    private static final Map<List<String>, String> PLATFORMS = Map.of(
            List.of("Linux", "amd64"), "linux-x86_64",
            List.of("Linux", "aarch64"), "linux-arm64",
            List.of("Mac OS X", "x86_64"), "macosx-x86_64",
            List.of("Mac OS X", "aarch64"), "macosx-arm64",
            List.of("Windows 11", "amd64"), "windows-x86_64");

    private static String pom;
    private static String mavenLib;
    private static Path probeClasses;
    private static List<String> linux;

    @BeforeAll
    static void prepare() throws IOException {
        assertTrue(Files.isRegularFile(FLATTENED), FLATTENED + " is written by flatten-maven-plugin at process-resources");
        pom = Files.readString(FLATTENED);
        String mavenHome = System.getProperty("decomp4j.test.mavenHome");
        assertTrue(mavenHome != null && Files.isDirectory(Path.of(mavenHome, "lib")),
                "decomp4j.test.mavenHome (surefire sets it from ${maven.home}): " + mavenHome);
        mavenLib = Path.of(mavenHome, "lib") + "/*";
        // compiled once here, not by each subprocess
        probeClasses = Files.createTempDirectory("decomp4j-consumer-resolve");
        Path source = Path.of("src/test/resources/org/decomp4j/dropin/ConsumerResolve.java").toAbsolutePath();
        Tools.run(List.of(Tools.jdkTool("javac"), "-d", probeClasses.toString(), "-cp", mavenLib, "-nowarn",
                source.toString()), 120);
        linux = resolve("Linux", "amd64");
    }

    @Test
    void publishedPomPinsNoPlatformOutsideProfiles() {
        String main = pom.substring(0, pom.indexOf("<profiles>"));
        assertFalse(main.contains("<classifier>"), "natives outside a profile are forced on every consumer:\n" + main);
        assertFalse(pom.contains("<parent>"), "the published POM must stand alone");
        // the -Djavacpp.platform profile must reach consumers uninterpolated (build a release without -Djavacpp.platform)
        assertEquals(2, count(pom, "<classifier>${javacpp.platform}</classifier>"), pom);
    }

    @Test
    void eachPlatformResolvesItsOwnNatives() throws Exception {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (Map.Entry<List<String>, String> p : PLATFORMS.entrySet()) {
            runs.add(CompletableFuture.runAsync(() -> {
                boolean host = p.getKey().equals(List.of("Linux", "amd64"));
                Set<String> got = natives(host ? linux : resolve(p.getKey().get(0), p.getKey().get(1)));
                assertEquals(Set.of("openblas:" + p.getValue(), "javacpp:" + p.getValue()), got,
                        "os.name=" + p.getKey().get(0) + " os.arch=" + p.getKey().get(1));
            }));
        }
        // -Djavacpp.platform picks another platform than the host's, and only that one
        runs.add(CompletableFuture.runAsync(() -> assertEquals(Set.of("openblas:macosx-arm64", "javacpp:macosx-arm64"),
                natives(resolve("Linux", "amd64", "javacpp.platform=macosx-arm64")))));
        // a platform bytedeco does not build for: no natives; OpenBlas's load error then names the platform
        runs.add(CompletableFuture.runAsync(() -> {
            List<String> out = resolve("SunOS", "sparcv9");
            assertEquals(Set.of(), natives(out));
            assertTrue(out.contains("org.bytedeco:openblas::0.3.31-1.5.13:compile"), String.join("\n", out));
        }));
        for (CompletableFuture<Void> r : runs) {
            r.get(120, TimeUnit.SECONDS);
        }
    }

    @Test
    void cliOnlyDependenciesStayOutOfTheConsumersGraph() {
        List<String> out = linux;
        assertTrue(out.stream().anyMatch(l -> l.startsWith("org.decomp4j:decomp4j:")), String.join("\n", out));
        assertTrue(out.stream().noneMatch(l -> l.startsWith("info.picocli:") || l.startsWith("me.tongfei:")),
                String.join("\n", out));
    }

    private static Set<String> natives(List<String> lines) {
        Set<String> s = new TreeSet<>();
        for (String l : lines) {
            Matcher m = NATIVE.matcher(l);
            if (m.matches()) {
                s.add(m.group(1) + ":" + m.group(2));
            }
        }
        return s;
    }

    private static List<String> resolve(String osName, String osArch, String... userProps) {
        String repo = System.getProperty("decomp4j.test.localRepository");
        assertTrue(repo != null && Files.isDirectory(Path.of(repo)), "decomp4j.test.localRepository: " + repo);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Dos.name=" + osName, "-Dos.arch=" + osArch,
                "-cp", probeClasses + java.io.File.pathSeparator + mavenLib, "ConsumerResolve", repo, FLATTENED.toString()));
        cmd.addAll(List.of(userProps));
        return Tools.run(cmd, 120).out().lines().toList();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
