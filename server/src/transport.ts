/**
 * The connection's reader and writer, chosen from the command line as vscode-languageserver chooses them
 * (--stdio, --node-ipc, --socket=N, --pipe=NAME; stdio's are ours, see stdioConnection.ts), with the LSP
 * lifecycle kept in front of the reader: vscode-languageserver answers every request whatever the state.
 */
import {
  createServerPipeTransport,
  createServerSocketTransport,
  DataCallback,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  RequestMessage,
} from 'vscode-languageserver/node';
import { SingleWriteMessageWriter, FramedMessageReader } from './stdioConnection';

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  stdio: boolean;
}

/** The transport the command line asks for, or undefined (vscode-languageserver then says what is missing). */
export function transportOf(argv: readonly string[] = process.argv.slice(2)): Transport | undefined {
  const value = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    return i < 0 ? undefined : argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
  };
  let pair: [MessageReader, MessageWriter] | undefined;
  if (argv.includes('--stdio')) pair = [new FramedMessageReader(process.stdin), new SingleWriteMessageWriter(process.stdout)];
  else if (argv.includes('--node-ipc')) pair = [new IPCMessageReader(process), new IPCMessageWriter(process)];
  else if (value('--socket') !== undefined) pair = createServerSocketTransport(Number(value('--socket')));
  else if (value('--pipe') !== undefined) pair = createServerPipeTransport(value('--pipe')!);
  if (!pair) return undefined;
  const [reader, writer] = pair;
  return { reader: new LifecycleGate(reader, writer), writer, stdio: argv.includes('--stdio') };
}

/**
 * The base protocol's lifecycle: before `initialize`, requests get ServerNotInitialized and notifications
 * are dropped; after `shutdown`, requests get InvalidRequest (a second `initialize` too). `exit` always
 * passes. Responses to the server's own requests pass.
 */
export class LifecycleGate implements MessageReader {
  private state: 'new' | 'running' | 'shut down' = 'new';

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
  ) {}

  get onError() {
    return this.reader.onError;
  }

  get onClose() {
    return this.reader.onClose;
  }

  get onPartialMessage() {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback) {
    return this.reader.listen((message) => {
      if (this.admits(message)) callback(message);
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  private admits(message: Message): boolean {
    if (Message.isRequest(message)) {
      if (this.state === 'new' && message.method !== 'initialize') return this.refuse(message, ErrorCodes.ServerNotInitialized, 'The server is not initialized yet: send initialize first.');
      if (this.state !== 'new' && message.method === 'initialize') return this.refuse(message, ErrorCodes.InvalidRequest, 'The server is initialized already.');
      if (this.state === 'shut down') return this.refuse(message, ErrorCodes.InvalidRequest, 'The server is shut down: only exit is accepted.');
      if (message.method === 'initialize') this.state = 'running';
      if (message.method === 'shutdown') this.state = 'shut down';
      return true;
    }
    if (Message.isNotification(message)) return message.method === 'exit' || this.state === 'running';
    return true;
  }

  private refuse(request: RequestMessage, code: number, text: string): false {
    void this.writer.write({ jsonrpc: '2.0', id: request.id, error: { code, message: text } } as Message).catch(() => undefined);
    return false;
  }
}
