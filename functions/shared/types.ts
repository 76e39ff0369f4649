/** The data contracts between the API, the queue, the state machine and the functions (see contract/). */
export {
  AUDIO_FORMATS,
  DEFAULT_FORMAT,
  FORMATS,
  renditionKey,
  type AudioFormat,
} from './contract/formats.js';
export type { JobRequest } from './contract/job.js';
export { JOB_STATUSES, type JobStatus } from './contract/statuses.js';
export type { MediaInfo, NotifyInput as NotifyRequest, Rendition, VideoSummary } from './contract/tasks.js';
