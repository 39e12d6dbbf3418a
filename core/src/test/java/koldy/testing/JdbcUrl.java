package koldy.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;

/**
 * A server's JDBC URL taken apart, for tests that point at another database on the same server,
 * at the server through something else (a forwarder), or at it with its own command-line client:
 * {@code jdbc:<scheme>://<host>[:<port>]/<database>[?<query>]}.
 */
public record JdbcUrl(String scheme, String host, String port, String database, String query) {

    private static final Pattern URL = Pattern.compile("jdbc:(\\w+)://([^:/?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");

    public static JdbcUrl parse(String url) {
        Matcher m = URL.matcher(url);
        Assertions.assertTrue(m.matches(), "a server URL looks like jdbc:<scheme>://host[:port]/database[?...]: "
                + url.replaceAll("password=[^&]*", "password=***"));
        return new JdbcUrl(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
    }

    /** The same server and parameters, another database. */
    public JdbcUrl withDatabase(String name) {
        return new JdbcUrl(scheme, host, port, name, query);
    }

    /** The same database and parameters, reached at another host and port. */
    public JdbcUrl at(String newHost, int newPort) {
        return new JdbcUrl(scheme, newHost, String.valueOf(newPort), database, query);
    }

    /** A query parameter's value, or null. */
    public String parameter(String name) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "jdbc:" + scheme + "://" + host + (port == null ? "" : ":" + port) + "/" + database
                + (query == null ? "" : "?" + query);
    }
}
