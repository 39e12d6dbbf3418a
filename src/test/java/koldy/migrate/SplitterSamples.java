package koldy.migrate;

/** SQL that trips naive splitters, per database; unit-tested and executed on the real database. */
final class SplitterSamples {

    private SplitterSamples() {
    }

    static final String POSTGRES = """
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
            """;

    static final String MYSQL = """
            CREATE TABLE koldy_audit (n integer, note varchar(50) DEFAULT 'it\\'s; here');
            CREATE TABLE koldy_counted (id integer);
            DELIMITER //
            CREATE TRIGGER koldy_count AFTER INSERT ON koldy_counted FOR EACH ROW
            BEGIN
                UPDATE koldy_audit SET n = n + 1;
                UPDATE koldy_audit SET note = 'counted; again';
            END//
            DELIMITER ;
            INSERT INTO koldy_audit (n) VALUES (0) # a hash comment; MySQL only
            """;

    static final String SQLITE = """
            CREATE TABLE koldy_audit (n integer, note varchar(50) DEFAULT 'it''s; here');
            CREATE TABLE koldy_counted (id integer);
            CREATE TRIGGER koldy_count AFTER INSERT ON koldy_counted
            BEGIN
                UPDATE koldy_audit SET n = n + 1;
                UPDATE koldy_audit SET note = 'counted; again';
            END;
            INSERT INTO koldy_audit (n) VALUES (0);
            """;
}
