package koldy.cli;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.cli.Option;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import koldy.KoldyException;
import koldy.migrate.MigrationState;
import koldy.migrate.MigrationStatus;
import koldy.migrate.Status;

final class StatusCommand implements Command {

    private static final Logger LOG = LogManager.getLogger("koldy");

    @Override
    public String name() {
        return "status";
    }

    @Override
    public List<String> aliases() {
        return List.of("list");
    }

    @Override
    public String synopsis() {
        return "status";
    }

    @Override
    public String summary() {
        return "show every migration: executed, pending, out-of-order, changed or missing";
    }

    @Override
    public String details() {
        return """
                States:
                  executed      ran, and its file is unchanged
                  pending       not run yet; migrate will run it
                  out-of-order  not run, older than the newest executed one; needs migrate --force
                  changed       ran, but its file changed since; migrate refuses until reverted or repaired
                  missing       ran, but its file is gone; migrate refuses until restored or repaired
                  failed        a run that could not be atomic (MySQL DDL) failed or was killed half way;
                                migrate refuses until the database is fixed by hand and repair clears it
                Reads only: it never creates or changes the history table.
                Example:
                  koldy status""";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Invocation invocation) {
        if (!invocation.arguments().isEmpty()) {
            throw KoldyException.usage("status takes no arguments (got: " + String.join(" ", invocation.arguments())
                    + ")");
        }
        Status status = invocation.withMigrator(migrator -> migrator.status());
        for (String line : table(status)) {
            LOG.info(line);
        }
        return 0;
    }

    static List<String> table(Status status) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STATE", "TIMESTAMP", "MIGRATION", "EXECUTED AT (UTC)", "DURATION"});
        for (MigrationStatus m : status.migrations()) {
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
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        List<String> counts = new ArrayList<>();
        for (MigrationState state : MigrationState.values()) {
            long n = status.count(state);
            if (n > 0) {
                counts.add(n + " " + state.label());
            }
        }
        lines.add(counts.isEmpty() ? "No migrations." : String.join(", ", counts));
        for (MigrationStatus m : status.in(MigrationState.FAILED)) {
            lines.add(m.script() + ": " + m.row().failureDescription());
        }
        if (status.count(MigrationState.FAILED) > 0) {
            lines.add("Make the database consistent by hand, then run: koldy repair");
        }
        return lines;
    }
}
