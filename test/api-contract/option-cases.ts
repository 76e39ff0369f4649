/** The contract cases of the audio options: POST /jobs with each option and each way to break one, and a job showing its options. */
import type { ApiResponse } from '../../functions/api/responses.js';
import type { JobItem } from '../../functions/shared/tables/jobs.js';
import { apiEvent, type createApi, postJob } from '../unit/api/api-fixture.js';

type Api = ReturnType<typeof createApi>;
export interface OptionCase {
  name: string;
  method: string;
  path: string;
  status: number;
  code?: string;
  /** The field a 400 names. */
  field?: string;
  call: (api: Api) => Promise<ApiResponse>;
}

const post = (body: unknown) => (api: Api) => api.call(postJob(body));
const refused = (name: string, code: string, field: string, body: unknown): OptionCase => ({
  name,
  method: 'POST',
  path: '/jobs',
  status: 400,
  code,
  field,
  call: post(body),
});

export function optionCases(request: object, jobId: string, job: (overrides: Partial<JobItem>) => JobItem) {
  return [
    {
      name: 'a job with every option',
      method: 'POST',
      path: '/jobs',
      status: 202,
      call: post({ ...request, quality: 'V2', start: '0:01', end: 3, coverArt: false }),
    },
    refused('a quality the API does not know', 'INVALID_QUALITY', 'quality', { ...request, quality: '999' }),
    refused('a quality for opus', 'INVALID_QUALITY', 'quality', {
      ...request,
      format: 'opus',
      quality: '320',
    }),
    refused('a start that is no time', 'INVALID_TRIM', 'start', { ...request, start: '1:75' }),
    refused('an end before the start', 'INVALID_TRIM', 'end', { ...request, start: '1:30', end: 60 }),
    refused('a coverArt that is not a boolean', 'INVALID_FIELD', 'coverArt', { ...request, coverArt: 'no' }),
    {
      name: 'a job with its options',
      method: 'GET',
      path: `/jobs/${jobId}`,
      status: 200,
      call: (api: Api) => {
        api.items.set(
          jobId,
          job({ options: { quality: 'V2', startSeconds: 1, endSeconds: 3, coverArt: false } }),
        );
        return api.call(apiEvent({ method: 'GET', path: `/jobs/${jobId}` }));
      },
    },
  ] satisfies OptionCase[];
}
