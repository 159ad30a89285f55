/**
 * The native provider's Pulumi package schema, made from the declarations: the resources' properties
 * (../declarations/webhook.ts and its siblings) and the provider's configuration (../declarations/provider-config.ts).
 * `GetSchema` answers it, `pulumi import` and YAML programs read it, and the SDKs are generated from it.
 */
import {
  ORGANIZER_PROFILE_FIELDS,
  ORGANIZERS_DESCRIPTION,
  PROVIDER_CONFIG,
  type Setting,
} from '../declarations/provider-config';
import { DECLARATIONS, KINDS, nativeTypeToken, PACKAGE, RESOURCE_KINDS } from '../declarations';
import type { Property, ResourceDeclaration } from '../declarations';

export { PACKAGE };

type PropertySpec = Record<string, unknown>;

function propertySpec(p: Property): PropertySpec {
  const spec: PropertySpec = p.enumName ? { $ref: `#/types/${PACKAGE}:index:${p.enumName}` } : { type: 'string' };
  spec.description = p.description;
  if (p.default !== undefined) spec.default = p.default;
  if (p.secret) spec.secret = true;
  if (p.replaceOnChanges) spec.replaceOnChanges = true;
  return spec;
}

function settingSpec(s: Setting): PropertySpec {
  return {
    type: s.type,
    description: s.description,
    ...(s.secret ? { secret: true } : {}),
    defaultInfo: { environment: [s.env] },
  };
}

function resourceSpec(d: ResourceDeclaration): PropertySpec {
  const entries = Object.entries(d.properties);
  const inputs = entries.filter(([, p]) => p.presence !== 'output');
  const alwaysOut = entries.filter(
    ([, p]) => p.inOutputs === 'always' || (p.inOutputs === undefined && (p.presence !== 'optional' || p.default !== undefined)),
  );
  return {
    description: d.description,
    properties: Object.fromEntries(entries.map(([name, p]) => [name, propertySpec(p)])),
    required: alwaysOut.map(([name]) => name),
    inputProperties: Object.fromEntries(inputs.map(([name, p]) => [name, propertySpec(p)])),
    requiredInputs: inputs.filter(([, p]) => p.presence === 'required').map(([name]) => name),
  };
}

/** The enums the declarations name, each once. */
function enumTypes(): Record<string, PropertySpec> {
  const types: Record<string, PropertySpec> = {};
  for (const d of DECLARATIONS) {
    for (const p of Object.values(d.properties)) {
      if (!p.enumName || !p.values) continue;
      types[`${PACKAGE}:index:${p.enumName}`] = { type: 'string', enum: p.values.map((value) => ({ value })) };
    }
  }
  return types;
}

const ORGANIZER_PROFILE = `${PACKAGE}:index:OrganizerProfile`;

export function packageSchema(version: string): Record<string, unknown> {
  const config = Object.fromEntries(Object.entries(PROVIDER_CONFIG).map(([name, s]) => [name, settingSpec(s)]));
  const organizers = {
    type: 'object',
    additionalProperties: { $ref: `#/types/${ORGANIZER_PROFILE}` },
    secret: true,
    description: ORGANIZERS_DESCRIPTION,
  };
  return {
    name: PACKAGE,
    displayName: 'GoToWebinar',
    version,
    description: 'GoToWebinar webhooks, signing keys and user subscriptions, managed as Pulumi resources.',
    keywords: ['pulumi', 'gotowebinar', 'webhooks'],
    license: 'Apache-2.0',
    repository: 'https://github.com/pulumi-gotowebinar/pulumi-gotowebinar',
    config: { variables: { ...config, organizers } },
    provider: {
      description: 'The GoToWebinar provider: one instance per set of credentials (an organizer), or the default from stack config.',
      inputProperties: { ...config, organizers },
    },
    types: {
      ...enumTypes(),
      [ORGANIZER_PROFILE]: {
        type: 'object',
        description: 'One organizer\'s credentials.',
        properties: Object.fromEntries(
          Object.entries(ORGANIZER_PROFILE_FIELDS).map(([name, f]) => [
            name,
            { type: 'string', ...(f.secret ? { secret: true } : {}), description: f.description },
          ]),
        ),
      },
    },
    resources: Object.fromEntries(KINDS.map((k) => [nativeTypeToken(k), resourceSpec(RESOURCE_KINDS[k])])),
    // supportPack: the generators take the SDK's version from this schema (the plugin's own) instead of leaving a
    // placeholder to a release pipeline; the Go generator also writes the SDK's go.mod only with it.
    meta: { supportPack: true },
    // Each SDK carries this schema's version (the package's) instead of a placeholder, and the metadata its
    // ecosystem installs it by: Go a go.mod at the module path below (written with supportPack), Python a
    // pyproject.toml (instead of setup.py).
    language: {
      nodejs: { packageName: '@pulumi-gotowebinar/native', respectSchemaVersion: true },
      python: { packageName: 'pulumi_gotowebinar', respectSchemaVersion: true, pyproject: { enabled: true }, readme: pythonReadme(version) },
      go: { importBasePath: 'github.com/pulumi-gotowebinar/pulumi-gotowebinar/sdk/go/gotowebinar', respectSchemaVersion: true },
    },
  };
}

/** The Python package's long description: what it needs besides itself, the plugin (and Node.js, which runs it). */
function pythonReadme(version: string): string {
  return [
    'GoToWebinar webhooks, signing keys and user subscriptions, managed as Pulumi resources.',
    '',
    `The resources are served by the \`gotowebinar\` resource plugin v${version}, which runs on Node.js 20.19+ or 22.12+.`,
    `Install it with \`pulumi plugin install resource gotowebinar ${version} --file pulumi-resource-gotowebinar-v${version}-<os>-<arch>.tar.gz\`.`,
    '',
  ].join('\n');
}
