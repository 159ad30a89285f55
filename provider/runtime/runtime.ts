/**
 * What one `configure` of the plugin sets up: the settings, and one Connection per credentials, made on first use
 * and handed to every resource of those credentials, so their writes share coalescers, their reads share lists and
 * snapshots, and GoTo's per-token rate limit is kept by one limiter.
 */
import { createHash } from 'node:crypto';
import { Connection } from './connection/connection';
import type { EngineLog } from './engine-log';
import { GoToConfigError } from '../api';
import type { SettingProblem, Settings } from './settings';
import { rotationWarning } from './token-rotation';

/** Where the runtime tells the user what it cannot fix itself: the engine's warnings in a plugin, a command's own output. */
export interface RuntimeLog {
  warn(message: string): unknown;
  progress(message: string): void;
}

/** In a plugin: warnings to the engine (handed in by the front door), progress on stderr (shown for a provider). */
export function pluginLog(engine: EngineLog): RuntimeLog {
  return { warn: (message) => engine.warn(message), progress: (message) => process.stderr.write(`gotowebinar: ${message}\n`) };
}

export class Runtime {
  private readonly connections = new Map<string, Connection>();
  private readonly reported = new Set<string>();
  private problems?: SettingProblem[];

  constructor(
    readonly settings: Settings,
    private readonly log: RuntimeLog,
  ) {}

  /** The connection for a resource's organizer (its `organizer` input), or for the default account. */
  connection(organizer?: string): Connection {
    const settings = this.settings.connection(organizer);
    const whose = this.settings.organizerFor(organizer);
    // Keyed by what the connection is made of (hashed: no credential is kept as a key), so two profile names with
    // the same token share one connection, and an environment changed between calls gets a new one.
    // The names in messages are left out: `alice` and `ALICE` read the same variables and are one organizer.
    const id = createHash('sha256').update(JSON.stringify({ ...settings, settingNames: undefined })).digest('hex');
    let connection = this.connections.get(id);
    if (!connection) {
      connection = new Connection({
        ...settings,
        onProgress: (message) => this.log.progress(message),
        onRefreshTokenRotated: (source) => void this.log.warn(rotationWarning(source, whose)),
      });
      this.connections.set(id, connection);
    }
    return connection;
  }

  /**
   * Refuses a configuration with any unusable setting, naming each key: called by every check, so a preview fails
   * on it before anything reaches GoTo. Checked once per configuration.
   */
  checkSettings(): void {
    this.problems ??= this.settings.problems();
    if (this.problems.length === 0) return;
    const [first] = this.problems;
    throw new GoToConfigError(
      this.problems.length === 1
        ? first!.reason
        : `The provider's configuration has ${this.problems.length} problems:\n${this.problems.map((p) => `  - ${p.reason}`).join('\n')}`,
      first!.key,
    );
  }

  /**
   * Warns, unless this runtime said `message` already: with `options: refresh: always` the engine diffs a resource
   * during the refresh and again for the update, and a drift is reported once.
   */
  async warnOnce(message: string): Promise<void> {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    await this.log.warn(message);
  }
}
