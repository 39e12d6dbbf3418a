package koldy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import koldy.KoldyException;
import koldy.RunEvent;
import koldy.RunListener;
import koldy.library.Koldy;

/** The auto-configuration in a real Spring context, on a real SQLite database. */
class KoldyAutoConfigurationTest {

    @TempDir
    Path directory;

    private Path migrations;
    private String url;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class,
                        org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration.class,
                        KoldyAutoConfiguration.class, KoldyEndpointAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + url,
                        "koldy.location=filesystem:" + migrations);
    }

    @BeforeEach
    void project() throws Exception {
        migrations = Files.createDirectories(directory.resolve("migrations"));
        url = "jdbc:sqlite:" + directory.resolve("app.sqlite");
        Files.writeString(migrations.resolve("1700000100_CreateAccounts.sql"),
                "-- koldy:up\nCREATE TABLE accounts (id integer);\nINSERT INTO accounts VALUES (7);\n"
                        + "-- koldy:down\nDROP TABLE accounts;\n");
    }

    @Test
    void migratesBeforeTheBeansThatUseTheDatabase() throws Exception {
        runner().withUserConfiguration(ReadsAtStartUp.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ReadsAtStartUp.class).seen).containsExactly("7");
            assertThat(scripts()).containsExactly("1700000100_CreateAccounts");
        });
        runner().run(context -> assertThat(scripts()).containsExactly("1700000100_CreateAccounts"));
    }

    @Test
    void aFailedMigrationStopsTheStartWithAnAnalysisThatSaysWhatToDo() throws Exception {
        Files.writeString(migrations.resolve("1700000200_Broken.sql"), "-- koldy:up\nCREATE TABLE (;\n");
        runner().run(context -> {
            assertThat(context).hasFailed();
            KoldyException koldy = findCause(context.getStartupFailure(), KoldyException.class);
            assertThat(koldy.reason()).isEqualTo(KoldyException.Reason.MIGRATION_FAILED);
            FailureAnalysis analysis = new KoldyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("koldy stopped the application's start (MIGRATION_FAILED):")
                    .contains("Migration 1700000200_Broken failed");
            assertThat(analysis.getAction()).startsWith("Fix the migration named above");
        });
        assertThat(scripts()).containsExactly("1700000100_CreateAccounts");
    }

    @Test
    void validateRunsNothingAndRefusesADatabaseThatIsBehind() throws Exception {
        runner().withPropertyValues("koldy.on-startup=validate").run(context -> {
            assertThat(context).hasFailed();
            KoldyException koldy = findCause(context.getStartupFailure(), KoldyException.class);
            assertThat(koldy.reason()).isEqualTo(KoldyException.Reason.NOT_UP_TO_DATE);
            assertThat(koldy.getMessage()).contains("(1 pending)");
        });
        assertThat(tableExists("accounts")).isFalse();
    }

    @Test
    void noneRunsNothingAndAStrategyBeanReplacesTheDefault() throws Exception {
        runner().withPropertyValues("koldy.on-startup=none").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Koldy.class);
            assertThat(tableExists("accounts")).isFalse();
        });
        runner().withUserConfiguration(CountingStrategy.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CountingStrategy.class).calls.get()).isEqualTo(1);
            assertThat(tableExists("accounts")).isFalse();
        });
    }

    @Test
    void tenantsAreBroughtUpToDateAfterTheSharedMigrations() throws Exception {
        ApplicationContextRunner tenants = runner().withPropertyValues(tenantProperties("acme", "globex"));
        tenants.run(context -> assertThat(context).hasNotFailed());
        assertThat(scripts()).containsExactly("1700000100_CreateAccounts");
        for (String tenant : List.of("acme", "globex")) {
            assertThat(rows(tenantUrl(tenant), "SELECT script FROM koldy_migration")).containsExactly(
                    "1700000300_CreateNotes");
        }
        // a tenant added since: the next start brings it up, and validate then passes for all three
        tenants.withPropertyValues("koldy.tenants.list=acme,globex,initech").run(context ->
                assertThat(context).hasNotFailed());
        assertThat(rows(tenantUrl("initech"), "SELECT count(*) FROM notes")).containsExactly("0");
        tenants.withPropertyValues("koldy.tenants.list=acme,globex,initech", "koldy.on-startup=validate").run(context ->
                assertThat(context).hasNotFailed());
    }

    @Test
    void aTenantBehindStopsAValidatedStartAndAFailedTenantStopsAMigratingOne() throws Exception {
        runner().withPropertyValues(tenantProperties("acme")).run(context -> assertThat(context).hasNotFailed());
        runner().withPropertyValues(tenantProperties("acme", "globex")).withPropertyValues("koldy.on-startup=validate")
                .run(context -> {
                    KoldyException koldy = findCause(context.getStartupFailure(), KoldyException.class);
                    assertThat(koldy.reason()).isEqualTo(KoldyException.Reason.NOT_UP_TO_DATE);
                    assertThat(koldy.getMessage()).startsWith("1 of 2 tenants are not up to date (the first: globex)");
                });
        assertThat(Files.exists(directory.resolve("globex.sqlite"))).isFalse();

        Files.writeString(directory.resolve("tenant-migrations").resolve("1700000400_Broken.sql"),
                "-- koldy:up\nCREATE TABLE (;\n");
        runner().withPropertyValues(tenantProperties("acme", "globex")).run(context -> {
            KoldyException koldy = findCause(context.getStartupFailure(), KoldyException.class);
            assertThat(koldy.reason()).isEqualTo(KoldyException.Reason.MIGRATION_FAILED);
            assertThat(koldy.getMessage()).startsWith("2 of 2 tenants failed; the first, acme: Migration"
                    + " 1700000400_Broken failed");
        });
        // globex got what runs before the broken one, each tenant on its own
        assertThat(rows(tenantUrl("globex"), "SELECT script FROM koldy_migration")).containsExactly(
                "1700000300_CreateNotes");
    }

    @Test
    void aMistakeInTheTenantsPropertiesIsNamed() {
        runner().withPropertyValues("koldy.tenants.url=" + tenantUrl("{tenant}"), "koldy.tenants.pattern=t%",
                "koldy.tenants.list=a", "koldy.tenants.location=filesystem:" + directory).run(context -> {
                    KoldyException koldy = findCause(context.getStartupFailure(), KoldyException.class);
                    assertThat(koldy.getMessage()).isEqualTo("koldy.tenants.* properties: key 'tenants.url' needs"
                            + " exactly one of tenants.list, tenants.query and tenants.pattern to say which tenants"
                            + " there are (2 are set).");
                });
    }

    private String[] tenantProperties(String... tenants) throws Exception {
        Path tenantMigrations = Files.createDirectories(directory.resolve("tenant-migrations"));
        Files.writeString(tenantMigrations.resolve("1700000300_CreateNotes.sql"),
                "-- koldy:up\nCREATE TABLE notes (id integer);\n-- koldy:down\nDROP TABLE notes;\n");
        return new String[] {"koldy.tenants.url=" + tenantUrl("{tenant}"), "koldy.tenants.list=" + String.join(",", tenants),
                "koldy.tenants.location=filesystem:" + tenantMigrations};
    }

    private String tenantUrl(String tenant) {
        return "jdbc:sqlite:" + directory.resolve(tenant + ".sqlite");
    }

    @Test
    void disabledConfiguresNothing() throws Exception {
        runner().withPropertyValues("koldy.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Koldy.class);
            assertThat(tableExists("accounts")).isFalse();
        });
    }

    @Test
    void koldyManagesTheSchemaOfTheDataSourceItMigrates() throws Exception {
        runner().run(context -> {
            DataSource dataSource = context.getBean(DataSource.class);
            SchemaManagementProvider provider = context.getBean(SchemaManagementProvider.class);
            assertThat(provider.getSchemaManagement(dataSource)).isEqualTo(SchemaManagement.MANAGED);
        });
    }

    @Test
    void aKoldyUrlAndNamedConnectionsFromProperties() throws Exception {
        Path other = directory.resolve("other.sqlite");
        Path admin = directory.resolve("admin.sqlite");
        Files.writeString(migrations.resolve("1700000200_Audit.sql"),
                "-- koldy:connection admin\n-- koldy:up\nCREATE TABLE audit (id integer);\n-- koldy:down\nDROP TABLE audit;\n");
        runner().withPropertyValues("koldy.url=jdbc:sqlite:" + other, "koldy.connections.admin.url=jdbc:sqlite:" + admin)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(tableExists("accounts")).as("the application's database is left alone").isFalse();
        assertThat(rows("jdbc:sqlite:" + other, "SELECT script FROM koldy_migration ORDER BY id"))
                .containsExactly("1700000100_CreateAccounts", "1700000200_Audit");
        assertThat(rows("jdbc:sqlite:" + admin, "SELECT count(*) FROM audit")).containsExactly("0");
    }

    @Test
    void runListenerBeansAreToldWhatTheRunDid() throws Exception {
        runner().withUserConfiguration(Listening.class).run(context -> {
            assertThat(context).hasNotFailed();
            List<RunEvent> events = context.getBean(Listening.class).events;
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isInstanceOfSatisfying(RunEvent.Database.class,
                    database -> assertThat(database.message()).startsWith("Database: jdbc:sqlite:"));
            assertThat(events.get(1)).isInstanceOfSatisfying(RunEvent.Applied.class, applied -> {
                        assertThat(applied.script()).isEqualTo("1700000100_CreateAccounts");
                        assertThat(applied.up()).isTrue();
                    });
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Listening {
        final List<RunEvent> events = new ArrayList<>();

        @Bean
        RunListener collect() {
            return event -> {
                if (!event.message().startsWith("Creating")) {
                    events.add(event);
                }
            };
        }
    }

    @Test
    void theActuatorEndpointShowsEveryMigration() throws Exception {
        runner().run(context -> {
            var status = context.getBean(KoldyEndpoint.class).status();
            assertThat(status.get("up_to_date")).isEqualTo(true);
            assertThat(status.get("migrations").toString()).contains("script=1700000100_CreateAccounts",
                    "state=executed", "type=sql");
        });
    }

    /** A bean that reads the migrated table while it is created. */
    @Configuration(proxyBeanMethods = false)
    static class ReadsAtStartUp {
        final List<String> seen = new ArrayList<>();

        @Bean
        String reader(JdbcTemplate jdbc) {
            seen.addAll(jdbc.queryForList("SELECT id FROM accounts", String.class));
            return "read";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CountingStrategy {
        final AtomicInteger calls = new AtomicInteger();

        @Bean
        KoldyMigrationStrategy strategy() {
            return koldy -> calls.incrementAndGet();
        }
    }

    private List<String> scripts() throws SQLException {
        return rows(url, "SELECT script FROM koldy_migration ORDER BY id");
    }

    private boolean tableExists(String table) throws SQLException {
        return !rows(url, "SELECT name FROM sqlite_master WHERE name = '" + table + "'").isEmpty();
    }

    private static List<String> rows(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(r.getString(1));
            }
            return rows;
        }
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }
}
