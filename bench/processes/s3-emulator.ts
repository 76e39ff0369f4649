/** The S3 emulator (fauxqs) in its own process, so its work and memory are not the extractor's. Prints its endpoint. */
import { buildApp } from 'fauxqs';

const app = buildApp({ logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ endpoint: address.replace('localhost', '127.0.0.1') })}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
