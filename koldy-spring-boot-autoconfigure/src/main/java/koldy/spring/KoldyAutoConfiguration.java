package koldy.spring;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;

import koldy.Advice;
import koldy.KoldyException;
import koldy.RunListener;
import koldy.library.Koldy;

/**
 * Migrates the application's database with koldy before anything uses it: the
 * {@link KoldyMigrationInitializer} is a database initializer as Spring Boot detects them, so
 * JdbcTemplate, JPA and jOOQ wait for it, and Hibernate's default {@code ddl-auto} is {@code none}.
 * <p>Spring Boot 4.0 and 3.5 name their DataSource and Hibernate auto-configurations differently;
 * both names are given, and only these and names both versions share are used.
 */
@AutoConfiguration(
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"},
        beforeName = {"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
                "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration"})
@ConditionalOnClass(Koldy.class)
@ConditionalOnProperty(prefix = "koldy", name = "enabled", matchIfMissing = true)
@Conditional(KoldyAutoConfiguration.DatabaseToMigrate.class)
@EnableConfigurationProperties(KoldyProperties.class)
public class KoldyAutoConfiguration {

    /** Refusals say what to do in an application's terms. */
    static final Advice SPRING = new Advice("start the application (koldy.on-startup=migrate)",
            "set koldy.force=true for one start", "./koldy repair against this database", "./koldy status",
            "./koldy repair --forget %s against this database", "./koldy redo --force against this database",
            "a longer koldy.lock-timeout");

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Koldy koldy(KoldyProperties properties, @KoldyDataSource ObjectProvider<DataSource> koldyDataSource,
                       ObjectProvider<DataSource> dataSource, ObjectProvider<RunListener> listeners,
                       BeanFactory beans) {
        Koldy.Builder builder = Koldy.configure()
                .historyTable(properties.getTable())
                .lockTimeout(properties.getLockTimeout())
                .advice(SPRING)
                .listener(new KoldyLogListener(listeners.orderedStream().toList()));
        if (properties.getUrl() != null) {
            builder.connection("default", properties.getUrl(), properties.getUser(), properties.getPassword());
        } else {
            DataSource chosen = koldyDataSource.getIfAvailable(dataSource::getIfUnique);
            if (chosen == null) {
                throw KoldyException.config("koldy has no database: the application has no unique DataSource bean;"
                        + " mark one with @KoldyDataSource or set koldy.url.");
            }
            builder.dataSource("default", chosen);
        }
        for (Map.Entry<String, KoldyProperties.Connection> c : properties.getConnections().entrySet()) {
            KoldyProperties.Connection connection = c.getValue();
            if (connection.getBean() != null) {
                builder.dataSource(c.getKey(), beans.getBean(connection.getBean(), DataSource.class));
            } else {
                builder.connection(c.getKey(), connection.getUrl(), connection.getUser(), connection.getPassword());
            }
        }
        location("koldy.location", properties.getLocation(),
                directory -> builder.migrationsDirectory(Path.of(directory)).cacheDirectory(null),
                folder -> builder.classpathMigrations(Thread.currentThread().getContextClassLoader(), folder));
        if (properties.getTenants().configured()) {
            tenants(builder, properties.getTenants());
        }
        return builder.build();
    }

    /** {@code koldy.tenants.*}, checked as the command line checks {@code tenants.*}. */
    private static void tenants(Koldy.Builder builder, KoldyProperties.Tenants tenants) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("url", tenants.getUrl());
        keys.put("user", tenants.getUser());
        keys.put("password", tenants.getPassword());
        keys.put("list", tenants.getList() == null ? null : String.join(",", tenants.getList()));
        keys.put("pattern", tenants.getPattern());
        keys.put("query", tenants.getQuery());
        keys.put("query_connection", tenants.getQueryConnection());
        keys.put("parallel", Integer.toString(tenants.getParallel()));
        location("koldy.tenants.location", tenants.getLocation(), directory -> keys.put("directory", directory),
                folder -> builder.tenantClasspathMigrations(Thread.currentThread().getContextClassLoader(), folder));
        builder.tenants(keys, "koldy.tenants.* properties");
    }

    @Bean
    @ConditionalOnMissingBean
    public KoldyMigrationInitializer koldyMigrationInitializer(Koldy koldy, KoldyProperties properties,
                                                               ObjectProvider<KoldyMigrationStrategy> strategy) {
        return new KoldyMigrationInitializer(koldy, properties, strategy.getIfAvailable());
    }

    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.jdbc.SchemaManagementProvider")
    public KoldySchemaManagementProvider koldySchemaManagementProvider(
            @KoldyDataSource ObjectProvider<DataSource> koldyDataSource, ObjectProvider<DataSource> dataSource,
            KoldyProperties properties) {
        return new KoldySchemaManagementProvider(properties.getUrl() != null ? null
                : koldyDataSource.getIfAvailable(dataSource::getIfUnique));
    }

    /**
     * A location property: {@code classpath:<folder>} (packaged by the build) or
     * {@code filesystem:<directory>} (compiled now), each handed to its own use.
     */
    private static void location(String property, String location, Consumer<String> directory,
                                 Consumer<String> classpathFolder) {
        if (location.startsWith("filesystem:")) {
            directory.accept(location.substring("filesystem:".length()));
        } else if (location.startsWith("classpath:")) {
            classpathFolder.accept(location.substring("classpath:".length()));
        } else {
            throw KoldyException.config(property + " is '" + location + "'; give classpath:<folder> (migrations"
                    + " packaged by koldy-maven-plugin) or filesystem:<directory>.");
        }
    }

    /** There is a database to migrate: a DataSource bean, or {@code koldy.url}. */
    static final class DatabaseToMigrate extends AnyNestedCondition {

        DatabaseToMigrate() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        static final class DataSourceBean {
        }

        @ConditionalOnProperty(prefix = "koldy", name = "url")
        static final class KoldyUrl {
        }
    }
}
