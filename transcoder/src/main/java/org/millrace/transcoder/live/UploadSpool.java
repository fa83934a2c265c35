package org.millrace.transcoder.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.core.config.UploadSpoolLimits;

/**
 * The bytes of finished segments waiting on local disk for storage, across every pipeline of this process, held
 * within {@link UploadSpoolLimits}: each pipeline reserves a segment's size before queueing it and releases it once
 * stored or given up. Gauge {@code millrace_transcoder_spool_bytes}.
 */
final class UploadSpool {
    private final UploadSpoolLimits limits;
    private final AtomicLong total = new AtomicLong();

    UploadSpool(UploadSpoolLimits limits, MeterRegistry registry) {
        this.limits = limits;
        Gauge.builder("millrace_transcoder_spool_bytes", total, AtomicLong::get)
                .description("bytes of finished segments waiting for storage")
                .register(registry);
    }

    UploadSpoolLimits limits() {
        return limits;
    }

    long bytes() {
        return total.get();
    }

    Account account() {
        return new Account();
    }

    /** One pipeline's share of the spool. */
    final class Account {
        private final AtomicLong mine = new AtomicLong();

        /**
         * Reserves {@code bytes} unless that would pass this stream's or the process's bound; a stream with nothing
         * waiting may always queue one segment, so an oversized segment never stops a healthy stream.
         */
        boolean reserve(long bytes) {
            long before = mine.getAndAdd(bytes);
            if (before > 0 && before + bytes > limits.maxBytesPerStream()) {
                mine.addAndGet(-bytes);
                return false;
            }
            long all = total.addAndGet(bytes);
            if (before > 0 && all > limits.maxBytes()) {
                total.addAndGet(-bytes);
                mine.addAndGet(-bytes);
                return false;
            }
            return true;
        }

        void release(long bytes) {
            mine.addAndGet(-bytes);
            total.addAndGet(-bytes);
        }

        long bytes() {
            return mine.get();
        }

        /** This stream's bound. */
        long limitBytes() {
            return limits.maxBytesPerStream();
        }
    }
}
