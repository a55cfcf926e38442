import { Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Clock } from '../api/views';
import { formatDuration, formatTime } from '../common/time';
import { useNow } from '../common/ticker';
import { gradeOf } from './sla-grade';

/** Each clock: its kind, state and deadline, and why it is paused. */
export const ClockList = ({ clocks }: { clocks: Clock[] }) => {
  const { t } = useTranslation();
  if (clocks.length === 0) return <p className="muted">{t('case.noClocks')}</p>;
  return (
    <ul className="clock-list" data-testid="clock-list">
      {clocks.map((clock) => (
        <li key={clock.clockId}>
          {t(`clockKinds.${clock.kind}`, { defaultValue: clock.kind })} · {t(`clockStates.${clock.state}`)} · {t('case.deadline')} {formatTime(clock.dueAt)}
          {clock.pauseReason ? ` · ${t('queue.pausedReason', { reason: clock.pauseReason })}` : ''}
        </li>
      ))}
    </ul>
  );
};

/**
 * The graded countdown to the deadline the case is held to; ticks each second while on screen. Hover
 * (or focus) lists every clock of the case, met ones too: the queue row carries them all.
 */
export const SlaCountdown = ({ clocks, fallbackDueAt }: { clocks: Clock[]; fallbackDueAt: string | null }) => {
  const { t } = useTranslation();
  const now = useNow();
  const { grade, dueAt, clock } = gradeOf(clocks, fallbackDueAt, now);
  const remaining = dueAt ? Date.parse(dueAt) - now : 0;
  const text =
    grade === 'none'
      ? t('grades.none')
      : grade === 'paused'
        ? `${t('grades.paused')}${clock?.pauseReason ? ` · ${clock.pauseReason}` : ''}`
        : remaining < 0
          ? t('queue.overdueBy', { time: formatDuration(remaining, t('common.dayUnit')) })
          : t('queue.left', { time: formatDuration(remaining, t('common.dayUnit')) });
  return (
    <Popover title={t('queue.clocks')} content={<ClockList clocks={clocks} />} mouseEnterDelay={0.3}>
      <span className={`sla sla-${grade}`} data-grade={grade} tabIndex={0} aria-label={`${t(`grades.${grade}`)} ${text}`}>
        <span className="sla-dot" aria-hidden />
        {grade !== 'none' && grade !== 'paused' && <strong>{t(`grades.${grade}`)} </strong>}
        {text}
      </span>
    </Popover>
  );
};
