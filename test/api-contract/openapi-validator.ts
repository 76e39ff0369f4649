/** Checks a real API response against the OpenAPI document: status, headers and body against its schemas (ajv, 2020-12). */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { OPENAPI_DOCUMENT } from '../../functions/api/openapi/document.js';
import type { ApiResponse } from '../../functions/api/responses.js';

type Json = Record<string, unknown>;
const document = JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)) as Json & {
  paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
  components: { responses: Record<string, Json>; schemas: Record<string, Json> };
};

const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
// The document is one schema resource, so refs like `#/components/schemas/Video` resolve inside it.
ajv.addKeyword('components');
ajv.addSchema({ $id: 'openapi', components: document.components });

function validatorFor(schema: Json) {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return ajv.compile(schema);
  const validate = ajv.getSchema(`openapi${ref}`);
  if (!validate) throw new Error(`The document has no ${ref}`);
  return validate;
}

/** The template a concrete path matches (`/jobs/abc` → `/jobs/{jobId}`). */
export function pathTemplate(path: string): string | undefined {
  return Object.keys(document.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path),
  );
}

export const documentedOperations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, operation]) =>
      Object.keys(operation.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`),
    ),
  );

/** Throws, saying what differs, when the response is not one the document describes for this request. */
export function checkResponse(method: string, path: string, response: ApiResponse): string {
  const template = pathTemplate(path);
  const status = String(response.statusCode);
  // An unknown path has no operation: its 404 is still the documented Error shape.
  let described: Json | undefined;
  if (template) {
    const operation = document.paths[template]![method.toLowerCase()];
    described = operation?.responses[status] ?? (status === '405' ? { $ref: 'MethodNotAllowed' } : undefined);
  } else if (status === '404') {
    described = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  if (!described)
    throw new Error(`${method} ${path} answered ${status}, which the document does not describe`);
  if (typeof described.$ref === 'string') {
    described = document.components.responses[described.$ref.split('/').pop()!]!;
  }

  for (const [name, header] of Object.entries((described.headers ?? {}) as Record<string, Json>)) {
    if (header.required && response.headers[name.toLowerCase()] === undefined) {
      throw new Error(`${method} ${path} ${status} lacks the ${name} header`);
    }
  }
  const content = described.content as Record<string, { schema: Json }> | undefined;
  if (!content) return `${method} ${template ?? '(unknown path)'} ${status}`;
  const mediaType = (response.headers['content-type'] ?? '').split(';')[0]!.trim();
  const media = content[mediaType];
  if (!media)
    throw new Error(`${method} ${path} ${status} is ${mediaType}; documented: ${Object.keys(content)}`);
  const body = mediaType === 'application/json' ? (JSON.parse(response.body) as unknown) : response.body;
  const validate = validatorFor(media.schema);
  if (!validate(body)) {
    throw new Error(`${method} ${path} ${status} body: ${ajv.errorsText(validate.errors)}\n${response.body}`);
  }
  return `${method} ${template ?? '(unknown path)'} ${status}`;
}

/** Whether a POST /jobs body is one the document's JobRequest schema allows. */
export function requestBodyErrors(body: unknown): string | undefined {
  const validate = validatorFor({ $ref: '#/components/schemas/JobRequest' });
  return validate(body) ? undefined : ajv.errorsText(validate.errors);
}
