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

class MigrationScannerTest {

    @TempDir
    Path root;

    @Test
    void findsMigrationsInTimestampOrderAndIgnoresOtherFiles() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("20_B.java"), "b");
        Files.writeString(dir.resolve("3_A.java"), "a");
        Files.writeString(dir.resolve("README.md"), "not a migration");
        Files.writeString(dir.resolve("Helper.java"), "no timestamp: ignored with a warning");
        List<MigrationFile> files = new MigrationScanner(dir, root).scan();
        assertEquals(List.of("3_A", "20_B"), files.stream().map(MigrationFile::script).toList());
        assertEquals("Migration_3_A", files.get(0).className());
    }

    @Test
    void twoFilesWithOneTimestampRunInNameOrderAsKoldyPhpCreatesThem() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("5_B.java"), "b");
        Files.writeString(dir.resolve("5_A.sql"), "a");
        Files.writeString(dir.resolve("4_Z.sql"), "z");
        assertEquals(List.of("4_Z", "5_A", "5_B"), new MigrationScanner(dir, root).scan().stream()
                .map(MigrationFile::script).toList());
    }

    @Test
    void twoFilesWithOneScriptNameAreAnError() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("5_A.java"), "a");
        Files.writeString(dir.resolve("5_A.sql"), "b");
        KoldyException e = assertThrows(KoldyException.class, () -> new MigrationScanner(dir, root).scan());
        assertEquals(KoldyException.USAGE_OR_CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("Two migrations are named 5_A: m/5_A.java and m/5_A.sql."),
                e.getMessage());
    }

    @Test
    void aScriptNameIsTheFileNameByteForByte() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("0964000300_Lead.sql"), "a");
        MigrationFile file = new MigrationScanner(dir, root).scan().get(0);
        assertEquals("0964000300_Lead", file.script());
        assertEquals(964000300L, file.timestamp());
    }

    @Test
    void aPhpFileIsKoldyPhpsMigrationOrTheTwinOfOneOfKoldys() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("1_Twin.php"), "<?php");
        Files.writeString(dir.resolve("1_Twin.sql"), "-- koldy:up");
        Files.writeString(dir.resolve("2_OnlyPhp.php"), "<?php");
        Files.writeString(dir.resolve("3_Not_Koldy.php"), "two underscores: Koldy PHP does not read it");
        List<MigrationFile> files = new MigrationScanner(dir, root).scan();
        assertEquals(List.of("1_Twin", "2_OnlyPhp"), files.stream().map(MigrationFile::script).toList());
        assertEquals(List.of(MigrationFile.Kind.SQL, MigrationFile.Kind.PHP),
                files.stream().map(MigrationFile::kind).toList());
    }

    /** Nothing that looks like a migration is skipped without a word while newer ones run past it. */
    @Test
    void aFileNamedLikeAMigrationThatCannotRunIsRefusedNamingIt() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("1_A.sql"), "a");
        Files.createSymbolicLink(dir.resolve("2_B.sql"), dir.resolve("gone.sql"));
        assertRefused(dir, "m/2_B.sql looks like a migration but is a link to a file that does not exist.");
        Files.delete(dir.resolve("2_B.sql"));
        Files.writeString(dir.resolve("3_C.SQL"), "c");
        assertRefused(dir, "m/3_C.SQL looks like a migration but has an upper-case extension");
        Files.delete(dir.resolve("3_C.SQL"));
        Files.writeString(dir.resolve("4_add-users.java"), "d");
        assertRefused(dir, "m/4_add-users.java looks like a migration but is a Java migration whose name is not a"
                + " class name");
        Files.delete(dir.resolve("4_add-users.java"));
        Files.writeString(dir.resolve("5_odd name.sql"), "e");
        assertRefused(dir, "m/5_odd name.sql looks like a migration but has a character a migration's name cannot hold");
    }

    /** migrations.ignore names what koldy leaves alone; nothing else is ignored, and its refusal says so. */
    @Test
    void aFileListedInMigrationsIgnoreIsLeftAlone() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("1_A.sql"), "a");
        Files.writeString(dir.resolve("2_B.SQL"), "b");
        Files.writeString(dir.resolve("3_old copy.sql"), "c");
        List<MigrationFile> found = new MigrationScanner(dir, root).ignoring(List.of("*.SQL", "3_old copy.sql")).scan();
        assertEquals(List.of("1_A"), found.stream().map(MigrationFile::script).toList());
        KoldyException e = assertThrows(KoldyException.class,
                () -> new MigrationScanner(dir, root).ignoring(List.of("*.SQL")).scan());
        assertTrue(e.getMessage().endsWith("Nothing was run. Fix its name, move it out of m, or list it in"
                + " migrations.ignore."), e.getMessage());
    }

    @Test
    void aSqlMigrationsNameMayHoldADashAsRealHistoriesDo() throws Exception {
        Path dir = Files.createDirectories(root.resolve("m"));
        Files.writeString(dir.resolve("20200101000000_add-users.sql"), "a");
        MigrationFile file = new MigrationScanner(dir, root).scan().get(0);
        assertEquals("20200101000000_add-users", file.script());
        assertEquals(20200101000000L, file.timestamp());
    }

    private void assertRefused(Path dir, String message) {
        KoldyException e = assertThrows(KoldyException.class, () -> new MigrationScanner(dir, root).scan());
        assertEquals(KoldyException.Reason.INVALID_MIGRATION, e.reason());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        KoldyException e = assertThrows(KoldyException.class,
                () -> new MigrationScanner(root.resolve("nope"), root).scan());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void checksumsIgnoreLineEndingsAndByteOrderMark() {
        String lf = Checksums.ofContent("a\nb\n".getBytes());
        assertEquals(lf, Checksums.ofContent("a\r\nb\r\n".getBytes()));
        assertEquals(lf, Checksums.ofContent("a\rb\r".getBytes()));
        assertEquals(lf, Checksums.ofContent(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'a', '\n', 'b', '\n'}));
        assertTrue(!lf.equals(Checksums.ofContent("a\nc\n".getBytes())));
    }
}
