/** A loopback media server in its own process, serving the files named on the command line as /0, /1, ... Prints its URLs. */
import { startMediaServer } from '../../test/support/media.js';

const media = await startMediaServer();
const urls = process.argv.slice(2).map((file, index) => {
  media.serveFile(`/${index}`, file, 'audio/mp4');
  return media.url(`/${index}`);
});
process.stdout.write(`${JSON.stringify({ urls })}\n`);
const stop = () => void media.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
