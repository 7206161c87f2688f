/** etc/acl.xml: the resource declarations of one file, each with the id of its enclosing resource. */
import { runToEnd, Steps } from '../steps';
import { attribute, childrenNamed, ParsedXml, XmlElement } from '../xml/xmlDocument';

export interface AclDeclaration {
  readonly id: string;
  /** Id of the enclosing `<resource>`; undefined at the top of `<resources>`. */
  readonly parentId: string | undefined;
  readonly title: string | undefined;
  readonly sortOrder: number | undefined;
  readonly disabled: boolean;
  /** Offsets of the id attribute value in its file. */
  readonly idStart: number;
  readonly idEnd: number;
  /** 0-based position of the id value, for declarations known only by line (the bundled catalog). */
  readonly line?: number;
  readonly character?: number;
}

export function readAclFile(xml: ParsedXml): AclDeclaration[] {
  return runToEnd(readAclFileSteps(xml));
}

/** readAclFile in steps (steps.ts): yields every 256 declarations. Iterative, in document order. */
export function* readAclFileSteps(xml: ParsedXml): Steps<AclDeclaration[]> {
  const out: AclDeclaration[] = [];
  const root = xml.root;
  if (!root) return out;
  // Tolerate a missing <config> wrapper: users paste fragments while editing.
  const acls = root.name === 'acl' ? [root] : childrenNamed(root, 'acl');
  for (const acl of acls) {
    for (const resources of childrenNamed(acl, 'resources')) {
      // A stack of open containers, each with the next child to look at and the id its children hang below.
      const stack: Array<{ children: readonly XmlElement[]; next: number; parentId: string | undefined }> = [{ children: resources.children, next: 0, parentId: undefined }];
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (top.next >= top.children.length) {
          stack.pop();
          continue;
        }
        const element = top.children[top.next++];
        if (element.name !== 'resource') continue;
        if (out.length % 256 === 255) yield;
        const idAttr = attribute(element, 'id');
        const id = idAttr?.value?.trim();
        if (!idAttr || !id) {
          // An id-less resource cannot be merged; its children still hang below the last known ancestor.
          stack.push({ children: element.children, next: 0, parentId: top.parentId });
          continue;
        }
        const sortOrder = attribute(element, 'sortOrder')?.value;
        out.push({
          id,
          parentId: top.parentId,
          title: attribute(element, 'title')?.value,
          sortOrder: sortOrder !== undefined && /^-?\d+$/.test(sortOrder.trim()) ? Number(sortOrder) : undefined,
          // xs:boolean: "true" and "1" both disable.
          disabled: ['true', '1'].includes(attribute(element, 'disabled')?.value?.trim() ?? ''),
          idStart: idAttr.valueStart,
          idEnd: idAttr.valueEnd,
        });
        stack.push({ children: element.children, next: 0, parentId: id });
      }
    }
  }
  return out;
}
