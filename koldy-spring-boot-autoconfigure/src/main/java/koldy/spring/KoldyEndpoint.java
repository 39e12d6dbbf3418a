package koldy.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import koldy.MigrationStatus;
import koldy.Status;
import koldy.library.Koldy;

/** {@code /actuator/koldy}: every migration's state, as {@code koldy status --json} gives it. Reads only. */
@Endpoint(id = "koldy")
public class KoldyEndpoint {

    private final Koldy koldy;

    public KoldyEndpoint(Koldy koldy) {
        this.koldy = koldy;
    }

    @ReadOperation
    public Map<String, Object> status() {
        Status status = koldy.status();
        List<Map<String, Object>> migrations = new ArrayList<>();
        for (MigrationStatus m : status.migrations()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("script", m.script());
            entry.put("timestamp", m.timestamp());
            entry.put("state", m.state().label());
            entry.put("type", m.file() == null ? null : m.file().kind().name().toLowerCase(Locale.ROOT));
            entry.put("executed_at", m.row() == null || m.row().executedAt() == null ? null
                    : m.row().executedAt().replace(' ', 'T') + "Z");
            entry.put("duration_seconds", m.row() == null ? null : m.row().durationSeconds());
            migrations.add(entry);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("up_to_date", status.upToDate());
        document.put("migrations", migrations);
        return document;
    }
}
