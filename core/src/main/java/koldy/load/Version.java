package koldy.load;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** koldy's own version and the commit it was built from, from the build. */
public final class Version {

    private static Properties build;

    private Version() {
    }

    private static synchronized Properties build() {
        if (build == null) {
            build = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("/koldy/version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            } catch (IOException ignored) {
                // fall through to "development"
            }
        }
        return build;
    }

    /** The version, as compiled migrations are cached under it. */
    public static String current() {
        return build().getProperty("version", "development");
    }

    /** The version and the commit it was built from: {@code 0.1.0 (commit 3ee71db)}. */
    public static String described() {
        String commit = build().getProperty("commit", "");
        if (commit.isEmpty() || commit.startsWith("${")) {
            return current() + " (built outside a git checkout)";
        }
        return current() + " (commit " + commit + ("true".equals(build().getProperty("dirty")) ? ", with local changes" : "")
                + ")";
    }
}
