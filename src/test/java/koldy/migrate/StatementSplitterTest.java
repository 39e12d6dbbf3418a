package koldy.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import koldy.dialect.SqlSyntax;
import koldy.migrate.StatementSplitter.Statement;

class StatementSplitterTest {

    /** Each also runs on its real database in the contract suite (see SplitterSamples). */
    private static List<String> sql(SqlSyntax syntax, String text) {
        return new StatementSplitter(syntax).split(text, 1).stream().map(Statement::sql).toList();
    }

    @Test
    void semicolonsInsideStringsAndCommentsDoNotSplit() {
        String text = "INSERT INTO t VALUES ('a;b', \"c;d\"); -- a comment; with semicolons\n"
                + "/* block; comment */ UPDATE t SET x = 'it''s; fine';\n"
                + ";;\n"
                + "-- only a comment at the end;\n";
        assertEquals(List.of("INSERT INTO t VALUES ('a;b', \"c;d\")",
                        "-- a comment; with semicolons\n/* block; comment */ UPDATE t SET x = 'it''s; fine'"),
                sql(SqlSyntax.SQLITE, text));
    }

    @Test
    void postgresDollarQuotedFunctionBodyAndDoBlock() {
        String text = SplitterSamples.POSTGRES;
        List<String> statements = sql(SqlSyntax.POSTGRES, text);
        assertEquals(3, statements.size(), statements.toString());
        assertTrue(statements.get(0).startsWith("CREATE FUNCTION koldy_add(a integer, b integer)"));
        assertTrue(statements.get(0).endsWith("$body$ LANGUAGE plpgsql"), statements.get(0));
        assertTrue(statements.get(1).startsWith("DO $$") && statements.get(1).endsWith("$$"), statements.get(1));
        assertEquals("CREATE TABLE koldy_dollars (v text DEFAULT E'it\\'s; $1')", statements.get(2));
    }

    @Test
    void mysqlDelimiterForTriggersAndBackslashEscapes() {
        List<String> statements = sql(SqlSyntax.MYSQL, SplitterSamples.MYSQL);
        assertEquals(4, statements.size(), statements.toString());
        assertEquals("CREATE TABLE koldy_audit (n integer, note varchar(50) DEFAULT 'it\\'s; here')",
                statements.get(0));
        assertTrue(statements.get(2).startsWith("CREATE TRIGGER koldy_count") && statements.get(2).endsWith("END"),
                statements.get(2));
        assertEquals("INSERT INTO koldy_audit (n) VALUES (0) # a hash comment; MySQL only", statements.get(3));
    }

    @Test
    void sqliteTriggerBodyKeepsItsSemicolons() {
        List<String> statements = sql(SqlSyntax.SQLITE, SplitterSamples.SQLITE);
        assertEquals(4, statements.size(), statements.toString());
        assertTrue(statements.get(2).startsWith("CREATE TRIGGER koldy_count") && statements.get(2).endsWith("END"),
                statements.get(2));
    }

    @Test
    void eachStatementKnowsItsLine() {
        List<Statement> statements = new StatementSplitter(SqlSyntax.SQLITE)
                .split("\n-- first\nCREATE TABLE a (x int);\n\n  CREATE TABLE b\n  (x int);\n", 10);
        assertEquals(12, statements.get(0).line());
        assertEquals(14, statements.get(1).line());
    }

    @Test
    void anUnclosedQuoteNamesItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StatementSplitter(SqlSyntax.SQLITE).split("SELECT 1;\nSELECT 'oops;\n", 1));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void sqlScriptSectionsAndDirectives() {
        SqlScript script = SqlScript.parse("-- a note\n-- koldy:no-transaction\n-- koldy:up\nCREATE TABLE a (x int);\n"
                + "CREATE INDEX i ON a (x);\n-- koldy:down\nDROP TABLE a;\n", "m.sql", c -> SqlSyntax.POSTGRES);
        assertEquals(2, script.up().size());
        assertEquals(4, script.up().get(0).line());
        assertEquals(List.of("DROP TABLE a"), script.down().stream().map(Statement::sql).toList());
        assertEquals(false, script.transactional());
    }

    @Test
    void sqlScriptErrorsNameFileAndLine() {
        String[][] cases = {
                {"CREATE TABLE a (x int);\n", "m.sql: has no '-- koldy:up'"},
                {"-- koldy:up\nSELECT 1;\n-- koldy:sideways\n", "m.sql:3: unknown directive"},
                {"-- koldy:up\nSELECT 1;\n-- koldy:no-transaction\n", "m.sql:3: '-- koldy:no-transaction' belongs at the top"},
                {"SELECT 1;\n-- koldy:up\n", "m.sql:1: SQL before"},
                {"-- koldy:up\nSELECT 'x;\n", "m.sql: line 2: quote ' is never closed"},
        };
        for (String[] c : cases) {
            koldy.KoldyException e = assertThrows(koldy.KoldyException.class,
                    () -> SqlScript.parse(c[0], "m.sql", x -> SqlSyntax.SQLITE));
            assertTrue(e.getMessage().startsWith(c[1]), c[1] + " <> " + e.getMessage());
        }
    }
}
