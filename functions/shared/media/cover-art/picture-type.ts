/** Which picture a byte string is, by its magic bytes: the type a server claims is only a first filter. */

/** ffmpeg's demuxer for each picture type we read; each reads one image and opens nothing else. */
export const PICTURE_DEMUXERS = {
  jpeg: 'jpeg_pipe',
  png: 'png_pipe',
  webp: 'webp_pipe',
} as const;
export type PictureType = keyof typeof PICTURE_DEMUXERS;

/** Content types a thumbnail may be served as. */
export const PICTURE_CONTENT_TYPE = /^image\/(jpeg|jpg|pjpeg|png|webp)\s*(;|$)/i;

export function pictureType(bytes: Uint8Array): PictureType | undefined {
  const starts = (offset: number, ...values: number[]) =>
    values.every((value, index) => bytes[offset + index] === value);
  if (starts(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  // RIFF....WEBP
  if (starts(0, 0x52, 0x49, 0x46, 0x46) && starts(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  return undefined;
}
