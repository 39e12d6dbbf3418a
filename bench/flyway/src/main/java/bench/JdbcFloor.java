package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A floor script (BEGIN; ...; COMMIT; per migration) through the JDBC driver koldy uses, in one
 * session, with nothing else: what any JVM tool pays for the driver and a JVM start, so the
 * benchmark can tell koldy's own cost from the driver's. Like koldy, it instantiates the one driver
 * it needs (DriverManager would load every driver on the class path). The scripts hold no ';'
 * inside literals. A query's rows are read to the end, every column as text, as a tool reads its
 * history table.
 */
public final class JdbcFloor {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -cp flyway-runner.jar bench.JdbcFloor <jdbc-url> <script.sql>");
            System.exit(2);
        }
        String script = Files.readString(Path.of(args[1]));
        String url = args[0];
        Driver driver = url.startsWith("jdbc:sqlite:") ? new org.sqlite.JDBC()
                : url.startsWith("jdbc:postgresql:") ? new org.postgresql.Driver()
                : new com.mysql.cj.jdbc.Driver();
        try (Connection connection = driver.connect(url, new Properties());
             Statement statement = connection.createStatement()) {
            for (String sql : script.split(";")) {
                if (!sql.isBlank() && statement.execute(sql)) {
                    readAll(statement.getResultSet());
                }
            }
        }
    }

    private static void readAll(ResultSet rows) throws SQLException {
        try (rows) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    rows.getString(column);
                }
            }
        }
    }
}
