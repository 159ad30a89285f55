/**
 * What one `configure` of the plugin sets up: the settings, and one Connection per credentials, made on first use
 * and handed to every resource of those credentials, so their writes share coalescers, their reads share lists and
 * snapshots, and GoTo's per-token rate limit is kept by one limiter.
 */
import { createHash } from 'node:crypto';
import { Connection } from './connection/connection';
import { warn } from './engine-log';
import type { Settings } from './settings';
import { rotationWarning } from './token-rotation';

export class Runtime {
  private readonly connections = new Map<string, Connection>();
  private readonly reported = new Set<string>();

  constructor(readonly settings: Settings) {}

  /** The connection for a resource's organizer (its `organizer` input), or for the default account. */
  connection(organizer?: string): Connection {
    const settings = this.settings.connection(organizer);
    // Keyed by what the connection is made of (hashed: no credential is kept as a key), so two profile names with
    // the same token share one connection, and an environment changed between calls gets a new one.
    const id = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    let connection = this.connections.get(id);
    if (!connection) {
      connection = new Connection({
        ...settings,
        onProgress: progress,
        onRefreshTokenRotated: (source) => void warn(rotationWarning(source)),
      });
      this.connections.set(id, connection);
    }
    return connection;
  }

  /** Whether `message` is said for the first time in this plugin process (drift is reported once per run). */
  readonly firstTime = (message: string): boolean => {
    if (this.reported.has(message)) return false;
    this.reported.add(message);
    return true;
  };
}

function progress(message: string): void {
  // The plugin's stderr is what the engine shows for a dynamic provider; the message is already scrubbed.
  process.stderr.write(`gotowebinar: ${message}\n`);
}
