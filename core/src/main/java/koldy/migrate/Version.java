package koldy.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** koldy's own version, from the build. */
public final class Version {

    private static String current;

    private Version() {
    }

    public static synchronized String current() {
        if (current == null) {
            Properties p = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("/koldy/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException ignored) {
                // fall through to "development"
            }
            current = p.getProperty("version", "development");
        }
        return current;
    }
}
