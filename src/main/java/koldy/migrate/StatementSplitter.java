package koldy.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import koldy.dialect.SqlSyntax;

/**
 * Splits SQL text into statements at the delimiter ({@code ;} unless a MySQL {@code DELIMITER}
 * line changes it), never inside quotes, comments, PostgreSQL dollar-quoted bodies or SQLite
 * trigger bodies. Statements with nothing but comments and whitespace are dropped.
 */
public final class StatementSplitter {

    /** One statement and the line (1-based, in the whole file) where its first token is. */
    public record Statement(String sql, int line) {
    }

    private static final Pattern DELIMITER_LINE = Pattern.compile("(?i)[ \\t]*DELIMITER[ \\t]+(\\S+)[ \\t]*\\r?(\\n|$)");
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");
    private static final Pattern TRIGGER_START = Pattern.compile(
            "(?is)\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*");
    private static final Pattern ENDS_WITH_END = Pattern.compile("(?is).*\\bEND\\s*");

    private final SqlSyntax syntax;

    public StatementSplitter(SqlSyntax syntax) {
        this.syntax = syntax;
    }

    /**
     * @param text      the SQL
     * @param firstLine the line number of the text's first line in its file
     * @throws IllegalArgumentException naming the line where a quote or comment is never closed
     */
    public List<Statement> split(String text, int firstLine) {
        List<Statement> statements = new ArrayList<>();
        String delimiter = ";";
        StringBuilder current = new StringBuilder();
        int line = firstLine;
        int statementLine = -1; // line of the current statement's first token
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            boolean lineStart = i == 0 || text.charAt(i - 1) == '\n';
            if (lineStart && syntax.delimiterCommand() && current.toString().isBlank()) {
                Matcher m = DELIMITER_LINE.matcher(text).region(i, n);
                if (m.lookingAt()) {
                    delimiter = m.group(1);
                    line += m.group(2).isEmpty() ? 0 : 1;
                    current.setLength(0);
                    i = m.end();
                    continue;
                }
            }
            if (text.startsWith(delimiter, i)) {
                String sql = current.toString();
                if (!(syntax.triggerBodies() && insideTriggerBody(sql))) {
                    add(statements, sql, statementLine);
                    current.setLength(0);
                    statementLine = -1;
                    i += delimiter.length();
                    continue;
                }
            }
            int end;
            if (c == '\'' || c == '"' || c == '`') {
                boolean backslash = syntax.backslashEscapes() && c != '`'
                        || c == '\'' && syntax.dollarQuotes() && isEscapeString(text, i);
                end = closeQuote(text, i, c, backslash, line);
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-' || c == '#' && syntax.hashComments()) {
                end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                end = closeBlockComment(text, i, line);
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
            } else {
                end = i + 1;
            }
            boolean comment = c == '-' && end > i + 1 && text.charAt(i + 1) == '-' || c == '#' && syntax.hashComments()
                    || c == '/' && end > i + 1 && text.charAt(i + 1) == '*';
            if (statementLine < 0 && !comment && !Character.isWhitespace(c)) {
                statementLine = line;
            }
            String piece = text.substring(i, end);
            current.append(piece);
            line += count(piece, '\n');
            i = end;
        }
        add(statements, current.toString(), statementLine);
        return statements;
    }

    private static void add(List<Statement> statements, String sql, int line) {
        if (line >= 0) { // it holds more than comments and whitespace
            statements.add(new Statement(sql.strip(), line));
        }
    }

    /** Inside {@code CREATE TRIGGER ... BEGIN ... END}: a semicolon ends the statement only after END. */
    private static boolean insideTriggerBody(String sqlSoFar) {
        return TRIGGER_START.matcher(sqlSoFar).matches() && sqlSoFar.toUpperCase(Locale.ROOT).contains("BEGIN")
                && !ENDS_WITH_END.matcher(sqlSoFar).matches();
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

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int count(String s, char c) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
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
