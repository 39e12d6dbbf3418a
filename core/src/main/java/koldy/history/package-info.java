/**
 * The history: the tables {@code koldy_migration} and {@code <table>_run} ({@code HistoryTable}:
 * reading them, bringing them to koldy's shape, each write fenced by the run lock), the
 * connection they live on ({@code HistoryConnection}: read it, or work under the run lock), and
 * the way a migration runs ({@code Direction}) with the run states it records. Internal.
 */
package koldy.history;
