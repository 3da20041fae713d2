package org.sregistry.web.console.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.sregistry.keystore.KeystoreService;
import org.sregistry.keystore.PublicKey;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code account/keys.xhtml}: the keys the caller added to the keystore; revoking one. */
@Named("accountKeys")
@RequestScoped
public class KeysBacking {

    @Inject
    KeystoreService keystore;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private List<PublicKey> mine;

    public void revoke(String fingerprint) {
        keystore.revoke(user.caller(), fingerprint);
        messages.info("keys.revoked", fingerprint);
        mine = null;
    }

    /** The caller's own keys (staff too: the admin page lists everyone's). */
    public List<PublicKey> getKeys() {
        if (mine == null) {
            String self = user.caller().accountId();
            mine = keystore.list(user.caller()).stream().filter(k -> k.isOwnedBy(self)).toList();
        }
        return mine;
    }
}
