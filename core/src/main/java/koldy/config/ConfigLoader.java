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
import koldy.util.Spelling;

/**
 * Reads {@code configs/database.properties}: {@code ${VAR}} / {@code ${VAR:-fallback}} are taken
 * from the environment, and every key can be overridden by {@code KOLDY_<KEY>} ({@code .} becomes
 * {@code _}, upper-case), so a container needs no file edits.
 */
public final class ConfigLoader {

    public static final String DEFAULT_FILE = "configs/database.properties";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /**
     * At most 55 characters: koldy derives {@code u_<table>_script} (its unique index),
     * {@code <table>_run} and {@code <table>_lock} from it, which must fit MySQL's 64-character
     * limit (PostgreSQL's is 63).
     */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,54}");
    /** Words that PostgreSQL, MySQL or SQLite reserve: unquoted, as koldy writes the name, they fail. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("all", "alter", "analyze", "and", "any",
            "as", "asc", "between", "both", "by", "call", "case", "cast", "check", "collate", "column", "condition",
            "constraint", "create", "cross", "current_date", "current_time", "current_timestamp", "current_user",
            "database", "databases", "default", "delete", "desc", "describe", "distinct", "drop", "else", "end",
            "except", "exists", "explain", "false", "fetch", "for", "foreign", "from", "grant", "group", "having",
            "if", "in", "index", "inner", "insert", "intersect", "interval", "into", "is", "join", "key", "keys",
            "leading", "left", "like", "limit", "lock", "natural", "not", "null", "offset", "on", "or", "order",
            "outer", "primary", "range", "references", "rename", "replace", "return", "revoke", "right", "row",
            "rows", "schema", "select", "set", "show", "table", "then", "to", "trailing", "trigger", "true", "union",
            "unique", "update", "usage", "use", "user", "using", "values", "when", "where", "window", "with");
    private static final String TABLE_RULE = "letters, digits and _, at most 55 characters, not starting with a"
            + " digit, not a reserved word";
    private static final String DRIVER_PROPERTY_PREFIX = "property.";
    private static final List<String> CONNECTION_KEYS = List.of("url", "user", "password");
    private static final List<String> TENANT_KEYS = List.of("tenants.url", "tenants.user", "tenants.password",
            "tenants.list", "tenants.query", "tenants.pattern", "tenants.query_connection", "tenants.directory",
            "tenants.parallel");

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @param root       the project root; relative paths resolve against it
     * @param configFile the file named by {@code --config}, or null for the default file
     */
    public Config load(Path root, Path configFile) {
        if (!Files.isDirectory(root)) {
            throw KoldyException.config("Project root " + root + (Files.exists(root) ? " is not a directory."
                    : " does not exist.") + " Give the project's directory with --root or KOLDY_ROOT, or run koldy"
                    + " from it.");
        }
        boolean explicit = configFile != null;
        Path file = explicit ? root.resolve(configFile) : root.resolve(DEFAULT_FILE);
        String shown = explicit ? configFile.toString() : DEFAULT_FILE;
        Properties properties = new SingleValuedProperties(shown);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') { // a byte-order mark (Windows editors) is not part of the first key
                reader.reset();
            }
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw KoldyException.config("Configuration file " + shown + " does not exist (project root " + root
                        + ").");
            }
            // No file: the configuration may come entirely from KOLDY_* variables (Docker).
        } catch (IOException | IllegalArgumentException e) {
            throw KoldyException.config("Cannot read configuration file " + shown + ": " + e.getMessage());
        }
        return new Reading(properties, shown, Files.exists(file)).toConfig(root);
    }

    /**
     * Tenants given in code (the Spring Boot starter's {@code koldy.tenants.*}), with the keys and
     * checks of {@code tenants.*} in the configuration file: keys without the {@code tenants.}
     * prefix ({@code url}, {@code list}, {@code query_connection} ...), null values left out.
     *
     * @param source      how a mistake names where the keys came from ("koldy.tenants.* properties")
     * @param connections the connections' names, the first the default for {@code query_connection}
     */
    public static TenantsConfig tenants(Map<String, String> keys, String source, Path root, List<String> connections) {
        Properties properties = new Properties();
        keys.forEach((key, value) -> {
            if (value != null) {
                properties.setProperty("tenants." + key, value);
            }
        });
        for (String key : properties.stringPropertyNames()) {
            if (!TENANT_KEYS.contains(key)) {
                throw KoldyException.config(source + ": '" + key.substring("tenants.".length())
                        + "' is not a tenants key (known: " + String.join(", ", TENANT_KEYS.stream()
                        .map(k -> k.substring("tenants.".length())).toList()) + ").");
            }
        }
        return new ConfigLoader(Map.of()).new Reading(properties, source, true).tenants(root, connections);
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
            // a misspelled key first: 'default.uri' is better reported as such than as a missing URL
            rejectUnknownKeys(names);
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
            if (!validTableName(table)) {
                throw error("migrations.table", "'" + table + "' is not a valid table name (" + TABLE_RULE + ")");
            }
            Path directory = root.resolve(get("migrations.directory", Config.DEFAULT_MIGRATIONS_DIRECTORY).trim())
                    .normalize();
            return new Config(root, List.copyOf(connections), state, directory, table, lockWaits(),
                    tenants(root, names), null, ignoredFiles());
        }

        /** The tenants, when tenants.url is set; the rest of tenants.* checked against it. */
        private TenantsConfig tenants(Path root, List<String> connections) {
            String url = get("tenants.url", null);
            boolean anyOther = TENANT_KEYS.stream()
                    .anyMatch(key -> !key.equals("tenants.url") && get(key, null) != null);
            if (url == null || url.isBlank()) {
                if (anyOther) {
                    throw error("tenants.url", "is not set, but other tenants.* keys are: set it to the tenants' JDBC"
                            + " URL with " + TenantsConfig.PLACEHOLDER + " where a tenant's name goes");
                }
                return null;
            }
            url = url.trim();
            if (!url.contains(TenantsConfig.PLACEHOLDER) || !SupportedUrls.isSupported(url)) {
                throw error("tenants.url", "'" + Secrets.maskUrl(url) + "' must be a supported JDBC URL ("
                        + SupportedUrls.prefixes() + ") with " + TenantsConfig.PLACEHOLDER
                        + " where a tenant's name goes,"
                        + " e.g. jdbc:postgresql://db:5432/app?currentSchema=" + TenantsConfig.PLACEHOLDER);
            }
            Secrets.remember(Secrets.valuesIn(url));
            String password = get("tenants.password", null);
            Secrets.remember(java.util.Collections.singletonList(password));
            String list = get("tenants.list", null);
            String query = get("tenants.query", null);
            String pattern = get("tenants.pattern", null);
            long sources = java.util.stream.Stream.of(list, query, pattern)
                    .filter(v -> v != null && !v.isBlank()).count();
            if (sources != 1) {
                throw error("tenants.url", "needs exactly one of tenants.list, tenants.query and tenants.pattern to say"
                        + " which tenants there are (" + (sources == 0 ? "none is" : sources + " are") + " set)");
            }
            List<String> names = null;
            if (list != null && !list.isBlank()) {
                names = new ArrayList<>();
                for (String name : list.split(",")) {
                    String trimmed = name.trim();
                    if (!trimmed.isEmpty() && !TenantsConfig.NAME.matcher(trimmed).matches()) {
                        throw error("tenants.list", "'" + trimmed + "' is not a valid tenant name ("
                                + TenantsConfig.NAME_RULE + ")");
                    }
                    if (!trimmed.isEmpty() && !names.contains(trimmed)) {
                        names.add(trimmed);
                    }
                }
                names = List.copyOf(names);
            }
            String queryConnection = get("tenants.query_connection", connections.get(0)).trim();
            if (!connections.contains(queryConnection)) {
                throw error("tenants.query_connection", "names connection '" + queryConnection
                        + "', which is not in connections (" + String.join(", ", connections) + ")");
            }
            int parallel = number("tenants.parallel", TenantsConfig.DEFAULT_PARALLEL);
            if (parallel < 1) {
                throw error("tenants.parallel", "must be 1 or more");
            }
            Path directory = root.resolve(get("tenants.directory", TenantsConfig.DEFAULT_DIRECTORY).trim()).normalize();
            return new TenantsConfig(url, get("tenants.user", null), password, names,
                    query == null || query.isBlank() ? null : query.trim(),
                    pattern == null || pattern.isBlank() ? null : pattern.trim(), queryConnection, directory, parallel);
        }

        /**
         * migrations.ignore: file names (globs, comma-separated) in the migrations directory that koldy
         * leaves alone, for a file that looks like a migration and cannot be one ({@code .SQL}, a name
         * with a space), which is otherwise refused rather than skipped without a word.
         */
        private List<String> ignoredFiles() {
            String value = get("migrations.ignore", "");
            List<String> globs = new ArrayList<>();
            for (String glob : value.split(",")) {
                if (glob.isBlank()) {
                    continue;
                }
                try {
                    java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob.trim());
                } catch (IllegalArgumentException e) {
                    throw error("migrations.ignore", "'" + glob.trim() + "' is not a file-name pattern ("
                            + e.getMessage().lines().findFirst().orElse("") + ")");
                }
                globs.add(glob.trim());
            }
            return List.copyOf(globs);
        }

        private Config.LockWaits lockWaits() {
            int seconds = number("migrations.lock_timeout", 0);
            int retries = number("migrations.lock_retries", 5);
            return seconds == 0 ? Config.LockWaits.NONE
                    : new Config.LockWaits(java.time.Duration.ofSeconds(seconds), retries);
        }

        private int number(String key, int otherwise) {
            String value = get(key, null);
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                int number = Integer.parseInt(value.trim());
                if (number >= 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw error(key, "'" + value.trim() + "' is not a whole number of 0 or more");
        }

        /**
         * A misspelled key ({@code migrations.tabel}, {@code default.pasword}) would otherwise be
         * ignored, and koldy would go on with the default it was meant to replace.
         */
        private void rejectUnknownKeys(List<String> connections) {
            List<String> known = new ArrayList<>(List.of("connections", "koldy_migration", "migrations.directory",
                    "migrations.table", "migrations.lock_timeout", "migrations.lock_retries", "migrations.ignore"));
            known.addAll(TENANT_KEYS);
            for (String name : connections) {
                for (String suffix : CONNECTION_KEYS) {
                    known.add(name + "." + suffix);
                }
            }
            for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
                int dot = key.indexOf('.');
                if (known.contains(key) || connections.stream().anyMatch(name -> driverProperty(name, key) != null)) {
                    continue;
                }
                String connection = dot > 0 ? key.substring(0, dot) : null;
                if (connection != null && !connections.contains(connection)
                        && CONNECTION_KEYS.stream().anyMatch(suffix -> key.equals(connection + "." + suffix))) {
                    throw error(key, "belongs to connection '" + connection + "', which is not listed in connections ("
                            + String.join(", ", connections) + ")");
                }
                throw error(key, "is not a known key" + Spelling.nearest(key, known).map(k -> "; did you mean '" + k + "'?")
                        .orElse(" (known: " + String.join(", ", known) + ", <connection>.property.<name>)"));
            }
        }

        private ConnectionConfig connection(Path root, String name) {
            String url = get(name + ".url", null);
            if (url == null || url.isBlank()) {
                String where = fileExists ? "in " + fileName : "(" + fileName + " does not exist in project root "
                        + root + ")";
                throw KoldyException.config("Connection '" + name + "' has no URL: set " + name + ".url "
                        + where + " or the environment variable " + envName(name + ".url") + ".");
            }
            url = url.trim();
            if (!SupportedUrls.isSupported(url)) {
                throw error(name + ".url", "'" + Secrets.maskUrl(url) + "' is not a supported JDBC URL;"
                        + (url.startsWith("jdbc:mariadb:") ? " MariaDB servers take jdbc:mysql: (the driver koldy"
                        + " comes with), with the same host, port and database" : " use " + SupportedUrls.prefixes()));
            }
            Map<String, String> driverProperties = new LinkedHashMap<>();
            for (String key : properties.stringPropertyNames()) {
                String property = driverProperty(name, key);
                if (property != null) {
                    driverProperties.put(property, get(key, ""));
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

        /** The environment override if set, else the file's value; ${VAR} substituted in either. */
        private String get(String key, String fallback) {
            String override = environment.get(envName(key));
            String value = override != null ? override : properties.getProperty(key);
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

        /** Names where the key's value came from: the environment variable, or the file. */
        private KoldyException error(String key, String problem) {
            String variable = envName(key);
            return KoldyException.config((environment.containsKey(variable) ? "Environment variable " + variable
                    : fileName + ": key '" + key + "'") + " " + problem + (problem.endsWith("?") ? "" : "."));
        }
    }

    /** The driver property a key sets on a connection ({@code admin.property.sslmode}: sslmode), or null. */
    private static String driverProperty(String connection, String key) {
        String prefix = connection + "." + DRIVER_PROPERTY_PREFIX;
        return key.startsWith(prefix) && key.length() > prefix.length() ? key.substring(prefix.length()) : null;
    }

    /** A history table name, checked to be a plain identifier (it is written into SQL). */
    public static String validTable(String table) {
        if (!validTableName(table)) {
            throw KoldyException.config("'" + table + "' is not a valid table name (" + TABLE_RULE + ").");
        }
        return table;
    }

    private static boolean validTableName(String table) {
        return TABLE_NAME.matcher(table).matches() && !RESERVED.contains(table.toLowerCase(Locale.ROOT));
    }

    static String envName(String key) {
        return "KOLDY_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * A key given twice in one file is an error, not the last one silently winning: which of two
     * URLs is meant is not koldy's to guess. ({@link Properties#load} calls put for each line.)
     */
    private static final class SingleValuedProperties extends Properties {
        private final String fileName;

        SingleValuedProperties(String fileName) {
            this.fileName = fileName;
        }

        @Override
        public synchronized Object put(Object key, Object value) {
            if (containsKey(key)) {
                throw KoldyException.config(fileName + ": key '" + key + "' is given twice; keep one.");
            }
            return super.put(key, value);
        }
    }
}
