package koldy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import koldy.KoldyException;
import koldy.MigrationFile;

class MigrationCreatorTest {

    @TempDir
    Path directory;

    @Test
    void namesBecomeCamelCase() {
        assertEquals("MyFirstMigration", MigrationCreator.camelName("my-first-migration"));
        assertEquals("AddEmailToUsers", MigrationCreator.camelName("add_email to users"));
        assertEquals("AddEmail", MigrationCreator.camelName("addEmail"));
        assertEquals("V2Users", MigrationCreator.camelName("v2 users"));
        assertNull(MigrationCreator.camelName("--- !!"));
    }

    @Test
    void writesAStubThatCompilesAndNamesItsClass() throws Exception {
        Path file = new MigrationCreator(directory).create("my-first-migration", Instant.ofEpochSecond(1505861577));
        assertEquals("1505861577_MyFirstMigration.java", file.getFileName().toString());
        String source = Files.readString(file);
        assertTrue(source.contains("\nclass Migration_1505861577_MyFirstMigration extends Migration"), source);
        MigrationFile migration = new MigrationScanner(directory, directory).scan().get(0);
        new JavaMigrationCompiler(directory, null).compile(java.util.List.of(migration)).instantiate(migration);
    }

    @Test
    void theUntouchedTemplateIsKnownAndAWrittenOneIsNot() {
        String stub = MigrationCreator.javaStub(1505861577, "MyFirstMigration", Instant.ofEpochSecond(1505861577));
        assertTrue(MigrationCreator.isUntouchedTemplate(stub));
        String written = stub.replace("// Db.query(\"ALTER TABLE users ADD", "Db.query(\"ALTER TABLE users ADD");
        assertFalse(MigrationCreator.isUntouchedTemplate(written));
        String nothingOnPurpose = stub.replace("// Db.query(\"ALTER TABLE users ADD is_active smallint NOT NULL"
                + " DEFAULT 1\").exec();", "// nothing to do: the data moved in 1505861500");
        assertFalse(MigrationCreator.isUntouchedTemplate(nothingOnPurpose), "its author emptied it on purpose");
        String codeAfterTheExample = stub.replace("DEFAULT 1\").exec();\n", "DEFAULT 1\").exec();\n"
                + "        Db.query(\"CREATE TABLE t (id integer)\").exec();\n");
        assertFalse(MigrationCreator.isUntouchedTemplate(codeAfterTheExample));
    }

    @Test
    void aSecondMigrationInTheSameSecondTakesTheNextFreeSecond() {
        Instant now = Instant.ofEpochSecond(1700000000);
        MigrationCreator creator = new MigrationCreator(directory);
        Path first = creator.create("one", now);
        Path second = creator.create("two", now);
        Path third = creator.create("one", now);
        assertEquals("1700000000_One.java", first.getFileName().toString());
        assertEquals("1700000001_Two.java", second.getFileName().toString());
        assertEquals("1700000002_One.java", third.getFileName().toString());
    }

    @Test
    void aNameWithNothingUsableIsAUsageError() {
        KoldyException e = assertThrows(KoldyException.class,
                () -> new MigrationCreator(directory).create("!!!", Instant.now()));
        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
    }
}
