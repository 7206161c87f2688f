/**
 * What the readers of the places a module names an ACL id outside acl.xml, webapi.xml and integration
 * files return (menu.xml, system.xml, UI components, adminhtml layouts, PHP): one reference per value
 * Magento passes to its authorization, with the id as Magento reads it, where it is written, and what it
 * guards (for hovers and code lenses: "menu item X", "config section Y", "controller Z").
 */
import type { Steps } from '../steps';
import { attributeValue, TextSegment, textSegments, trimmedRange } from '../schema/xmlContent';
import type { XmlAttribute, XmlElement } from '../xml/xmlDocument';

export interface ReferenceValue {
  /** The id as Magento reads it: entities decoded (XML), escapes resolved (PHP), trimmed only where Magento trims. */
  readonly id: string;
  /** UTF-16 offsets of the value as written (between the quotes, or an element's text; end exclusive). */
  readonly start: number;
  readonly end: number;
}

/** `<add resource>` / `<update resource>` of etc/adminhtml/menu.xml. */
export interface MenuReference extends ReferenceValue {
  readonly kind: 'menu';
  readonly command: 'add' | 'update';
  /** The menu item's id ('' when missing) and title (undefined when the element has none). */
  readonly itemId: string;
  readonly title: string | undefined;
}

/** `<section><resource>` of etc/adminhtml/system.xml or of a file it includes. */
export interface SystemReference extends ReferenceValue {
  readonly kind: 'system';
  /** The section's id; undefined for a `<resource>` at the top of an included file (its section is the includer's). */
  readonly sectionId: string | undefined;
}

/** `<aclResource>` or `<item name="aclResource">` of view/adminhtml/ui_component/*.xml. */
export interface UiComponentReference extends ReferenceValue {
  readonly kind: 'ui-component';
  /** The kind of UI component (the file's root element: listing, form …; the file name is its name). */
  readonly componentType: string;
  /** The nearest named element the value configures (a dataSource, a button …). */
  readonly owner: NamedElement | undefined;
}

/** `aclResource="…"` or `<argument name="aclResource">` of view/adminhtml/layout/*.xml. */
export interface LayoutReference extends ReferenceValue {
  readonly kind: 'layout';
  /** The layout element (block, referenceBlock, uiComponent …) the value guards. */
  readonly owner: NamedElement | undefined;
}

/** `const ADMIN_RESOURCE = '…'` or `->isAllowed('…')` in PHP. */
export interface PhpReference extends ReferenceValue {
  readonly kind: 'php';
  readonly via: 'ADMIN_RESOURCE' | 'isAllowed';
  /** Fully qualified name of the enclosing class-like (`class@anonymous` for an anonymous class). */
  readonly className: string | undefined;
  /** The enclosing function or method (`_isAllowed` for a controller's own check). */
  readonly functionName: string | undefined;
  readonly quote: "'" | '"';
  /**
   * For a call of a method of the same file that passes its first parameter on to isAllowed
   * (`$this->_isAllowedAction('Magento_Cms::save')`): that method's name.
   */
  readonly wrapper?: string;
}

export interface NamedElement {
  readonly element: string;
  readonly name: string | undefined;
}

export type AclReference = MenuReference | SystemReference | UiComponentReference | LayoutReference | PhpReference;

/** What the reference guards, in words, for hovers and code lenses. */
export function describeReference(ref: AclReference): string {
  switch (ref.kind) {
    case 'menu':
      return `menu item ${ref.itemId}${ref.title ? ` ("${ref.title}")` : ''}${ref.command === 'update' ? ' (update)' : ''}`;
    case 'system':
      return ref.sectionId !== undefined ? `config section ${ref.sectionId}` : 'config section (included file)';
    case 'ui-component':
      return `UI ${ref.componentType}${ref.owner ? ` ${ref.owner.element}${ref.owner.name ? ` ${ref.owner.name}` : ''}` : ''}`;
    case 'layout':
      return `layout ${ref.owner ? `${ref.owner.element}${ref.owner.name ? ` ${ref.owner.name}` : ''}` : 'element'}`;
    case 'php': {
      // Magento routes admin URLs to classes of a Controller namespace; the same constant elsewhere is just that.
      const controller = ref.className !== undefined && /(^|\\)Controller\\/.test(ref.className);
      if (controller && (ref.via === 'ADMIN_RESOURCE' || ref.functionName === '_isAllowed')) return `controller ${ref.className}`;
      if (ref.via === 'ADMIN_RESOURCE') return `${ref.className}::ADMIN_RESOURCE`;
      if (ref.functionName === undefined) return ref.className ?? 'PHP code outside any class or function';
      return ref.className ? `${ref.className}::${ref.functionName}()` : `function ${ref.functionName}()`;
    }
  }
}

/** An attribute's value as Magento's DOM reads it (references decoded, never trimmed); undefined when unfinished. */
export function attributeReference(attribute: XmlAttribute | undefined): ReferenceValue | undefined {
  if (!attribute || attribute.valueStart < 0) return undefined;
  const id = attributeValue(attribute);
  return id === undefined ? undefined : { id, start: attribute.valueStart, end: attribute.valueEnd };
}

/**
 * How Magento turns an element's text into a string:
 * - `trimmed`: the whole text content, trimmed (UI components' semantic settings: `trim($node->nodeValue)`);
 * - `first`: the first CDATA section or text node that is not blank, as written (Config\Converter\Dom\Flat:
 *   layout and UI component `<argument>`/`<item>`); without one, an element with child elements is an array;
 * - `joined`: every CDATA section and text node that is not blank (newlines and spaces only) — one is the
 *   value; several make an array Magento cannot use, read here as their concatenation so a check sees a
 *   wrong id; child elements make it an array too (Magento\Config\Model\Config\Structure\Converter: system.xml).
 */
export type TextReading = 'trimmed' | 'first' | 'joined';

export function textReference(text: string, element: XmlElement, reading: TextReading): ReferenceValue | undefined {
  if (element.contentStart < 0) return undefined;
  const segments = textSegments(text, element);
  if (reading === 'trimmed') {
    const id = phpTrim(segments.map((s) => s.value).join(''));
    const range = trimmedRange(text, segments) ?? { start: element.contentStart, end: element.contentStart };
    return { id, ...range };
  }
  if (reading === 'first') {
    // Flat takes the first such text even after child elements (dropping them); with none, children make an array.
    const first = segments.find((s) => s.kind === 'cdata' || phpTrim(s.value) !== '');
    if (first) return { id: first.value, start: first.start, end: first.end };
    return element.children.length ? undefined : { id: '', start: element.contentStart, end: element.contentStart };
  }
  if (element.children.length) return undefined;
  const kept = segments.filter((s: TextSegment) => s.kind === 'cdata' || s.value.replace(/[\n ]+/g, '') !== '');
  if (!kept.length) return { id: '', start: element.contentStart, end: element.contentStart };
  return { id: kept.map((s) => s.value).join(''), start: kept[0].start, end: kept[kept.length - 1].end };
}

/** PHP's trim() without a character list. */
export function phpTrim(value: string): string {
  return value.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
}

/** The value of the element's attribute `name` as the DOM reads it (decoded, untrimmed); undefined when absent or unfinished. */
export function attributeText(element: XmlElement, name: string): string | undefined {
  const found = element.attributes.find((a) => a.name === name);
  return found ? attributeValue(found) : undefined;
}

/** The element's `name` attribute, decoded. */
export function nameOf(element: XmlElement): string | undefined {
  return attributeText(element, 'name');
}

/** The nearest enclosing element with a name that is not an `argument` or `item` (a block, a dataSource …). */
export function ownerOf(element: XmlElement): NamedElement | undefined {
  for (let e = element.parent; e; e = e.parent) {
    if (e.name === 'argument' || e.name === 'item') continue;
    const name = nameOf(e);
    if (name !== undefined) return { element: e.name, name };
  }
  return undefined;
}

/**
 * Visits every element below `root` (not `root` itself) in document order, without recursion (documents
 * may nest deeply), yielding every 512 elements (steps.ts).
 */
export function* eachElement(root: XmlElement | undefined, visit: (element: XmlElement) => void): Steps<void> {
  if (!root) return;
  const stack: Array<{ children: readonly XmlElement[]; next: number }> = [{ children: root.children, next: 0 }];
  let visited = 0;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next >= top.children.length) {
      stack.pop();
      continue;
    }
    const element = top.children[top.next++];
    if (++visited % 512 === 0) yield;
    visit(element);
    if (element.children.length) stack.push({ children: element.children, next: 0 });
  }
}
