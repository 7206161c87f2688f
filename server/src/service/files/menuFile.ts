/**
 * etc/adminhtml/menu.xml: the commands on admin menu items, as Magento_Backend reads them. Its converter
 * takes every element of `/config/menu/*` as a command named after the element (the director builds
 * `add`, `update` and `remove`), with the attributes read by getAttribute (decoded, untrimmed). The
 * builder chains the commands of one item id across all modules: `add` sets the item (it requires
 * `resource`), a later `update` overwrites what it lists (`resource` too), `remove` drops the item — so the
 * ACL id guarding an item may come from another module's `update`.
 */
import { runToEnd, Steps } from '../steps';
import { attribute, ParsedXml } from '../xml/xmlDocument';
import { attributeReference, attributeText, MenuReference } from './aclReferences';

export interface MenuCommand {
  readonly command: 'add' | 'update' | 'remove';
  /** The item id ('' when missing) and where it is written (-1 when missing). */
  readonly itemId: string;
  readonly itemIdStart: number;
  readonly itemIdEnd: number;
  readonly title: string | undefined;
  /** The element's `resource` attribute, when it has one with a value (`remove` has none). */
  readonly resource: MenuReference | undefined;
  readonly start: number;
  readonly end: number;
}

export interface MenuFile {
  /** In document order, the order Magento applies them in. */
  readonly commands: readonly MenuCommand[];
  readonly references: readonly MenuReference[];
}

export function readMenuFile(xml: ParsedXml): MenuFile {
  return runToEnd(readMenuFileSteps(xml));
}

const COMMANDS: ReadonlySet<string> = new Set(['add', 'update', 'remove']);

/** readMenuFile in steps (steps.ts): yields every 256 commands. */
export function* readMenuFileSteps(xml: ParsedXml): Steps<MenuFile> {
  const commands: MenuCommand[] = [];
  const references: MenuReference[] = [];
  const root = xml.root;
  if (root?.name !== 'config') return { commands, references };
  for (const menu of root.children) {
    if (menu.name !== 'menu') continue;
    for (const element of menu.children) {
      if (!COMMANDS.has(element.name)) continue;
      if (commands.length % 256 === 255) yield;
      const command = element.name as MenuCommand['command'];
      const id = attribute(element, 'id');
      const itemId = attributeText(element, 'id') ?? '';
      const title = attributeText(element, 'title');
      let resource: MenuReference | undefined;
      if (command !== 'remove') {
        const value = attributeReference(attribute(element, 'resource'));
        if (value) references.push((resource = { kind: 'menu', command, itemId, title, ...value }));
      }
      commands.push({
        command,
        itemId,
        itemIdStart: id && id.valueStart >= 0 ? id.valueStart : -1,
        itemIdEnd: id && id.valueStart >= 0 ? id.valueEnd : -1,
        title,
        resource,
        start: element.start,
        end: element.end,
      });
    }
  }
  return { commands, references };
}
