package no.altinn.studio.jetbrains;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowDocumentResult;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.UnregistrationParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceFolder;

/**
 * A language client that answers the server the way LSP4IJ's user-defined language client
 * does: workspace/configuration from the template's settings (LanguageClientImpl.findSettings),
 * dynamic registrations and work-done progress accepted, diagnostics kept per URI. It also
 * takes the server's own notifications (altinn/status, altinn/runtime, altinn/sync), which
 * LSP4IJ ignores.
 */
public class Lsp4ijLikeClient implements AltinnClient {
    /** The settings LSP4IJ would answer from (settings.json, expanded). */
    volatile JsonObject settings = new JsonObject();
    final List<WorkspaceFolder> folders = new ArrayList<>();

    final Map<String, List<Diagnostic>> diagnostics = new ConcurrentHashMap<>();
    final List<String> configurationSections = new CopyOnWriteArrayList<>();
    final List<Registration> registrations = new CopyOnWriteArrayList<>();
    final List<MessageParams> messages = new CopyOnWriteArrayList<>();
    final List<JsonObject> statuses = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams p) {
        synchronized (lock) {
            diagnostics.put(p.getUri(), List.copyOf(p.getDiagnostics()));
            lock.notifyAll();
        }
    }

    /** Waits until the diagnostics published for uri satisfy the condition; returns them. */
    List<Diagnostic> awaitDiagnostics(String uri, Predicate<List<Diagnostic>> condition, long timeoutMs)
            throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (lock) {
            while (true) {
                List<Diagnostic> d = diagnostics.get(uri);
                if (d != null && condition.test(d)) {
                    return d;
                }
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("diagnostics for " + uri + " never satisfied the condition; last published: "
                            + (d == null ? "nothing" : describe(d)) + "\nmessages: " + messages);
                }
                lock.wait(left);
            }
        }
    }

    static String describe(List<Diagnostic> ds) {
        StringBuilder sb = new StringBuilder("[");
        for (Diagnostic d : ds) {
            sb.append("\n  ").append(code(d)).append(' ').append(d.getRange().getStart().getLine()).append(':')
                    .append(d.getRange().getStart().getCharacter()).append('-')
                    .append(d.getRange().getEnd().getLine()).append(':').append(d.getRange().getEnd().getCharacter())
                    .append(' ').append(d.getMessage());
        }
        return sb.append("]").toString();
    }

    static String code(Diagnostic d) {
        if (d.getCode() == null) {
            return "";
        }
        return d.getCode().isLeft() ? d.getCode().getLeft() : String.valueOf(d.getCode().getRight());
    }

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
        List<Object> out = new ArrayList<>();
        for (ConfigurationItem item : params.getItems()) {
            configurationSections.add(String.valueOf(item.getSection()));
            out.add(Template.findSettings(settings, item.getSection()));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
        registrations.addAll(params.getRegistrations());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unregisterCapability(UnregistrationParams params) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {}

    @Override
    public CompletableFuture<List<WorkspaceFolder>> workspaceFolders() {
        return CompletableFuture.completedFuture(folders);
    }

    @Override
    public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
        return CompletableFuture.completedFuture(new ApplyWorkspaceEditResponse(false));
    }

    @Override
    public CompletableFuture<ShowDocumentResult> showDocument(ShowDocumentParams params) {
        return CompletableFuture.completedFuture(new ShowDocumentResult(true));
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void showMessage(MessageParams p) {
        messages.add(p);
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
        messages.add(new MessageParams(p.getType(), p.getMessage()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams p) {
        messages.add(p);
    }

    @Override
    public void altinnStatus(JsonObject status) {
        statuses.add(status);
    }

    @Override
    public void altinnRuntime(JsonObject runtime) {}

    @Override
    public void altinnSync(JsonObject sync) {}
}
