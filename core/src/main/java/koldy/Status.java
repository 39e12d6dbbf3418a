package koldy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The files of a project held against its history table: what is executed, pending, changed or missing. */
public record Status(List<MigrationStatus> migrations) {

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
}
