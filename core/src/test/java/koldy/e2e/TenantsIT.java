package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/**
 * Many tenants through the launcher, on every database: a schema each (PostgreSQL), a database
 * each (MySQL), a file each (SQLite), each with its own history and lock.
 */
class TenantsIT {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    private TestDatabase database;
    private TestProject project;
    private String tenantUrl;
    private final Map<String, TestProject> tenants = new HashMap<>();

    /** A project whose tenants are n fresh schemas, databases or files, listed in that order. */
    private List<String> setUp(TestDatabase database, int n) throws Exception {
        this.database = database;
        project = projects.create(database, directory.resolve("project"));
        Files.createDirectories(project.root().resolve("application/tenant-migrations"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(addTenant());
        }
        return names;
    }

    private String addTenant() {
        TestDatabase.Fresh fresh = database.fresh(directory);
        projects.afterTest(() -> database.drop(fresh));
        String template = fresh.url().replace(fresh.name(), "{tenant}");
        if (tenantUrl != null) {
            assertEquals(tenantUrl, template, "one template for every tenant");
        }
        tenantUrl = template;
        tenants.put(fresh.name(), projects.adopt(TestProject.at(directory, fresh.url())));
        return fresh.name();
    }

    private void tenantMigration(long timestamp, String name, String up) throws Exception {
        Files.writeString(project.root().resolve("application/tenant-migrations/" + timestamp + "_" + name + ".sql"),
                "-- koldy:up\n" + up + "\n-- koldy:down empty\n");
    }

    private Result koldy(List<String> tenantList, String... args) {
        Map<String, String> env = new HashMap<>(project.environment());
        env.put("KOLDY_TENANTS_URL", tenantUrl);
        env.put("KOLDY_TENANTS_LIST", String.join(",", tenantList));
        return Launcher.run(project.root(), env, args);
    }

    private List<String> history(String tenant) {
        return tenants.get(tenant).history();
    }

    private int accounts(String tenant) {
        return Integer.parseInt(tenants.get(tenant).strings("SELECT count(*) FROM accounts").get(0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailingTenantDoesNotStopTheOthersAndARunAgainContinues(TestDatabase database) throws Exception {
        List<String> names = setUp(database, 3);
        String broken = names.get(1);
        tenants.get(broken).execute("CREATE TABLE accounts (id integer)"); // its first migration will fail
        tenantMigration(1700000001, "Accounts", "CREATE TABLE accounts (id integer PRIMARY KEY);");
        tenantMigration(1700000002, "FirstAccount", "INSERT INTO accounts (id) VALUES (1);");

        Result first = koldy(names, "migrate", "--tenants", "--parallel", "2");

        assertEquals(1, first.exitCode(), first.toString());
        assertTrue(first.out().contains("Tenants: 3, 2 at a time\n"), first.toString());
        assertTrue(first.out().contains(": 2 migrated (4 migrations), 0 up to date, 1 failed\n"), first.toString());
        assertTrue(first.err().contains("Tenant " + broken + " failed: "), first.toString());
        assertTrue(first.err().contains("1700000001_Accounts"), "the failed migration is named: " + first);
        for (String ok : List.of(names.get(0), names.get(2))) {
            assertEquals(List.of("1700000001_Accounts", "1700000002_FirstAccount"), history(ok));
            assertEquals(1, accounts(ok));
        }
        assertEquals(List.of(), history(broken));

        tenants.get(broken).execute("DROP TABLE accounts"); // fixed by hand
        if (database == TestDatabase.MYSQL) { // DDL commits as it runs: the failure is recorded until repaired
            Result repaired = koldy(names, "--tenant", broken, "repair");
            assertEquals(0, repaired.exitCode(), repaired.toString());
        }
        Result again = koldy(names, "migrate", "--tenants");

        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains(": 1 migrated (2 migrations), 2 up to date, 0 failed\n"), again.toString());
        for (String tenant : names) {
            assertEquals(1, accounts(tenant), "each tenant's migrations ran once: " + tenant);
        }

        List<String> more = new ArrayList<>(names);
        more.add(addTenant()); // a customer signed up since
        tenantMigration(1700000003, "SecondAccount", "INSERT INTO accounts (id) VALUES (2);");
        Result grown = koldy(more, "migrate", "--tenants");

        assertEquals(0, grown.exitCode(), grown.toString());
        assertTrue(grown.out().contains(": 4 migrated (6 migrations), 0 up to date, 0 failed\n"), grown.toString());
        for (String tenant : more) {
            assertEquals(3, history(tenant).size(), tenant);
            assertEquals(2, accounts(tenant), tenant);
        }

        if (database != TestDatabase.SQLITE) { // one server: the up-to-date tenants are read on one shared session
            Result shared = koldy(more, "-v", "migrate", "--tenants");
            assertEquals(0, shared.exitCode(), shared.toString());
            for (String tenant : more) {
                assertTrue(shared.out().contains("[" + tenant + "] Nothing to migrate: every migration is executed."),
                        shared.toString());
            }
            assertFalse(shared.out().contains("Opening connection 'tenant'"), "no session of a tenant's own: " + shared);
        }

        Result status = koldy(more, "status", "--tenants", "--json", "--exit-code");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().startsWith("{\n  \"tenants\": ["), status.toString());
        assertEquals(4, status.out().split("\"state\": \"up-to-date\"", -1).length - 1, status.toString());
        assertEquals(4, status.out().split("\"executed\": 3,", -1).length - 1, status.toString());
        if (database != TestDatabase.SQLITE) { // status reads the up-to-date tenants on the shared sessions too
            Result sharedStatus = koldy(more, "-v", "status", "--tenants");
            assertEquals(0, sharedStatus.exitCode(), sharedStatus.toString());
            assertTrue(sharedStatus.out().contains(": 4 up to date, 0 not up to date, 0 failed\n"), sharedStatus.toString());
            assertFalse(sharedStatus.out().contains("Opening connection 'tenant'"), "no session of a tenant's own: "
                    + sharedStatus);
        }
    }

    /**
     * tenants.pattern finds the schemas, databases or files named so, a tenant made since the last
     * run included, and never the server's own schemas or databases.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aPatternFindsTheTenantsAndNoneOfTheServersOwn(TestDatabase database) throws Exception {
        setUp(database, 0);
        String prefix = "p" + Long.toHexString(System.nanoTime());
        Map<String, String> env = new HashMap<>(project.environment());
        TestDatabase.Fresh sample = database.fresh(directory); // the server, and the form of its URL
        projects.afterTest(() -> database.drop(sample));
        env.put("KOLDY_TENANTS_URL", sample.url().replace(sample.name(), "{tenant}"));
        List<String> names = List.of(prefix + "_one", prefix + "_two");
        for (String name : names) {
            makeTenant(database, sample, name);
        }
        tenantMigration(1700000001, "Accounts", "CREATE TABLE accounts (id integer PRIMARY KEY);");

        env.put("KOLDY_TENANTS_PATTERN", prefix + "\\_%");
        Result result = Launcher.run(project.root(), env, "migrate", "--tenants");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Tenants: 2, 2 at a time\n"), result.toString());
        assertTrue(result.out().contains(": 2 migrated (2 migrations), 0 up to date, 0 failed\n"), result.toString());

        if (database != TestDatabase.SQLITE) {
            env.put("KOLDY_TENANTS_PATTERN", database == TestDatabase.POSTGRES ? "pg%" : "%schema");
            Result system = Launcher.run(project.root(), env, "status", "--tenants");
            assertEquals(0, system.exitCode(), system.toString());
            assertTrue(system.out().contains("Tenants: 0, 1 at a time\n"), "none of the server's own: " + system);
        }
    }

    /** A schema, database or SQLite file of this name, beside the sample, dropped after the test. */
    private void makeTenant(TestDatabase database, TestDatabase.Fresh sample, String name) throws Exception {
        switch (database) {
            case SQLITE -> Files.createFile(Path.of(sample.url().substring("jdbc:sqlite:".length())
                    .replace(sample.name(), name)));
            case POSTGRES -> {
                TestProject.at(directory, database.serverUrl()).execute("CREATE SCHEMA " + name);
                projects.afterTest(() -> TestProject.at(directory, database.serverUrl())
                        .execute("DROP SCHEMA IF EXISTS " + name + " CASCADE"));
            }
            case MYSQL -> {
                TestProject.at(directory, database.serverUrl()).execute("CREATE DATABASE " + name);
                projects.afterTest(() -> TestProject.at(directory, database.serverUrl())
                        .execute("DROP DATABASE IF EXISTS " + name));
            }
        }
    }

    /** A tenants option on its own, or tenants asked for where none are configured: one line, exit 2, nothing run. */
    @org.junit.jupiter.api.Test
    void tenantOptionsMisusedSayWhatIsWrongInOneLine() throws Exception {
        setUp(TestDatabase.SQLITE, 0);
        Result alone = Launcher.run(project.root(), project.environment(), "migrate", "--parallel", "2");
        assertEquals(2, alone.exitCode(), alone.toString());
        assertEquals("", alone.out(), "refused before anything is said: " + alone);
        assertEquals("Error: --parallel goes with --tenants.\n", alone.err());

        Result none = Launcher.run(project.root(), project.environment(), "status", "--tenants");
        assertEquals(2, none.exitCode(), none.toString());
        assertTrue(none.err().startsWith("Error: No tenants are configured: set tenants.url"), none.toString());
        assertEquals(1, none.err().lines().count(), none.toString());
    }

    /** --fail-fast stops at the first failed tenant; the JSON says which tenants were not started. */
    @org.junit.jupiter.api.Test
    void failFastLeavesTheRestNotStarted() throws Exception {
        setUp(TestDatabase.SQLITE, 0);
        Files.writeString(directory.resolve("broken.sqlite"), "not a database");
        Map<String, String> env = new HashMap<>(project.environment());
        env.put("KOLDY_TENANTS_URL", "jdbc:sqlite:" + directory.resolve("{tenant}.sqlite"));
        env.put("KOLDY_TENANTS_LIST", "broken,fine");

        Result status = Launcher.run(project.root(), env, "status", "--tenants", "--json", "--fail-fast", "--parallel", "1");

        assertEquals(2, status.exitCode(), status.toString());
        assertTrue(status.out().contains("\"tenant\": \"broken\",\n      \"state\": \"failed\""), status.toString());
        assertTrue(status.out().contains("\"tenant\": \"fine\",\n      \"state\": \"not-started\""), status.toString());
    }

    /**
     * A tenant's migration that ends the process (System.exit(0)) while tenants run in parallel is
     * that migration's failure, even after another tenant's run has finished: the exit guard knows
     * every migration in flight, not the last one begun.
     */
    @org.junit.jupiter.api.Test
    void systemExitInOneTenantWhileAnotherFinishedIsNotASuccess() throws Exception {
        List<String> names = setUp(TestDatabase.SQLITE, 2);
        Path otherStarted = directory.resolve("other-started");
        Files.writeString(project.root().resolve("application/tenant-migrations/1700000001_Exits.java"),
                TestProject.javaSource(1700000001, "Exits",
                        "        String file = String.valueOf(Db.query(\"PRAGMA database_list\").fetchAll().get(0).get(\"file\"));\n"
                        + "        java.nio.file.Path other = java.nio.file.Path.of(\"" + otherStarted + "\");\n"
                        + "        if (!file.endsWith(\"" + names.get(0) + ".sqlite\")) {\n"
                        + "            java.nio.file.Files.createFile(other);\n            return;\n        }\n"
                        + "        for (int i = 0; i < 600 && !java.nio.file.Files.exists(other); i++) {\n"
                        + "            Thread.sleep(100);\n        }\n"
                        + "        Thread.sleep(2000); // the other tenant's run records its migration and ends meanwhile\n"
                        + "        System.exit(0);\n", ""));

        Result result = koldy(names, "migrate", "--tenants", "--parallel", "2");

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("The process was ended while migration 1700000001_Exits was running"),
                result.toString());
        assertTrue(Files.exists(otherStarted), "both tenants ran at once");
        assertEquals(List.of(), history(names.get(0)));
    }

    /** Two deployments at once: each tenant's migrations run exactly once, whichever run takes them. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoRunsAtOnceMigrateEachTenantOnce(TestDatabase database) throws Exception {
        List<String> names = setUp(database, 4);
        tenantMigration(1700000001, "Accounts", "CREATE TABLE accounts (id integer PRIMARY KEY);");
        tenantMigration(1700000002, "FirstAccount", "INSERT INTO accounts (id) VALUES (1);");
        Map<String, String> env = new HashMap<>(project.environment());
        env.put("KOLDY_TENANTS_URL", tenantUrl);
        env.put("KOLDY_TENANTS_LIST", String.join(",", names));

        Launcher.Running one = Launcher.start(project.root(), env, "migrate", "--tenants", "--parallel", "2");
        Launcher.Running two = Launcher.start(project.root(), env, "migrate", "--tenants", "--parallel", "2");
        Result first = one.await();
        Result second = two.await();

        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals(names.size(), migrated(first) + migrated(second), "each tenant migrated by one of them:\n"
                + first + "\n" + second);
        for (String tenant : names) {
            assertEquals(List.of("1700000001_Accounts", "1700000002_FirstAccount"), history(tenant), tenant);
            assertEquals(1, accounts(tenant), tenant);
        }
    }

    /** How many tenants a run's summary says it migrated. */
    private static int migrated(Result run) {
        java.util.regex.Matcher summary = java.util.regex.Pattern.compile(": (\\d+) migrated \\(").matcher(run.out());
        assertTrue(summary.find(), run.toString());
        return Integer.parseInt(summary.group(1));
    }

    /** A tenant migrated by a newer deployment, whose migration this one lacks, is refused alone. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTenantWhoseHistoryIsAheadIsRefusedAndReported(TestDatabase database) throws Exception {
        List<String> names = setUp(database, 3);
        String ahead = names.get(0);
        tenantMigration(1700000001, "Accounts", "CREATE TABLE accounts (id integer PRIMARY KEY);");
        tenantMigration(1700000002, "FirstAccount", "INSERT INTO accounts (id) VALUES (1);");
        Result one = koldy(names, "--tenant", ahead, "migrate");
        assertEquals(0, one.exitCode(), one.toString());
        assertTrue(one.out().contains("Migrated 1700000002_FirstAccount"), one.toString());
        Files.delete(project.root().resolve("application/tenant-migrations/1700000002_FirstAccount.sql"));

        Result all = koldy(names, "migrate", "--tenants");

        assertEquals(3, all.exitCode(), all.toString());
        assertTrue(all.out().contains(": 2 migrated (2 migrations), 0 up to date, 1 failed\n"), all.toString());
        assertTrue(all.err().contains("Tenant " + ahead + " failed: "), all.toString());
        assertTrue(all.err().contains("1700000002_FirstAccount"), all.toString());
        assertEquals(List.of("1700000001_Accounts", "1700000002_FirstAccount"), history(ahead));
        for (String tenant : names.subList(1, 3)) {
            assertEquals(List.of("1700000001_Accounts"), history(tenant), tenant);
        }

        Result status = koldy(names, "status", "--tenants");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains(ahead + "  not up to date: 1 executed, 1 missing\n"), status.toString());
        assertTrue(status.out().contains(": 2 up to date, 1 not up to date, 0 failed\n"), status.toString());
    }
}
