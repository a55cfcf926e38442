import type { AnalysisTable, BarChart, LineChart } from './analysis-document';
import { ID_NAMES, namesFromPolicy } from './export-labels';
import { rollupLines } from './hq-rollup.mapping';
import { monthlyAnalysisDocument } from './monthly-analysis.mapping';
import { sampleMonthlyReport, sampleRollup } from './test-support/report.fixture';

const tableTitled = (sections: ReturnType<typeof monthlyAnalysisDocument>['sections'], start: string): AnalysisTable => {
  const found = sections.find((section): section is AnalysisTable => section.kind === 'table' && section.title.startsWith(start));
  if (!found) throw new Error(`no table ${start}`);
  return found;
};

describe('the monthly analysis as content', () => {
  const report = sampleMonthlyReport();
  const document = monthlyAnalysisDocument(report, ID_NAMES);

  it('gives each rate this month, the previous month and last year, its parts, the change in points and its footnote', () => {
    const rates = tableTitled(document.sections, '比率');
    const handling = rates.rows.find((row) => row[0] === '处理率 Handling rate');
    const footnote = report.footnotes.findIndex((note) => note.startsWith('处理率 (')) + 1;
    expect(handling).toEqual([
      '处理率 Handling rate',
      36 / 40,
      30 / 35,
      null,
      '36/40',
      expect.closeTo((36 / 40 - 30 / 35) * 100, 10),
      null,
      footnote,
    ]);
    expect(footnote).toBeGreaterThan(0);
    expect(document.footnotes).toBe(report.footnotes);
  });

  it('names the compared months even when a period had no cases', () => {
    const chart = document.sections.find((section): section is BarChart => section.kind === 'bar-chart');
    expect(chart?.series.map((series) => series.name)).toEqual(['本月 2026-11', '上月 2026-10', '去年同期 2025-11']);
    const trend = document.sections.find((section): section is LineChart => section.kind === 'line-chart');
    expect(trend?.labels).toEqual(['2025-11', '2026-10', '2026-11']);
  });

  it('shows departments by their names from the policy, codes in Chinese, and lists overdue cases', () => {
    const names = namesFromPolicy({ malls: [{ id: 'SH01', departments: [{ id: 'operations', name: '营运部' }] }], staff: [] });
    const named = monthlyAnalysisDocument(report, names);
    expect(tableTitled(named.sections, '按处理部门').rows.map((row) => row[0])).toEqual(['营运部', '未知']);
    expect(tableTitled(named.sections, '按类别').rows.map((row) => row[0])).toEqual(['服务态度', '环境设施', '其他']);
    const overdue = tableTitled(named.sections, '超时案件');
    expect(overdue.rows).toHaveLength(1);
    expect(overdue.rows[0][0]).toBe('SH01-20261105-0003');
    expect(overdue.rows[0][5]).toBe('resolve ≤ 2026-11-07 11:00');
    expect(tableTitled(named.sections, '升级案件').rows).toEqual([]);
  });

  it('puts the group total first and the malls in rank order in HQ’s roll-up', () => {
    expect(rollupLines(sampleRollup()).map((line) => [line.rank, line.mallId])).toEqual([
      [null, '集团合计'],
      [1, 'SH01'],
      [2, 'SH02'],
    ]);
  });
});
