package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ejb.EJBException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Races#retrying}: what registering an image does when a concurrent registration of the same bytes won. */
class RacesTest {

    @Test
    void aLostRaceIsTriedAgainAndAnswersTheWinnersRow() {
        AtomicInteger calls = new AtomicInteger();
        String answer = Races.retrying(() -> {
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
        assertThatThrownBy(() -> Races.retrying(() -> {
            calls.incrementAndGet();
            throw RegistryException.forbidden("may not push");
        })).isInstanceOf(RegistryException.class).hasMessageContaining("may not push");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailureThatPersistsIsAnsweredAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        EJBException down = new EJBException("database down");
        assertThatThrownBy(() -> Races.retrying(() -> {
            calls.incrementAndGet();
            throw down;
        })).isSameAs(down);
        assertThat(calls).hasValue(Races.ATTEMPTS);
    }
}
