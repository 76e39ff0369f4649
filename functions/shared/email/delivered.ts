/** The email that carries the download link. */
import { FORMATS, type AudioFormat } from '../types.js';
import { renderEmail, type EmailContent } from './layout.js';
import { durationAsClock, periodInWords, sizeInWords } from './words.js';

export interface DeliveredEmailInput {
  title: string;
  author: string;
  durationSeconds: number;
  format: AudioFormat;
  bytes?: number;
  link: string;
  linkTtlHours: number;
}

export function deliveredEmail(input: DeliveredEmailInput): EmailContent {
  const formatName = FORMATS[input.format].ext.toUpperCase();
  const details: [string, string][] = [
    ['Title', input.title],
    ['Channel', input.author],
    ['Length', durationAsClock(input.durationSeconds)],
    ['Format', formatName],
  ];
  if (input.bytes !== undefined) details.push(['Size', sizeInWords(input.bytes)]);
  return renderEmail(`Your audio is ready: ${input.title}`, {
    heading: 'Your audio is ready',
    paragraphs: [`The audio of “${input.title}” is ready to download as ${formatName}.`],
    details,
    button: { label: `Download the ${formatName}`, href: input.link },
    after: [
      `This link works for ${periodInWords(input.linkTtlHours)}. After that, request the video again to get a new one.`,
      'Anyone with the link can download the file, so share it only with people you trust.',
    ],
  });
}
