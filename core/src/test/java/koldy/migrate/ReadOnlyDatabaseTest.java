package koldy.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import koldy.MigrateOptions;
import koldy.KoldyException;
import koldy.testing.Projects;
import koldy.testing.TestDatabase;
import koldy.testing.TestProject;

/** A replica or read-only session gets one line saying so, before anything is attempted. */
class ReadOnlyDatabaseTest {

    @TempDir
    Path directory;

    @RegisterExtension
    final Projects projects = new Projects();

    TestProject project;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MYSQL"})
    void aReadOnlyDatabaseIsNamedAsSuchAndNothingIsAttempted(TestDatabase database) {
        project = projects.create(database, directory);
        project.javaMigration(1700000100, "CreateA", List.of("CREATE TABLE a_table (id integer)"),
                List.of("DROP TABLE a_table"));
        project.environment().put("KOLDY_DEFAULT_URL", project.url() + (project.isMySql()
                ? "&sessionVariables=tx_read_only=1" : "&options=-c%20default_transaction_read_only%3Don"));

        KoldyException e = assertThrows(KoldyException.class, () -> project.migrator().migrate(MigrateOptions.defaults()));

        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("The database of connection 'default' ("), e.getMessage());
        assertTrue(e.getMessage().contains(project.isMySql() ? "is read-only: this session's transactions are"
                : "is read-only: its transactions are read-only"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was attempted; point koldy at the primary."), e.getMessage());
        assertFalse(project.tableExists("koldy_migration"));
        assertFalse(project.tableExists("a_table"));
    }
}
