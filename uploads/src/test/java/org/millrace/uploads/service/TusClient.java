package org.millrace.uploads.service;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tus 1.0 client over plain HTTP, written from the protocol text: creation, HEAD, PATCH (also one that dies
 * part-way, as a client whose connection drops), DELETE, and the JSON API. PATCHes go over a raw socket so a test
 * controls exactly which bytes leave and when the connection ends.
 */
final class TusClient {
    private final int port;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TusClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** An answer: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        JsonObject json() {
            return new JsonObject(body);
        }

        long offset() {
            return Long.parseLong(header("Upload-Offset"));
        }
    }

    static String metadata(Map<String, String> pairs) {
        StringBuilder header = new StringBuilder();
        pairs.forEach((k, v) -> {
            if (!header.isEmpty()) {
                header.append(',');
            }
            header.append(k).append(' ').append(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        });
        return header.toString();
    }

    static Map<String, String> video(String title) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("filename", title + ".mp4");
        m.put("title", title);
        m.put("visibility", "unlisted");
        return m;
    }

    Answer create(long length, Map<String, String> metadata) throws Exception {
        return send(request("/api/uploads")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata(metadata))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Creates and answers the upload's path. */
    String createPath(long length, String title) throws Exception {
        Answer created = create(length, video(title));
        if (created.status() != 201) {
            throw new AssertionError("creation answered " + created);
        }
        return created.header("Location");
    }

    Answer head(String path) throws Exception {
        return send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    Answer delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    Answer options() throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/uploads"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .GET());
    }

    Answer post(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Tus-Resumable", "1.0.0")
                .header("Authorization", "Bearer " + token);
    }

    Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        return new Answer(response.statusCode(), headers, response.body());
    }

    /** A whole PATCH of {@code bytes[from, to)} at {@code offset}. */
    Answer patch(String path, long offset, byte[] bytes, int from, int to) throws IOException {
        return patch(path, offset, bytes, from, to, Map.of());
    }

    Answer patch(String path, long offset, byte[] bytes, int from, int to, Map<String, String> extraHeaders)
            throws IOException {
        try (Socket socket = open(path, offset, to - from, extraHeaders)) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes, from, to - from);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * A PATCH announcing {@code bytes[from, to)} that sends only {@code [from, cut)} and then drops the connection,
     * after a pause that lets the bytes arrive.
     */
    void patchAndDrop(String path, long offset, byte[] bytes, int from, int cut, int to) throws Exception {
        try (Socket socket = open(path, offset, to - from, Map.of())) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes, from, cut - from);
            out.flush();
            Thread.sleep(500);
            socket.setSoLinger(true, 0); // an abortive close (RST), as a client that dies
        }
    }

    /** A PATCH started with {@code [from, cut)} of its body and left open; the caller sends the rest or closes it. */
    Socket patchStarted(String path, long offset, byte[] bytes, int from, int cut, int to) throws IOException {
        Socket socket = open(path, offset, to - from, Map.of());
        socket.getOutputStream().write(bytes, from, cut - from);
        socket.getOutputStream().flush();
        return socket;
    }

    private Socket open(String path, long offset, long length, Map<String, String> extraHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        StringBuilder head = new StringBuilder("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Tus-Resumable: 1.0.0\r\nAuthorization: Bearer " + token + "\r\n"
                + "Upload-Offset: " + offset + "\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/offset+octet-stream");
        headers.put("Content-Length", Long.toString(length));
        headers.putAll(extraHeaders);
        headers.forEach((k, v) -> {
            if (v != null) {
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("\r\n");
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** Reads one HTTP/1.1 response (its body by Content-Length). */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(),
                    line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
