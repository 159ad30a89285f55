/**
 * What a dynamic resource class takes from its declaration (../declarations): its args type, its output properties'
 * types, and the names the SDK must be told of so that every output is registered.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { InputsOf, OutputsOf, ResourceDeclaration } from '../declarations';

/** A program's args: each declared input, as a value or an Output of one. */
export type ArgsOf<D> = { [K in keyof InputsOf<D>]: pulumi.Input<InputsOf<D>[K]> };

/** The resource's properties as a program reads them. */
export type OutputPropertiesOf<D> = { readonly [K in keyof OutputsOf<D>]-?: pulumi.Output<OutputsOf<D>[K]> };

/**
 * The props handed to the SDK: every declared property, unset ones as undefined. Every output must be a key of the
 * props, or the SDK does not register it and it stays undefined at run time.
 */
export function propsFor(declaration: ResourceDeclaration, args: object): Record<string, unknown> {
  const props: Record<string, unknown> = Object.fromEntries(Object.keys(declaration.properties).map((k) => [k, undefined]));
  return { ...props, ...args };
}
