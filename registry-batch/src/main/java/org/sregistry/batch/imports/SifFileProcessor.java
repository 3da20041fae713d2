package org.sregistry.batch.imports;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.sregistry.registry.RegistryException;
import org.sregistry.sif.SifFile;

/**
 * Accepts a file that is a valid SIF (a quick look for the magic {@code SIF_MAGIC} at offset 32,
 * then the same parse of header and descriptors as a push) and has a name that makes a container
 * name; anything else is skipped with the reason.
 */
@Dependent
@Named
public class SifFileProcessor implements ItemProcessor {

    static final int MAGIC_OFFSET = 32;
    static final byte[] MAGIC = "SIF_MAGIC".getBytes(StandardCharsets.US_ASCII);

    @Override
    public ImportItem processItem(Object item) throws UnimportableFileException {
        SifCandidate file = (SifCandidate) item;
        byte[] head = new byte[MAGIC_OFFSET + MAGIC.length];
        try (InputStream in = Files.newInputStream(file.path())) {
            int n = in.readNBytes(head, 0, head.length);
            if (n < head.length) {
                throw new UnimportableFileException(file.name(), "not a SIF file: only " + n + " bytes long");
            }
        } catch (IOException e) {
            throw new UnimportableFileException(file.name(), "cannot be read: " + e.getMessage());
        }
        if (!Arrays.equals(head, MAGIC_OFFSET, head.length, MAGIC, 0, MAGIC.length)) {
            throw new UnimportableFileException(file.name(), "not a SIF file: no SIF_MAGIC at offset " + MAGIC_OFFSET);
        }
        try {
            SifFile.read(file.path());
        } catch (RegistryException e) {
            throw new UnimportableFileException(file.name(), e.getMessage());
        }
        String container = ContainerNames.fromFileName(file.name()).orElseThrow(() -> new UnimportableFileException(
                file.name(), "no container name can be made of the file name"));
        return new ImportItem(file.path(), container);
    }
}
