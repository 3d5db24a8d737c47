package no.altinn.studio.jetbrains;

import com.google.gson.JsonObject;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.services.LanguageClient;

/** The language client plus the altinn/* notifications the server sends besides standard LSP. */
public interface AltinnClient extends LanguageClient {
    @JsonNotification("altinn/status")
    void altinnStatus(JsonObject status);

    @JsonNotification("altinn/runtime")
    void altinnRuntime(JsonObject runtime);

    @JsonNotification("altinn/sync")
    void altinnSync(JsonObject sync);
}
