/**
 * What differs between SQLite, PostgreSQL and MySQL/MariaDB, behind one small interface
 * ({@link koldy.dialect.Dialect}): SQL syntax for splitting files, the history table's DDL and
 * reads, the run lock each uses, and, in {@link koldy.dialect.Sessions}, what koldy does to their
 * sessions. Internal.
 */
package koldy.dialect;
