/**
 * etc/integration/api.xml (`<integrations>`) and etc/integration.xml (`<config>`): integrations and the
 * resource ids they list. Both share the shape integration > resources > resource@name.
 */
import { attribute, childrenNamed, ParsedXml, XmlAttribute, XmlElement } from '../xml/xmlDocument';

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

export function readIntegrations(xml: ParsedXml): IntegrationEntry[] {
  const root = xml.root;
  if (!root) return [];
  return childrenNamed(root, 'integration').map((element) => ({
    name: attribute(element, 'name')?.value ?? '',
    element,
    resources: childrenNamed(element, 'resources').flatMap((resources) =>
      childrenNamed(resources, 'resource').map((resource) => {
        const nameAttribute = attribute(resource, 'name');
        return { id: nameAttribute?.value?.trim() ?? '', element: resource, nameAttribute };
      }),
    ),
  }));
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
