package org.sregistry.web.share;

import java.time.Instant;
import org.sregistry.share.ShareLink;

/**
 * A share link as the JSON API shows it. {@code url} is set only in the answer to its creation: the
 * secret is not stored, so it cannot be shown again.
 *
 * @param state ACTIVE, EXPIRED or REVOKED
 * @param image the image's {@code sha256.<hex>}
 */
public record ShareJson(String id, String container, String tag, String image, String state, Instant createdAt,
        String createdBy, Instant expiresAt, Instant revokedAt, long downloads, String url) {

    /** Fields a POST may carry: the tag (default latest) or image id, and the days (default 7). */
    public record NewShare(String tag, String image, Integer days) {}

    static ShareJson of(ShareLink s, Instant now, String url) {
        return new ShareJson(s.getId(), s.getImage().getContainer().path(), s.getTag(), s.getImage().digest().ref(),
                s.stateAt(now).name(), s.getCreatedAt(), s.getCreatedBy(), s.getExpiresAt(), s.getRevokedAt(),
                s.getDownloadCount(), url);
    }

    static ShareJson of(ShareLink s, Instant now) {
        return of(s, now, null);
    }
}
