/**
 * The demo itself (see demo.ts, which builds dist/ first and then loads this file): the `dev` stack under the real
 * Pulumi engine (the Automation API over the project's CLI build, tools/pulumi/), on a working copy of the project
 * and a temporary file backend. The engine's own output is printed as it comes, indented; the demo's checks follow
 * each step (✓ / ✗).
 */
import { GoToClient } from 'pulumi-gotowebinar/client';
import { generateTestHeaders } from 'pulumi-gotowebinar/receiving';
import { isLoopbackHost } from 'pulumi-gotowebinar/rules';
import { startSimulator, type RunningSimulator } from '../simulator';
import { EngineOperationError, EngineStack, type RunResult } from '../tools/pulumi/automation';
import { rootProjectCopy, type WorkCopy } from '../tools/pulumi/work-copy';
import { parseStackConfig, type Outputs, type StackSettings, type SubscriptionDecl, type WebhookDecl } from '../stack/config';
import { startLocalReceiver, type LocalReceiver } from './local-receiver';
import { checkOps, describeCounts, opCounts } from './plan-checks';
import { organizerEnvName, simulatorEnv, simUserFor } from './sim-env';
import { secretKeyRefusal } from './real-api-guard';
import { readStackFile } from './stack-file';
import * as path from 'node:path';
import { nativeDoor } from './demo-native';
import { EngineOutput, fail, Mismatch, note, ok, Steps } from './demo-output';

const ROOT = path.join(__dirname, '..');
const STACK = 'dev';
const PROJECT = 'gotowebinar-webhooks';

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

function isLoopback(url: string): boolean {
  return isLoopbackHost(new URL(url).hostname);
}

interface Run {
  stack: EngineStack;
  output: EngineOutput;
}

async function op(run: Run, name: 'preview' | 'up' | 'destroy'): Promise<RunResult> {
  console.log(`  $ pulumi ${name}${name === 'preview' ? '' : ' --yes'} --stack ${STACK}`);
  try {
    const result = await run.stack[name]();
    run.output.flush();
    note(`(${name} took ${(result.durationMs / 1000).toFixed(1)}s)`);
    return result;
  } catch (error) {
    run.output.flush();
    if (!(error instanceof EngineOperationError)) throw error;
    fail(`${name} failed: ${error.message}${error.errors.length ? `\n      ${error.errors.map((x) => x.message.trim()).join('\n      ')}` : ''}`);
  }
}

/** Opens the stack on a working copy of the project and a temp backend, the engine's output going to the console. */
async function openStack(config: Record<string, string>, env: Record<string, string | undefined> | undefined): Promise<{ run: Run; copy: WorkCopy }> {
  const copy = rootProjectCopy('demo');
  const output = new EngineOutput();
  const stack = await EngineStack.open({ workDir: copy.dir, stackName: STACK, config, env, onOutput: output.write });
  note(`engine      pulumi v${stack.engine.version} (${path.relative(ROOT, stack.engine.pulumi)}), file backend ${stack.backendDir}`);
  return { run: { stack, output }, copy };
}

function expectOps(result: RunResult, expectation: Parameters<typeof checkOps>[1]): void {
  const problems = checkOps(result, expectation);
  if (problems.length) fail(problems);
}

export async function main(): Promise<number> {
  const started = Date.now();
  const remoteApi = process.env.GOTOWEBINAR_API_URL;
  try {
    if (remoteApi) await againstApi(remoteApi);
    else await againstSimulator();
    console.log(`\nDemo passed (${seconds(started)}).`);
    return 0;
  } catch (error) {
    if (error instanceof Mismatch) {
      console.log(`\nDemo FAILED (${seconds(started)}): ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function loadSettings(overrides: Record<string, string>): StackSettings {
  const { config } = readStackFile(ROOT, STACK);
  return parseStackConfig({ ...config, ...overrides }, PROJECT);
}

/** Starts the receiver on the port of the stack's callbackBaseUrl, or on a free one (returned as a config override). */
async function startReceiverFor(baseUrl: string): Promise<{ receiver: LocalReceiver; override?: string }> {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  try {
    return { receiver: await startLocalReceiver({ port: Number(url.port || 80), basePath }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    const receiver = await startLocalReceiver({ basePath });
    note(`port ${url.port} is taken: the receiver listens on ${receiver.port}, given to the stack as callbackBaseUrl`);
    return { receiver, override: receiver.baseUrl };
  }
}

// ---- against the simulator -----------------------------------------------------------------------------------

async function againstSimulator(): Promise<void> {
  const fileSettings = loadSettings({});
  console.log('GoToWebinar webhooks demo: the dev stack (Pulumi.dev.yaml) against the local GoTo simulator');

  const sim = await startSimulator({ allowLoopbackHttp: true });
  const { receiver, override } = await startReceiverFor(fileSettings.callbackBaseUrl);
  let opened: { run: Run; copy: WorkCopy } | undefined;
  let failed = true;
  try {
    const config: Record<string, string> = override ? { [`${PROJECT}:callbackBaseUrl`]: override } : {};
    const settings = loadSettings(config);

    // The simulator's dev users stand in for the stack's organizer profiles, by name (alice, bob).
    const organizers = [...new Set(settings.subscriptions.flatMap((s) => (s.organizer ? [s.organizer] : [])))];
    let env: Record<string, string | undefined>;
    try {
      env = simulatorEnv(sim, organizers);
    } catch (error) {
      fail(`Pulumi.dev.yaml: ${(error as Error).message}`);
    }
    const owner = sim.users[0];
    const organizerVars = organizers.map((o) => `${organizerEnvName(o)}_REFRESH_TOKEN`);

    note(`simulator   ${sim.apiUrl} (GoTo's limit of 10 requests/s enforced)`);
    note(`receiver    ${receiver.baseUrl}/<token>/… (createWebhookReceiver on node:http)`);
    note(`credentials the simulator's dev users, via GOTOWEBINAR_ACCESS_TOKEN (${owner.email}) and ${organizerVars.join(', ')}`);

    opened = await openStack(config, env);
    const { run } = opened;
    const stack = run.stack;
    const resourceCount = 2 + settings.webhooks.length + settings.subscriptions.length;
    const steps = new Steps(14);

    // 1. preview on an empty stack
    steps.title('preview: an empty stack, so everything is to be created');
    let result = await op(run, 'preview');
    expectOps(result, { otherwise: 'create', count: resourceCount });
    ok(`${resourceCount} to create: the path token, the secret key, ${settings.webhooks.length} webhooks, ${settings.subscriptions.length} subscriptions`);
    if (sim.state().webhooks.length) fail('preview created something');

    // 2. up
    steps.title('up');
    result = await op(run, 'up');
    expectOps(result, { otherwise: 'create', count: resourceCount });
    const outputs = (await stack.outputs()) as unknown as Outputs;
    checkLive(sim, settings, outputs, 'after up');
    receiver.configure({ token: outputs.callbackPathToken, secrets: [outputs.secretKey] });
    ok(`created ${resourceCount}; the simulator holds exactly what Pulumi.dev.yaml declares`);
    note(`outputs: webhookKeys ${JSON.stringify(outputs.webhookKeys)}, secretKey [secret], callbackPathToken [secret]`);

    // 3. preview: no change
    steps.title('preview again: nothing changed, so nothing to do');
    result = await op(run, 'preview');
    expectOps(result, { otherwise: 'same', count: resourceCount });
    ok('no changes');

    // 4. drift by hand
    steps.title('drift made out of band, through the GoTo API (as someone in the GoTo console would)');
    const drift = pickDrift(settings);
    const apiAs = (accessToken: string) => new GoToClient({ credentials: { accessToken }, apiUrl: sim.apiUrl });
    const ownerApi = apiAs(owner.accessToken);
    const movedTo = `${receiver.baseUrl}/moved-by-hand`;
    await ownerApi.updateWebhooks([{ webhookKey: outputs.webhookKeys[drift.deactivate.name], webhookState: 'INACTIVE' }]);
    note(`- webhook ${drift.deactivate.name} deactivated`);
    await ownerApi.updateWebhooks([{ webhookKey: outputs.webhookKeys[drift.repoint.name], callbackUrl: movedTo }]);
    note(`- webhook ${drift.repoint.name} re-pointed to ${movedTo}`);
    const subOwner = simUserFor(sim, drift.deleteSubscription.organizer!);
    const subKey = outputs.subscriptionKeys[drift.deleteSubscription.organizerName][drift.deleteSubscription.webhook];
    await apiAs(subOwner.accessToken).deleteUserSubscriptions([subKey]);
    note(`- ${drift.deleteSubscription.organizerName}'s subscription to ${drift.deleteSubscription.webhook} deleted`);

    // 5. preview shows exactly the drift; 6. up heals exactly that
    const driftPlan = {
      expected: {
        [`Webhook ${drift.deactivate.name}`]: 'update',
        [`Webhook ${drift.repoint.name}`]: 'update',
        [`UserSubscription ${drift.deleteSubscription.name}`]: ['replace', 'create'],
      },
      count: resourceCount,
    } as const;
    steps.title('preview: the drift, and only the drift (diff reads the live API)');
    result = await op(run, 'preview');
    expectOps(result, driftPlan);
    ok(`exactly the drift: ${describeCounts(opCounts(result))}`);
    checkDriftWarnings(result, [
      [outputs.webhookKeys[drift.deactivate.name], 'webhookState is "INACTIVE" at GoTo, declared "ACTIVE"'],
      [outputs.webhookKeys[drift.repoint.name], `callbackUrl is "${movedTo}" at GoTo`],
      [subKey, 'no longer exists at GoTo'],
    ]);

    steps.title('up: heal it');
    result = await op(run, 'up');
    expectOps(result, driftPlan);
    const healed = (await stack.outputs()) as unknown as Outputs;
    checkLive(sim, settings, healed, 'after healing');
    ok('the simulator matches Pulumi.dev.yaml again');

    // 7. clean preview
    steps.title('preview: clean again');
    result = await op(run, 'preview');
    expectOps(result, { otherwise: 'same', count: resourceCount });
    ok('no changes');

    // 8. an event, delivered and verified
    steps.title(`an event: sim.fireEvent({ eventName: '${drift.repoint.eventName}' })`);
    await fireAndVerify(sim, receiver, settings, healed, drift.repoint);

    // 9. a forged delivery is refused
    steps.title('a forged delivery (signed with another secret) to the right path');
    await forged(receiver, healed, drift.repoint);

    // 10. destroy
    steps.title('destroy');
    result = await op(run, 'destroy');
    expectOps(result, { otherwise: 'delete', count: resourceCount });
    const left = sim.state();
    if (left.webhooks.length || left.userSubscriptions.length) {
      fail(`the simulator still holds ${left.webhooks.length} webhooks and ${left.userSubscriptions.length} subscriptions`);
    }
    ok(
      `the simulator is empty: 0 webhooks, 0 subscriptions (${left.secretKeys.length} secret key stays: GoTo has no way ` +
        'to delete or revoke a key; a newer one supersedes it)',
    );

    // 11–14. The other front door.
    await nativeDoor(sim, receiver.baseUrl, steps);
    failed = false;
  } finally {
    await receiver.stop();
    await sim.stop();
    if (opened && failed) note(`kept for inspection: the project copy ${opened.copy.dir} and the backend ${opened.run.stack.backendDir}`);
    else if (opened) {
      await opened.run.stack.remove();
      opened.copy.remove();
    }
  }
}

/** The engine's warnings (from the provider's diff) say what drifted: each object by key, with live and declared values. */
function checkDriftWarnings(result: RunResult, expected: Array<[key: string, says: string]>): void {
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message.trim());
  const missing = expected.filter(([key, says]) => !warnings.some((w) => w.includes(key) && w.includes(says)));
  if (missing.length) fail(missing.map(([key, says]) => `no engine warning says that ${key} ${says}`));
  ok(`the engine's warnings say what drifted, with live and declared values (${warnings.length} warnings)`);
}

/** The three drifts: on webhooks and a subscription the stack file declares. */
function pickDrift(settings: StackSettings): { deactivate: WebhookDecl; repoint: WebhookDecl; deleteSubscription: SubscriptionDecl } {
  const active = settings.webhooks.filter((w) => w.state === 'ACTIVE');
  const subsOf = (w: WebhookDecl) => settings.subscriptions.filter((s) => s.webhook === w.name && s.state === 'ACTIVE');
  // The event fired later goes to the re-pointed (and healed) webhook: the one most subscribed.
  const repoint = [...active].sort((a, b) => subsOf(b).length - subsOf(a).length)[0];
  const deactivate = active.find((w) => w !== repoint);
  const deleteSubscription = repoint && [...subsOf(repoint)].reverse().find((s) => s.organizer !== undefined);
  if (!repoint || !deactivate || !deleteSubscription) {
    fail('Pulumi.dev.yaml must declare two ACTIVE webhooks, one of them subscribed by a named organizer, for the drift steps');
  }
  return { deactivate, repoint, deleteSubscription };
}

/** The simulator holds exactly the declared webhooks (state, URL) and subscriptions (owner, state). */
function checkLive(sim: RunningSimulator, settings: StackSettings, outputs: Outputs, when: string): void {
  const state = sim.state();
  const problems: string[] = [];
  if (state.webhooks.length !== settings.webhooks.length) {
    problems.push(`${state.webhooks.length} webhooks live ${when}, expected ${settings.webhooks.length}`);
  }
  for (const w of settings.webhooks) {
    const live = state.webhooks.find((h) => h.webhookKey === outputs.webhookKeys[w.name]);
    const url = `${settings.callbackBaseUrl}/${outputs.callbackPathToken}/${w.path}`;
    if (!live) problems.push(`webhook ${w.name} is not live ${when}`);
    else {
      if (live.state !== w.state) problems.push(`webhook ${w.name} is ${live.state} ${when}, expected ${w.state}`);
      if (live.callbackUrl !== url) problems.push(`webhook ${w.name} calls ${live.callbackUrl} ${when}, expected ${url}`);
      if (live.eventName !== w.eventName) problems.push(`webhook ${w.name} is for ${live.eventName}`);
    }
  }
  if (state.userSubscriptions.length !== settings.subscriptions.length) {
    problems.push(`${state.userSubscriptions.length} subscriptions live ${when}, expected ${settings.subscriptions.length}`);
  }
  for (const s of settings.subscriptions) {
    const key = outputs.subscriptionKeys[s.organizerName]?.[s.webhook];
    const live = state.userSubscriptions.find((u) => u.userSubscriptionKey === key);
    if (!live) problems.push(`subscription ${s.name} is not live ${when}`);
    else {
      if (live.webhookKey !== outputs.webhookKeys[s.webhook]) problems.push(`subscription ${s.name} is on another webhook`);
      if (live.userSubscriptionState !== s.state) problems.push(`subscription ${s.name} is ${live.userSubscriptionState}`);
      const owner = (s.organizer === undefined ? sim.users[0] : simUserFor(sim, s.organizer)).userKey;
      if (live.userKey !== owner) problems.push(`subscription ${s.name} belongs to user ${live.userKey}, expected ${owner}`);
    }
  }
  if (problems.length) fail(problems);
}

async function fireAndVerify(
  sim: RunningSimulator,
  receiver: LocalReceiver,
  settings: StackSettings,
  outputs: Outputs,
  webhook: WebhookDecl,
): Promise<void> {
  // Deliveries expected: one per ACTIVE subscription of each ACTIVE webhook of that event.
  const hooks = settings.webhooks.filter((w) => w.eventName === webhook.eventName && w.state === 'ACTIVE');
  const expected = settings.subscriptions.filter((s) => s.state === 'ACTIVE' && hooks.some((w) => w.name === s.webhook));
  const before = receiver.received.length;
  const deliveries = await sim.fireEvent({ eventName: webhook.eventName });
  for (const d of deliveries) {
    // The token is a secret: not printed.
    const where = d.url.replace(outputs.callbackPathToken, '<token>');
    note(`delivery to ${where} (${d.signed ? 'signed' : 'UNSIGNED'}): HTTP ${d.status ?? d.error}`);
  }
  const problems: string[] = [];
  if (deliveries.length !== expected.length) problems.push(`${deliveries.length} deliveries, expected ${expected.length} (${expected.map((s) => s.name).join(', ')})`);
  const bad = deliveries.filter((d) => d.status !== 200 || !d.signed);
  if (bad.length) problems.push(`${bad.length} deliveries not answered 200 or not signed`);
  const got = receiver.received.slice(before);
  if (got.length !== deliveries.length) problems.push(`the receiver verified ${got.length} of ${deliveries.length} deliveries`);
  if (got.some((r) => r.secretIndex !== 0)) problems.push('a delivery was verified with an unexpected secret');
  const prefix = `${settings.callbackBaseUrl}/${outputs.callbackPathToken}/`;
  if (deliveries.some((d) => !d.url.startsWith(prefix))) problems.push('a delivery went outside the token path');
  if (problems.length) fail(problems);
  // Whose webinar: the subscribing organizer's key (a 64-bit integer, kept exact as a string).
  const whose = got
    .map((r) => {
      const e = r.event as { organizerKey?: string; webinarCreatorKey?: string };
      const key = e.organizerKey ?? e.webinarCreatorKey;
      return sim.users.find((u) => u.userKey === key)?.email.split('@')[0] ?? key;
    })
    .sort()
    .join(' and ');
  ok(`${deliveries.length} deliveries (for ${whose}), each signature verified with the stack's secretKey output`);
}

async function forged(receiver: LocalReceiver, outputs: Outputs, webhook: WebhookDecl): Promise<void> {
  const body = JSON.stringify({ eventName: webhook.eventName, eventVersion: '1.0.0', product: 'g2w', eventKey: 'forged' });
  const url = `${outputs.callbackUrls[webhook.name]}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...generateTestHeaders({ secret: 'not-the-stack-secret', body }) },
    body,
  });
  const answer = (await res.json()) as { error?: string };
  if (res.status !== 401) fail(`the forged delivery was answered ${res.status}, expected 401`);
  const outside = await fetch(`${receiver.baseUrl}/not-the-token/${webhook.path}`, { method: 'POST', body });
  if (outside.status !== 404) fail(`a POST outside the token path was answered ${outside.status}, expected 404`);
  ok(`refused: 401 ${answer.error}; and a POST outside the token path: 404 before any work`);
}

// ---- against another API ---------------------------------------------------------------------------------------

async function againstApi(apiUrl: string): Promise<void> {
  const env = process.env;
  const hasCredentials =
    !!env.GOTOWEBINAR_ACCESS_TOKEN || (!!env.GOTOWEBINAR_CLIENT_ID && !!env.GOTOWEBINAR_CLIENT_SECRET && !!env.GOTOWEBINAR_REFRESH_TOKEN);
  if (!hasCredentials) {
    console.error(
      'GOTOWEBINAR_API_URL is set, but no credentials: set GOTOWEBINAR_ACCESS_TOKEN, or GOTOWEBINAR_CLIENT_ID, ' +
        'GOTOWEBINAR_CLIENT_SECRET and GOTOWEBINAR_REFRESH_TOKEN (and GOTOWEBINAR_ORGANIZER_<NAME>_REFRESH_TOKEN for ' +
        'each organizer of Pulumi.dev.yaml). Unset GOTOWEBINAR_API_URL to run against the built-in simulator.',
    );
    throw new Mismatch('no credentials for GOTOWEBINAR_API_URL');
  }
  const refusal = await secretKeyRefusal(apiUrl);
  if (refusal) {
    console.error(refusal);
    throw new Mismatch('refused to create a signing key at an API that is not the simulator');
  }
  const config: Record<string, string> = {};
  if (env.DEMO_CALLBACK_BASE_URL) config[`${PROJECT}:callbackBaseUrl`] = env.DEMO_CALLBACK_BASE_URL;
  let settings = loadSettings(config);
  console.log(`GoToWebinar webhooks demo: the dev stack (Pulumi.dev.yaml) against ${apiUrl}`);
  note('No simulator: preview, up, preview and destroy only. Skipped: the out-of-band drift and the event delivery,');
  note('which need the simulator\'s admin surface (and an API you may not want to tamper with).');

  let receiver: LocalReceiver | undefined;
  if (isLoopback(settings.callbackBaseUrl)) {
    const started = await startReceiverFor(settings.callbackBaseUrl);
    receiver = started.receiver;
    if (started.override) {
      config[`${PROJECT}:callbackBaseUrl`] = started.override;
      settings = loadSettings(config);
    }
    note(`receiver    ${receiver.baseUrl} (answers the API's validation GETs; a real GoTo cannot reach loopback)`);
  }
  const { run, copy } = await openStack(config, undefined);
  const stack = run.stack;
  const resourceCount = 2 + settings.webhooks.length + settings.subscriptions.length;
  const steps = new Steps(4);
  let created = false;
  let destroyed = false;
  try {
    steps.title('preview: an empty stack, so everything is to be created');
    expectOps(await op(run, 'preview'), { otherwise: 'create', count: resourceCount });
    ok(`${resourceCount} to create`);

    steps.title('up');
    created = true;
    expectOps(await op(run, 'up'), { otherwise: 'create', count: resourceCount });
    const outputs = (await stack.outputs()) as unknown as Outputs;
    ok(`created ${resourceCount}; webhookKeys ${JSON.stringify(outputs.webhookKeys)}`);

    steps.title('preview again: nothing to do');
    expectOps(await op(run, 'preview'), { otherwise: 'same', count: resourceCount });
    ok('no changes');

    steps.title('destroy');
    expectOps(await op(run, 'destroy'), { otherwise: 'delete', count: resourceCount });
    destroyed = true;
    ok('everything the stack created is deleted (secret keys cannot be deleted at GoTo: they stay, superseded)');
  } finally {
    if (created && !destroyed) {
      note('cleaning up after the failure: destroy');
      await stack.destroy().catch((e: unknown) => note(`destroy failed too: ${(e as Error).message}; backend kept: ${stack.backendDir}`));
    }
    await receiver?.stop();
    if (destroyed) {
      await stack.remove();
      copy.remove();
    }
  }
}
