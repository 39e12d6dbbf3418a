/**
 * The command line: parses arguments (commons-cli), finds the project root, runs one command
 * through {@link koldy.library.Koldy}, prints its events and turns its exceptions into one line and
 * an exit code. Internal: nothing here is API.
 */
package koldy.cli;
