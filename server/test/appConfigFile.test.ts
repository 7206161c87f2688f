/** app/etc/config.php reader: enabled and disabled modules, read without running PHP; anything else is one error. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readAppConfigFile } from '../src/service/files/appConfigFile';
import { cursor, marked } from './helpers';

test('config.php: modules in file order, enabled as ModuleList::has() decides (not empty())', () => {
  const { text, ranges } = marked(`<?php
// Written by setup:upgrade.
return [
    'modules' => [
        '|Magento_Store|' => 1,
        '|Magento_Directory|' => 0,
        "|Vendor_Shop|" => true,
        '|Vendor_Off|' => '0',
        '|Vendor_On|' => '1',
        '|Vendor_Null|' => null,
        '|Vendor_Hex|' => 0x1,
    ],
    'scopes' => ['websites' => ['admin' => ['website_id' => '0', 'code' => 'admin']]],
    'system' => [],
    'i18n' => [],
];
`);
  const file = readAppConfigFile(text);
  assert.equal(file.error, undefined);
  assert.deepEqual(
    file.modules.map((m) => [m.name, m.enabled]),
    [['Magento_Store', true], ['Magento_Directory', false], ['Vendor_Shop', true], ['Vendor_Off', false], ['Vendor_On', true], ['Vendor_Null', false], ['Vendor_Hex', true]],
  );
  assert.deepEqual(file.modules.map((m) => ({ start: m.start, end: m.end })), ranges);
});

test('config.php: array() syntax, CRLF, a closing tag, a repeated key (first place, last value)', () => {
  const file = readAppConfigFile("<?php\r\nreturn array(\r\n  'modules' => array('A_One' => 1, 'B_Two' => 1, 'A_One' => 0,),\r\n);\r\n?>\r\n");
  assert.equal(file.error, undefined);
  assert.deepEqual(file.modules.map((m) => [m.name, m.enabled]), [['A_One', false], ['B_Two', true]]);
  assert.deepEqual(readAppConfigFile("<?php return ['scopes' => []];"), { modules: [], error: undefined }, 'no modules key: nothing to say');
});

test('config.php: code instead of literals is one error on the first token not read, and no modules', () => {
  const cases = [
    "<?php return ['modules' => ['A_One' => |getenv|('X')]];",
    "<?php return ['modules' => |array_merge|(['A_One' => 1], [])];",
    "<?php return ['modules' => ['A_One' => 1, |\\Foo|::BAR => 1]];",
    "<?php return ['modules' => ['A_' |.| 'One' => 1]];",
    "<?php return ['modules' => [|$name| => 1]];",
    '<?php return [\'modules\' => ["|A_{$x}|" => 1]];',
    "<?php |$x| = 1; return ['modules' => ['A_One' => 1]];",
    "<?php return ['modules' => ['A_One' => 1]]; |echo| 'x';",
    "<?php return ['modules' => '|none|'];",
    "<?php return ['modules' => ['A_One' => |1.5|]];",
    "<?php return ['modules' => [|7| => 1]];",
    "<?php return ['modules' => ['A_One' => |[|]]];",
  ];
  for (const c of cases) {
    const { text, ranges } = marked(c);
    const file = readAppConfigFile(text);
    assert.deepEqual(file.modules, [], c);
    assert.ok(file.error, c);
    assert.deepEqual({ start: file.error.start, end: file.error.end }, ranges[0], `${c}: ${file.error.message}`);
  }
});

test('config.php: empty, half-typed or hostile files are one error, never a throw', () => {
  const { text, offset } = cursor("<?php return ['modules' => ['A_One' => 1,|");
  const half = readAppConfigFile(text);
  assert.deepEqual([half.modules, half.error?.start], [[], offset]);
  for (const t of ['', 'not php', '<?php', "<?php return 'x';", '<?php return ' + '['.repeat(100_000) + ']'.repeat(100_000) + ';']) {
    const file = readAppConfigFile(t);
    assert.ok(file.error, JSON.stringify(t.slice(0, 40)));
    assert.deepEqual(file.modules, []);
  }
  assert.match(readAppConfigFile('<?php return ' + '['.repeat(100) + ']'.repeat(100) + ';').error!.message, /nest more than 64/);
});
