package koldy.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import koldy.KoldyException;
import koldy.dialect.SqlSyntax;

/** What an SQL file says about its down section: statements, nothing, or nothing on purpose. */
class SqlScriptTest {

    private static SqlScript parse(String content) {
        return SqlScript.parse(content, "1_X.sql", connection -> SqlSyntax.SQLITE);
    }

    @Test
    void aDownWithStatementsIsReversible() {
        assertTrue(parse("-- koldy:up\nCREATE TABLE t (id integer);\n-- koldy:down\nDROP TABLE t;\n").reversible());
    }

    @Test
    void aMissingOrBlankDownIsNotReversible() {
        assertFalse(parse("-- koldy:up\nCREATE TABLE t (id integer);\n").reversible());
        assertFalse(parse("-- koldy:up\nCREATE TABLE t (id integer);\n-- koldy:down\n-- nothing yet\n").reversible());
    }

    @Test
    void aDownDeclaredEmptyIsReversible() {
        SqlScript script = parse("-- koldy:up\nINSERT INTO t VALUES (1);\n-- koldy:down empty\n");
        assertTrue(script.reversible());
        assertEquals(0, script.down().size());
    }

    @Test
    void aDownDeclaredEmptyWithStatementsOrAnotherWordIsAnError() {
        KoldyException withStatements = assertThrows(KoldyException.class,
                () -> parse("-- koldy:up\nINSERT INTO t VALUES (1);\n-- koldy:down empty\nDELETE FROM t;\n"));
        assertEquals("1_X.sql:4: a statement after '-- koldy:down empty', which says the down section has none.",
                withStatements.getMessage());
        KoldyException otherWord = assertThrows(KoldyException.class,
                () -> parse("-- koldy:up\nINSERT INTO t VALUES (1);\n-- koldy:down nothing\n"));
        assertTrue(otherWord.getMessage().startsWith("1_X.sql:3: '-- koldy:down nothing': the only word it takes is"
                + " 'empty'"), otherWord.getMessage());
    }

    @Test
    void anUpWithoutStatementsIsAppliedOnlyWhenDeclaredEmpty() {
        assertTrue(parse("-- koldy:up\nCREATE TABLE t (id integer);\n").applicable());
        assertFalse(parse("-- koldy:up\n-- ALTER TABLE users ADD is_active smallint;\n-- koldy:down\n").applicable(),
                "the untouched template");
        assertTrue(parse("-- koldy:up empty\n-- koldy:down\nDROP TABLE t;\n").applicable());
        KoldyException withStatements = assertThrows(KoldyException.class,
                () -> parse("-- koldy:up empty\nINSERT INTO t VALUES (1);\n"));
        assertEquals("1_X.sql:2: a statement after '-- koldy:up empty', which says the up section has none.",
                withStatements.getMessage());
        assertThrows(KoldyException.class, () -> parse("-- koldy:up later\nINSERT INTO t VALUES (1);\n"));
    }

    /** Split once to validate (an error anywhere is found before anything runs), again as it runs. */
    @Test
    void aLargeFileIsValidatedWholeThenSplitStatementByStatement() {
        StringBuilder file = new StringBuilder("-- koldy:up\nCREATE TABLE t (id integer, note text);\n");
        for (int i = 0; i < 100_000; i++) {
            file.append("INSERT INTO t VALUES (").append(i).append(", 'a; ''b'' -- c');\n");
        }
        SqlScript script = parse(file + "-- koldy:down\nDROP TABLE t;\n");
        int[] seen = {0, 0};
        script.eachUp(statement -> {
            seen[0]++;
            seen[1] = statement.line();
        });
        assertEquals(100_001, seen[0]);
        assertEquals(100_002, seen[1], "the last statement's line");
        KoldyException late = assertThrows(KoldyException.class,
                () -> parse(file + "-- koldy:down\nDROP TABLE 'oops;\n"));
        assertTrue(late.getMessage().startsWith("1_X.sql: line 100004: quote ' is never closed"), late.getMessage());
    }
}
