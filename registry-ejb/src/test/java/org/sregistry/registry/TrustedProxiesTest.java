package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void nobodyIsTrustedByDefault() {
        assertThat(TrustedProxies.NONE.trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse("").trusts("10.0.0.1")).isFalse();
    }

    @Test
    void addressesAndRangesAreTrusted() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.5, 192.168.0.0/16, ::1");
        assertThat(proxies.trusts("10.0.0.5")).isTrue();
        assertThat(proxies.trusts("10.0.0.6")).isFalse();
        assertThat(proxies.trusts("192.168.44.3")).isTrue();
        assertThat(proxies.trusts("192.169.0.1")).isFalse();
        assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(proxies.trusts("not-an-address")).isFalse();
    }

    @Test
    void hostNamesAndBadPrefixesAreRefused() {
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
