package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The build's version as the filtered resource gives it. */
class BuildInfoTest {

    @Test
    void theBuildWritesItsSemanticVersion() {
        assertThat(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
    }

    @Test
    void anUnfilteredOrEmptyVersionIsDev() {
        Properties p = new Properties();
        assertThat(BuildInfo.version(p)).isEqualTo("dev");
        p.setProperty("version", "${project.version}");
        assertThat(BuildInfo.version(p)).isEqualTo("dev");
        p.setProperty("version", " 1.2.3 ");
        assertThat(BuildInfo.version(p)).isEqualTo("1.2.3");
    }
}
