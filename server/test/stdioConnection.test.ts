/**
 * The --stdio writer: one write per message, framed so that vscode-jsonrpc's own reader reads it back, with
 * Content-Length in bytes (not characters); and the server process exits as vscode-languageserver's own
 * stdio would when its input ends.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Message, StreamMessageReader } from 'vscode-jsonrpc/node';
import { FramedMessageReader, MAX_MESSAGE_BYTES, SingleWriteMessageWriter } from '../src/stdioConnection';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'magento-integration-ls');

test('each message is one write, and vscode-jsonrpc reads the frames back, multi-byte characters included', async () => {
  const writes: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(Buffer.from(chunk));
      callback();
    },
  });
  const writer = new SingleWriteMessageWriter(sink);
  const messages: Message[] = [
    { jsonrpc: '2.0', id: 1, result: { label: 'Magento_Sales::reorder', detail: 'Réorder 😀 ✓' } } as Message,
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 4, message: 'x'.repeat(100_000) } } as Message,
  ];
  for (const m of messages) await writer.write(m);
  assert.equal(writes.length, messages.length, 'one write per message');
  const first = writes[0].toString('utf8');
  const body = JSON.stringify(messages[0]);
  assert.equal(first, `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  assert.notEqual(Buffer.byteLength(body), body.length, 'the test message has multi-byte characters');

  const input = new PassThrough();
  const reader = new StreamMessageReader(input);
  const read: Message[] = [];
  const done = new Promise<void>((resolve) => reader.listen((m) => read.push(m) === messages.length && resolve()));
  // Split at awkward places: inside the header, inside a multi-byte character.
  const all = Buffer.concat(writes);
  for (const cut of [[0, 7], [7, 40], [40, 61], [61, all.length]]) input.write(all.subarray(cut[0], cut[1]));
  await done;
  assert.deepEqual(read, messages);
  reader.dispose();
});

test('a write error is reported and the promise rejects', async () => {
  const sink = new Writable({
    write(_chunk, _encoding, callback) {
      callback(new Error('EPIPE'));
    },
  });
  sink.on('error', () => undefined);
  const writer = new SingleWriteMessageWriter(sink);
  const errors: unknown[] = [];
  writer.onError((e) => errors.push(e));
  await assert.rejects(writer.write({ jsonrpc: '2.0', id: 1, result: null } as Message), /EPIPE/);
  assert.ok(errors.length >= 1);
});

test('the reader: frames split anywhere, a bad header or body dropped and reading on at the next header, a frame over the limit skipped unread', async () => {
  const frame = (m: object) => {
    const json = JSON.stringify({ jsonrpc: '2.0', ...m });
    return Buffer.from(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
  };
  const input = new PassThrough();
  const reader = new FramedMessageReader(input);
  const read: unknown[] = [];
  const errors: string[] = [];
  reader.onError((e) => errors.push(e.message));
  reader.listen((m) => read.push((m as { id?: number }).id));
  const stream = Buffer.concat([
    frame({ id: 1, result: 'é😀'.repeat(50_000) }),
    Buffer.from('Content-Length: abc\r\n\r\n{}'),
    frame({ id: 2, result: null }),
    Buffer.from('Content-Length: 5\r\n\r\n{"a":'),
    Buffer.from('X-Other: 1\r\n\r\n'),
    frame({ id: 3, result: null }),
    Buffer.from(`Content-Length: ${MAX_MESSAGE_BYTES + 10}\r\n\r\n`),
  ]);
  // Cut everywhere a byte at a time near the start, then in 1,000-byte pieces.
  for (let i = 0; i < 64; i++) input.write(stream.subarray(i, i + 1));
  for (let i = 64; i < stream.length; i += 1000) input.write(stream.subarray(i, Math.min(stream.length, i + 1000)));
  // The oversized frame's body: discarded as it comes (the next frame starts after it).
  for (let sent = 0; sent < MAX_MESSAGE_BYTES + 10; sent += 16 * 1024 * 1024) input.write(Buffer.alloc(Math.min(16 * 1024 * 1024, MAX_MESSAGE_BYTES + 10 - sent), 0x20));
  input.write(frame({ id: 4, result: null }));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(read, [1, 2, 3, 4]);
  assert.equal(errors.length, 4, errors.join(' | '));
  assert.match(errors.join(' | '), /Content-Length \("Content-Length: abc"\).*not JSON.*"X-Other: 1".*Skipped a message of 268435466 bytes/);
  reader.dispose();
});

for (const [name, shutdownFirst, code] of [
  ['without a shutdown request', false, 1],
  ['after a shutdown request', true, 0],
] as const) {
  test(`the server exits with ${code} when its stdin ends ${name}`, async () => {
    const child = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const frame = (m: object) => {
      const json = JSON.stringify(m);
      return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    };
    child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    if (shutdownFirst) child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    const deadline = Date.now() + 10_000;
    while (!out.includes(shutdownFirst ? '"id":2' : '"id":1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.match(out, /"capabilities"/, 'initialize was answered');
    const exited = new Promise<number | null | 'still running'>((resolve) => {
      child.once('exit', (c) => resolve(c));
      setTimeout(() => resolve('still running'), 5000).unref();
    });
    child.stdin.end();
    const result = await exited;
    child.kill();
    assert.equal(result, code);
  });
}
