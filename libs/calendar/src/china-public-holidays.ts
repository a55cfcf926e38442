import type { NationalSchedule } from './national-schedule';

/**
 * Mainland China public holidays and adjusted working days (放假调休), one entry per State Council
 * notice. The notice for year Y is usually published in November of Y-1: to add a year, append one
 * entry below (with its source) and extend the year's expectations in china-public-holidays.spec.ts.
 */
export const CHINA_MAINLAND_SCHEDULE = {
  region: 'CN',
  years: [
    {
      year: 2025,
      source: {
        title: '国务院办公厅关于2025年部分节假日安排的通知',
        documentNumber: '国办发明电〔2024〕12号',
        issuedOn: '2024-11-12',
        verifiedAgainst: [
          'full text of the Xinhua release of 2024-11-12, in two independent reprints (a xinhuanet.com mirror and a news aggregator)',
          'github.com/awfe/ChinaWorkingDay 2025.json: working-day list derived independently, agrees date for date',
        ],
      },
      holidays: [
        { name: { zh: '元旦', en: "New Year's Day" }, daysOff: { from: '2025-01-01', to: '2025-01-01' }, adjustedWorkingDays: [] },
        {
          name: { zh: '春节', en: 'Spring Festival' },
          daysOff: { from: '2025-01-28', to: '2025-02-04' },
          adjustedWorkingDays: ['2025-01-26', '2025-02-08'],
        },
        { name: { zh: '清明节', en: 'Qingming Festival' }, daysOff: { from: '2025-04-04', to: '2025-04-06' }, adjustedWorkingDays: [] },
        { name: { zh: '劳动节', en: 'Labour Day' }, daysOff: { from: '2025-05-01', to: '2025-05-05' }, adjustedWorkingDays: ['2025-04-27'] },
        { name: { zh: '端午节', en: 'Dragon Boat Festival' }, daysOff: { from: '2025-05-31', to: '2025-06-02' }, adjustedWorkingDays: [] },
        {
          name: { zh: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' },
          daysOff: { from: '2025-10-01', to: '2025-10-08' },
          adjustedWorkingDays: ['2025-09-28', '2025-10-11'],
        },
      ],
    },
    {
      year: 2026,
      source: {
        title: '国务院办公厅关于2026年部分节假日安排的通知',
        issuedOn: '2025-11-04',
        verifiedAgainst: [
          'full text of the Xinhua release of 2025-11-04, as printed in 中山日报 (Zhongshan Daily) A01 of 2025-11-05 and two other reprints',
          'github.com/awfe/ChinaWorkingDay 2026.json: working-day list derived independently, agrees date for date',
        ],
      },
      holidays: [
        { name: { zh: '元旦', en: "New Year's Day" }, daysOff: { from: '2026-01-01', to: '2026-01-03' }, adjustedWorkingDays: ['2026-01-04'] },
        {
          name: { zh: '春节', en: 'Spring Festival' },
          daysOff: { from: '2026-02-15', to: '2026-02-23' },
          adjustedWorkingDays: ['2026-02-14', '2026-02-28'],
        },
        { name: { zh: '清明节', en: 'Qingming Festival' }, daysOff: { from: '2026-04-04', to: '2026-04-06' }, adjustedWorkingDays: [] },
        { name: { zh: '劳动节', en: 'Labour Day' }, daysOff: { from: '2026-05-01', to: '2026-05-05' }, adjustedWorkingDays: ['2026-05-09'] },
        { name: { zh: '端午节', en: 'Dragon Boat Festival' }, daysOff: { from: '2026-06-19', to: '2026-06-21' }, adjustedWorkingDays: [] },
        { name: { zh: '中秋节', en: 'Mid-Autumn Festival' }, daysOff: { from: '2026-09-25', to: '2026-09-27' }, adjustedWorkingDays: [] },
        {
          name: { zh: '国庆节', en: 'National Day' },
          daysOff: { from: '2026-10-01', to: '2026-10-07' },
          adjustedWorkingDays: ['2026-09-20', '2026-10-10'],
        },
      ],
    },
  ],
} as const satisfies NationalSchedule;
