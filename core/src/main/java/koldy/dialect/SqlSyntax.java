package koldy.dialect;

import java.util.regex.Pattern;

/**
 * What a statement splitter must know of one database's own client to find where a statement
 * ends as that client would: which quotes escape with a backslash, which comment forms exist,
 * which statements hold {@code BEGIN ... END} blocks whose semicolons do not end them, and which
 * lines are the client's own commands rather than SQL.
 *
 * @param client             the client koldy stands in for, for messages ("psql")
 * @param blockStatement     the first words of a statement whose body nests {@code BEGIN}/{@code CASE}
 *                           ... {@code END} (matched against its upper-case words joined by one space),
 *                           or null
 * @param executableComments MySQL's {@code /*!NNNNN ... *}{@code /}: a comment the server runs
 * @param clientCommand      a line that is a client command when a statement starts on it, or null
 * @param harmlessCommand    a client command line that asks nothing of the server, skipped, or null
 * @param clientStatement    a statement only the client can run (its data follows in the file), or null
 * @param stripsComments     the client sends statements without their comments (so a stored routine's
 *                           text holds none), and a {@code --} comment needs a space after it
 * @param keepsCarriageReturns the client sends a CRLF file's CRs to the server (into routine bodies)
 */
public record SqlSyntax(String client, boolean backslashEscapes, boolean dollarQuotes, boolean hashComments,
                        boolean nestedBlockComments, boolean delimiterCommand, boolean executableComments,
                        Pattern blockStatement, Pattern clientCommand, Pattern harmlessCommand,
                        Pattern clientStatement, boolean stripsComments, boolean keepsCarriageReturns) {

    /** SQLite as sqlite3 reads it: {@code CREATE TRIGGER ... BEGIN ...; END}; dot commands. */
    public static final SqlSyntax SQLITE = new SqlSyntax("sqlite3", false, false, false, false, false, false,
            Pattern.compile("CREATE (TEMP |TEMPORARY )?TRIGGER\\b"), Pattern.compile("[ \\t]*\\.[A-Za-z]"), null, null,
            false, false);
    /**
     * PostgreSQL as psql reads it: {@code $tag$} bodies, {@code E'...'} strings, nested block
     * comments, {@code BEGIN ATOMIC ... END} routine bodies; backslash commands, of which pg_dump's
     * {@code \\restrict} guards ask nothing of the server; {@code COPY ... FROM stdin}.
     */
    public static final SqlSyntax POSTGRES = new SqlSyntax("psql", false, true, false, true, false, false,
            Pattern.compile("CREATE (OR REPLACE )?(FUNCTION|PROCEDURE)\\b"), Pattern.compile("[ \\t]*\\\\"),
            Pattern.compile("[ \\t]*\\\\(un)?restrict\\b[^\\n]*"),
            Pattern.compile("(?is)COPY\\b.*\\bFROM\\s+STDIN\\b.*"), false, true);
    /**
     * MySQL/MariaDB as the mysql client reads it: backslash escapes, {@code #} comments, the
     * {@code DELIMITER} command, executable comments; {@code source} and {@code \.}.
     */
    public static final SqlSyntax MYSQL = new SqlSyntax("the mysql client", true, false, true, false, true, true,
            null, Pattern.compile("(?i)[ \\t]*(source[ \\t]|\\\\\\.)"), null, null, true, false);
}
