/** The contract between the API, the queue, the state machine, the functions, the local stack and `ops`. */
export * from './arns.js';
export * from './audio-options.js';
export * from './errors.js';
export * from './formats.js';
export * from './job.js';
export * from './status-change.js';
export * from './statuses.js';
export * from './tasks.js';
