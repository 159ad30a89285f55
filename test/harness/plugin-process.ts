/**
 * Drives the real Node dynamic-provider plugin process the way the Pulumi engine does, without the engine.
 *
 * The engine starts `pulumi-resource-pulumi-nodejs <engine address>`, a shim that runs
 * `node <require.resolve('@pulumi/pulumi/cmd/dynamic-provider')> <engine address>` with the project directory as
 * working directory; the plugin binds 127.0.0.1:0, prints the port as the first stdout line and serves
 * `pulumirpc.ResourceProvider`. The harness does the same (with `process.execPath` as node), then plays the engine's
 * part of each RPC: it marshals property maps like `MarshalProperties`, strips secrets because the plugin answers
 * Configure with acceptSecrets=false, re-marks outputs like `annotateSecrets`, skips Create/Update in preview because
 * the plugin does not report supportsPreview, and decodes partial-failure details (`ErrorResourceInitFailed`).
 * See README.md for what it does not do.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type * as grpcTypes from '@grpc/grpc-js';
import type * as structTypes from 'google-protobuf/google/protobuf/struct_pb';
import type * as provprotoTypes from '@pulumi/pulumi/proto/provider_pb';
import type * as provrpcTypes from '@pulumi/pulumi/proto/provider_grpc_pb';
import { startEngineServer, type EngineLogMessage, type EngineServer } from './engine-server';
import { loadPulumiSdk, type PulumiSdk } from './sdk';
import {
  annotateSecrets,
  containsUnknowns,
  marshalProperties,
  SECRET_SIG,
  SIG_KEY,
  UnexpectedUnknownError,
  unmarshalProperties,
  type PropertyMap,
} from './values';

export {
  annotateSecrets,
  containsSecrets,
  isSecret,
  isUnknown,
  secret,
  stripSecrets,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN,
  UNKNOWN_SENTINELS,
  withEngineSecrets,
} from './values';
export type { PropertyMap, PropertyValue, SecretValue } from './values';
export type { EngineLogMessage } from './engine-server';

/** The repository root: the project directory the engine would use as working directory. */
export const PROJECT_DIR = path.resolve(__dirname, '..', '..');
export const DEFAULT_PROJECT = 'harness-project';
export const DEFAULT_STACK = 'harness-stack';
/** The type `new pulumi.dynamic.Resource(provider, name, props)` registers (no module, type "Resource"). */
export const DYNAMIC_RESOURCE_TYPE = 'pulumi-nodejs:dynamic:Resource';
/** The default provider the engine creates for dynamic resources. */
export const DYNAMIC_PROVIDER_PACKAGE = 'pulumi-nodejs';

export interface StartOptions {
  /** Working directory of the plugin (the Pulumi project directory). Default: {@link PROJECT_DIR}. */
  cwd?: string;
  /** Extra environment, merged over the inherited one (a value of `undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Inherit this process's environment, as the engine passes its own (`os.Environ()`). Default true. */
  inheritEnv?: boolean;
  /** Pulumi project name: the engine sets PULUMI_NODEJS_PROJECT and PULUMI_PROJECT to it. */
  project?: string;
  /** Stack name, used for URNs only (the engine does not pass it to the plugin). */
  stack?: string;
  /**
   * PULUMI_CONFIG: the engine passes the JSON of the host config keys in the plugin's own namespace
   * (`pulumi-nodejs:*`), normally `{}`. Default `{}`.
   */
  pulumiConfigJson?: string;
  /** Pulumi.yaml runtime options; the engine passes them as PULUMI_RUNTIME_<KEY> variables. */
  runtimeOptions?: Record<string, string>;
  /** Node executable. Default `process.execPath` (the engine's shim uses `node` from PATH). */
  nodePath?: string;
  /** How long to wait for the port line and a ready connection. Default 20 s. */
  startupTimeoutMs?: number;
  /** Deadline applied to every RPC. Default: none (the engine sets none either, except custom timeouts). */
  callTimeoutMs?: number;
}

export interface HandshakeResult {
  /** False when the plugin answered UNIMPLEMENTED (the 3.276 Node plugin does): the engine then falls back. */
  implemented: boolean;
  acceptSecrets?: boolean;
  acceptResources?: boolean;
  acceptOutputs?: boolean;
}

export interface ConfigureOptions {
  /**
   * The whole stack config as the engine hands it to dynamic providers: every key with its namespace kept
   * (`'gotowebinar:clientId'`), values as strings (decrypted; objects as JSON text). Default `{}`.
   */
  variables?: Record<string, string>;
  /** Keys of `variables` that are secret (`pulumi config set --secret`). The engine sends them secret-wrapped. */
  secretKeys?: string[];
  /** What the engine announces. Defaults: all true (as the engine sends). */
  acceptSecrets?: boolean;
  acceptResources?: boolean;
  sendsOldInputs?: boolean;
  sendsOldInputsToDelete?: boolean;
  /** The default provider's URN / ID / name / type. Defaults mirror a default `pulumi-nodejs` provider. */
  urn?: string;
  id?: string;
  name?: string;
  type?: string;
}

export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  supportsPreview: boolean;
  acceptOutputs: boolean;
  supportsAutonamingConfiguration: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  /** The checked inputs, re-marked secret where `news` had secrets under the same key. */
  inputs: PropertyMap;
  failures: CheckFailure[];
}

export type DiffChanges = 'DIFF_UNKNOWN' | 'DIFF_NONE' | 'DIFF_SOME';

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
  hasDetailedDiff: boolean;
  detailedDiff: Record<string, { kind: string; inputDiff: boolean }>;
}

export interface CreateResult {
  /** Empty in preview. */
  id: string;
  /** Outputs (with `__provider`), re-marked secret where the inputs had secrets under the same key. */
  properties: PropertyMap;
  /** False in preview: the engine does not call Create on a plugin that does not report supportsPreview. */
  calledPlugin: boolean;
}

export interface ReadResult {
  /** Empty means "gone": the engine drops the resource from state. */
  id: string;
  properties: PropertyMap;
  /** Only when the provider returned inputs. */
  inputs?: PropertyMap;
}

export interface UpdateResult {
  properties: PropertyMap;
  calledPlugin: boolean;
}

/** What a partial failure carries (`pulumirpc.ErrorResourceInitFailed` in the grpc-status-details-bin trailer). */
export interface InitFailure {
  id: string;
  /** Decoded as the engine does: secrets re-marked from the request's inputs. */
  properties: PropertyMap;
  inputs?: PropertyMap;
  reasons: string[];
  refreshBeforeUpdate: boolean;
}

/** A gRPC error returned by the plugin. */
export class PluginRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly codeName: string,
    readonly details: string,
    /** Present when the error carries ErrorResourceInitFailed: the engine records the resource (partial failure). */
    readonly initFailure: InitFailure | undefined,
    readonly stderr: string,
  ) {
    super(`${method} failed: ${codeName}: ${details}`);
    this.name = 'PluginRpcError';
  }
}

/** Something the engine itself would reject after a successful RPC (e.g. an empty id from Create). */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface PluginExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` */
export function resourceUrn(
  name: string,
  opts: { type?: string; project?: string; stack?: string } = {},
): string {
  const type = opts.type ?? DYNAMIC_RESOURCE_TYPE;
  return `urn:pulumi:${opts.stack ?? DEFAULT_STACK}::${opts.project ?? DEFAULT_PROJECT}::${type}::${name}`;
}

/** The URN's name and (last) type, as the engine puts them into `name` / `type` of each request. */
export function parseUrn(urn: string): { name: string; type: string } {
  const parts = urn.split('::');
  if (parts.length < 4 || !parts[0].startsWith('urn:pulumi:')) throw new Error(`not a URN: ${urn}`);
  const qualifiedType = parts[2];
  return { name: parts.slice(3).join('::'), type: qualifiedType.split('$').pop() as string };
}

const running = new Set<DynamicProviderPlugin>();
// Never leave an orphaned plugin behind if a test run exits without calling stop(). Installed only while plugins run,
// so test files sharing a Jest worker do not pile up listeners.
const killRunning = () => {
  for (const p of running) p.killNow();
};

function track(plugin: DynamicProviderPlugin): void {
  if (running.size === 0) process.on('exit', killRunning);
  running.add(plugin);
}

function untrack(plugin: DynamicProviderPlugin): void {
  if (running.delete(plugin) && running.size === 0) process.off('exit', killRunning);
}

/** Stops every plugin this module started and has not stopped yet (safety net for afterAll). */
export async function stopAllPlugins(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/**
 * Spawns the real plugin like the engine does and connects to it (including the engine's Handshake attempt).
 * Call {@link DynamicProviderPlugin.stop} when done.
 */
export async function startDynamicProviderPlugin(options: StartOptions = {}): Promise<DynamicProviderPlugin> {
  const cwd = path.resolve(options.cwd ?? PROJECT_DIR);
  const sdk = loadPulumiSdk(cwd);
  const project = options.project ?? DEFAULT_PROJECT;
  const engine = await startEngineServer(sdk);

  const env: Record<string, string> = {};
  if (options.inheritEnv !== false) {
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  }
  for (const [k, v] of Object.entries(options.runtimeOptions ?? {})) env[`PULUMI_RUNTIME_${k.toUpperCase()}`] = v;
  env.PULUMI_NODEJS_PROJECT = project;
  env.PULUMI_PROJECT = project;
  env.PULUMI_CONFIG = options.pulumiConfigJson ?? '{}';
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  const args = [sdk.dynamicProviderScript, engine.address];
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(options.nodePath ?? process.execPath, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    await engine.stop();
    throw err;
  }
  const plugin = new DynamicProviderPlugin(sdk, child, engine, cwd, project, options.stack ?? DEFAULT_STACK, args,
    options.callTimeoutMs);
  track(plugin);
  try {
    await plugin.connect(options.startupTimeoutMs ?? 20_000);
  } catch (err) {
    await plugin.stop();
    throw err;
  }
  return plugin;
}

type UnaryCallback<Res> = (error: grpcTypes.ServiceError | null, response: Res) => void;
type UnaryMethod = (
  request: unknown,
  metadata: grpcTypes.Metadata,
  options: Partial<grpcTypes.CallOptions>,
  callback: UnaryCallback<unknown>,
) => grpcTypes.ClientUnaryCall;

export class DynamicProviderPlugin {
  /** The port the plugin printed. */
  port = 0;
  /** The raw ResourceProvider client, for RPCs the typed methods do not cover. */
  client!: provrpcTypes.ResourceProviderClient;
  handshakeResult: HandshakeResult | undefined;
  /** The protocol the plugin announced in its ConfigureResponse (undefined before configure()). */
  protocol: ConfigureResult | undefined;
  /** RPC method names called, in order. */
  readonly rpcLog: string[] = [];

  private stdoutText = '';
  private stderrText = '';
  private portLine: Promise<number>;
  private readonly closed: Promise<PluginExit>;
  private exitInfo: PluginExit | undefined;
  private stopping: Promise<PluginExit> | undefined;

  /** @internal use startDynamicProviderPlugin() */
  constructor(
    readonly sdk: PulumiSdk,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly engine: EngineServer,
    readonly cwd: string,
    readonly project: string,
    readonly stack: string,
    /** Arguments after the node executable: [plugin script, engine address]. */
    readonly args: readonly string[],
    private readonly callTimeoutMs: number | undefined,
  ) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderrText += chunk));
    let first = '';
    let gotPort = false;
    this.portLine = new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        if (gotPort) {
          this.stdoutText += chunk;
          return;
        }
        first += chunk;
        const nl = first.indexOf('\n');
        if (nl < 0) return;
        gotPort = true;
        const line = first.slice(0, nl).trim();
        this.stdoutText += first.slice(nl + 1);
        const port = Number(line);
        if (!/^\d+$/.test(line) || port <= 0 || port > 65535) {
          reject(new Error(`plugin wrote an invalid port to stdout: ${JSON.stringify(line)}`));
        } else {
          resolve(port);
        }
      });
      // 'close' (not 'exit'): stdio has drained by then, so the error carries all of stderr.
      child.once('close', (code, signal) => {
        if (!gotPort) reject(new Error(`plugin exited (code ${code}, signal ${signal}) before printing its port`));
      });
      child.once('error', reject);
    });
    this.portLine.catch(() => undefined); // observed in connect()
    this.closed = new Promise<PluginExit>((resolve) => {
      child.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      child.once('error', () => {
        if (child.pid === undefined) resolve({ code: null, signal: null });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get engineAddress(): string {
    return this.engine.address;
  }

  /** Messages received by the in-process Engine service (none with the 3.276 plugin). */
  get engineLogs(): EngineLogMessage[] {
    return this.engine.logs;
  }

  /** The plugin's stdout after the port line (the engine shows it as info diagnostics). */
  stdout(): string {
    return this.stdoutText;
  }

  /** The plugin's stderr (the engine shows it as info-error diagnostics). */
  stderr(): string {
    return this.stderrText;
  }

  /**
   * Resolves with the stream's text once it matches (output can arrive after the RPC that caused it has answered).
   */
  waitForOutput(stream: 'stdout' | 'stderr', match: string | RegExp, timeoutMs = 5000): Promise<string> {
    const current = () => (stream === 'stdout' ? this.stdoutText : this.stderrText);
    const matches = () => (typeof match === 'string' ? current().includes(match) : match.test(current()));
    if (matches()) return Promise.resolve(current());
    if (this.exitInfo) return Promise.reject(new Error(`plugin has exited; its ${stream} did not match ${String(match)}`));
    const source = stream === 'stdout' ? this.child.stdout : this.child.stderr;
    return new Promise<string>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        source.off('data', onData);
        this.child.off('close', onClose);
        if (err) reject(err);
        else resolve(current());
      };
      // Registered after the constructor's collector, so the text is already appended when this runs.
      const onData = () => {
        if (matches()) done();
      };
      const onClose = () => done(new Error(`plugin closed before its ${stream} matched ${String(match)}`));
      const timer = setTimeout(
        () => done(new Error(`plugin ${stream} did not match ${String(match)} within ${timeoutMs} ms:\n${current()}`)),
        timeoutMs,
      );
      source.on('data', onData);
      this.child.once('close', onClose);
    });
  }

  /** Set once the process has exited. */
  get exit(): PluginExit | undefined {
    return this.exitInfo;
  }

  /** @internal */
  async connect(timeoutMs: number): Promise<void> {
    const { grpc, provrpc } = this.sdk;
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`plugin did not print its port within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      this.port = await Promise.race([this.portLine, timeout]);
    } catch (err) {
      throw this.withStderr(err as Error);
    } finally {
      clearTimeout(timer);
    }
    this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${this.port}`, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': 400 * 1024 * 1024,
    });
    await new Promise<void>((resolve, reject) =>
      this.client.waitForReady(deadline, (err) => (err ? reject(this.withStderr(err)) : resolve())),
    );
    this.handshakeResult = await this.handshake();
  }

  private withStderr(err: Error): Error {
    const stderr = this.stderrText.trim();
    if (stderr) err.message += `\n--- plugin stderr ---\n${stderr}`;
    return err;
  }

  /** The engine's first RPC; UNIMPLEMENTED means "fall back to the pre-handshake protocol". */
  private async handshake(): Promise<HandshakeResult> {
    const req = new this.sdk.provproto.ProviderHandshakeRequest();
    req.setEngineAddress(this.engine.address);
    // The engine sends the directory of the plugin binary (the pulumi-resource-pulumi-nodejs shim); the SDK ships a
    // copy of that shim in its package directory.
    req.setRootDirectory(this.sdk.dir);
    req.setProgramDirectory(this.sdk.dir);
    req.setConfigureWithUrn(true);
    req.setSupportsViews(true);
    req.setSupportsRefreshBeforeUpdate(true);
    try {
      const resp = await this.unary<provprotoTypes.ProviderHandshakeResponse>('handshake', req, { initFailure: false });
      return {
        implemented: true,
        acceptSecrets: resp.getAcceptSecrets(),
        acceptResources: resp.getAcceptResources(),
        acceptOutputs: resp.getAcceptOutputs(),
      };
    } catch (err) {
      if (err instanceof PluginRpcError && err.code === this.sdk.grpc.status.UNIMPLEMENTED) {
        return { implemented: false };
      }
      throw err;
    }
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const resp = await this.unary<{ getVersion(): string }>('getPluginInfo', new this.sdk.emptyproto.Empty());
    return { version: resp.getVersion() };
  }

  /**
   * Configure as the engine sends it to the default `pulumi-nodejs` provider: the whole stack config in `args`
   * (namespaced keys, secret keys secret-wrapped) and the same values in `variables` under
   * `pulumi-nodejs:config:<key>` (which the Node plugin ignores).
   */
  async configure(opts: ConfigureOptions = {}): Promise<ConfigureResult> {
    const { provproto } = this.sdk;
    const variables = opts.variables ?? {};
    const secretKeys = new Set(opts.secretKeys ?? []);
    for (const k of secretKeys) {
      if (!(k in variables)) throw new Error(`secretKeys names "${k}", which is not in variables`);
    }
    const args: PropertyMap = {};
    const req = new provproto.ConfigureRequest();
    const varMap = req.getVariablesMap();
    for (const [k, v] of Object.entries(variables)) {
      if (typeof v !== 'string') throw new TypeError(`config value for "${k}" must be a string (stack config is text)`);
      args[k] = secretKeys.has(k) ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
      varMap.set(`${DYNAMIC_PROVIDER_PACKAGE}:config:${k}`, v);
    }
    req.setArgs(this.encode(marshalProperties(args, { keepSecrets: true, keepUnknowns: true })));
    req.setAcceptsecrets(opts.acceptSecrets ?? true);
    req.setAcceptresources(opts.acceptResources ?? true);
    req.setSendsOldInputs(opts.sendsOldInputs ?? true);
    req.setSendsOldInputsToDelete(opts.sendsOldInputsToDelete ?? true);
    req.setUrn(
      opts.urn ??
        resourceUrn('default', { type: `pulumi:providers:${DYNAMIC_PROVIDER_PACKAGE}`, project: this.project, stack: this.stack }),
    );
    req.setId(opts.id ?? randomUUID());
    req.setName(opts.name ?? 'default');
    req.setType(opts.type ?? `pulumi:providers:${DYNAMIC_PROVIDER_PACKAGE}`);
    const resp = await this.unary<provprotoTypes.ConfigureResponse>('configure', req, { initFailure: false });
    const result: ConfigureResult = {
      acceptSecrets: resp.getAcceptsecrets(),
      acceptResources: resp.getAcceptresources(),
      supportsPreview: resp.getSupportspreview(),
      acceptOutputs: resp.getAcceptoutputs(),
      supportsAutonamingConfiguration: resp.getSupportsAutonamingConfiguration(),
    };
    // provider_plugin.go: the handshake's protocol wins; otherwise the first ConfigureResponse sets it.
    if (!this.protocol) {
      this.protocol = this.handshakeResult?.implemented
        ? {
            ...result,
            acceptSecrets: !!this.handshakeResult.acceptSecrets,
            acceptResources: !!this.handshakeResult.acceptResources,
            acceptOutputs: !!this.handshakeResult.acceptOutputs,
            supportsPreview: true,
          }
        : result;
    }
    return result;
  }

  /** `olds` are the old inputs (`{}` on create). In preview, unknowns are sent; otherwise they are dropped. */
  async check(urn: string, olds: PropertyMap, news: PropertyMap, opts: { preview?: boolean } = {}): Promise<CheckResult> {
    const protocol = this.requireConfigured('check');
    const preview = !!opts.preview;
    const marshal = { keepSecrets: protocol.acceptSecrets, keepUnknowns: preview };
    const req = new this.sdk.provproto.CheckRequest();
    this.setTarget(req, urn);
    req.setOlds(this.encode(marshalProperties(olds, marshal)));
    req.setNews(this.encode(marshalProperties(news, marshal)));
    const resp = await this.unary<provprotoTypes.CheckResponse>('check', req);
    let inputs = this.decode(resp.getInputs(), { keepUnknowns: preview, rejectUnknowns: !preview }, 'Check');
    if (!protocol.acceptSecrets) inputs = annotateSecrets(inputs, news);
    const failures = resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    return { inputs, failures };
  }

  /** `olds` are the old outputs (state); `oldInputs` defaults to `olds`. */
  async diff(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    opts: { oldInputs?: PropertyMap; preview?: boolean; ignoreChanges?: string[] } = {},
  ): Promise<DiffResult> {
    const protocol = this.requireConfigured('diff');
    const marshal = { keepSecrets: protocol.acceptSecrets, keepUnknowns: !!opts.preview };
    const { provproto } = this.sdk;
    const req = new provproto.DiffRequest();
    this.setTarget(req, urn);
    req.setId(id);
    req.setOlds(this.encode(marshalProperties(olds, marshal)));
    req.setNews(this.encode(marshalProperties(news, marshal)));
    req.setOldInputs(this.encode(marshalProperties(opts.oldInputs ?? olds, marshal)));
    req.setIgnorechangesList(opts.ignoreChanges ?? []);
    const resp = await this.unary<provprotoTypes.DiffResponse>('diff', req);
    const changeNames = enumNames(provproto.DiffResponse.DiffChanges);
    const kindNames = enumNames(provproto.PropertyDiff.Kind);
    const detailedDiff: DiffResult['detailedDiff'] = {};
    resp.getDetaileddiffMap().forEach((v, k) => {
      detailedDiff[k] = { kind: kindNames.get(v.getKind()) ?? String(v.getKind()), inputDiff: v.getInputdiff() };
    });
    return {
      changes: (changeNames.get(resp.getChanges()) ?? 'DIFF_UNKNOWN') as DiffChanges,
      replaces: resp.getReplacesList(),
      stables: resp.getStablesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
      diffs: resp.getDiffsList(),
      hasDetailedDiff: resp.getHasdetaileddiff(),
      detailedDiff,
    };
  }

  /**
   * In preview the engine does not call the plugin (it did not report supportsPreview) and uses the inputs as the
   * state; `calledPlugin` is false then. Outside preview an empty id is an engine error.
   */
  async create(
    urn: string,
    props: PropertyMap,
    opts: { preview?: boolean; timeout?: number } = {},
  ): Promise<CreateResult> {
    const protocol = this.requireConfigured('create');
    const preview = !!opts.preview;
    if (preview && !protocol.supportsPreview) {
      return { id: '', properties: structuredClone(props), calledPlugin: false };
    }
    if (!preview && containsUnknowns(props)) throw new EngineError('Create outside preview with unknown inputs');
    const req = new this.sdk.provproto.CreateRequest();
    this.setTarget(req, urn);
    req.setProperties(this.encode(marshalProperties(props, { keepSecrets: protocol.acceptSecrets, keepUnknowns: preview })));
    req.setTimeout(opts.timeout ?? 0);
    req.setPreview(preview);
    const unmarshal = { keepUnknowns: preview, rejectUnknowns: !preview };
    const resp = await this.unary<provprotoTypes.CreateResponse>('create', req, {
      initFailure: { unmarshal, secretsFrom: protocol.acceptSecrets ? undefined : props },
    });
    const id = resp.getId();
    if (id === '' && !preview) {
      throw new EngineError(`plugin for package '${DYNAMIC_PROVIDER_PACKAGE}' returned empty resource.ID from create '${urn}'`);
    }
    let properties = this.decode(resp.getProperties(), unmarshal, 'Create');
    if (!protocol.acceptSecrets) properties = annotateSecrets(properties, props);
    return { id, properties, calledPlugin: true };
  }

  /**
   * Refresh: `props` are the old outputs (state, which carries the stored `__provider`), `inputs` the old inputs.
   * An empty id in the result means the resource is gone.
   */
  async read(id: string, urn: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    const protocol = this.requireConfigured('read');
    const marshal = { keepSecrets: protocol.acceptSecrets, keepUnknowns: false };
    const req = new this.sdk.provproto.ReadRequest();
    this.setTarget(req, urn);
    req.setId(id);
    req.setProperties(this.encode(marshalProperties(props, marshal)));
    if (inputs) req.setInputs(this.encode(marshalProperties(inputs, marshal)));
    const unmarshal = { keepUnknowns: false, rejectUnknowns: true };
    const resp = await this.unary<provprotoTypes.ReadResponse>('read', req, {
      initFailure: { unmarshal, secretsFrom: protocol.acceptSecrets ? undefined : props },
    });
    let properties = this.decode(resp.getProperties(), unmarshal, 'Read');
    let newInputs = resp.getInputs() ? this.decode(resp.getInputs(), unmarshal, 'Read') : undefined;
    if (!protocol.acceptSecrets) {
      properties = annotateSecrets(properties, props);
      if (newInputs) newInputs = annotateSecrets(newInputs, inputs);
    }
    const result: ReadResult = { id: resp.getId(), properties };
    if (newInputs) result.inputs = newInputs;
    return result;
  }

  /** `olds` are the old outputs (state); `oldInputs` defaults to `olds`. Skipped in preview, like create(). */
  async update(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    opts: { oldInputs?: PropertyMap; preview?: boolean; ignoreChanges?: string[]; timeout?: number } = {},
  ): Promise<UpdateResult> {
    const protocol = this.requireConfigured('update');
    const preview = !!opts.preview;
    if (preview && !protocol.supportsPreview) {
      return { properties: structuredClone(news), calledPlugin: false };
    }
    const req = new this.sdk.provproto.UpdateRequest();
    this.setTarget(req, urn);
    req.setId(id);
    const oldMarshal = { keepSecrets: protocol.acceptSecrets, keepUnknowns: false };
    req.setOlds(this.encode(marshalProperties(olds, oldMarshal)));
    req.setOldInputs(this.encode(marshalProperties(opts.oldInputs ?? olds, oldMarshal)));
    req.setNews(this.encode(marshalProperties(news, { keepSecrets: protocol.acceptSecrets, keepUnknowns: preview })));
    req.setIgnorechangesList(opts.ignoreChanges ?? []);
    req.setTimeout(opts.timeout ?? 0);
    req.setPreview(preview);
    const unmarshal = { keepUnknowns: preview, rejectUnknowns: !preview };
    const resp = await this.unary<provprotoTypes.UpdateResponse>('update', req, {
      initFailure: { unmarshal, secretsFrom: protocol.acceptSecrets ? undefined : news },
    });
    let properties = this.decode(resp.getProperties(), unmarshal, 'Update');
    if (!protocol.acceptSecrets) properties = annotateSecrets(properties, news);
    return { properties, calledPlugin: true };
  }

  /** `props` are the old outputs (state, with the stored `__provider`); `oldInputs` defaults to `props`. */
  async delete(
    id: string,
    urn: string,
    props: PropertyMap,
    opts: { oldInputs?: PropertyMap; timeout?: number } = {},
  ): Promise<void> {
    const protocol = this.requireConfigured('delete');
    const marshal = { keepSecrets: protocol.acceptSecrets, keepUnknowns: false };
    const req = new this.sdk.provproto.DeleteRequest();
    this.setTarget(req, urn);
    req.setId(id);
    req.setProperties(this.encode(marshalProperties(props, marshal)));
    req.setOldInputs(this.encode(marshalProperties(opts.oldInputs ?? props, marshal)));
    req.setTimeout(opts.timeout ?? 0);
    await this.unary('delete', req, { initFailure: false });
  }

  /** The engine's SignalCancellation. */
  async cancel(): Promise<void> {
    await this.unary('cancel', new this.sdk.emptyproto.Empty(), { initFailure: false });
  }

  /**
   * Closes the connection and stops the process like the engine (interrupt, then kill after a grace period), waits
   * for it and its pipes to close, and stops the engine server. Idempotent.
   */
  stop(graceMs = 3000): Promise<PluginExit> {
    if (!this.stopping) {
      this.stopping = (async () => {
        this.client?.close();
        if (this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined) {
          this.child.kill('SIGINT');
          const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
          try {
            await this.closed;
          } finally {
            clearTimeout(timer);
          }
        } else if (this.child.pid !== undefined) {
          await this.closed;
        }
        await this.engine.stop();
        untrack(this);
        return this.exitInfo ?? { code: null, signal: null };
      })();
    }
    return this.stopping;
  }

  /** @internal synchronous last resort at process exit */
  killNow(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private requireConfigured(method: string): ConfigureResult {
    if (!this.protocol) {
      throw new Error(`${method}() before configure(): the engine always configures the provider first`);
    }
    return this.protocol;
  }

  private setTarget(req: { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown }, urn: string): void {
    const { name, type } = parseUrn(urn);
    req.setUrn(urn);
    req.setName(name);
    req.setType(type);
  }

  private encode(value: Record<string, unknown>): structTypes.Struct {
    return this.sdk.structproto.Struct.fromJavaScript(value as Record<string, structTypes.JavaScriptValue>);
  }

  private decode(
    struct: structTypes.Struct | undefined,
    opts: { keepUnknowns: boolean; rejectUnknowns: boolean },
    label: string,
  ): PropertyMap {
    try {
      return unmarshalProperties(struct?.toJavaScript(), opts);
    } catch (err) {
      if (err instanceof UnexpectedUnknownError) throw new EngineError(`${label} outputs: ${err.message}`);
      throw err;
    }
  }

  private unary<Res>(
    method: string,
    request: unknown,
    opts: {
      initFailure?: false | { unmarshal: { keepUnknowns: boolean; rejectUnknowns: boolean }; secretsFrom?: PropertyMap };
    } = {},
  ): Promise<Res> {
    this.rpcLog.push(method);
    const callOptions: Partial<grpcTypes.CallOptions> = {};
    if (this.callTimeoutMs !== undefined) callOptions.deadline = Date.now() + this.callTimeoutMs;
    const fn = (this.client as unknown as Record<string, UnaryMethod>)[method];
    if (typeof fn !== 'function') throw new Error(`ResourceProviderClient has no method ${method}`);
    return new Promise<Res>((resolve, reject) => {
      fn.call(this.client, request, new this.sdk.grpc.Metadata(), callOptions, (err, resp) => {
        if (!err) {
          resolve(resp as Res);
          return;
        }
        let initFailure: InitFailure | undefined;
        try {
          initFailure = opts.initFailure ? this.decodeInitFailure(err, opts.initFailure) : undefined;
        } catch (decodeErr) {
          reject(decodeErr);
          return;
        }
        const codeName = enumNames(this.sdk.grpc.status as unknown as Record<string, number>).get(err.code) ?? String(err.code);
        reject(new PluginRpcError(method, err.code, codeName, err.details, initFailure, this.stderrText));
      });
    });
  }

  /** `parseError` in provider_plugin.go: look for ErrorResourceInitFailed in the status details trailer. */
  private decodeInitFailure(
    err: grpcTypes.ServiceError,
    opts: { unmarshal: { keepUnknowns: boolean; rejectUnknowns: boolean }; secretsFrom?: PropertyMap },
  ): InitFailure | undefined {
    const { provproto, statusproto } = this.sdk;
    const raw = err.metadata?.get('grpc-status-details-bin') ?? [];
    for (const value of raw) {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : value;
      const status = statusproto.Status.deserializeBinary(new Uint8Array(bytes));
      for (const detail of status.getDetailsList()) {
        const init = detail.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, 'pulumirpc.ErrorResourceInitFailed');
        if (!init) continue;
        let properties = this.decode(init.getProperties(), opts.unmarshal, 'ErrorResourceInitFailed');
        if (opts.secretsFrom) properties = annotateSecrets(properties, opts.secretsFrom);
        const failure: InitFailure = {
          id: init.getId(),
          properties,
          reasons: init.getReasonsList(),
          refreshBeforeUpdate: init.getRefreshBeforeUpdate(),
        };
        if (init.getInputs()) failure.inputs = this.decode(init.getInputs(), opts.unmarshal, 'ErrorResourceInitFailed');
        return failure;
      }
    }
    return undefined;
  }
}

function enumNames(e: Record<string, number | string>): Map<number, string> {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(e)) if (typeof value === 'number') names.set(value, name);
  return names;
}
