package org.sregistry.batch.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SifFileReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheSifFilesOfTheDirectoryInNameOrder() throws IOException {
        for (String name : List.of("b.sif", "a.sif", "C.SIF", "notes.txt")) {
            Files.writeString(dir.resolve(name), name);
        }
        Files.createDirectory(dir.resolve("folder.sif"));

        SifFileReader reader = reader();
        reader.open(null);

        assertThat(readAll(reader)).containsExactly("C.SIF", "a.sif", "b.sif");
    }

    @Test
    void aRestartFromTheCheckpointContinuesAfterTheLastFileRead() throws IOException {
        for (String name : List.of("1.sif", "2.sif", "3.sif", "4.sif")) {
            Files.writeString(dir.resolve(name), name);
        }
        SifFileReader first = reader();
        first.open(null);
        first.readItem();
        first.readItem();
        Serializable checkpoint = first.checkpointInfo();

        SifFileReader restarted = reader();
        restarted.open(checkpoint);

        assertThat(checkpoint).isEqualTo(new ImportCheckpoint("2.sif"));
        assertThat(readAll(restarted)).containsExactly("3.sif", "4.sif");
    }

    @Test
    void aCheckpointBeforeAnyReadStartsFromTheBeginning() throws IOException {
        Files.writeString(dir.resolve("x.sif"), "x");
        SifFileReader reader = reader();
        reader.open(null);
        Serializable checkpoint = reader.checkpointInfo();

        SifFileReader restarted = reader();
        restarted.open(checkpoint);

        assertThat(readAll(restarted)).containsExactly("x.sif");
    }

    private SifFileReader reader() {
        SifFileReader reader = new SifFileReader();
        reader.directory = dir.toString();
        return reader;
    }

    private static List<String> readAll(SifFileReader reader) {
        List<String> names = new ArrayList<>();
        for (Object item = reader.readItem(); item != null; item = reader.readItem()) {
            names.add(((SifCandidate) item).name());
        }
        return names;
    }
}
