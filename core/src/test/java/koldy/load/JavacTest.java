package koldy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.KoldyException;
import koldy.MigrationFile;

/** Compiling in tasks of a bounded size, without losing migrations that refer to one another. */
class JavacTest {

    @TempDir
    Path directory;

    private Path write(long timestamp, String name, String body) throws IOException {
        String className = "Migration_" + timestamp + "_" + name;
        return Files.writeString(directory.resolve(timestamp + "_" + name + ".java"), "import koldy.Migration;\n"
                + "public class " + className + " extends Migration {\n" + body
                + "  public void up() {}\n  public void down() {}\n}\n");
    }

    private Map<MigrationFile, Map<String, byte[]>> compileInTasksOfTwo() {
        List<MigrationFile> files = new MigrationScanner(directory, directory).scan();
        return Javac.compile(files, file -> {
            try {
                return Files.readString(file.path());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, path -> path.getFileName().toString(), 2);
    }

    @Test
    void filesAreCompiledInTasksOfTheBatchSize() throws IOException {
        for (int i = 1; i <= 5; i++) {
            write(1700000000 + i, "M" + i, "");
        }
        Map<MigrationFile, Map<String, byte[]>> classes = compileInTasksOfTwo();
        assertEquals(5, classes.size());
        assertTrue(classes.values().stream().allMatch(c -> c.size() == 1));
    }

    @Test
    void aMigrationThatRefersToOneInAnotherTaskStillCompiles() throws IOException {
        write(1700000001, "Names", "  public static final String TABLE = \"accounts\";\n");
        write(1700000002, "Other", "");
        // in the second task of two files, it needs a class of the first
        write(1700000003, "UsesNames", "  String table = Migration_1700000001_Names.TABLE;\n");
        assertEquals(3, compileInTasksOfTwo().size());
    }

    @Test
    void aRealCompileErrorIsReportedOnceWhateverTheTask() throws IOException {
        write(1700000001, "A", "");
        write(1700000002, "B", "");
        write(1700000003, "Broken", "  int x = \"not a number\";\n");
        KoldyException e = assertThrows(KoldyException.class, this::compileInTasksOfTwo);
        assertEquals(KoldyException.Reason.INVALID_MIGRATION, e.reason());
        assertTrue(e.getMessage().startsWith("Compile error in migrations; nothing was run:\n  "
                + "1700000003_Broken.java:3: incompatible types"), e.getMessage());
    }
}
