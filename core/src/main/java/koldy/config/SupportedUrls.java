package koldy.config;

import java.nio.file.Path;

/**
 * The one list of the databases koldy supports, by JDBC URL (each has a dialect:
 * {@code koldy.dialect.Dialects} maps every kind, exhaustively), and the one rewrite koldy makes
 * to a URL.
 */
public final class SupportedUrls {

    /** A supported database and the URLs that reach it. */
    public enum Kind {
        SQLITE("SQLite", "jdbc:sqlite:"),
        POSTGRESQL("PostgreSQL", "jdbc:postgresql:"),
        /** The MySQL driver koldy ships takes jdbc:mysql:; an application's own MariaDB driver, jdbc:mariadb:. */
        MYSQL("MySQL/MariaDB", "jdbc:mysql:", "jdbc:mariadb:");

        private final String label;
        private final String prefix;
        private final String dataSourceOnlyPrefix;

        Kind(String label, String prefix) {
            this(label, prefix, null);
        }

        Kind(String label, String prefix, String dataSourceOnlyPrefix) {
            this.label = label;
            this.prefix = prefix;
            this.dataSourceOnlyPrefix = dataSourceOnlyPrefix;
        }

        public String label() {
            return label;
        }

        /** The URL prefix a configuration uses, e.g. {@code jdbc:sqlite:}. */
        public String prefix() {
            return prefix;
        }

        boolean accepts(String url, boolean fromDataSource) {
            return url.startsWith(prefix) || fromDataSource && dataSourceOnlyPrefix != null
                    && url.startsWith(dataSourceOnlyPrefix);
        }
    }

    public static final String SQLITE = Kind.SQLITE.prefix();

    private SupportedUrls() {
    }

    /** The database a configured URL reaches, or null when koldy does not support it. */
    public static Kind kindOf(String url) {
        return kind(url, false);
    }

    /** The database an application's DataSource reports (its driver's URL), or null. */
    public static Kind kindOfDataSource(String url) {
        return kind(url, true);
    }

    private static Kind kind(String url, boolean fromDataSource) {
        for (Kind kind : Kind.values()) {
            if (url != null && kind.accepts(url, fromDataSource)) {
                return kind;
            }
        }
        return null;
    }

    public static boolean isSupported(String url) {
        return kindOf(url) != null;
    }

    /** "jdbc:sqlite:, jdbc:postgresql: or jdbc:mysql:", for messages. */
    public static String prefixes() {
        return list(java.util.Arrays.stream(Kind.values()).map(Kind::prefix).toList(), " or ");
    }

    /** "SQLite, PostgreSQL and MySQL/MariaDB", for messages. */
    public static String labels() {
        return list(java.util.Arrays.stream(Kind.values()).map(Kind::label).toList(), " and ");
    }

    private static String list(java.util.List<String> items, String last) {
        return String.join(", ", items.subList(0, items.size() - 1)) + last + items.get(items.size() - 1);
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
