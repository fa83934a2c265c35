package org.millrace.recorder;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LiveEvents;
import org.millrace.core.security.PublicIds;
import org.millrace.core.storage.StorageException;
import org.millrace.core.vodimport.VodImportClient;
import org.millrace.core.vodimport.VodImportException;
import org.millrace.recorder.media.ClaimLostException;
import org.millrace.recorder.media.NothingCapturedException;
import org.millrace.recorder.media.RecordingBuilder;
import org.millrace.recorder.media.RecordingMedia;
import org.millrace.recorder.media.UploadsPendingException;
import org.millrace.recorder.vodimport.VodImportBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's workflow: live events keep one recording row per session ({@code recording} while on air,
 * {@code pending} once ended), and a worker takes due pending rows one by one (up to the configured concurrency),
 * builds the media on a worker thread, imports the video, and marks the row ready — or retries with backoff, or
 * marks it failed. Start-up and a periodic sweep repair what a crash or a missed event left behind.
 *
 * <p>Several recorders may share the table: each claims a recording for itself with a lease it renews while it
 * builds ({@link BuildLease}); a recording whose lease ran out (its recorder died) is claimed again by whichever
 * recorder looks first, and a recorder that lost its claim writes and imports nothing more.
 *
 * <p>Not thread-safe: every method runs on the owning verticle's event-loop context.
 */
public final class RecorderService {
    private static final Logger LOG = LoggerFactory.getLogger(RecorderService.class);
    static final String NOTHING_CAPTURED = "nothing was captured";
    /** The error a recording shows between a first empty look at its session and the second. */
    static final String NOTHING_CAPTURED_YET = "nothing captured yet; looking again";

    static final String RECORDER_STOPPED = "the recorder building it stopped during every attempt";
    private static final int MAX_ERROR_LENGTH = 500;
    /** A lost lookup of an ended session is tried again a few times before the sweep is left to it. */
    private static final int ENDED_LOOKUP_TRIES = 3;

    private static final Duration MIN_TIMER = Duration.ofMillis(50);
    private static final Duration STORAGE_POLL = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final RecordingRepository repository;
    private final LiveSessionLookup sessions;
    private final RecordingBuilder builder;
    private final VodImportClient importer;
    private final WorkerExecutor workers;
    private final RecorderSettings settings;
    private final PublicIds ids;
    private final Claimant claimant;

    private int running;
    private boolean claiming;
    private boolean wakeAgain;
    private boolean sweeping;
    private boolean closed;
    private long dueTimer = -1;
    private long sweepTimer = -1;

    public RecorderService(
            Vertx vertx,
            RecordingRepository repository,
            LiveSessionLookup sessions,
            RecordingBuilder builder,
            VodImportClient importer,
            WorkerExecutor workers,
            RecorderSettings settings,
            PublicIds ids,
            Claimant claimant) {
        this.vertx = vertx;
        this.repository = repository;
        this.sessions = sessions;
        this.builder = builder;
        this.importer = importer;
        this.workers = workers;
        this.settings = settings;
        this.ids = ids;
        this.claimant = claimant;
    }

    /**
     * Start-up: recordings whose session ended while nobody listened become pending, the worker starts (it also
     * takes over builds whose lease ran out), and the periodic sweep is armed. Builds of other recorders still
     * renewing their lease are left alone.
     */
    public Future<Void> start() {
        return sweepOnAir()
                .onComplete(done -> {
                    sweepTimer = vertx.setPeriodic(settings.sweepInterval().toMillis(), tick -> sweep());
                    wake();
                })
                .mapEmpty();
    }

    /**
     * Stops taking work; a build in flight finishes on its worker, and a row it leaves is taken over once its lease
     * runs out (by another recorder, or this one's next start).
     */
    public void close() {
        closed = true;
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (dueTimer >= 0) {
            vertx.cancelTimer(dueTimer);
        }
    }

    /** One event from {@code millrace.events.live}. */
    public Future<Void> onLiveEvent(LiveEvent event) {
        if (event == null || closed) {
            return Future.succeededFuture();
        }
        String streamId = event.streamId();
        String sessionId = event.sessionId();
        return switch (event.type()) {
            case LiveEvents.STARTED, LiveEvents.RESUMED, LiveEvents.INTERRUPTED -> onAir(streamId, sessionId);
            case LiveEvents.ENDED -> ended(streamId, sessionId, 1);
            default -> Future.succeededFuture();
        };
    }

    private Future<Void> onAir(String streamId, String sessionId) {
        return sessions.find(streamId, sessionId)
                .compose(found -> {
                    if (found.isEmpty()) {
                        return Future.<Void>succeededFuture();
                    }
                    LiveSession session = found.get();
                    // Events are handled concurrently: the lookup may already see the session ended.
                    return session.ended() ? pending(session) : repository.upsertOnAir(ids.newId(), session);
                })
                .onFailure(e -> LOG.warn(
                        "session {} of stream {}: lookup failed ({}); the sweep will catch up",
                        sessionId,
                        streamId,
                        e.getMessage()));
    }

    private Future<Void> ended(String streamId, String sessionId, int attempt) {
        // The row usually exists since stream.started: no lookup needed to end it.
        return repository
                .markEnded(sessionId, null)
                .compose(changed -> {
                    if (changed) {
                        LOG.info("session {} of stream {} ended; recording pending", sessionId, streamId);
                        wake();
                        return Future.<Void>succeededFuture();
                    }
                    return sessions.find(streamId, sessionId)
                            .compose(found -> found.isEmpty()
                                    ? Future.<Void>succeededFuture() // stream deleted before we knew the session: no
                                    // owner to record for
                                    : pending(found.get()))
                            // Another recorder marked it pending first: this one still looks for work, or an idle
                            // recorder
                            // would leave the sessions ending together to a busy one until its next sweep.
                            .onSuccess(v -> wake());
                })
                .recover(e -> {
                    if (attempt < ENDED_LOOKUP_TRIES && !closed) {
                        LOG.warn(
                                "session {} of stream {} ended but could not be recorded yet ({}); trying again",
                                sessionId,
                                streamId,
                                e.getMessage());
                        vertx.setTimer(
                                settings.lookupTimeout().toMillis(), t -> ended(streamId, sessionId, attempt + 1));
                    } else {
                        LOG.error(
                                "session {} of stream {} ended but could not be recorded: {}",
                                sessionId,
                                streamId,
                                e.getMessage());
                    }
                    return Future.succeededFuture();
                });
    }

    private Future<Void> pending(LiveSession session) {
        return repository.upsertEnded(ids.newId(), session).map(changed -> {
            if (changed) {
                LOG.info("session {} of stream {} ended; recording pending", session.sessionId(), session.streamId());
                wake();
            }
            return null;
        });
    }

    /** The periodic sweep: recordings whose end was missed, then any due work. */
    private void sweep() {
        if (closed || sweeping) {
            return;
        }
        sweeping = true;
        sweepOnAir().onComplete(done -> {
            sweeping = false;
            wake();
        });
    }

    /** Asks the streams service about each recording still on air; ended (or vanished) sessions become pending. */
    Future<Void> sweepOnAir() {
        return repository.onAir().compose(rows -> checkEach(rows, 0)).recover(e -> {
            LOG.warn("recordings sweep failed: {}", e.getMessage());
            return Future.succeededFuture();
        });
    }

    private Future<Void> checkEach(List<RecordingRow> rows, int index) {
        if (index >= rows.size() || closed) {
            return Future.succeededFuture();
        }
        RecordingRow row = rows.get(index);
        Future<Void> check = sessions.find(row.streamId(), row.sessionId())
                .compose(found -> {
                    if (found.isEmpty()) {
                        // The stream was deleted (its sessions with it): record what reached storage.
                        return repository.markEnded(row.sessionId(), null).mapEmpty();
                    }
                    return found.get().ended() ? pending(found.get()) : Future.<Void>succeededFuture();
                })
                .recover(e -> {
                    LOG.warn("recording {}: session lookup failed ({}); next sweep", row.id(), e.getMessage());
                    return Future.succeededFuture();
                });
        return check.compose(done -> checkEach(rows, index + 1));
    }

    /** Takes due work while there is a free slot; when none is due, sleeps until the next due time. */
    public void wake() {
        if (closed) {
            return;
        }
        if (claiming) {
            wakeAgain = true;
            return;
        }
        if (running >= settings.concurrency()) {
            return; // a finishing build wakes the worker again
        }
        claiming = true;
        wakeAgain = false;
        long claimedAt = System.nanoTime();
        repository.claimDue(claimant, settings.lease()).onComplete(claimed -> {
            claiming = false;
            if (closed) {
                return; // stopping: the pool may already be closed, and a claimed row is taken over after its lease
            }
            if (claimed.failed()) {
                LOG.warn(
                        "could not look for due recordings: {}", claimed.cause().getMessage());
                armDueTimer(settings.sweepInterval());
                return;
            }
            Optional<RecordingRow> row = claimed.result();
            if (row.isPresent()) {
                running++;
                BuildLease lease =
                        BuildLease.start(vertx, repository, claimant, row.get().id(), settings, claimedAt);
                process(row.get(), lease).onComplete(done -> {
                    lease.stop();
                    running--;
                    wake();
                });
                wake();
            } else if (wakeAgain) {
                wake();
            } else {
                armNextDue();
            }
        });
    }

    /** Sleeps until the next recording falls due or the next lease of another recorder's build runs out. */
    private void armNextDue() {
        repository
                .nextDueIn()
                .onSuccess(due -> due.ifPresent(this::armDueTimer))
                .onFailure(e -> armDueTimer(settings.sweepInterval()));
    }

    private void armDueTimer(Duration delay) {
        if (closed) {
            return;
        }
        if (dueTimer >= 0) {
            vertx.cancelTimer(dueTimer);
        }
        long ms = Math.max(delay.toMillis(), MIN_TIMER.toMillis());
        dueTimer = vertx.setTimer(ms, fired -> {
            dueTimer = -1;
            wake();
        });
    }

    /** One attempt at one claimed recording; never fails (the outcome is in the row). */
    private Future<Void> process(RecordingRow claimed, BuildLease lease) {
        if (claimed.attempts() > settings.maxAttempts()) {
            // Only a takeover goes past the last attempt: each recorder that took this one died while building it.
            LOG.warn("recording {}: its recorder stopped during the last attempt; giving up", claimed.id());
            return repository
                    .markFailed(claimed.id(), claimant, RECORDER_STOPPED)
                    .recover(e -> Future.succeededFuture());
        }
        LOG.info(
                "recording {} (stream {}, session {}): attempt {} of {} by {}",
                claimed.id(),
                claimed.streamId(),
                claimed.sessionId(),
                claimed.attempts(),
                settings.maxAttempts(),
                claimant.id());
        return withLatestDetails(claimed)
                .compose(row -> workers.<RecordingMedia>executeBlocking(
                                () -> {
                                    if (mayWaitForStorage(row)
                                            && builder.uploadsPending(row.streamId(), row.sessionId())) {
                                        throw new UploadsPendingException(
                                                "the session's segments are still on their way " + "to storage");
                                    }
                                    return builder.build(row.streamId(), row.sessionId(), row.id(), lease);
                                },
                                false)
                        .compose(media -> importOnce(row, media, lease)))
                .recover(failure -> failed(claimed, failure))
                .recover(e -> {
                    LOG.error("recording {}: could not record the outcome: {}", claimed.id(), e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /**
     * Imports the build unless another recorder took the recording over meanwhile (it imports its own); the import
     * is idempotent per recording, so a takeover during the import still makes one video.
     */
    private Future<Void> importOnce(RecordingRow row, RecordingMedia media, BuildLease lease) {
        return lease.confirm().compose(held -> {
            if (!held) {
                return Future.failedFuture(new ClaimLostException(
                        "recording " + row.id() + " was taken over by another recorder before its import"));
            }
            return importer.importVideo(VodImportBody.of(row, media)).compose(videoId -> repository
                    .markReady(row.id(), claimant, videoId, media.durationSeconds())
                    .map(marked -> {
                        if (marked) {
                            LOG.info("recording {} ready: video {}, {} s", row.id(), videoId, media.durationSeconds());
                        } else {
                            LOG.info(
                                    "recording {}: imported as video {}, but another recorder took it "
                                            + "over meanwhile; it records the outcome",
                                    row.id(),
                                    videoId);
                        }
                        return null;
                    }));
        });
    }

    /** The stream's current title, description and visibility (it may have been edited since it went live). */
    private Future<RecordingRow> withLatestDetails(RecordingRow row) {
        return sessions.find(row.streamId(), row.sessionId())
                .compose(
                        found -> {
                            if (found.isEmpty()) {
                                return Future.succeededFuture(row);
                            }
                            LiveSession s = found.get();
                            String title = LiveSession.recordingTitle(
                                    s.streamTitle(),
                                    row.sessionStartedAt() != null ? row.sessionStartedAt() : s.startedAt());
                            String description = s.description() == null ? "" : s.description();
                            RecordingRow latest = new RecordingRow(
                                    row.id(),
                                    row.seq(),
                                    row.streamId(),
                                    row.sessionId(),
                                    row.ownerId(),
                                    row.ownerUsername(),
                                    title,
                                    description,
                                    s.recordingVisibility(),
                                    row.status(),
                                    row.attempts(),
                                    row.error(),
                                    row.nextAttemptAt(),
                                    row.durationSeconds(),
                                    row.videoId(),
                                    row.sessionStartedAt(),
                                    row.sessionEndedAt(),
                                    row.createdAt(),
                                    row.updatedAt());
                            return repository
                                    .refreshDetails(row.id(), claimant, title, description, s.recordingVisibility())
                                    .map(latest);
                        },
                        lookupFailed -> Future.failedFuture(new IllegalStateException(
                                // Not the stored details: the streamer may have made the recording private since; retry
                                // instead.
                                "the streams service did not answer: " + lookupFailed.getMessage(), lookupFailed)));
    }

    private Future<Void> failed(RecordingRow row, Throwable failure) {
        if (failure instanceof ClaimLostException) {
            LOG.warn("{}; leaving it", failure.getMessage());
            return Future.succeededFuture();
        }
        if (failure instanceof NothingCapturedException) {
            if (!NOTHING_CAPTURED_YET.equals(row.error()) && mayWaitForStorage(row)) {
                // The verdict cannot be undone, and one empty listing is thin proof: a store can answer empty for a
                // moment (a volume being remounted) or still be taking the session's first files. One more look.
                LOG.info(
                        "recording {}: nothing captured yet; looking again in {} s",
                        row.id(),
                        STORAGE_POLL.toSeconds());
                return repository.postpone(row.id(), claimant, NOTHING_CAPTURED_YET, STORAGE_POLL);
            }
            LOG.info("recording {}: nothing was captured", row.id());
            return repository.markFailed(row.id(), claimant, NOTHING_CAPTURED);
        }
        String error = describe(failure);
        if ((failure instanceof UploadsPendingException || failure instanceof StorageException)
                && mayWaitForStorage(row)) {
            // Storage down or still catching up: wait for it without spending an attempt, within uploadWait.
            LOG.info(
                    "recording {}: waiting for storage ({}); checking again in {} s",
                    row.id(),
                    error,
                    STORAGE_POLL.toSeconds());
            return repository.postpone(row.id(), claimant, error, STORAGE_POLL);
        }
        if (failure instanceof VodImportException rejected && rejected.permanent()) {
            LOG.warn("recording {} failed: {}", row.id(), error);
            return repository.markFailed(row.id(), claimant, error);
        }
        if (row.attempts() >= settings.maxAttempts()) {
            LOG.warn("recording {} failed after {} attempts: {}", row.id(), row.attempts(), error, failure);
            return repository.markFailed(row.id(), claimant, error);
        }
        Duration delay = settings.delayAfter(row.attempts());
        LOG.warn(
                "recording {}: attempt {} failed ({}); retrying in {} s",
                row.id(),
                row.attempts(),
                error,
                delay.toMillis() / 1000.0,
                failure);
        return repository.retryLater(row.id(), claimant, error, delay);
    }

    /** Whether the session ended recently enough that storage may still get the rest of it. */
    private boolean mayWaitForStorage(RecordingRow row) {
        Instant ended = row.sessionEndedAt() != null ? row.sessionEndedAt() : row.createdAt();
        return ended != null && Instant.now().isBefore(ended.plus(settings.uploadWait()));
    }

    /** A one-line reason fit for the API: the message, never a stack trace. */
    static String describe(Throwable failure) {
        String message =
                failure.getMessage() == null ? "" : failure.getMessage().strip();
        // Only the first line: a message may embed a cause's trace, which the API must never show.
        message = message.lines().findFirst().orElse("").strip();
        String text = failure instanceof VodImportException
                ? message
                : failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH - 1) + "…" : text;
    }

    /** For tests and logs: builds in flight. */
    int running() {
        return running;
    }
}
