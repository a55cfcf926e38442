import { toLocalDateTime } from '@mallcare/calendar';
import type { EscalationRung, NotificationKind } from '@mallcare/policy';
import type { NotificationAbout } from './notification-plan';

/** What every channel says, in zh-CN: the subject, plain text, Markdown for robots, and the case link. */
export interface RenderedMessage {
  subject: string;
  text: string;
  markdown: string;
  link: string;
  /** One short line for SMS templates and the inbox list. */
  summary: string;
}

export interface MessageInput {
  kind: NotificationKind;
  rung: EscalationRung;
  complaintId: string;
  caseNumber: string | null;
  mallName: string;
  timeZone: string;
  consoleBaseUrl: string;
  about: NotificationAbout;
}

const KIND_TITLES: Record<NotificationKind, string> = {
  warning: '时限预警',
  escalation: '超时升级',
  'major-notice': '重大/严重投诉通报',
  collective: '集体投诉通报',
  'media-risk': '媒体风险通报',
  'callback-due': '待回访',
  dissatisfied: '回访不满意',
};

const RUNG_NAMES: Record<EscalationRung, string> = {
  handler: '处理人',
  'department-manager': '部门经理',
  director: '总监',
  'mall-gm': '商场总经理',
  'group-hq': '集团总部',
  marketing: '市场部（危机公关）',
};

/** The seed's clocks by name; a clock the group adds later shows its own id. */
const CLOCK_NAMES: Record<string, string> = {
  'forward-to-responsible': '转交责任人',
  'first-reply': '首次答复',
  'resolve-general': '投诉处理',
  'business-affected': '影响营业投诉处理',
  'reply-outside-cause': '外部原因答复',
  'reply-equipment': '设备问题答复',
  'anchor-store-request': '主力店诉求答复',
  'identify-responsibility': '当天鉴别责任',
  'major-to-gm-same-day': '重大投诉当天呈送总经理',
  'major-to-hq-next-day': '重大投诉次日内报告集团',
  callback: '回访',
  'callback-grumbling': '不满意顾客回访',
  'unresolved-upgrade': '一个月未解决升级',
};

const SATISFACTION_NAMES: Record<string, string> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  neutral: '一般',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
};

/** `2026/12/02 17:10` in the mall's time zone. */
export const formatDeadline = (instant: string, timeZone: string): string => {
  const local = toLocalDateTime(new Date(instant), timeZone);
  return `${local.date.replace(/-/g, '/')} ${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
};

const clockName = (kind: string | undefined): string => (kind ? (CLOCK_NAMES[kind] ?? kind) : '处理');

const whatHappened = (input: MessageInput, deadline: string | null): string => {
  const { about, rung } = input;
  const clock = clockName(about.clockKind);
  switch (input.kind) {
    case 'warning':
      return `「${clock}」时限将于 ${deadline ?? '—'} 到期${about.percent ? `（已过 ${about.percent}%）` : ''}，请尽快处理。`;
    case 'escalation':
      return (about.step ?? 0) === 0
        ? `「${clock}」时限已于 ${deadline ?? '—'} 到期未完成，按升级规则通知${RUNG_NAMES[rung]}。`
        : `「${clock}」时限 ${deadline ?? '—'} 到期后仍未完成，已升级至${RUNG_NAMES[rung]}。`;
    case 'major-notice':
      return '案件已定为重大/严重投诉：须当天呈送商场总经理，次日内报告集团（事件报告）。';
    case 'collective':
      return '集体投诉：须当天呈送商场总经理，次日内报告集团（事件报告）。';
    case 'media-risk':
      return '案件可能引起媒体关注：请启动危机公关。';
    case 'callback-due':
      return `案件已处理完毕，请责任部门在 ${deadline ?? '—'} 前完成回访。`;
    case 'dissatisfied':
      return `回访结果：顾客${SATISFACTION_NAMES[about.satisfaction ?? ''] ?? '不满意'}${about.solved === false ? '，问题未解决' : ''}；案件将重新处理，请责任部门跟进。`;
    default: {
      const unknownKind: never = input.kind;
      throw new Error(`unknown notification kind ${String(unknownKind)}`);
    }
  }
};

export const renderMessage = (input: MessageInput): RenderedMessage => {
  const caseNumber = input.caseNumber ?? input.complaintId;
  const link = `${input.consoleBaseUrl}/case/${input.complaintId}`;
  const deadline = input.about.dueAt ? formatDeadline(input.about.dueAt, input.timeZone) : null;
  const title = KIND_TITLES[input.kind];
  const subject = `【${input.mallName}】${title}：案件 ${caseNumber}`;
  const happened = whatHappened(input, deadline);
  const lines: [string, string][] = [
    ['案件编号', caseNumber],
    ['事由', happened],
    ...(deadline ? ([['时限', `${deadline}（${input.timeZone}）`]] as [string, string][]) : []),
    ['通知对象', RUNG_NAMES[input.rung]],
    ['查看案件', link],
  ];
  return {
    subject,
    text: `${lines.map(([label, value]) => `${label}：${value}`).join('\n')}\n\n此邮件由 mallcare 客诉系统自动发送，请勿直接回复。\n`,
    markdown: [`### ${subject}`, ...lines.slice(0, -1).map(([label, value]) => `- **${label}**：${value}`), `- [查看案件](${link})`].join('\n'),
    link,
    summary: `${title} ${caseNumber}：${happened}`,
  };
};
