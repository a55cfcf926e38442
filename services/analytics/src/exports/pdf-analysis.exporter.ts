import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { AnalysisDocument, AnalysisSection, AnalysisTable, BarChart, ChartSeries, LineChart } from './analysis-document';
import type { CjkFont } from './cjk-font';
import { displayText, type CellFormat } from './export-table';

type Pdf = PDFKit.PDFDocument;

const FONT = 'cjk';
const MARGIN = 48;
const SERIES_COLOURS = ['#2F5597', '#ED7D31', '#A5A5A5', '#70AD47', '#FFC000', '#5B9BD5'];
const INK = '#222222';
const GRID = '#D9D9D9';
const HEADER_FILL = '#DDEBF7';
const CHART_HEIGHT = 170;

const contentWidth = (doc: Pdf): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Pdf): number => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when the next block would not fit. */
const ensureRoom = (doc: Pdf, height: number): void => {
  if (doc.y + height > bottom(doc)) doc.addPage();
};

/** Shortens a label to fit a width at the current font size (chart axes and table cells never overflow). */
const fit = (doc: Pdf, text: string, width: number): string => {
  if (doc.widthOfString(text) <= width) return text;
  let shortened = text;
  while (shortened.length > 1 && doc.widthOfString(`${shortened}…`) > width) shortened = shortened.slice(0, -1);
  return `${shortened}…`;
};

/** The font file read once per process (the Noto collection is 19 MB; a pack run makes hundreds of PDFs). */
const fontFiles = new Map<string, Buffer>();
const fontFile = (path: string): Buffer => {
  let bytes = fontFiles.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fontFiles.set(path, bytes);
  }
  return bytes;
};

/**
 * The monthly analysis as a PDF (pdfkit): text in a CJK font embedded as a subset, tables drawn as
 * grids and charts as vector bars and lines — no browser. Resolves when the last byte was written.
 */
export const writeAnalysisPdf = (output: Writable, document: AnalysisDocument, font: CjkFont): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      info: { Title: document.title, Subject: document.subtitle, Creator: 'mallcare analytics' },
      bufferPages: false,
    });
    output.once('finish', () => resolve());
    output.once('error', reject);
    doc.once('error', reject);
    doc.pipe(output);
    try {
      doc.registerFont(FONT, fontFile(font.path), font.postscriptName);
      doc.font(FONT).fillColor(INK);
      doc.fontSize(18).text(document.title, { align: 'center' });
      doc.moveDown(0.2).fontSize(10).fillColor('#555555').text(document.subtitle, { align: 'center' }).fillColor(INK);
      doc.moveDown(0.8);
      for (const section of document.sections) drawSection(doc, section);
      drawFootnotes(doc, document.footnotes);
      doc.end();
    } catch (error) {
      reject(error);
      doc.end();
    }
  });

const drawSection = (doc: Pdf, section: AnalysisSection): void => {
  switch (section.kind) {
    case 'heading':
      ensureRoom(doc, 40);
      doc.moveDown(0.6).fontSize(13).text(section.text, doc.page.margins.left).moveDown(0.3);
      return;
    case 'paragraph':
      doc.fontSize(9.5).text(section.text, doc.page.margins.left, doc.y, { width: contentWidth(doc) }).moveDown(0.4);
      return;
    case 'table':
      drawTable(doc, section);
      return;
    case 'bar-chart':
      drawBarChart(doc, section);
      return;
    case 'line-chart':
      drawLineChart(doc, section);
      return;
    default: {
      const unexpected: never = section;
      throw new Error(`unknown section ${JSON.stringify(unexpected)}`);
    }
  }
};

const drawTable = (doc: Pdf, table: AnalysisTable): void => {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const weights = table.columns.map((column, index) => column.width ?? (index === 0 ? 2 : 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const widths = weights.map((weight) => (weight / total) * width);
  const rowHeight = 15;
  const headerHeight = 24;
  const drawHeader = () => {
    let x = left;
    const y = doc.y;
    doc.rect(left, y, width, headerHeight).fill(HEADER_FILL).fillColor(INK);
    doc.fontSize(7.5);
    table.columns.forEach((column, index) => {
      doc.text(fit(doc, column.headerZh, widths[index] - 4), x + 2, y + 3, { width: widths[index] - 4, lineBreak: false });
      doc.fillColor('#555555').text(fit(doc, column.headerEn, widths[index] - 4), x + 2, y + 13, { width: widths[index] - 4, lineBreak: false }).fillColor(INK);
      x += widths[index];
    });
    doc.y = y + headerHeight;
  };
  ensureRoom(doc, 22 + headerHeight + rowHeight * Math.min(3, Math.max(1, table.rows.length)));
  doc.fontSize(10.5).text(table.title, left, doc.y).moveDown(0.2);
  drawHeader();
  const rows = table.rows.length > 0 ? table.rows : [[table.emptyText ?? '无 (none)']];
  doc.fontSize(8);
  for (const values of rows) {
    if (doc.y + rowHeight > bottom(doc)) {
      doc.addPage();
      drawHeader();
      doc.fontSize(8);
    }
    const y = doc.y;
    let x = left;
    values.forEach((value, index) => {
      const column = table.columns[index];
      if (!column) return;
      const text = fit(doc, displayText(value, column.format), widths[index] - 4);
      doc.text(text, x + 2, y + 3.5, { width: widths[index] - 4, lineBreak: false, align: column.format === 'text' || column.format === 'datetime' ? 'left' : 'right' });
      x += widths[index];
    });
    doc.moveTo(left, y + rowHeight).lineTo(left + width, y + rowHeight).lineWidth(0.4).strokeColor(GRID).stroke();
    doc.y = y + rowHeight;
  }
  doc.x = left;
  doc.moveDown(0.8);
};

/** A round upper bound for the axis with four round steps: percentages up to 100 %, counts in steps of 1, 2, 2.5 or 5 × 10ⁿ (whole for integers). */
const axisMaximum = (values: readonly (number | null)[], format: CellFormat): number => {
  const highest = Math.max(0, ...values.filter((value): value is number => value !== null));
  if (format === 'percent') return highest <= 1 ? 1 : Math.ceil(highest * 10) / 10;
  if (highest === 0) return 4;
  const rawStep = highest / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  let step = ([1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= rawStep) ?? 10) * magnitude;
  if (format === 'integer') step = Math.max(1, Math.ceil(step));
  return step * 4;
};

interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
  maximum: number;
}

/** Title, legend, axis and grid lines; returns where the data goes. */
const drawChartFrame = (doc: Pdf, title: string, format: CellFormat, series: readonly ChartSeries[]): PlotArea => {
  ensureRoom(doc, CHART_HEIGHT + 60);
  const left = doc.page.margins.left;
  doc.fontSize(10.5).fillColor(INK).text(title, left, doc.y);
  const legendY = doc.y + 2;
  let legendX = left;
  doc.fontSize(7.5);
  series.forEach((entry, index) => {
    doc.rect(legendX, legendY + 1, 8, 8).fill(SERIES_COLOURS[index % SERIES_COLOURS.length]);
    doc.fillColor(INK).text(entry.name, legendX + 11, legendY, { lineBreak: false });
    legendX += 11 + doc.widthOfString(entry.name) + 14;
  });
  const maximum = axisMaximum(series.flatMap((entry) => entry.values), format);
  const area: PlotArea = { x: left + 44, y: legendY + 18, width: contentWidth(doc) - 48, height: CHART_HEIGHT - 40, maximum };
  for (let tick = 0; tick <= 4; tick++) {
    const value = (maximum * tick) / 4;
    const y = area.y + area.height - (area.height * tick) / 4;
    doc.moveTo(area.x, y).lineTo(area.x + area.width, y).lineWidth(0.4).strokeColor(tick === 0 ? '#808080' : GRID).stroke();
    doc.fillColor('#555555').fontSize(7).text(displayText(format === 'integer' ? Math.round(value) : value, format), left, y - 4, { width: 40, align: 'right', lineBreak: false });
  }
  doc.fillColor(INK);
  return area;
};

const yOf = (area: PlotArea, value: number): number => area.y + area.height - (Math.min(value, area.maximum) / area.maximum) * area.height;

const finishChart = (doc: Pdf, area: PlotArea): void => {
  doc.x = doc.page.margins.left;
  doc.y = area.y + area.height + 26;
};

const drawBarChart = (doc: Pdf, chart: BarChart): void => {
  const area = drawChartFrame(doc, chart.title, chart.format, chart.series);
  const groupWidth = area.width / Math.max(1, chart.categories.length);
  const barWidth = Math.min(24, (groupWidth * 0.75) / Math.max(1, chart.series.length));
  const barsWidth = barWidth * chart.series.length;
  chart.categories.forEach((category, categoryIndex) => {
    const groupX = area.x + categoryIndex * groupWidth + (groupWidth - barsWidth) / 2;
    chart.series.forEach((series, seriesIndex) => {
      const value = series.values[categoryIndex];
      if (value === null || value === undefined) return;
      const top = yOf(area, value);
      doc.rect(groupX + seriesIndex * barWidth, top, Math.max(0.5, barWidth - 1), area.y + area.height - top).fill(SERIES_COLOURS[seriesIndex % SERIES_COLOURS.length]);
    });
    doc.fillColor(INK).fontSize(7);
    doc.text(fit(doc, category, groupWidth - 2), area.x + categoryIndex * groupWidth + 1, area.y + area.height + 4, { width: groupWidth - 2, align: 'center', lineBreak: false });
  });
  finishChart(doc, area);
};

const drawLineChart = (doc: Pdf, chart: LineChart): void => {
  const area = drawChartFrame(doc, chart.title, chart.format, chart.series);
  const count = chart.labels.length;
  const xOf = (index: number): number => (count <= 1 ? area.x + area.width / 2 : area.x + (area.width * index) / (count - 1));
  chart.series.forEach((series, seriesIndex) => {
    const colour = SERIES_COLOURS[seriesIndex % SERIES_COLOURS.length];
    let drawing = false;
    series.values.forEach((value, index) => {
      if (value === null) {
        drawing = false;
        return;
      }
      if (drawing) doc.lineTo(xOf(index), yOf(area, value));
      else doc.moveTo(xOf(index), yOf(area, value));
      drawing = true;
    });
    doc.lineWidth(1.2).strokeColor(colour).stroke();
    series.values.forEach((value, index) => {
      if (value !== null) doc.circle(xOf(index), yOf(area, value), 1.6).fill(colour);
    });
  });
  // Label at most ~16 points along the axis so they stay legible.
  const every = Math.max(1, Math.ceil(count / 16));
  doc.fillColor(INK).fontSize(7);
  chart.labels.forEach((label, index) => {
    if (index % every !== 0 && index !== count - 1) return;
    doc.text(label, xOf(index) - 20, area.y + area.height + 4, { width: 40, align: 'center', lineBreak: false });
  });
  finishChart(doc, area);
};

const drawFootnotes = (doc: Pdf, footnotes: readonly string[]): void => {
  if (footnotes.length === 0) return;
  ensureRoom(doc, 60);
  const left = doc.page.margins.left;
  doc.moveDown(0.6).fontSize(10.5).fillColor(INK).text('指标定义与统计口径 (Definitions and counting rules)', left);
  doc.moveDown(0.3).fontSize(7.5).fillColor('#444444');
  footnotes.forEach((note, index) => doc.text(`${index + 1}. ${note}`, left, doc.y, { width: contentWidth(doc) }).moveDown(0.2));
  doc.fillColor(INK);
};
