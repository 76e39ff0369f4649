/**
 * The cover of an Ogg file: ffmpeg's ogg muxer embeds no pictures, so the picture goes in as the Vorbis
 * comment METADATA_BLOCK_PICTURE, a base64 FLAC PICTURE block (what players and ffmpeg's demuxer read).
 */

/** FLAC / ID3 picture type 3: front cover. */
const FRONT_COVER = 3;

/** Width and height from a JPEG's start-of-frame marker. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('coverArtPath: not a JPEG');
  let offset = 2;
  while (offset + 9 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) throw new Error('coverArtPath: a JPEG with a broken marker');
    const marker = jpeg[offset + 1]!;
    // SOF0..SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    }
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  throw new Error('coverArtPath: a JPEG without a frame header');
}

/** The FLAC PICTURE block of a JPEG, base64: type, MIME type, description, size, depth, colours, data. */
export function pictureBlock(jpeg: Buffer, description = 'Cover'): string {
  const { width, height } = jpegSize(jpeg);
  const mime = Buffer.from('image/jpeg', 'ascii');
  const text = Buffer.from(description, 'utf8');
  const u32 = (value: number) => {
    const field = Buffer.alloc(4);
    field.writeUInt32BE(value);
    return field;
  };
  return Buffer.concat([
    u32(FRONT_COVER),
    u32(mime.length),
    mime,
    u32(text.length),
    text,
    u32(width),
    u32(height),
    u32(24),
    u32(0),
    u32(jpeg.length),
    jpeg,
  ]).toString('base64');
}
