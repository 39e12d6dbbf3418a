package koldy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docs/spring-boot.md documents exactly the properties the starter has (its IDE metadata). */
class PropertiesDocumentedTest {

    @Test
    void everyPropertyIsDocumentedAndEveryDocumentedPropertyExists() throws Exception {
        String metadata = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        Set<String> properties = new TreeSet<>();
        // the properties, not their groups (koldy.tenants)
        metadata = metadata.substring(metadata.indexOf("\"properties\""));
        Matcher name = Pattern.compile("\"name\": \"(koldy\\.[a-z.-]+)\"").matcher(metadata);
        while (name.find()) {
            properties.add(name.group(1));
        }
        // a map's entries are documented by their keys: connections.<name>.url and so on
        properties.remove("koldy.connections");
        properties.addAll(Set.of("koldy.connections.<name>.url", "koldy.connections.<name>.bean"));

        String docs = Files.readString(Path.of("../docs/spring-boot.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(koldy\\.[^`]+)`").matcher(docs);
        while (row.find()) {
            documented.add(row.group(1));
        }
        Matcher more = Pattern.compile("(?m)^\\| `koldy\\.[^|]*").matcher(docs);
        Set<String> inFirstColumn = new TreeSet<>();
        while (more.find()) {
            Matcher each = Pattern.compile("`(koldy\\.[^`]+)`").matcher(more.group());
            while (each.find()) {
                inFirstColumn.add(each.group(1));
            }
        }
        assertThat(inFirstColumn).containsAll(properties);
        assertThat(properties).containsAll(documented);
    }
}
