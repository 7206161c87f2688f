/**
 * The --stdio transport with one write per message. vscode-jsonrpc's StreamMessageWriter writes the header
 * and the body of a message separately: two system calls, and for the client two reads, per answer — here
 * the header write cost as much as a 16 KB body. Reading stays vscode-jsonrpc's. What
 * vscode-languageserver does for its own --stdio is done here too (behaveAsStdio). Other transports
 * (--node-ipc, which VS Code uses, --socket, --pipe) are left to it.
 */
import { format } from 'node:util';
import { AbstractMessageWriter, Message, MessageWriter, StreamMessageReader } from 'vscode-languageserver/node';

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

/** Reader and writer for --stdio, or undefined for the other transports. */
export function stdioStreams(argv: readonly string[] = process.argv) {
  if (!argv.includes('--stdio')) return undefined;
  return { reader: new StreamMessageReader(process.stdin), writer: new SingleWriteMessageWriter(process.stdout) };
}

type RemoteConsole = { log(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void };

/**
 * What vscode-languageserver does for its own --stdio, on the connection made with stdioStreams(): console
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
