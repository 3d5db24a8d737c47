package no.altinn.studio.jetbrains;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The importable template folder (editors/jetbrains/lsp4ij-template) read the way LSP4IJ reads it:
 * the OS key of programArgs, the split of the command line, the file name pattern mappings,
 * dotted-key expansion of settings.json and the section lookup for workspace/configuration.
 * Each emulation names the LSP4IJ behaviour it follows; only the files are ours.
 */
final class Template {
    /** LSP4IJ's OS key on Linux ("unix"); it falls back to "default". */
    static final String LINUX_OS_KEY = "unix";

    final Path dir;
    final JsonObject template;

    private Template(Path dir) throws IOException {
        this.dir = dir;
        this.template = readJson(dir.resolve("template.json")).getAsJsonObject();
    }

    static Template load() throws IOException {
        return new Template(Paths.templateDir());
    }

    static JsonElement readJson(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    }

    JsonElement file(String name) throws IOException {
        return readJson(dir.resolve(name));
    }

    /** ServerTemplate.getOSProgramArgs: the OS entry, else "default". */
    String programArgs(String osKey) {
        JsonObject args = template.getAsJsonObject("programArgs");
        if (args == null) {
            return null;
        }
        JsonElement os = args.get(osKey);
        if (os != null && !os.isJsonNull()) {
            return os.getAsString();
        }
        JsonElement def = args.get("default");
        return def == null || def.isJsonNull() ? null : def.getAsString();
    }

    /**
     * CommandUtils.createCommands: split on spaces outside double quotes, quotes removed,
     * empty parts dropped.
     */
    static List<String> splitCommandLine(String commandLine) {
        List<String> out = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                addPart(part, out);
            } else {
                part.append(c);
            }
        }
        addPart(part, out);
        return out;
    }

    private static void addPart(StringBuilder part, List<String> out) {
        String s = part.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
        part.setLength(0);
    }

    /** One entry of fileTypeMappings. */
    record Mapping(List<String> patterns, String fileTypeName, String languageId) {}

    List<Mapping> mappings() {
        List<Mapping> out = new ArrayList<>();
        JsonArray arr = template.getAsJsonArray("fileTypeMappings");
        if (arr == null) {
            return out;
        }
        for (JsonElement e : arr) {
            JsonObject m = e.getAsJsonObject();
            JsonObject fileType = m.getAsJsonObject("fileType");
            List<String> patterns = new ArrayList<>();
            String name = null;
            if (fileType != null) {
                JsonArray p = fileType.getAsJsonArray("patterns");
                if (p != null) {
                    p.forEach(x -> patterns.add(x.getAsString()));
                }
                if (fileType.has("name")) {
                    name = fileType.get("name").getAsString();
                }
            }
            String languageId = m.has("languageId") ? m.get("languageId").getAsString() : null;
            out.add(new Mapping(patterns, name, languageId));
        }
        return out;
    }

    /**
     * The languageId LSP4IJ sends in didOpen for a file of this name, or null when no file
     * name pattern maps it. IntelliJ's FileNameMatcherFactory: a pattern without wildcards
     * matches the exact name, '*' any run of characters, '?' one character (file name only,
     * never a path).
     */
    String languageIdFor(String fileName) {
        for (Mapping m : mappings()) {
            for (String p : m.patterns()) {
                if (globToRegex(p).matcher(fileName).matches()) {
                    return m.languageId();
                }
            }
        }
        return null;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** settings.json as LSP4IJ sends it when expandConfiguration is true: dotted keys nested. */
    JsonObject expandedSettings() throws IOException {
        JsonObject flat = file("settings.json").getAsJsonObject();
        boolean expand = template.has("expandConfiguration")
                && template.get("expandConfiguration").getAsBoolean();
        return expand ? expand(flat) : flat;
    }

    static JsonObject expand(JsonObject flat) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            JsonObject cur = out;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonElement next = cur.get(parts[i]);
                if (next == null || !next.isJsonObject()) {
                    next = new JsonObject();
                    cur.add(parts[i], next);
                }
                cur = next.getAsJsonObject();
            }
            cur.add(parts[parts.length - 1], e.getValue().deepCopy());
        }
        return out;
    }

    /**
     * LanguageClientImpl.findSettings: walk the dotted section through the settings; the
     * answer is the object found, or null when a step is missing or not an object.
     */
    static Object findSettings(JsonObject settings, String section) {
        if (section == null) {
            return settings;
        }
        JsonObject cur = settings;
        for (String s : section.split("[.]")) {
            JsonElement next = cur.get(s);
            if (next == null || !next.isJsonObject()) {
                return null;
            }
            cur = next.getAsJsonObject();
        }
        return cur;
    }
}
