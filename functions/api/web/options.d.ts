/** Types of options.js (plain JavaScript for the browser), for the TypeScript that tests it. */
export declare const MP3_QUALITIES: readonly string[];
export declare const DEFAULT_MP3_QUALITY: string;
export declare const MAX_TRIM_SECONDS: number;

export interface RequestOptions {
  quality?: string;
  start?: string;
  end?: string;
  coverArt?: false;
}

export declare function parseTrimPoint(text: string): number | undefined;
export declare function formatClock(seconds: number): string;
export declare function requestOptions(form: {
  format: string;
  quality?: string;
  start?: string;
  end?: string;
  coverArt: boolean;
}): { options: RequestOptions; error?: { field: string; message: string } };
export declare function describeOptions(
  format: string,
  options?: { quality?: string; startSeconds?: number; endSeconds?: number; coverArt?: boolean },
): string;
