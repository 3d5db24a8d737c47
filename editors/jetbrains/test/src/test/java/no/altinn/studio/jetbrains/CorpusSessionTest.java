package no.altinn.studio.jetbrains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real app from ../shared/altinn/corpus (frontend-test, copied to a temporary folder): the
 * server's pushed diagnostics agree with `altinn-ls check --format json`, for an open file and
 * for one that is not open; typing a wrong text key is reported at its UTF-16 range and undone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorpusSessionTest {
    static final long WAIT_MS = 60_000;
    static final String FORM = "App/ui/changename/layouts/form.json";
    static final String REPEATING = "App/ui/group/layouts/repeating.json";

    @TempDir
    static Path tmp;

    Session s;
    String form;
    JsonObject check;

    @BeforeAll
    void start() throws Exception {
        Path corpusApp = Paths.requireShared("altinn/corpus/frontend-test", "corpus app for the LSP session");
        Path app = tmp.resolve("frontend-test");
        Paths.copyTree(corpusApp, app);
        check = runCheck(app);
        s = new Session(Template.load(), app);
        form = s.open(FORM);
    }

    @AfterAll
    void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    /** `altinn-ls check --format json` on the same copy, the same binary the session runs. */
    static JsonObject runCheck(Path app) throws Exception {
        String bin = Paths.resolveProgram("altinn-ls");
        Process p = new ProcessBuilder(bin, "check", app.toString(), "--format", "json").redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "check did not finish");
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, "check exit code " + p.exitValue());
        return JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** One diagnostic as "CODE severity line:col-line:col message". */
    static String key(String code, int severity, int l1, int c1, int l2, int c2, String message) {
        return code + " " + severity + " " + l1 + ":" + c1 + "-" + l2 + ":" + c2 + " " + message;
    }

    Set<String> expectedFor(String rel) {
        Set<String> out = new TreeSet<>();
        JsonArray ds = check.getAsJsonArray("diagnostics");
        for (JsonElement e : ds) {
            JsonObject d = e.getAsJsonObject();
            if (!d.get("file").getAsString().equals(rel)) {
                continue;
            }
            JsonObject r = d.getAsJsonObject("range");
            int sev = switch (d.get("severity").getAsString()) {
                case "error" -> 1;
                case "warning" -> 2;
                case "information" -> 3;
                default -> 4;
            };
            out.add(key(d.get("code").getAsString(), sev,
                    r.getAsJsonObject("start").get("line").getAsInt(), r.getAsJsonObject("start").get("character").getAsInt(),
                    r.getAsJsonObject("end").get("line").getAsInt(), r.getAsJsonObject("end").get("character").getAsInt(),
                    d.get("message").getAsString()));
        }
        return out;
    }

    static Set<String> actual(List<Diagnostic> ds) {
        Set<String> out = new TreeSet<>();
        for (Diagnostic d : ds) {
            Range r = d.getRange();
            out.add(key(Lsp4ijLikeClient.code(d), d.getSeverity().getValue(), r.getStart().getLine(),
                    r.getStart().getCharacter(), r.getEnd().getLine(), r.getEnd().getCharacter(), d.getMessage()));
        }
        return out;
    }

    @Test
    @Order(1)
    void openFileDiagnosticsAgreeWithTheChecker() throws Exception {
        Set<String> expected = expectedFor(FORM);
        assertFalse(expected.isEmpty(), "the checker reports nothing on " + FORM + " any more; pick another file");
        List<Diagnostic> ds = s.client.awaitDiagnostics(form, d -> actual(d).equals(expected), WAIT_MS);
        assertEquals(expected, actual(ds));
    }

    @Test
    @Order(2)
    void unopenedFileDiagnosticsAgreeWithTheChecker() throws Exception {
        Set<String> expected = expectedFor(REPEATING);
        assertFalse(expected.isEmpty(), "the checker reports nothing on " + REPEATING + " any more; pick another file");
        s.client.awaitDiagnostics(s.uri(REPEATING), d -> actual(d).equals(expected), WAIT_MS);
    }

    Range keyRange() throws Exception {
        String text = Files.readString(s.workspace.resolve(FORM), StandardCharsets.UTF_8).replace("\uFEFF", "");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int c = lines[i].indexOf("\"title\": \"NavarendeNavn\"");
            if (c >= 0) {
                int start = c + "\"title\": \"".length();
                return new Range(new Position(i, start), new Position(i, start + "NavarendeNavn".length()));
            }
        }
        throw new AssertionError("\"title\": \"NavarendeNavn\" not found in " + FORM);
    }

    @Test
    @Order(3)
    void hoverAndCompletionOnATextKey() throws Exception {
        Range r = keyRange();
        Position inside = new Position(r.getStart().getLine(), r.getStart().getCharacter() + 3);
        Hover h = s.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(form), inside))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(h, "no hover on NavarendeNavn");
        assertTrue(h.getContents().getRight().getValue().contains("Nåværende navn"), h.getContents().getRight().getValue());
        var c = s.server.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(form), r.getStart()))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
        List<CompletionItem> items = c.isLeft() ? c.getLeft() : c.getRight().getItems();
        assertTrue(items.stream().anyMatch(i -> i.getLabel().equals("NavarendeNavn")), "no NavarendeNavn among "
                + items.size() + " items");
    }

    @Test
    @Order(4)
    void aWrongTextKeyIsReportedWhileTypingAndClearedWhenUndone() throws Exception {
        Range r = keyRange();
        Range end = new Range(r.getEnd(), r.getEnd());
        s.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(form, 2), List.of(new TextDocumentContentChangeEvent(end, "_X"))));
        // "NavarendeNavn_X" looks like a key (a bare word could be literal text the app shows as is).
        Range typo = new Range(r.getStart(), new Position(r.getEnd().getLine(), r.getEnd().getCharacter() + 2));
        s.client.awaitDiagnostics(form, d -> d.stream().anyMatch(x -> "AL0501".equals(Lsp4ijLikeClient.code(x))
                && x.getRange().equals(typo) && x.getMessage().contains("NavarendeNavn_X")), WAIT_MS);
        s.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(form, 3), List.of(new TextDocumentContentChangeEvent(typo, "NavarendeNavn"))));
        Set<String> expected = expectedFor(FORM);
        s.client.awaitDiagnostics(form, d -> actual(d).equals(expected), WAIT_MS);
    }
}
