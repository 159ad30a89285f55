/**
 * Shared reads for diff and refresh. `pulumi preview` diffs every resource at about the same moment, and each diff
 * wants its live object: one GET each is N requests at GoTo's 10 requests/s (minutes for a big stack). Instead,
 * reads made close together share one list call (`GET /webhooks?product=g2w`, or the organizer's
 * `GET /userSubscriptions?product=g2w`), reused while reads keep coming less than the reuse time apart, for at most
 * a minute (or the reuse time, if longer). Counting from the last read, not from the list: the engine hands out the
 * diffs of 2,000 resources over about 9 s, and a reuse time of 5 s from the list listed twice. An object missing
 * from the list is confirmed with its own GET before it is reported gone: a list may lag behind a create.
 *
 * Updates do not use this: they read the object afresh right before changing it. A write drops the snapshot of
 * its own kind (connection.ts), not those of the other kinds: a subscription's snapshot may show a webhook's old
 * activation state for up to the reuse time.
 * `gotowebinar:readSnapshotSeconds` (default 5; 0 = one GET per object) sets how far apart reads may come.
 */

export interface SnapshotSource<T> {
  list(): Promise<T[]>;
  keyOf(item: T): string;
  /** The object by key, or undefined when GoTo answers 404. */
  getOne(key: string): Promise<T | undefined>;
}

/** How far apart reads may come and still share a list answer: one preview's diffs come far closer together. */
export const SNAPSHOT_TTL_MS = 5000;

/** The oldest a list answer may be, however close together reads keep coming: it must stay live. */
export const SNAPSHOT_MAX_AGE_MS = 60_000;

export class LiveSnapshot<T> {
  private current?: { takenAt: number; lastReadAt: number; byKey: Promise<Map<string, T>> };

  constructor(
    private readonly source: SnapshotSource<T>,
    private readonly ttlMs = SNAPSHOT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops the current list answer: the next read lists again. */
  forget(): void {
    this.current = undefined;
  }

  async find(key: string): Promise<T | undefined> {
    if (this.ttlMs <= 0) return this.source.getOne(key);
    const hit = (await this.snapshot()).get(key);
    return hit ?? this.source.getOne(key);
  }

  private snapshot(): Promise<Map<string, T>> {
    const now = this.now();
    const c = this.current;
    const fresh = c && now - c.lastReadAt < this.ttlMs && now - c.takenAt < Math.max(this.ttlMs, SNAPSHOT_MAX_AGE_MS);
    if (fresh) c.lastReadAt = now;
    else {
      const byKey = this.source.list().then((items) => new Map(items.map((i) => [this.source.keyOf(i), i] as const)));
      // A failed list must not be served to later reads.
      byKey.catch(() => {
        if (this.current?.byKey === byKey) this.current = undefined;
      });
      this.current = { takenAt: now, lastReadAt: now, byKey };
    }
    return this.current!.byKey;
  }
}
