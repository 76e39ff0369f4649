/**
 * Why a job gets no cover art. It never leaves the cover-art module (a job without a cover still
 * delivers), so it is not one of the errors in errors.ts; its message is logged with URLs removed.
 */
export class CoverArtMissing extends Error {
  override readonly name = 'CoverArtMissing';

  /** `ordinary`: nothing went wrong, the source simply has no picture (most files): not worth a warning. */
  constructor(
    message: string,
    readonly ordinary = false,
  ) {
    super(message);
  }
}

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi;

/** Text safe to log: a URL (whose query may carry a signature or a token) becomes `<url>`. */
export function withoutUrls(text: string): string {
  return text.replace(URL_PATTERN, '<url>');
}
