/**
 * Check, as every resource does it, from its declaration: defaults filled in, required inputs present, each value
 * one of the declared values and satisfying the declared rule (then in its declared normal form), and nothing the
 * declaration does not know (a typo like `callbackURL` would otherwise be silently ignored). Every failure names
 * the property and says what to fix.
 * A value not known yet (during preview) passes: it is checked again when it is known.
 */
import { oneOf, showName } from '../rules';
import { inputNames, type ResourceDeclaration } from './property';

/** How the engine encodes a value not known during preview. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** `__provider` (the dynamic provider's serialized text) is the SDK's, not a declared input: it passes through. */
export function checkInputs(
  declaration: ResourceDeclaration,
  news: Record<string, unknown>,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  const names = inputNames(declaration);
  for (const property of names) {
    const declared = declaration.properties[property];
    let value = Object.hasOwn(news, property) ? news[property] : undefined;
    if (value === undefined || value === null) {
      if (declared.default !== undefined) value = declared.default;
      else if (declared.presence === 'required') {
        failures.push({ property, reason: `${property} is required.` });
        continue;
      } else continue;
    }
    if (!isUnknown(value)) {
      const reason = (declared.values ? oneOf(declared.values)(value) : undefined) ?? declared.rule?.(value);
      if (reason) failures.push({ property, reason: `${property} ${reason}` });
      // An accepted value in the one form it is used and stored in (see Property.normalize).
      else if (declared.normalize && typeof value === 'string') value = declared.normalize(value);
    }
    inputs[property] = value;
  }
  for (const property of Object.keys(news)) {
    // Own properties only: `in` would also see Object.prototype (`constructor`, `toString`, …).
    if (property === '__provider' || (Object.hasOwn(declaration.properties, property) && names.includes(property))) continue;
    // A name is user text: anything but a plain name is quoted, escaped and cut (engine output must not be forged).
    const name = showName(property);
    failures.push({
      property: name,
      reason: `${name} is not ${Object.hasOwn(declaration.properties, property) ? 'an input' : 'a property'} of this resource; expected one of: ${names.join(', ')}.`,
    });
  }
  if (Object.hasOwn(news, '__provider')) inputs.__provider = news.__provider;
  return { inputs, failures };
}
