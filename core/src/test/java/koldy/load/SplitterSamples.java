package koldy.load;

/** SQL that trips naive splitters, per database; unit-tested and executed on the real database. */
public final class SplitterSamples {

    private SplitterSamples() {
    }

    public static final String POSTGRES = """
            CREATE FUNCTION koldy_add(a integer, b integer) RETURNS integer AS $body$
            BEGIN
                -- a comment; inside the body
                RETURN a + b; -- semicolons; everywhere
            END;
            $body$ LANGUAGE plpgsql;
            DO $$
            BEGIN
                PERFORM koldy_add(1, 2);
            END
            $$;
            CREATE TABLE koldy_dollars (v text DEFAULT E'it\\'s; $1');
            CREATE FUNCTION koldy_sign(x integer) RETURNS integer LANGUAGE sql
            BEGIN ATOMIC
                SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
            END;
            """;

    public static final String MYSQL = """
            CREATE TABLE koldy_audit (n integer, note varchar(50) DEFAULT 'it\\'s; here');
            CREATE TABLE koldy_counted (id integer);
            /*!40101 SET @koldy_saved_mode = @@SQL_MODE */;
            /*!50001 CREATE VIEW koldy_audit_view AS SELECT n FROM koldy_audit */;

            --
            -- Triggers (a comment before DELIMITER, as in Sakila)
            --
            DELIMITER //
            CREATE TRIGGER koldy_count AFTER INSERT ON koldy_counted FOR EACH ROW
            BEGIN
                UPDATE koldy_audit SET n = n + 1;
                UPDATE koldy_audit SET note = 'counted; again';
            END//
            DELIMITER ;
            INSERT INTO koldy_audit (n) VALUES (0) # a hash comment; MySQL only
            """;

    public static final String SQLITE = """
            CREATE TABLE koldy_audit (n integer, note varchar(50) DEFAULT 'it''s; here');
            CREATE TABLE koldy_counted (id integer);
            -- a comment line just above the trigger, and CASE ... END inside its body
            CREATE TRIGGER koldy_count AFTER INSERT ON koldy_counted
            BEGIN
                UPDATE koldy_audit SET n = n + CASE WHEN new.id > 0 THEN 1 ELSE 0 END;
                UPDATE koldy_audit SET note = 'counted; again';
            END;
            INSERT INTO koldy_audit (n) VALUES (0);
            """;
}
