// Resolves a token as synth writes it (`${type.id.attr}`), through cdktf's public Tokenization API.
import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';

const resolver = new DefaultTokenResolver(new StringConcat());

/** `value` with its tokens resolved in `scope`, as the stack's JSON holds it. */
export function resolveToken(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, resolver, preparing: false });
}
