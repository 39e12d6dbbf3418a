/**
 * Reading the configuration: {@code configs/database.properties}, {@code KOLDY_*} variables and
 * {@code ${VAR}} substitution, into a {@link koldy.config.Config}; which URLs koldy supports, and
 * how secrets are kept out of every output. Internal.
 */
package koldy.config;
