/** etc/webapi.xml: routes and the ACL refs each requires. */
import { runToEnd, Steps } from '../steps';
import { attribute, ParsedXml } from '../xml/xmlDocument';

export interface WebapiRoute {
  readonly method: string;
  readonly url: string;
  readonly refs: readonly { readonly ref: string; readonly start: number; readonly end: number }[];
  readonly start: number;
}

export function readWebapiRoutes(xml: ParsedXml): WebapiRoute[] {
  return runToEnd(readWebapiRoutesSteps(xml));
}

/** readWebapiRoutes in steps (steps.ts): yields every 256 routes. */
export function* readWebapiRoutesSteps(xml: ParsedXml): Steps<WebapiRoute[]> {
  const out: WebapiRoute[] = [];
  for (const route of xml.root?.children ?? []) {
    if (route.name !== 'route') continue;
    if (out.length % 256 === 255) yield;
    const refs: { ref: string; start: number; end: number }[] = [];
    for (const resources of route.children) {
      if (resources.name !== 'resources') continue;
      for (const resource of resources.children) {
        if (resource.name !== 'resource') continue;
        const ref = attribute(resource, 'ref');
        if (ref?.value !== undefined) refs.push({ ref: ref.value, start: ref.valueStart, end: ref.valueEnd });
      }
    }
    out.push({ method: attribute(route, 'method')?.value ?? '', url: attribute(route, 'url')?.value ?? '', start: route.start, refs });
  }
  return out;
}
