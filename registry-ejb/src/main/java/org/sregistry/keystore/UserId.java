package org.sregistry.keystore;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A user id of a key ("Name &lt;email&gt;") as text searches see it. An embeddable rather than a bare
 * string so that queries can apply functions to it ({@code lower(u.uid)}), which EclipseLink refuses
 * on a basic element collection's variable.
 */
@Embeddable
public class UserId {

    public static final int MAX = 1024;

    @Column(name = "uid", nullable = false, length = MAX)
    private String uid;

    protected UserId() {}

    UserId(String uid) {
        this.uid = uid;
    }

    public String value() {
        return uid;
    }
}
