import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineStartsSteps, positionIn } from '../src/service/positions';
import { runToEnd } from '../src/service/steps';
import { fuzzSettings } from './fuzz/invariants';

test('property: positions from the stepped line table equal TextDocument.positionAt (CR, LF, CRLF, astral characters)', () => {
  const text = fc.array(fc.constantFrom('a', '\r', '\n', '\r\n', '😀', ' ', '<'), { maxLength: 60 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(text, fc.integer({ min: -2, max: 70 }), (t, offset) => {
      const starts = runToEnd(lineStartsSteps(t));
      assert.deepEqual(positionIn(t, starts, offset), TextDocument.create('file:///x.xml', 'xml', 1, t).positionAt(offset));
    }),
    fuzzSettings(2000),
  );
});
