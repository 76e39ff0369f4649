/**
 * The local Step Functions endpoint: the AWS JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.<Op>`)
 * for the operations the service, its operators and the console's first calls use.
 */
import { createServer, type Server } from 'node:http';
import type { ExecutionStore } from './executions.js';
import { StepFunctionsError } from './errors.js';
import { OPERATIONS } from './operations.js';
import { RequestFields } from './request-fields.js';

const TARGET_PREFIX = 'AWSStepFunctions.';

export function createStepFunctionsServer(store: ExecutionStore): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) =>
        response
          .writeHead(status, { 'content-type': 'application/x-amz-json-1.0' })
          .end(JSON.stringify(body));
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX)
        ? OPERATIONS[target.slice(TARGET_PREFIX.length)]
        : undefined;
      if (request.method !== 'POST' || !operation) {
        return reply(400, {
          __type: 'UnknownOperationException',
          message: `Operation not supported locally: ${target}`,
        });
      }
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const body: unknown = text ? JSON.parse(text) : {};
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw new SyntaxError('not an object');
        reply(200, operation(store, new RequestFields(body as Record<string, unknown>)));
      } catch (error) {
        if (error instanceof StepFunctionsError) return reply(400, error.toBody());
        if (error instanceof SyntaxError) return reply(400, { __type: 'SerializationException' });
        reply(500, { __type: 'InternalFailure', message: String(error) });
      }
    });
  });
}
