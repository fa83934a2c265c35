package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.security.PublishRequest;

/** The streams API over HTTP through the real gateway: ownership, validation, pagination, SRT URLs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsApiTest {
    private StreamsHarness harness;
    private String alice;
    private String bob;
    private String admin;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = StreamsHarness.start(dir, Duration.ofSeconds(10));
        alice = harness.token("u-alice", "alice");
        bob = harness.token("u-bob", "bob");
        admin = harness.token("u-root", "root", "user", "admin");
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) throws Exception {
        return harness.call(method, path, token, body);
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    @Test
    void ownerCreatesReadsEditsAndDeletes() throws Exception {
        JsonObject created = harness.create(
                alice, new JsonObject().put("title", "Morning run").put("description", "5k by the river"));
        String id = created.getString("id");
        assertThat(id).matches("[A-Za-z0-9_-]{16}");
        assertThat(created.getString("title")).isEqualTo("Morning run");
        assertThat(created.getString("description")).isEqualTo("5k by the river");
        assertThat(created.getString("status")).isEqualTo("offline");
        assertThat(created.getString("streamKey")).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.getString("playbackUrl")).isEqualTo("/live/" + id + "/master.m3u8");
        assertThat(created.getString("passphrase")).isNull();
        assertThat(created.getJsonObject("owner"))
                .isEqualTo(new JsonObject().put("id", "u-alice").put("username", "alice"));
        assertThat(created.getString("thumbnailUrl")).isNull();
        assertThat(created.getInteger("viewers")).isZero();

        JsonObject mine =
                call(HttpMethod.GET, "/api/streams/" + id, alice, null).bodyAsJsonObject();
        assertThat(mine.getString("title")).isEqualTo("Morning run");
        assertThat(mine.getString("srtServer"))
                .isEqualTo("srt://" + StreamsHarness.PUBLIC_HOST + ":" + StreamsHarness.SRT_PORT);
        assertThat(mine.containsKey("passphrase")).isTrue();
        assertThat(mine.containsKey("streamKey"))
                .as("a key is shown only at creation and rotation")
                .isFalse();

        JsonObject anyone =
                call(HttpMethod.GET, "/api/streams/" + id, null, null).bodyAsJsonObject();
        assertThat(anyone.getString("title")).isEqualTo("Morning run");
        assertThat(anyone.containsKey("passphrase")).isFalse();
        assertThat(anyone.containsKey("srtServer")).isFalse();
        assertThat(anyone.containsKey("streamKey")).isFalse();
        assertThat(call(HttpMethod.GET, "/api/streams/" + id, bob, null)
                        .bodyAsJsonObject()
                        .containsKey("passphrase"))
                .isFalse();

        HttpResponse<Buffer> patched = call(
                HttpMethod.PATCH,
                "/api/streams/" + id,
                alice,
                new JsonObject().put("title", "Evening run").put("passphrase", "correct-horse-battery"));
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.bodyAsJsonObject().getString("title")).isEqualTo("Evening run");
        assertThat(patched.bodyAsJsonObject().getString("description")).isEqualTo("5k by the river");
        assertThat(patched.bodyAsJsonObject().getString("passphrase")).isEqualTo("correct-horse-battery");

        HttpResponse<Buffer> cleared = call(
                HttpMethod.PATCH,
                "/api/streams/" + id,
                alice,
                new JsonObject().putNull("passphrase").putNull("description"));
        assertThat(cleared.bodyAsJsonObject().getString("passphrase")).isNull();
        assertThat(cleared.bodyAsJsonObject().getString("description")).isEmpty();
        assertThat(cleared.bodyAsJsonObject().getString("title")).isEqualTo("Evening run");

        HttpResponse<Buffer> rotated = call(HttpMethod.POST, "/api/streams/" + id + "/key", alice, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.bodyAsJsonObject().getString("streamKey"))
                .matches("[A-Za-z0-9_-]{43}")
                .isNotEqualTo(created.getString("streamKey"));

        HttpResponse<Buffer> stats = call(HttpMethod.GET, "/api/streams/" + id + "/stats", alice, null);
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.bodyAsJsonObject().getString("status")).isEqualTo("offline");
        assertThat(stats.bodyAsJsonObject().getInteger("viewers")).isZero();
        assertThat(stats.bodyAsJsonObject().containsKey("bitrateKbps")).isTrue();
        assertThat(stats.bodyAsJsonObject().getValue("bitrateKbps")).isNull();

        assertThat(call(HttpMethod.DELETE, "/api/streams/" + id, alice, null).statusCode())
                .isEqualTo(204);
        assertError(call(HttpMethod.GET, "/api/streams/" + id, alice, null), 404, "not_found");
        assertError(call(HttpMethod.DELETE, "/api/streams/" + id, alice, null), 404, "not_found");
    }

    @Test
    void strangersGet404AndAnonymousCallers401() throws Exception {
        String id = harness.create(alice, new JsonObject().put("title", "Private-ish"))
                .getString("id");
        String base = "/api/streams/" + id;

        assertError(call(HttpMethod.PATCH, base, bob, new JsonObject().put("title", "mine now")), 404, "not_found");
        assertError(call(HttpMethod.DELETE, base, bob, null), 404, "not_found");
        assertError(call(HttpMethod.POST, base + "/key", bob, null), 404, "not_found");
        assertError(call(HttpMethod.GET, base + "/stats", bob, null), 404, "not_found");

        assertError(
                call(HttpMethod.POST, "/api/streams", null, new JsonObject().put("title", "x")), 401, "unauthorized");
        assertError(call(HttpMethod.PATCH, base, null, new JsonObject().put("title", "x")), 401, "unauthorized");
        assertError(call(HttpMethod.DELETE, base, null, null), 401, "unauthorized");
        assertError(call(HttpMethod.POST, base + "/key", null, null), 401, "unauthorized");
        assertError(call(HttpMethod.GET, base + "/stats", null, null), 401, "unauthorized");
        assertError(call(HttpMethod.GET, base, "not.a.token", null), 401, "unauthorized");

        assertThat(call(HttpMethod.GET, base, alice, null).bodyAsJsonObject().getString("title"))
                .isEqualTo("Private-ish");
        assertError(call(HttpMethod.GET, "/api/streams/doesNotExist0000", null, null), 404, "not_found");
        assertError(call(HttpMethod.GET, "/api/streams/x'%20OR%201=1", null, null), 404, "not_found");
    }

    @Test
    void adminsMayEditDeleteAndDisableButNotRotateOrReadSecrets() throws Exception {
        String id = harness.create(
                        alice, new JsonObject().put("title", "Moderated").put("passphrase", "alice-secret-123"))
                .getString("id");
        String base = "/api/streams/" + id;

        HttpResponse<Buffer> edited = call(
                HttpMethod.PATCH,
                base,
                admin,
                new JsonObject().put("title", "Renamed by admin").put("disabled", true));
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(edited.bodyAsJsonObject().getString("title")).isEqualTo("Renamed by admin");
        assertThat(edited.bodyAsJsonObject().getBoolean("disabled")).isTrue();
        assertThat(edited.bodyAsJsonObject().containsKey("passphrase")).isFalse();

        assertError(call(HttpMethod.PATCH, base, alice, new JsonObject().put("disabled", false)), 403, "forbidden");
        assertError(call(HttpMethod.POST, base + "/key", admin, null), 404, "not_found");
        assertError(call(HttpMethod.GET, base + "/stats", admin, null), 404, "not_found");

        assertThat(call(HttpMethod.DELETE, base, admin, null).statusCode()).isEqualTo(204);
        assertError(call(HttpMethod.GET, base, null, null), 404, "not_found");
    }

    @Test
    void srtUrlParsesAndItsStreamIdAuthorizesThroughTheBus() throws Exception {
        JsonObject created = harness.create(
                alice, new JsonObject().put("title", "OBS test").put("passphrase", "Pass_word.with~signs-1"));
        URI srt = URI.create(created.getString("srtUrl"));
        assertThat(srt.getScheme()).isEqualTo("srt");
        assertThat(srt.getHost()).isEqualTo(StreamsHarness.PUBLIC_HOST);
        assertThat(srt.getPort()).isEqualTo(StreamsHarness.SRT_PORT);

        String streamId = null;
        String passphrase = null;
        String pbkeylen = null;
        for (String pair : srt.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            String value = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            switch (kv[0]) {
                case "streamid" -> streamId = value;
                case "passphrase" -> passphrase = value;
                case "pbkeylen" -> pbkeylen = value;
                default -> throw new AssertionError("unexpected parameter " + kv[0]);
            }
        }
        assertThat(passphrase).isEqualTo("Pass_word.with~signs-1");
        assertThat(pbkeylen).isEqualTo("16");
        PublishRequest publish = PublishRequest.parse(streamId).orElseThrow();
        assertThat(publish.streamKey()).isEqualTo(created.getString("streamKey"));

        JsonObject decision = harness.bus(
                Addresses.STREAMS_AUTHORIZE_PUBLISH, new JsonObject().put("streamKey", publish.streamKey()));
        assertThat(decision.getBoolean("allowed")).isTrue();
        assertThat(decision.getString("streamId")).isEqualTo(created.getString("id"));
        assertThat(decision.getString("passphrase")).isEqualTo("Pass_word.with~signs-1");

        JsonObject plain = harness.create(alice, new JsonObject().put("title", "No crypto"));
        assertThat(plain.getString("srtUrl"))
                .isEqualTo("srt://" + StreamsHarness.PUBLIC_HOST + ":" + StreamsHarness.SRT_PORT + "?streamid=publish:"
                        + plain.getString("streamKey"));
    }

    @Test
    void quotesAndSqlAreStoredAndReturnedLiterally() throws Exception {
        String nasty = "O'Brien\"; DROP TABLE streams;--";
        String description = "line one\nline two with 'quotes' and \\backslashes\\ and emoji \uD83C\uDFA5 and $1";
        JsonObject created = harness.create(
                bob,
                new JsonObject()
                        .put("title", nasty)
                        .put("description", description)
                        .put("passphrase", "not-quoted-passphrase"));
        String id = created.getString("id");
        JsonObject read = call(HttpMethod.GET, "/api/streams/" + id, bob, null).bodyAsJsonObject();
        assertThat(read.getString("title")).isEqualTo(nasty);
        assertThat(read.getString("description")).isEqualTo(description);
        assertThat(read.getString("passphrase")).isEqualTo("not-quoted-passphrase");
        assertThat(call(HttpMethod.GET, "/api/streams?limit=100", null, null).statusCode())
                .isEqualTo(200);

        String usernameWithQuotes = harness.token("u-o'brien", "o'brien\"--");
        JsonObject theirs = harness.create(usernameWithQuotes, new JsonObject().put("title", "ok"));
        assertThat(theirs.getJsonObject("owner").getString("username")).isEqualTo("o'brien\"--");
    }

    @Test
    void invalidInputIs400WithAFieldCode() throws Exception {
        assertError(call(HttpMethod.POST, "/api/streams", alice, new JsonObject()), 400, "invalid_title");
        assertError(
                call(HttpMethod.POST, "/api/streams", alice, new JsonObject().put("title", "   ")),
                400,
                "invalid_title");
        assertError(
                call(HttpMethod.POST, "/api/streams", alice, new JsonObject().put("title", "x".repeat(121))),
                400,
                "invalid_title");
        assertError(
                call(HttpMethod.POST, "/api/streams", alice, new JsonObject().put("title", 42)), 400, "invalid_title");
        assertError(
                call(HttpMethod.POST, "/api/streams", alice, new JsonObject().put("title", "nul\u0000byte")),
                400,
                "invalid_title");
        assertThat(call(HttpMethod.POST, "/api/streams", alice, new JsonObject().put("title", "x".repeat(120)))
                        .statusCode())
                .isEqualTo(201);
        assertError(
                call(
                        HttpMethod.POST,
                        "/api/streams",
                        alice,
                        new JsonObject().put("title", "t").put("description", "d".repeat(2001))),
                400,
                "invalid_description");
        assertError(
                call(
                        HttpMethod.POST,
                        "/api/streams",
                        alice,
                        new JsonObject().put("title", "t").put("passphrase", "short")),
                400,
                "invalid_passphrase");
        assertError(
                call(
                        HttpMethod.POST,
                        "/api/streams",
                        alice,
                        new JsonObject().put("title", "t").put("passphrase", "p".repeat(80))),
                400,
                "invalid_passphrase");
        assertError(
                call(
                        HttpMethod.POST,
                        "/api/streams",
                        alice,
                        new JsonObject().put("title", "t").put("passphrase", "caf\u00e9 au lait!")),
                400,
                "invalid_passphrase");
        assertError(
                call(
                        HttpMethod.POST,
                        "/api/streams",
                        alice,
                        new JsonObject().put("title", "x").put("passphrase", "p&ss word=with+signs")),
                400,
                "invalid_passphrase");
        assertThat(call(
                                HttpMethod.POST,
                                "/api/streams",
                                alice,
                                new JsonObject().put("title", "t").put("passphrase", "p".repeat(79)))
                        .statusCode())
                .isEqualTo(201);

        String id =
                harness.create(alice, new JsonObject().put("title", "valid")).getString("id");
        assertError(
                call(HttpMethod.PATCH, "/api/streams/" + id, alice, new JsonObject().put("title", "")),
                400,
                "invalid_title");
        assertError(
                call(HttpMethod.PATCH, "/api/streams/" + id, alice, new JsonObject().put("passphrase", 12345678901L)),
                400,
                "invalid_passphrase");
        assertError(
                call(HttpMethod.POST, "/api/streams/" + id + "/key", alice, new JsonObject().put("passphrase", "x")),
                400,
                "invalid_passphrase");
        assertThat(call(HttpMethod.GET, "/api/streams/" + id, null, null)
                        .bodyAsJsonObject()
                        .getString("title"))
                .as("a refused edit changes nothing")
                .isEqualTo("valid");

        assertError(call(HttpMethod.GET, "/api/streams?limit=0", null, null), 400, "invalid_limit");
        assertError(call(HttpMethod.GET, "/api/streams?limit=101", null, null), 400, "invalid_limit");
        assertError(call(HttpMethod.GET, "/api/streams?limit=ten", null, null), 400, "invalid_limit");
        assertError(call(HttpMethod.GET, "/api/streams?cursor=bm90LWEtY3Vyc29y", null, null), 400, "invalid_cursor");
        assertError(call(HttpMethod.GET, "/api/streams?live=maybe", null, null), 400, "invalid_live");
        assertError(
                call(
                        HttpMethod.POST,
                        "/api/streams/" + id + "/viewers/heartbeat",
                        null,
                        new JsonObject().put("viewerId", "short")),
                400,
                "invalid_viewer_id");
        assertError(
                call(
                        HttpMethod.POST,
                        "/api/streams/" + id + "/viewers/heartbeat",
                        null,
                        new JsonObject().put("viewerId", "bad id with spaces!!")),
                400,
                "invalid_viewer_id");
    }

    @Test
    void paginationReturnsEveryStreamExactlyOnce() throws Exception {
        String pager = harness.token("u-pager", "pager");
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 45; i++) {
            created.add(harness.create(pager, new JsonObject().put("title", "stream " + i))
                    .getString("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/streams?limit=10" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonObject page = call(HttpMethod.GET, path, null, null).bodyAsJsonObject();
            assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(10);
            page.getJsonArray("items").forEach(item -> {
                JsonObject stream = (JsonObject) item;
                assertThat(stream.fieldNames())
                        .contains(
                                "id",
                                "title",
                                "owner",
                                "status",
                                "startedAt",
                                "viewers",
                                "thumbnailUrl",
                                "playbackUrl");
                assertThat(stream.containsKey("streamKey")).isFalse();
                assertThat(stream.containsKey("passphrase")).isFalse();
                seen.add(stream.getString("id"));
            });
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(cursor).isNull();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(created);

        List<String> mine = new ArrayList<>();
        cursor = null;
        do {
            JsonObject page = call(
                            HttpMethod.GET,
                            "/api/streams?owner=u-pager&limit=7" + (cursor == null ? "" : "&cursor=" + cursor),
                            null,
                            null)
                    .bodyAsJsonObject();
            page.getJsonArray("items").forEach(item -> mine.add(((JsonObject) item).getString("id")));
            cursor = page.getString("nextCursor");
        } while (cursor != null && mine.size() < 1000);
        assertThat(mine).hasSize(45).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);

        JsonObject defaults = call(HttpMethod.GET, "/api/streams", null, null).bodyAsJsonObject();
        assertThat(defaults.getJsonArray("items").size()).isEqualTo(StreamsService.DEFAULT_LIMIT);
        assertThat(defaults.getString("nextCursor")).isNotNull();
    }
}
