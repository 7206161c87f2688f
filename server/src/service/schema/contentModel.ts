/**
 * Content models as automata over child element names. xs:sequence / xs:choice with minOccurs/maxOccurs become
 * a nondeterministic automaton simulated one state set per child (linear, and free of XSD's "unique particle
 * attribution" subtleties); xs:all is a counter per member. Both answer the questions validation and
 * completion ask: may this name come next, what may come next, is the content complete.
 */
import { AllParticle, ElementParticle, isElementParticle, maxOf, minOf, Particle } from './model';
import { epsilonClosure } from './nfa';

/** Opaque matcher state (sorted automaton states, or member counts for xs:all). */
export type MatchState = readonly number[];

export interface ContentMatcher {
  start(): MatchState;
  /** The state after a child named `name`, and the particle it matched; undefined when it may not come next. */
  step(state: MatchState, name: string): { state: MatchState; particle: ElementParticle } | undefined;
  accepts(state: MatchState): boolean;
  /** Element particles that may come next, in schema order, one per name. */
  expected(state: MatchState): ElementParticle[];
  /** The first particle declaring `name` anywhere in the model. */
  particle(name: string): ElementParticle | undefined;
  /** Every element particle, in schema order, one per name. */
  readonly particles: readonly ElementParticle[];
  /** The most times `name` can occur in valid content (Infinity when unbounded). */
  maxCount(name: string): number;
  /** For xs:all: members still required (min 1, not yet present) in `state`. */
  missing?(state: MatchState): ElementParticle[];
}

const cache = new WeakMap<object, ContentMatcher>();
const EMPTY: Particle = { sequence: [] };

export function matcherFor(particle: Particle | undefined): ContentMatcher {
  const key = particle ?? EMPTY;
  let m = cache.get(key);
  if (!m) {
    m = 'all' in key ? new AllMatcher(key as AllParticle) : new AutomatonMatcher(key);
    cache.set(key, m);
  }
  return m;
}

function collectParticles(p: Particle, out: ElementParticle[], seen: Set<string>): void {
  if (isElementParticle(p)) {
    if (!seen.has(p.element)) {
      seen.add(p.element);
      out.push(p);
    }
    return;
  }
  const items = 'sequence' in p ? p.sequence : 'choice' in p ? p.choice : p.all;
  for (const item of items) collectParticles(item, out, seen);
}

function countOf(p: Particle, name: string): number {
  const max = maxOf(p);
  if (max === 0) return 0;
  let inner: number;
  if (isElementParticle(p)) inner = p.element === name ? 1 : 0;
  else if ('choice' in p) inner = Math.max(0, ...p.choice.map((c) => countOf(c, name)));
  else inner = ('sequence' in p ? p.sequence : p.all).reduce((sum, c) => sum + countOf(c, name), 0);
  return inner === 0 ? 0 : inner * max;
}

/** Repetitions are unrolled up to this many copies; beyond it a bound counts as unbounded (never in Magento). */
const UNROLL = 64;

interface AState {
  eps: number[];
  edge?: { particle: ElementParticle; order: number; to: number };
}

class AutomatonMatcher implements ContentMatcher {
  readonly particles: ElementParticle[] = [];
  private readonly states: AState[] = [];
  private readonly order = new Map<ElementParticle, number>();
  private readonly interned = new Map<string, number[]>();
  private readonly moves = new Map<MatchState, Map<string, { state: MatchState; particle: ElementParticle } | null>>();
  private readonly initial: number[];
  private readonly final: number;

  constructor(private readonly root: Particle) {
    collectParticles(root, this.particles, new Set());
    this.final = this.newState();
    this.initial = this.closure([this.build(root, this.final)]);
  }

  start(): MatchState {
    return this.initial;
  }

  step(state: MatchState, name: string) {
    // A lazily built DFA: states are interned, so each (state, name) move is computed once per schema.
    let moves = this.moves.get(state);
    if (!moves) this.moves.set(state, (moves = new Map()));
    const known = moves.get(name);
    if (known !== undefined) return known ?? undefined;
    const move = this.computeStep(state, name);
    // Names that are not in the model (typos being typed) are not worth remembering beyond a few.
    if (move || moves.size < 64) moves.set(name, move ?? null);
    return move;
  }

  private computeStep(state: MatchState, name: string): { state: MatchState; particle: ElementParticle } | undefined {
    const next: number[] = [];
    let best: { particle: ElementParticle; order: number } | undefined;
    for (const s of state) {
      const e = this.states[s].edge;
      if (!e || e.particle.element !== name) continue;
      next.push(e.to);
      if (!best || e.order < best.order) best = e;
    }
    if (!best) return undefined;
    return { state: this.closure(next), particle: best.particle };
  }

  accepts(state: MatchState): boolean {
    return state.includes(this.final);
  }

  expected(state: MatchState): ElementParticle[] {
    const found = new Map<string, { particle: ElementParticle; order: number }>();
    for (const s of state) {
      const e = this.states[s].edge;
      if (!e) continue;
      const prev = found.get(e.particle.element);
      if (!prev || e.order < prev.order) found.set(e.particle.element, e);
    }
    return [...found.values()].sort((a, b) => a.order - b.order).map((e) => e.particle);
  }

  particle(name: string): ElementParticle | undefined {
    return this.particles.find((p) => p.element === name);
  }

  maxCount(name: string): number {
    return countOf(this.root, name);
  }

  private newState(): number {
    this.states.push({ eps: [] });
    return this.states.length - 1;
  }

  private orderOf(p: ElementParticle): number {
    let n = this.order.get(p);
    if (n === undefined) {
      n = this.order.size;
      this.order.set(p, n);
    }
    return n;
  }

  /** Builds one occurrence of `p` (ignoring its own occurs) continuing to `next`; returns the entry state. */
  private once(p: Particle, next: number): number {
    if (isElementParticle(p)) {
      const s = this.newState();
      this.states[s].edge = { particle: p, order: this.orderOf(p), to: next };
      return s;
    }
    if ('choice' in p) {
      const s = this.newState();
      for (const item of p.choice) this.states[s].eps.push(this.build(item, next));
      if (p.choice.length === 0) this.states[s].eps.push(next);
      return s;
    }
    const items = 'sequence' in p ? p.sequence : p.all; // a nested xs:all cannot occur (XSD 1.0); treat as sequence
    let entry = next;
    for (let i = items.length - 1; i >= 0; i--) entry = this.build(items[i], entry);
    return entry;
  }

  /** Builds `p` with its minOccurs/maxOccurs. */
  private build(p: Particle, next: number): number {
    // Element particles are numbered in document order: build them once up front.
    if (isElementParticle(p)) this.orderOf(p);
    else for (const e of this.particlesOf(p)) this.orderOf(e);
    const min = Math.min(minOf(p), UNROLL);
    const max = maxOf(p) > UNROLL ? Infinity : maxOf(p);
    let entry = next;
    if (max === Infinity) {
      const loop = this.newState();
      this.states[loop].eps.push(this.once(p, loop), next);
      entry = loop;
    } else {
      for (let i = min; i < max; i++) {
        const optional = this.newState();
        this.states[optional].eps.push(this.once(p, entry), next);
        entry = optional;
      }
    }
    for (let i = 0; i < min; i++) entry = this.once(p, entry);
    return entry;
  }

  private particlesOf(p: Particle): ElementParticle[] {
    const out: ElementParticle[] = [];
    const walk = (q: Particle) => {
      if (isElementParticle(q)) out.push(q);
      else for (const c of 'sequence' in q ? q.sequence : 'choice' in q ? q.choice : q.all) walk(c);
    };
    walk(p);
    return out;
  }

  private closure(seeds: number[]): number[] {
    const state = epsilonClosure(this.states, seeds);
    const key = state.join(',');
    let interned = this.interned.get(key);
    if (!interned) this.interned.set(key, (interned = state));
    return interned;
  }
}

/** xs:all: each member at most maxOccurs (0 or 1) times, in any order; the group itself may be optional. */
class AllMatcher implements ContentMatcher {
  readonly particles: ElementParticle[];

  constructor(private readonly group: AllParticle) {
    this.particles = [...group.all];
  }

  start(): MatchState {
    return this.particles.map(() => 0);
  }

  step(state: MatchState, name: string) {
    const i = this.particles.findIndex((p) => p.element === name);
    if (i < 0 || state[i] >= maxOf(this.particles[i])) return undefined;
    const next = [...state];
    next[i]++;
    return { state: next, particle: this.particles[i] };
  }

  accepts(state: MatchState): boolean {
    if (minOf(this.group) === 0 && state.every((n) => n === 0)) return true;
    return this.particles.every((p, i) => state[i] >= minOf(p));
  }

  expected(state: MatchState): ElementParticle[] {
    return this.particles.filter((p, i) => state[i] < maxOf(p));
  }

  missing(state: MatchState): ElementParticle[] {
    if (this.accepts(state)) return [];
    return this.particles.filter((p, i) => state[i] < minOf(p));
  }

  particle(name: string): ElementParticle | undefined {
    return this.particles.find((p) => p.element === name);
  }

  maxCount(name: string): number {
    return countOf(this.group, name);
  }
}
