/** Shared by the two Thompson automata of this folder (content models, XSD patterns). */

/** The states reachable from `seeds` through epsilon moves, sorted (a canonical automaton state). */
export function epsilonClosure(states: readonly { readonly eps: readonly number[] }[], seeds: readonly number[]): number[] {
  const seen = new Set<number>();
  const stack = [...seeds];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const e of states[s].eps) stack.push(e);
  }
  return [...seen].sort((a, b) => a - b);
}
