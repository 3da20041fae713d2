package org.sregistry.web.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sregistry.catalog.CollectionQuery;
import org.sregistry.catalog.ContainerQuery;
import org.sregistry.registry.Paging;
import org.sregistry.registry.RegistryException;

/** The read API's query parameters: defaults, accepted forms, and a 400 with a clear message for everything else. */
class ReadParamsTest {

    @Test
    void aWindowDefaultsToTheFirstHundredRows() {
        assertThat(ReadParams.window(null, null)).isEqualTo(new ReadParams.Window(0, ReadParams.DEFAULT_LIMIT));
        assertThat(ReadParams.window(" ", "")).isEqualTo(new ReadParams.Window(0, 100));
        assertThat(ReadParams.window("900", "100")).isEqualTo(new ReadParams.Window(900, 100));
        assertThat(ReadParams.window(" 5 ", String.valueOf(Paging.PAGE_MAX))).isEqualTo(new ReadParams.Window(5, 500));
    }

    @Test
    void aLimitAboveTheCapIsRefusedWithTheCapInTheMessage() {
        assertInvalid(() -> ReadParams.window("0", "501"), "limit 501 is above the page size cap: ask for at most 500");
        assertInvalid(() -> ReadParams.window("0", "2147483647"), "above the page size cap");
        assertInvalid(() -> ReadParams.window("0", "0"), "limit must be between 1 and 500");
        assertInvalid(() -> ReadParams.window("0", "-1"), "limit must be between 1 and 500");
    }

    @Test
    void negativeAndNonNumericOffsetsAndLimitsAreRefused() {
        assertInvalid(() -> ReadParams.window("-1", "10"), "offset must not be negative");
        assertInvalid(() -> ReadParams.window("ten", "10"), "offset must be a whole number, not 'ten'");
        assertInvalid(() -> ReadParams.window("0", "1e3"), "limit must be a whole number, not '1e3'");
        assertInvalid(() -> ReadParams.window("99999999999", "10"), "offset must be a whole number");
        assertInvalid(() -> ReadParams.window("1.5", "10"), "offset must be a whole number");
    }

    @Test
    void sortKeysMapToTheCatalogsSortsAndNameSortsAscendingByDefault() {
        assertThat(ReadParams.order(null, null, ReadParams.COLLECTION_SORTS))
                .isEqualTo(new ReadParams.Order<>(CollectionQuery.Sort.NAME, true));
        assertThat(ReadParams.order("downloads", null, ReadParams.COLLECTION_SORTS))
                .isEqualTo(new ReadParams.Order<>(CollectionQuery.Sort.DOWNLOADS, false));
        assertThat(ReadParams.order("Stars", "ASC", ReadParams.COLLECTION_SORTS))
                .isEqualTo(new ReadParams.Order<>(CollectionQuery.Sort.STARS, true));
        assertThat(ReadParams.order("updated", "desc", ReadParams.CONTAINER_SORTS))
                .isEqualTo(new ReadParams.Order<>(ContainerQuery.Sort.LAST_PUSH, false));
        assertThat(ReadParams.order("name", "desc", ReadParams.CONTAINER_SORTS))
                .isEqualTo(new ReadParams.Order<>(ContainerQuery.Sort.NAME, false));
        assertThat(ReadParams.order("size", null, ReadParams.CONTAINER_SORTS))
                .isEqualTo(new ReadParams.Order<>(ContainerQuery.Sort.SIZE, false));
    }

    @Test
    void unknownSortKeysAndOrdersAreRefusedNamingTheKnownOnes() {
        assertInvalid(() -> ReadParams.order("popularity", null, ReadParams.COLLECTION_SORTS),
                "unknown sort key 'popularity': use one of name, updated, downloads, stars, containers, size");
        // containers have no stars of their own
        assertInvalid(() -> ReadParams.order("stars", null, ReadParams.CONTAINER_SORTS),
                "unknown sort key 'stars': use one of name, updated, downloads, size");
        assertInvalid(() -> ReadParams.order("name", "up", ReadParams.CONTAINER_SORTS), "unknown order 'up': use asc or desc");
    }

    @Test
    void signedIsTrueFalseOrAbsent() {
        assertThat(ReadParams.signed(null)).isNull();
        assertThat(ReadParams.signed("")).isNull();
        assertThat(ReadParams.signed("TRUE")).isTrue();
        assertThat(ReadParams.signed("false")).isFalse();
        assertInvalid(() -> ReadParams.signed("yes"), "signed must be true or false, not 'yes'");
    }

    @Test
    void aLabelIsAKeyOrAKeyAndAValueSplitAtTheFirstEquals() {
        assertThat(ReadParams.label(null)).isEqualTo(new ReadParams.Label(null, null));
        assertThat(ReadParams.label("maintainer")).isEqualTo(new ReadParams.Label("maintainer", null));
        assertThat(ReadParams.label("org.example.v=a=b")).isEqualTo(new ReadParams.Label("org.example.v", "a=b"));
        assertThat(ReadParams.label("k=")).isEqualTo(new ReadParams.Label("k", ""));
        assertInvalid(() -> ReadParams.label("=value"), "label must be key or key=value");
    }

    @Test
    void aContainerQueryChecksItsPageAsTheReadApiDoes() {
        assertInvalid(() -> new ContainerQuery(null, null, null, null, null, null, null, null, true, 0, 501),
                "limit must be between 1 and 500");
        assertInvalid(() -> new ContainerQuery("x".repeat(257), null, null, null, null, null, null, null, true, 0, 10),
                "a filter is longer than 256 characters");
        assertThat(new ContainerQuery(" ", null, null, null, null, null, null, null, true, 0, 10).sort())
                .isEqualTo(ContainerQuery.Sort.NAME);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(RegistryException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.INVALID));
    }
}
