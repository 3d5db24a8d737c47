package no.altinn.studio.jetbrains;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ClientInfo;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionKindCapabilities;
import org.eclipse.lsp4j.CodeActionLiteralSupportCapabilities;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItemCapabilities;
import org.eclipse.lsp4j.CompletionItemResolveSupportCapabilities;
import org.eclipse.lsp4j.CompletionListCapabilities;
import org.eclipse.lsp4j.DefinitionCapabilities;
import org.eclipse.lsp4j.DidChangeConfigurationCapabilities;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentLinkCapabilities;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.ExecuteCommandCapabilities;
import org.eclipse.lsp4j.FoldingRangeCapabilities;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.ReferencesCapabilities;
import org.eclipse.lsp4j.RenameCapabilities;
import org.eclipse.lsp4j.ResourceOperationKind;
import org.eclipse.lsp4j.ShowDocumentCapabilities;
import org.eclipse.lsp4j.SynchronizationCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * One altinn-ls process started exactly as the template tells LSP4IJ to on Linux, connected
 * through LSP4J and initialized the way LSP4IJ initializes a user-defined server.
 */
final class Session implements AutoCloseable {
    final Template template;
    final Path workspace;
    final List<String> command;
    final Lsp4ijLikeClient client = new Lsp4ijLikeClient();
    final Process process;
    final LanguageServer server;
    final InitializeResult initializeResult;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lsp4j-session");
        t.setDaemon(true);
        return t;
    });
    private final Future<Void> listening;
    private final StringBuffer stderr = new StringBuffer();

    Session(Template template, Path workspace) throws Exception {
        this(template, workspace, template.file("initializationOptions.json"));
    }

    Session(Template template, Path workspace, JsonElement initializationOptions) throws Exception {
        this.template = template;
        this.workspace = workspace;
        String commandLine = template.programArgs(Template.LINUX_OS_KEY);
        List<String> cmd = new ArrayList<>(Template.splitCommandLine(commandLine));
        cmd.set(0, Paths.resolveProgram(cmd.get(0)));
        this.command = List.copyOf(cmd);
        client.settings = template.expandedSettings();
        client.folders.add(new WorkspaceFolder(uri(workspace), workspace.getFileName().toString()));

        ProcessBuilder pb = new ProcessBuilder(command).directory(workspace.toFile());
        this.process = pb.start();
        Thread drain = new Thread(() -> {
            try {
                byte[] buf = new byte[4096];
                int n;
                var in = process.getErrorStream();
                while ((n = in.read(buf)) > 0) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "altinn-ls-stderr");
        drain.setDaemon(true);
        drain.start();

        Launcher<LanguageServer> launcher = new LSPLauncher.Builder<LanguageServer>()
                .setLocalService(client)
                .setRemoteInterface(LanguageServer.class)
                .setInput(process.getInputStream())
                .setOutput(process.getOutputStream())
                .setExecutorService(executor)
                .create();
        this.server = launcher.getRemoteProxy();
        this.listening = launcher.startListening();

        InitializeParams init = new InitializeParams();
        init.setProcessId((int) ProcessHandle.current().pid());
        init.setClientInfo(new ClientInfo("LSP4IJ-like LSP4J test client", "1"));
        init.setRootUri(uri(workspace));
        init.setWorkspaceFolders(client.folders);
        init.setCapabilities(lsp4ijCapabilities());
        init.setInitializationOptions(initializationOptions);
        init.setTrace("off");
        this.initializeResult = server.initialize(init).get(30, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
        // UserDefinedLanguageClient.handleServerStatusChanged(started): push the settings.
        server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(client.settings));
    }

    /** LSPIJUtils.toUri: new URI("file", "", path, null), i.e. file:///abs/path. */
    static String uri(Path p) {
        try {
            return new URI("file", "", p.toAbsolutePath().toFile().toURI().getPath(), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    String uri(String relative) {
        return uri(workspace.resolve(relative));
    }

    /** didOpen with the languageId the template's mappings give this file name. */
    String open(String relative) throws IOException {
        Path file = workspace.resolve(relative);
        String languageId = template.languageIdFor(file.getFileName().toString());
        if (languageId == null) {
            throw new AssertionError("the template maps no pattern to " + relative + ", so LSP4IJ would never open it");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // IntelliJ keeps a UTF-8 byte order mark out of the document text, so LSP4IJ never sends it.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String u = uri(file);
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(u, languageId, 1, text)));
        return u;
    }

    /**
     * The client capabilities LSP4IJ sends (ClientCapabilitiesFactory in redhat-developer/lsp4ij):
     * no general.positionEncodings (so UTF-16), no textDocument.diagnostic and no
     * workspace.diagnostics (so no pull diagnostics), workspace/configuration, dynamic
     * registration of watched files, work-done progress.
     */
    static ClientCapabilities lsp4ijCapabilities() {
        WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
        ws.setApplyEdit(true);
        ws.setConfiguration(true);
        ws.setExecuteCommand(new ExecuteCommandCapabilities(true));
        ws.setWorkspaceFolders(true);
        WorkspaceEditCapabilities edit = new WorkspaceEditCapabilities();
        edit.setDocumentChanges(true);
        edit.setResourceOperations(List.of(ResourceOperationKind.Create, ResourceOperationKind.Delete,
                ResourceOperationKind.Rename));
        ws.setWorkspaceEdit(edit);
        ws.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(true));
        ws.setDidChangeConfiguration(new DidChangeConfigurationCapabilities(true));

        TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
        PublishDiagnosticsCapabilities pd = new PublishDiagnosticsCapabilities();
        pd.setRelatedInformation(true);
        pd.setCodeDescriptionSupport(true);
        pd.setDataSupport(true);
        td.setPublishDiagnostics(pd);
        CodeActionCapabilities ca = new CodeActionCapabilities(new CodeActionLiteralSupportCapabilities(
                new CodeActionKindCapabilities(List.of(CodeActionKind.QuickFix, CodeActionKind.Refactor,
                        CodeActionKind.Source))), true);
        ca.setDataSupport(true);
        ca.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
        td.setCodeAction(ca);
        CompletionItemCapabilities ci = new CompletionItemCapabilities(true);
        ci.setDocumentationFormat(List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT));
        ci.setResolveSupport(new CompletionItemResolveSupportCapabilities(
                List.of("documentation", "detail", "additionalTextEdits")));
        ci.setLabelDetailsSupport(true);
        CompletionCapabilities cc = new CompletionCapabilities(ci);
        cc.setCompletionList(new CompletionListCapabilities(List.of("editRange")));
        td.setCompletion(cc);
        HoverCapabilities hover = new HoverCapabilities();
        hover.setContentFormat(List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT));
        td.setHover(hover);
        DefinitionCapabilities def = new DefinitionCapabilities();
        def.setLinkSupport(true);
        td.setDefinition(def);
        td.setReferences(new ReferencesCapabilities());
        RenameCapabilities rename = new RenameCapabilities();
        rename.setPrepareSupport(true);
        td.setRename(rename);
        DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        td.setDocumentSymbol(symbols);
        td.setDocumentLink(new DocumentLinkCapabilities());
        td.setFoldingRange(new FoldingRangeCapabilities());
        td.setSynchronization(new SynchronizationCapabilities(true, true, true));

        WindowClientCapabilities window = new WindowClientCapabilities();
        window.setWorkDoneProgress(true);
        window.setShowDocument(new ShowDocumentCapabilities(true));

        return new ClientCapabilities(ws, td, window, null);
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            if (process.isAlive()) {
                server.shutdown().get(10, TimeUnit.SECONDS);
                server.exit();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("altinn-ls did not exit after shutdown/exit; stderr:\n" + stderr());
                }
            }
        } finally {
            process.destroyForcibly();
            listening.cancel(true);
            executor.shutdownNow();
        }
    }

    static JsonObject obj(JsonElement e) {
        return e.getAsJsonObject();
    }
}
