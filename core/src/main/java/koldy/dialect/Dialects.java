package koldy.dialect;

import koldy.config.SupportedUrls;

/** The dialect of each supported database ({@link SupportedUrls.Kind}): one per kind, no other list. */
public final class Dialects {

    private Dialects() {
    }

    /** The dialect for a configured URL, or for the URL an application's DataSource reports. */
    public static Dialect forUrl(String url) {
        SupportedUrls.Kind kind = SupportedUrls.kindOfDataSource(url);
        if (kind == null) {
            throw new IllegalArgumentException("No dialect for " + url);
        }
        return switch (kind) { // exhaustive: a new kind does not compile without its dialect
            case SQLITE -> new SqliteDialect();
            case POSTGRESQL -> new PostgresDialect();
            case MYSQL -> new MySqlDialect();
        };
    }
}
