/** etc/webapi.xml: routes and the ACL refs each requires. */
import { attribute, childrenNamed, ParsedXml } from '../xml/xmlDocument';

export interface WebapiRoute {
  readonly method: string;
  readonly url: string;
  readonly refs: readonly { readonly ref: string; readonly start: number; readonly end: number }[];
  readonly start: number;
}

export function readWebapiRoutes(xml: ParsedXml): WebapiRoute[] {
  return childrenNamed(xml.root, 'route').map((route) => ({
    method: attribute(route, 'method')?.value ?? '',
    url: attribute(route, 'url')?.value ?? '',
    start: route.start,
    refs: childrenNamed(route, 'resources').flatMap((resources) =>
      childrenNamed(resources, 'resource').flatMap((resource) => {
        const ref = attribute(resource, 'ref');
        return ref?.value !== undefined ? [{ ref: ref.value, start: ref.valueStart, end: ref.valueEnd }] : [];
      }),
    ),
  }));
}
