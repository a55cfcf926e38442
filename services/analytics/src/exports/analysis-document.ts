import type { CellFormat, CellValue } from './export-table';

/**
 * The monthly analysis (客诉月报分析) as plain content, rendered the same by the XLSX and the PDF
 * exporter: the mapping from a report decides what is said, the renderers only how it looks.
 */
export interface AnalysisDocument {
  title: string;
  subtitle: string;
  sections: AnalysisSection[];
  /** Every figure's definition and the counting rules (figureFootnotes()). */
  footnotes: string[];
}

export interface AnalysisTableColumn {
  headerZh: string;
  headerEn: string;
  format: CellFormat;
  width?: number;
}

export interface AnalysisTable {
  kind: 'table';
  title: string;
  columns: AnalysisTableColumn[];
  rows: CellValue[][];
  /** Shown when there are no rows, e.g. 无 (none). */
  emptyText?: string;
}

export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

/** Vertical bars per category, one bar per series (e.g. this month, previous month, last year). */
export interface BarChart {
  kind: 'bar-chart';
  title: string;
  format: CellFormat;
  categories: string[];
  series: ChartSeries[];
}

/** A line per series over ordered labels (e.g. cases received per day of the month). */
export interface LineChart {
  kind: 'line-chart';
  title: string;
  format: CellFormat;
  labels: string[];
  series: ChartSeries[];
}

export interface AnalysisHeading {
  kind: 'heading';
  text: string;
}

export interface AnalysisParagraph {
  kind: 'paragraph';
  text: string;
}

export type AnalysisSection = AnalysisHeading | AnalysisParagraph | AnalysisTable | BarChart | LineChart;
