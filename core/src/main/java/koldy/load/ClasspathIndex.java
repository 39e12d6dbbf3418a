package koldy.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import koldy.KoldyException;
import koldy.MigrationFile;

/**
 * The index the build writes beside packaged migrations, {@code <location>/index.tsv}: one line
 * per migration, tab-separated, in timestamp order.
 * <pre>
 * # koldy migrations 1: script, kind, checksum, resource
 * 1764000180_AddEmail	sql	3f0c…	koldy/migrations/1764000180_AddEmail.sql
 * 1764000181_Seed	java	9ab1…	Migration_1764000181_Seed
 * 0964000300_Lead	php	77d2…	0964000300_Lead.php
 * </pre>
 * The checksum is the command line's, taken from the source file; the resource is where a SQL
 * migration's text is, the class of a Java one, or (Koldy PHP's, never run) the file's name.
 */
final class ClasspathIndex {

    static final String FILE_NAME = "index.tsv";
    static final String HEADER = "# koldy migrations 1: script, kind, checksum, resource";
    private static final Pattern SCRIPT = Pattern.compile("(\\d{1,18})_([A-Za-z0-9_]+)");

    private ClasspathIndex() {
    }

    /** The index's text for the given migrations. */
    static String write(List<MigrationFile> migrations) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (MigrationFile m : migrations) {
            out.append(m.script()).append('\t').append(m.kind().name().toLowerCase(Locale.ROOT)).append('\t')
                    .append(m.checksum()).append('\t').append(m.resource()).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads an index.
     *
     * @param shown the index as messages name it
     */
    static List<MigrationFile> read(InputStream in, String shown) throws IOException {
        List<MigrationFile> migrations = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                if (lineNumber == 1 && !line.equals(HEADER)) {
                    throw damaged(shown, lineNumber, "it was written by another version of koldy's build step"
                            + " (its first line is not '" + HEADER + "')");
                }
                continue;
            }
            String[] fields = line.split("\t", -1);
            Matcher script = fields.length == 4 ? SCRIPT.matcher(fields[0]) : null;
            if (script == null || !script.matches()) {
                throw damaged(shown, lineNumber, "expected script, kind, checksum and resource, separated by tabs");
            }
            MigrationFile.Kind kind;
            try {
                kind = MigrationFile.Kind.valueOf(fields[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw damaged(shown, lineNumber, "unknown kind '" + fields[1] + "'");
            }
            MigrationFile file = new MigrationFile(Long.parseLong(script.group(1)), script.group(2), null, fields[2],
                    kind, fields[3]);
            if (!file.script().equals(fields[0])) {
                throw damaged(shown, lineNumber, "resource " + fields[3] + " is not migration " + fields[0]);
            }
            migrations.add(file);
        }
        return migrations;
    }

    private static KoldyException damaged(String shown, int line, String why) {
        return KoldyException.invalidMigration(shown + ":" + line + ": not a koldy migrations index: " + why
                + ". Build the application again.");
    }
}
