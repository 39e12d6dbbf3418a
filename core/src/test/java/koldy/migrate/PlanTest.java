package koldy.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import koldy.HistoryRow;
import koldy.Advice;
import koldy.KoldyException;
import koldy.RunEvent;
import koldy.MigrateOptions;
import koldy.MigrationFile;
import koldy.RollbackOptions;
import koldy.RunState;
import koldy.Status;
import koldy.config.Config;

/** Planning is pure: files and history rows in, what to run (or a refusal) out. No database. */
class PlanTest {

    private static final Path ROOT = Path.of("/project");
    /** What the plan said, as events: decisions to do nothing, and warnings. */
    private final List<RunEvent> said = new ArrayList<>();
    private final Plan plan = new Plan(new Config(ROOT, List.of(), "default",
            ROOT.resolve("application/migrations"), "koldy_migration"), Advice.COMMAND_LINE);

    /** The plan's decisions, with their notes kept in {@link #said}. */
    private List<MigrationFile> migrate(Status status, MigrateOptions options) {
        return plan.migrate(status, options).tell(said::add);
    }

    private List<MigrationFile> rollback(List<MigrationFile> files, List<HistoryRow> rows, RollbackOptions options) {
        return plan.rollback(files, rows, options).tell(said::add);
    }

    private List<String> repair(Status status, java.util.Set<String> forget, String where) {
        return plan.repair(status, forget, where).tell(said::add);
    }

    private List<MigrationFile> baseline(Status status, long timestamp) {
        return plan.baseline(status, timestamp).tell(said::add);
    }

    @org.junit.jupiter.api.Test
    void aDecisionComesBackWithWhatToSayAndNothingIsSaidWhileDeciding() {
        List<MigrationFile> files = List.of(file(100, "a"));
        Plan.Decided<List<MigrationFile>> decided = plan.migrate(Reconciliation.of(files, List.of(row(1, 100, "a", null))),
                MigrateOptions.defaults());
        assertEquals(List.of(), decided.chosen());
        assertEquals(List.of(new RunEvent.Note("Nothing to migrate: the 1 migration is executed.", false)),
                decided.notes());
        assertEquals(List.of(), said, "a plan tells no one: its caller does");
    }

    private static MigrationFile file(long timestamp, String checksum) {
        return new MigrationFile(timestamp, "M" + timestamp, ROOT.resolve("application/migrations/" + timestamp
                + "_M" + timestamp + ".sql"), sha(checksum), MigrationFile.Kind.SQL);
    }

    /** A SHA-256-shaped checksum, different for each word. */
    private static String sha(String word) {
        return word == null ? null : (word + "0".repeat(64)).substring(0, 64);
    }

    private static HistoryRow row(long id, long timestamp, String checksum, RunState state) {
        return new HistoryRow(id, timestamp + "_M" + timestamp, timestamp, "2026-01-01 00:00:00", 0, sha(checksum), state,
                null);
    }

    private static List<String> scripts(List<MigrationFile> files) {
        return files.stream().map(MigrationFile::script).toList();
    }

    @Test
    void migrateRunsPendingInTimestampOrderUpToTheTarget() {
        List<MigrationFile> files = List.of(file(300, "c"), file(100, "a"), file(200, "b"));
        Status status = Reconciliation.of(files, List.of(row(1, 100, "a", null)));
        assertEquals(List.of("200_M200", "300_M300"), scripts(migrate(status, MigrateOptions.defaults())));
        assertEquals(List.of("200_M200"), scripts(migrate(status, MigrateOptions.defaults().upTo(200))));
        assertEquals(List.of(), migrate(Reconciliation.of(files.subList(1, 2), List.of(row(1, 100, "a", null))),
                MigrateOptions.defaults()));
    }

    @Test
    void outOfOrderIsRefusedUnlessForced() {
        List<MigrationFile> files = List.of(file(100, "a"), file(200, "b"));
        Status status = Reconciliation.of(files, List.of(row(1, 200, "b", null)));
        KoldyException refused = assertThrows(KoldyException.class,
                () -> migrate(status, MigrateOptions.defaults()));
        assertEquals(KoldyException.REFUSED, refused.exitCode());
        assertTrue(refused.getMessage().startsWith("Refusing to migrate: 1 pending migration older than the newest"
                + " executed one (200_M200)"), refused.getMessage());
        assertEquals(List.of("100_M100"), scripts(migrate(status, MigrateOptions.defaults().withForce())));
    }

    @Test
    void changedMissingAndFailedRefuseAMigrate() {
        List<MigrationFile> files = List.of(file(100, "changed"), file(300, "c"));
        KoldyException tampered = assertThrows(KoldyException.class, () -> migrate(Reconciliation.of(files,
                List.of(row(1, 100, "a", null), row(2, 200, "b", null))), MigrateOptions.defaults()));
        assertTrue(tampered.getMessage().contains("100_M100: application/migrations/100_M100.sql changed since it"
                + " was executed\n  200_M200: its file is missing"), tampered.getMessage());
        KoldyException failed = assertThrows(KoldyException.class, () -> migrate(Reconciliation.of(files,
                List.of(row(1, 100, "changed", RunState.FAILED))), MigrateOptions.defaults()));
        assertTrue(failed.getMessage().startsWith("Refusing to migrate: a previous run did not complete"),
                failed.getMessage());
    }

    @Test
    void rollbackFollowsExecutionOrderAndRefusesWhatItCannotRevert() {
        List<MigrationFile> files = List.of(file(100, "a"), file(200, "b"), file(300, "c"));
        // 100 was forced in after 300: it comes off first
        List<HistoryRow> rows = List.of(row(1, 200, "b", null), row(2, 300, "c", null), row(3, 100, "a", null));
        assertEquals(List.of("100_M100", "300_M300"), scripts(rollback(files, rows, RollbackOptions.steps(2))));
        assertEquals(List.of("100_M100", "300_M300", "200_M200"), scripts(rollback(files, rows,
                RollbackOptions.steps(9))));
        assertEquals(List.of("300_M300"), scripts(rollback(files, rows, new RollbackOptions(null, 200L, false))));
        KoldyException changed = assertThrows(KoldyException.class, () -> rollback(files,
                List.of(row(1, 100, "other", null)), RollbackOptions.steps(1)));
        assertTrue(changed.getMessage().startsWith("Cannot roll back 100_M100: application/migrations/100_M100.sql"
                + " has changed"), changed.getMessage());
        KoldyException missing = assertThrows(KoldyException.class, () -> rollback(files.subList(1, 3),
                List.of(row(1, 100, "a", null)), RollbackOptions.steps(1)));
        assertTrue(missing.getMessage().startsWith("Cannot roll back 100_M100: its file is missing"),
                missing.getMessage());
    }

    @Test
    void baselineAndRepairSayWhatTheyWillDo() {
        List<MigrationFile> files = List.of(file(100, "a"), file(200, "b"), file(300, "c"));
        assertEquals(List.of("100_M100", "200_M200"), scripts(baseline(Reconciliation.of(files, List.of()), 200)));
        Status status = Reconciliation.of(files.subList(0, 2), List.of(row(1, 100, "old", null),
                row(2, 200, "b", RunState.FAILED), row(3, 400, null, null)));
        KoldyException unnamed = assertThrows(KoldyException.class, () -> repair(status, Set.of(), "here"));
        assertEquals("Refusing to repair: 1 executed migration has no file in here: 400_M400. Repair forgets an"
                + " executed migration only when it is named; if the file were deleted on purpose, run: koldy repair"
                + " --forget 400_M400. Nothing was changed.", unnamed.getMessage());
        List<String> changes = repair(status, Set.of("400_M400"), "here");
        assertEquals(3, changes.size(), changes.toString());
        assertTrue(changes.get(0).startsWith("accept the changed content of application/migrations/100_M100.sql"));
        assertEquals("forget executed migration 400_M400, whose file is gone", changes.get(1));
        assertTrue(changes.get(2).startsWith("clear the record of 200_M200 ("), changes.get(2));
        assertEquals(List.of(), repair(Reconciliation.of(files, List.of()), Set.of(), "here"));
        assertEquals(new RunEvent.Note("Nothing to repair.", false), said.get(said.size() - 1));
    }
}
