package koldy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import koldy.dialect.SqlSyntax;
import koldy.load.StatementSplitter.Statement;

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
        assertEquals(4, statements.size(), statements.toString());
        assertTrue(statements.get(3).startsWith("CREATE FUNCTION koldy_sign") && statements.get(3).endsWith("END"));
        assertTrue(statements.get(0).startsWith("CREATE FUNCTION koldy_add(a integer, b integer)"));
        assertTrue(statements.get(0).endsWith("$body$ LANGUAGE plpgsql"), statements.get(0));
        assertTrue(statements.get(1).startsWith("DO $$") && statements.get(1).endsWith("$$"), statements.get(1));
        assertEquals("CREATE TABLE koldy_dollars (v text DEFAULT E'it\\'s; $1')", statements.get(2));
    }

    @Test
    void mysqlDelimiterForTriggersAndBackslashEscapes() {
        List<String> statements = sql(SqlSyntax.MYSQL, SplitterSamples.MYSQL);
        assertEquals(6, statements.size(), statements.toString());
        assertEquals("CREATE TABLE koldy_audit (n integer, note varchar(50) DEFAULT 'it\\'s; here')",
                statements.get(0));
        assertEquals("/*!40101 SET @koldy_saved_mode = @@SQL_MODE */", statements.get(2));
        assertTrue(statements.get(3).startsWith("/*!50001 CREATE VIEW"), statements.get(3));
        assertTrue(statements.get(4).startsWith("CREATE TRIGGER koldy_count") && statements.get(4).endsWith("END"),
                statements.get(4));
        assertEquals("INSERT INTO koldy_audit (n) VALUES (0)", statements.get(5)); // sent without its comment
    }

    /** As the mysql client reads a file: a line that starts with '--' while nothing is pending is a comment. */
    @Test
    void mysqlLineStartingWithDashDashBetweenStatementsIsAComment() {
        assertEquals(List.of("SELECT 1", "SELECT 5--1", "SELECT 2\n--x\n+3"),
                sql(SqlSyntax.MYSQL, "--no space, nothing pending\nSELECT 1;\nSELECT 5--1;\n--x\nSELECT 2\n--x\n+3;\n"));
    }

    /** Like the mysql client: comments stay out of what is sent (and of stored routines); --x is no comment. */
    @Test
    void mysqlStatementsGoWithoutTheirCommentsAsTheClientSendsThem() {
        assertEquals(List.of("SELECT 5--1", "SELECT 1 +2", "SELECT '-- kept', 3"),
                sql(SqlSyntax.MYSQL, "SELECT 5--1;\n/* c */SELECT 1 /* c */+2; # c\nSELECT '-- kept', 3; -- c\n"));
        assertEquals(List.of("SELECT 5--1;"), sql(SqlSyntax.POSTGRES, "SELECT 5--1;\n")); // the ; is in the comment
    }

    @Test
    void sqliteTriggerBodyKeepsItsSemicolons() {
        List<String> statements = sql(SqlSyntax.SQLITE, SplitterSamples.SQLITE);
        assertEquals(4, statements.size(), statements.toString());
        assertTrue(statements.get(2).contains("\nCREATE TRIGGER koldy_count") && statements.get(2).endsWith("END"),
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

    @Test
    void delimiterAfterACommentAsInSakila() {
        List<String> statements = sql(SqlSyntax.MYSQL, "CREATE TABLE t (id INT);\n\n-- Triggers for loading film_text\n"
                + "-- from films\nDELIMITER ;;\nCREATE TRIGGER t_ins AFTER INSERT ON t FOR EACH ROW BEGIN\n"
                + "  SET @n = 1;\nEND;;\ndelimiter ;\nSELECT 1;\n");
        assertEquals(List.of("CREATE TABLE t (id INT)",
                "CREATE TRIGGER t_ins AFTER INSERT ON t FOR EACH ROW BEGIN\n  SET @n = 1;\nEND", "SELECT 1"), statements);
    }

    @Test
    void mysqlExecutableCommentsAreSentAsTheDumpWroteThem() {
        List<String> statements = sql(SqlSyntax.MYSQL, "/*!40014 SET @OLD_FK=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
                + "/*M!100100 SET NAMES utf8mb4 */;\n/* just a comment */;\n"
                + "DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER x"
                + " BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END */;;\nDELIMITER ;\n");
        assertEquals(3, statements.size(), statements.toString());
        assertEquals("/*!40014 SET @OLD_FK=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */", statements.get(0));
        assertEquals("/*M!100100 SET NAMES utf8mb4 */", statements.get(1));
        assertTrue(statements.get(2).startsWith("/*!50003 CREATE*/") && statements.get(2).endsWith("END */"));
        // elsewhere the same text is a comment
        assertEquals(List.of(), sql(SqlSyntax.POSTGRES, "/*!40014 SET x = 0 */;\n"));
    }

    @Test
    void sqliteTriggerBodiesAsSqlite3ReadsThem() {
        List<String> statements = sql(SqlSyntax.SQLITE, "-- the audit trigger\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                + "  UPDATE t SET b = CASE WHEN new.a > 0 THEN 1 ELSE 2 END;\n  INSERT INTO log VALUES (new.a);\nEND;\n"
                + "CREATE TABLE begin_end (\"end\" int);\n");
        assertEquals(2, statements.size(), statements.toString());
        assertTrue(statements.get(0).endsWith("INSERT INTO log VALUES (new.a);\nEND"), statements.get(0));
    }

    @Test
    void postgresBeginAtomicBodies() {
        List<String> statements = sql(SqlSyntax.POSTGRES, "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\n"
                + "BEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT x + 1;\nEND;\n"
                + "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;\nBEGIN;\nEND;\n");
        assertEquals(4, statements.size(), statements.toString());
        assertTrue(statements.get(0).endsWith("SELECT x + 1;\nEND"), statements.get(0));
        assertEquals(List.of("BEGIN", "END"), statements.subList(2, 4));
    }

    @Test
    void clientCommandsAreNamedAtTheirLine() {
        String[][] cases = {
                {"POSTGRES", "SELECT 1;\n\\connect other\n", "line 2: '\\connect other' is a command of psql"},
                // anywhere on a line, outside quotes, as psql reads it: the statement is sent by \gexec
                {"POSTGRES", "SELECT 1;\nSELECT format('GRANT ALL ON %I TO app', tablename)\n  FROM pg_tables \\gexec\n",
                        "line 3: '\\gexec' is a command of psql"},
                {"POSTGRES", "CREATE TABLE t (a int);\n\nCOPY public.t (a) FROM stdin;\n1\n\\.\n",
                        "line 3: 'COPY public.t (a) FROM stdin' is run by psql"},
                {"MYSQL", "SELECT 1;\n  source other.sql\n", "line 2: 'source other.sql' is a command of the mysql client"},
                {"SQLITE", "-- x\n.mode csv\n", "line 2: '.mode csv' is a command of sqlite3"},
        };
        for (String[] c : cases) {
            SqlSyntax syntax = c[0].equals("POSTGRES") ? SqlSyntax.POSTGRES : c[0].equals("MYSQL") ? SqlSyntax.MYSQL
                    : SqlSyntax.SQLITE;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sql(syntax, c[1]));
            assertTrue(e.getMessage().startsWith(c[2]), c[2] + " <> " + e.getMessage());
        }
        // pg_dump's \restrict guard asks nothing of the server
        assertEquals(List.of("SET x = 1", "SELECT 1"),
                sql(SqlSyntax.POSTGRES, "\\restrict abc123\nSET x = 1;\nSELECT 1;\n\\unrestrict abc123\n"));
    }

    @Test
    void byteOrderMarkAndCrlf() {
        String text = SourceText.decode("\uFEFF-- koldy:up\r\nCREATE TABLE a (x int);\r\n-- koldy:down\r\nDROP TABLE a;\r\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "m.sql");
        SqlScript script = SqlScript.parse(text, "m.sql", c -> SqlSyntax.MYSQL);
        assertEquals(List.of("CREATE TABLE a (x int)"), script.up().stream().map(Statement::sql).toList());
        assertEquals(List.of("DROP TABLE a"), script.down().stream().map(Statement::sql).toList());
    }

    @Test
    void textThatIsNotUtf8NamesItsLine() {
        byte[] latin1 = "-- koldy:up\nINSERT INTO t VALUES ('caf\u00e9');\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        koldy.KoldyException e = assertThrows(koldy.KoldyException.class, () -> SourceText.decode(latin1, "m.sql"));
        assertTrue(e.getMessage().startsWith("m.sql:2: is not UTF-8 text"), e.getMessage());
    }
}
