package koldy.dialect;

/**
 * The lexical rules a statement splitter must know to find where a statement ends: which quotes
 * escape with a backslash, whether dollar quotes exist, which comment forms are valid.
 */
public record SqlSyntax(boolean backslashEscapes, boolean dollarQuotes, boolean hashComments,
                        boolean nestedBlockComments, boolean delimiterCommand, boolean triggerBodies) {

    /** SQLite: standard quoting; {@code CREATE TRIGGER ... BEGIN ...; END} bodies hold semicolons. */
    public static final SqlSyntax SQLITE = new SqlSyntax(false, false, false, false, false, true);
    /** PostgreSQL: {@code $tag$ ... $tag$} bodies, {@code E'...'} strings, nested block comments. */
    public static final SqlSyntax POSTGRES = new SqlSyntax(false, true, false, true, false, false);
    /** MySQL/MariaDB: backslash escapes, {@code #} comments, the client's {@code DELIMITER} command. */
    public static final SqlSyntax MYSQL = new SqlSyntax(true, false, true, false, true, false);
}
