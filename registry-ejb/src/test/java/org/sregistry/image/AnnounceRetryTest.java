package org.sregistry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ejb.EJBException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sregistry.registry.RegistryException;

/** {@link ImageService#retryingRaces}: what a push's announce does when a concurrent push of the same bytes won. */
class AnnounceRetryTest {

    @Test
    void aLostRaceIsTriedAgainAndAnswersTheWinnersRow() {
        AtomicInteger calls = new AtomicInteger();
        String answer = ImageService.retryingRaces(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new EJBException("Transaction aborted");
            }
            return "image-of-the-winner";
        });
        assertThat(answer).isEqualTo("image-of-the-winner");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aRefusalIsNotTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ImageService.retryingRaces(() -> {
            calls.incrementAndGet();
            throw RegistryException.forbidden("may not push");
        })).isInstanceOf(RegistryException.class).hasMessageContaining("may not push");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailureThatPersistsIsAnsweredAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        EJBException down = new EJBException("database down");
        assertThatThrownBy(() -> ImageService.retryingRaces(() -> {
            calls.incrementAndGet();
            throw down;
        })).isSameAs(down);
        assertThat(calls).hasValue(ImageService.ANNOUNCE_ATTEMPTS);
    }
}
