/**
 * view/adminhtml/layout/*.xml: the ACL ids that decide whether a layout element renders. `aclResource="…"`
 * on a `block` or `uiComponent` becomes its ACL visibility condition (Layout\Reader\Visibility\Condition,
 * the attribute value as the DOM reads it; `referenceBlock` merges it into the block's attributes);
 * `<argument name="aclResource">` passes the id as block data or to a visibility condition, read as
 * Config\Converter\Dom\Flat reads text: the first text that is not blank, as written.
 */
import { runToEnd, Steps } from '../steps';
import { attribute, ParsedXml, XmlElement } from '../xml/xmlDocument';
import { attributeReference, eachElement, LayoutReference, nameOf, ownerOf, textReference } from './aclReferences';

export function readLayoutFile(xml: ParsedXml): LayoutReference[] {
  return runToEnd(readLayoutFileSteps(xml));
}

export function* readLayoutFileSteps(xml: ParsedXml): Steps<LayoutReference[]> {
  const out: LayoutReference[] = [];
  const root = xml.root;
  if (!root) return out;
  const visit = (element: XmlElement) => {
    const value =
      element.name === 'argument' && nameOf(element) === 'aclResource'
        ? textReference(xml.text, element, 'first')
        : attributeReference(attribute(element, 'aclResource'));
    if (value) out.push({ kind: 'layout', owner: element.name === 'argument' ? ownerOf(element) : { element: element.name, name: nameOf(element) }, ...value });
  };
  visit(root);
  yield* eachElement(root, visit);
  return out;
}
