package org.millrace.vod;

/**
 * One page request of the video list, already checked.
 *
 * @param text          websearch text to match ({@code ?q=}), or null
 * @param tag           a tag every item must carry, or null
 * @param ownerId       only this owner's videos, or null for everyone's
 * @param allVisibilities whether unlisted and private videos are listed too (the owner's own list)
 * @param cursor        where the previous page ended, or null for the first page
 * @param callerId      the caller's user id, for {@code likedByMe}, or null
 */
public record VideoListQuery(
        String text,
        String tag,
        String ownerId,
        boolean allVisibilities,
        VideoSort sort,
        VideoCursor cursor,
        int limit,
        String callerId) {}
