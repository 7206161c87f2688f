/**
 * A linear-time replacement for one helper of @xml-tools (imported by xmlDocument.ts before @xml-tools/ast).
 * `buildAst` calls `findNextTextualToken(tokenVector, endOffset)` for every start tag left without `>` or
 * `/>`, and the library's version finds the token with a linear scan from the start of the vector, so a
 * document with thousands of broken tags took quadratic time (8,000 broken tags: 4 s; a 10 MB one: hours).
 * Same contract, binary search (the vector is sorted by offset). @xml-tools/ast destructures the helper
 * when it is first loaded, hence the patch of the shared exports object before that.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const common = require('@xml-tools/common') as { findNextTextualToken: typeof findNextTextualToken };

interface Token {
  readonly endOffset: number;
  readonly tokenType: { readonly name: string };
}

export function findNextTextualToken(tokenVector: readonly Token[], prevTokenEndOffset: number): Token | null {
  let lo = 0;
  let hi = tokenVector.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokenVector[mid].endOffset < prevTokenEndOffset) lo = mid + 1;
    else hi = mid;
  }
  // Like the original: start after the token ending there, or from the first token when there is none.
  let i = lo < tokenVector.length && tokenVector[lo].endOffset === prevTokenEndOffset ? lo : -1;
  for (;;) {
    const token = tokenVector[++i];
    if (token === undefined) return null;
    if (token.tokenType.name !== 'SEA_WS') return token;
  }
}

common.findNextTextualToken = findNextTextualToken;
