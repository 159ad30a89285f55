/**
 * Shared by the stack, example and demo tests: a simulator, a receiving application on loopback, and the checks on
 * what an engine operation planned or did. Stacks run under the real Pulumi engine (tools/pulumi/automation.ts),
 * each on a temp file backend of its own.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { GoToClient } from 'pulumi-gotowebinar/client';
import { EngineOperationError, EngineStack, type RunResult } from '../../tools/pulumi/automation';
import { checkOps } from '../../scripts/plan-checks';
import { startLocalReceiver, type LocalReceiver } from '../../scripts/local-receiver';
import * as path from 'node:path';

export { ROOT } from '../support/paths';

/** Long enough for several engine operations (each starts the CLI, the program and the plugins: 2–6 s). */
export const OPERATION_TIMEOUT = 180_000;

export interface Fixture {
  sim: RunningSimulator;
  receiver: LocalReceiver;
  /** A GoTo API client acting as a simulator user, for changes made out of band (as in the GoTo console). */
  api(user?: number): GoToClient;
  stop(): Promise<void>;
}

/** `keyShape`: the form of the keys the simulator mints (GoTo promises only "string"; see simulator/ids.ts). */
export async function startFixture(receiverBasePath = '/goto', keyShape: 'decimal' | 'uuid' | 'mixed' = 'decimal'): Promise<Fixture> {
  const sim = await startSimulator({ allowLoopbackHttp: true, keyShape });
  const receiver = await startLocalReceiver({ basePath: receiverBasePath });
  return {
    sim,
    receiver,
    api: (user = 0) => new GoToClient({ credentials: { accessToken: sim.users[user].accessToken }, apiUrl: sim.apiUrl }),
    stop: async () => {
      await receiver.stop();
      await sim.stop();
    },
  };
}

/** Fails the test with the plan's mismatches. */
export function expectOps(result: RunResult, expectation: Parameters<typeof checkOps>[1]): void {
  expect(checkOps(result, expectation)).toEqual([]);
}

/** Runs an operation; an engine failure becomes a readable failure listing every error and the engine's output. */
export async function run(stack: EngineStack, op: 'preview' | 'up' | 'refresh' | 'destroy'): Promise<RunResult> {
  try {
    return await stack[op]();
  } catch (error) {
    if (error instanceof EngineOperationError) {
      throw new Error(`${error.message}\n${errorText(error)}\n--- engine output ---\n${error.result.stdout}`);
    }
    throw error;
  }
}

/** The EngineOperationError an operation is expected to fail with. */
export async function failureOf(promise: Promise<unknown>): Promise<EngineOperationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineOperationError) return error;
    throw error;
  }
  throw new Error('expected the operation to fail');
}

/** Every error text of a failed operation, message included. */
export function errorText(error: EngineOperationError): string {
  return [error.message, ...error.errors.map((e) => e.message)].join('\n');
}

/** The warnings the engine reported (the provider's drift reports among them). */
export function warnings(result: RunResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message.trim());
}
