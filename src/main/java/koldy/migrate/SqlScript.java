package koldy.migrate;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import koldy.KoldyException;
import koldy.dialect.SqlSyntax;

/**
 * A parsed {@code .sql} migration:
 * <pre>
 * -- koldy:no-transaction        (optional, before up: run outside a transaction)
 * -- koldy:connection admin      (optional, before up: run on another connection)
 * -- koldy:up
 * CREATE TABLE ...;
 * -- koldy:down
 * DROP TABLE ...;
 * </pre>
 * A migration whose down section is missing or has no statement cannot be rolled back: rolling
 * it back would forget it while its changes stay. {@code -- koldy:down empty} says that undoing
 * nothing is right (data that may stay, say).
 */
public record SqlScript(List<StatementSplitter.Statement> up, List<StatementSplitter.Statement> down,
                        boolean transactional, String connection, boolean downEmptyOnPurpose) {

    /** Whether a rollback can undo it: it has down statements, or says its down is empty on purpose. */
    public boolean reversible() {
        return !down.isEmpty() || downEmptyOnPurpose;
    }

    private static final Pattern DIRECTIVE = Pattern.compile("\\s*--\\s*koldy:\\s*(\\S+)(?:\\s+(\\S+))?\\s*");

    /**
     * @param shownPath the file as the user knows it, for messages
     * @param syntaxOf  the SQL syntax of a connection (null: the default one), chosen after the
     *                  header says which connection the migration runs on
     * @throws KoldyException naming the file and line of anything malformed
     */
    public static SqlScript parse(String content, String shownPath,
                                  java.util.function.Function<String, SqlSyntax> syntaxOf) {
        String[] lines = content.split("\n", -1);
        int upLine = -1;
        int downLine = -1;
        boolean transactional = true;
        boolean downEmptyOnPurpose = false;
        String connection = null;
        boolean anyUp = false;
        for (String line : lines) {
            Matcher m = DIRECTIVE.matcher(line);
            anyUp |= m.matches() && m.group(1).equalsIgnoreCase("up");
        }
        if (!anyUp) {
            throw noUpSection(shownPath);
        }
        for (int i = 0; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i]);
            if (!m.matches()) {
                if (upLine < 0 && !lines[i].isBlank() && !lines[i].strip().startsWith("--")) {
                    throw error(shownPath, i + 1, "SQL before the '-- koldy:up' line; statements go in the up"
                            + " and down sections");
                }
                continue;
            }
            String directive = m.group(1).toLowerCase(Locale.ROOT);
            int line = i + 1;
            switch (directive) {
                case "up" -> {
                    if (upLine >= 0) {
                        throw error(shownPath, line, "a second '-- koldy:up'");
                    }
                    upLine = line;
                }
                case "down" -> {
                    if (upLine < 0 || downLine >= 0) {
                        throw error(shownPath, line, "'-- koldy:down' must come once, after '-- koldy:up'");
                    }
                    if (m.group(2) != null && !m.group(2).equalsIgnoreCase("empty")) {
                        throw error(shownPath, line, "'-- koldy:down " + m.group(2) + "': the only word it takes is"
                                + " 'empty' (its down is empty on purpose)");
                    }
                    downEmptyOnPurpose = m.group(2) != null;
                    downLine = line;
                }
                case "no-transaction" -> {
                    requireHeader(shownPath, line, upLine, directive);
                    transactional = false;
                }
                case "connection" -> {
                    requireHeader(shownPath, line, upLine, directive);
                    if (m.group(2) == null) {
                        throw error(shownPath, line, "'-- koldy:connection' needs a connection name");
                    }
                    connection = m.group(2);
                }
                default -> throw error(shownPath, line, "unknown directive '-- koldy:" + m.group(1)
                        + "' (known: up, down, no-transaction, connection)");
            }
        }
        int upEnd = downLine < 0 ? lines.length : downLine - 1;
        StatementSplitter splitter = new StatementSplitter(syntaxOf.apply(connection));
        try {
            List<StatementSplitter.Statement> up = splitter.split(join(lines, upLine, upEnd), upLine + 1);
            List<StatementSplitter.Statement> down = downLine < 0 ? List.of()
                    : splitter.split(join(lines, downLine, lines.length), downLine + 1);
            if (downEmptyOnPurpose && !down.isEmpty()) {
                throw error(shownPath, down.get(0).line(), "a statement after '-- koldy:down empty', which says"
                        + " the down section has none");
            }
            return new SqlScript(up, down, transactional, connection, downEmptyOnPurpose);
        } catch (IllegalArgumentException e) {
            throw KoldyException.config(shownPath + ": " + e.getMessage());
        }
    }

    private static KoldyException noUpSection(String shownPath) {
        return KoldyException.config(shownPath + ": has no '-- koldy:up' line; an SQL migration is"
                + " '-- koldy:up', its statements, then '-- koldy:down' and the statements that undo them.");
    }

    private static void requireHeader(String shownPath, int line, int upLine, String directive) {
        if (upLine >= 0) {
            throw error(shownPath, line, "'-- koldy:" + directive + "' belongs at the top, before '-- koldy:up'");
        }
    }

    /** Lines [from, to) joined, 0-based; from is the directive line itself, so content starts after it. */
    private static String join(String[] lines, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append(lines[i]).append('\n');
        }
        return b.toString();
    }

    private static KoldyException error(String shownPath, int line, String problem) {
        return KoldyException.config(shownPath + ":" + line + ": " + problem + ".");
    }
}
