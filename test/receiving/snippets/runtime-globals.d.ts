/**
 * The little of Deno's and Bun's globals the snippets use (deno.ts, bun.ts), so that `npm run typecheck` checks them
 * against the package's types like the other snippets; Deno and Bun run them with their own full types.
 */
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(options: { port: number }, handler: (request: Request) => Response | Promise<Response>): unknown;
};

declare const Bun: {
  serve(options: { port: number; fetch(request: Request): Response | Promise<Response> }): unknown;
};

/** Deno's name for the package installed from npm: the same module. */
declare module 'npm:pulumi-gotowebinar/receiving/web' {
  export * from 'pulumi-gotowebinar/receiving/web';
}
