package no.altinn.studio.jetbrains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One LSP session on a copy of the repository's examples/demo-app (always present), started
 * and configured from the template, with the client capabilities LSP4IJ sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoAppSessionTest {
    static final long WAIT_MS = 30_000;
    static final String PAGE1 = "App/ui/form/layouts/Page1.json";
    static final String PAGE2 = "App/ui/form/layouts/Page2.json";
    static final String SETS = "App/ui/layout-sets.json";

    @TempDir
    static Path tmp;

    Session s;
    String page1;

    @BeforeAll
    void start() throws Exception {
        Path app = tmp.resolve("demo-app");
        Paths.copyTree(Paths.repoRoot().resolve("examples/demo-app"), app);
        s = new Session(Template.load(), app);
        page1 = s.open(PAGE1);
    }

    @AfterAll
    void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    static Set<String> codes(List<Diagnostic> ds) {
        return ds.stream().map(Lsp4ijLikeClient::code).collect(Collectors.toSet());
    }

    static Diagnostic find(List<Diagnostic> ds, String code) {
        return ds.stream().filter(d -> code.equals(Lsp4ijLikeClient.code(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + Lsp4ijLikeClient.describe(ds)));
    }

    /** The UTF-16 range of the n-th occurrence of needle on a line (Java strings are UTF-16). */
    static Range rangeOf(String text, int line, String needle) {
        String l = text.split("\n", -1)[line];
        int c = l.indexOf(needle);
        assertTrue(c >= 0, needle + " not on line " + line + ": " + l);
        return new Range(new Position(line, c), new Position(line, c + needle.length()));
    }

    String text(String rel) throws Exception {
        return Files.readString(s.workspace.resolve(rel), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void initializeAnswersWithUtf16AndPushDiagnostics() {
        var caps = s.initializeResult.getCapabilities();
        // LSP4IJ offers no position encodings: the server must keep the default, UTF-16.
        assertTrue(caps.getPositionEncoding() == null || "utf-16".equals(caps.getPositionEncoding()),
                "positionEncoding " + caps.getPositionEncoding());
        assertNull(caps.getDiagnosticProvider(), "pull diagnostics offered although LSP4IJ did not ask");
        assertNotNull(caps.getCompletionProvider());
        assertTrue(caps.getCompletionProvider().getTriggerCharacters().contains("\""));
        assertTrue(caps.getHoverProvider().getLeft());
        assertTrue(caps.getRenameProvider().isRight() && caps.getRenameProvider().getRight().getPrepareProvider());
        assertTrue(caps.getExecuteCommandProvider().getCommands().containsAll(
                List.of("altinn.check", "altinn.sync.pull", "altinn.sync.push", "altinn.run.start", "altinn.run.stop")));
        assertEquals("altinn-ls", s.initializeResult.getServerInfo().getName());
    }

    @Test
    @Order(2)
    void diagnosticsOfTheOpenFileWithExactUtf16Ranges() throws Exception {
        List<Diagnostic> ds = s.client.awaitDiagnostics(page1,
                d -> codes(d).containsAll(Set.of("AL0403", "AL0501", "AL1001")), WAIT_MS);
        String text = text(PAGE1);
        assertEquals(rangeOf(text, 15, "adress.title"), find(ds, "AL0501").getRange());
        assertEquals(rangeOf(text, 7, "Person.name"), find(ds, "AL0403").getRange());
        assertTrue(find(ds, "AL0501").getMessage().contains("address.title"), "message names the fix");
        // The related location LSP4IJ shows under the problem.
        var related = find(ds, "AL0403").getRelatedInformation();
        assertNotNull(related);
        assertTrue(related.get(0).getLocation().getUri().endsWith("/App/models/model.schema.json"));
    }

    @Test
    @Order(3)
    void diagnosticsOfFilesThatAreNotOpen() throws Exception {
        List<Diagnostic> p2 = s.client.awaitDiagnostics(s.uri(PAGE2),
                d -> codes(d).containsAll(Set.of("AL0203", "AL0204")), WAIT_MS);
        assertEquals(rangeOf(text(PAGE2), 8, "adress-summary"), find(p2, "AL0204").getRange());
        List<Diagnostic> sets = s.client.awaitDiagnostics(s.uri(SETS), d -> codes(d).contains("AL0601"), WAIT_MS);
        assertEquals(rangeOf(text(SETS), 3, "Task_2"), find(sets, "AL0601").getRange());
    }

    @Test
    @Order(4)
    void settingsAreAskedForWithTheAltinnStudioSection() throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!s.client.configurationSections.contains("altinnStudio") && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(s.client.configurationSections.contains("altinnStudio"),
                "workspace/configuration sections asked: " + s.client.configurationSections);
        // The server asks LSP4IJ to watch the app's files (git pull, other tools).
        assertTrue(s.client.registrations.stream().anyMatch(r -> r.getMethod().equals("workspace/didChangeWatchedFiles")),
                "registrations: " + s.client.registrations);
    }

    @Test
    @Order(5)
    void completionOfTextKeys() throws Exception {
        String text = text(PAGE1);
        Range r = rangeOf(text, 15, "adress.title");
        var result = s.server.getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(page1), r.getStart()))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(result);
        List<CompletionItem> items = result.isLeft() ? result.getLeft() : result.getRight().getItems();
        List<String> labels = items.stream().map(CompletionItem::getLabel).toList();
        System.out.println("completion labels: " + labels);
        assertTrue(labels.contains("address.title"), "completion: " + labels);
    }

    @Test
    @Order(6)
    void hoverOnATextKeyShowsTheText() throws Exception {
        String text = text(PAGE1);
        Position p = rangeOf(text, 8, "name.title").getStart();
        Hover h = s.server.getTextDocumentService()
                .hover(new HoverParams(new TextDocumentIdentifier(page1), new Position(p.getLine(), p.getCharacter() + 2)))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(h, "no hover");
        String md = h.getContents().getRight().getValue();
        System.out.println("hover: " + md);
        assertTrue(md.contains("Navn"), md);
    }

    @Test
    @Order(7)
    void renameATextKeyAcrossFiles() throws Exception {
        String text = text(PAGE1);
        Range r = rangeOf(text, 8, "name.title");
        Position inside = new Position(r.getStart().getLine(), r.getStart().getCharacter() + 3);
        Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior> prep = s.server.getTextDocumentService()
                .prepareRename(new PrepareRenameParams(new TextDocumentIdentifier(page1), inside))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(prep, "prepareRename refused");
        WorkspaceEdit edit = s.server.getTextDocumentService()
                .rename(new RenameParams(new TextDocumentIdentifier(page1), inside, "person.name.title"))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        Map<String, List<TextEdit>> byFile = editsByFile(edit);
        System.out.println("rename: " + byFile.keySet());
        assertTrue(byFile.containsKey(page1), "edits: " + byFile.keySet());
        assertTrue(byFile.containsKey(s.uri("App/config/texts/resource.nb.json")), "edits: " + byFile.keySet());
        assertTrue(byFile.get(page1).stream().anyMatch(e -> e.getRange().equals(r) && e.getNewText().equals("person.name.title")),
                "Page1 edits: " + byFile.get(page1));
    }

    static Map<String, List<TextEdit>> editsByFile(WorkspaceEdit edit) {
        Map<String, List<TextEdit>> out = new HashMap<>();
        if (edit.getChanges() != null) {
            edit.getChanges().forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        if (edit.getDocumentChanges() != null) {
            for (var dc : edit.getDocumentChanges()) {
                if (dc.isLeft()) {
                    TextDocumentEdit te = dc.getLeft();
                    for (var e : te.getEdits()) {
                        out.computeIfAbsent(te.getTextDocument().getUri(), x -> new ArrayList<>()).add(e);
                    }
                }
            }
        }
        return out;
    }

    @Test
    @Order(8)
    void quickFixForAMissingTextKey() throws Exception {
        List<Diagnostic> ds = s.client.awaitDiagnostics(page1, d -> codes(d).contains("AL0501"), WAIT_MS);
        Diagnostic d = find(ds, "AL0501");
        List<Either<Command, CodeAction>> actions = s.server.getTextDocumentService()
                .codeAction(new CodeActionParams(new TextDocumentIdentifier(page1), d.getRange(),
                        new CodeActionContext(List.of(d))))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        List<CodeAction> fixes = actions.stream().filter(Either::isRight).map(Either::getRight).toList();
        System.out.println("actions: " + fixes.stream().map(CodeAction::getTitle).toList());
        // The fix creates the missing key in every resource file (a cross-file workspace edit).
        CodeAction fix = fixes.stream().filter(a -> a.getTitle().contains("adress.title")).findFirst()
                .orElseThrow(() -> new AssertionError("no fix naming adress.title: " + fixes));
        assertTrue(fix.getDiagnostics() != null && fix.getDiagnostics().contains(d), "fix is tied to its diagnostic");
        List<TextEdit> edits = editsByFile(fix.getEdit()).get(s.uri("App/config/texts/resource.nb.json"));
        assertNotNull(edits, "no edit of resource.nb.json: " + fix.getEdit());
        assertTrue(edits.stream().anyMatch(e -> e.getNewText().contains("\"id\": \"adress.title\"")), "edits: " + edits);
    }

    @Test
    @Order(9)
    void typingUpdatesDiagnosticsInUtf16Columns() throws Exception {
        String text = text(PAGE1);
        // Line 15: "textResourceBindings": { "title": "adress.title" }  -> put non-ASCII before the key.
        String line = text.split("\n", -1)[15];
        int at = line.indexOf("\"title\"");
        String insert = "\"description\": \"Blåbær 😀\", ";
        TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
                new Range(new Position(15, at), new Position(15, at)), insert);
        s.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(page1, 2), List.of(change)));
        String newLine = line.substring(0, at) + insert + line.substring(at);
        int col = newLine.indexOf("adress.title");
        Range expected = new Range(new Position(15, col), new Position(15, col + "adress.title".length()));
        List<Diagnostic> ds = s.client.awaitDiagnostics(page1, d -> d.stream().anyMatch(x ->
                "AL0501".equals(Lsp4ijLikeClient.code(x)) && x.getMessage().contains("adress.title")
                        && x.getRange().equals(expected)), WAIT_MS);
        assertFalse(ds.isEmpty());
    }

    @Test
    @Order(10)
    void changedSettingsReachTheServer() throws Exception {
        // What LSP4IJ does when the user edits the Configuration tab: new settings, then
        // workspace/didChangeConfiguration; the server asks again with workspace/configuration.
        JsonObject edited = Template.expand(JsonParser.parseString(
                "{\"altinnStudio.severity\": {\"AL0501\": \"off\", \"AL1001\": \"warning\"}}").getAsJsonObject());
        s.client.settings = edited;
        s.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(edited));
        List<Diagnostic> ds = s.client.awaitDiagnostics(page1, d -> !codes(d).contains("AL0501")
                && d.stream().anyMatch(x -> "AL1001".equals(Lsp4ijLikeClient.code(x))
                        && x.getSeverity() == org.eclipse.lsp4j.DiagnosticSeverity.Warning), WAIT_MS);
        assertTrue(codes(ds).contains("AL0403"), "other codes stay: " + Lsp4ijLikeClient.describe(ds));
    }

    @Test
    @Order(11)
    void theCheckCommandRunsThroughExecuteCommand() throws Exception {
        Object r = s.server.getWorkspaceService()
                .executeCommand(new ExecuteCommandParams("altinn.check", List.of()))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        System.out.println("altinn.check: " + r);
        // LSP4J hands an untyped result over as a map: the counts of altinn.check.
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) r;
        java.util.function.ToLongFunction<String> n = k -> ((Number) counts.get(k)).longValue();
        assertEquals(1, n.applyAsLong("apps"), "apps: " + r);
        // They are the counts of what the client was sent (the server publishes what it checked
        // before it answers, and LSP4J delivers messages in order), severity by severity.
        Map<org.eclipse.lsp4j.DiagnosticSeverity, Long> sent = s.client.diagnostics.values().stream()
                .flatMap(List::stream)
                .collect(Collectors.groupingBy(Diagnostic::getSeverity, Collectors.counting()));
        String all = "sent: " + sent + ", altinn.check: " + r;
        assertEquals(sent.getOrDefault(org.eclipse.lsp4j.DiagnosticSeverity.Error, 0L), n.applyAsLong("errors"), all);
        assertEquals(sent.getOrDefault(org.eclipse.lsp4j.DiagnosticSeverity.Warning, 0L), n.applyAsLong("warnings"), all);
        assertEquals(sent.getOrDefault(org.eclipse.lsp4j.DiagnosticSeverity.Information, 0L), n.applyAsLong("information"), all);
        assertEquals(sent.getOrDefault(org.eclipse.lsp4j.DiagnosticSeverity.Hint, 0L), n.applyAsLong("hints"), all);
        assertTrue(n.applyAsLong("errors") > 0, "the demo app has errors: " + all);
    }

    @Test
    @Order(13)
    void definitionOfATextKeyIsInTheResourceFile() throws Exception {
        Position p = rangeOf(text(PAGE1), 8, "name.title").getStart();
        var def = s.server.getTextDocumentService()
                .definition(new org.eclipse.lsp4j.DefinitionParams(new TextDocumentIdentifier(page1),
                        new Position(p.getLine(), p.getCharacter() + 1)))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(def, "no definition");
        List<String> uris = def.isLeft() ? def.getLeft().stream().map(org.eclipse.lsp4j.Location::getUri).toList()
                : def.getRight().stream().map(org.eclipse.lsp4j.LocationLink::getTargetUri).toList();
        assertTrue(uris.contains(s.uri("App/config/texts/resource.nb.json")), "definition: " + uris);
    }

    @Test
    @Order(14)
    void theProcessOpensAsXmlAndHasSymbols() throws Exception {
        String bpmn = s.open("App/config/process/process.bpmn");
        var symbols = s.server.getTextDocumentService()
                .documentSymbol(new org.eclipse.lsp4j.DocumentSymbolParams(new TextDocumentIdentifier(bpmn)))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        List<String> names = new ArrayList<>();
        for (var e : symbols) {
            if (e.isRight()) {
                collect(e.getRight(), names);
            } else {
                names.add(e.getLeft().getName());
            }
        }
        assertTrue(names.stream().anyMatch(n -> n.contains("Task_1")), "symbols: " + names);
    }

    static void collect(org.eclipse.lsp4j.DocumentSymbol d, List<String> out) {
        out.add(d.getName());
        if (d.getChildren() != null) {
            d.getChildren().forEach(c -> collect(c, out));
        }
    }

    @Test
    @Order(12)
    void aJsonFileOutsideTheAppIsHarmless() throws Exception {
        // The template maps every *.json; LSP4IJ will also open package.json and friends.
        Path other = s.workspace.resolve("package.json");
        Files.writeString(other, "{ \"name\": \"x\", \"version\": 1 }\n");
        String u = s.open("package.json");
        var h = s.server.getTextDocumentService()
                .hover(new HoverParams(new TextDocumentIdentifier(u), new Position(0, 4)))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNull(h);
        // Still alive and answering for the app.
        assertNotNull(s.server.getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(page1), new Position(5, 17)))
                .get(WAIT_MS, TimeUnit.MILLISECONDS));
        List<Diagnostic> d = s.client.diagnostics.get(u);
        assertTrue(d == null || d.isEmpty(), "diagnostics on a non-Altinn file: " + d);
    }
}
