import { existsSync } from 'node:fs';

/** Debian's fonts-noto-cjk; the collection holds several faces, so the simplified-Chinese one is named. */
export const DEFAULT_CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_CJK_FONT_NAME = 'NotoSansCJKsc-Regular';
export const CJK_FONT_VARIABLE = 'ANALYTICS_CJK_FONT';

export interface CjkFont {
  path: string;
  /** The face inside a .ttc/.otc collection; undefined for a single-face font file. */
  postscriptName?: string;
}

/**
 * The font the PDF draws Chinese text with: ANALYTICS_CJK_FONT as `path` or `path#PostscriptName`,
 * else Debian's Noto Sans CJK SC. Null when the file is missing: the PDF export is then unavailable.
 */
export const resolveCjkFont = (setting: string | undefined = process.env[CJK_FONT_VARIABLE]): CjkFont | null => {
  const [rawPath, rawName] = (setting?.trim() ? setting.trim() : `${DEFAULT_CJK_FONT_PATH}#${DEFAULT_CJK_FONT_NAME}`).split('#');
  const path = rawPath.trim();
  const isCollection = /\.(ttc|otc)$/i.test(path);
  const postscriptName = rawName?.trim() || (isCollection ? DEFAULT_CJK_FONT_NAME : undefined);
  return existsSync(path) ? { path, postscriptName } : null;
};

export const describeCjkFontSetting = (setting: string | undefined = process.env[CJK_FONT_VARIABLE]): string =>
  setting?.trim() ? `${CJK_FONT_VARIABLE}=${setting.trim()}` : `${DEFAULT_CJK_FONT_PATH} (Debian package fonts-noto-cjk; or set ${CJK_FONT_VARIABLE})`;
