/**
 * The one layout every email uses. Callers pass plain text only; this module escapes it for the HTML
 * part and writes the plain-text part from the same blocks, so neither can forget the other.
 */
import { escapeHtml, plainSubject } from './escape.js';

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export interface EmailBody {
  heading: string;
  /** Plain-text paragraphs, in order. */
  paragraphs: string[];
  /** Label/value facts shown as a small table (title, channel, length, ...). */
  details?: [label: string, value: string][];
  /** The one call to action. */
  button?: { label: string; href: string };
  /** Paragraphs after the button. */
  after?: string[];
}

/** Every email goes to whoever asked for it, so every email says how to read an unexpected one. */
const FOOTNOTE =
  'You got this email because this address was given when audio was requested from Audio Sync. If that was not you, you can ignore it.';

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TEXT_COLOR = 'color:#1f2933';
const MUTED_COLOR = 'color:#616e7c';

const paragraph = (text: string) =>
  `<p style="margin:0 0 16px;font-size:16px;line-height:24px;${TEXT_COLOR}">${escapeHtml(text)}</p>`;

function detailsTable(details: [string, string][]): string {
  const rows = details
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 16px 4px 0;font-size:14px;${MUTED_COLOR};white-space:nowrap;vertical-align:top">${escapeHtml(label)}</td>` +
        `<td style="padding:4px 0;font-size:14px;${TEXT_COLOR};word-break:break-word">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 20px;border-collapse:collapse">${rows}</table>`;
}

function button({ label, href }: { label: string; href: string }): string {
  return (
    `<p style="margin:8px 0 24px"><a href="${escapeHtml(href)}" ` +
    `style="display:inline-block;padding:12px 24px;background:#2563eb;color:#ffffff;font-size:16px;` +
    `font-weight:600;text-decoration:none;border-radius:6px">${escapeHtml(label)}</a></p>` +
    `<p style="margin:0 0 16px;font-size:13px;line-height:20px;${MUTED_COLOR}">` +
    `If the button does not work, copy this address into your browser:<br>` +
    `<span style="word-break:break-all">${escapeHtml(href)}</span></p>`
  );
}

function renderHtml(subject: string, body: EmailBody): string {
  const sections = [
    `<h1 style="margin:0 0 20px;font-size:22px;line-height:30px;${TEXT_COLOR}">${escapeHtml(body.heading)}</h1>`,
    ...body.paragraphs.map(paragraph),
    body.details?.length ? detailsTable(body.details) : '',
    body.button ? button(body.button) : '',
    ...(body.after ?? []).map(paragraph),
  ].join('');
  const footnote = `<p style="margin:24px 0 0;font-size:12px;line-height:18px;${MUTED_COLOR}">${escapeHtml(FOOTNOTE)}</p>`;
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f5f7fa;${FONT}">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5f7fa"><tr><td align="center" style="padding:32px 16px">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px">` +
    `<tr><td style="padding:32px;${FONT}">` +
    `<p style="margin:0 0 24px;font-size:14px;font-weight:700;letter-spacing:0.5px;color:#2563eb">Audio Sync</p>` +
    `${sections}${footnote}</td></tr></table></td></tr></table></body></html>`
  );
}

function renderText(body: EmailBody): string {
  const blocks = [
    body.heading,
    ...body.paragraphs,
    body.details?.length ? body.details.map(([label, value]) => `${label}: ${value}`).join('\n') : '',
    body.button ? `${body.button.label}:\n${body.button.href}` : '',
    ...(body.after ?? []),
    `--\n${FOOTNOTE}`,
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/** The subject on one line, the HTML part with every text escaped, and a plain-text part that reads alone. */
export function renderEmail(subject: string, body: EmailBody): EmailContent {
  const oneLineSubject = plainSubject(subject);
  return { subject: oneLineSubject, html: renderHtml(oneLineSubject, body), text: renderText(body) };
}
