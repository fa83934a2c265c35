/**
 * Uploaded videos: the uploads service (tus 1.0 upload state, the caller's uploads) and the transcode workers that
 * turn a finished upload into a video on the live ladder. Both share one table, {@code uploads}.
 */
package org.millrace.uploads;
