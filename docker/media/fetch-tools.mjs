// Fetches the media tools into one folder at image build time: ffmpeg through the ffmpeg-static package
// (its install script), ffprobe from the same ffmpeg-static release (the package ships ffmpeg only), and
// the standalone yt-dlp binary, checked against the release's SHA2-256SUMS.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/* global process, fetch, Buffer, console */
const [outDir, ytdlpVersion] = process.argv.slice(2);
if (!outDir || !ytdlpVersion) {
  throw new Error('usage: node fetch-tools.mjs <output folder> <yt-dlp release tag, e.g. 2026.08.19>');
}
// From 2025.11.12 on yt-dlp solves YouTube's JS challenges with an external runtime (Lambda's node);
// older releases cannot download from YouTube any more, so the build refuses them.
const [year, month, day] = ytdlpVersion.split('.').map(Number);
if (year * 10000 + month * 100 + day < 20251112) {
  throw new Error(`yt-dlp ${ytdlpVersion} predates 2025.11.12 and cannot solve YouTube's challenges`);
}

const ARCH = {
  arm64: { node: 'arm64', ytdlp: 'yt-dlp_linux_aarch64' },
  x64: { node: 'x64', ytdlp: 'yt-dlp_linux' },
}[process.arch];
if (!ARCH) throw new Error(`unsupported architecture ${process.arch}`);

async function download(url) {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function install(name, bytes) {
  const path = join(outDir, name);
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
  console.log(
    `${name}: ${
      execFileSync(path, [name === 'yt-dlp' ? '--version' : '-version'])
        .toString()
        .split('\n')[0]
    }`,
  );
}

mkdirSync(outDir, { recursive: true });
const require = createRequire(join(process.cwd(), 'package.json'));

// ffmpeg: the package's own install script downloads the binary for this platform.
const ffmpegStaticDir = join(require.resolve('ffmpeg-static/package.json'), '..');
execFileSync(process.execPath, [join(ffmpegStaticDir, 'install.js')], {
  cwd: ffmpegStaticDir,
  stdio: 'inherit',
});
copyFileSync(require('ffmpeg-static'), join(outDir, 'ffmpeg'));
install('ffmpeg', readFileSync(join(outDir, 'ffmpeg')));

// ffprobe: the same release (same build, same version) that ffmpeg-static downloads from.
const settings = JSON.parse(readFileSync(join(ffmpegStaticDir, 'package.json'), 'utf8'))['ffmpeg-static'];
const release = settings['binary-release-tag'];
const ffprobeUrl = `https://github.com/eugeneware/ffmpeg-static/releases/download/${release}/ffprobe-linux-${ARCH.node}`;
// Newer releases publish gzipped binaries (what ffmpeg-static itself fetches); older ones plain files.
const ffprobe = await download(`${ffprobeUrl}.gz`).then(gunzipSync, () => download(ffprobeUrl));
install('ffprobe', ffprobe);

// yt-dlp: the self-contained build (the image has no Python), verified against the published checksums.
const ytdlpRelease = `https://github.com/yt-dlp/yt-dlp/releases/download/${ytdlpVersion}`;
const ytdlp = await download(`${ytdlpRelease}/${ARCH.ytdlp}`);
const sums = (await download(`${ytdlpRelease}/SHA2-256SUMS`)).toString();
const expected = sums
  .split('\n')
  .map((line) => line.trim().split(/\s+/))
  .find(([, file]) => file === ARCH.ytdlp)?.[0];
const actual = createHash('sha256').update(ytdlp).digest('hex');
if (expected !== actual)
  throw new Error(`${ARCH.ytdlp} checksum mismatch: expected ${expected}, got ${actual}`);
install('yt-dlp', ytdlp);
