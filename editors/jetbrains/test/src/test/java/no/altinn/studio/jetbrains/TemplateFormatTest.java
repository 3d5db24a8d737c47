package no.altinn.studio.jetbrains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The template folder against LSP4IJ's documented format, its schema, and the VS Code settings. */
class TemplateFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode jackson(Path file) throws IOException {
        return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Error> validate(Path schemaFile, JsonNode instance) throws IOException {
        JsonNode schemaNode = jackson(schemaFile);
        // LSP4IJ's own templates give settings schemas a relative "$id" (LSP4IJ/<server>/settings.schema.json);
        // LSP4IJ registers the schema by content, the validator wants an absolute $id: drop it.
        if (schemaNode.has("$id") && !schemaNode.get("$id").asText().contains("://")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) schemaNode).remove("$id");
        }
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schemaNode);
        return schema.validate(instance);
    }

    @Test
    void templateDescriptorHasTheFieldsLsp4ijReads() throws IOException {
        Template t = Template.load();
        assertEquals("altinn-ls", t.template.get("id").getAsString());
        assertFalse(t.template.get("name").getAsString().isBlank());
        // Without "url" LSP4IJ links the help icon to its own docs/user-defined-ls/<id>.md.
        assertTrue(t.template.get("url").getAsString().startsWith("https://"), "url");
        assertTrue(t.template.get("expandConfiguration").getAsBoolean(),
                "settings.json uses dotted keys, so LSP4IJ must expand them");

        // Linux: LSP4IJ looks up "unix", then "default".
        assertEquals(List.of("altinn-ls", "lsp"), Template.splitCommandLine(t.programArgs(Template.LINUX_OS_KEY)));
        assertEquals(List.of("altinn-ls", "lsp"), Template.splitCommandLine(t.programArgs("mac")));
        assertEquals(List.of("altinn-ls.exe", "lsp"), Template.splitCommandLine(t.programArgs("windows")));
    }

    @Test
    void commandLineSplitFollowsLsp4ij() {
        assertEquals(List.of("/opt/altinn tools/altinn-ls", "lsp"),
                Template.splitCommandLine("\"/opt/altinn tools/altinn-ls\"  lsp "));
    }

    @Test
    void mappingsUsePatternsAndStandardLanguageIds() throws IOException {
        Template t = Template.load();
        assertFalse(t.mappings().isEmpty());
        for (Template.Mapping m : t.mappings()) {
            // A file type mapping (fileType.name) would tie us to one IDE's file types; file
            // name patterns keep the IDE's own JSON/XML/JavaScript file types and highlighting.
            assertNull(m.fileTypeName(), "fileType.name in " + m);
            assertFalse(m.patterns().isEmpty(), "patterns in " + m);
            assertTrue(Set.of("json", "xml", "javascript").contains(m.languageId()), "languageId in " + m);
        }
    }

    /** The Altinn files in an app folder: what the server checks (FileKind other than Other). */
    private static List<Path> altinnFiles(Path app) throws IOException {
        try (Stream<Path> s = Files.walk(app)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String rel = app.relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString();
                return rel.startsWith("App/") && (name.endsWith(".json") || name.endsWith(".xsd")
                        || name.equals("process.bpmn") || name.equals("policy.xml") || name.equals("RuleHandler.js"));
            }).sorted().toList();
        }
    }

    private static String expectedLanguageId(String name) {
        if (name.endsWith(".json")) {
            return "json";
        }
        return name.endsWith(".js") ? "javascript" : "xml";
    }

    private static void assertEveryAltinnFileMapped(Template t, Path app) throws IOException {
        List<Path> files = altinnFiles(app);
        assertFalse(files.isEmpty(), "no Altinn files found in " + app);
        List<String> wrong = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = t.languageIdFor(name);
            if (!expectedLanguageId(name).equals(id)) {
                wrong.add(app.relativize(f) + " -> " + id);
            }
        }
        assertTrue(wrong.isEmpty(), "files the template does not map to the right languageId: " + wrong);
    }

    @Test
    void everyFileKindOfTheDemoAppIsMapped() throws IOException {
        Template t = Template.load();
        assertEveryAltinnFileMapped(t, Paths.repoRoot().resolve("examples/demo-app"));
        assertEquals("javascript", t.languageIdFor("RuleHandler.js"));
        assertEquals("xml", t.languageIdFor("policy.xml"));
        assertEquals("xml", t.languageIdFor("process.bpmn"));
        // Not ours: C# (Rider's own server), other JavaScript and XML.
        assertNull(t.languageIdFor("Program.cs"));
        assertNull(t.languageIdFor("index.js"));
        assertNull(t.languageIdFor("pom.xml"));
    }

    /**
     * Issue 17: the mapping is as narrow as file names allow. Fixed Altinn names only where the
     * name is fixed (process.bpmn, policy.xml, RuleHandler.js); JSON stays *.json because layouts
     * and code lists have names of the developer's own (see the template README, section 4).
     */
    @Test
    void mappingIsLimitedToAltinnFileNamesWhereTheNameIsFixed() throws IOException {
        Template t = Template.load();
        // Other projects' BPMN, XML and JavaScript do not start or reach the server.
        assertNull(t.languageIdFor("order-process.bpmn"));
        assertNull(t.languageIdFor("diagram.bpmn"));
        assertNull(t.languageIdFor("web.xml"));
        assertNull(t.languageIdFor("app.js"));
        assertEquals("xml", t.languageIdFor("model.xsd"));
        // Layouts and code lists with names of their own must still reach it.
        assertEquals("json", t.languageIdFor("Side1.json"));
        assertEquals("json", t.languageIdFor("countries.json"));
        List<String> all = t.mappings().stream().flatMap(m -> m.patterns().stream()).sorted().toList();
        assertEquals(List.of("*.json", "*.xsd", "RuleHandler.js", "policy.xml", "process.bpmn"), all);
        String readme = Files.readString(t.dir.resolve("README.md"));
        assertTrue(readme.contains("The trade-off, and why JSON stays `*.json`"), "the README explains the JSON mapping");
    }

    @Test
    void everyFileKindOfTheCorpusIsMapped() throws IOException {
        Path corpus = Paths.requireShared("altinn/corpus", "corpus apps for the file mappings");
        Template t = Template.load();
        int apps = 0;
        try (Stream<Path> s = Files.list(corpus)) {
            for (Path app : s.filter(p -> Files.isDirectory(p.resolve("App/config"))).toList()) {
                assertEveryAltinnFileMapped(t, app);
                apps++;
            }
        }
        assertTrue(apps > 0, "no corpus apps");
    }

    @Test
    void settingsMatchTheirSchema() throws IOException {
        Template t = Template.load();
        Path schema = t.dir.resolve("settings.schema.json");
        List<Error> errors = validate(schema, jackson(t.dir.resolve("settings.json")));
        assertTrue(errors.isEmpty(), "settings.json: " + errors);
        // The schema is not vacuous: a wrong severity, an unknown code format, an unknown key.
        assertFalse(validate(schema, JSON.readTree("{\"altinnStudio.severity\": {\"AL0501\": \"fatal\"}}")).isEmpty());
        assertFalse(validate(schema, JSON.readTree("{\"altinnStudio.severity\": {\"X1\": \"off\"}}")).isEmpty());
        assertFalse(validate(schema, JSON.readTree("{\"altinnStudio.debounce\": 5}")).isEmpty());
        assertTrue(validate(schema, JSON.readTree(
                "{\"altinnStudio.severity\": {\"AL0302\": \"off\"}, \"altinnStudio.requiredLanguages\": [\"nb\", \"en\"],"
                        + " \"altinnStudio.debounceMs\": 100, \"altinnStudio.ignore\": [\"App/ui/old/**\"]}")).isEmpty());
    }

    /** The server settings of the VS Code extension, property by property (client-only ones aside). */
    @Test
    void settingsAreTheSameAsTheVsCodeExtensions() throws IOException {
        Path pkg = Paths.repoRoot().resolve("editors/vscode/package.json");
        assumeTrue(Files.exists(pkg), "skipped: editors/vscode/package.json not found");
        JsonNode vscode = jackson(pkg).path("contributes").path("configuration").path("properties");
        JsonNode ours = jackson(Template.load().dir.resolve("settings.schema.json")).path("properties");
        Set<String> expected = new TreeSet<>();
        vscode.fieldNames().forEachRemaining(k -> {
            if (!k.startsWith("altinnStudio.server.") && !k.startsWith("altinnStudio.trace.") && !k.equals("altinnStudio.studioUrl")
                    && !k.startsWith("altinnStudio.runtime.") && !k.startsWith("altinnStudio.run.")) {
                expected.add(k);
            }
        });
        Set<String> actual = new TreeSet<>();
        ours.fieldNames().forEachRemaining(actual::add);
        assertEquals(expected, actual);
        for (String k : expected) {
            for (String field : List.of("type", "default", "minimum", "maximum", "items", "additionalProperties",
                    "propertyNames")) {
                assertEquals(vscode.path(k).path(field), ours.path(k).path(field), k + "." + field);
            }
        }
    }

    @Test
    void initializationOptionsCarryTheSameSettings() throws IOException {
        Template t = Template.load();
        JsonElement init = t.file("initializationOptions.json");
        // The server reads initializationOptions.settings (the section or {altinnStudio: section}).
        JsonObject section = init.getAsJsonObject().getAsJsonObject("settings").getAsJsonObject("altinnStudio");
        assertNotNull(section);
        assertEquals(Template.findSettings(t.expandedSettings(), "altinnStudio"), section);
    }

    @Test
    void clientSettingsMatchLsp4ijsSchema() throws IOException {
        Path schema = Paths.requireShared("lsp4ij/schemas/clientSettings.schema.json", "LSP4IJ's clientSettings schema");
        JsonNode client = jackson(Template.load().dir.resolve("clientSettings.json"));
        List<Error> errors = validate(schema, client);
        assertTrue(errors.isEmpty(), "clientSettings.json: " + errors);
        // The schema rejects what LSP4IJ would not read.
        assertFalse(validate(schema, JSON.readTree("{\"diagnostics\": {\"pull\": false}}")).isEmpty());
        // Our choices: case-sensitive ids and keys; the IDE keeps formatting JSON/XML.
        assertTrue(client.path("caseSensitive").asBoolean());
        assertFalse(client.path("format").path("enabled").asBoolean(true));
        assertFalse(client.path("format").path("onTypeFormatting").path("clientSide")
                .path("formatOnCompletionTrigger").asBoolean(true));
    }

    @Test
    void theInstallerRunsTheReleaseInstallScriptsAndPointsTheServerAtTheResult() throws IOException {
        Path schema = Paths.requireShared("lsp4ij/schemas/installerSettings.schema.json", "LSP4IJ's installer schema");
        JsonNode inst = jackson(Template.load().dir.resolve("installer.json"));
        List<Error> errors = validate(schema, inst);
        assertTrue(errors.isEmpty(), "installer.json: " + errors);
        JsonNode cmd = inst.path("run").path("exec").path("command");
        assertTrue(cmd.path("windows").toString().contains("install.ps1"), "Windows runs install.ps1");
        assertTrue(cmd.path("default").toString().contains("install.sh"), "macOS/Linux run install.sh");
        JsonNode server = inst.path("run").path("exec").path("onSuccess").path("configureServer").path("command");
        assertTrue(server.path("windows").asText().endsWith("altinn-ls.exe lsp"));
        assertTrue(server.path("default").asText().endsWith("/.local/bin/altinn-ls lsp"));
    }

    @Test
    void theOtherTemplateFilesAreJsonOfTheRightShape() throws IOException {
        Template t = Template.load();
        for (String f : List.of("template.json", "settings.json", "settings.schema.json", "initializationOptions.json",
                "clientSettings.json")) {
            assertTrue(t.file(f).isJsonObject(), f);
        }
        String readme = Files.readString(t.dir.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("altinn-ls lsp"), "README explains the command");
    }

    @Test
    void theExampleTemplatesBesideLsp4ijsSchemaUseOurFields() throws IOException {
        Template t = Template.load();
        Path examples = Paths.requireShared("lsp4ij/example-templates", "LSP4IJ's example templates");
        int seen = 0;
        try (Stream<Path> s = Files.list(examples)) {
            for (Path ex : s.toList()) {
                JsonObject tj = Template.readJson(ex.resolve("template.json")).getAsJsonObject();
                for (Map.Entry<String, JsonElement> e : tj.entrySet()) {
                    assertTrue(t.template.has(e.getKey()) || e.getKey().equals("url"),
                            "field " + e.getKey() + " of " + ex.getFileName() + "/template.json");
                }
                seen++;
            }
        }
        assertTrue(seen > 0, "no example template in " + examples);
    }
}
