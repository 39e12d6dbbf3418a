package koldy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.testing.Launcher;
import koldy.testing.Launcher.Result;

/** The README's commands, sample output and Java example are the ones that work. */
class ReadmeIT {

    private static final Pattern CODE_BLOCK = Pattern.compile("(?s)```(\\w+)\\n(.*?)```");
    private static final Pattern KOLDY_COMMAND = Pattern.compile("(?m)^(?:\\$ |\\s*- run: )?\\./koldy( [^#\\n]*?)?\\s*(#.*)?$");

    @TempDir
    Path directory;

    private static String readme() throws IOException {
        // the README and the pages it leads to: every command and sample they show must work
        StringBuilder all = new StringBuilder(Files.readString(Launcher.HOME.resolve("README.md")));
        all.append('\n').append(Files.readString(Launcher.HOME.resolve("CONTRIBUTING.md")));
        try (Stream<Path> pages = Files.list(Launcher.HOME.resolve("docs"))) {
            for (Path page : (Iterable<Path>) pages.filter(p -> p.toString().endsWith(".md")).sorted()::iterator) {
                all.append('\n').append(Files.readString(page));
            }
        }
        return all.toString();
    }

    private static List<String[]> blocks(String language) throws IOException {
        List<String[]> blocks = new ArrayList<>();
        Matcher m = CODE_BLOCK.matcher(readme());
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(new String[] {m.group(1), m.group(2)});
            }
        }
        return blocks;
    }

    /**
     * The README's example project: the checkout's example migrations that the README names, on
     * the default SQLite configuration. Neither what a user adds to application/migrations nor a
     * changed configs/database.properties can break this test.
     */
    private Path exampleProject() throws IOException {
        return exampleProject(directory.resolve("example"));
    }

    private Path exampleProject(Path where) throws IOException {
        Path root = Files.createDirectories(where);
        Files.createDirectories(root.resolve("configs"));
        Files.writeString(root.resolve("configs/database.properties"),
                "connections = default\ndefault.url = jdbc:sqlite:storage/koldy.sqlite\nkoldy_migration = default\n");
        String readme = readme();
        Path migrations = Files.createDirectories(root.resolve("application/migrations"));
        try (Stream<Path> files = Files.list(Launcher.HOME.resolve("application/migrations"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (readme.contains(name.substring(0, name.lastIndexOf('.')))) {
                    Files.copy(f, migrations.resolve(name));
                }
            }
        }
        return root;
    }

    private static String[] args(String commandLine) {
        String trimmed = commandLine.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    /** Each command runs on its own copy of the example project, migrated as after set-up. */
    @Test
    void everyKoldyCommandInTheReadmeIsValid() throws Exception {
        List<String> commands = new ArrayList<>();
        Matcher m = KOLDY_COMMAND.matcher(String.join("\n", blocks("console").stream().map(b -> b[1]).toList())
                + "\n" + String.join("\n", blocks("sh").stream().map(b -> b[1]).toList())
                + "\n" + String.join("\n", blocks("yaml").stream().map(b -> b[1]).toList()));
        while (m.find()) {
            commands.add(m.group(1) == null ? "" : m.group(1));
        }
        assertTrue(commands.size() >= 15, "found the README's commands: " + commands);
        int n = 0;
        for (String command : commands) {
            Path root = exampleProject(directory.resolve("copy" + n++));
            assertEquals(0, Launcher.run(root, Map.of(), "migrate").exitCode());
            Result result = Launcher.run(root, Map.of(), args(command));
            assertTrue(result.exitCode() == 0 || result.exitCode() == 3,
                    "./koldy" + command + " in the README works (or refuses for safety): " + result);
            assertFalse(result.err().contains("Unrecognized option") || result.err().contains("Unknown command"),
                    result.toString());
        }
    }

    /** Sample output in the README, with times and timestamps that vary from run to run normalised. */
    private static String normalise(String text) {
        return text.replaceAll("\\d+\\.\\d{3} s", "N s").replaceAll("\\(SQLite [0-9.]+\\)", "(SQLite V)").replaceAll("\\d{10}_AddEmailToUsers", "TS_AddEmailToUsers")
                .strip();
    }

    private static String sample(String firstLine) throws IOException {
        for (String[] block : blocks("console")) {
            if (block[1].startsWith(firstLine + "\n")) {
                return block[1].substring(firstLine.length() + 1);
            }
        }
        throw new AssertionError("no console block starting with " + firstLine);
    }

    @Test
    void theReadmesSampleOutputIsWhatKoldyPrints() throws Exception {
        Path root = exampleProject();
        Result migrate = Launcher.run(root, Map.of(), "migrate");
        assertEquals(normalise(sample("$ ./koldy migrate")), normalise(migrate.out()));

        Result create = Launcher.run(root, Map.of(), "create-migration", "add-email-to-users");
        assertEquals(normalise(sample("$ ./koldy create-migration add-email-to-users")), normalise(create.out()));

        Path other = Files.createDirectories(directory.resolve("second"));
        Files.move(root, other.resolve("example"));
        Path fresh = exampleProject();
        Launcher.run(fresh, Map.of(), "migrate", "--to", "1764000060");
        Result dryRun = Launcher.run(fresh, Map.of(), "migrate", "--dry-run");
        assertEquals(normalise(sample("$ ./koldy migrate --dry-run")), normalise(dryRun.out()));
    }

    @Test
    void theReadmesJavaExampleCompilesAndMigrates() throws Exception {
        String source = blocks("java").stream().map(b -> b[1]).filter(b -> b.contains("class MigrateOnStartup"))
                .findFirst().orElseThrow();
        Path app = Files.createDirectories(directory.resolve("app"));
        Path file = app.resolve("MigrateOnStartup.java");
        Files.writeString(file, source);
        String jar = Launcher.TARGET.resolve("koldy.jar").toString();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath", jar, "-d",
                app.toString(), file.toString());
        assertEquals(0, compiled, "the README's example compiles against the jar");
        Path migrations = Files.createDirectories(app.resolve("db/migrations"));
        Files.writeString(migrations.resolve("1700000100_CreateNotes.sql"),
                "-- koldy:up\nCREATE TABLE notes (id integer);\n-- koldy:down\nDROP TABLE notes;\n");

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + ":" + app, "MigrateOnStartup").directory(app.toFile())
                .redirectError(app.resolve("stderr.txt").toFile()).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("Applied 1 migration(s)"), output);
        assertEquals("", Files.readString(app.resolve("stderr.txt")), "nothing on stderr at start-up");
        assertTrue(Files.exists(app.resolve("app.sqlite")));
    }

    /**
     * The library artifact in an application that has no Log4j provider (no log4j-core) and no
     * SLF4J provider (HikariCP logs through SLF4J): nothing on stderr, nothing written where it runs.
     */
    @Test
    void theLibraryArtifactWithoutLog4jCoreAddsNothingToStderr() throws Exception {
        Path thin;
        try (Stream<Path> files = Files.list(Launcher.TARGET)) {
            thin = files.filter(f -> f.getFileName().toString().matches("koldy-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no library artifact target/koldy-<version>.jar"));
        }
        List<String> classpath = new ArrayList<>(List.of(thin.toString()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(HikariCP|sqlite-jdbc|slf4j-api|log4j-api)-[0-9].*\\.jar")) {
                classpath.add(entry);
            }
        }
        assertEquals(5, classpath.size(), "the artifact, its three dependencies and a driver: " + classpath);
        Path app = Files.createDirectories(directory.resolve("library-app"));
        Path file = app.resolve("App.java");
        Files.writeString(file, "import java.nio.file.Path;\nimport koldy.library.Koldy;\npublic class App {\n"
                + "    public static void main(String[] args) {\n"
                + "        try (Koldy koldy = Koldy.configure().environment(java.util.Map.of(\"KOLDY_DEFAULT_URL\","
                + " \"jdbc:sqlite:app.sqlite\"))"
                + ".migrationsDirectory(Path.of(\"db/migrations\")).build()) {\n"
                + "            System.out.println(\"applied \" + koldy.migrate().size());\n        }\n    }\n}\n");
        String path = String.join(java.io.File.pathSeparator, classpath);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath", path, "-d",
                app.toString(), file.toString()));
        Path migrations = Files.createDirectories(app.resolve("db/migrations"));
        Files.writeString(migrations.resolve("1700000100_CreateNotes.sql"),
                "-- koldy:up\nCREATE TABLE notes (id integer);\n-- koldy:down\nDROP TABLE notes;\n");
        Files.writeString(migrations.resolve("1700000200_AddNote.java"), "import koldy.Db;\nimport koldy.Migration;\n"
                + "class Migration_1700000200_AddNote extends Migration {\n"
                + "    public void up() { Db.query(\"INSERT INTO notes VALUES (1)\").exec(); }\n"
                + "    public void down() { Db.query(\"DELETE FROM notes\").exec(); }\n}\n");

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", path + java.io.File.pathSeparator + app, "App").directory(app.toFile())
                .redirectError(app.resolve("stderr.txt").toFile()).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        assertEquals("applied 2\n", output);
        assertEquals(List.of(), Files.readAllLines(app.resolve("stderr.txt")), "stderr");
        assertFalse(Files.exists(app.resolve("storage")), "nothing is written to the working directory");
    }
}
