package org.sregistry.web.console.catalog;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.convert.Converter;
import jakarta.faces.convert.FacesConverter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Shows an {@link Instant} to the minute in UTC ({@code 2026-03-01 14:05 UTC}); Faces' own
 * date-time converter cannot apply a pattern to an Instant.
 */
@FacesConverter("minute")
public class MinuteConverter implements Converter<Object> {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Override
    public Object getAsObject(FacesContext context, UIComponent component, String value) {
        throw new UnsupportedOperationException("times are shown, not entered");
    }

    @Override
    public String getAsString(FacesContext context, UIComponent component, Object value) {
        return value instanceof Instant instant ? FORMAT.format(instant) : "";
    }
}
