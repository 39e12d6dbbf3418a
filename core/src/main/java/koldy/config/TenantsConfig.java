package koldy.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Many tenants, a schema, database or SQLite file per customer, that share one set of migrations
 * ({@code tenants.*} keys): each tenant's connection ({@code url} with {@code {tenant}} where its
 * name goes), where the tenants come from (one of a list, a query, a name pattern), their
 * migrations directory and how many tenants run at once. Each tenant keeps its own history table
 * and run lock, in its own schema, database or file.
 *
 * @param list            the tenants by name, or null
 * @param query           SQL whose first column names the tenants, run on {@code queryConnection}, or null
 * @param pattern         a LIKE pattern over PostgreSQL schemas, MySQL databases or the names of SQLite
 *                        files that {@code url} matches, or null
 * @param queryConnection the connection {@code query} and {@code pattern} are asked on
 */
public record TenantsConfig(String url, String user, String password, List<String> list, String query,
                            String pattern, String queryConnection, Path migrationsDirectory, int parallel) {

    public static final String PLACEHOLDER = "{tenant}";
    public static final String DEFAULT_DIRECTORY = "application/tenant-migrations";
    /** What a tenant's name may be: it goes into a URL and a file name, so nothing that changes either. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
    /** {@link #NAME} in words, for the messages that refuse a name. */
    public static final String NAME_RULE = "letters, digits, _ and -, at most 63 characters, not starting with -";
    public static final int DEFAULT_PARALLEL = 4;
    /** The connection name a tenant's migrations use by default, and its history lives on. */
    public static final String CONNECTION = "tenant";

    /** The tenant's connection: {@code url} with its name in place of {@code {tenant}}. */
    public ConnectionConfig connectionFor(String tenant, Path root) {
        if (!NAME.matcher(tenant).matches()) {
            throw koldy.KoldyException.config("'" + tenant + "' is not a valid tenant name (" + NAME_RULE + ").");
        }
        return new ConnectionConfig(CONNECTION, SupportedUrls.resolveSqlitePath(url.replace(PLACEHOLDER, tenant), root),
                user, password, Map.of());
    }
}
