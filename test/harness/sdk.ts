/**
 * Loads the gRPC and protobuf modules exactly as the installed `@pulumi/pulumi` resolves them, so that the message
 * classes the harness builds are the ones the SDK's generated `proto/*_pb.js` files use (google-protobuf message
 * instances from two different copies of the library do not mix). Nothing here is a new dependency: `@grpc/grpc-js`
 * and `google-protobuf` are dependencies of `@pulumi/pulumi`.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as grpcTypes from '@grpc/grpc-js';
import type * as anyTypes from 'google-protobuf/google/protobuf/any_pb';
import type * as emptyTypes from 'google-protobuf/google/protobuf/empty_pb';
import type * as structTypes from 'google-protobuf/google/protobuf/struct_pb';
import type * as engrpcTypes from '@pulumi/pulumi/proto/engine_grpc_pb';
import type * as engprotoTypes from '@pulumi/pulumi/proto/engine_pb';
import type * as plugprotoTypes from '@pulumi/pulumi/proto/plugin_pb';
import type * as provrpcTypes from '@pulumi/pulumi/proto/provider_grpc_pb';
import type * as provprotoTypes from '@pulumi/pulumi/proto/provider_pb';
import type * as statusprotoTypes from '@pulumi/pulumi/proto/status_pb';

export interface PulumiSdk {
  /** The `@pulumi/pulumi` package directory the project resolves. */
  dir: string;
  version: string;
  /** `<dir>/cmd/dynamic-provider/index.js`: what the engine's `pulumi-resource-pulumi-nodejs` shim runs. */
  dynamicProviderScript: string;
  grpc: typeof grpcTypes;
  structproto: typeof structTypes;
  anyproto: typeof anyTypes;
  emptyproto: typeof emptyTypes;
  provproto: typeof provprotoTypes;
  provrpc: typeof provrpcTypes;
  plugproto: typeof plugprotoTypes;
  engproto: typeof engprotoTypes;
  engrpc: typeof engrpcTypes;
  statusproto: typeof statusprotoTypes;
}

const loaded = new Map<string, PulumiSdk>();

/**
 * Resolves `@pulumi/pulumi` from `projectDir` (as `node -e "require.resolve('@pulumi/pulumi/cmd/dynamic-provider')"`
 * in the project directory does in the engine's shim) and loads its gRPC/protobuf modules through its own resolution.
 */
export function loadPulumiSdk(projectDir: string): PulumiSdk {
  const key = path.resolve(projectDir);
  const cached = loaded.get(key);
  if (cached) return cached;

  const projectRequire = createRequire(path.join(key, '__harness__.js'));
  const pkgJson = projectRequire.resolve('@pulumi/pulumi/package.json');
  const dir = path.dirname(pkgJson);
  // Resolve the SDK's dependencies from the SDK's own directory: whatever copy it uses, we use.
  const sdkRequire = createRequire(pkgJson);
  const sdk: PulumiSdk = {
    dir,
    version: (sdkRequire(pkgJson) as { version: string }).version,
    dynamicProviderScript: path.join(dir, 'cmd', 'dynamic-provider', 'index.js'),
    grpc: sdkRequire('@grpc/grpc-js'),
    structproto: sdkRequire('google-protobuf/google/protobuf/struct_pb'),
    anyproto: sdkRequire('google-protobuf/google/protobuf/any_pb'),
    emptyproto: sdkRequire('google-protobuf/google/protobuf/empty_pb'),
    provproto: sdkRequire('./proto/provider_pb'),
    provrpc: sdkRequire('./proto/provider_grpc_pb'),
    plugproto: sdkRequire('./proto/plugin_pb'),
    engproto: sdkRequire('./proto/engine_pb'),
    engrpc: sdkRequire('./proto/engine_grpc_pb'),
    statusproto: sdkRequire('./proto/status_pb'),
  };
  loaded.set(key, sdk);
  return sdk;
}
