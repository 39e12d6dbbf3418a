package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;
import koldy.testing.Launcher.Running;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/** Many replicas starting koldy at the same moment: every migration applied exactly once. */
class ConcurrencyIT {

    private static final int PROCESSES = 8;
    private static final int MIGRATIONS = 50;
    private static final Pattern MIGRATED = Pattern.compile("Migrated (\\S+) ");

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    TestProject project;

    private List<Result> together(String[]... commands) {
        List<Running> running = new ArrayList<>();
        for (String[] args : commands) {
            running.add(Launcher.start(project.root(), project.environment(), args));
        }
        return running.stream().map(Running::await).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void eightMigratesApplyEachMigrationExactlyOnce(TestDatabase database) {
        project = projects.create(database, directory);
        for (int i = 1; i <= MIGRATIONS; i++) {
            project.javaMigration(1700000000L + i, "Table" + i, List.of("CREATE TABLE t_" + i + " (id integer)"),
                    List.of("DROP TABLE t_" + i));
        }
        String[][] commands = new String[PROCESSES][];
        for (int i = 0; i < PROCESSES; i++) {
            commands[i] = new String[] {"migrate", "--lock-timeout", "120"};
        }

        List<Result> results = together(commands);

        List<String> applied = new ArrayList<>();
        for (Result r : results) {
            assertEquals(0, r.exitCode(), r.toString());
            Matcher m = MIGRATED.matcher(r.out());
            while (m.find()) {
                applied.add(m.group(1));
            }
        }
        assertEquals(MIGRATIONS, applied.size(), "each migration ran once across all processes: " + applied);
        assertEquals(MIGRATIONS, new HashSet<>(applied).size());
        assertEquals(MIGRATIONS, project.history().size());
        assertEquals(MIGRATIONS, new HashSet<>(project.history()).size());
        for (int i = 1; i <= MIGRATIONS; i++) {
            assertTrue(project.tableExists("t_" + i), "t_" + i);
        }

        // migrate racing rollback: whole runs serialise, so history and schema always agree
        List<Result> race = together(new String[] {"rollback", "50", "--lock-timeout", "120"},
                new String[] {"migrate", "--lock-timeout", "120"},
                new String[] {"rollback", "50", "--lock-timeout", "120"},
                new String[] {"migrate", "--lock-timeout", "120"});
        race.forEach(r -> assertEquals(0, r.exitCode(), r.toString()));
        int rows = project.history().size();
        assertTrue(rows == 0 || rows == MIGRATIONS, "all or nothing, never a mix: " + rows);
        for (int i = 1; i <= MIGRATIONS; i++) {
            assertEquals(rows == MIGRATIONS, project.tableExists("t_" + i), "t_" + i + " agrees with the history");
        }
    }
}
