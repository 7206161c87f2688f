/**
 * etc/integration/api.xml (`<integrations>`) and etc/integration.xml (`<config>`): integrations and the
 * resource ids they list. Both share the shape integration > resources > resource@name.
 */
import type { Steps } from '../steps';
import { attribute, ParsedXml, XmlAttribute, XmlElement } from '../xml/xmlDocument';

export interface ResourceEntry {
  /** Trimmed value of `name`; '' when the attribute is missing or unfinished. */
  readonly id: string;
  readonly element: XmlElement;
  readonly nameAttribute: XmlAttribute | undefined;
}

export interface IntegrationEntry {
  readonly name: string;
  readonly element: XmlElement;
  readonly resources: readonly ResourceEntry[];
}

/** The integrations of the file, in steps (steps.ts): yields every 256 integrations. */
export function* readIntegrationsSteps(xml: ParsedXml): Steps<IntegrationEntry[]> {
  const root = xml.root;
  if (!root) return [];
  const out: IntegrationEntry[] = [];
  for (const element of root.children) {
    if (element.name !== 'integration') continue;
    if (out.length % 256 === 255) yield;
    const resources: ResourceEntry[] = [];
    for (const list of element.children) {
      if (list.name !== 'resources') continue;
      for (const resource of list.children) {
        if (resource.name !== 'resource') continue;
        const nameAttribute = attribute(resource, 'name');
        resources.push({ id: nameAttribute?.value?.trim() ?? '', element: resource, nameAttribute });
      }
    }
    out.push({ name: attribute(element, 'name')?.value ?? '', element, resources });
  }
  return out;
}

/** The integration and resource entry whose element contains `offset`, if any. */
export function entryAt(integrations: readonly IntegrationEntry[], offset: number):
  { integration: IntegrationEntry | undefined; resource: ResourceEntry | undefined } {
  for (const integration of integrations) {
    if (offset < integration.element.start || offset > integration.element.end) continue;
    const resource = integration.resources.find((r) => offset >= r.element.start && offset <= r.element.end);
    return { integration, resource };
  }
  return { integration: undefined, resource: undefined };
}
