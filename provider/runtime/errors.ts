/**
 * Failures the provider decides on, not GoTo: GoTo answered (or, for a diff, did not answer in time), and what it
 * answered cannot be used as the program asks. Each code is fixed here, as the client's are in api/errors.ts.
 */
export type ProviderErrorCode =
  /** An object to adopt (webhookKey, subscriptionKey) is not there for these credentials. */
  | 'ERR_GOTO_ADOPT_NOT_FOUND'
  /** An object to adopt differs from the program in what GoTo cannot change. */
  | 'ERR_GOTO_ADOPT_MISMATCH'
  /** A diff could not read the live object within gotowebinar:diffTimeoutSeconds. */
  | 'ERR_GOTO_DIFF_TIMEOUT'
  /** An update found its object deleted outside Pulumi. */
  | 'ERR_GOTO_GONE'
  /** An object GoTo cannot read back (a secret key) was to be read with nothing in state: an import. */
  | 'ERR_GOTO_NOT_READABLE'
  /** An import's key names nothing these credentials see at GoTo. */
  | 'ERR_GOTO_IMPORT_NOT_FOUND'
  /** An import's object exists but differs from every program the provider accepts in what GoTo cannot change. */
  | 'ERR_GOTO_NOT_MANAGEABLE';

/** Made only by its factories, one per code: a code is chosen in one place, never at a throw site. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  private constructor(
    message: string,
    readonly code: ProviderErrorCode,
    /** The GoTo key concerned, when there is one. */
    readonly key?: string,
  ) {
    super(message);
  }

  static adoptNotFound(message: string, key: string): ProviderError {
    return new ProviderError(message, 'ERR_GOTO_ADOPT_NOT_FOUND', key);
  }

  static adoptMismatch(message: string, key: string): ProviderError {
    return new ProviderError(message, 'ERR_GOTO_ADOPT_MISMATCH', key);
  }

  static diffTimeout(message: string): ProviderError {
    return new ProviderError(message, 'ERR_GOTO_DIFF_TIMEOUT');
  }

  static gone(message: string, key: string): ProviderError {
    return new ProviderError(message, 'ERR_GOTO_GONE', key);
  }

  static notReadable(message: string, key: string): ProviderError {
    return new ProviderError(message, 'ERR_GOTO_NOT_READABLE', key);
  }

  static importNotFound(message: string, key: string): ProviderError {
    return new ProviderError(message, 'ERR_GOTO_IMPORT_NOT_FOUND', key);
  }

  static notManageable(message: string, key: string): ProviderError {
    return new ProviderError(message, 'ERR_GOTO_NOT_MANAGEABLE', key);
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError;
}

/**
 * A create that made its object but could not finish it (e.g. a webhook created, its activation failed): the engine
 * records the object with these properties (gRPC's ErrorResourceInitFailed) and the next `up` finishes it. The SDK's
 * dynamic-provider plugin reads `id`, `properties` and `reasons` from the error; the native provider recognizes the
 * class.
 */
export class ResourceInitError extends Error {
  override readonly name = 'ResourceInitError';

  constructor(
    message: string,
    readonly id: string,
    /** What the engine stores for the resource. */
    readonly properties: Record<string, unknown>,
  ) {
    super(message);
  }

  /** What the engine shows: the reasons, not the message, so the whole story. */
  get reasons(): string[] {
    return [this.message];
  }
}
