// Reads a reply body up to a byte cap and then stops, so an endless or huge reply costs at most
// the cap in memory (spec §3.7); the rest is never read and the connection is dropped.

import type { Readable } from 'node:stream';

export async function readCappedBody(stream: Readable, cap: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const room = cap - size;
    if (chunk.length > room) {
      if (room > 0) chunks.push(chunk.subarray(0, room));
      size = cap;
      truncated = true;
      break; // leaving the loop destroys the stream, which closes the socket instead of draining it
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks, size), truncated };
}
