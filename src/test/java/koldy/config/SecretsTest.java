package koldy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void masksPasswordsInUrls() {
        assertEquals("jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true",
                Secrets.maskUrl("jdbc:postgresql://h:5432/db?user=u&password=s3cret&ssl=true"));
        assertEquals("jdbc:mysql://u:***@h/db", Secrets.maskUrl("jdbc:mysql://u:s3cret@h/db"));
        assertEquals("jdbc:sqlite:/tmp/a.db", Secrets.maskUrl("jdbc:sqlite:/tmp/a.db"));
    }

    @Test
    void masksKnownSecretValuesInText() {
        assertEquals("login failed for *** at h", Secrets.mask("login failed for s3cret at h", List.of("s3cret")));
    }
}
