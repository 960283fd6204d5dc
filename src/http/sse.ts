// Server-sent events parser following the WHATWG spec: any line ending, multi-line data, comments, chunks split anywhere.

export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/** Incremental parser: feed decoded text with `push`, call `end` when the stream closes. */
export class SseParser {
  private buffer = '';
  private skipLeadingLineFeed = false;
  private dataLines: string[] = [];
  private hasData = false;
  private eventType: string | undefined;
  private lastEventId: string | undefined;

  push(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    // A \r\n pair may be split across chunks: the \r already ended the line, so drop the \n.
    if (this.skipLeadingLineFeed && text.startsWith('\n')) text = text.slice(1);
    this.skipLeadingLineFeed = false;
    this.buffer += text;
    let start = 0;
    for (let index = 0; index < this.buffer.length; index++) {
      const character = this.buffer[index];
      if (character !== '\n' && character !== '\r') continue;
      const line = this.buffer.slice(start, index);
      if (character === '\r') {
        if (index + 1 === this.buffer.length) this.skipLeadingLineFeed = true;
        else if (this.buffer[index + 1] === '\n') index++;
      }
      start = index + 1;
      const event = this.processLine(line);
      if (event !== undefined) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Flushes a last event that was not followed by a blank line (lenient: the spec would drop it). */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer.length > 0) {
      const event = this.processLine(this.buffer);
      if (event !== undefined) events.push(event);
      this.buffer = '';
    }
    const last = this.dispatch();
    if (last !== undefined) events.push(last);
    return events;
  }

  private processLine(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.dataLines.push(value);
      this.hasData = true;
    } else if (field === 'event') {
      this.eventType = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.lastEventId = value;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const hasData = this.hasData;
    const event: SseEvent = { data: this.dataLines.join('\n') };
    if (this.eventType !== undefined && this.eventType !== '') event.event = this.eventType;
    if (this.lastEventId !== undefined) event.id = this.lastEventId;
    this.dataLines = [];
    this.hasData = false;
    this.eventType = undefined;
    return hasData ? event : undefined;
  }
}

/** Parses a stream of decoded text chunks into events. */
export async function* parseSseStream(chunks: AsyncIterable<string>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}
