package koldy.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import koldy.dialect.SqlSyntax;

/**
 * Splits SQL text into statements where the database's own client would: at the delimiter
 * ({@code ;} unless a MySQL {@code DELIMITER} line changes it), never inside quotes, comments,
 * PostgreSQL dollar-quoted bodies, or the {@code BEGIN ... END} body of a SQLite trigger or a
 * PostgreSQL {@code BEGIN ATOMIC} routine. Statements of nothing but comments and whitespace are
 * dropped; MySQL's executable comments ({@code /*!50003 ... *}{@code /}) are statements, which the
 * server runs as its version says. A client's own command (psql's {@code \connect}, sqlite3's
 * {@code .mode}, {@code COPY ... FROM stdin}) is an error at its line: it is not SQL a server runs.
 */
public final class StatementSplitter {

    /** One statement and the line (1-based, in the whole file) where its first token is. */
    public record Statement(String sql, int line) {
    }

    private static final Pattern DELIMITER_LINE = Pattern.compile("(?i)[ \\t]*DELIMITER[ \\t]+(\\S+)[ \\t]*\\r?(\\n|$)");
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");
    private static final int LEAD_WORDS = 5;

    private final SqlSyntax syntax;

    public StatementSplitter(SqlSyntax syntax) {
        this.syntax = syntax;
    }

    /**
     * @param text      the SQL
     * @param firstLine the line number of the text's first line in its file
     * @throws IllegalArgumentException naming the line of a quote or comment never closed, or of
     *                                  a client command
     */
    public List<Statement> split(String sql, int firstLine) {
        List<Statement> statements = new ArrayList<>();
        split(sql, firstLine, statements::add);
        return statements;
    }

    /** As {@link #split(String, int)}, handing each statement on as soon as it is complete. */
    public void split(String sql, int firstLine, java.util.function.Consumer<Statement> statements) {
        // mariadb and sqlite3 read a CRLF file as lines: no CR reaches a stored routine's text.
        String text = syntax.keepsCarriageReturns() ? sql : sql.replace("\r\n", "\n");
        String delimiter = ";";
        StringBuilder current = new StringBuilder();
        StringBuilder leadWords = new StringBuilder(); // the statement's first words, upper-case
        int wordCount = 0;
        boolean block = false; // the statement may hold BEGIN ... END bodies
        int depth = 0;         // BEGIN/CASE ... END nesting inside such a body
        int line = firstLine;
        int statementLine = -1; // line of the current statement's first token; -1 while only comments
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (statementLine < 0 && (i == 0 || text.charAt(i - 1) == '\n')) {
                Matcher delimiterLine = syntax.delimiterCommand() ? DELIMITER_LINE.matcher(text).region(i, n) : null;
                int skipTo = -1;
                if (delimiterLine != null && delimiterLine.lookingAt()) {
                    delimiter = delimiterLine.group(1);
                    skipTo = delimiterLine.end();
                } else if (lookingAt(syntax.harmlessCommand(), text, i)) {
                    int eol = text.indexOf('\n', i);
                    skipTo = eol < 0 ? n : eol + 1;
                } else if (lookingAt(syntax.clientCommand(), text, i)) {
                    throw clientCommand(text, i, line);
                }
                if (skipTo >= 0) {
                    line += count(text, i, skipTo, '\n');
                    current.setLength(0); // comments before it go with it
                    i = skipTo;
                    continue;
                }
            }
            if (depth == 0 && text.startsWith(delimiter, i)) {
                add(statements, current.toString(), statementLine);
                current.setLength(0);
                leadWords.setLength(0);
                wordCount = 0;
                block = false;
                statementLine = -1;
                i += delimiter.length();
                continue;
            }
            int end;
            boolean comment = false;
            if (c == '\'' || c == '"' || c == '`') {
                boolean backslash = syntax.backslashEscapes() && c != '`'
                        || c == '\'' && syntax.dollarQuotes() && isEscapeString(text, i);
                end = closeQuote(text, i, c, backslash, line);
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-'
                    && !(syntax.stripsComments() && i + 2 < n && !Character.isWhitespace(text.charAt(i + 2))
                    && !(statementLine < 0 && (i == 0 || text.charAt(i - 1) == '\n')))
                    || c == '#' && syntax.hashComments()) {
                // (MySQL: '--' starts a comment only before a space, 5--1 is 6; but as the mysql client
                // reads a file, a line that starts with '--' while no statement is pending is one)
                end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                comment = true;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                end = closeBlockComment(text, i, line);
                comment = !(syntax.executableComments() && (text.startsWith("/*!", i) || text.startsWith("/*M!", i)));
            } else if (c == '$' && syntax.dollarQuotes() && (i == 0 || !isIdentifierPart(text.charAt(i - 1)))) {
                Matcher tag = DOLLAR_TAG.matcher(text).region(i, n);
                if (tag.lookingAt()) {
                    int close = text.indexOf(tag.group(), tag.end());
                    if (close < 0) {
                        throw unclosed("dollar-quoted body " + tag.group(), line);
                    }
                    end = close + tag.group().length();
                } else {
                    end = i + 1;
                }
            } else if (c == '\\' && lookingAt(syntax.clientCommand(), text, i)) {
                // psql takes a backslash outside quotes anywhere on a line as its own command
                // (SELECT ... \gexec): what follows is not SQL the server would run
                throw clientCommand(text, i, line);
            } else if (isIdentifierStart(c) && (i == 0 || !isIdentifierPart(text.charAt(i - 1)))) {
                end = i + 1;
                while (end < n && isIdentifierPart(text.charAt(end))) {
                    end++;
                }
                boolean lead = wordCount < LEAD_WORDS && syntax.blockStatement() != null;
                if (lead || block) {
                    String word = text.substring(i, end).toUpperCase(Locale.ROOT);
                    if (lead) {
                        leadWords.append(wordCount++ == 0 ? "" : " ").append(word);
                        block = syntax.blockStatement().matcher(leadWords).lookingAt();
                    }
                    if (block) {
                        depth += word.equals("BEGIN") || word.equals("CASE") ? 1 : word.equals("END") && depth > 0 ? -1 : 0;
                    }
                }
            } else {
                end = i + 1;
            }
            if (statementLine < 0 && !comment && !Character.isWhitespace(c)) {
                statementLine = line;
            }
            line += count(text, i, end, '\n');
            if (!(comment && syntax.stripsComments())) {
                current.append(text, i, end);
            }
            i = end;
        }
        if (depth > 0) {
            throw new IllegalArgumentException("line " + statementLine + ": the BEGIN ... END body of this statement"
                    + " is never closed");
        }
        add(statements, current.toString(), statementLine);
    }

    private void add(java.util.function.Consumer<Statement> statements, String sql, int line) {
        if (line < 0) { // nothing but comments and whitespace
            return;
        }
        String statement = sql.strip();
        if (syntax.clientStatement() != null && syntax.clientStatement().matcher(statement).matches()) {
            throw new IllegalArgumentException("line " + line + ": '" + koldy.util.Text.firstLine(statement) + "' is"
                    + " run by " + syntax.client() + ", which reads the data that follows it in the file; koldy sends"
                    + " SQL to the server: load the rows with INSERT statements (pg_dump --inserts)");
        }
        statements.accept(new Statement(statement, line));
    }

    private static boolean lookingAt(Pattern pattern, String text, int at) {
        return pattern != null && pattern.matcher(text).region(at, text.length()).lookingAt();
    }

    /** A line where a statement would start that is the client's own command, not SQL. */
    private IllegalArgumentException clientCommand(String text, int at, int line) {
        int end = text.indexOf('\n', at);
        String command = text.substring(at, end < 0 ? text.length() : end).strip();
        return new IllegalArgumentException("line " + line + ": '" + command + "' is a command of " + syntax.client()
                + ", not SQL; koldy sends SQL to the server and cannot run it");
    }

    /** PostgreSQL's E'...' strings take backslash escapes; plain '...' strings do not. */
    private static boolean isEscapeString(String text, int quote) {
        return quote > 0 && (text.charAt(quote - 1) == 'E' || text.charAt(quote - 1) == 'e')
                && (quote == 1 || !isIdentifierPart(text.charAt(quote - 2)));
    }

    private static int closeQuote(String text, int start, char quote, boolean backslash, int line) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backslash && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2; // doubled quote stands for itself
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw unclosed("quote " + quote, line);
    }

    private int closeBlockComment(String text, int start, int line) {
        int depth = 0;
        int i = start;
        while (i < text.length() - 1) {
            if (text.charAt(i) == '/' && text.charAt(i + 1) == '*') {
                depth = syntax.nestedBlockComments() || depth == 0 ? depth + 1 : depth;
                i += 2;
            } else if (text.charAt(i) == '*' && text.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw unclosed("comment /*", line);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int count(String s, int from, int to, char c) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }

    private static IllegalArgumentException unclosed(String what, int line) {
        return new IllegalArgumentException("line " + line + ": " + what + " is never closed");
    }
}
