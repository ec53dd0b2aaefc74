import java.io.File;
import java.util.Properties;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.impl.DefaultServiceLocator;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.repository.WorkspaceRepository;

/**
 * What a consumer's Maven resolves for a project that declares only org.decomp4j:decomp4j.
 *
 * <p>Run by DropInResolutionTest with Maven's own libraries (MAVEN_HOME/lib) on the class path, as
 * a single-file program, in a JVM whose os.name/os.arch are those of the platform simulated:
 * Maven's OS profile activation reads them from the JVM. It collects the dependency graph the way
 * `mvn dependency:tree` does (artifact descriptors, profiles and all; no jar is downloaded), offline,
 * from the local repository; the decomp4j POM is the one the build publishes (.flattened-pom.xml),
 * served as a workspace artifact the way a reactor serves it.
 *
 * <p>Arguments: local-repository flattened-pom [key=value user properties...]. Prints one line per
 * resolved artifact: groupId:artifactId:classifier:version:scope.
 */
public class ConsumerResolve {
    public static void main(String[] args) throws Exception {
        File localRepo = new File(args[0]);
        File pom = new File(args[1]);
        Properties user = new Properties();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            user.setProperty(kv[0], kv[1]);
        }
        DefaultServiceLocator locator = MavenRepositorySystemUtils.newServiceLocator();
        RepositorySystem system = locator.getService(RepositorySystem.class);
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setOffline(true);
        session.setSystemProperties(System.getProperties());
        session.setUserProperties(user);
        session.setConfigProperties(user);
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepo)));
        String version = pomVersion(pom);
        session.setWorkspaceReader(new WorkspaceReader() {
            final WorkspaceRepository repo = new WorkspaceRepository("decomp4j-build");

            @Override
            public WorkspaceRepository getRepository() {
                return repo;
            }

            @Override
            public File findArtifact(Artifact a) {
                boolean ours = a.getGroupId().equals("org.decomp4j") && a.getArtifactId().equals("decomp4j");
                return ours && a.getExtension().equals("pom") ? pom : null;
            }

            @Override
            public java.util.List<String> findVersions(Artifact a) {
                return java.util.List.of(version);
            }
        });
        RemoteRepository central = new RemoteRepository.Builder("central", "default",
                "https://repo.maven.apache.org/maven2/").build();
        CollectRequest req = new CollectRequest();
        // a consumer project with one dependency: org.decomp4j:decomp4j
        req.setRootArtifact(new DefaultArtifact("example:consumer:1"));
        req.addDependency(new Dependency(new DefaultArtifact("org.decomp4j:decomp4j:" + version), "compile"));
        req.addRepository(central);
        DependencyNode root = system.collectDependencies(session, req).getRoot();
        print(root);
    }

    private static void print(DependencyNode n) {
        for (DependencyNode c : n.getChildren()) {
            Artifact a = c.getArtifact();
            System.out.println(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getClassifier() + ":"
                    + a.getVersion() + ":" + c.getDependency().getScope()
                    + (c.getDependency().isOptional() ? ":optional" : ""));
            print(c);
        }
    }

    private static String pomVersion(File pom) throws Exception {
        String s = java.nio.file.Files.readString(pom.toPath());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<artifactId>decomp4j</artifactId>\\s*<version>([^<]+)</version>").matcher(s);
        if (!m.find()) {
            throw new IllegalStateException("no decomp4j version in " + pom);
        }
        return m.group(1);
    }
}
