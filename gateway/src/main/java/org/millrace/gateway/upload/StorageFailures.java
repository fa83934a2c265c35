package org.millrace.gateway.upload;

import java.time.Duration;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.logging.LogBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an upload request answers when storage fails it (503, resume later from HEAD's offset), with the cause
 * logged a few times a minute at most: during an outage every upload fails alike.
 */
final class StorageFailures {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFailures.class);
    private static final LogBudget BUDGET = new LogBudget(3, Duration.ofMinutes(1));

    private StorageFailures() {}

    static ServiceException answer(Throwable cause) {
        if (cause instanceof ServiceException se) {
            return se;
        }
        String note = BUDGET.admit();
        if (note != null) {
            LOG.warn("an upload's bytes could not be stored: {}{}", cause.toString(), note);
        }
        return new ServiceException(
                503,
                "storage_unavailable",
                "storage did not take the bytes; the upload keeps "
                        + "what was stored: resume from the offset HEAD answers",
                5);
    }
}
