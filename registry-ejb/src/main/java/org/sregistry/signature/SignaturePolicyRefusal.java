package org.sregistry.signature;

import jakarta.ejb.ApplicationException;
import org.sregistry.registry.RegistryException;

/** An image refused by its collection's signature policy (403, with the reason): imports skip such a file. */
@ApplicationException(rollback = true)
public class SignaturePolicyRefusal extends RegistryException {

    private static final long serialVersionUID = 1L;

    public SignaturePolicyRefusal(String message) {
        super(Reason.FORBIDDEN, message);
    }
}
