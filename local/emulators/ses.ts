/** SES v2 on loopback: aws-ses-v2-local keeps every sent email and shows them in its web UI. */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { closeServer, LOOPBACK } from './listen.js';

// Loaded with require: the package is CommonJS, and ESM loaders disagree on what its default import is.
const require = createRequire(import.meta.url);
const sesLocal = require('aws-ses-v2-local') as typeof import('aws-ses-v2-local');
const sesStore = require('aws-ses-v2-local/dist/store.js') as typeof import('aws-ses-v2-local/dist/store.js');

export interface CapturedEmail {
  /** The recipients, comma-separated. */
  to: string;
  from: string;
  subject: string;
  html?: string;
  text?: string;
}

export interface SesEmulator {
  /** The SES API endpoint, which is also the email viewer's address. */
  endpoint: string;
  emails(): CapturedEmail[];
  stop(): Promise<void>;
}

export async function startSes(): Promise<SesEmulator> {
  // The package keeps its store in module state: start each stack with an empty mailbox.
  sesStore.clearStore();
  const server: Server = await sesLocal.default({ host: LOOPBACK, port: 0 });
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new Error('The SES emulator did not listen on a TCP port');
  return {
    endpoint: `http://${LOOPBACK}:${address.port}`,
    emails: () =>
      sesStore.getStoreReadonly().emails.map((email) => ({
        to: email.destination.to.join(', '),
        from: email.from,
        subject: email.subject,
        html: email.body.html,
        text: email.body.text,
      })),
    stop: () => closeServer(server),
  };
}
