package koldy.spring;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;

/**
 * Tells Spring Boot that koldy manages the schema of the DataSource it migrates, so Hibernate's
 * default {@code ddl-auto} there is {@code none} (it would be {@code create-drop} on an embedded
 * database) and never fights the migrations.
 */
public class KoldySchemaManagementProvider implements SchemaManagementProvider {

    private final DataSource managed;

    /** @param managed the DataSource koldy migrates, or null when it migrates a database of its own */
    public KoldySchemaManagementProvider(DataSource managed) {
        this.managed = managed;
    }

    @Override
    public SchemaManagement getSchemaManagement(DataSource dataSource) {
        return dataSource == managed ? SchemaManagement.MANAGED : SchemaManagement.UNMANAGED;
    }
}
