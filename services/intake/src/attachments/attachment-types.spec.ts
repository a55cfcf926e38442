import { sniffAttachmentType } from './attachment-types';

const withHeader = (header: number[] | string, size = 64): Buffer => {
  const bytes = Buffer.alloc(size);
  (typeof header === 'string' ? Buffer.from(header, 'latin1') : Buffer.from(header)).copy(bytes);
  return bytes;
};

/** A minimal ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]): Buffer => {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 16);
  box.writeUInt32BE(size, 0);
  box.write(`ftyp${major}\0\0\0\0${compatible.join('')}`, 4, 'latin1');
  return box;
};

describe('attachment types by their first bytes', () => {
  it.each([
    ['image/jpeg', withHeader([0xff, 0xd8, 0xff, 0xe0])],
    ['image/png', withHeader([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['image/webp', withHeader('RIFF\x24\x00\x00\x00WEBPVP8 ')],
    ['application/pdf', withHeader('%PDF-1.7\n')],
    ['image/heic', ftyp('heic', 'mif1', 'heic')],
    ['image/heic', ftyp('mif1', 'mif1', 'heic')],
  ])('%s', (type, bytes) => {
    expect(sniffAttachmentType(bytes)).toBe(type);
  });

  it.each([
    ['plain text', Buffer.from('just some text, named photo.jpg')],
    ['a GIF', withHeader('GIF89a')],
    ['an AVIF (ftyp without a HEVC brand)', ftyp('avif', 'mif1', 'avif')],
    ['an MP4 video', ftyp('isom', 'isom', 'mp41')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_, bytes) => {
    expect(sniffAttachmentType(bytes)).toBeNull();
  });
});
