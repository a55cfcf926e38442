/** What may be uploaded: photos (phones send HEIC), scanned letters and referral documents as PDF. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Types a preview can be made of (sharp's prebuilt libvips reads no HEIC: those are served as they are). */
export const PREVIEWABLE_TYPES: readonly AttachmentType[] = ['image/jpeg', 'image/png', 'image/webp'];

const ascii = (bytes: Buffer, from: number, to: number): string => bytes.subarray(from, to).toString('latin1');

/**
 * The type the file's own first bytes say it is, whatever name or Content-Type the client gave;
 * null for anything not in ATTACHMENT_TYPES.
 */
export const sniffAttachmentType = (bytes: Buffer): AttachmentType | null => {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  // ISO base media: [size]['ftyp'][major brand]; HEIC photos carry heic/heix/heim/heis (or mif1/msf1 with a HEVC brand later).
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length);
    const brands: string[] = [];
    for (let at = 8; at + 4 <= boxSize; at += at === 8 ? 8 : 4) brands.push(ascii(bytes, at, at + 4));
    if (brands.some((brand) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(brand))) return 'image/heic';
  }
  return null;
};
