#!/usr/bin/env node
'use strict';
/**
 * The lifecycle driver's "program host": runs one Pulumi program the way the Node language host does
 * (`@pulumi/pulumi/cmd/run`), in a plain Node process whose working directory is the project directory, but with
 * `pulumi.runtime.setMocks` in place of a resource monitor. Every registration is forwarded to the parent (the driver,
 * playing the engine) over the IPC channel of `child_process.fork`, and the answer (id and outputs, or an error) goes
 * back to the program.
 *
 * Why a separate process: under Jest the SDK would serialize Jest-transformed code into `__provider`, and the
 * program's module graph, config and SDK state would leak between runs.
 *
 * Why the monitor is wrapped: the mocks' `newResource` only sees type, name, inputs and provider. The engine also
 * gets the parent, the dependencies (per property too), and the resource options (additionalSecretOutputs,
 * deleteBeforeReplace, ignoreChanges, …). The SDK puts all of that into the RegisterResourceRequest it hands the mock
 * monitor, so the host wraps `registerResource` to capture the request and forwards it whole. The monitor's URN
 * function is replaced by the engine's rule (children of the root stack get no `pulumi:pulumi:Stack$` prefix; other
 * children get their parent's full qualified type). `registerResourceOutputs` is wrapped to capture the stack outputs
 * exactly as the SDK serializes them (secrets and, in preview, unknowns included).
 *
 * Options come in PULUMI_DRIVER_HOST_OPTIONS (JSON): { projectDir, program, project, stack, preview, typescript,
 * tsconfig }. Config comes as the language host passes it: PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS.
 *
 * Messages to the parent: {type:'register', seq, registration}, {type:'outputs', urn, outputs},
 * {type:'invoke', token}, {type:'done', stackOutputs, programErrors}. From the parent: {type:'registered', seq, id,
 * state} or {type:'registered', seq, error}.
 */
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');

/** Marks errors the driver produced for a failed step: the program's resulting rejections are not program errors. */
const STEP_FAILED_MARKER = '[driver: step failed]';
const ROOT_STACK_TYPE = 'pulumi:pulumi:Stack';

const options = JSON.parse(process.env.PULUMI_DRIVER_HOST_OPTIONS || '{}');
delete process.env.PULUMI_DRIVER_HOST_OPTIONS;

function send(message) {
  return new Promise((resolve, reject) => {
    if (!process.connected) {
      reject(new Error('the driver (parent process) has gone away'));
      return;
    }
    process.send(message, (err) => (err ? reject(err) : resolve()));
  });
}

const pending = new Map();
let nextSeq = 0;
process.on('message', (message) => {
  if (!message || message.type !== 'registered') return;
  const waiter = pending.get(message.seq);
  if (!waiter) return;
  pending.delete(message.seq);
  if (message.error !== undefined) waiter.reject(new Error(message.error));
  else waiter.resolve(message);
});
process.on('disconnect', () => process.exit(70));

function ask(message) {
  const seq = ++nextSeq;
  return new Promise((resolve, reject) => {
    pending.set(seq, { resolve, reject });
    send({ ...message, seq }).catch((err) => {
      pending.delete(seq);
      reject(err);
    });
  });
}

// Program errors, reported once each (the language host does the same: one error per distinct rejection).
const programErrors = [];
const seenErrors = new Set();
function recordError(err) {
  if (err && typeof err === 'object') {
    if (seenErrors.has(err)) return;
    seenErrors.add(err);
  }
  const message = err instanceof Error ? err.stack || err.message : String(err);
  if (message.includes(STEP_FAILED_MARKER)) return; // the driver already reports the step's own error
  if (programErrors.includes(message)) return;
  programErrors.push(message);
}
process.on('uncaughtException', recordError);
process.on('unhandledRejection', recordError);

function registerTypeScript(projectRequire) {
  // The language host's choice: ts-node from the project if it has one, else the one next to this file (the repo's).
  let tsnode;
  try {
    tsnode = projectRequire('ts-node');
  } catch {
    tsnode = require('ts-node');
  }
  const tsconfig = options.tsconfig || undefined;
  tsnode.register({
    transpileOnly: true,
    project: tsconfig,
    skipProject: !tsconfig,
    compilerOptions: tsconfig
      ? {}
      : { target: 'ES2020', module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, sourceMap: true },
  });
}

function wireStruct(struct) {
  return struct ? struct.toJavaScript() : {};
}

function describeRequest(req, urn) {
  const propertyDependencies = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = deps.getUrnsList();
  });
  const timeouts = req.getCustomtimeouts && req.getCustomtimeouts();
  const protect = req.hasProtect ? (req.hasProtect() ? req.getProtect() : undefined) : req.getProtect() || undefined;
  const retainOnDelete = req.hasRetainondelete
    ? req.hasRetainondelete()
      ? req.getRetainondelete()
      : undefined
    : req.getRetainondelete() || undefined;
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent(),
    custom: req.getCustom(),
    object: wireStruct(req.getObject()),
    provider: req.getProvider(),
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined(),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    protect,
    retainOnDelete,
    deletedWith: req.getDeletedwith(),
    importId: req.getImportid(),
    aliasCount: req.getAliasesList().length + req.getAliasurnsList().length,
    transformCount: req.getTransformsList().length,
    customTimeouts: timeouts
      ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() }
      : undefined,
    remote: req.getRemote(),
    replacementTrigger: req.hasReplacementTrigger && req.hasReplacementTrigger() ? true : undefined,
    replaceWith: req.getReplaceWithList ? req.getReplaceWithList() : [],
  };
}

async function main() {
  const projectDir = options.projectDir;
  const projectRequire = createRequire(path.join(projectDir, '__pulumi_driver_host__.js'));
  // The SDK the program itself resolves: the program's `require('@pulumi/pulumi')` must give this very instance.
  const pulumi = projectRequire('@pulumi/pulumi');
  const settings = projectRequire('@pulumi/pulumi/runtime/settings');
  const stackModule = projectRequire('@pulumi/pulumi/runtime/stack');

  let currentRequest;
  const mocks = {
    async newResource(args) {
      const captured = currentRequest;
      currentRequest = undefined;
      if (!captured || captured.req.getType() !== args.type || captured.req.getName() !== args.name) {
        throw new Error(`driver: lost the registration request of ${args.name} [${args.type}]`);
      }
      const answer = await ask({ type: 'register', registration: describeRequest(captured.req, captured.urn) });
      return { id: answer.id, state: answer.state || {} };
    },
    async call(args) {
      throw new Error(
        `${STEP_FAILED_MARKER} invoke ${args.token}: the lifecycle driver does not support provider functions (invokes)`,
      );
    },
  };

  // "organization" is what a self-managed (DIY) backend reports as the organization.
  await pulumi.runtime.setMocks(mocks, options.project, options.stack, !!options.preview, 'organization');
  const monitor = settings.getMonitor();
  if (!monitor || typeof monitor.registerResource !== 'function') throw new Error('driver: no mock monitor');

  // The engine's URN rule (resource/urn.go NewURN): a parent's full qualified type is prefixed, except the root stack's.
  const qualifiedTypes = new Map();
  monitor.newUrn = (parent, type, name) => {
    let qualified = type;
    if (parent) {
      const parentQualified = qualifiedTypes.get(parent) ?? parent.split('::')[2];
      if (parentQualified !== ROOT_STACK_TYPE) qualified = `${parentQualified}$${type}`;
    }
    const urn = `urn:pulumi:${options.stack}::${options.project}::${qualified}::${name}`;
    qualifiedTypes.set(urn, qualified);
    return urn;
  };

  const originalRegister = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    // MockMonitor.registerResource calls mocks.newResource synchronously (before its first await), so the request
    // is handed over through this variable without any ambiguity.
    currentRequest = { req, urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()) };
    try {
      return originalRegister(req, callback);
    } finally {
      currentRequest = undefined;
    }
  };
  monitor.readResource = (req, callback) => {
    callback(
      new Error(
        `${STEP_FAILED_MARKER} reading ${req.getName()} [${req.getType()}] (Resource.get / a read of an existing ` +
          'resource) is not supported by the lifecycle driver',
      ),
      undefined,
    );
  };
  const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
  let stackOutputs;
  let stackUrn;
  monitor.registerResourceOutputs = (req, callback) => {
    const urn = req.getUrn();
    const outputs = wireStruct(req.getOutputs());
    if (urn.split('::')[2] === ROOT_STACK_TYPE) {
      stackUrn = urn;
      stackOutputs = outputs;
    } else {
      send({ type: 'outputs', urn, outputs }).catch(recordError);
    }
    return originalOutputs(req, callback);
  };

  if (options.typescript) registerTypeScript(projectRequire);

  const packageJsonPath = path.join(projectDir, 'package.json');
  if (fs.existsSync(packageJsonPath)) {
    const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
    if (pkg.type === 'module') {
      throw new Error('ES module programs ("type": "module") are not supported by the lifecycle driver');
    }
  }

  // cmd/run/run.js runProgram() for CommonJS: require the program, call the export if it is a function (`export =
  // async () => {...}`), and await the result; its value becomes the stack outputs. (Like the language host, a
  // CommonJS module's `default` export is not unwrapped.)
  const runProgram = async () => {
    let program = options.program;
    if (fs.statSync(program).isDirectory() && !program.endsWith('/')) program += '/';
    const programExport = require(program);
    const result = programExport instanceof Function ? programExport() : programExport;
    return await result;
  };

  try {
    await stackModule.runInPulumiStack(runProgram);
  } catch (err) {
    recordError(err);
  }
  // Every registration (and the outputs registration of every component) must have been answered.
  await settings.waitForRPCs();
  await send({ type: 'done', stackUrn, stackOutputs, programErrors });
}

main().then(
  () => process.exit(0),
  async (err) => {
    recordError(err);
    try {
      await send({ type: 'done', stackOutputs: undefined, programErrors });
    } finally {
      process.exit(1);
    }
  },
);
