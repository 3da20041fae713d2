package org.sregistry.web.library;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests {@link HotReads} answers itself and which it leaves to JAX-RS. */
class HotReadsTest {

    @Test
    void jsonIsAcceptedWithoutAnAcceptHeaderOrWhenNamedOrCoveredByAWildcard() {
        assertThat(HotReads.acceptsJson(null)).isTrue();
        assertThat(HotReads.acceptsJson("")).isTrue();
        assertThat(HotReads.acceptsJson("*/*")).isTrue();
        assertThat(HotReads.acceptsJson("application/json")).isTrue();
        assertThat(HotReads.acceptsJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(HotReads.acceptsJson("text/html, application/*;q=0.5")).isTrue();
        assertThat(HotReads.acceptsJson("text/plain;q=0.9, */*;q=0.1")).isTrue();
    }

    @Test
    void anAcceptThatCouldRefuseJsonIsLeftToJaxRs() {
        assertThat(HotReads.acceptsJson("text/html")).isFalse();
        assertThat(HotReads.acceptsJson("application/xml, text/*")).isFalse();
        assertThat(HotReads.acceptsJson("application/json;q=0, */*")).isFalse();
        assertThat(HotReads.acceptsJson("*/*; q=0.0")).isFalse();
        assertThat(HotReads.acceptsJson("*/*;q=0.000")).isFalse();
    }

    @Test
    void plainImagePathsGiveTheirRef() {
        assertThat(HotReads.imageRef("/v1/images/alice/tools/box:latest")).isEqualTo("alice/tools/box:latest");
        assertThat(HotReads.imageRef("/v1/images/box")).isEqualTo("box");
        assertThat(HotReads.imageRef("/v1/images/a/b/c:sha256.0123abcd")).isEqualTo("a/b/c:sha256.0123abcd");
        assertThat(HotReads.imageRef("/v1/images/a/b/c:v1.2")).isEqualTo("a/b/c:v1.2");
    }

    @Test
    void pathsJaxRsWouldReadDifferentlyAreLeftToIt() {
        assertThat(HotReads.imageRef("/v1/images/")).isNull();
        assertThat(HotReads.imageRef("/v1/images")).isNull();
        assertThat(HotReads.imageRef("/version")).isNull();
        assertThat(HotReads.imageRef("/v1/images/a/b/box%3Alatest")).isNull();
        assertThat(HotReads.imageRef("/v1/images/a/b/box;v=1")).isNull();
        assertThat(HotReads.imageRef("/v1/images/a//box:latest")).isNull();
        assertThat(HotReads.imageRef("/v1/images/a/./box:latest")).isNull();
        assertThat(HotReads.imageRef("/v1/images/../version")).isNull();
        assertThat(HotReads.imageRef("/v1/images/a\\b")).isNull();
    }

    @Test
    void searchQueriesInPlainAsciiAreAnsweredInFrontOfJaxRs() {
        assertThat(HotReads.plainQuery(null)).isTrue();
        assertThat(HotReads.plainQuery("value=box-0500")).isTrue();
        assertThat(HotReads.plainQuery("value=b%6Fx&arch=amd64,arm64&signed=true")).isTrue();
        assertThat(HotReads.plainQuery("value=%25")).isTrue();
    }

    @Test
    void searchQueriesTheContainerMightDecodeOtherwiseAreLeftToJaxRs() {
        assertThat(HotReads.plainQuery("value=%C3%BC")).isFalse(); // UTF-8
        assertThat(HotReads.plainQuery("value=%e2%9c%93")).isFalse();
        assertThat(HotReads.plainQuery("value=a+b")).isFalse();
        assertThat(HotReads.plainQuery("value=" + (char) 0xfc)).isFalse();
        assertThat(HotReads.plainQuery("value=a b")).isFalse();
        assertThat(HotReads.plainQuery("value=%4")).isFalse(); // a cut escape
        assertThat(HotReads.plainQuery("value=%")).isFalse();
    }
}
