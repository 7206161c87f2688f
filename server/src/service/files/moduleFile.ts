/** etc/module.xml: the module's name, which identifies the module an acl.xml belongs to. */
import { attribute, childrenNamed, ParsedXml } from '../xml/xmlDocument';

export function readModuleName(xml: ParsedXml): string | undefined {
  return childrenNamed(xml.root, 'module').map((m) => attribute(m, 'name')?.value?.trim()).find(Boolean);
}

/** Module name from a Magento path: app/code/<Vendor>/<Module>/etc/... */
export function moduleNameFromPath(path: string): string | undefined {
  const m = /\/app\/code\/([^/]+)\/([^/]+)\/etc\//.exec(path.replace(/\\/g, '/'));
  return m ? `${m[1]}_${m[2]}` : undefined;
}
