package org.sregistry.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.regex.Pattern;
import org.sregistry.registry.Ids;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/**
 * A person or a robot that can log in or present tokens. Each account owns the namespace (library
 * "entity") of its username. Service accounts have tokens but never a password.
 */
@Entity
@Table(name = "account")
@NamedQuery(name = Account.BY_USERNAME, query = "select a from Account a where a.username = :username")
@NamedQuery(name = Account.BY_EXTERNAL_ID,
        query = "select a from Account a where a.authSource = :source and a.externalId = :externalId")
@NamedQuery(name = Account.MATCHING, query = "select a from Account a where lower(a.username) like :pattern order by a.username")
@NamedQuery(name = Account.COUNT_MATCHING, query = "select count(a) from Account a where lower(a.username) like :pattern")
public class Account {

    public static final String BY_USERNAME = "Account.byUsername";
    public static final String BY_EXTERNAL_ID = "Account.byExternalId";
    public static final String MATCHING = "Account.matching";
    public static final String COUNT_MATCHING = "Account.countMatching";
    public static final int EXTERNAL_ID_MAX = 512;
    public static final int DISPLAY_NAME_MAX = 255;
    public static final int EMAIL_MAX = 255;
    /** The shortest password a person may choose for themselves. */
    public static final int PASSWORD_MIN = 8;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @Column(nullable = false, unique = true, length = Names.NAME_MAX)
    private String username;

    @Column(length = EMAIL_MAX)
    private String email;

    @Column(name = "password_hash", length = 512)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(nullable = false)
    private boolean active;

    @Column(nullable = false)
    private boolean service;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "auth_source", nullable = false, length = 16)
    private AuthSource authSource = AuthSource.LOCAL;

    /** The account's id at its {@link #authSource} (a directory DN, an OIDC subject); null for local accounts. */
    @Column(name = "external_id", length = EXTERNAL_ID_MAX)
    private String externalId;

    @Column(name = "display_name", length = DISPLAY_NAME_MAX)
    private String displayName;

    @Column(name = "terms_accepted_at")
    private Instant termsAcceptedAt;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    protected Account() {}

    public Account(String username, Role role, boolean service) {
        this.id = Ids.next();
        this.username = Names.requireName("user", username);
        this.role = role;
        this.service = service;
        this.active = true;
        this.createdAt = Instant.now();
    }

    public String getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        if (service && passwordHash != null) {
            throw new IllegalStateException("service accounts have no password");
        }
        this.passwordHash = passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public boolean isService() {
        return service;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public AuthSource getAuthSource() {
        return authSource;
    }

    public String getExternalId() {
        return externalId;
    }

    /** Links this account to its identity at an external source (directory or OpenID provider). */
    public void linkTo(AuthSource source, String externalId) {
        if (service) {
            throw new IllegalStateException("service accounts do not log in");
        }
        this.authSource = source;
        this.externalId = externalId;
        if (source != AuthSource.LOCAL) {
            this.passwordHash = null;
        }
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName == null || displayName.length() <= DISPLAY_NAME_MAX
                ? displayName : displayName.substring(0, DISPLAY_NAME_MAX);
    }

    /**
     * The person edits their own profile: a display name (blank clears it) and an e-mail address
     * (blank clears it, else it must look like one). Nothing changes when a value is refused.
     */
    public void updateProfile(String displayName, String email) {
        String name = displayName == null || displayName.isBlank() ? null : displayName.strip();
        String mail = email == null || email.isBlank() ? null : email.strip();
        if (name != null && name.length() > DISPLAY_NAME_MAX) {
            throw RegistryException.invalid("a display name has at most " + DISPLAY_NAME_MAX + " characters");
        }
        if (mail != null && (mail.length() > EMAIL_MAX || !EMAIL.matcher(mail).matches())) {
            throw RegistryException.invalid("'" + Names.clip(mail, 64) + "' is not an e-mail address");
        }
        this.displayName = name;
        this.email = mail;
    }

    /** Whether the person keeps a password here (a local account), which they may change themselves. */
    public boolean hasLocalPassword() {
        return !service && authSource == AuthSource.LOCAL;
    }

    public Instant getTermsAcceptedAt() {
        return termsAcceptedAt;
    }

    public boolean hasAcceptedTerms() {
        return termsAcceptedAt != null;
    }

    public void acceptTerms(Instant when) {
        if (termsAcceptedAt == null) {
            termsAcceptedAt = when;
        }
    }

    public Instant getLastLoginAt() {
        return lastLoginAt;
    }

    public void loggedIn(Instant when) {
        lastLoginAt = when;
    }
}
