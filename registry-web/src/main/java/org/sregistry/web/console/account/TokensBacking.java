package org.sregistry.web.console.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sregistry.account.AccountService;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/**
 * {@code account/tokens.xhtml}: the caller's tokens; a new one's secret is shown once, in the
 * response to the request that made it, and never kept.
 */
@Named
@RequestScoped
public class TokensBacking {

    @Inject
    TokenService tokens;

    @Inject
    AccountService accounts;

    @Inject
    CollectionService collections;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private String name;
    private LocalDate expires;
    private ApiToken.Scope scope = ApiToken.Scope.WRITE;
    private List<String> limit = new ArrayList<>();
    private String secret;
    private List<ApiToken> mine;
    private List<ContainerCollection> myCollections;

    public void create() {
        secret = tokens.issue(user.caller(), accounts.self(user.caller()), name, scope, endOf(expires), Set.copyOf(limit))
                .secret();
        mine = null;
        name = null;
        expires = null;
        limit = new ArrayList<>();
    }

    public void revoke(String tokenId) {
        messages.info("tokens.revoked", tokens.revoke(user.caller(), tokenId).getName());
        mine = null;
    }

    /** A token given a date is valid through that day (UTC). */
    private static Instant endOf(LocalDate day) {
        return day == null ? null : day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
    }

    public List<ApiToken> getTokens() {
        if (mine == null) {
            mine = tokens.tokensOf(user.caller());
        }
        return mine;
    }

    public List<ContainerCollection> getCollections() {
        if (myCollections == null) {
            myCollections = collections.mine(user.caller());
        }
        return myCollections;
    }

    /** The collections a token is limited to, as {@code entity/collection} where the caller still has them. */
    public String limitOf(ApiToken token) {
        Map<String, String> paths = getCollections().stream()
                .collect(Collectors.toMap(ContainerCollection::getId, c -> c.getNamespace().getName() + "/" + c.getName()));
        return token.getCollections().stream().map(id -> paths.getOrDefault(id, id)).sorted().collect(Collectors.joining(", "));
    }

    public ApiToken.Scope[] getScopes() {
        return ApiToken.Scope.values();
    }

    public LocalDate getToday() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    public String getSecret() {
        return secret;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public LocalDate getExpires() {
        return expires;
    }

    public void setExpires(LocalDate expires) {
        this.expires = expires;
    }

    public ApiToken.Scope getScope() {
        return scope;
    }

    public void setScope(ApiToken.Scope scope) {
        this.scope = scope;
    }

    public List<String> getLimit() {
        return limit;
    }

    public void setLimit(List<String> limit) {
        this.limit = limit == null ? new ArrayList<>() : new ArrayList<>(limit);
    }
}
