package org.sregistry.token;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * Records when a token was last used, in a short transaction of its own: one conditional update
 * (only when the recorded time is older than the granularity), so many clients presenting the same
 * token at once wait for one another for a moment at most, and never inside their own request's
 * transaction.
 */
@Stateless
public class TokenUsage {

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String tokenId, Instant now, Instant before) {
        em.createNamedQuery(ApiToken.MARK_USED).setParameter("id", tokenId).setParameter("now", now)
                .setParameter("before", before).executeUpdate();
    }
}
