package org.sregistry.batch.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sregistry.registry.Names;

class ContainerNamesTest {

    @Test
    void aValidNameStaysAsItIsWithoutTheExtension() {
        assertThat(ContainerNames.fromFileName("blast_2.14-1.sif")).contains("blast_2.14-1");
    }

    @Test
    void upperCaseIsLoweredAndTheExtensionDroppedInAnyCase() {
        assertThat(ContainerNames.fromFileName("TensorFlow.SIF")).contains("tensorflow");
    }

    @Test
    void runsOfOtherCharactersAndSeparatorsBecomeOneDash() {
        assertThat(ContainerNames.fromFileName("My Tool (v2)..final__x.sif")).contains("my-tool-v2-final-x");
    }

    @Test
    void separatorsAtEitherEndAreDropped() {
        assertThat(ContainerNames.fromFileName("--_.alpine.-_.sif")).contains("alpine");
    }

    @Test
    void nonAsciiLettersAreSeparators() {
        assertThat(ContainerNames.fromFileName("ünïcode.sif")).contains("n-code");
    }

    @Test
    void aNameWithNothingUsableHasNoContainerName() {
        assertThat(ContainerNames.fromFileName("___.sif")).isEmpty();
        assertThat(ContainerNames.fromFileName(".sif")).isEmpty();
    }

    @Test
    void aLongNameIsCutToTheLimitWithoutATrailingSeparator() {
        String name = ContainerNames.fromFileName("a".repeat(127) + "-bcd.sif").orElseThrow();
        assertThat(name).hasSize(127).matches(Names.NAME_REGEX);
    }
}
