/**
 * view/adminhtml/ui_component/*.xml: the ACL ids a UI component checks. `<aclResource>` is a semantic
 * setting (of a `dataSource`, which the Ui render controller checks before answering, and of a `button`);
 * the definition map reads it as `trim($node->nodeValue)`. `<item name="aclResource">` is the same value in
 * the older argument form (`dataSource > argument[dataProvider] > argument[data] > item[config] >
 * item[aclResource]`, or a component's own data), read as Config\Converter\Dom\Flat reads text: the first
 * text that is not blank, as written.
 */
import { runToEnd, Steps } from '../steps';
import type { ParsedXml } from '../xml/xmlDocument';
import { eachElement, nameOf, ownerOf, textReference, UiComponentReference } from './aclReferences';

export function readUiComponentFile(xml: ParsedXml): UiComponentReference[] {
  return runToEnd(readUiComponentFileSteps(xml));
}

export function* readUiComponentFileSteps(xml: ParsedXml): Steps<UiComponentReference[]> {
  const out: UiComponentReference[] = [];
  const root = xml.root;
  if (!root) return out;
  yield* eachElement(root, (element) => {
    const semantic = element.name === 'aclResource';
    if (!semantic && !(element.name === 'item' && nameOf(element) === 'aclResource')) return;
    const value = textReference(xml.text, element, semantic ? 'trimmed' : 'first');
    if (value) out.push({ kind: 'ui-component', componentType: root.name, owner: ownerOf(element), ...value });
  });
  return out;
}
