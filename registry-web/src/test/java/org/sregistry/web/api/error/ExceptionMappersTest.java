package org.sregistry.web.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.ErrorJson;

class ExceptionMappersTest {

    @ParameterizedTest
    @CsvSource({"NOT_FOUND,404", "CONFLICT,409", "FORBIDDEN,403", "UNAUTHORIZED,401", "INVALID,400", "QUOTA,413",
            "TOO_LARGE,413", "RANGE,416", "UNAVAILABLE,503"})
    void domainReasonsPickTheStatus(RegistryException.Reason reason, int status) {
        Response r = new RegistryExceptionMapper().toResponse(new RegistryException(reason, "what happened"));
        assertThat(r.getStatus()).isEqualTo(status);
        assertThat(r.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
        assertThat(r.getEntity()).isEqualTo(ErrorJson.of(status, "what happened"));
    }

    @Test
    void jaxrsErrorsKeepTheirStatusInTheEnvelope() {
        Response r = new WebApplicationExceptionMapper().toResponse(new NotFoundException());
        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(r.getEntity()).isEqualTo(ErrorJson.of(404, "not found"));
    }

    @Test
    void headersSuchAsAllowSurvive() {
        Response r = new WebApplicationExceptionMapper().toResponse(new NotAllowedException("GET"));
        assertThat(r.getStatus()).isEqualTo(405);
        assertThat(r.getHeaderString("Allow")).contains("GET");
        assertThat(r.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
    }

    @Test
    void malformedJsonIsABadRequest() {
        Response r = new MalformedJsonMapper().toResponse(new JsonbException("Unexpected char 98 at (line no=1)\nmore"));
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(((ErrorJson) r.getEntity()).error().message()).isEqualTo("malformed JSON body: Unexpected char 98 at (line no=1)");
    }

    @Test
    void aBodyStoppedByTheSizeLimitIsTooLarge() {
        var limit = new WebApplicationException("JSON body too large", Response.Status.REQUEST_ENTITY_TOO_LARGE);
        Response r = new MalformedJsonMapper().toResponse(new JsonbException("Internal error", limit));
        assertThat(r.getStatus()).isEqualTo(413);
    }

    @Test
    void unexpectedFailuresHideTheirDetailsBehindAnIncidentId() {
        Response r = new UnexpectedExceptionMapper().toResponse(new IllegalStateException("secret detail"));
        assertThat(r.getStatus()).isEqualTo(500);
        String message = ((ErrorJson) r.getEntity()).error().message();
        assertThat(message).startsWith("internal error; incident ").doesNotContain("secret detail");
    }
}
