/**
 * The --stdio transport. Writing: one write per message (vscode-jsonrpc's StreamMessageWriter writes the
 * header and the body separately: two system calls, and for the client two reads, per answer — here the
 * header write cost as much as a 16 KB body). Reading: vscode-jsonrpc's StreamMessageReader stops for good
 * at a header it cannot use (`Content-Length: abc`: every later message is read as garbage), so the reader
 * here drops such a frame, says so, and finds the next header. What vscode-languageserver does for its own
 * --stdio is done here too (behaveAsStdio). Other transports (--node-ipc, which VS Code uses, --socket,
 * --pipe) are vscode-jsonrpc's (transport.ts).
 */
import { format } from 'node:util';
import { AbstractMessageReader, AbstractMessageWriter, DataCallback, Disposable, Message, MessageReader, MessageWriter } from 'vscode-languageserver/node';

export class SingleWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (e: Error) => {
        this.fireError(e, message, ++this.errors);
        reject(e);
      };
      let json: string;
      try {
        json = JSON.stringify(message);
      } catch (e) {
        return fail(e as Error);
      }
      // Writes on one stream keep their order, so no queue is needed (vscode-jsonrpc's has an async encoder).
      this.out.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`, 'utf8', (e) => (e ? fail(e) : resolve()));
    });
  }

  end(): void {
    this.out.end();
  }
}

/**
 * Largest message read: a didOpen of a document at the analysis limit (32 M characters, JSON-escaped) fits;
 * a frame announcing more is skipped unread rather than buffered.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^content-length:[ \t]*(\d+)[ \t]*$/im;
/** Where a header may start again after a frame that could not be read (a body runs into the next header). */
const NEXT_HEADER = /content-length:/i;
const LONGEST_HEADER = 64 * 1024;

/**
 * LSP base-protocol frames (`Content-Length: N`, a blank line, N bytes of JSON) from a byte stream. A frame
 * whose header has no usable length, or whose body is not JSON, is reported (onError) and dropped; reading
 * goes on at the next `Content-Length:` header, so one bad frame costs one message, not the connection.
 */
export class FramedMessageReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the frame being read; -1 while reading a header. */
  private bodyLength = -1;
  /** Bytes still to discard of a frame too large to read. */
  private skipping = 0;
  /** After a frame that could not be read: looking for the next `Content-Length:`. */
  private resyncing = false;

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer) => this.onData(data, callback);
    const onError = (e: Error) => this.fireError(e);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('close', onClose);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('close', onClose);
    });
  }

  private onData(data: Buffer, callback: DataCallback): void {
    if (this.skipping) {
      const skipped = Math.min(this.skipping, data.length);
      this.skipping -= skipped;
      data = data.subarray(skipped);
      if (!data.length) return;
    }
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      while (this.bodyLength < 0) {
        const header = this.readHeader();
        if (header === 'wait') return;
      }
      // Waiting for the rest of the body: no copying until it is all there.
      if (this.buffered < this.bodyLength) return;
      const all = this.take(this.buffered);
      const body = all.subarray(0, this.bodyLength);
      this.keep(all.subarray(this.bodyLength));
      this.bodyLength = -1;
      let message: Message;
      try {
        message = JSON.parse(body.toString('utf8')) as Message;
      } catch (e) {
        this.fireError(new Error(`Dropped a message that is not JSON: ${(e as Error).message}`));
        continue;
      }
      callback(message);
    }
  }

  /** Reads one header block: `read` (bodyLength is set), `dropped` (look again), or `wait` for more bytes. */
  private readHeader(): 'read' | 'dropped' | 'wait' {
    let buffer = this.take(this.buffered);
    if (this.resyncing) {
      const next = NEXT_HEADER.exec(buffer.toString('latin1'));
      if (!next) {
        // Keep what could be the start of the next header.
        this.keep(buffer.subarray(Math.max(0, buffer.length - 'content-length:'.length)));
        return 'wait';
      }
      buffer = buffer.subarray(next.index);
      this.resyncing = false;
    }
    this.keep(buffer);
    const end = buffer.indexOf(HEADER_END);
    if (end < 0) {
      if (buffer.length <= LONGEST_HEADER) return 'wait';
      this.drop(buffer.subarray(1), 'a header longer than 64 KB');
      return 'dropped';
    }
    const header = buffer.subarray(0, end).toString('ascii');
    const length = CONTENT_LENGTH.exec(header);
    if (!length) {
      this.drop(buffer.subarray(end + HEADER_END.length), `a header without a valid Content-Length (${JSON.stringify(header.slice(0, 80))})`);
      return 'dropped';
    }
    this.keep(buffer.subarray(end + HEADER_END.length));
    const n = Number(length[1]);
    if (n > MAX_MESSAGE_BYTES) {
      this.fireError(new Error(`Skipped a message of ${n} bytes (the limit is ${MAX_MESSAGE_BYTES}).`));
      const rest = this.take(this.buffered);
      const skipped = Math.min(n, rest.length);
      this.keep(rest.subarray(skipped));
      // What is still to come of it, onData discards as it arrives.
      this.skipping = n - skipped;
      return this.skipping ? 'wait' : 'dropped';
    }
    this.bodyLength = n;
    return 'read';
  }

  /** Drops a frame that cannot be read; reading goes on at the next `Content-Length:` in `rest`. */
  private drop(rest: Buffer, what: string): void {
    this.fireError(new Error(`Dropped ${what}; reading on at the next header.`));
    this.keep(rest);
    this.resyncing = true;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    return all.subarray(0, n);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
  }
}

type RemoteConsole = { log(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void };

/**
 * What vscode-languageserver does for its own --stdio, on a connection made with our stdio reader and writer: console
 * output to the client's log, and exit when stdin ends, with 0 only after a shutdown request. It takes the
 * connection's one shutdown handler.
 */
export function behaveAsStdio(connection: { console: RemoteConsole; onShutdown(handler: () => void): unknown }): void {
  consoleToClient(connection.console);
  let shutdownReceived = false;
  connection.onShutdown(() => {
    shutdownReceived = true;
  });
  const exit = () => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
}

/** stdout carries the protocol: console output goes to the client's log instead. */
function consoleToClient(remote: RemoteConsole): void {
  console.log = (...args: unknown[]) => remote.log(format(...args));
  console.info = (...args: unknown[]) => remote.info(format(...args));
  console.debug = (...args: unknown[]) => remote.log(format(...args));
  console.warn = (...args: unknown[]) => remote.warn(format(...args));
  console.error = (...args: unknown[]) => remote.error(format(...args));
}
