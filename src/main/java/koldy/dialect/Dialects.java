package koldy.dialect;

import koldy.config.SupportedUrls;

/** Picks the dialect for a JDBC URL. */
public final class Dialects {

    private Dialects() {
    }

    public static Dialect forUrl(String url) {
        if (url.startsWith(SupportedUrls.SQLITE)) {
            return new SqliteDialect();
        }
        if (url.startsWith(SupportedUrls.POSTGRESQL)) {
            return new PostgresDialect();
        }
        if (url.startsWith(SupportedUrls.MYSQL) || url.startsWith(SupportedUrls.MARIADB)) {
            return new MySqlDialect();
        }
        throw new IllegalArgumentException("No dialect for " + url);
    }
}
