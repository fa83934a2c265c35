// The shapes of the public contract the pages read.
export interface Owner { id: string; username: string }

export interface Stream {
  id: string; title: string; description?: string; owner: Owner; status: 'live' | 'reconnecting' | 'offline';
  startedAt: string | null; viewers: number; thumbnailUrl: string | null; playbackUrl: string;
}

export interface Video {
  id: string; title: string; description: string; tags: string[]; visibility: string; owner: Owner;
  durationSeconds: number; width: number; height: number; createdAt: string; views: number; likes: number;
  likedByMe?: boolean; posterUrl: string | null; hlsUrl: string | null; mp4Url: string | null;
}

export interface Page<T> { items: T[]; nextCursor: string | null }
