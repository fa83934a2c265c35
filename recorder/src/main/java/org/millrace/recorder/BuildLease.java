package org.millrace.recorder;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.millrace.core.db.RenewedLease;
import org.millrace.recorder.media.ClaimCheck;
import org.millrace.recorder.media.ClaimLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease on one recording this recorder is building ({@link RenewedLease}): renewed periodically on the event loop
 * while the build runs, and asked by the build (on its worker thread) before each write.
 */
final class BuildLease implements ClaimCheck {
    private static final Logger LOG = LoggerFactory.getLogger(BuildLease.class);

    private final Vertx vertx;
    private final String recordingId;
    private final RenewedLease lease;
    private final long timer;

    private BuildLease(
            Vertx vertx,
            RecordingRepository repository,
            Claimant claimant,
            String recordingId,
            RecorderSettings settings,
            long claimedAtNanos) {
        this.vertx = vertx;
        this.recordingId = recordingId;
        this.lease = new RenewedLease(
                settings.lease(),
                () -> repository.renewLease(recordingId, claimant, settings.lease()),
                new RenewedLease.Outcomes() {
                    @Override
                    public void lost() {
                        LOG.warn(
                                "recording {}: another recorder took it over (this one's lease ran out); leaving it",
                                recordingId);
                    }

                    @Override
                    public void failed(Throwable cause) {
                        LOG.warn("recording {}: could not renew its lease: {}", recordingId, cause.getMessage());
                    }
                },
                claimedAtNanos);
        this.timer = vertx.setPeriodic(settings.leaseRenewal().toMillis(), tick -> lease.renew());
    }

    /** Starts renewing the lease of a recording claimed (the claim was sent at {@code claimedAtNanos}). */
    static BuildLease start(
            Vertx vertx,
            RecordingRepository repository,
            Claimant claimant,
            String recordingId,
            RecorderSettings settings,
            long claimedAtNanos) {
        return new BuildLease(vertx, repository, claimant, recordingId, settings, claimedAtNanos);
    }

    /** Renews now and answers whether the claim is still ours (before a step nobody must repeat: the import). */
    Future<Boolean> confirm() {
        return lease.confirm();
    }

    @Override
    public void stillOurs() {
        String problem = lease.problem();
        if (problem != null) {
            throw new ClaimLostException("recording " + recordingId + ": its lease was " + problem);
        }
    }

    /** The build is over (whatever its outcome): no more renewals. */
    void stop() {
        vertx.cancelTimer(timer);
    }
}
