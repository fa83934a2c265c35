package org.millrace.recorder;

import java.time.Duration;

import org.millrace.recorder.media.ClaimCheck;
import org.millrace.recorder.media.ClaimLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The lease on one recording this recorder is building: renewed periodically on the event loop while the build runs,
 * and asked by the build (on its worker thread) before each write. The claim counts as ours only while the last
 * confirmed renewal, timed from when it was sent, leaves at least half a lease: a recorder cut off from the database
 * stops writing well before another can take the recording over.
 */
final class BuildLease implements ClaimCheck {
    private static final Logger LOG = LoggerFactory.getLogger(BuildLease.class);

    private final Vertx vertx;
    private final RecordingRepository repository;
    private final Claimant claimant;
    private final String recordingId;
    private final Duration lease;
    private final long timer;
    private volatile long heldUntilNanos;
    private volatile boolean lost;
    private boolean renewing;

    private BuildLease(Vertx vertx, RecordingRepository repository, Claimant claimant, String recordingId,
                       Duration lease, Duration renewal, long claimedAtNanos) {
        this.vertx = vertx;
        this.repository = repository;
        this.claimant = claimant;
        this.recordingId = recordingId;
        this.lease = lease;
        this.heldUntilNanos = claimedAtNanos + lease.toNanos();
        this.timer = vertx.setPeriodic(renewal.toMillis(), tick -> renew());
    }

    /** Starts renewing the lease of a recording claimed (the claim was sent at {@code claimedAtNanos}). */
    static BuildLease start(Vertx vertx, RecordingRepository repository, Claimant claimant, String recordingId,
                            RecorderSettings settings, long claimedAtNanos) {
        return new BuildLease(vertx, repository, claimant, recordingId, settings.lease(), settings.leaseRenewal(),
                claimedAtNanos);
    }

    private void renew() {
        if (renewing || lost) {
            return;
        }
        renewing = true;
        long sentAt = System.nanoTime();
        repository.renewLease(recordingId, claimant, lease).onComplete(renewed -> {
            renewing = false;
            if (renewed.succeeded() && renewed.result()) {
                heldUntilNanos = sentAt + lease.toNanos();
            } else if (renewed.succeeded()) {
                lost = true;
                LOG.warn("recording {}: another recorder took it over (this one's lease ran out); leaving it",
                        recordingId);
            } else {
                LOG.warn("recording {}: could not renew its lease: {}", recordingId, renewed.cause().getMessage());
            }
        });
    }

    /** Renews now and answers whether the claim is still ours (before a step nobody must repeat: the import). */
    Future<Boolean> confirm() {
        long sentAt = System.nanoTime();
        return repository.renewLease(recordingId, claimant, lease).map(held -> {
            if (held) {
                heldUntilNanos = sentAt + lease.toNanos();
            } else {
                lost = true;
            }
            return held;
        });
    }

    @Override
    public void stillOurs() {
        if (lost) {
            throw new ClaimLostException("recording " + recordingId + " was taken over by another recorder");
        }
        if (heldUntilNanos - System.nanoTime() < lease.toNanos() / 2) {
            throw new ClaimLostException("recording " + recordingId + ": its lease could not be renewed in time");
        }
    }

    /** The build is over (whatever its outcome): no more renewals. */
    void stop() {
        vertx.cancelTimer(timer);
    }
}
