package no.altinn.studio.jetbrains;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Where things are: the template, the repository, ../shared, the altinn-ls binary. */
final class Paths {
    private Paths() {}

    /** The Maven project folder (editors/jetbrains/test); Maven runs tests there. */
    static Path testProject() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    }

    static Path templateDir() {
        String p = System.getProperty("altinn.template.dir");
        return p != null ? Path.of(p) : testProject().resolveSibling("lsp4ij-template");
    }

    static Path repoRoot() {
        return testProject().getParent().getParent().getParent();
    }

    /** CI set to anything but empty, 0 or false (as tests/support/prereq.rs). */
    static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equals("0") && !ci.equals("false");
    }

    /** ../shared beside the repository, or null when it is absent. */
    static Path shared() {
        String p = System.getenv("ALTINN_SHARED_DIR");
        Path dir = p != null ? Path.of(p) : repoRoot().resolveSibling("shared");
        return Files.isDirectory(dir) ? dir : null;
    }

    /**
     * The file or folder below ../shared, or a JUnit skip (with a clear message on stdout, counted
     * as skipped by Surefire) when ../shared or that part of it is absent. In CI (CI set; CI always
     * has ../shared) a missing folder fails the test instead.
     */
    static Path requireShared(String relative, String what) {
        Path shared = shared();
        Path p = shared == null ? null : shared.resolve(relative);
        if (p == null || !Files.exists(p)) {
            String msg = "skipped: ../shared" + (shared == null ? "" : "/" + relative) + " not found (" + what + ")";
            System.out.println(msg);
            if (inCi()) {
                org.junit.jupiter.api.Assertions.fail(msg + "; CI must provide ../shared");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, msg);
        }
        return p;
    }

    /**
     * The program the template's command names (altinn-ls), resolved like a shell would:
     * ALTINN_LS_BIN (or -Daltinn.ls.bin) when set, else the first match on PATH.
     */
    static String resolveProgram(String program) {
        String explicit = System.getProperty("altinn.ls.bin", System.getenv("ALTINN_LS_BIN"));
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("'" + program + "' is neither in ALTINN_LS_BIN nor on the PATH; "
                + "build it with `cargo build -p altinn-ls` and set ALTINN_LS_BIN=target/debug/altinn-ls "
                + "(editors/jetbrains/test/run.sh does both)");
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                target.toFile().setWritable(true);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
