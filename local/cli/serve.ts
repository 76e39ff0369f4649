/** `npm run serve`: the local stack on http://127.0.0.1:3000 until Ctrl-C, DynamoDB data kept in `.audio-sync/`. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run serve [-- --port N] [--persist-dir DIR]

  --port, -p        HTTP API port (default 3000; 0 picks a free one)
  --persist-dir     where DynamoDB data is kept (default .audio-sync)`;

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535 (got "${text}")`);
  return port;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        port: { type: 'string', short: 'p', default: '3000' },
        'persist-dir': { type: 'string', default: '.audio-sync' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 1;
    return;
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const port = parsePort(values.port!);
  const { startLocalStack } = await import('../index.js');
  const stack = await startLocalStack({ port, persistDir: values['persist-dir'] });
  // `npm run ops` finds this stack's endpoints and resource names here.
  const { removeStackFile, writeStackFile } = await import('../stack-file.js');
  const stackFile = join(values['persist-dir']!, 'stack.json');
  writeStackFile(stackFile, stack.resources);
  process.stdout.write(
    [
      'Audio Sync is running on this machine.',
      `  Web page      ${stack.apiUrl}/   (open it in a browser: paste a link, follow the job)`,
      `  HTTP API      ${stack.apiUrl}   (POST /jobs, GET /jobs/{jobId}, GET /download/{token})`,
      `  Emails        ${stack.sesUrl}   (every email the service sends)`,
      `  Step Functions ${stack.stepFunctionsUrl}   (AWS_ENDPOINT_URL_SFN for the AWS CLI/SDK)`,
      `  Data          ${values['persist-dir']}/ (DynamoDB; S3 objects, queues, executions and emails live in memory)`,
      `  Ops           npm run ops -- jobs   (finds this stack through ${stackFile})`,
      '',
      `Try: curl -s -X POST ${stack.apiUrl}/jobs -H 'content-type: application/json' \\`,
      `       -d '{"url":"https://www.youtube.com/watch?v=...","email":"you@example.com"}'`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = () => {
    // A second Ctrl-C leaves at once, without waiting for running work.
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write('\nStopping (Ctrl-C again to quit at once)…\n');
    removeStackFile(stackFile);
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
