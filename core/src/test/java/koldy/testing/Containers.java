package koldy.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Testcontainers fallback for machines with Docker and no local servers. One container per kind
 * for the whole test run; Testcontainers' Ryuk removes it when the JVM exits.
 */
final class Containers {

    private Containers() {
    }

    /** A server URL with admin rights, or null when Docker is not available. */
    static String start(TestDatabase kind) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            return null;
        }
        JdbcDatabaseContainer<?> container = switch (kind) {
            case POSTGRES -> new PostgreSQLContainer<>("postgres:16-alpine");
            case MYSQL -> new MySQLContainer<>("mysql:8.4").withUsername("root").withPassword("test");
            default -> throw new IllegalArgumentException(kind.name());
        };
        container.start();
        String url = container.getJdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "user=" + container.getUsername() + "&password="
                + container.getPassword();
    }
}
