package org.sregistry.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A value the nodes of one registry must share, kept in the database (e.g. the URL signing key). */
@Entity
@Table(name = "registry_setting")
public class RegistrySetting {

    @Id
    @Column(length = 128)
    private String name;

    @Column(name = "setting_value", nullable = false, length = 4096)
    private String value;

    protected RegistrySetting() {}

    public RegistrySetting(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
