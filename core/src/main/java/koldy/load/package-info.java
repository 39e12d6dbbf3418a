/**
 * Loading migrations into plain values the runner executes: finding the files (a directory, or
 * the class path the build packaged), checksums, parsing and splitting SQL files, compiling Java
 * migrations and their cache, creating new migration files, and packaging them for the class
 * path. Nothing here touches the history or takes a lock. Internal.
 */
package koldy.load;
