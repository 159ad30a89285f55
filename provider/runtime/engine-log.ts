/**
 * Warnings from inside a provider plugin (the dynamic-provider plugin, or the native provider), as real engine
 * diagnostics.
 *
 * @pulumi/pulumi's `log` reaches the engine only in a program (the language host gives it the engine's address
 * before the SDK loads); in the plugin it falls back to the console, which the engine shows as a plain line. A
 * plugin is started with the engine's address as its first argument, which its front door hands to `engineLog`
 * (runtime/index.ts for the SDK's dynamic-provider plugin, native/main.ts for the native provider): `Log` is then
 * sent to the engine with the SDK's own generated gRPC stubs. Without an address (a test calling a provider method
 * directly, a command of the package), or if the engine cannot be reached, the message goes to stderr.
 */
import * as path from 'node:path';
import { withTimeout } from './with-timeout';

const ENGINE_ADDRESS = /^(\[[0-9a-f:]+\]|[\w.-]+):\d+$/i;

export interface EngineLog {
  /** Resolves once the engine has the warning (or stderr has it): never rejects, never waits more than 2 s. */
  warn(message: string): Promise<void>;
}

/** `address`: the engine's, as the plugin was started with it; undefined or not an address: stderr. */
export function engineLog(address: string | undefined): EngineLog {
  // Connected on the first warning: most runs warn about nothing, and the stubs take a while to load.
  let engine: { warn(message: string): Promise<void> } | null | undefined;
  const toStderr = (message: string) => {
    process.stderr.write(`warning: ${message}\n`);
  };
  return {
    warn(message) {
      if (engine === undefined) engine = address && ENGINE_ADDRESS.test(address) ? connect(address) : null;
      if (!engine) {
        toStderr(message);
        return Promise.resolve();
      }
      return withTimeout(engine.warn(message).catch(() => toStderr(message)), 2000, () => undefined);
    },
  };
}

function connect(address: string): { warn(message: string): Promise<void> } | null {
  try {
    const stubs = require.resolve('@pulumi/pulumi/proto/engine_grpc_pb');
    // The stubs must use the grpc-js they were generated against: @pulumi/pulumi's own.
    const grpc = require(require.resolve('@grpc/grpc-js', { paths: [path.dirname(stubs)] }));
    const { EngineClient } = require(stubs);
    const { LogRequest, LogSeverity } = require('@pulumi/pulumi/proto/engine_pb');
    const client = new EngineClient(address, grpc.credentials.createInsecure());
    return {
      warn: (message) =>
        new Promise((resolve, reject) => {
          const req = new LogRequest();
          req.setSeverity(LogSeverity.WARNING);
          req.setMessage(message);
          req.setUrn('');
          req.setEphemeral(false);
          client.log(req, (error: Error | null) => (error ? reject(error) : resolve()));
        }),
    };
  } catch {
    return null;
  }
}
