package org.sregistry.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one definition of the application under test: the flat WAR that registry-micro's build made
 * (registry-web with registry-ejb and registry-batch in WEB-INF/lib), exactly as it ships.
 */
public final class Deployments {

    private Deployments() {}

    public static WebArchive registry() {
        File war = new File(System.getProperty("it.war", "../registry-micro/target/registry.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war.getAbsolutePath() + " is missing: build registry-micro first"
                    + " (mvn install -DskipTests from the root)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
