/**
 * etc/adminhtml/system.xml and the files it includes (etc/adminhtml/system/*.xml by convention): the ACL id
 * of each configuration section, `<section><resource>`, which Structure\Element\Section::isAllowed passes to
 * the authorization as its converter read it (the text as written, not trimmed). `<include path=
 * "Vendor_Module::system/x.xml"/>` is replaced by the children of that file's root element
 * (Config\Model\Config\Compiler\IncludeElement, from `<module>/etc/adminhtml/system/x.xml`), so an included
 * file holds sections (included under `<system>`) or a section's groups (included under `<section>`).
 */
import { runToEnd, Steps } from '../steps';
import { attribute, ParsedXml, XmlElement } from '../xml/xmlDocument';
import { attributeReference, attributeText, eachElement, ReferenceValue, SystemReference, textReference } from './aclReferences';

export interface SystemInclude {
  /** `Vendor_Module::system/x.xml` as written (decoded), with its range. */
  readonly path: ReferenceValue;
  /** The section the include sits in; undefined when it is not inside a section (it then adds sections). */
  readonly sectionId: string | undefined;
}

export interface SystemFile {
  readonly references: readonly SystemReference[];
  readonly includes: readonly SystemInclude[];
}

export function readSystemFile(xml: ParsedXml): SystemFile {
  return runToEnd(readSystemFileSteps(xml));
}

/**
 * readSystemFile in steps (steps.ts). system.xml: `config > system > section > resource`; an included file:
 * `<root> > section > resource`, or `<root> > resource` for a file included inside a section.
 */
export function* readSystemFileSteps(xml: ParsedXml): Steps<SystemFile> {
  const references: SystemReference[] = [];
  const includes: SystemInclude[] = [];
  const root = xml.root;
  if (!root) return { references, includes };
  const sectionParents = root.name === 'config' ? root.children.filter((c) => c.name === 'system') : [root];
  for (const parent of sectionParents) {
    for (const element of parent.children) {
      if (element.name === 'section') {
        const sectionId = attributeText(element, 'id');
        for (const child of element.children) if (child.name === 'resource') push(references, xml.text, child, sectionId);
      } else if (element.name === 'resource' && parent === root && root.name !== 'config') {
        push(references, xml.text, element, undefined);
      }
    }
  }
  yield* eachElement(root, (element) => {
    if (element.name !== 'include') return;
    const path = attributeReference(attribute(element, 'path'));
    if (path) includes.push({ path, sectionId: sectionOf(element) });
  });
  return { references, includes };
}

function push(out: SystemReference[], text: string, element: XmlElement, sectionId: string | undefined): void {
  const value = textReference(text, element, 'joined');
  if (value) out.push({ kind: 'system', sectionId, ...value });
}

function sectionOf(element: XmlElement): string | undefined {
  for (let e = element.parent; e; e = e.parent) if (e.name === 'section') return attributeText(e, 'id');
  return undefined;
}
