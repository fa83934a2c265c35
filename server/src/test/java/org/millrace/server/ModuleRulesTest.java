package org.millrace.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, held against the compiled main classes: the SRT library and the playlist
 * module know no application code, core knows no service, services never import one another (they talk over the
 * event bus or HTTP), and only the server launcher sees everything.
 */
class ModuleRulesTest {
    private static final List<String> MODULES = List.of(
            "testkit",
            "srt",
            "hls",
            "core",
            "auth",
            "streams",
            "ingest",
            "transcoder",
            "recorder",
            "vod",
            "gateway",
            "uploads",
            "server");
    /** What each module's main code may use besides itself (the arrows of the module picture). */
    private static final Map<String, List<String>> MAY_USE = Map.ofEntries(
            // The tools the tests drive: no application code, and no main code uses it (it is a test dependency).
            Map.entry("testkit", List.of()),
            Map.entry("srt", List.of()),
            Map.entry("hls", List.of()),
            Map.entry("core", List.of("hls")),
            Map.entry("auth", List.of("core", "hls")),
            Map.entry("streams", List.of("core", "hls")),
            Map.entry("ingest", List.of("core", "hls", "srt")),
            Map.entry("transcoder", List.of("core", "hls")),
            // The recorder remuxes and makes posters with the transcoder's VOD media pieces (shared with uploads).
            Map.entry("recorder", List.of("core", "hls", "transcoder")),
            Map.entry("vod", List.of("core", "hls")),
            Map.entry("gateway", List.of("core", "hls")),
            // Upload transcoding reuses the live ladder rather than writing a second one.
            Map.entry("uploads", List.of("core", "hls", "transcoder")));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.millrace");
    }

    @Test
    void eachModuleUsesOnlyTheModulesBelowIt() {
        MAY_USE.forEach((module, allowed) -> {
            String[] forbidden = MODULES.stream()
                    .filter(other -> !other.equals(module) && !allowed.contains(other))
                    .map(other -> "org.millrace." + other + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("org.millrace." + module + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden)
                    .as(module + " uses only " + (allowed.isEmpty() ? "itself" : String.join(", ", allowed)))
                    .check(classes);
        });
    }

    /**
     * Inside the SRT library the socket layer sits on top: packets, crypto, the receiving policy, the handshake's
     * pieces and what the application sees of a stream never reach up into {@code listener}, so each can be driven
     * and tested without a socket.
     */
    @Test
    void theSrtListenerIsTheOnlyPackageThatKnowsTheSocketLayer() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.millrace.srt.packet..",
                        "org.millrace.srt.crypto..",
                        "org.millrace.srt.receiver..",
                        "org.millrace.srt.handshake..",
                        "org.millrace.srt.stream..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.millrace.srt.listener..")
                .as("srt's packet, crypto, receiver, handshake and stream packages do not use its listener")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("org.millrace.srt.packet..", "org.millrace.srt.receiver..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.netty.channel..")
                .as("packets and the receiving policy know no channel")
                .check(classes);
    }

    @Test
    void everyModuleHasItsRuleAndClasses() {
        // A new module without a rule here would be unchecked; one whose classes were not imported, vacuous.
        Stream.concat(MAY_USE.keySet().stream(), Stream.of("server"))
                .forEach(module -> org.assertj.core.api.Assertions.assertThat(classes.stream()
                                .anyMatch(c -> c.getPackageName().startsWith("org.millrace." + module)))
                        .as("classes of " + module)
                        .isTrue());
        org.assertj.core.api.Assertions.assertThat(MAY_USE.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        MODULES.stream().filter(m -> !m.equals("server")).toList());
        org.assertj.core.api.Assertions.assertThat(Arrays.stream(new java.io.File("..").list())
                        .filter(name -> new java.io.File("../" + name + "/src/main/java").isDirectory()))
                .containsExactlyInAnyOrderElementsOf(MODULES);
    }
}
