package org.sregistry.web.read;

import jakarta.ws.rs.QueryParam;

/**
 * The query parameters of the read API's lists, all optional and all strings, so that a malformed
 * one is answered by {@link ReadParams} with a 400 in the error envelope (not JAX-RS's 404).
 */
public class ListParams {

    /** Part of the name (or description), case-insensitive. */
    @QueryParam("q")
    public String q;

    @QueryParam("entity")
    public String entity;

    /** Containers only: the collection's name. */
    @QueryParam("collection")
    public String collection;

    @QueryParam("tag")
    public String tag;

    /** {@code key} or {@code key=value}. */
    @QueryParam("label")
    public String label;

    @QueryParam("signed")
    public String signed;

    @QueryParam("sort")
    public String sort;

    @QueryParam("order")
    public String order;

    @QueryParam("offset")
    public String offset;

    @QueryParam("limit")
    public String limit;
}
