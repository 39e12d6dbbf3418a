/**
 * The run lock that makes concurrent runs apply each migration once: a database session's lock
 * (PostgreSQL advisory, MySQL GET_LOCK), a lease row (a Galera cluster), an OS file lock (SQLite);
 * {@link koldy.lock.HeldLock} waits for it, keeps it alive and verifies it. Internal.
 */
package koldy.lock;
