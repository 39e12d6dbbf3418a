package koldy.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import koldy.HistoryRow;
import koldy.MigrationFile;
import koldy.MigrationState;
import koldy.MigrationStatus;
import koldy.Status;

/**
 * The project's migration files held against its history rows: which are executed, pending, out
 * of order, changed, missing or failed. The runner's; a library user receives the {@link Status}.
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    /**
     * {@code status}, read while {@code holder} holds the run lock: the migrations its run started
     * and has not completed are running, not failed (a failed one says so in its record).
     */
    static Status whileRunBy(Status status, String holder) {
        List<MigrationStatus> seen = new ArrayList<>();
        boolean running = false;
        for (MigrationStatus m : status.migrations()) {
            boolean started = m.state() == MigrationState.FAILED && m.row().interrupted();
            running |= started;
            seen.add(started ? new MigrationStatus(m.script(), m.timestamp(), MigrationState.RUNNING, m.file(), m.row())
                    : m);
        }
        return running ? new Status(List.copyOf(seen), holder) : status;
    }

    /** Each file and each history row as one migration's state, in timestamp order. */
    public static Status of(List<MigrationFile> files, List<HistoryRow> rows) {
        Map<String, MigrationFile> fileByScript = new HashMap<>();
        for (MigrationFile file : files) {
            fileByScript.put(file.script(), file);
        }
        Map<String, HistoryRow> rowByScript = new HashMap<>();
        long newestExecuted = Long.MIN_VALUE;
        List<MigrationStatus> result = new ArrayList<>();
        for (HistoryRow row : rows) {
            rowByScript.put(row.script(), row);
            if (!row.failed() || row.failedReverting()) {
                newestExecuted = Math.max(newestExecuted, row.timestamp());
            }
            MigrationFile file = fileByScript.get(row.script());
            MigrationState state = row.failed() ? MigrationState.FAILED
                    : file == null ? MigrationState.MISSING
                    : row.checksum() != null && !row.checksum().equals(file.checksum()) ? MigrationState.CHANGED
                    : MigrationState.EXECUTED;
            result.add(new MigrationStatus(row.script(), row.timestamp(), state, file, row));
        }
        for (MigrationFile file : files) {
            if (!rowByScript.containsKey(file.script())) {
                MigrationState state = file.timestamp() < newestExecuted ? MigrationState.OUT_OF_ORDER
                        : MigrationState.PENDING;
                result.add(new MigrationStatus(file.script(), file.timestamp(), state, file, null));
            }
        }
        result.sort(Comparator.comparingLong(MigrationStatus::timestamp).thenComparing(MigrationStatus::script));
        return new Status(List.copyOf(result));
    }
}
