/**
 * PHP reader: ADMIN_RESOURCE constants and isAllowed('…') literals, found only where PHP sees a string
 * literal in those positions — never in comments, heredocs, inline HTML or interpolating strings.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isPhpCandidate, isPhpCandidateText, readPhpFile } from '../src/service/files/phpFile';
import { describeReference } from '../src/service/files/aclReferences';
import { phpTokens, unescapeDoubleQuoted } from '../src/service/php/phpLexer';
import { cursor, readMarked } from './helpers';

const references = (textWithMarkers: string) => readMarked(textWithMarkers, readPhpFile);

test('php: an admin controller — ADMIN_RESOURCE and isAllowed literals with their class and method', () => {
  const refs = references(`<?php
/**
 * Copyright © Vendor. const ADMIN_RESOURCE = 'Vendor_Shop::in_docblock'; $this->_authorization->isAllowed('Vendor_Shop::doc');
 */
declare(strict_types=1);

namespace Vendor\\Shop\\Controller\\Adminhtml\\Order;

use Magento\\Backend\\App\\Action;
use function sprintf;

#[\\AllowDynamicProperties]
class Index extends Action implements \\Magento\\Framework\\App\\Action\\HttpGetActionInterface
{
    public const ADMIN_RESOURCE = '|Vendor_Shop::orders|';
    private const OTHER = 'Vendor_Shop::not_admin_resource';

    public function execute()
    {
        // $this->_authorization->isAllowed('Vendor_Shop::line_comment');
        # $this->_authorization->isAllowed('Vendor_Shop::hash_comment');
        /* $this->_authorization->isAllowed('Vendor_Shop::block_comment'); */
        $class = Index::class;
        return $this->resultFactory->create('page');
    }

    protected function _isAllowed()
    {
        return $this->_authorization->isAllowed("|Vendor_Shop::view|")
            && $this->_authorization?->isAllowed(
                '|Vendor_Shop::edit|' // the second one
            );
    }
}
`);
  assert.deepEqual(
    refs.map((r) => [r.via, r.id, r.className, r.functionName, r.quote]),
    [
      ['ADMIN_RESOURCE', 'Vendor_Shop::orders', 'Vendor\\Shop\\Controller\\Adminhtml\\Order\\Index', undefined, "'"],
      ['isAllowed', 'Vendor_Shop::view', 'Vendor\\Shop\\Controller\\Adminhtml\\Order\\Index', '_isAllowed', '"'],
      ['isAllowed', 'Vendor_Shop::edit', 'Vendor\\Shop\\Controller\\Adminhtml\\Order\\Index', '_isAllowed', "'"],
    ],
  );
  assert.equal(describeReference(refs[0]), 'controller Vendor\\Shop\\Controller\\Adminhtml\\Order\\Index');
  assert.equal(describeReference(refs[1]), 'controller Vendor\\Shop\\Controller\\Adminhtml\\Order\\Index');
});

test('php: only literals count — no variable, constant, concatenation or interpolating string', () => {
  const refs = references(`<?php
class Block
{
    const ADMIN_RESOURCE = 'Vendor_Shop::' . 'concat';
    const A = 'x', ADMIN_RESOURCE_2 = 'y';
    public function check($resource)
    {
        $this->auth->isAllowed($resource);
        $this->auth->isAllowed(static::ADMIN_RESOURCE);
        $this->auth->isAllowed(self::ADMIN_RESOURCE);
        $this->auth->isAllowed('Vendor_Shop::' . $suffix);
        $this->auth->isAllowed("Vendor_Shop::{$suffix}");
        $this->auth->isAllowed("Vendor_Shop::$suffix");
        $this->auth->isAllowed("Vendor_Shop::\${suffix}");
        $this->auth->isAllowed(resource: '|Vendor_Shop::named|');
        $this->auth->isAllowed('|Vendor_Shop::with_privilege|', 'edit');
        $acl->isAllowed($role, 'Vendor_Shop::second_argument');
        isAllowed('Vendor_Shop::a_function_not_a_method');
        Auth::isAllowed('Vendor_Shop::static_call');
        $this->auth->isAllowed ( /* c */ '|Vendor_Shop::spaced|' /* d */ ) ;
        $this->auth->IsAllowed('|Vendor_Shop::any_case|');
        $this->auth->isAllowed(\`Vendor_Shop::backtick\`);
    }
}
`);
  assert.deepEqual(refs.map((r) => r.id), ['Vendor_Shop::named', 'Vendor_Shop::with_privilege', 'Vendor_Shop::spaced', 'Vendor_Shop::any_case']);
});

test('php: escapes as PHP resolves them; double quotes without interpolation', () => {
  const refs = references(String.raw`<?php class A {
    const ADMIN_RESOURCE = '|Vendor_Shop::it\'s \\ \n|';
    function f() {
        $this->a->isAllowed("|Vendor_Shop::tab\there \$ \" \x41\101\u{1F600} \q|");
        $this->a->isAllowed('|é😀::x|');
    }
}`);
  assert.deepEqual(refs.map((r) => r.id), ["Vendor_Shop::it's \\ \\n", 'Vendor_Shop::tab\there $ " AA\u{1F600} \\q', 'é😀::x']);
  assert.equal(unescapeDoubleQuoted('\\400\\x4'), '\0\x04');
});

test('php: heredoc, nowdoc, inline HTML and `?>` — code only where PHP sees code', () => {
  const refs = references(`<html><?= 'not code before the tag' ?> isAllowed('Vendor_Shop::html') <?php
class A {
    public function f() {
        $sql = <<<SQL
            SELECT $this->isAllowed('Vendor_Shop::heredoc') {$x->isAllowed('Vendor_Shop::in_interpolation')}
            SQL;
        $now = <<<'EOT'
        $this->a->isAllowed('Vendor_Shop::nowdoc');
        EOT;
        $s = "?> <?php \\"$this->a->isAllowed('Vendor_Shop::in_double_quotes')\\"";
        $t = '?>'; $this->a->isAllowed('|Vendor_Shop::after_close_tag_in_string|');
        // a comment ends at ?> $this->a->isAllowed('Vendor_Shop::inline_html');
        <?php $this->a->isAllowed('|Vendor_Shop::code_again|');
        #[Attribute('Vendor_Shop::attribute')] $this->a->isAllowed('|Vendor_Shop::after_attribute|');
        $y = "{$a["k"]}"; $this->a->isAllowed('|Vendor_Shop::after_nested_quotes|');
    }
}
?>
<p><?php echo $block->getAuthorization()->isAllowed('|Vendor_Shop::template|') ?></p>
`);
  assert.equal(refs.length, 5);
  // The label closes a heredoc at a line start, but not inside code interpolated in it.
  for (const heredoc of ['<<<X\n  {$b["X"]}\n  X', '<<<"X"\r\n{$b[\nX\n]}\r\nX', "<<<'X'\n{$b[\nX"]) {
    const kinds = phpTokens(`<?php $a = ${heredoc};\n$c = 'after';`).map((t) => (t.kind === 'string' ? `'${t.value}'` : t.kind));
    assert.deepEqual(kinds, ['variable', 'punct', 'heredoc', 'punct', 'variable', 'punct', "'after'", 'punct'], heredoc);
  }
});

test('php: classes in one file — anonymous, nested in methods, braced namespaces, interfaces — each reference names its own', () => {
  const refs = references(`<?php
namespace Vendor\\One {
    interface Guarded { const ADMIN_RESOURCE = '|Vendor_Shop::interface|'; public function f(); }
    abstract class First implements Guarded {
        abstract protected function g();
        public function h() {
            $inner = new class($this) extends \\Base {
                const ADMIN_RESOURCE = '|Vendor_Shop::anonymous|';
                public function __construct($o) { $o->auth->isAllowed('|Vendor_Shop::in_anonymous|'); }
            };
            $fn = function () { return $this->auth->isAllowed('|Vendor_Shop::in_closure|'); };
            if ($x) { $this->auth->isAllowed('|Vendor_Shop::in_block|'); }
        }
    }
}
namespace {
    final class Second { const ADMIN_RESOURCE = "|Vendor_Shop::global|"; }
    function helper() { $GLOBALS['a']->isAllowed('|Vendor_Shop::function|'); }
    const ADMIN_RESOURCE = 'Vendor_Shop::not_a_class_constant';
}
`);
  assert.deepEqual(
    refs.map((r) => [r.id, r.className, r.functionName]),
    [
      ['Vendor_Shop::interface', 'Vendor\\One\\Guarded', undefined],
      ['Vendor_Shop::anonymous', 'class@anonymous', 'h'],
      ['Vendor_Shop::in_anonymous', 'class@anonymous', '__construct'],
      ['Vendor_Shop::in_closure', 'Vendor\\One\\First', 'h'],
      ['Vendor_Shop::in_block', 'Vendor\\One\\First', 'h'],
      ['Vendor_Shop::global', 'Second', undefined],
      ['Vendor_Shop::function', undefined, 'helper'],
    ],
  );
  assert.deepEqual(refs.map(describeReference).slice(0, 2), ['Vendor\\One\\Guarded::ADMIN_RESOURCE', 'class@anonymous::ADMIN_RESOURCE'], 'outside a Controller namespace, not a controller');
  assert.equal(describeReference(refs[3]), 'Vendor\\One\\First::h()');
  assert.equal(describeReference(refs[6]), 'function helper()');
});

test('php: a method of the file that hands its first parameter to isAllowed makes its literal arguments references', () => {
  const refs = references(`<?php
class View extends \\Magento\\Backend\\Block\\Widget\\Form\\Container
{
    protected function _construct()
    {
        if ($this->_isAllowedAction('|Magento_Sales::hold|') && $this->canHold()) {}
        $this->_isAllowedAction(
            '|Magento_Sales::ship|'
        );
        $this->getUrl('sales/order/hold');
        $this->other('Vendor_Shop::not_a_wrapper');
    }
    protected function _isAllowedAction($resourceId)
    {
        return $this->_authorization->isAllowed($resourceId);
    }
    private function other(string $id, $resourceId = null)
    {
        return $this->_authorization->isAllowed($resourceId);
    }
}
`);
  assert.deepEqual(refs.map((r) => [r.id, r.wrapper, r.functionName]), [
    ['Magento_Sales::hold', '_isAllowedAction', '_construct'],
    ['Magento_Sales::ship', '_isAllowedAction', '_construct'],
  ]);
});

test('php: CRLF, a BOM and half-typed code', () => {
  references('\uFEFF<?php\r\nclass A\r\n{\r\n    const ADMIN_RESOURCE = \'|Vendor_Shop::crlf|\';\r\n}\r\n');
  const { text, offset } = cursor("<?php class A { function f() { $this->a->isAllowed('|'); $this->a->isAllowed('Vendor_");
  assert.deepEqual(readPhpFile(text).map((r) => [r.id, r.start, r.end]), [['', offset, offset]], 'an empty literal is a reference at the cursor; an unterminated one is none');
  assert.deepEqual(readPhpFile("<?php class A { const ADMIN_RESOURCE = 'Vendor_Shop::unterminated"), []);
  assert.deepEqual(readPhpFile('<?php class A { const ADMIN_RESOURCE = "Vendor_Shop::{$x"; }'), []);
  assert.deepEqual(readPhpFile('no php here isAllowed(\'Vendor_Shop::x\')'), []);
  assert.deepEqual(readPhpFile("<?php /* never closed $this->a->isAllowed('Vendor_Shop::x');"), []);
});

test('php: hostile input — deep nesting, long files, binary — answers in linear time without throwing', () => {
  const deep = '<?php ' + '{'.repeat(100_000) + "$this->a->isAllowed('Vendor_Shop::deep');" + '}'.repeat(100_000);
  assert.deepEqual(readPhpFile(deep).map((r) => r.id), ['Vendor_Shop::deep']);
  const unbalanced = "<?php class A { const ADMIN_RESOURCE = 'Vendor_Shop::a'; }}}}} class B { const ADMIN_RESOURCE = 'Vendor_Shop::b'; ((((";
  assert.deepEqual(readPhpFile(unbalanced).map((r) => [r.id, r.className]), [['Vendor_Shop::a', 'A'], ['Vendor_Shop::b', 'B']]);
  const many = '<?php class A { function f() {\n' + "$this->a->isAllowed('Vendor_Shop::x');\n".repeat(50_000) + '} }';
  assert.equal(readPhpFile(many).length, 50_000);
  let binary = '';
  for (let i = 0; i < 200_000; i++) binary += String.fromCharCode((i * 7919) % 65536);
  assert.doesNotThrow(() => readPhpFile('<?php ' + binary));
  assert.doesNotThrow(() => readPhpFile('<?php "' + '{$'.repeat(50_000)));
  // Strings in code in strings, nested without end: bounded, not a stack overflow.
  assert.deepEqual(readPhpFile('<?php ' + '"{$a.'.repeat(50_000)), []);
  assert.deepEqual(readPhpFile('<?php $x = <<<A\n' + '{$a.<<<A\n'.repeat(20_000)), []);
  const nested = '<?php $s = "' + '{$a["'.repeat(5) + 'k' + '"]}'.repeat(5) + "\"; $this->a->isAllowed('Vendor_Shop::after');";
  assert.deepEqual(readPhpFile(nested).map((r) => r.id), ['Vendor_Shop::after'], 'real nesting is read exactly');
});

test('php: the candidate test finds every file the reader could read something in, from bytes', () => {
  const yes = ["<?php const ADMIN_RESOURCE = 'x';", "<?php $a->isAllowed('x');", "<?php $a->ISALLOWED('x');", "<?php $a->Isallowed('x');"];
  const no = ['<?php echo "allowed";', '<?php $notAllowed = 1; // isallow', ''];
  for (const text of yes) assert.equal(isPhpCandidate(Buffer.from(text)), true, text);
  for (const text of no) assert.equal(isPhpCandidate(Buffer.from(text)), false, text);
  for (const text of yes) assert.equal(isPhpCandidateText(text), true, text);
  for (const text of no) assert.equal(isPhpCandidateText(text), false, text);
  assert.equal(isPhpCandidate(new Uint8Array(Buffer.from("x $a->isAllowed('y')"))), true, 'a plain Uint8Array');
  // A file the candidate test rejects yields nothing from the reader.
  for (const text of no) assert.deepEqual(readPhpFile(text), []);
});

test('php: references deep inside blocks cost no scan of the blocks around them', () => {
  const depth = 100_000;
  const text = "<?php class A { function f() {" + '{'.repeat(depth) + "$this->a->isAllowed('Vendor_Shop::x');\n".repeat(20_000) + '}'.repeat(depth) + '} }';
  const refs = readPhpFile(text);
  assert.equal(refs.length, 20_000);
  assert.deepEqual([refs[0].className, refs[0].functionName], ['A', 'f']);
});
