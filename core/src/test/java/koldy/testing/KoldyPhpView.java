package koldy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import koldy.MigrationState;
import koldy.MigrationStatus;
import koldy.Status;

/**
 * The history as Koldy PHP reads it (its {@code Db/Migration/Manager.php}, see
 * shared/koldy-php-compat.md): every row of {@code koldy_migration} is executed, whatever other
 * columns say; the newest is the row with the highest {@code script_timestamp}; rollback takes rows
 * by {@code script_timestamp DESC, script DESC}. koldy must never show it a row koldy does not
 * count as executed, nor hide one that koldy does.
 */
public final class KoldyPhpView {

    /** The states in which koldy counts a migration as executed (its file may have changed or gone). */
    private static final Set<MigrationState> EXECUTED =
            EnumSet.of(MigrationState.EXECUTED, MigrationState.CHANGED, MigrationState.MISSING);

    private final TestProject project;

    public KoldyPhpView(TestProject project) {
        this.project = project;
    }

    /** The scripts Koldy PHP takes for executed, sorted by name. */
    public List<String> executed() {
        if (!project.tableExists("koldy_migration")) {
            return List.of();
        }
        return project.strings("SELECT script FROM koldy_migration ORDER BY script");
    }

    /** The rows Koldy PHP's rollback would take, first to last. */
    public List<String> rollbackOrder() {
        return project.strings("SELECT script FROM koldy_migration ORDER BY script_timestamp DESC, script DESC");
    }

    /**
     * Asserts that Koldy PHP and koldy (its {@code status}) agree on what is executed. Koldy PHP
     * knows only {@code koldy_migration} on the default connection; elsewhere there is nothing to compare.
     */
    public void assertAgreesWith(Status koldy) {
        koldy.config.Config config = project.config();
        if (!config.historyTable().equals("koldy_migration")
                || !config.historyConnection().equals(config.defaultConnection().name())) {
            return;
        }
        List<MigrationStatus> koldyExecuted = koldy.migrations().stream().filter(m -> EXECUTED.contains(m.state()))
                .toList();
        List<String> executed = executed();
        assertEquals(koldyExecuted.stream().map(MigrationStatus::script).sorted().toList(), executed,
                "Koldy PHP reads as executed exactly what koldy does");
        assertEquals(koldy.migrations().stream().filter(m -> m.file() != null && !EXECUTED.contains(m.state()))
                .map(MigrationStatus::script).sorted().toList(), koldy.migrations().stream()
                .filter(m -> m.file() != null && !executed.contains(m.script())).map(MigrationStatus::script)
                .sorted().toList(), "Koldy PHP's pending (a file without a row) is what koldy has not executed");
        assertEquals(koldyExecuted.stream().map(m -> Long.toString(m.timestamp())).max(
                java.util.Comparator.comparingLong(Long::parseLong)).orElse(null), newest(),
                "Koldy PHP's newest migration, which decides what it skips, is koldy's newest executed one");
    }

    /** The highest {@code script_timestamp}: Koldy PHP skips pending files older than it. */
    public String newest() {
        if (!project.tableExists("koldy_migration")) {
            return null;
        }
        return project.strings("SELECT max(script_timestamp) FROM koldy_migration").get(0);
    }

    /** Asserts the agreement for the project's current state. */
    public static void assertAgree(TestProject project) {
        new KoldyPhpView(project).assertAgreesWith(project.migrator().status());
    }
}
