package koldy.migrate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import koldy.Advice;
import koldy.HistoryRow;
import koldy.KoldyException;
import koldy.KoldyException.Reason;
import koldy.MigrateOptions;
import koldy.MigrationFile;
import koldy.MigrationState;
import koldy.MigrationStatus;
import koldy.RollbackOptions;
import koldy.RunEvent;
import koldy.RunListener;
import koldy.Status;
import koldy.config.Config;
import koldy.load.Executable;

/**
 * What an operation will do, decided from the files and the history alone: no database, no
 * side effects. Every refusal (out of order, changed or missing files, a previous run that failed
 * half way) is decided here, before anything runs; what the user should hear of a decision
 * (nothing to do, or not quite what was asked) comes back with it, for the caller to tell.
 */
final class Plan {

    private final Config config;
    private final Advice advice;

    Plan(Config config, Advice advice) {
        this.advice = advice;
        this.config = config;
    }

    /** What a plan chose, and the notes that go with it (none, usually). */
    record Decided<T>(T chosen, List<RunEvent.Note> notes) {

        Decided(T chosen, RunEvent.Note... notes) {
            this(chosen, List.of(notes));
        }

        /** Tells the notes, and gives what was chosen. */
        T tell(RunListener listener) {
            notes.forEach(listener::on);
            return chosen;
        }
    }

    private static RunEvent.Note note(String line) {
        return new RunEvent.Note(line, false);
    }

    /** The pending migrations a migrate runs, in timestamp order; refuses when it must. */
    Decided<List<MigrationFile>> migrate(Status status, MigrateOptions options) {
        refuseIfTampered(status);
        List<MigrationFile> toRun = status.notExecuted().stream()
                .filter(f -> options.to() == null || f.timestamp() <= options.to()).toList();
        List<String> outOfOrder = status.in(MigrationState.OUT_OF_ORDER).stream()
                .filter(m -> toRun.contains(m.file())).map(MigrationStatus::script).toList();
        if (!outOfOrder.isEmpty() && !options.force()) {
            throw KoldyException.refused(Reason.OUT_OF_ORDER, "Refusing to migrate: " + outOfOrder.size()
                    + " pending migration"
                    + plural(outOfOrder.size()) + " older than the newest executed one ("
                    + newestExecuted(status) + "), typical after a branch merge:\n  "
                    + String.join("\n  ", outOfOrder)
                    + "\nNothing was run. If running them now, after the newer ones, is safe,"
                    + " " + advice.force());
        }
        if (toRun.isEmpty()) {
            return new Decided<>(List.of(), note("Nothing to migrate: " + (status.migrations().isEmpty()
                    ? "there are no migrations in " + config.display(config.migrationsDirectory()) + "."
                    : status.notExecuted().isEmpty() ? allExecuted(status.migrations().size())
                    : "no pending migration up to " + options.to() + ".")));
        }
        if (!outOfOrder.isEmpty()) {
            return new Decided<>(toRun, new RunEvent.Note("Forced: running " + outOfOrder.size()
                    + " out-of-order migration" + plural(outOfOrder.size()) + " in timestamp order.", true));
        }
        return new Decided<>(toRun);
    }

    /**
     * The executed migrations a rollback reverts, newest <em>execution</em> first: the last
     * {@code steps}, or all after timestamp {@code to}. Refuses when one cannot be reverted as it ran.
     */
    Decided<List<MigrationFile>> rollback(List<MigrationFile> files, List<HistoryRow> rows, RollbackOptions options) {
        refuseIfFailed(Reconciliation.of(files, rows), "roll back");
        List<RunEvent.Note> notes = new ArrayList<>();
        List<HistoryRow> candidates;
        if (options.to() != null) {
            candidates = new ArrayList<>(rows.stream().filter(r -> r.timestamp() > options.to()).toList());
            Collections.reverse(candidates);
        } else {
            candidates = new ArrayList<>(rows.subList(Math.max(0, rows.size() - options.steps()), rows.size()));
            Collections.reverse(candidates);
            if (!rows.isEmpty() && options.steps() > rows.size()) {
                notes.add(note("Only " + rows.size() + " migration" + (rows.size() == 1 ? " is" : "s are")
                        + " executed; rolling back all of them."));
            }
        }
        if (candidates.isEmpty()) {
            notes.add(note("Nothing to roll back: " + (rows.isEmpty() ? "no migration has been executed."
                    : "no executed migration is newer than " + options.to() + ".")));
            return new Decided<>(List.of(), notes);
        }
        Map<String, MigrationFile> fileByScript = new HashMap<>();
        files.forEach(f -> fileByScript.put(f.script(), f));
        List<MigrationFile> reverting = new ArrayList<>();
        for (HistoryRow row : candidates) {
            MigrationFile file = fileByScript.get(row.script());
            if (file == null) {
                throw KoldyException.refused(Reason.CHANGED_OR_MISSING, "Cannot roll back " + row.script()
                        + ": its file is missing from "
                        + config.display(config.migrationsDirectory()) + ". Nothing was rolled back."
                        + " Restore the file, or run " + advice.repair() + " to forget it.");
            }
            if (row.checksum() != null && !row.checksum().equals(file.checksum())) {
                if (!options.force()) {
                    throw KoldyException.refused(Reason.CHANGED_OR_MISSING, "Cannot roll back " + row.script()
                            + ": " + config.display(file) + " has changed since it was executed, so its down()"
                            + " may not undo what ran. Nothing was rolled back. Revert the file, or accept it"
                            + " with " + advice.repair() + ". While you are writing it, " + advice.undoChanged()
                            + " rolls it back with the down() it has now and applies it again.");
                }
                notes.add(new RunEvent.Note(row.script() + " has changed since it was executed; forced: rolling"
                        + " it back with the down() its file has now.", true));
            }
            reverting.add(file);
        }
        return new Decided<>(reverting, notes);
    }

    /** Refuses a migrate, before anything runs, that would record a migration not written yet as done. */
    List<Executable> written(List<Executable> applying) {
        for (Executable migration : applying) {
            String why = migration.unwritten();
            if (why != null) {
                throw KoldyException.refused(Reason.NOT_WRITTEN, "Cannot migrate " + migration.file().script() + ": "
                        + config.display(migration.file()) + ": " + why + ". Nothing was run.");
            }
        }
        return applying;
    }

    /** Refuses a rollback, before anything runs, that would forget a migration its down() cannot undo. */
    static List<Executable> reversible(List<Executable> reverting) {
        for (Executable migration : reverting) {
            if (!migration.reversible()) {
                String script = migration.file().script();
                throw KoldyException.refused(Reason.NOT_REVERSIBLE, "Cannot roll back " + script
                        + ": its file has no statements after"
                        + " '-- koldy:down', so rolling it back would forget it while its changes stay. Nothing was"
                        + " rolled back. Write the statements that undo it, or, if undoing nothing is right, say so"
                        + " with the line '-- koldy:down empty'.");
            }
        }
        return reverting;
    }

    /** The pending migrations up to {@code timestamp} that a baseline records without running. */
    Decided<List<MigrationFile>> baseline(Status status, long timestamp) {
        refuseIfFailed(status, "baseline");
        List<MigrationFile> adopted = status.notExecuted().stream().filter(f -> f.timestamp() <= timestamp).toList();
        return adopted.isEmpty() ? new Decided<>(adopted, note("Nothing to baseline: no pending migration has a"
                + " timestamp up to " + timestamp + ".")) : new Decided<>(adopted);
    }

    /**
     * What a repair changes, one line per change, in the order it makes them. An executed
     * migration whose file is gone is forgotten only when named in {@code forget}: run from the
     * wrong directory, every file looks gone, and forgetting them all would apply them again.
     *
     * @param where where the migrations were looked for, for the message that refuses
     */
    Decided<List<String>> repair(Status status, Set<String> forget, String where) {
        List<String> missing = status.in(MigrationState.MISSING).stream().map(MigrationStatus::script).toList();
        for (String script : forget) {
            if (!missing.contains(script)) {
                throw KoldyException.refused(Reason.CHANGED_OR_MISSING, "Refusing to forget " + script + ": "
                        + status.migrations().stream()
                        .filter(m -> m.script().equals(script)).findFirst()
                        .map(m -> "it is " + m.state().label() + "; only an executed migration whose file is gone"
                                + " can be forgotten.")
                        .orElse("no migration has that name.") + " Nothing was changed.");
            }
        }
        List<String> unnamed = missing.stream().filter(script -> !forget.contains(script)).toList();
        if (!unnamed.isEmpty()) {
            long executed = status.migrations().stream().filter(m -> m.row() != null && !m.row().failed()).count();
            String what = unnamed.size() == executed
                    ? "none of the " + executed + " executed migration" + plural(executed) + " has a file in " + where
                    + ". Is this the project whose database this is? "
                    : unnamed.size() + " executed migration" + plural(unnamed.size()) + (unnamed.size() == 1 ? " has"
                    : " have") + " no file in " + where + ": " + String.join(", ", unnamed) + ". ";
            throw KoldyException.refused(Reason.CHANGED_OR_MISSING, "Refusing to repair: " + what + "Repair forgets"
                    + " an executed migration only when it is named; if the file" + plural(unnamed.size())
                    + " were deleted on purpose, run: " + advice.forgetting(unnamed) + ". Nothing was changed.");
        }
        List<String> changes = new ArrayList<>();
        for (MigrationStatus m : status.in(MigrationState.CHANGED)) {
            changes.add("accept the changed content of " + config.display(m.file())
                    + " (record checksum " + m.file().checksum().substring(0, 12) + "…)");
        }
        for (MigrationStatus m : status.in(MigrationState.MISSING)) {
            changes.add("forget executed migration " + m.script() + ", whose file is gone");
        }
        for (MigrationStatus m : status.in(MigrationState.FAILED)) {
            changes.add("clear the record of " + m.script() + " (" + m.row().failureDescription() + "); it will"
                    + (m.row().failedReverting() ? " count as executed again" : " be pending again"));
        }
        return changes.isEmpty() ? new Decided<>(changes, note("Nothing to repair.")) : new Decided<>(changes);
    }

    private void refuseIfTampered(Status status) {
        refuseIfFailed(status, "migrate");
        List<MigrationStatus> tampered = status.in(MigrationState.CHANGED, MigrationState.MISSING);
        if (tampered.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("Refusing to migrate: executed migrations no longer match"
                + " their files:");
        for (MigrationStatus m : tampered) {
            message.append("\n  ").append(m.script()).append(m.state() == MigrationState.CHANGED
                    ? ": " + config.display(m.file()) + " changed since it was executed"
                    : ": its file is missing");
        }
        message.append("\nNothing was run. Restore the files, or accept them as they are with: " + advice.repair());
        List<String> missing = tampered.stream().filter(m -> m.state() == MigrationState.MISSING)
                .map(MigrationStatus::script).toList();
        if (!missing.isEmpty()) {
            message.append(" (if the missing files were deleted on purpose: ").append(advice.forgetting(missing))
                    .append(")");
        }
        throw KoldyException.refused(Reason.CHANGED_OR_MISSING, message.toString());
    }

    private void refuseIfFailed(Status status, String command) {
        List<MigrationStatus> failed = status.in(MigrationState.FAILED);
        if (failed.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("Refusing to " + command + ": a previous run did not complete,"
                + " and the database may hold part of it:");
        for (MigrationStatus m : failed) {
            message.append("\n  ").append(m.script()).append(": ").append(m.row().failureDescription());
        }
        message.append("\nNothing was run. Check the database: undo what a failed migration did (or finish what a")
                .append(" failed rollback started), then run ").append(advice.repair()).append(" to clear the record.")
                .append(" Run ").append(advice.status()).append(" to see it again.");
        throw KoldyException.refused(Reason.PREVIOUS_RUN_FAILED, message.toString());
    }

    private static String newestExecuted(Status status) {
        return status.migrations().stream().filter(m -> m.row() != null)
                .max(Comparator.comparingLong(MigrationStatus::timestamp))
                .map(MigrationStatus::script).orElse("none");
    }

    /** "all 3 migrations are executed.", "the 1 migration is executed." */
    static String allExecuted(int migrations) {
        return migrations == 1 ? "the 1 migration is executed." : "all " + migrations + " migrations are executed.";
    }

    static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
