package koldy.config;

import java.nio.file.Path;

/** The JDBC URL schemes koldy supports, and the one rewrite it makes to them. */
public final class SupportedUrls {

    public static final String SQLITE = "jdbc:sqlite:";
    public static final String POSTGRESQL = "jdbc:postgresql:";
    public static final String MYSQL = "jdbc:mysql:";
    public static final String MARIADB = "jdbc:mariadb:";

    private SupportedUrls() {
    }

    public static boolean isSupported(String url) {
        return url.startsWith(SQLITE) || url.startsWith(POSTGRESQL) || url.startsWith(MYSQL);
    }

    /**
     * A relative SQLite file resolves against the project root, not the current directory, so
     * {@code ./koldy --root app migrate} finds {@code app/storage/koldy.sqlite} from anywhere.
     */
    public static String resolveSqlitePath(String url, Path root) {
        if (!url.startsWith(SQLITE)) {
            return url;
        }
        String rest = url.substring(SQLITE.length());
        if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("file:")) {
            return url; // :memory:, :resource:, or a URI the driver interprets itself
        }
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        String suffix = query < 0 ? "" : rest.substring(query);
        Path resolved = root.resolve(path).toAbsolutePath().normalize();
        return SQLITE + resolved + suffix;
    }

    /**
     * The database file of a SQLite URL, or null for an in-memory database. Understands the
     * driver's {@code file:} URIs ({@code file:/abs.db}, {@code file:///abs.db},
     * {@code file://localhost/abs.db}, {@code file:rel.db?mode=rw}, percent-encoded characters).
     */
    public static Path sqliteFile(String url) {
        if (!url.startsWith(SQLITE)) {
            return null;
        }
        String rest = url.substring(SQLITE.length());
        int queryAt = rest.indexOf('?');
        String path = queryAt < 0 ? rest : rest.substring(0, queryAt);
        String query = queryAt < 0 ? "" : rest.substring(queryAt + 1);
        if (path.startsWith("file:")) {
            if (("&" + query + "&").contains("&mode=memory&")) {
                return null;
            }
            path = path.substring("file:".length());
            if (path.startsWith("//")) { // file://authority/path: the authority is empty or localhost
                int slash = path.indexOf('/', 2);
                path = slash < 0 ? "" : path.substring(slash);
            }
            path = percentDecoded(path);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith(":resource:")) {
            return null;
        }
        return Path.of(path);
    }

    /** {@code %2F}-style escapes decoded as UTF-8; a '+' stays a '+', as in a URI path. */
    static String percentDecoded(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return path; // as the driver would be given it
        }
    }
}
