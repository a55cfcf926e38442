import { DEFAULT_CJK_FONT_NAME, resolveCjkFont } from './cjk-font';
import { ID_NAMES } from './export-labels';
import { writeMonthlyAnalysisPdf, writeRollupPdf } from './report-exports';
import { BufferSink } from './buffer-sink';
import { sampleMonthlyReport, sampleRollup } from './test-support/report.fixture';

/** The value, or a test failure naming what was missing. */
const must = <T>(value: T | undefined | null, what: string): T => {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
};

const font = resolveCjkFont(undefined);

describe('PDF of the monthly analysis (pdfkit, CJK font)', () => {
  it('finds Debian’s Noto Sans CJK by default, a path#face setting, and nothing for a missing file', () => {
    expect(font).toEqual({ path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: DEFAULT_CJK_FONT_NAME });
    expect(resolveCjkFont('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular')).toEqual({
      path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
      postscriptName: 'NotoSerifCJKsc-Regular',
    });
    expect(resolveCjkFont('/nonexistent/font.ttc')).toBeNull();
  });

  it('writes a PDF with the CJK font embedded and vector charts', async () => {
    const output = new BufferSink();
    await writeMonthlyAnalysisPdf(output, sampleMonthlyReport(), ID_NAMES, must(font, 'CJK font'));
    const pdf = output.buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.includes(Buffer.from(DEFAULT_CJK_FONT_NAME))).toBe(true);
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  }, 30_000);

  it('writes the HQ roll-up analysis as a PDF too', async () => {
    const output = new BufferSink();
    await writeRollupPdf(output, sampleRollup(), must(font, 'CJK font'));
    expect(output.buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 30_000);

  it('fails clearly, not with a broken file, when the font cannot be read', async () => {
    const output = new BufferSink();
    await expect(writeMonthlyAnalysisPdf(output, sampleMonthlyReport(), ID_NAMES, { path: '/nonexistent/font.ttc' })).rejects.toThrow();
  });
});
