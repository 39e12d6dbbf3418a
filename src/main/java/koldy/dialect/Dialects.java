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

    private static String thisProcess;

    /**
     * Identifies this process to other waiters: "pid 1234 on host app-2". The host name comes from
     * the environment or /etc/hostname before any network lookup, which can stall on a box
     * without DNS.
     */
    public static synchronized String thisProcess() {
        if (thisProcess == null) {
            thisProcess = "pid " + ProcessHandle.current().pid() + " on host " + hostName();
        }
        return thisProcess;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        try {
            String file = java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).trim();
            if (!file.isEmpty()) {
                return file;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no such file
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
