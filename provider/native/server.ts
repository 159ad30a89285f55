/**
 * The native provider `gotowebinar`: the engine's resource-provider protocol served over gRPC, in front of the same
 * runtime as the dynamic resources (../runtime: settings, connections, the lifecycle and its specs). One plugin
 * process serves one provider instance (the default one from stack config, or an explicit `gotowebinar.Provider`,
 * e.g. one per organizer), so `Configure` configures the runtime once for the process.
 *
 * Served here rather than through the SDK's `@pulumi/pulumi/provider` server, which at 3.276.0 drops Configure's
 * arguments (an explicit provider's credentials would be lost), returns no detailed diff and fails on an import's
 * Read (no properties). This follows the SDK's own dynamic-provider host (`cmd/dynamic-provider`), with those three
 * done properly. Secrets: the provider accepts them (inputs arrive wrapped and are unwrapped) and returns the
 * declared secret outputs wrapped, so the engine stores them encrypted whichever program or SDK registered them.
 */
import * as path from 'node:path';
import { KINDS, nativeTypeToken, RESOURCE_KINDS, secretNames, type ResourceDeclaration, type ResourceKind } from '../declarations';
import type { RuntimeDoor } from '../runtime/door';
import { packageSchema } from './schema';
import { SECRET_SIG, SIG_KEY } from './secret-marker';

/**
 * What serving any call needs, loaded at start: the gRPC server, and the proto stubs and the grpc-js they were
 * generated against, the SDK's own (see runtime/engine-log.ts). Nothing else of the SDK is loaded.
 */
const stubsDir = path.dirname(require.resolve('@pulumi/pulumi/proto/provider_grpc_pb'));
const grpc = require(require.resolve('@grpc/grpc-js', { paths: [stubsDir] }));
const provrpc = require('@pulumi/pulumi/proto/provider_grpc_pb');
const provproto = require('@pulumi/pulumi/proto/provider_pb');
const plugproto = require('@pulumi/pulumi/proto/plugin_pb');
const fromStubs = (id: string) => require(require.resolve(id, { paths: [stubsDir] }));
const structproto = fromStubs('google-protobuf/google/protobuf/struct_pb');

/**
 * A value made on first use. For a module: its type is said by the loader's return type, `typeof import(…)` of the
 * same path, as a static import would have it.
 */
function lazy<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

/** The modules of the runtime this file uses. */
type RuntimeModules = typeof import('../runtime/door') &
  typeof import('../runtime/engine-log') &
  typeof import('../runtime/runtime') &
  typeof import('../runtime/errors');

/**
 * The runtime (settings, connections, the HTTP client, the lifecycle), loaded by the first call that needs it
 * (CheckConfig, Configure, or a resource's): a process the engine starts only for the plugin's info or schema (a YAML
 * program's schema load, `pulumi package get-schema`) never loads it. It is most of what a serving process holds
 * (docs/native-provider.md, "What a provider instance costs").
 */
const runtime = lazy(
  (): RuntimeModules => ({
    ...require('../runtime/door'),
    ...require('../runtime/engine-log'),
    ...require('../runtime/runtime'),
    ...require('../runtime/errors'),
  }),
);
/** Only a failed create or update with an id needs these (see failure()). */
const statusproto = lazy(() => require('@pulumi/pulumi/proto/status_pb'));
const anyproto = lazy(() => fromStubs('google-protobuf/google/protobuf/any_pb'));
const emptyproto = lazy(() => fromStubs('google-protobuf/google/protobuf/empty_pb'));

type Props = Record<string, unknown>;
type Callback = (error: unknown, value?: unknown, metadata?: unknown) => void;
type Call = { request: any };

/** Each type token the provider serves, with its kind: the registry's (declarations/registry.ts). */
const BY_TOKEN = new Map<string, { kind: ResourceKind; declaration: ResourceDeclaration }>(
  KINDS.map((kind) => [nativeTypeToken(kind), { kind, declaration: RESOURCE_KINDS[kind] }]),
);

/** Whether `value` is an object whose properties may be read by name (arrays too). */
function isProps(value: unknown): value is Props {
  return typeof value === 'object' && value !== null;
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (isProps(value)) {
    if (value[SIG_KEY] === SECRET_SIG) return unwrapSecrets(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** The properties of a Struct, unwrapped (a Struct is an object of properties; should the whole be a secret of something else, none). */
function fromStruct(struct: { toJavaScript(): Props } | undefined): Props {
  const props = unwrapSecrets(struct?.toJavaScript() ?? {});
  return isProps(props) ? props : {};
}

function toStruct(props: Props, declaration?: ResourceDeclaration): unknown {
  const secret = new Set(declaration ? secretNames(declaration) : []);
  const out = Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, secret.has(k) && v !== undefined ? { [SIG_KEY]: SECRET_SIG, value: v } : v]),
  );
  return structproto.Struct.fromJavaScript(out);
}

function resourceOf(request: { getUrn(): string; getType?(): string }): { kind: ResourceKind; declaration: ResourceDeclaration } {
  // The URN's last part is the type: urn:pulumi:<stack>::<project>::<parent types$>type::<name>.
  const type = request.getUrn().split('::')[2]?.split('$').pop() ?? '';
  const found = BY_TOKEN.get(type);
  if (!found) throw new Error(`gotowebinar: unknown resource type ${JSON.stringify(type)}; known: ${[...BY_TOKEN.keys()].join(', ')}.`);
  return found;
}

/**
 * A failed call. A create that made its object (the runtime's ResourceInitError) answers ErrorResourceInitFailed with
 * the object's id and properties, so the engine records it and the next `up` finishes it.
 */
function failure(e: unknown, declaration?: ResourceDeclaration) {
  const metadata = new grpc.Metadata();
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof runtime().ResourceInitError) {
    const status = new (statusproto().Status)();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(toStruct(e.properties, declaration));
    detail.setReasonsList(e.reasons);
    const any = new (anyproto().Any)();
    any.pack(detail.serializeBinary(), 'pulumirpc.ErrorResourceInitFailed');
    status.addDetails(any);
    metadata.add('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, message, metadata };
}

/** Runs a handler, answering its result or its error. */
function serve(handler: (request: any) => Promise<unknown>, onError = (e: unknown) => failure(e)) {
  return (call: Call, callback: Callback) => {
    handler(call.request).then(
      (value) => callback(null, value),
      (e) => {
        const response = onError(e);
        callback(response, null, response.metadata);
      },
    );
  };
}

const unimplemented = (what: string) => (_call: Call, callback: Callback) =>
  callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by the gotowebinar provider` });

/** `engineAddress`: the engine's, as the plugin was started with it (warnings go there). */
export function providerService(version: string, engineAddress?: string) {
  const schema = JSON.stringify(packageSchema(version));
  // This process's runtime, made on the first call that needs it: one plugin process serves one provider instance.
  const door = lazy((): RuntimeDoor => {
    const { RuntimeDoor, pluginLog, engineLog } = runtime();
    return new RuntimeDoor(pluginLog(engineLog(engineAddress)));
  });

  return {
    getPluginInfo: serve(async () => new plugproto.PluginInfo().setVersion(version)),
    getSchema: serve(async () => new provproto.GetSchemaResponse().setSchema(schema)),

    // The provider's own inputs (an explicit provider's arguments, or the stack config), checked by the rules the
    // runtime applies when it uses them (checkProviderConfig), so a bad argument fails the preview, naming its key.
    checkConfig: serve(async (req) => {
      const failures = runtime().checkProviderConfig(fromStruct(req.getNews()), process.env);
      return new provproto.CheckResponse()
        .setInputs(req.getNews())
        .setFailuresList(failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
    }),
    diffConfig: serve(async (req) => {
      const strip = (p: Props) => JSON.stringify(Object.entries(p).filter(([k]) => k !== 'version').sort());
      const changed = strip(fromStruct(req.getOlds())) !== strip(fromStruct(req.getNews()));
      return new provproto.DiffResponse().setChanges(
        changed ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      );
    }),
    configure: serve(async (req) => {
      // Arguments (an explicit provider's, or the default provider's config without its namespace) win over the
      // namespaced variables.
      const args = fromStruct(req.getArgs());
      const variables: Record<string, string> = Object.fromEntries(req.getVariablesMap().toArray());
      door().configure({ get: (key: string) => args[key.replace(/^gotowebinar:/, '')] ?? variables[key] });
      // No `supportsPreview`: with it the engine calls Create and Update during a preview (flagged as such), and this
      // provider's writes are real; without it, a preview never reaches them.
      return new provproto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),

    check: serve(async (req) => {
      const { kind } = resourceOf(req);
      const { inputs, failures } = await door().wire(kind).check(fromStruct(req.getOlds()), fromStruct(req.getNews()));
      const resp = new provproto.CheckResponse().setInputs(structproto.Struct.fromJavaScript(inputs));
      resp.setFailuresList(failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
      return resp;
    }),

    diff: serve(async (req) => {
      const { kind } = resourceOf(req);
      const result = await door().wire(kind).diff(req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
      const { DiffChanges } = provproto.DiffResponse;
      const resp = new provproto.DiffResponse()
        .setChanges(result.changes ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE)
        .setReplacesList(result.replaces)
        .setDeletebeforereplace(result.deleteBeforeReplace)
        .setDiffsList(result.diffs)
        .setHasdetaileddiff(true);
      const detailed = resp.getDetaileddiffMap();
      const { Kind } = provproto.PropertyDiff;
      for (const property of result.diffs) {
        // Old state against new inputs: after a refresh the state holds the live object, so drift reads as
        // `webhookState: "INACTIVE" => "ACTIVE"`.
        detailed.set(property, new provproto.PropertyDiff().setKind(result.replaces.includes(property) ? Kind.UPDATE_REPLACE : Kind.UPDATE));
      }
      return resp;
    }),

    create: (call: Call, callback: Callback) => {
      const { kind, declaration } = resourceOf(call.request);
      serve(
        async (req) => {
          const { id, outs } = await door().wire(kind).create(fromStruct(req.getProperties()));
          return new provproto.CreateResponse().setId(id).setProperties(toStruct(outs, declaration));
        },
        (e) => failure(e, declaration),
      )(call, callback);
    },

    read: serve(async (req) => {
      const { kind, declaration } = resourceOf(req);
      let props = fromStruct(req.getProperties());
      // An import's Read carries no properties (the id names the object); its inputs, when the import gives any
      // (`pulumi import --file` with an organizer's provider does not), are what there is to go on.
      const imported = Object.keys(props).length === 0;
      if (imported) props = fromStruct(req.getInputs());
      const result = await door().wire(kind).read(req.getId(), props);
      const resp = new provproto.ReadResponse().setId(result.id).setProperties(toStruct(result.props, declaration));
      if (result.inputs) resp.setInputs(structproto.Struct.fromJavaScript(result.inputs));
      return resp;
    }),

    update: (call: Call, callback: Callback) => {
      const { kind, declaration } = resourceOf(call.request);
      serve(
        async (req) => {
          const { outs } = await door().wire(kind).update(req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
          return new provproto.UpdateResponse().setProperties(toStruct(outs, declaration));
        },
        (e) => failure(e, declaration),
      )(call, callback);
    },

    delete: serve(async (req) => {
      const { kind } = resourceOf(req);
      await door().wire(kind).delete(req.getId(), fromStruct(req.getProperties()));
      return new (emptyproto().Empty)();
    }),

    invoke: unimplemented('Invoke'),
    streamInvoke: unimplemented('StreamInvoke'),
    call: unimplemented('Call'),
    construct: unimplemented('Construct'),
    cancel: serve(async () => new (emptyproto().Empty)()),
    attach: unimplemented('Attach'),
    getMapping: unimplemented('GetMapping'),
    getMappings: unimplemented('GetMappings'),
    handshake: unimplemented('Handshake'),
    parameterize: unimplemented('Parameterize'),
  };
}

/** Serves the provider on a loopback port and prints the port, as the engine expects of a plugin. */
export async function main(version: string, engineAddress: string | undefined): Promise<void> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1024 * 1024 * 400 });
  server.addService(provrpc.ResourceProviderService, providerService(version, engineAddress));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
}
