/**
 * koldy as a module: its API is package {@code koldy} (what a migration uses, what the library
 * takes and returns) and {@code koldy.library} (the entry point). Every other package is koldy's
 * own, is not exported, and may change between versions. On the class path (a Spring Boot fat jar,
 * the command line's jar) the same line holds by convention: each internal package's
 * {@code package-info} says so.
 */
module koldy {
    exports koldy;
    exports koldy.library;

    requires transitive java.sql;
    requires java.logging;
    requires com.zaxxer.hikari;
    requires org.apache.logging.log4j;
    // the compiler of Java migrations: absent from a JRE, which runs packaged migrations only
    requires static java.compiler;
    // the command line's own: an application that embeds koldy brings neither
    requires static org.apache.commons.cli;
    requires static org.apache.logging.log4j.core;
    requires static org.slf4j;
    // the drivers are the application's choice; koldy names their classes for what JDBC does
    // not say (a session's id, a reset, SQLite's native library). mysql-connector-j names no
    // module, so its jar's name stands in
    requires static org.postgresql.jdbc;
    requires static mysql.connector.j;
    requires static org.xerial.sqlitejdbc;

    // which logging an application brings is found, not assumed
    uses org.apache.logging.log4j.spi.Provider;
    uses org.slf4j.spi.SLF4JServiceProvider;
}
