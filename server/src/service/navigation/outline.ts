/** Document symbols (outline), folding ranges and selection ranges of the five file kinds. */
import { DocumentSymbol, FoldingRange, Range, SelectionRange, SymbolKind } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { valueRange } from '../checks/integrationChecks';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { attribute, childrenNamed, XmlElement } from '../xml/xmlDocument';

/**
 * Most symbols and folding ranges computed per document (children count): VS Code's own JSON support stops
 * at the same number (json.maxItemsComputed). A 10 MB file has 100,000s, which no outline can show.
 */
export const MAX_ITEMS_COMPUTED = 5000;

export function documentSymbols(index: WorkspaceIndex, document: TextDocument, file: IndexedFile): DocumentSymbol[] {
  let budget = MAX_ITEMS_COMPUTED;
  /** The first items that fit in the budget (each item costs 1 + its children). */
  const fit = <T, S extends DocumentSymbol>(items: readonly T[], make: (item: T) => S): S[] => {
    const out: S[] = [];
    for (const item of items) {
      if (budget <= 0) break;
      budget--;
      out.push(make(item));
    }
    return out;
  };
  const range = (start: number, end: number) => Range.create(document.positionAt(start), document.positionAt(Math.max(start, end)));
  const nameRange = (e: XmlElement, attr: string) => {
    const a = attribute(e, attr);
    return a && a.valueStart >= 0 ? range(a.valueStart, a.valueEnd) : range(e.start, e.start);
  };
  switch (file.kind) {
    case 'api':
    case 'integration':
    case 'config':
      return fit(file.integrations, (i) => ({
        name: i.name || '(unnamed integration)',
        detail: file.kind === 'config' ? 'integration' : `${i.resources.length} resource${i.resources.length === 1 ? '' : 's'}`,
        kind: SymbolKind.Module,
        range: range(i.element.start, i.element.end),
        selectionRange: nameRange(i.element, 'name'),
        children: fit(i.resources, (r) => {
          const [s, e] = valueRange(r);
          return {
            name: r.id || '(empty)',
            detail: index.acl.get(r.id)?.title,
            kind: SymbolKind.Key,
            range: range(r.element.start, r.element.end),
            selectionRange: range(s, e),
          };
        }),
      }));
    case 'acl': {
      const walk = (container: XmlElement): DocumentSymbol[] =>
        fit(childrenNamed(container, 'resource'), (e) => {
          const children = walk(e);
          return {
            name: attribute(e, 'id')?.value || '(no id)',
            detail: attribute(e, 'title')?.value ?? index.acl.get(attribute(e, 'id')?.value ?? '')?.title,
            kind: children.length ? SymbolKind.Namespace : SymbolKind.Key,
            range: range(e.start, e.end),
            selectionRange: nameRange(e, 'id'),
            children,
          };
        });
      return childrenNamed(file.xml.root, 'acl').flatMap((acl) => childrenNamed(acl, 'resources')).flatMap(walk);
    }
    case 'webapi':
      return fit(childrenNamed(file.xml.root, 'route'), (e) => {
        const service = childrenNamed(e, 'service')[0];
        const refs = childrenNamed(e, 'resources').flatMap((r) => childrenNamed(r, 'resource')).map((r) => attribute(r, 'ref')?.value ?? '');
        return {
          name: `${attribute(e, 'method')?.value ?? '?'} ${attribute(e, 'url')?.value ?? '?'}`,
          detail: [service && `${attribute(service, 'class')?.value}::${attribute(service, 'method')?.value}`, refs.join(', ')].filter(Boolean).join(' — '),
          kind: SymbolKind.Method,
          range: range(e.start, e.end),
          selectionRange: nameRange(e, 'url'),
        };
      });
    default:
      return [];
  }
}

/** Every element spanning several lines folds, up to the line before its closing tag. */
export function foldingRanges(document: TextDocument, file: IndexedFile): FoldingRange[] {
  const out: FoldingRange[] = [];
  const walk = (e: XmlElement) => {
    if (out.length >= MAX_ITEMS_COMPUTED) return;
    const start = document.positionAt(e.start).line;
    const end = document.positionAt(e.end).line;
    if (end - 1 > start) out.push(FoldingRange.create(start, end - 1));
    e.children.forEach(walk);
  };
  if (file.xml.root) walk(file.xml.root);
  return out;
}

/** Value, attribute, element, parent element, …, document: the chain editors grow the selection along. */
export function selectionRanges(document: TextDocument, file: IndexedFile, positions: readonly Position[]): SelectionRange[] {
  const whole = Range.create(document.positionAt(0), document.positionAt(file.text.length));
  return positions.map((position) => {
    const offset = document.offsetAt(position);
    const spans: Array<[number, number]> = [];
    let element = file.xml.root && file.xml.root.start <= offset && offset <= file.xml.root.end ? file.xml.root : undefined;
    while (element) {
      spans.push([element.start, element.end]);
      const a = element.attributes.find((x) => x.start <= offset && offset <= x.end);
      if (a) {
        spans.push([a.start, a.end]);
        if (a.valueStart >= 0 && a.valueStart <= offset && offset <= a.valueEnd) spans.push([a.valueStart, a.valueEnd]);
        break;
      }
      element = element.children.find((c) => c.start <= offset && offset <= c.end);
    }
    let range: SelectionRange = { range: whole };
    for (const [s, e] of spans) {
      const r = Range.create(document.positionAt(s), document.positionAt(e));
      if (document.offsetAt(range.range.start) === s && document.offsetAt(range.range.end) === e) continue;
      range = { range: r, parent: range };
    }
    return range;
  });
}
