package koldy.spring;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Makes koldy's initializer one of the database initializers Spring Boot knows, so every bean
 * that uses the database (JdbcTemplate, an EntityManagerFactory, a DSLContext) is created after
 * the migrations ran.
 */
class KoldyDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(KoldyMigrationInitializer.class);
    }
}
