package org.millrace.hls.viewers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * One simulated HLS viewer, driven by callbacks (no thread of its own): fetches the master, then follows one video
 * rendition and the audio rendition, each with its playlist loop ({@link PlaylistFollower}) and its media fetched one
 * at a time in order, as a player does; now and then it switches to another video rendition.
 */
final class SimulatedViewer {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** After a failed request, as a player retries. */
    private static final long RETRY_MILLIS = 1000;

    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final FetchStats stats;
    private final URI master;
    private final boolean lowLatency;
    private final double switchEverySeconds;
    private final long stopAt;
    /** Counted only from this time (nanoTime) on: the ramp-up is not part of the result. */
    private final long countFrom;

    SimulatedViewer(
            HttpClient http,
            ScheduledExecutorService timer,
            FetchStats stats,
            URI master,
            boolean lowLatency,
            double switchEverySeconds,
            long countFrom,
            long stopAt) {
        this.http = http;
        this.timer = timer;
        this.stats = stats;
        this.master = master;
        this.lowLatency = lowLatency;
        this.switchEverySeconds = switchEverySeconds;
        this.countFrom = countFrom;
        this.stopAt = stopAt;
    }

    void start() {
        get(master).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() != 200) {
                count(response, true);
                later(RETRY_MILLIS, this::start);
                return;
            }
            count(response, true);
            List<URI> video = new ArrayList<>();
            URI audio = null;
            String previous = "";
            for (String raw : text(response).split("\r?\n")) {
                String line = raw.trim();
                if (previous.startsWith("#EXT-X-STREAM-INF:") && !line.isEmpty() && !line.startsWith("#")) {
                    video.add(master.resolve(line));
                } else if (line.startsWith("#EXT-X-MEDIA:") && line.contains("TYPE=AUDIO") && line.contains("URI=\"")) {
                    int at = line.indexOf("URI=\"") + 5;
                    audio = master.resolve(line.substring(at, line.indexOf('"', at)));
                }
                if (!line.isEmpty()) {
                    previous = line;
                }
            }
            if (video.isEmpty()) {
                later(RETRY_MILLIS, this::start);
                return;
            }
            Track videoTrack = new Track(video);
            videoTrack.follow(
                    video.get(ThreadLocalRandom.current().nextInt(video.size())), new PlaylistFollower(lowLatency));
            if (audio != null) {
                new Track(List.of(audio)).follow(audio, new PlaylistFollower(lowLatency));
            }
        });
    }

    /** One rendition group followed: its playlist loop and its queue of media to fetch. */
    private final class Track {
        private final List<URI> renditions;
        private URI playlist;
        private PlaylistFollower follower;
        private String query = "";
        private String lastBody = "";
        private URI fetchedInit;
        private long nextSwitch;
        /** Media announced and not fetched yet, with the time the announcing playlist arrived. */
        private final Queue<Pending> queue = new ArrayDeque<>();

        private boolean fetching;

        private Track(List<URI> renditions) {
            this.renditions = renditions;
        }

        private synchronized void follow(URI rendition, PlaylistFollower newFollower) {
            playlist = rendition;
            follower = newFollower;
            query = "";
            lastBody = "";
            nextSwitch = System.nanoTime() + switchNanos();
            reload();
        }

        private long switchNanos() {
            return (long) (switchEverySeconds
                    * 1e9
                    * (0.5 + ThreadLocalRandom.current().nextDouble()));
        }

        private void reload() {
            if (System.nanoTime() > stopAt) {
                return;
            }
            URI asked = playlist;
            PlaylistFollower askedFor = follower;
            get(URI.create(asked + query)).whenComplete((response, failure) -> {
                long arrived = System.nanoTime();
                count(response, true);
                synchronized (this) {
                    if (askedFor != follower) {
                        return; // switched meanwhile: the new rendition has its own loop
                    }
                    if (failure != null || response.statusCode() != 200) {
                        query = "";
                        later(RETRY_MILLIS, this::reload);
                        return;
                    }
                    String body;
                    PlayerPlaylist parsed;
                    try {
                        body = text(response);
                        parsed = PlayerPlaylist.parse(body);
                    } catch (RuntimeException malformed) {
                        query = "";
                        later(RETRY_MILLIS, this::reload);
                        return;
                    }
                    if (parsed.mapUri() != null
                            && !asked.resolve(parsed.mapUri()).equals(fetchedInit)) {
                        fetchedInit = asked.resolve(parsed.mapUri());
                        get(fetchedInit).whenComplete((init, ignored) -> count(init, false));
                    }
                    for (PlaylistFollower.Media media : follower.newMedia(parsed)) {
                        queue.add(new Pending(asked.resolve(media.uri()), media.duration(), arrived));
                    }
                    fetchNext();
                    if (parsed.ended()) {
                        return;
                    }
                    boolean changed = !body.equals(lastBody);
                    lastBody = body;
                    if (renditions.size() > 1 && arrived > nextSwitch) {
                        List<URI> others = new ArrayList<>(renditions);
                        others.remove(playlist);
                        URI next = others.get(ThreadLocalRandom.current().nextInt(others.size()));
                        long from = follower.position();
                        queue.clear();
                        follow(next, new PlaylistFollower(lowLatency, from));
                        return;
                    }
                    query = follower.reloadQuery(parsed);
                    long delay = (long) (follower.reloadDelaySeconds(parsed, changed) * 1000);
                    if (delay == 0) {
                        reload();
                    } else {
                        later(delay, this::reload);
                    }
                }
            });
        }

        private synchronized void fetchNext() {
            if (fetching || queue.isEmpty()) {
                return;
            }
            Pending next = queue.poll();
            fetching = true;
            long sent = System.nanoTime();
            get(next.uri()).whenComplete((response, failure) -> {
                long done = System.nanoTime();
                if (next.announced() >= countFrom && done <= stopAt) {
                    if (failure != null || response.statusCode() != 200) {
                        stats.failedMedia();
                    } else {
                        stats.media(next.duration(), done - next.announced(), done - sent, response.body().length);
                    }
                }
                synchronized (this) {
                    fetching = false;
                    fetchNext();
                }
            });
        }
    }

    private record Pending(URI uri, double duration, long announced) {}

    private CompletableFuture<HttpResponse<byte[]>> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept-Encoding", "gzip")
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private void count(HttpResponse<byte[]> response, boolean playlist) {
        long now = System.nanoTime();
        if (now >= countFrom && now <= stopAt) {
            stats.request(response == null ? 0 : response.body().length, playlist);
        }
    }

    private void later(long millis, Runnable action) {
        if (System.nanoTime() + millis * 1_000_000 < stopAt) {
            timer.schedule(action, millis, TimeUnit.MILLISECONDS);
        }
    }

    private static String text(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (response.headers()
                .firstValue("Content-Encoding")
                .filter("gzip"::equalsIgnoreCase)
                .isPresent()) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }
}
