/**
 * The entry point for applications and tools: {@link koldy.library.Koldy#configure()} builds a
 * runner over a configuration file, URLs or an application's {@code DataSource}, and its operations
 * return the API types of package {@code koldy}. The command line, the Maven plugin and the Spring
 * Boot starter all go through it.
 */
package koldy.library;
