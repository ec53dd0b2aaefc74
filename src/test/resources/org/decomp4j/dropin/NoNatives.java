/** Run by DropInModuleTest with no native jar on the class path: prints what OpenBLAS's loading throws. */
public class NoNatives {
    public static void main(String[] args) {
        try {
            System.out.println("loaded, threads " + org.decomp4j.NativeConfig.threads());
        } catch (UnsatisfiedLinkError e) {
            System.out.println(e.getMessage());
        }
    }
}
