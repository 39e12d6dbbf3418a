package koldy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The files of a project held against its history table: what is executed, pending, changed or missing.
 *
 * @param liveRun the run holding the run lock as the status was read, when a migration it started
 *                is {@link MigrationState#RUNNING}; null otherwise
 */
public record Status(List<MigrationStatus> migrations, String liveRun) {

    public Status(List<MigrationStatus> migrations) {
        this(migrations, null);
    }

    public List<MigrationStatus> in(MigrationState first, MigrationState... rest) {
        EnumSet<MigrationState> states = EnumSet.of(first, rest);
        return migrations.stream().filter(m -> states.contains(m.state())).toList();
    }

    /** Every migration that is not executed yet, in timestamp order. */
    public List<MigrationFile> notExecuted() {
        return in(MigrationState.PENDING, MigrationState.OUT_OF_ORDER).stream().map(MigrationStatus::file).toList();
    }

    /** Whether every migration is executed with its file unchanged: nothing to run, nothing to fix. */
    public boolean upToDate() {
        return count(MigrationState.EXECUTED) == migrations.size();
    }

    public long count(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).count();
    }

    /**
     * The status table as {@code koldy status} prints it: a row per migration, the counts, and
     * what to do about failed runs, worded by {@code advice}.
     */
    public List<String> describe(Advice advice) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STATE", "TIMESTAMP", "MIGRATION", "EXECUTED AT (UTC)", "DURATION"});
        for (MigrationStatus m : migrations) {
            rows.add(new String[] {m.state().label(), Long.toString(m.timestamp()), m.script(),
                    m.row() == null ? "-" : m.row().executedAt(),
                    m.row() == null ? "-" : m.row().durationSeconds() + " s"});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] + 2 - row[i].length()));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        List<String> counts = new ArrayList<>();
        for (MigrationState state : MigrationState.values()) {
            long n = count(state);
            if (n > 0) {
                counts.add(n + " " + state.label());
            }
        }
        lines.add(counts.isEmpty() ? "No migrations." : String.join(", ", counts));
        for (MigrationStatus m : in(MigrationState.RUNNING)) {
            lines.add(m.script() + ": " + (m.row().failedReverting() ? "its rollback" : "it") + " is running now, in the"
                    + " run of " + liveRun + " (which holds the migration lock); wait for that run to finish");
        }
        for (MigrationStatus m : in(MigrationState.FAILED)) {
            lines.add(m.script() + ": " + m.row().failureDescription());
        }
        if (count(MigrationState.FAILED) > 0) {
            lines.add("Make the database consistent by hand, then run: " + advice.repair());
        }
        return lines;
    }

    /**
     * The status as a document of plain values (maps, lists, strings, numbers), as
     * {@code koldy status --json} prints it and the Spring Boot actuator endpoint serves it; its
     * fields are documented in the README.
     *
     * @param shownFile how a migration's file is named (a path under the project root, say)
     */
    public Map<String, Object> document(java.util.function.Function<MigrationFile, String> shownFile) {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        for (MigrationState state : MigrationState.values()) {
            summary.put(state.label().replace('-', '_'), count(state));
        }
        List<Object> entries = new ArrayList<>();
        for (MigrationStatus m : migrations) {
            Map<String, Object> entry = new java.util.LinkedHashMap<>();
            entry.put("script", m.script());
            entry.put("timestamp", m.timestamp());
            entry.put("state", m.state().label());
            entry.put("type", m.file() == null ? null : m.file().kind().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("file", m.file() == null ? null : shownFile.apply(m.file()));
            entry.put("executed_at", m.row() == null || m.row().executedAt() == null ? null
                    : m.row().executedAt().replace(' ', 'T') + "Z");
            entry.put("duration_seconds", m.row() == null ? null : m.row().durationSeconds());
            entry.put("checksum", m.file() == null ? null : m.file().checksum());
            entry.put("recorded_checksum", m.row() == null ? null : m.row().checksum());
            entry.put("error", m.state() == MigrationState.FAILED ? m.row().failureDescription() : null);
            entry.put("running_in", m.state() == MigrationState.RUNNING ? liveRun : null);
            entries.add(entry);
        }
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("up_to_date", upToDate());
        document.put("summary", summary);
        document.put("migrations", entries);
        return document;
    }
}
