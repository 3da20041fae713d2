package org.sregistry.web.console.collection;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.sregistry.registry.Digest;
import org.sregistry.web.api.PublicUrl;
import org.sregistry.web.library.Transfers;

/** This registry's addresses as the pages show them: {@code library://} refs and signed download links. */
@Named
@RequestScoped
public class LibraryAddress {

    @Inject
    PublicUrl publicUrl;

    @Inject
    Transfers transfers;

    /** {@code library://host/entity/collection/container:tag}. */
    public String ref(String entity, String collection, String container, String tag) {
        return "library://" + publicUrl.host() + "/" + entity + "/" + collection + "/" + container + ":" + tag;
    }

    public String pull(String entity, String collection, String container, String tag) {
        return "apptainer pull " + ref(entity, collection, container, tag);
    }

    public String push(String entity, String collection, String container, String tag) {
        return "apptainer push image.sif " + ref(entity, collection, container, tag);
    }

    /** A signed, expiring URL of the image's bytes (no session or token needed, so private images work too). */
    public String download(Digest digest) {
        return transfers.blobUrl(digest);
    }
}
