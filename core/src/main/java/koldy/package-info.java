/**
 * koldy's API: what a migration uses ({@link koldy.Migration}, {@link koldy.Db}, {@link koldy.Query}
 * and the table statements) and what the library takes and returns ({@link koldy.MigrateOptions},
 * {@link koldy.RollbackOptions}, {@link koldy.Applied}, {@link koldy.Status}, {@link koldy.RunEvent},
 * {@link koldy.KoldyException} and its {@link koldy.KoldyException.Reason}). With
 * {@link koldy.library.Koldy}, the entry point, this package is the whole API: every other
 * package is koldy's own and may change between versions.
 */
package koldy;
