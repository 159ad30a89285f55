/**
 * What every driver self-test file needs: a simulator that accepts loopback callbacks, a callback server, a temporary
 * directory for state files, and the opened stacks closed at the end. Registers its own beforeAll/afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';
import { DriverError, type RunResult, type Stack } from '../driver';

export interface DriverWorld {
  sim: RunningSimulator;
  receiver: CallbackServer;
  /** A fresh temporary directory, removed after the file's tests. */
  dir: string;
  /** Remembers a stack so that it is closed after the file's tests. */
  track(stack: Stack): Stack;
}

export function driverWorld(tmpPrefix: string): DriverWorld {
  const open: Stack[] = [];
  const world = {
    track(stack: Stack) {
      open.push(stack);
      return stack;
    },
  } as DriverWorld;
  beforeAll(async () => {
    world.sim = await startSimulator({ allowLoopbackHttp: true });
    world.receiver = await startCallbackServer();
    world.dir = mkdtempSync(path.join(tmpdir(), tmpPrefix));
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await world.sim?.stop();
    await world.receiver?.stop();
    if (world.dir) rmSync(world.dir, { recursive: true, force: true });
  });
  return world;
}

/** The DriverError an operation must fail with. */
export async function failure(p: Promise<RunResult>): Promise<DriverError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DriverError)) throw new Error(`expected a DriverError, got ${String(err)}`);
  return err;
}

/** Resource name → step op. */
export const ops = (r: RunResult) => Object.fromEntries(r.steps.map((s) => [s.name, s.op]));
