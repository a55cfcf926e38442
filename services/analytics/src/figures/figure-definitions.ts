/**
 * The definitions of DOMAIN §9, written once: the functions in figures.ts compute exactly these, and
 * reports print them as footnotes. Change a definition here and in its function together.
 */
export const FIGURE_IDS = [
  'received',
  'handling-rate',
  'timeliness-rate',
  'callback-rate',
  'satisfaction-rate',
  'closure-rate',
  'data-completeness',
  'response-within-24h',
  'time-to-forward',
  'time-to-first-reply',
  'time-to-resolve',
  'time-to-callback',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

export interface FigureDefinition {
  id: FigureId;
  nameZh: string;
  nameEn: string;
  definition: string;
}

export const FIGURE_DEFINITIONS: Readonly<Record<FigureId, FigureDefinition>> = {
  received: {
    id: 'received',
    nameZh: '受理量',
    nameEn: 'Received',
    definition:
      'Cases whose receivedAt falls in the period in the mall\'s time zone: every registration of any kind (inquiries included), but a collective complaint counts once, as its collective case, and its members\' registrations are not counted again. A repeat of an open matter is no new case; it raises that case\'s repeat count.',
  },
  'handling-rate': {
    id: 'handling-rate',
    nameZh: '处理率',
    nameEn: 'Handling rate',
    definition:
      'Resolved / received. Resolved: the case\'s latest resolution stands (resolved and not reopened since), counted once however often it was resolved; an inquiry answered at the desk is resolved.',
  },
  'timeliness-rate': {
    id: 'timeliness-rate',
    nameZh: '及时率',
    nameEn: 'Timeliness rate',
    definition:
      'Cases whose every due clock was met on time / cases with a due clock. A clock is due once it was met, breached, or its deadline (moved by pauses and policy recomputes) has passed at the report time while running; a paused or not-yet-due clock is not counted yet. Met on time: met at or before its deadline. The one-month automatic upgrade to major is no target and is not counted.',
  },
  'callback-rate': {
    id: 'callback-rate',
    nameZh: '回访率',
    nameEn: 'Callback rate',
    definition:
      'Called back / resolved cases (inquiries answered at the desk are not called back and are left out). Called back: the callback of the case\'s latest resolution reached the customer, or ended unreachable after the attempts the policy requires (DOMAIN §8: the attempt is the callback; it does not count as satisfied).',
  },
  'satisfaction-rate': {
    id: 'satisfaction-rate',
    nameZh: '满意率',
    nameEn: 'Satisfaction rate',
    definition:
      '(Very satisfied + satisfied) / rated callbacks (DOMAIN §8), one rating per case: its latest reached callback. Unreachable callbacks are not rated and are left out; a reopened case counts with the rating of its final callback.',
  },
  'closure-rate': {
    id: 'closure-rate',
    nameZh: '结案率',
    nameEn: 'Closure rate',
    definition:
      'Closed / received. Closed: closed on its callback outcome (satisfied, or unreachable) and not reopened since; an inquiry is closed when answered at the desk.',
  },
  'data-completeness': {
    id: 'data-completeness',
    nameZh: '数据完整率',
    nameEn: 'Data completeness',
    definition:
      'Records with every field their stage requires / records. Always: case number, kind, category, complainant type, received time, channel (but a collective case, which has none of its own). Inquiry: who answered, closed. Once resolved: owning and handling department, handler, validity, responsibility unless verified invalid (an invalid case is not classified, so it has none to give), and severity if responsible. Once closed: how its callback ended (a reached callback always carries its rating).',
  },
  'response-within-24h': {
    id: 'response-within-24h',
    nameZh: '24小时响应率',
    nameEn: 'Response within 24 h',
    definition:
      'Cases whose first reply (a progress note, a proposed settlement or the resolution) came within 24 hours of receivedAt / cases replied to, or received more than 24 hours before the report time; inquiries left out. The group target is at least 95 % (DOMAIN §6).',
  },
  'time-to-forward': {
    id: 'time-to-forward',
    nameZh: '转派时长',
    nameEn: 'Time to forward',
    definition: 'From receivedAt to the first routing to the responsible department (the event that meets the forward clock), in minutes; average and 90th percentile over forwarded cases, inquiries left out.',
  },
  'time-to-first-reply': {
    id: 'time-to-first-reply',
    nameZh: '首次反馈时长',
    nameEn: 'Time to first reply',
    definition: 'From receivedAt to the first feedback to the customer (a progress note, a proposed settlement or the resolution, whichever came first), in minutes; average and 90th percentile, inquiries left out.',
  },
  'time-to-resolve': {
    id: 'time-to-resolve',
    nameZh: '处理时长',
    nameEn: 'Time to resolve',
    definition: 'From receivedAt to the final resolution (for a reopened case, the one that stands), in minutes; average and 90th percentile over resolved cases, inquiries left out.',
  },
  'time-to-callback': {
    id: 'time-to-callback',
    nameZh: '回访时长',
    nameEn: 'Time to callback',
    definition: 'From the final resolution to the end of its callback (reached or unreachable), in minutes; average and 90th percentile over called-back cases.',
  },
};

/** How cases are counted, the same in every report. */
export const COUNTING_RULES: readonly string[] = [
  'A case belongs to the period (day, ISO week, month) of its receivedAt on the wall clock of its mall\'s time zone, for ever; later events (a resolution or callback next month) update the figures of that period, never of the month they happen in.',
  'Reopened cases count once: received once, resolved only while the latest resolution stands, timed to the final resolution, rated by the final callback; the reopen count is shown beside.',
  'Inquiries are answered and closed at the desk: counted in received, resolved and closed; not called back, and left out of the time figures.',
  'Invalid and non-responsible cases are counted like every other case in every figure (they still get an explanation and a callback, DOMAIN §4); validity and responsibility are dimensions to split by.',
  'An unreachable callback (the policy\'s attempts failed) counts as called back and closes the case, but is not rated.',
  'A collective complaint is one matter and counts once in every figure (received, by channel and every other dimension, handling, timeliness, callback, satisfaction, closure, completeness, the times, the lists, the performance tables, the detail rows and the live gauges): the collective case intake raised is counted, with its own handling, clocks, callback and rating; the registrations that joined it are part of it and are not counted on their own. By channel it counts under its earliest member\'s channel (how the matter first reached the mall).',
  'Percentiles are nearest-rank: the 90th percentile is the value at rank ⌈0.9·n⌉ of the values in ascending order. A rate with no denominator is shown as no value, not 0 % or 100 %.',
];

/** The footnotes a report prints under its figures: each definition, then the counting rules. */
export const figureFootnotes = (ids: readonly FigureId[] = FIGURE_IDS): string[] => [
  ...ids.map((id) => `${FIGURE_DEFINITIONS[id].nameZh} (${FIGURE_DEFINITIONS[id].nameEn}): ${FIGURE_DEFINITIONS[id].definition}`),
  ...COUNTING_RULES,
];
