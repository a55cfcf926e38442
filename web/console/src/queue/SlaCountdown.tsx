import { Popover } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Clock } from '../api/views';
import { clocksOf, useCaseClocks } from '../case/case-data';
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

/** Every clock of a case, read from sla-monitor when first shown (a queue row carries only the open ones). */
const CaseClockList = ({ complaintId, open }: { complaintId: string; open: Clock[] }) => {
  const { t } = useTranslation();
  const all = useCaseClocks(complaintId);
  if (all.isPending) return <ClockList clocks={open} />;
  return all.data ? <ClockList clocks={clocksOf(all.data)} /> : <p className="muted">{t('case.noClocks')}</p>;
};

/**
 * The graded countdown to the deadline the case is held to; ticks each second while on screen (it
 * alone subscribes to the ticker, not its row). Hover (or focus) lists every clock of the case, met
 * ones too: given `complaintId` (a queue row, which carries only the open clocks) they are read then.
 * The popover is built on the first hover only: a scrolled queue mounts and unmounts many
 * countdowns, few are ever hovered.
 */
export const SlaCountdown = ({ clocks, fallbackDueAt, complaintId }: { clocks: Clock[]; fallbackDueAt: string | null; complaintId?: string }) => {
  const { t } = useTranslation();
  const now = useNow();
  const [armed, setArmed] = useState<false | 'hover' | 'focus'>(false);
  const badgeRef = useRef<HTMLSpanElement>(null);
  // Wrapped in the popover, the badge is a new element: keyboard focus stays on it.
  useEffect(() => {
    if (armed === 'focus') badgeRef.current?.focus();
  }, [armed]);
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
  const badge = (
    <span className={`sla sla-${grade}`} data-grade={grade} tabIndex={0} aria-label={`${t(`grades.${grade}`)} ${text}`} ref={badgeRef} onMouseEnter={armed ? undefined : () => setArmed('hover')} onFocus={armed ? undefined : () => setArmed('focus')}>
      <span className="sla-dot" aria-hidden />
      {grade !== 'none' && grade !== 'paused' && <strong>{t(`grades.${grade}`)} </strong>}
      {text}
    </span>
  );
  if (!armed) return badge;
  return (
    <Popover title={t('queue.clocks')} content={complaintId ? <CaseClockList complaintId={complaintId} open={clocks} /> : <ClockList clocks={clocks} />} mouseEnterDelay={0.3} defaultOpen>
      {badge}
    </Popover>
  );
};
