/**
 * The runner: finding migration files (a directory, or the class path), compiling Java ones,
 * parsing SQL ones, deciding what runs ({@code Plan}, no database), running each in its
 * transaction with its history row ({@code Steps}), and the history table itself. Internal.
 */
package koldy.migrate;
