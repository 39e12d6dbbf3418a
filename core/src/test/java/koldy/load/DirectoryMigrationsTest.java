package koldy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.KoldyException;
import koldy.MigrationFile;

/** A run reads each migration file once, and runs exactly the text whose checksum it checked. */
class DirectoryMigrationsTest {

    @TempDir
    Path root;

    @Test
    void theTextThatRunsIsTheTextThatWasChecksummed() throws Exception {
        Path directory = Files.createDirectories(root.resolve("application/migrations"));
        Path small = Files.writeString(directory.resolve("1700000100_Small.sql"),
                "-- koldy:up\nCREATE TABLE a (id integer);\n");
        Path large = Files.writeString(directory.resolve("1700000200_Large.sql"),
                "-- koldy:up\n" + "INSERT INTO a VALUES (1);\n".repeat(60_000));
        DirectoryMigrations migrations = new DirectoryMigrations(directory, root, null);
        List<MigrationFile> files = migrations.scan();

        // edited after the scan: a small file runs as it was read (once), a large one is refused
        Files.writeString(small, "-- koldy:up\nCREATE TABLE b (id integer);\n");
        Files.writeString(large, Files.readString(large).replace("(1)", "(2)"));

        assertEquals("-- koldy:up\nCREATE TABLE a (id integer);\n", migrations.text(files.get(0)));
        KoldyException e = assertThrows(KoldyException.class, () -> migrations.text(files.get(1)));
        assertEquals(KoldyException.Reason.CHANGED_OR_MISSING, e.reason());
        assertTrue(e.getMessage().startsWith("application/migrations/1700000200_Large.sql changed while koldy was"
                + " reading the migrations."), e.getMessage());
    }
}
