package org.sregistry.web.admin;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.sregistry.account.Account;
import org.sregistry.container.Tag;
import org.sregistry.namespace.Namespace;
import org.sregistry.team.Team;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;

/** Request and response shapes of the admin API. */
public final class AdminJson {

    private AdminJson() {}

    public record NewUser(String username, String password, String role, Boolean service) {}

    public record User(String id, String username, String role, boolean active, boolean service, Instant createdAt,
            String authSource, Instant lastLoginAt) {
        static User of(Account a) {
            return new User(a.getId(), a.getUsername(), a.getRole().name(), a.isActive(), a.isService(), a.getCreatedAt(),
                    a.getAuthSource().name(), a.getLastLoginAt());
        }
    }

    /** A change of role or of the active flag; a missing field stays as it is. */
    public record UserUpdate(String role, Boolean active) {}

    /** A new password, shown here once. */
    public record NewPassword(String username, String password) {}

    /** A page of a list: {@code total} items match, {@code items} are those from {@code offset}. */
    public record Page<T>(long total, int offset, List<T> items) {}

    public record TeamRow(String name, String description, boolean inviteOnly, int members, Instant createdAt) {
        static TeamRow of(Team t) {
            return new TeamRow(t.getName(), t.getDescription(), t.isInviteOnly(), t.getMembers().size(), t.getCreatedAt());
        }
    }

    public record NewToken(String name, String scope, Instant expiresAt, Set<String> collections) {}

    /** A username and password exchanged for a token of that account ({@code POST /api/tokens/exchange}). */
    public record TokenExchange(String username, String password, String name, String scope, Instant expiresAt,
            Set<String> collections) {}

    /** A token as created: the secret appears here once and never again. */
    public record Token(String id, String name, String scope, Instant expiresAt, Set<String> collections, String token) {
        static Token of(TokenService.Issued issued) {
            ApiToken t = issued.token();
            return new Token(t.getId(), t.getName(), t.getScope().name(), t.getExpiresAt(), t.getCollections(),
                    issued.secret());
        }
    }

    public record Quota(Long quotaBytes) {}

    public record Entity(String id, String name, String kind, Long quotaBytes, long usageBytes) {
        static Entity of(Namespace n, long usage) {
            return new Entity(n.getId(), n.getName(), n.getKind().name(), n.getQuotaBytes(), usage);
        }
    }

    public record TagState(String arch, Boolean frozen) {}

    public record TagJson(String name, String arch, String image, boolean frozen) {
        static TagJson of(Tag t) {
            return new TagJson(t.getName(), t.getArch(), t.getImage().digest().ref(), t.isFrozen());
        }
    }
}
