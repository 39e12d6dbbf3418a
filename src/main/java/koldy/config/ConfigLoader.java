package koldy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import koldy.KoldyException;

/**
 * Reads {@code configs/database.properties}: {@code ${VAR}} / {@code ${VAR:-fallback}} are taken
 * from the environment, and every key can be overridden by {@code KOLDY_<KEY>} ({@code .} becomes
 * {@code _}, upper-case), so a container needs no file edits.
 */
public final class ConfigLoader {

    public static final String DEFAULT_FILE = "configs/database.properties";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String DRIVER_PROPERTY_PREFIX = "property.";

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @param root       the project root; relative paths resolve against it
     * @param configFile the file named by {@code --config}, or null for the default file
     */
    public Config load(Path root, Path configFile) {
        boolean explicit = configFile != null;
        Path file = explicit ? root.resolve(configFile) : root.resolve(DEFAULT_FILE);
        String shown = explicit ? configFile.toString() : DEFAULT_FILE;
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw KoldyException.config("Configuration file " + shown + " does not exist.");
            }
            // No file: the configuration may come entirely from KOLDY_* variables (Docker).
        } catch (IOException | IllegalArgumentException e) {
            throw KoldyException.config("Cannot read configuration file " + shown + ": " + e.getMessage());
        }
        return new Reading(properties, shown, Files.exists(file)).toConfig(root);
    }

    /** One pass over one file's properties, with the environment layered on top. */
    private final class Reading {
        private final Properties properties;
        private final String fileName;
        private final boolean fileExists;

        Reading(Properties properties, String fileName, boolean fileExists) {
            this.properties = properties;
            this.fileName = fileName;
            this.fileExists = fileExists;
        }

        Config toConfig(Path root) {
            List<String> names = new ArrayList<>();
            for (String name : get("connections", "default").split(",")) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!CONNECTION_NAME.matcher(trimmed).matches()) {
                    throw error("connections", "'" + trimmed + "' is not a valid connection name"
                            + " (letters, digits and _, starting with a letter)");
                }
                if (names.contains(trimmed)) {
                    throw error("connections", "connection '" + trimmed + "' is listed twice");
                }
                names.add(trimmed);
            }
            if (names.isEmpty()) {
                throw error("connections", "lists no connection");
            }
            List<ConnectionConfig> connections = new ArrayList<>();
            for (String name : names) {
                connections.add(connection(root, name));
            }
            String state = get("koldy_migration", names.get(0)).trim();
            if (!names.contains(state)) {
                throw error("koldy_migration", "names connection '" + state
                        + "', which is not in connections (" + String.join(", ", names) + ")");
            }
            String table = get("migrations.table", Config.DEFAULT_TABLE).trim();
            if (!TABLE_NAME.matcher(table).matches()) {
                throw error("migrations.table", "'" + table + "' is not a valid table name"
                        + " (letters, digits and _, at most 63 characters, not starting with a digit)");
            }
            Path directory = root.resolve(get("migrations.directory", Config.DEFAULT_MIGRATIONS_DIRECTORY).trim())
                    .normalize();
            return new Config(root, List.copyOf(connections), state, directory, table);
        }

        private ConnectionConfig connection(Path root, String name) {
            String url = get(name + ".url", null);
            if (url == null || url.isBlank()) {
                String where = fileExists ? "in " + fileName : "(" + fileName + " does not exist)";
                throw KoldyException.config("Connection '" + name + "' has no URL: set " + name + ".url "
                        + where + " or the environment variable " + envName(name + ".url") + ".");
            }
            url = url.trim();
            if (!SupportedUrls.isSupported(url)) {
                throw error(name + ".url", "'" + Secrets.maskUrl(url) + "' is not a supported JDBC URL;"
                        + " use jdbc:sqlite:, jdbc:postgresql: or jdbc:mysql:");
            }
            Map<String, String> driverProperties = new LinkedHashMap<>();
            String prefix = name + "." + DRIVER_PROPERTY_PREFIX;
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith(prefix)) {
                    driverProperties.put(key.substring(prefix.length()), get(key, ""));
                }
            }
            String password = get(name + ".password", null);
            // Remembered, so that no message or log line shows them, whatever form a driver quotes them in.
            Secrets.remember(Secrets.valuesIn(url));
            Secrets.remember(java.util.Collections.singletonList(password));
            driverProperties.forEach((key, value) -> {
                if (Secrets.valuesIn("?" + key + "=" + value).contains(value)) {
                    Secrets.remember(List.of(value));
                }
            });
            return new ConnectionConfig(name, SupportedUrls.resolveSqlitePath(url, root),
                    get(name + ".user", null), password, Map.copyOf(driverProperties));
        }

        /** The environment override if set, else the file's value with ${VAR} substituted. */
        private String get(String key, String fallback) {
            String override = environment.get(envName(key));
            if (override != null) {
                return override;
            }
            String value = properties.getProperty(key);
            return value == null ? fallback : substitute(key, value);
        }

        private String substitute(String key, String value) {
            Matcher m = VARIABLE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String variable = m.group(1);
                String replacement = environment.get(variable);
                if (replacement == null) {
                    if (m.group(2) == null) {
                        throw error(key, "uses ${" + variable + "}, but the environment variable "
                                + variable + " is not set (write ${" + variable + ":-default} for a fallback)");
                    }
                    replacement = m.group(3);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }

        private KoldyException error(String key, String problem) {
            return KoldyException.config(fileName + ": key '" + key + "' " + problem + ".");
        }
    }

    /** A history table name, checked to be a plain identifier (it is written into SQL). */
    public static String validTable(String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw KoldyException.config("'" + table + "' is not a valid table name (letters, digits and _, at most"
                    + " 63 characters, not starting with a digit).");
        }
        return table;
    }

    static String envName(String key) {
        return "KOLDY_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
