/**
 * Shared by the stack, example and demo tests: a simulator, a receiving application on loopback, a temp state
 * file, and the checks on what a driver operation planned or did.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack, DriverError, type RunResult } from '../driver';
import { startSimulator, type RunningSimulator } from 'pulumi-gotowebinar/simulator';
import { GoToClient } from 'pulumi-gotowebinar/client';
import { checkOps } from '../../scripts/plan-checks';
import { startLocalReceiver, type LocalReceiver } from '../../scripts/local-receiver';

export const ROOT = path.join(__dirname, '..', '..');

/** Long enough for a few driver operations (each starts processes: 1–3 s) at 10 requests/s. */
export const OPERATION_TIMEOUT = 120_000;

export interface Fixture {
  sim: RunningSimulator;
  receiver: LocalReceiver;
  stateDir: string;
  stateFile(name: string): string;
  /** A GoTo API client acting as a simulator user, for changes made out of band (as in the GoTo console). */
  api(user?: number): GoToClient;
  stop(): Promise<void>;
}

export async function startFixture(receiverBasePath = '/goto'): Promise<Fixture> {
  const sim = await startSimulator({ allowLoopbackHttp: true });
  const receiver = await startLocalReceiver({ basePath: receiverBasePath });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-stack-test-'));
  return {
    sim,
    receiver,
    stateDir,
    stateFile: (name) => path.join(stateDir, `${name}.json`),
    api: (user = 0) => new GoToClient({ credentials: { accessToken: sim.users[user].accessToken }, apiUrl: sim.apiUrl }),
    stop: async () => {
      await receiver.stop();
      await sim.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Fails the test with the plan's mismatches, and the driver's errors when the operation failed. */
export function expectOps(result: RunResult, expectation: Parameters<typeof checkOps>[1]): void {
  expect(checkOps(result, expectation)).toEqual([]);
}

/** Runs an operation; a DriverError becomes a readable failure listing every error. */
export async function run(stack: Stack, op: 'preview' | 'up' | 'refresh' | 'destroy'): Promise<RunResult> {
  try {
    return await stack[op]();
  } catch (error) {
    if (error instanceof DriverError) {
      throw new Error(`${op} failed: ${error.message}\n${error.errors.map((e) => `  ${e.urn}: ${e.message}`).join('\n')}`);
    }
    throw error;
  }
}

/** The DriverError an operation is expected to fail with. */
export async function failureOf(promise: Promise<unknown>): Promise<DriverError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DriverError) return error;
    throw error;
  }
  throw new Error('expected the operation to fail');
}

/** Every error text of a DriverError, message included. */
export function errorText(error: DriverError): string {
  return [error.message, ...error.errors.map((e) => e.message)].join('\n');
}
