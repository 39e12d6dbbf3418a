/**
 * What differs between SQLite, PostgreSQL and MySQL/MariaDB, behind one small interface
 * ({@link koldy.dialect.Dialect}): the driver, SQL syntax for splitting files, the run lock each
 * uses; in {@link koldy.dialect.HistorySql}, the history tables' DDL (one template, each
 * database's types in its slots) and reads; in {@link koldy.dialect.Sessions}, what koldy does to
 * their sessions. Internal.
 */
package koldy.dialect;
