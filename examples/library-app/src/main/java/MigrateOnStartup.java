import java.nio.file.Path;
import java.util.List;

import koldy.Applied;
import koldy.KoldyException;
import koldy.library.Koldy;

public class MigrateOnStartup {
    public static void main(String[] args) {
        try (Koldy koldy = Koldy.configure()
                .connection("default", "jdbc:sqlite:app.sqlite", null, null) // or .dataSource(yourPool)
                .migrationsDirectory(Path.of("db/migrations"))  // <ts>_<Name>.sql or .java files
                .build()) {
            List<Applied> applied = koldy.migrate();
            System.out.println("Applied " + applied.size() + " migration(s)");
        } catch (KoldyException e) {
            // e.reason(): MIGRATION_FAILED, OUT_OF_ORDER, LOCK_TIMEOUT, ... (see Exit codes);
            // e.applied(): the migrations this run applied before it stopped
            System.err.println(e.getMessage());
            System.exit(e.exitCode()); // 1 a migration failed, 2 configuration, 3 refused
        }
    }
}
