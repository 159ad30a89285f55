/**
 * Running `onEvent` at most once per eventKey among successful runs, with either kind of store (dedupe.ts).
 *
 * Within one process, a delivery arriving while the same event is still being handled waits for that attempt: if
 * it succeeds, the newcomer is a duplicate; if it fails, the newcomer tries itself (GoTo's retry may be the one that
 * works). A key is remembered only after success, so a failed attempt is retried by GoTo's next delivery.
 *
 * Between processes, a shared store's atomic claim decides: a key claimed elsewhere is "in progress" (answered
 * non-2xx, so GoTo delivers it again later), a failed attempt releases its claim (deliverable again), and a store
 * that cannot be reached may say to go ahead unguarded (handled, and the failure reported).
 */
import { isSharedEventKeyStore, type EventKeyStore, type SharedEventKeyStore } from './dedupe';

export type OnceOutcome = 'done' | 'duplicate' | 'in-progress';

/** Runs `task` for `eventKey` unless it already succeeded; store failures that do not stop the event are reported. */
export type RunOnce = (
  eventKey: string,
  task: () => Promise<void>,
  reportStoreFailure: (error: unknown) => void,
) => Promise<OnceOutcome>;

export function oncePerEvent(store: EventKeyStore | SharedEventKeyStore): RunOnce {
  // Settles true when the attempt in flight succeeded, false when it failed (or decided nothing).
  const inFlight = new Map<string, Promise<boolean>>();
  const attempt = isSharedEventKeyStore(store) ? claimAndRun(store) : checkAndRun(store);
  return async (eventKey, task, reportStoreFailure) => {
    for (;;) {
      const pending = inFlight.get(eventKey);
      if (pending !== undefined) {
        if (await pending) return 'duplicate';
        continue;
      }
      let settle!: (succeeded: boolean) => void;
      inFlight.set(eventKey, new Promise<boolean>((resolve) => (settle = resolve)));
      let outcome: OnceOutcome | undefined;
      try {
        outcome = await attempt(eventKey, task, reportStoreFailure);
        return outcome;
      } finally {
        inFlight.delete(eventKey);
        settle(outcome === 'done' || outcome === 'duplicate');
      }
    }
  };
}

/** A process-local store: has, run, add. */
function checkAndRun(store: EventKeyStore): RunOnce {
  return async (eventKey, task, reportStoreFailure) => {
    if (await store.has(eventKey)) return 'duplicate';
    await task();
    try {
      await store.add(eventKey);
    } catch (error) {
      // The event was handled: answer 200 anyway (a 500 would make GoTo deliver it again), but say so.
      reportStoreFailure(error);
    }
    return 'done';
  };
}

/** A shared store: claim, run, then complete (handled) or release (deliverable again). */
function claimAndRun(store: SharedEventKeyStore): RunOnce {
  return async (eventKey, task, reportStoreFailure) => {
    const claim = await store.claim(eventKey);
    switch (claim.state) {
      case 'handled':
        return 'duplicate';
      case 'in-progress':
        return 'in-progress';
      case 'unguarded':
        reportStoreFailure(claim.error);
        await task();
        return 'done';
      case 'claimed':
        try {
          await task();
        } catch (error) {
          // A release that fails leaves the claim to expire (the store's lease): deliverable again after that.
          await claim.release().catch(reportStoreFailure);
          throw error;
        }
        // As with add() above: handled is handled, even if the store could not record it.
        await claim.complete().catch(reportStoreFailure);
        return 'done';
    }
  };
}
