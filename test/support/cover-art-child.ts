/**
 * Runs prepareCoverArt in a process of its own (so NODE_EXTRA_CA_CERTS can make it trust a test CA) and
 * prints the cover's width and height as JSON, or `null`; the cover is removed before it exits.
 * Usage: tsx test/support/cover-art-child.ts <thumbnail URL> <SOURCE_PROXY_URL>
 */
import { execFileSync } from 'node:child_process';
import { prepareCoverArt } from '../../functions/shared/media/cover-art.js';

const [url = '', proxy] = process.argv.slice(2);
// No DNS leaves the machine: every name goes to the proxy, which resolves it (here: serves the fake).
const lookup = async (hostname: string) => {
  throw Object.assign(new Error(`no DNS in this test for ${hostname}`), { code: 'ENOTFOUND' });
};
const cover = await prepareCoverArt(
  { kind: 'thumbnail', url },
  { ffmpegPath: 'ffmpeg', config: { ALLOW_PRIVATE_SOURCES: false, SOURCE_PROXY_URL: proxy }, lookup },
);
if (!cover) {
  process.stdout.write('null\n');
} else {
  const probed = execFileSync('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json'],
    cover.path,
  ]).toString();
  await cover.cleanup();
  process.stdout.write(`${JSON.stringify(JSON.parse(probed).streams[0])}\n`);
}
