/**
 * A minimal, real `pulumirpc.Engine` gRPC server: its address is what the harness passes as the plugin's argument,
 * standing in for the engine's host server (`host.ServerAddr()` in provider_plugin.go).
 *
 * The Node dynamic-provider plugin of @pulumi/pulumi 3.276 only checks that the argument is present
 * (cmd/dynamic-provider/index.js main()) and never dials it; `pulumi.log` inside a provider reaches an engine only
 * through PULUMI_NODEJS_ENGINE, which the engine does not set for provider plugins, so those messages go to the
 * plugin's stdout/stderr instead. The server records whatever does arrive, so a future SDK that starts logging
 * through the address is noticed (tests can assert `engineLogs` is empty today).
 */
import type * as grpcTypes from '@grpc/grpc-js';
import type { PulumiSdk } from './sdk';

export interface EngineLogMessage {
  severity: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | string;
  message: string;
  urn: string;
  streamId: number;
  ephemeral: boolean;
}

export interface EngineServer {
  address: string;
  logs: EngineLogMessage[];
  /** Method names called on the server, in order. */
  calls: string[];
  stop(): Promise<void>;
}

export async function startEngineServer(sdk: PulumiSdk): Promise<EngineServer> {
  const { grpc, engproto, engrpc, emptyproto } = sdk;
  const logs: EngineLogMessage[] = [];
  const calls: string[] = [];
  const severityNames = new Map<number, string>(
    Object.entries(engproto.LogSeverity).map(([name, value]) => [value as number, name]),
  );
  let rootUrn = '';

  type Call<Req> = grpcTypes.ServerUnaryCall<Req, unknown>;
  type Callback = grpcTypes.sendUnaryData<unknown>;
  const implementation: grpcTypes.UntypedServiceImplementation = {
    log(call: Call<InstanceType<typeof engproto.LogRequest>>, callback: Callback) {
      calls.push('Log');
      const req = call.request;
      logs.push({
        severity: severityNames.get(req.getSeverity()) ?? String(req.getSeverity()),
        message: req.getMessage(),
        urn: req.getUrn(),
        streamId: req.getStreamid(),
        ephemeral: req.getEphemeral(),
      });
      callback(null, new emptyproto.Empty());
    },
    getRootResource(_call: Call<unknown>, callback: Callback) {
      calls.push('GetRootResource');
      const resp = new engproto.GetRootResourceResponse();
      resp.setUrn(rootUrn);
      callback(null, resp);
    },
    setRootResource(call: Call<InstanceType<typeof engproto.SetRootResourceRequest>>, callback: Callback) {
      calls.push('SetRootResource');
      rootUrn = call.request.getUrn();
      callback(null, new engproto.SetRootResourceResponse());
    },
    startDebugging(_call: Call<unknown>, callback: Callback) {
      calls.push('StartDebugging');
      callback(null, new emptyproto.Empty());
    },
    requirePulumiVersion(_call: Call<unknown>, callback: Callback) {
      calls.push('RequirePulumiVersion');
      callback(null, new engproto.RequirePulumiVersionResponse());
    },
  };

  const server = new grpc.Server();
  server.addService(engrpc.EngineService as unknown as grpcTypes.ServiceDefinition, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    calls,
    stop: async () => {
      // Nothing is ever in flight on this server (the plugin does not call it); close everything at once.
      server.forceShutdown();
    },
  };
}
