// Audio Sync's page: submits a job (POST /jobs) and follows it (GET /jobs/{jobId}); the job id lives in `?job=`.
// Every server-supplied string is written with textContent, never parsed as HTML.
import { describeOptions, formatClock, requestOptions } from './options.js';

const STEPS = ['QUEUED', 'VALIDATING', 'EXTRACTING', 'NOTIFYING'];
const FINAL = new Set(['DELIVERED', 'REJECTED', 'FAILED']);
const STATUS_TEXT = {
  QUEUED: 'Waiting in the queue…',
  VALIDATING: 'Checking the video…',
  EXTRACTING: 'Extracting the audio…',
  NOTIFYING: 'Sending the email…',
  DELIVERED: 'Done: the download link is on its way to your inbox.',
  REJECTED: 'This video cannot be converted.',
  FAILED: 'Something went wrong on our side.',
};
// Thumbnails are shown only from YouTube's image host, the one image origin the Content-Security-Policy allows.
const THUMBNAIL_ORIGIN = 'https://i.ytimg.com';
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 10000;

const $ = (id) => document.getElementById(id);
const form = $('job-form');
const jobSection = $('job');
// One Idempotency-Key per distinct request, so pressing submit again after a lost answer creates no second job.
const idempotencyKeys = new Map();
let pollTimer;
let lastStep;

function clearErrors() {
  for (const element of form.querySelectorAll('.error')) {
    element.hidden = true;
    element.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/** Shows a message under the field it is about (or above the button) and moves the focus there. */
function showError(field, message) {
  const input = field === 'format' ? form.querySelector('input[name="format"]:checked') : $(field);
  const slot = input && $(`${field}-error`) ? $(`${field}-error`) : $('form-error');
  slot.textContent = message;
  slot.hidden = false;
  if (input && slot.id !== 'form-error') {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

/** The POST /jobs body, with only the options that were set; `error` when an option breaks a rule. */
function requestBody() {
  const data = new FormData(form);
  const text = (name) => String(data.get(name) ?? '').trim();
  const body = { url: text('url'), email: text('email'), format: text('format') || 'mp3' };
  const { options, error } = requestOptions({
    format: body.format,
    quality: text('quality'),
    start: text('start'),
    end: text('end'),
    coverArt: $('coverArt').checked,
  });
  return { body: { ...body, ...options }, error };
}

/** Quality is an mp3 setting: for m4a and opus the select is disabled and a note says why. */
function syncQuality() {
  const mp3 = form.querySelector('input[name="format"]:checked')?.value === 'mp3';
  $('quality').disabled = !mp3;
  $('quality-note').hidden = mp3;
  $('quality-hint').hidden = !mp3;
  $('quality').setAttribute('aria-describedby', `${mp3 ? 'quality-hint' : 'quality-note'} quality-error`);
}

async function submit(event) {
  event.preventDefault();
  clearErrors();
  const { body, error } = requestBody();
  if (!body.url) return showError('url', 'Paste the link of the video.');
  if (!body.email) return showError('email', 'Enter the email address the link should go to.');
  if (error) return showError(error.field, error.message);
  const fingerprint = JSON.stringify(body);
  if (!idempotencyKeys.has(fingerprint)) idempotencyKeys.set(fingerprint, crypto.randomUUID());
  const button = $('submit');
  button.disabled = true;
  try {
    const response = await fetch('jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKeys.get(fingerprint) },
      body: fingerprint,
    });
    const answer = await response.json().catch(() => ({}));
    if (response.status === 202 && answer.jobId) {
      history.pushState(null, '', `?job=${encodeURIComponent(answer.jobId)}`);
      followJob(answer.jobId, true);
      return;
    }
    const error = answer.error ?? {};
    showError(error.field ?? 'form', error.message ?? `The request was refused (HTTP ${response.status}).`);
  } catch {
    showError('form', 'Could not reach Audio Sync. Check your connection and try again.');
  } finally {
    button.disabled = false;
  }
}

function renderSteps(status) {
  if (STEPS.includes(status)) lastStep = status;
  // A rejection is decided by the check (its email is sent after); a failure can stop any step.
  const stoppedAt = status === 'REJECTED' ? 'VALIDATING' : (lastStep ?? status);
  const reached = status === 'DELIVERED' ? STEPS.length : STEPS.indexOf(stoppedAt);
  $('steps').hidden = reached < 0;
  for (const item of $('steps').children) {
    const index = STEPS.indexOf(item.dataset.step);
    let state = 'pending';
    if (index < reached) state = 'done';
    else if (index === reached) state = FINAL.has(status) ? 'failed' : 'current';
    item.dataset.state = state;
    if (state === 'current') item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  }
}

function renderVideo(video) {
  if (!video) return;
  $('video').hidden = false;
  $('video-title').textContent = video.title;
  $('video-meta').textContent = [video.author, formatClock(Math.round(video.durationSeconds))]
    .filter(Boolean)
    .join(' · ');
  const thumbnail = $('thumbnail');
  let url;
  try {
    url = video.thumbnailUrl ? new URL(video.thumbnailUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (url && url.origin === THUMBNAIL_ORIGIN && !thumbnail.src) {
    thumbnail.src = url.href;
    thumbnail.hidden = false;
  }
}

function render(job) {
  renderSteps(job.status);
  renderVideo(job.video);
  $('job-options').hidden = !job.format;
  $('job-options').textContent = job.format ? describeOptions(job.format, job.options) : '';
  const percent =
    job.status === 'EXTRACTING' && typeof job.progress === 'number' ? Math.round(job.progress * 100) : 0;
  $('progress').value = percent;
  $('progress-text').textContent = `${percent} %`;
  const status = $('status');
  if (status.dataset.status !== job.status) {
    status.dataset.status = job.status;
    status.textContent = STATUS_TEXT[job.status] ?? job.status;
  }
  const reason = $('reason');
  reason.hidden = !job.reason;
  reason.textContent = job.reason ?? '';
  const title = job.video?.title ? ` · ${job.video.title}` : '';
  document.title = `${job.status === 'EXTRACTING' ? `${percent} %` : job.status.toLowerCase()}${title} · Audio Sync`;
}

async function poll(jobId, backoff) {
  let delay = POLL_MS;
  try {
    const response = await fetch(`jobs/${encodeURIComponent(jobId)}`, { cache: 'no-store' });
    if (response.status === 404) {
      $('status').textContent = 'There is no request with this id: the address may be wrong, or it expired.';
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const job = await response.json();
    render(job);
    if (FINAL.has(job.status)) return;
    backoff = POLL_MS;
  } catch {
    $('status').textContent = 'Connection lost; trying again…';
    $('status').dataset.status = '';
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    delay = backoff;
  }
  pollTimer = setTimeout(() => poll(jobId, backoff), delay);
}

function followJob(jobId, moveFocus) {
  clearTimeout(pollTimer);
  lastStep = undefined;
  form.hidden = true;
  jobSection.hidden = false;
  if (moveFocus) $('job-heading').focus();
  poll(jobId, POLL_MS);
}

function route() {
  const jobId = new URLSearchParams(location.search).get('job');
  if (jobId) return followJob(jobId, false);
  clearTimeout(pollTimer);
  jobSection.hidden = true;
  form.hidden = false;
  document.title = 'Audio Sync';
}

form.addEventListener('submit', submit);
form.addEventListener('change', (event) => {
  if (event.target.name === 'format') syncQuality();
});
syncQuality();
window.addEventListener('popstate', route);
route();
