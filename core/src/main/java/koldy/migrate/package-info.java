/**
 * Running migrations: the operations ({@code Migrator}), deciding what runs and every refusal
 * ({@code Plan}, no database), running each migration in its transaction with its history row
 * under the held lock ({@code Steps}), the session a migration's statements run in
 * ({@code MigrationSession}), and the dry run. It runs what {@link koldy.load} loaded and
 * records it through {@link koldy.history}. Internal.
 */
package koldy.migrate;
