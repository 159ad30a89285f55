/**
 * What one native provider plugin process holds (RSS), and where it goes: the figure behind "a provider instance is a
 * process" (docs/native-provider.md). The plugin (bin/pulumi-resource-gotowebinar) is started as the engine starts it
 * and driven over gRPC as the engine drives it, with a reading at each stage:
 *   started     it has answered GetPluginInfo and GetSchema (all a schema load asks of it);
 *   configured  CheckConfig and Configure, idle: what each provider instance holds before its first resource;
 *   served      Check, Create, Read and Delete of a webhook against the simulator.
 * Then where it goes, each a fresh Node process loading a little more (cumulatively): Node alone; the gRPC server
 * (@grpc/grpc-js, the SDK's); the SDK's generated provider stubs; the schema and declarations; the runtime (settings,
 * connections, the lifecycle, the HTTP client got and its dependencies). Linux only (/proc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../tools/pulumi/versions';
import { startSimulator } from '../simulator';
import { startLocalReceiver } from '../scripts/local-receiver';
import { canSample, rssOf } from './plugin-processes';

const stubsDir = path.dirname(require.resolve('@pulumi/pulumi/proto/provider_grpc_pb'));
const fromStubs = (id: string) => require(require.resolve(id, { paths: [stubsDir] }));
const grpc = fromStubs('@grpc/grpc-js');
const { ResourceProviderClient } = require('@pulumi/pulumi/proto/provider_grpc_pb');
const provproto = require('@pulumi/pulumi/proto/provider_pb');
const { Empty } = fromStubs('google-protobuf/google/protobuf/empty_pb');
const { Struct } = fromStubs('google-protobuf/google/protobuf/struct_pb');

const PROVIDER_URN = 'urn:pulumi:bench::memory::pulumi:providers:gotowebinar::default';
const WEBHOOK_URN = 'urn:pulumi:bench::memory::gotowebinar:index:Webhook::hook';

/** The cumulative loads of the breakdown: a label and what the fresh process requires, from the repository. */
const LOADS: [string, string][] = [
  ['Node alone', ''],
  ['+ the gRPC server (@grpc/grpc-js)', `require(require.resolve('@grpc/grpc-js', { paths: [${JSON.stringify(stubsDir)}] }));`],
  ['+ the SDK\'s provider stubs', "require('@pulumi/pulumi/proto/provider_grpc_pb'); require('@pulumi/pulumi/proto/provider_pb');"],
  ['+ the schema and declarations', "require('./dist/provider/native/schema');"],
  ['+ the runtime (settings, lifecycle, got)', "require('./dist/provider/runtime');"],
];

const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

const fmtMiB = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

function startPlugin(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(path.join(PROJECT_ROOT, 'bin', 'pulumi-resource-gotowebinar'), [], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()) }));
  });
}

/** One unary call of the provider service. */
function call<T>(client: Record<string, Function>, method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => client[method]!.call(client, request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

/** RSS of a fresh Node process that has run `code`, in bytes. */
async function rssAfter(code: string): Promise<number | undefined> {
  const child = spawn(process.execPath, ['-e', `${code} setInterval(() => {}, 1000);`], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const rss = rssOf(child.pid!);
  child.kill();
  return rss;
}

export async function measurePluginMemory(): Promise<void> {
  console.log('\n== One native provider plugin process (bin/pulumi-resource-gotowebinar), RSS');
  if (!canSample()) {
    console.log('  n/a: reading a process\'s memory needs /proc (Linux)');
    return;
  }
  const sim = await startSimulator({ allowLoopbackHttp: true });
  const receiver = await startLocalReceiver({ basePath: '/bench' });
  const { child, port } = await startPlugin();
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const stages: [string, number | undefined][] = [];
  const reading = async (label: string) => {
    await settle();
    stages.push([label, rssOf(child.pid!)]);
  };
  try {
    await call(client, 'getPluginInfo', new Empty());
    await call(client, 'getSchema', new provproto.GetSchemaRequest());
    await reading('started (GetPluginInfo, GetSchema)');

    const config = Struct.fromJavaScript({ apiUrl: sim.apiUrl, authUrl: sim.authUrl, accessToken: sim.users[0]!.accessToken });
    await call(client, 'checkConfig', new provproto.CheckRequest().setUrn(PROVIDER_URN).setNews(config).setOlds(Struct.fromJavaScript({})));
    await call(client, 'configure', new provproto.ConfigureRequest().setArgs(config).setAcceptsecrets(true));
    await reading('configured, idle (CheckConfig, Configure)');

    const news = Struct.fromJavaScript({ eventName: 'registrant.added', callbackUrl: `${receiver.baseUrl}/hook` });
    const checked = await call<{ getInputs(): unknown }>(client, 'check', new provproto.CheckRequest().setUrn(WEBHOOK_URN).setNews(news).setOlds(Struct.fromJavaScript({})));
    const created = await call<{ getId(): string; getProperties(): unknown }>(client, 'create', new provproto.CreateRequest().setUrn(WEBHOOK_URN).setProperties(checked.getInputs()));
    await call(client, 'read', new provproto.ReadRequest().setUrn(WEBHOOK_URN).setId(created.getId()).setProperties(created.getProperties()));
    await call(client, 'delete', new provproto.DeleteRequest().setUrn(WEBHOOK_URN).setId(created.getId()).setProperties(created.getProperties()));
    await reading('served (Check, Create, Read, Delete of a webhook)');
  } finally {
    client.close();
    child.kill();
    await receiver.stop();
    await sim.stop();
  }
  for (const [label, rss] of stages) console.log(`  ${label.padEnd(52)}${fmtMiB(rss).padStart(12)}`);

  console.log('  where it goes (fresh Node processes, each loading a little more):');
  let code = '';
  let before: number | undefined;
  for (const [label, load] of LOADS) {
    code += load;
    const rss = await rssAfter(code);
    const delta = before !== undefined && rss !== undefined ? `  (+${fmtMiB(rss - before)})` : '';
    console.log(`    ${label.padEnd(50)}${fmtMiB(rss).padStart(12)}${delta}`);
    before = rss;
  }
  const got = await rssAfter("require('got');");
  const node = await rssAfter('');
  if (got !== undefined && node !== undefined) console.log(`    (got and its dependencies alone, over Node: +${fmtMiB(got - node)})`);
}

if (require.main === module) {
  measurePluginMemory().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
