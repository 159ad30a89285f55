/**
 * Warnings from inside a provider plugin (the dynamic-provider plugin, or the native provider), as real engine
 * diagnostics.
 *
 * @pulumi/pulumi's `log` reaches the engine only in a program (the language host gives it the engine's address
 * before the SDK loads); in the plugin it falls back to the console, which the engine shows as a plain line. The
 * plugin is started with the engine's address as its first argument (cmd/dynamic-provider's `main(args)`, and the
 * native provider's main.ts alike), so this
 * module sends `Log` to the engine itself, with the SDK's own generated gRPC stubs. Outside the plugin (a test
 * calling a provider method directly), or if the engine cannot be reached, the message goes to stderr.
 */
import * as path from 'node:path';
import { withTimeout } from './with-timeout';

const ENGINE_ADDRESS = /^(\[[0-9a-f:]+\]|[\w.-]+):\d+$/i;

interface EngineLog {
  warn(message: string): Promise<void>;
}

let engine: EngineLog | null | undefined;

function connect(): EngineLog | null {
  const address = process.argv[2];
  if (!/dynamic-provider|native[\\/]main/.test(process.argv[1] ?? '') || !address || !ENGINE_ADDRESS.test(address)) return null;
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

/** Resolves once the engine has the warning (or stderr has it): never rejects, never waits more than 2 s. */
export function warn(message: string): Promise<void> {
  if (engine === undefined) engine = connect();
  const toStderr = () => {
    process.stderr.write(`warning: ${message}\n`);
  };
  if (!engine) {
    toStderr();
    return Promise.resolve();
  }
  return withTimeout(engine.warn(message).catch(toStderr), 2000, () => undefined);
}
