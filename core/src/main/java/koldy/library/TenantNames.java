package koldy.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import koldy.KoldyException;
import koldy.KoldyException.Reason;
import koldy.config.Config;
import koldy.config.SupportedUrls;
import koldy.config.TenantsConfig;
import koldy.db.Connections;

/**
 * The tenants a configuration names, asked now: a list as written, a query's first column, or
 * the schemas (PostgreSQL), databases (MySQL) or SQLite files whose names match a pattern.
 * A tenant created since the last run is found by the next.
 */
final class TenantNames {

    private TenantNames() {
    }

    static List<String> of(Config config, Connections connections) {
        TenantsConfig tenants = config.configuredTenants();
        if (tenants.list() != null) {
            return tenants.list();
        }
        if (tenants.pattern() != null && SupportedUrls.kindOf(tenants.url()) == SupportedUrls.Kind.SQLITE) {
            return sqliteFiles(tenants, config.root());
        }
        String key = tenants.query() != null ? "tenants.query" : "tenants.pattern";
        String sql = tenants.query() != null ? tenants.query() : namesLike(connections, tenants.queryConnection());
        List<String> names = new ArrayList<>();
        try (Connection connection = connections.borrow(tenants.queryConnection());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (tenants.query() == null) {
                statement.setString(1, tenants.pattern());
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(checked(rows.getString(1), key));
                }
            }
        } catch (SQLException e) {
            throw new KoldyException(Reason.DATABASE_ERROR, "Cannot list the tenants (" + key + " on connection '"
                    + tenants.queryConnection() + "'): " + e.getMessage(), e);
        }
        return List.copyOf(new TreeSet<>(names)); // one run per tenant, in a stable order
    }

    /** The schemas (PostgreSQL) or databases (MySQL) whose names are LIKE the pattern, the server's own left out. */
    private static String namesLike(Connections connections, String connection) {
        return switch (SupportedUrls.kindOf(connections.config(connection).url())) {
            // never the server's own: a pattern of % would otherwise name them too
            case POSTGRESQL -> "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname LIKE ?"
                    + " AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'";
            case MYSQL -> "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE ?"
                    + " AND schema_name NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys')";
            default -> throw KoldyException.config("tenants.pattern lists schemas or databases on a PostgreSQL or"
                    + " MySQL connection, or files when tenants.url is SQLite; connection '" + connection
                    + "' is neither. Use tenants.query or tenants.list.");
        };
    }

    /**
     * The SQLite files beside each other that tenants.url names, their name in place of
     * {tenant}, matching the pattern (LIKE: % any text, _ one character).
     */
    private static List<String> sqliteFiles(TenantsConfig tenants, Path root) {
        String marker = "KOLDYTENANTMARKER";
        Path template = SupportedUrls.sqliteFile(SupportedUrls.resolveSqlitePath(
                tenants.url().replace(TenantsConfig.PLACEHOLDER, marker), root));
        if (template == null || !template.getFileName().toString().contains(marker)
                || template.getParent() == null || template.getParent().toString().contains(marker)) {
            throw KoldyException.config("tenants.pattern over SQLite files needs " + TenantsConfig.PLACEHOLDER
                    + " in the file's name in tenants.url, e.g. jdbc:sqlite:storage/tenants/" + TenantsConfig.PLACEHOLDER
                    + ".sqlite");
        }
        String fileName = template.getFileName().toString();
        String prefix = fileName.substring(0, fileName.indexOf(marker));
        String suffix = fileName.substring(fileName.indexOf(marker) + marker.length());
        Pattern like = like(tenants.pattern());
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(template.getParent())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(template.getParent())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix)) {
                    String tenant = name.substring(prefix.length(), name.length() - suffix.length());
                    if (like.matcher(tenant).matches() && TenantsConfig.NAME.matcher(tenant).matches()) {
                        names.add(tenant);
                    }
                }
            }
        } catch (IOException e) {
            throw KoldyException.config("Cannot list the tenants' SQLite files in " + template.getParent() + ": " + e);
        }
        return List.copyOf(new TreeSet<>(names));
    }

    /**
     * A SQL LIKE pattern as a regular expression, as the servers read one: % any text, _ one
     * character, a backslash makes the next character itself, the rest literally.
     */
    static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String checked(String name, String key) {
        if (name == null || !TenantsConfig.NAME.matcher(name).matches()) {
            throw KoldyException.config(key + " named the tenant '" + name + "', which is not a valid tenant name ("
                    + TenantsConfig.NAME_RULE + "). Nothing was run.");
        }
        return name;
    }
}
