package koldy.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import koldy.library.Koldy;

/** The actuator endpoint {@code koldy}, when the actuator is there (expose it as any other). */
@AutoConfiguration(after = KoldyAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Koldy.class)
public class KoldyEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public KoldyEndpoint koldyEndpoint(Koldy koldy) {
        return new KoldyEndpoint(koldy);
    }
}
