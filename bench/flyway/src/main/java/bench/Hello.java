package bench;

/**
 * A bare JVM start that prints one line: run with the launcher's JVM options, it shows what any
 * Java command costs on this host, so koldy's start-up figures can be read against it.
 */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
