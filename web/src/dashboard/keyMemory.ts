// Stream keys as the create and rotate answers give them: the server keeps only a hash, so this tab remembers a key
// (in memory, never in storage) to keep showing the OBS settings until the page is closed.
export class KeyMemory {
  private readonly keys = new Map<string, string>();

  remember(streamId: string, streamKey: string): void {
    this.keys.set(streamId, streamKey);
  }

  get(streamId: string): string | null {
    return this.keys.get(streamId) ?? null;
  }

  forget(streamId: string): void {
    this.keys.delete(streamId);
  }
}

export const streamKeys = new KeyMemory();
