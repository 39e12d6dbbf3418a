package koldy.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
 * nothing is right (data that may stay, say). Likewise an up section with no statement is not
 * applied (it is an untouched template) unless {@code -- koldy:up empty} says so.
 * <p>The file is split once when parsed, to find every error before anything runs, and again as
 * it runs, statement by statement: a dump of hundreds of thousands of statements is never held as
 * a list (its text, once, is what stays in memory).
 */
public final class SqlScript {

    /**
     * A section's text in the file, the line it starts on, how many statements it holds, and the
     * line of the first (-1 for none).
     */
    private record Section(int start, int end, int firstLine, int statements, int firstStatementLine) {
        static final Section NONE = new Section(0, 0, 1, 0, -1);
    }

    private final String text;
    private final Section up;
    private final Section down;
    private final StatementSplitter splitter;
    private final boolean transactional;
    private final String connection;
    private final boolean downEmptyOnPurpose;
    private final boolean upEmptyOnPurpose;

    private SqlScript(String text, Section up, Section down, StatementSplitter splitter, boolean transactional,
                      String connection, boolean upEmptyOnPurpose, boolean downEmptyOnPurpose) {
        this.text = text;
        this.up = up;
        this.down = down;
        this.splitter = splitter;
        this.transactional = transactional;
        this.connection = connection;
        this.downEmptyOnPurpose = downEmptyOnPurpose;
        this.upEmptyOnPurpose = upEmptyOnPurpose;
    }

    public boolean transactional() {
        return transactional;
    }

    /** The connection it runs on, or null for the default one. */
    public String connection() {
        return connection;
    }

    /**
     * Whether a migrate may apply it: it has up statements, or says its up is empty on purpose (an
     * untouched template has none, and applying it would record it as done).
     */
    public boolean applicable() {
        return up.statements() > 0 || upEmptyOnPurpose;
    }

    /** Whether a rollback can undo it: it has down statements, or says its down is empty on purpose. */
    public boolean reversible() {
        return down.statements() > 0 || downEmptyOnPurpose;
    }

    /** The up section's statements, one at a time, as they are split. */
    public void eachUp(Consumer<StatementSplitter.Statement> action) {
        split(up, action);
    }

    /** The down section's statements, one at a time, as they are split. */
    public void eachDown(Consumer<StatementSplitter.Statement> action) {
        split(down, action);
    }

    public List<StatementSplitter.Statement> up() {
        List<StatementSplitter.Statement> all = new ArrayList<>();
        eachUp(all::add);
        return all;
    }

    public List<StatementSplitter.Statement> down() {
        List<StatementSplitter.Statement> all = new ArrayList<>();
        eachDown(all::add);
        return all;
    }

    private void split(Section section, Consumer<StatementSplitter.Statement> action) {
        if (section.statements() > 0) {
            splitter.split(text.substring(section.start(), section.end()), section.firstLine(), action);
        }
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
        int upLine = -1;
        int downLine = -1;
        int upStart = -1;   // offset of the line after '-- koldy:up'
        int downAt = -1;    // offset of the '-- koldy:down' line
        int downStart = -1; // offset of the line after it
        boolean transactional = true;
        boolean downEmptyOnPurpose = false;
        boolean upEmptyOnPurpose = false;
        String connection = null;
        String sqlBeforeUp = null;
        int sqlBeforeUpLine = -1;
        int lineNumber = 0;
        for (int at = 0; at <= content.length(); ) {
            int eol = content.indexOf('\n', at);
            int end = eol < 0 ? content.length() : eol;
            int next = eol < 0 ? content.length() + 1 : eol + 1;
            lineNumber++;
            // only lines that could be a directive are matched: the rest of a dump is skipped fast
            Matcher m = startsLikeDirective(content, at, end) ? DIRECTIVE.matcher(content.substring(at, end)) : null;
            if (m == null || !m.matches()) {
                if (upLine < 0 && sqlBeforeUp == null) {
                    String line = content.substring(at, end);
                    if (!line.isBlank() && !line.strip().startsWith("--")) {
                        sqlBeforeUp = line;
                        sqlBeforeUpLine = lineNumber;
                    }
                }
                at = next;
                continue;
            }
            String directive = m.group(1).toLowerCase(Locale.ROOT);
            switch (directive) {
                case "up" -> {
                    if (upLine >= 0) {
                        throw error(shownPath, lineNumber, "a second '-- koldy:up'");
                    }
                    if (sqlBeforeUp != null) {
                        throw error(shownPath, sqlBeforeUpLine, "SQL before the '-- koldy:up' line; statements go in"
                                + " the up and down sections");
                    }
                    upEmptyOnPurpose = emptyOnPurpose(shownPath, lineNumber, "up", m.group(2));
                    upLine = lineNumber;
                    upStart = Math.min(next, content.length());
                }
                case "down" -> {
                    if (upLine < 0 || downLine >= 0) {
                        throw error(shownPath, lineNumber, "'-- koldy:down' must come once, after '-- koldy:up'");
                    }
                    downEmptyOnPurpose = emptyOnPurpose(shownPath, lineNumber, "down", m.group(2));
                    downLine = lineNumber;
                    downAt = at;
                    downStart = Math.min(next, content.length());
                }
                case "no-transaction" -> {
                    requireHeader(shownPath, lineNumber, upLine, directive);
                    transactional = false;
                }
                case "connection" -> {
                    requireHeader(shownPath, lineNumber, upLine, directive);
                    if (m.group(2) == null) {
                        throw error(shownPath, lineNumber, "'-- koldy:connection' needs a connection name");
                    }
                    connection = m.group(2);
                }
                default -> throw error(shownPath, lineNumber, "unknown directive '-- koldy:" + m.group(1)
                        + "' (known: up, down, no-transaction, connection)");
            }
            at = next;
        }
        if (upLine < 0) {
            throw noUpSection(shownPath);
        }
        StatementSplitter splitter = new StatementSplitter(syntaxOf.apply(connection));
        try {
            TransactionCheck check = new TransactionCheck(transactional, shownPath);
            Section up = section(splitter, content, upStart, downLine < 0 ? content.length() : downAt, upLine + 1,
                    check);
            if (upEmptyOnPurpose && up.statements() > 0) {
                throw error(shownPath, up.firstStatementLine(), "a statement after '-- koldy:up empty',"
                        + " which says the up section has none");
            }
            Section down = Section.NONE;
            if (downLine >= 0) {
                down = section(splitter, content, downStart, content.length(), downLine + 1, check);
                if (downEmptyOnPurpose && down.statements() > 0) {
                    throw error(shownPath, down.firstStatementLine(), "a statement after '-- koldy:down empty',"
                            + " which says the down section has none");
                }
            }
            return new SqlScript(content, up, down, splitter, transactional, connection, upEmptyOnPurpose,
                    downEmptyOnPurpose);
        } catch (IllegalArgumentException e) {
            throw KoldyException.invalidMigration(shownPath + ": " + e.getMessage());
        }
    }

    /** Whether '-- koldy:up empty' or '-- koldy:down empty' says the section is empty on purpose. */
    private static boolean emptyOnPurpose(String shownPath, int line, String section, String word) {
        if (word != null && !word.equalsIgnoreCase("empty")) {
            throw error(shownPath, line, "'-- koldy:" + section + " " + word + "': the only word it takes"
                    + " is 'empty' (its " + section + " is empty on purpose)");
        }
        return word != null;
    }

    private static boolean startsLikeDirective(String content, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(content.charAt(i))) {
            i++;
        }
        return content.startsWith("--", i);
    }

    /** In a migration koldy runs in a transaction, a statement that would end it is an error. */
    private record TransactionCheck(boolean transactional, String shownPath) {
        void check(StatementSplitter.Statement statement) {
            String control = transactional ? TransactionControl.find(statement.sql()) : null;
            if (control != null) {
                throw error(shownPath, statement.line(), TransactionControl.why(control) + ". Remove it (koldy runs"
                        + " each migration in one transaction), or put '-- koldy:no-transaction' at the top of the"
                        + " file to run its statements one by one, as the database's client does");
            }
        }
    }

    /** Splits a section once, to find its errors and count its statements; keeps none of them. */
    private static Section section(StatementSplitter splitter, String content, int start, int end, int firstLine,
                                   TransactionCheck check) {
        int[] countAndFirstLine = {0, -1};
        splitter.split(content.substring(start, end), firstLine, statement -> {
            check.check(statement);
            if (countAndFirstLine[0]++ == 0) {
                countAndFirstLine[1] = statement.line();
            }
        });
        return new Section(start, end, firstLine, countAndFirstLine[0], countAndFirstLine[1]);
    }

    private static KoldyException noUpSection(String shownPath) {
        return KoldyException.invalidMigration(shownPath + ": has no '-- koldy:up' line; an SQL migration is"
                + " '-- koldy:up', its statements, then '-- koldy:down' and the statements that undo them.");
    }

    private static void requireHeader(String shownPath, int line, int upLine, String directive) {
        if (upLine >= 0) {
            throw error(shownPath, line, "'-- koldy:" + directive + "' belongs at the top, before '-- koldy:up'");
        }
    }

    private static KoldyException error(String shownPath, int line, String problem) {
        return KoldyException.invalidMigration(shownPath + ":" + line + ": " + problem + ".");
    }
}
