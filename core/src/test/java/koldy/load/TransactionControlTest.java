package koldy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import koldy.KoldyException;
import koldy.dialect.SqlSyntax;

/** Statements that would end koldy's transaction are told apart from the ones that only look alike. */
class TransactionControlTest {

    @Test
    void statementsThatEndOrReplaceTheTransaction() {
        assertEquals("BEGIN", TransactionControl.find("BEGIN"));
        assertEquals("BEGIN", TransactionControl.find("begin transaction"));
        assertEquals("BEGIN", TransactionControl.find("-- psql style\nBEGIN WORK"));
        assertEquals("START TRANSACTION", TransactionControl.find("START TRANSACTION READ WRITE"));
        assertEquals("COMMIT", TransactionControl.find("/* done */ COMMIT"));
        assertEquals("END", TransactionControl.find("END TRANSACTION"));
        assertEquals("ROLLBACK", TransactionControl.find("ROLLBACK"));
        assertEquals("ABORT", TransactionControl.find("abort"));
        assertEquals("SET autocommit", TransactionControl.find("SET autocommit = 1"));
        assertEquals("SET autocommit", TransactionControl.find("SET @@SESSION.autocommit=0"));
        assertEquals("SET autocommit", TransactionControl.find("/*!40101 SET AUTOCOMMIT=0 */"));
        assertEquals("XA START", TransactionControl.find("XA START 'x'"));
    }

    @Test
    void statementsThatStayInsideIt() {
        assertNull(TransactionControl.find("SAVEPOINT before_backfill"));
        assertNull(TransactionControl.find("ROLLBACK TO SAVEPOINT before_backfill"));
        assertNull(TransactionControl.find("ROLLBACK WORK TO before_backfill"));
        assertNull(TransactionControl.find("RELEASE SAVEPOINT before_backfill"));
        assertNull(TransactionControl.find("BEGIN NOT ATOMIC SELECT 1; END"));
        assertNull(TransactionControl.find("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; END"));
        assertNull(TransactionControl.find("DO $$ BEGIN PERFORM 1; COMMIT; END $$"));
        assertNull(TransactionControl.find("SET search_path = app"));
        assertNull(TransactionControl.find("INSERT INTO log VALUES ('COMMIT')"));
        assertNull(TransactionControl.find("START SLAVE"));
    }

    /** The psql-style file of the report: refused when parsed, naming the line and both ways out. */
    @Test
    void aTransactionalSqlFileWithBeginAndCommitIsRefusedAtItsLine() {
        String psqlStyle = "-- koldy:up\nBEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\n-- koldy:down\nDELETE FROM t;\n";
        KoldyException e = assertThrows(KoldyException.class,
                () -> SqlScript.parse(psqlStyle, "1_X.sql", connection -> SqlSyntax.POSTGRES));
        assertEquals(KoldyException.Reason.INVALID_MIGRATION, e.reason());
        assertTrue(e.getMessage().startsWith("1_X.sql:2: BEGIN would end the transaction koldy runs this migration"
                + " in"), e.getMessage());
        assertTrue(e.getMessage().contains("'-- koldy:no-transaction'"), e.getMessage());

        KoldyException down = assertThrows(KoldyException.class, () -> SqlScript.parse(
                "-- koldy:up\nCREATE TABLE a (x int);\n-- koldy:down\nDROP TABLE a;\nCOMMIT;\n", "2_Y.sql",
                connection -> SqlSyntax.SQLITE));
        assertTrue(down.getMessage().startsWith("2_Y.sql:5: COMMIT would end"), down.getMessage());

        SqlScript outside = SqlScript.parse("-- koldy:no-transaction\n" + psqlStyle, "1_X.sql",
                connection -> SqlSyntax.POSTGRES);
        assertEquals(3, outside.up().size(), "without koldy's transaction, the file's own runs as psql runs it");
    }
}
