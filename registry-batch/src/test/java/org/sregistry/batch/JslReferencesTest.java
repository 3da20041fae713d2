package org.sregistry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every {@code ref} of every job XML names a {@code @Named} artifact of this module, and every job is startable. */
class JslReferencesTest {

    private static final Path JOBS = Path.of("src/main/resources/META-INF/batch-jobs");
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void everyRefInEveryJobNamesANamedClassOfThisModule() throws Exception {
        Map<String, Class<?>> named = namedArtifacts();
        List<Path> files = jobFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            Document jsl = parse(file);
            NodeList all = jsl.getElementsByTagName("*");
            int refs = 0;
            for (int i = 0; i < all.getLength(); i++) {
                Element element = (Element) all.item(i);
                if (element.hasAttribute("ref")) {
                    refs++;
                    assertThat(named).as(file.getFileName() + " <" + element.getTagName() + " ref=\""
                            + element.getAttribute("ref") + "\">").containsKey(element.getAttribute("ref"));
                }
            }
            assertThat(refs).as(file + " has artifacts").isPositive();
        }
    }

    @Test
    void everyJobIdMatchesItsFileAndAJobsName() throws Exception {
        List<String> names = Stream.of(Jobs.Name.values()).map(Jobs.Name::xml).toList();
        List<String> ids = new java.util.ArrayList<>();
        for (Path file : jobFiles()) {
            String id = parse(file).getDocumentElement().getAttribute("id");
            assertThat(file.getFileName().toString()).isEqualTo(id + ".xml");
            ids.add(id);
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(names);
    }

    private static List<Path> jobFiles() throws IOException {
        try (Stream<Path> files = Files.list(JOBS)) {
            return files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static Document parse(Path file) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** Default CDI names ({@code FooReader} is {@code fooReader}) of the module's {@code @Named} classes. */
    private static Map<String, Class<?>> namedArtifacts() throws Exception {
        Map<String, Class<?>> named = new HashMap<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
                String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, JslReferencesTest.class.getClassLoader());
                Named annotation = type.getAnnotation(Named.class);
                if (annotation != null) {
                    String simple = type.getSimpleName();
                    named.put(annotation.value().isEmpty()
                            ? Character.toLowerCase(simple.charAt(0)) + simple.substring(1) : annotation.value(), type);
                }
            }
        }
        return named;
    }
}
