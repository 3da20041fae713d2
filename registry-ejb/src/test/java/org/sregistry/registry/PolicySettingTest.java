package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sregistry.registry.PolicySetting.Source;

class PolicySettingTest {

    @Test
    void theDatabaseWinsOverConfigurationWhichWinsOverTheDefault() {
        var fromDefault = PolicySetting.PRIVATE_ONLY.resolve(Optional.empty(), Optional.empty());
        assertThat(fromDefault.value()).isEqualTo("false");
        assertThat(fromDefault.source()).isEqualTo(Source.DEFAULT);

        var fromConfig = PolicySetting.PRIVATE_ONLY.resolve(Optional.empty(), Optional.of("TRUE "));
        assertThat(fromConfig.value()).isEqualTo("true");
        assertThat(fromConfig.source()).isEqualTo(Source.CONFIG);

        var fromDatabase = PolicySetting.PRIVATE_ONLY.resolve(Optional.of("false"), Optional.of("true"));
        assertThat(fromDatabase.value()).isEqualTo("false");
        assertThat(fromDatabase.source()).isEqualTo(Source.DATABASE);
    }

    @Test
    void anUnparsableValueFallsBackToTheNextSource() {
        var resolved = PolicySetting.USER_COLLECTION_LIMIT.resolve(Optional.of("many"), Optional.of("5"));
        assertThat(resolved.value()).isEqualTo("5");
        assertThat(resolved.source()).isEqualTo(Source.CONFIG);
        var typo = PolicySetting.USER_COLLECTIONS.resolve(Optional.empty(), Optional.of("yes"));
        assertThat(typo.value()).isEqualTo("true");
        assertThat(typo.source()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void valuesAreCheckedAndNormalized() {
        assertThat(PolicySetting.USER_COLLECTION_LIMIT.normalize(" 07 ")).isEqualTo("7");
        assertThat(PolicySetting.CONTRIBUTORS_MAY_PUSH.normalize("True")).isEqualTo("true");
        assertThatThrownBy(() -> PolicySetting.USER_COLLECTION_LIMIT.normalize("-1"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID));
        assertThatThrownBy(() -> PolicySetting.PRIVATE_ONLY.normalize("1"))
                .hasMessage("PRIVATE_ONLY takes true or false");
    }

    @Test
    void settingsAreNamedLooselyAndUnknownOnesAreNotFound() {
        assertThat(PolicySetting.named("private-only")).isEqualTo(PolicySetting.PRIVATE_ONLY);
        assertThat(PolicySetting.named("USER_COLLECTION_LIMIT")).isEqualTo(PolicySetting.USER_COLLECTION_LIMIT);
        assertThatThrownBy(() -> PolicySetting.named("nope"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND));
    }

    @Test
    void thePolicyRecordTakesDefaultsForMissingValues() {
        assertThat(Policy.DEFAULTS).isEqualTo(new Policy(false, false, true, 0, false));
        assertThat(Policy.of(Map.of(PolicySetting.CONTRIBUTORS_MAY_PUSH, "true", PolicySetting.USER_COLLECTION_LIMIT, "3")))
                .isEqualTo(new Policy(false, false, true, 3, true));
    }
}
