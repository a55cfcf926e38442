import type { SteeringDictionary } from './steering-zh-CN';

/** The GM, HQ and administrator screens' labels in English (same keys as steering-zh-CN.ts). */
export const steeringEnUS: SteeringDictionary = {
  steerMenu: { today: 'Today', month: 'This month', rollup: 'Group roll-up', slaBoard: 'Live SLA board', packs: 'Monthly packs', policy: 'Organisation & rules', history: 'Policy history' },
  gm: {
    loadFailed: 'Could not load the data; refresh shortly',
    chooseMall: 'Choose a mall from the group roll-up',
    unclassified: 'Not graded',
    caseNumber: 'Case number',
    category: 'Category',
    department: 'Handling department',
    deadline: 'Nearest deadline',
    severity: 'Severity',
    status: 'Status',
    grade: 'Time limit',
    receivedAt: 'Received',
    today: {
      title: 'Today · {{mallId}}',
      openCases: 'Open cases',
      allOpen: 'All open',
      awaitingApproval: 'Awaiting my approval',
      byStatus: 'By status',
      bySeverity: 'By severity',
      breachedNow: 'Breached cases',
      noneBreached: 'No case is past its time limit',
      namedMe: 'Escalations and major-case notices to me',
      noneNamedMe: 'No escalation or notice has named you',
      noneAwaiting: 'No written reply awaits approval',
      writtenReply: 'written reply awaiting approval',
      majorCases: 'Major/critical cases and their report clocks ({{count}})',
      majorOrCritical: 'Major or critical',
      noneMajor: 'No major or critical case is open',
    },
    cases: { title: 'Open cases · {{mallId}}', backToToday: 'Back to Today' },
  },
};
