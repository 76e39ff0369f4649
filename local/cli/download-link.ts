/** Follows the link in the captured email as a recipient would, and saves the file. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { CapturedEmail } from '../index.js';

/** The first `<apiUrl>/download/<token>` link in the email's text or HTML. */
export function downloadLinkIn(email: CapturedEmail, apiUrl: string): string | undefined {
  const escaped = apiUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}/download/[A-Za-z0-9._~%-]+`);
  return pattern.exec(email.text ?? '')?.[0] ?? pattern.exec(email.html ?? '')?.[0];
}

/** GETs the link (following the redirect to the file) and writes the body to `directory/fileName`. */
export async function saveDownload(
  link: string,
  directory: string,
  fileName: string,
): Promise<{ path: string; bytes: number }> {
  const response = await fetch(link, { redirect: 'follow' });
  if (!response.ok || !response.body) {
    throw new Error(`The download link answered ${response.status} ${response.statusText}`);
  }
  await mkdir(directory, { recursive: true });
  const path = join(directory, fileName);
  let bytes = 0;
  const body = Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await pipeline(body, createWriteStream(path));
  return { path, bytes };
}
