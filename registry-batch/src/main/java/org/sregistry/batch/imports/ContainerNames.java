package org.sregistry.batch.imports;

import java.util.Locale;
import org.sregistry.registry.Names;

/**
 * Turns a file name into a container name by the rules of {@link Names}: lower case, the
 * {@code .sif} extension dropped, every run of other characters and separators turned into a single
 * {@code -} (a lone {@code .} or {@code _} between letters stays), no separator at either end.
 */
public final class ContainerNames {

    private ContainerNames() {}

    /** The container name for {@code fileName}, or empty when nothing usable is left. */
    public static java.util.Optional<String> fromFileName(String fileName) {
        String base = fileName.toLowerCase(Locale.ROOT);
        if (base.endsWith(".sif")) {
            base = base.substring(0, base.length() - ".sif".length());
        }
        StringBuilder name = new StringBuilder();
        char pending = 0;
        for (char c : base.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pending != 0 && name.length() > 0) {
                    name.append(pending);
                }
                pending = 0;
                name.append(c);
            } else {
                boolean separator = c == '.' || c == '_' || c == '-';
                pending = pending == 0 && separator ? c : '-';
            }
        }
        String result = name.length() > Names.NAME_MAX ? trimEnd(name.substring(0, Names.NAME_MAX)) : name.toString();
        return Names.isName(result) ? java.util.Optional.of(result) : java.util.Optional.empty();
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && !Character.isLetterOrDigit(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
