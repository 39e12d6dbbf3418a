/**
 * The configured connections as pools (HikariCP over one driver each), opened on first use and
 * closed with the run; a database that is still starting is waited for. Internal.
 */
package koldy.db;
