package org.sregistry.web.console.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.sregistry.keystore.KeystoreService;
import org.sregistry.keystore.PublicKey;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/**
 * {@code admin/keys.xhtml}: every key of the keystore with its owner, user ids and state; staff revoke
 * (or reinstate nothing here: reinstating is re-adding the key), and the images signed with a revoked
 * key are verified again at once.
 */
@Named("adminKeys")
@ViewScoped
public class KeysBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser user;

    @Inject
    KeystoreService keystore;

    @Inject
    ConsoleMessages messages;

    private String filter;
    private final PagedModel<PublicKey> model = new PagedModel<>(() -> keystore.count(user.caller(), filter),
            (offset, limit) -> keystore.list(user.caller(), filter, offset, limit), PublicKey::getFingerprint);

    public void revoke(String fingerprint) {
        keystore.revoke(user.caller(), fingerprint);
        messages.info("keys.revoked", fingerprint);
    }

    public PagedModel<PublicKey> getModel() {
        return model;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }
}
