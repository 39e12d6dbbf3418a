package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;

/**
 * The README's quick start, word for word: its shell block run as it stands, in an empty
 * directory beside the distribution archive, with its "now write it" step done as a newcomer
 * would (up() and down() written into the generated file).
 */
class QuickStartIT {

    @TempDir
    Path directory;

    @Test
    void theReadmesQuickStartRunsAsWritten() throws Exception {
        String readme = Files.readString(Launcher.HOME.resolve("README.md"));
        Matcher block = Pattern.compile("(?s)```sh\n(tar xzf .*?)```").matcher(readme);
        assertTrue(block.find(), "the README's quick start");
        Path archive;
        try (Stream<Path> files = Files.list(Launcher.TARGET)) {
            archive = files.filter(f -> f.getFileName().toString().matches("koldy-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow();
        }
        Files.copy(archive, directory.resolve(archive.getFileName()));
        Files.createDirectories(directory.resolve("your-project"));
        List<String> script = new ArrayList<>(List.of("set -e"));
        for (String line : block.group(1).split("\n")) {
            if (line.startsWith("# now write it")) {
                // what a newcomer types into the generated file's up() and down()
                script.add("f=$(ls application/migrations/*_CreateUsersTable.java)");
                script.add("sed -i -e 's|// Db.query(\"ALTER TABLE users ADD is_active smallint NOT NULL DEFAULT 1\").exec();"
                        + "|Db.query(\"CREATE TABLE users (id integer PRIMARY KEY, email varchar(255))\").exec();|'"
                        + " -e 's|// Db.query(\"ALTER TABLE users DROP COLUMN is_active\").exec();"
                        + "|Db.query(\"DROP TABLE users\").exec();|' \"$f\"");
            } else {
                script.add(line);
            }
        }
        Files.write(directory.resolve("quick-start.sh"), script);

        Result run = Launcher.run(List.of("sh", directory.resolve("quick-start.sh").toString()), directory,
                Map.of("KOLDY_USER_CACHE", directory.resolve("user-cache").toString()));

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("(?s).*Migrated \\d+_CreateUsersTable \\(1/1\\) in .*"), run.toString());
        assertTrue(Files.exists(directory.resolve("your-project/storage/koldy.sqlite")));
    }
}
