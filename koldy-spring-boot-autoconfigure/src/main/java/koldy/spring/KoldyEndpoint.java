package koldy.spring;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import koldy.MigrationFile;
import koldy.library.Koldy;

/** {@code /actuator/koldy}: every migration's state, the document {@code koldy status --json} prints. Reads only. */
@Endpoint(id = "koldy")
public class KoldyEndpoint {

    private final Koldy koldy;

    public KoldyEndpoint(Koldy koldy) {
        this.koldy = koldy;
    }

    @ReadOperation
    public Map<String, Object> status() {
        return koldy.status().document(KoldyEndpoint::shown);
    }

    private static String shown(MigrationFile file) {
        return file.onClasspath() ? file.classpathLocation() : file.path().toString();
    }
}
