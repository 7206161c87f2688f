/**
 * The restricted XPath of XSD identity constraints (xs:unique / xs:key): selectors such as `.//*`,
 * `./resource`, `a/b | c`, and fields such as `@id`, `child/@name`, `.`. Paths only: no predicates, no axes
 * other than child, descendant (`.//`) and attribute (`@`).
 */
import type { XmlElement } from '../xml/xmlDocument';

export class XPathError extends Error {}

interface PathExpr {
  readonly descendant: boolean;
  /** Element name tests ('*' for any; '.' for self). */
  readonly steps: readonly string[];
  /** For fields: the attribute name at the end ('*' for any). */
  readonly attribute?: string;
}

const NAME = /^(\*|[A-Za-z_][\w.\-]*(:([A-Za-z_][\w.\-]*|\*))?)$/;

/** Parses a selector (`field` false) or field (`field` true) XPath; throws XPathError outside the subset. */
export function parseIdentityXPath(xpath: string, field: boolean): PathExpr[] {
  return xpath.split('|').map((alternative) => {
    let p = alternative.trim().replace(/^child::/, '');
    let descendant = false;
    if (p.startsWith('.//')) {
      descendant = true;
      p = p.slice(3);
    }
    const parts = p.split('/').map((s) => s.trim().replace(/^child::/, ''));
    let attribute: string | undefined;
    const last = parts[parts.length - 1];
    if (field && (last.startsWith('@') || last.startsWith('attribute::'))) {
      attribute = last.replace(/^(@|attribute::)/, '');
      parts.pop();
      if (!NAME.test(attribute)) throw new XPathError(`unsupported attribute test in ${xpath}`);
    }
    for (const s of parts) if (s !== '.' && !NAME.test(s)) throw new XPathError(`unsupported step '${s}' in ${xpath}`);
    const steps = parts.filter((s) => s !== '.');
    if (!field && steps.length === 0 && !descendant && parts.length === 0) throw new XPathError(`empty selector ${xpath}`);
    return { descendant, steps, attribute };
  });
}

const matches = (test: string, element: XmlElement) => test === '*' || test === element.name || test.endsWith(':*');

function descendants(element: XmlElement, out: XmlElement[]): void {
  for (const c of element.children) {
    out.push(c);
    descendants(c, out);
  }
}

function evaluate(context: XmlElement, expr: PathExpr): XmlElement[] {
  let current: XmlElement[] = [context];
  if (expr.descendant) {
    // `.//x` is descendant-or-self::node()/child::x
    const all: XmlElement[] = [context];
    descendants(context, all);
    current = all;
  }
  for (const step of expr.steps) {
    current = current.flatMap((e) => e.children.filter((c) => matches(step, c)));
  }
  return current;
}

/** Elements a selector picks, in document order, without duplicates. */
export function selectElements(context: XmlElement, selector: readonly PathExpr[]): XmlElement[] {
  const found = new Set<XmlElement>();
  for (const expr of selector) for (const e of evaluate(context, expr)) found.add(e);
  return [...found].sort((a, b) => a.start - b.start);
}

export type FieldNode = { element: XmlElement; attribute?: string };

/** The nodes a field picks from a selected element: elements (for their text) or attributes by name. */
export function selectField(element: XmlElement, field: readonly PathExpr[]): FieldNode[] {
  const out: FieldNode[] = [];
  for (const expr of field) {
    for (const e of evaluate(element, expr)) {
      if (expr.attribute === undefined) out.push({ element: e });
      else {
        for (const a of e.attributes) {
          if (a.name.startsWith('xmlns')) continue;
          if (expr.attribute === '*' || a.name === expr.attribute) out.push({ element: e, attribute: a.name });
        }
      }
    }
  }
  return out;
}
