/**
 * What each diagnostic code means, for the reports that describe their rules (SARIF `tool.driver.rules`,
 * `--help`): one line, the runtime consequence, and how to fix it. The checks themselves live in the
 * language service; this is only their description (docs/magento-rules.md is the reference).
 */
import { DiagnosticCode, defaultSeverities, fileNames, SeverityLevel } from '../service/settings';

export interface RuleInfo {
  code: DiagnosticCode;
  /** PascalCase name (SARIF `reportingDescriptor.name`). */
  name: string;
  /** The files the rule applies to. */
  files: string[];
  /** One sentence: what is reported. */
  summary: string;
  /** What Magento does at runtime, and why that matters. */
  why: string;
  /** How to fix it (and which quick-fix / --fix does it). */
  fix: string;
  /** Default level, as in the settings (`code@file` defaults included in `why`). */
  level: SeverityLevel;
}

const INTEGRATION = ['etc/integration/api.xml', 'etc/integration.xml'];
const ALL = ['etc/integration/api.xml', 'etc/integration/config.xml', 'etc/integration.xml', 'etc/acl.xml', 'etc/webapi.xml'];
const IDS = ['etc/integration/api.xml', 'etc/integration.xml', 'etc/webapi.xml'];

const table: Array<Omit<RuleInfo, 'level'>> = [
  {
    code: 'xml-syntax',
    name: 'XmlSyntax',
    files: ALL,
    summary: 'The document is not well-formed XML.',
    why: 'Magento fails to load a module configuration file that does not parse, usually at setup:upgrade or on the first request that needs it.',
    fix: 'Correct the XML at the reported position (unclosed tag, stray character, mismatched quotes).',
  },
  {
    code: 'schema',
    name: 'Schema',
    files: ALL,
    summary: "A violation of the file's Magento XSD: an unexpected, misplaced or missing element or attribute, the element order of config.xml, or a value breaking a pattern or length.",
    why: 'Magento checks these schemas only in developer mode and only on the merged document; in production an invalid file is silently accepted and misread.',
    fix: "Follow the message: it names the element or attribute and what the XSD expects there (config.xml children come in the order email, endpoint_url, identity_link_url).",
  },
  {
    code: 'missing-parent',
    name: 'MissingParent',
    files: INTEGRATION,
    summary: 'An ACL resource is listed without all of its ancestors below Magento_Backend::admin in the same integration (the union over every api.xml declaring that integration name).',
    why: 'For api.xml Magento allows the listed id but explicitly denies every ancestor that is not listed, so Web API routes that need the parent are refused to the integration. In integration.xml Magento adds the ancestors itself, so the rule is off there by default (missing-parent@integration.xml).',
    fix: 'Add the missing <resource> elements, root first. The "Add missing parent resources" quick-fix and magento-integration-check --fix insert exactly the missing ones.',
  },
  {
    code: 'unknown-resource',
    name: 'UnknownResource',
    files: IDS,
    summary: "The resource id's module is known (in the workspace or the bundled Magento catalog) but declares no such id in any acl.xml.",
    why: 'Magento silently drops an id that is not in the ACL tree: the integration never gets that permission, and a webapi.xml route with such a ref answers 401 to everyone but full-access users.',
    fix: 'Use the id the module really declares; the message suggests the nearest ones ("did you mean").',
  },
  {
    code: 'unverifiable-resource',
    name: 'UnverifiableResource',
    files: IDS,
    summary: "The resource id's module is neither in the checked folders nor in the bundled Magento Open Source catalog, so the id cannot be checked.",
    why: 'If the module does not exist where the integration is installed, Magento silently drops the id. Often a third-party or Adobe Commerce module.',
    fix: 'Index the module that declares it (check a whole project, or pass --magento-root), or lower the level with --rule unverifiable-resource=off.',
  },
  {
    code: 'removed-resource',
    name: 'RemovedResource',
    files: IDS,
    summary: 'The resource id existed in an earlier Magento release and no longer exists (the message names the releases).',
    why: 'On current Magento the id is silently dropped: the integration does not get that permission.',
    fix: 'Replace it with its successor; the message suggests candidates.',
  },
  {
    code: 'grants-everything',
    name: 'GrantsEverything',
    files: INTEGRATION,
    summary: 'Magento_Backend::all is listed.',
    why: 'It grants every Web API of the store to the integration, far more than an integration usually needs.',
    fix: 'List the resources the integration needs instead.',
  },
  {
    code: 'redundant-root',
    name: 'RedundantRoot',
    files: INTEGRATION,
    summary: 'Magento_Backend::admin is listed.',
    why: 'Magento adds Magento_Backend::admin to every integration itself, so the entry has no effect.',
    fix: 'Remove the entry (a safe fix: --fix removes it).',
  },
  {
    code: 'duplicate-resource',
    name: 'DuplicateResource',
    files: INTEGRATION,
    summary: 'The same resource id is listed twice in one integration.',
    why: 'The second entry has no effect and hides the real list when reviewing.',
    fix: 'Remove the repeated entry (a safe fix: --fix removes it).',
  },
  {
    code: 'duplicate-integration',
    name: 'DuplicateIntegration',
    files: ['etc/integration/api.xml', 'etc/integration/config.xml', 'etc/integration.xml'],
    summary: 'The same integration name is declared twice in one file.',
    why: 'Magento merges the two by name (resource lists are joined; the email and URLs of the later one win), which hides what the integration really gets.',
    fix: 'Merge the two declarations into one.',
  },
  {
    code: 'disabled-resource',
    name: 'DisabledResource',
    files: INTEGRATION,
    summary: 'The resource id lies in a disabled="true" subtree of the ACL tree.',
    why: 'Magento removes disabled resources and their whole subtree: the permission is never granted.',
    fix: 'Use an enabled resource, or enable the subtree in acl.xml if that was the mistake.',
  },
  {
    code: 'integration-without-resources',
    name: 'IntegrationWithoutResources',
    files: ['etc/integration/config.xml'],
    summary: 'A config.xml integration has no api.xml (or integration.xml) entry of the same name in the module.',
    why: 'Magento creates the integration with no permissions at all: every Web API call fails.',
    fix: 'Add an <integration name="..."> with its <resources> to etc/integration/api.xml (the quick-fix creates it).',
  },
  {
    code: 'integration-without-config',
    name: 'IntegrationWithoutConfig',
    files: ['etc/integration/api.xml'],
    summary: 'An api.xml integration has no config.xml entry of the same name in the module.',
    why: 'processIntegrationConfig() creates integrations from config.xml only: this one is never created and its resource list is ignored.',
    fix: 'Add the integration (with its <email>) to etc/integration/config.xml (the quick-fix creates it).',
  },
  {
    code: 'acl-conflicting-parent',
    name: 'AclConflictingParent',
    files: ['etc/acl.xml'],
    summary: 'The same ACL id is declared under different parents in different acl.xml files.',
    why: "Magento throws \"Resource id '...' already exists\" when it builds the merged ACL tree, breaking the admin and the Web API.",
    fix: 'Declare the id under the same parent everywhere; the related locations show the other declarations.',
  },
  {
    code: 'acl-missing-title',
    name: 'AclMissingTitle',
    files: ['etc/acl.xml'],
    summary: 'An ACL id has a title in no acl.xml file.',
    why: "Magento's merged ACL schema requires a title in at least one file; without one the role and integration editors show the node without a name.",
    fix: 'Add a title="..." attribute (3 to 50 characters) where the id is declared by its own module.',
  },
];

export const RULES: RuleInfo[] = table.map((r) => ({ ...r, level: defaultSeverities[r.code] }));

export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.code));

/** The file names a `code@file` key may name (api.xml, config.xml, ...). */
export const FILE_NAMES: ReadonlySet<string> = new Set(Object.values(fileNames));

export function ruleOf(code: string): RuleInfo | undefined {
  return RULES.find((r) => r.code === code);
}

/** Plain-text help for one rule (SARIF `help.text`). */
export function helpText(rule: RuleInfo): string {
  return `${rule.summary}\n\n${rule.why}\n\nFix: ${rule.fix}\n\nApplies to: ${rule.files.join(', ')}. Default level: ${rule.level} (change it with --rule ${rule.code}=LEVEL or the magentoIntegration.severity setting).`;
}

/** Markdown help for one rule (SARIF `help.markdown`, shown by GitHub code scanning). */
export function helpMarkdown(rule: RuleInfo): string {
  return [
    `**${rule.code}**: ${rule.summary}`,
    '',
    `**Why it matters.** ${rule.why}`,
    '',
    `**How to fix.** ${rule.fix}`,
    '',
    `Applies to ${rule.files.map((f) => `\`${f}\``).join(', ')}. Default level: \`${rule.level}\`; change it with ` +
      `\`--rule ${rule.code}=LEVEL\` or the \`magentoIntegration.severity\` setting.`,
  ].join('\n');
}
