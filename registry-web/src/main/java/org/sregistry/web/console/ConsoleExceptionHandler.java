package org.sregistry.web.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.application.ViewHandler;
import jakarta.faces.component.UIViewRoot;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.faces.event.PhaseId;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sregistry.registry.RegistryException;

/**
 * The one place where the console turns failures into what the user sees, never a stack trace: a
 * domain refusal ({@link RegistryException}) becomes a message on the page (or the not-found page
 * when a page's subject does not exist or is not visible); an expired view reloads the page; anything
 * else is logged under an incident id and shows the error page with that id.
 */
public class ConsoleExceptionHandler extends ExceptionHandlerWrapper {

    private static final Logger LOG = Logger.getLogger(ConsoleExceptionHandler.class.getName());

    private static final String ERROR_VIEW = "/error.xhtml";
    private static final String SHOWING_ERROR = ConsoleExceptionHandler.class.getName() + ".showing";

    private static final Set<RegistryException.Reason> HIDDEN = EnumSet.of(RegistryException.Reason.NOT_FOUND,
            RegistryException.Reason.FORBIDDEN, RegistryException.Reason.UNAUTHORIZED);

    ConsoleExceptionHandler(ExceptionHandler wrapped) {
        super(wrapped);
    }

    @Override
    public void handle() {
        FacesContext faces = FacesContext.getCurrentInstance();
        for (Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator(); events.hasNext();) {
            Throwable thrown = events.next().getContext().getException();
            events.remove();
            handle(faces, thrown);
            if (faces.getResponseComplete()) {
                break;
            }
        }
        getWrapped().handle();
    }

    private static void handle(FacesContext faces, Throwable thrown) {
        RegistryException refusal = find(thrown, RegistryException.class);
        boolean rendering = PhaseId.RENDER_RESPONSE.equals(faces.getCurrentPhaseId());
        if (refusal != null && faces.isPostback() && !rendering) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, refusal.getMessage(), null));
            faces.renderResponse();
            return;
        }
        if (refusal != null && HIDDEN.contains(refusal.reason())) {
            sendError(faces, 404, null); // a page about something the caller may not see looks like a missing one
            return;
        }
        if (refusal != null) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, refusal.getMessage(), null));
            sendError(faces, 400, null);
            return;
        }
        if (find(thrown, ViewExpiredException.class) != null) {
            ExternalContext external = faces.getExternalContext();
            String query = ((HttpServletRequest) external.getRequest()).getQueryString();
            redirect(faces, external.getRequestContextPath() + external.getRequestServletPath()
                    + external.getRequestPathInfo() + (query == null ? "" : "?" + query));
            return;
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "console incident " + incident, thrown);
        sendError(faces, 500, incident);
    }

    /**
     * Shows the error page in place of the page that failed, in the same request: the failed view
     * is replaced by {@code /error.xhtml} and rendered (for an Ajax request, as a full-page
     * update). Not a forward: a forwarded postback would try to restore its view state again and
     * fail the same way. A failure while showing the error page ends with a plain-text answer.
     */
    private static void sendError(FacesContext faces, int status, String incident) {
        ExternalContext external = faces.getExternalContext();
        if (external.isResponseCommitted()) {
            return;
        }
        Map<String, Object> requestMap = external.getRequestMap();
        if (requestMap.put(SHOWING_ERROR, Boolean.TRUE) != null) {
            plain(faces, status);
            return;
        }
        requestMap.put("incident", incident);
        requestMap.put("errorStatus", status);
        external.responseReset();
        boolean ajax = faces.getPartialViewContext().isAjaxRequest();
        if (!ajax) {
            external.setResponseStatus(status); // an Ajax answer must be 200 for the page to apply it
        }
        ViewHandler views = faces.getApplication().getViewHandler();
        UIViewRoot errorView = views.createView(faces, ERROR_VIEW);
        faces.setViewRoot(errorView);
        if (ajax) {
            faces.getPartialViewContext().setRenderAll(true);
        }
        if (PhaseId.RENDER_RESPONSE.equals(faces.getCurrentPhaseId())) {
            try {
                views.getViewDeclarationLanguage(faces, ERROR_VIEW).buildView(faces, errorView);
                views.renderView(faces, errorView);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "the error page could not be shown", e);
                plain(faces, status);
            }
            faces.responseComplete();
        } else {
            faces.renderResponse();
        }
    }

    private static void plain(FacesContext faces, int status) {
        ExternalContext external = faces.getExternalContext();
        try {
            if (!external.isResponseCommitted()) {
                external.responseReset();
                external.setResponseStatus(status);
                external.setResponseContentType("text/plain;charset=UTF-8");
                external.getResponseOutputWriter().write(status == 404 ? "Not found." : "The registry could not show this page.");
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "no answer could be written", e);
        }
        faces.responseComplete();
    }

    private static void redirect(FacesContext faces, String url) {
        try {
            faces.getExternalContext().redirect(url);
            faces.responseComplete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
