// Writes chunks to a file with backpressure, so a report of any size streams in constant memory.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export const writeChunks = async (
  file: string,
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> => {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const failed = once(stream, 'error').then(([error]) => {
    throw error;
  });
  try {
    for await (const chunk of chunks) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
    }
  } finally {
    stream.end();
  }
  await Promise.race([once(stream, 'finish'), failed]);
};
