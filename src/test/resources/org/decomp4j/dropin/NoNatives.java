/**
 * Run by DropInModuleTest with no native jar on the class path: prints what the first call a new
 * user makes ({@code Matrix.of}, which allocates before any LAPACK call) throws.
 */
public class NoNatives {
    public static void main(String[] args) {
        try (org.decomp4j.Matrix a = org.decomp4j.Matrix.of(new double[][] {{1, 2}, {3, 4}})) {
            System.out.println("loaded, " + a);
        } catch (UnsatisfiedLinkError e) {
            System.out.println(e.getMessage());
        }
    }
}
