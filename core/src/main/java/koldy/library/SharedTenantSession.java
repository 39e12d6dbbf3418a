package koldy.library;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import koldy.Status;
import koldy.config.ConnectionConfig;
import koldy.config.SupportedUrls;
import koldy.config.TenantsConfig;
import koldy.migrate.Migrator;

/**
 * Where tenants share one server (a PostgreSQL schema each, {@code currentSchema={tenant}}; a
 * MySQL database each, {@code jdbc:mysql://host/{tenant}}), one session can read every tenant's
 * history in turn, switched as the tenant's own URL would set it. A new session per tenant costs
 * the server most of what an up-to-date tenant costs, so a run first finds, on this one session,
 * the tenants that are up to date, and opens a session of their own only for the others. It only
 * reads: nothing runs on it. With many tenants, a few such sessions read at once, each a slice.
 */
final class SharedTenantSession {

    private static final Pattern POSTGRES_SCHEMA = Pattern.compile("([?&])currentSchema=\\{tenant\\}(&|$)");
    private static final Pattern MYSQL_DATABASE = Pattern.compile("^(jdbc:mysql://[^/?]+/)\\{tenant\\}(\\?.*)?$");

    private final ConnectionConfig connection;
    private final Migrator.TenantSwitch switchTo;

    private SharedTenantSession(ConnectionConfig connection, Migrator.TenantSwitch switchTo) {
        this.connection = connection;
        this.switchTo = switchTo;
    }

    /** The shared session for these tenants, or null where their URLs do not share one server this way. */
    static SharedTenantSession of(TenantsConfig tenants) {
        String url = tenants.url();
        if (url.indexOf(TenantsConfig.PLACEHOLDER) != url.lastIndexOf(TenantsConfig.PLACEHOLDER)) {
            return null;
        }
        SupportedUrls.Kind kind = SupportedUrls.kindOf(url);
        Matcher m = (kind == SupportedUrls.Kind.POSTGRESQL ? POSTGRES_SCHEMA : MYSQL_DATABASE).matcher(url);
        if (kind == SupportedUrls.Kind.POSTGRESQL && m.find()) {
            String shared = url.substring(0, m.start()) + (m.group(2).isEmpty() ? "" : m.group(1)) + url.substring(m.end());
            // as the driver sets currentSchema: the value as search_path, folded as the server folds it
            return new SharedTenantSession(connection(tenants, shared), (session, tenant) -> {
                try (PreparedStatement set = session.prepareStatement("SELECT set_config('search_path', ?, false)")) {
                    set.setString(1, tenant);
                    set.execute();
                }
            });
        }
        if (kind == SupportedUrls.Kind.MYSQL && m.matches()) {
            String shared = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            return new SharedTenantSession(connection(tenants, shared), (session, tenant) -> {
                try (Statement use = session.createStatement()) {
                    use.execute("USE `" + tenant + "`"); // a tenant's name is letters, digits, _ and -
                }
            });
        }
        return null;
    }

    private static ConnectionConfig connection(TenantsConfig tenants, String url) {
        return new ConnectionConfig("tenants", url, tenants.user(), tenants.password(), Map.of());
    }

    /**
     * The tenants shown up to date, with their status, read on {@code sessions} shared sessions at once, each reading
     * every {@code sessions}-th tenant; a tenant whose session cannot be opened is not shown so.
     */
    Map<String, Status> upToDate(List<String> tenants, Migrator migrator, int sessions) {
        Migrator.TenantCheck check;
        try {
            check = migrator.tenantCheck(switchTo);
        } catch (RuntimeException e) {
            return Map.of(); // each tenant's own run finds out
        }
        Map<String, Status> upToDate = new ConcurrentHashMap<>();
        int count = Math.max(1, Math.min(sessions, tenants.size()));
        ExecutorService readers = TenantRun.daemons(count, "koldy-tenant-check");
        try {
            List<Future<?>> slices = new ArrayList<>();
            for (int slice = 0; slice < count; slice++) {
                int first = slice;
                slices.add(readers.submit(() -> read(tenants, first, count, check, upToDate)));
            }
            for (Future<?> slice : slices) {
                slice.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a slice that failed shows none of its tenants up to date; their own runs read them
        } finally {
            readers.shutdownNow();
        }
        return upToDate;
    }

    private void read(List<String> tenants, int first, int step, Migrator.TenantCheck check,
                      Map<String, Status> upToDate) {
        try (koldy.db.Connections connections = new koldy.db.Connections(List.of(connection));
             Connection session = connections.borrow(connection.name())) {
            session.setAutoCommit(true);
            for (int i = first; i < tenants.size(); i += step) {
                Status status = check.upToDate(session, tenants.get(i));
                if (status != null) {
                    upToDate.put(tenants.get(i), status);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // each tenant's own run finds out
        }
    }
}
