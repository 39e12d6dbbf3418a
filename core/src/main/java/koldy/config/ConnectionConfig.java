package koldy.config;

import java.util.Map;

/**
 * One named connection from the configuration. {@code url} is the JDBC URL with relative SQLite
 * paths already resolved against the project root; {@code properties} are passed to the driver.
 */
public record ConnectionConfig(String name, String url, String user, String password,
                               Map<String, String> properties) {

    /** The URL with any secret removed, for messages and logs. */
    public String safeUrl() {
        return Secrets.maskUrl(url);
    }

    @Override
    public String toString() {
        return name + " (" + safeUrl() + ")";
    }
}
