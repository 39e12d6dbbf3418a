package koldy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Every credential parameter of the supported drivers: MySQL's multi-factor and key-store passwords too. */
    @Test
    void masksEveryDriversCredentialParameters() {
        String url = "jdbc:mysql://h/db?user=u&password1=FirstFactor1&password2=SecondFactor2&password3=Third3"
                + "&clientCertificateKeyStorePassword=KeyStore9&trustCertificateKeyStorePassword=TrustStore9"
                + "&sslMode=REQUIRED";
        assertEquals("jdbc:mysql://h/db?user=u&password1=***&password2=***&password3=***"
                + "&clientCertificateKeyStorePassword=***&trustCertificateKeyStorePassword=***&sslMode=REQUIRED",
                Secrets.maskUrl(url));
        assertEquals(List.of("FirstFactor1", "SecondFactor2", "Third3", "KeyStore9", "TrustStore9"),
                Secrets.valuesIn(url));
        assertEquals("jdbc:postgresql://h/db?sslpassword=***&sslmode=verify-full",
                Secrets.maskUrl("jdbc:postgresql://h/db?sslpassword=KeyPass5&sslmode=verify-full"));
        assertEquals("jdbc:sqlite:a.db?cipher=sqlcipher&key=***",
                Secrets.maskUrl("jdbc:sqlite:a.db?cipher=sqlcipher&key=Sq1Key"));
        assertEquals("UPDATE t SET sort_key=3", Secrets.mask("UPDATE t SET sort_key=3"), "a column is not a secret");
    }

    @Test
    void masksKnownSecretValuesInText() {
        assertEquals("login failed for *** at h", Secrets.mask("login failed for s3cret at h", List.of("s3cret")));
    }

    @Test
    void aPasswordParameterIsMaskedToTheNextAmpersandWhateverItHolds() {
        assertEquals("jdbc:postgresql://h/db?password=***&ssl=true",
                Secrets.maskUrl("jdbc:postgresql://h/db?password=Ab,Tail;Sec)ret7&ssl=true"));
    }

    @Test
    void rememberedSecretsAreMaskedInAnyFormADriverQuotesThem() {
        String url = "jdbc:postgresql://postgres:Hid,den;Pw)5x@db.invalid:5432/app?user=u&password=Ab,TailSecret7";
        assertEquals(List.of("Hid,den;Pw)5x", "Ab,TailSecret7"), Secrets.valuesIn(url));
        Secrets.remember(Secrets.valuesIn(url));
        assertEquals("java.net.UnknownHostException: postgres:***@db.invalid",
                Secrets.mask("java.net.UnknownHostException: postgres:Hid,den;Pw)5x@db.invalid"));
        assertEquals("login as u with *** failed", Secrets.mask("login as u with Ab,TailSecret7 failed"));
        Secrets.remember(Secrets.valuesIn("jdbc:mysql://u:Pw%40rd12@h/db"));
        assertEquals("Access denied using password ***", Secrets.mask("Access denied using password Pw@rd12"),
                "a percent-encoded secret, as the server sees it");
    }

    /** A driver that splits a URL at an unencoded ',' or ';' in the password quotes a piece of it. */
    @Test
    void piecesOfASecretADriverMayQuoteAreMaskedToo() {
        Secrets.remember(List.of("Ab,TailSecret7;Mid@Pt"));
        String masked = Secrets.mask("Invalid port: TailSecret7 near the Middle");
        assertFalse(masked.contains("TailSecret7"), masked);
        assertTrue(masked.contains("the Middle"), "pieces under 4 characters are not masked: " + masked);
    }
}
